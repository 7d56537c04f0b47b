"""How a Telegram chat looks in a terminal: bot messages as text, buttons as numbered choices.

Pure functions and a small `Keyboard` value, so local mode's screen can be tested without a terminal:
- `to_plain(html_text)` turns the bot's HTML into readable text (bold becomes ANSI bold on a colour terminal);
- `Keyboard.from_markup(markup)` numbers the buttons; `Keyboard.choose(typed)` says which button a line presses.
A keyboard of numbers (the 0-10 pain scale) is pressed by typing the number shown on the button.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from string import ascii_lowercase
from typing import Any

_TAG = re.compile(r"<(/?)([a-zA-Z-]+)[^>]*>")
BOLD_ON, BOLD_OFF = "\033[1m", "\033[0m"


def to_plain(text: str, *, colour: bool = False) -> str:
    """The bot's HTML message as terminal text."""

    def tag(match: re.Match[str]) -> str:
        closing, name = match.group(1), match.group(2).lower()
        if colour and name in ("b", "strong"):
            return BOLD_OFF if closing else BOLD_ON
        return ""

    return html.unescape(_TAG.sub(tag, text))


@dataclass(frozen=True)
class Button:
    """One button: what it shows, and what pressing it does (callback data, or text sent for reply keys)."""

    label: str
    callback_data: str | None


@dataclass(frozen=True)
class Keyboard:
    """The buttons under one bot message, in reading order."""

    message_id: int
    buttons: tuple[Button, ...]
    inline: bool

    @classmethod
    def from_markup(cls, message_id: int, markup: Any) -> Keyboard | None:
        """The keyboard of a message's reply_markup (a dict or its JSON text), or None if it has no buttons."""
        if isinstance(markup, str):
            markup = json.loads(markup) if markup else None
        if not isinstance(markup, dict):
            return None
        rows = markup.get("inline_keyboard")
        inline = rows is not None
        if rows is None:
            rows = markup.get("keyboard")
        if not rows:
            return None
        buttons = tuple(_button(raw) for row in rows for raw in row)
        return cls(message_id=message_id, buttons=buttons, inline=inline)

    @property
    def numeric(self) -> bool:
        """True when some labels are whole numbers (a 0-10 scale): typing a number presses that button, and
        the other buttons (such as "Skip this question") are pressed by a letter."""
        return any(_is_number(b) for b in self.buttons)

    @property
    def shows_digits(self) -> bool:
        """True when a label has a digit in it (the reminder times "07:00"): typing a number then is an answer
        of its own ("7" means 07:00), never a press, so these buttons are lettered."""
        return any(any(ch.isdigit() for ch in b.label) for b in self.buttons)

    def _lettered(self) -> list[tuple[str, Button]]:
        return list(zip(ascii_lowercase, (b for b in self.buttons if not _is_number(b)), strict=False))

    def render(self) -> str:
        """The buttons as one or more lines of choices: numbers as themselves, other buttons numbered, or
        lettered when a typed number could mean something else."""
        if self.numeric:
            numbers = "  " + "  ".join(f"[{b.label.strip()}]" for b in self.buttons if _is_number(b))
            return "\n".join([numbers, *(f"  [{key}] {b.label}" for key, b in self._lettered())])
        if self.shows_digits:
            return "\n".join(f"  [{key}] {b.label}" for key, b in self._lettered())
        return "\n".join(f"  [{i}] {b.label}" for i, b in enumerate(self.buttons, start=1))

    def choose(self, typed: str) -> Button | None:
        """The button a typed line presses: its number, letter or exact label (on a numeric keyboard, a number
        is the label itself)."""
        typed = typed.strip()
        if self.numeric or self.shows_digits:
            found = next((b for b in self.buttons if _is_number(b) and b.label.strip() == typed), None)
            found = found or next((b for key, b in self._lettered() if key == typed.casefold()), None)
        elif typed.isdigit() and 1 <= int(typed) <= len(self.buttons):
            found = self.buttons[int(typed) - 1]
        else:
            found = None
        return found or next((b for b in self.buttons if b.label.strip().casefold() == typed.casefold()), None)


def _is_number(button: Button) -> bool:
    return button.label.strip().isdigit()


def _button(raw: Any) -> Button:
    if isinstance(raw, str):
        return Button(label=raw, callback_data=None)
    return Button(label=str(raw.get("text", "")), callback_data=raw.get("callback_data"))
