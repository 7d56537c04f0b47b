"""Callback data: short strings prefixed by flow (`sess:done:12:3`), built and parsed in this one place.

Never trust what comes back: `parse` returns None for anything malformed, and each flow checks that the ids
in it belong to the user and to what is current (today's session, the question being asked).
Telegram allows at most 64 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEPARATOR = ":"
MAX_BYTES = 64
_PART = re.compile(r"^[A-Za-z0-9_.+-]*$")


@dataclass(frozen=True)
class Callback:
    """A parsed button press: which flow, which action, and its arguments."""

    flow: str
    action: str
    args: tuple[str, ...] = ()

    def int_arg(self, index: int) -> int | None:
        """Argument `index` as a whole number, or None if missing or not a number."""
        if index >= len(self.args):
            return None
        text = self.args[index]
        return int(text) if text.lstrip("-").isdigit() else None

    def arg(self, index: int) -> str | None:
        """Argument `index`, or None if missing."""
        return self.args[index] if index < len(self.args) else None


def make(flow: str, action: str, *args: object) -> str:
    """The callback data of a button."""
    parts = [flow, action, *(str(a) for a in args)]
    if not all(_PART.match(part) for part in parts):
        raise ValueError(f"callback parts may use letters, digits and _.+- only: {parts}")
    data = SEPARATOR.join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data longer than {MAX_BYTES} bytes: {data}")
    return data


def parse(data: str | None) -> Callback | None:
    """The button press, or None if the data is not ours or is malformed."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(SEPARATOR)
    if len(parts) < 2 or not all(_PART.match(part) for part in parts) or not parts[0] or not parts[1]:
        return None
    return Callback(flow=parts[0], action=parts[1], args=tuple(parts[2:]))


def pattern(flow: str, action: str | None = None) -> str:
    """A `CallbackQueryHandler` pattern matching the presses of one flow (and optionally one action)."""
    if action is None:
        return "^" + re.escape(flow + SEPARATOR)
    return "^" + re.escape(flow + SEPARATOR + action) + "(" + re.escape(SEPARATOR) + "|$)"
