"""Local mode's chat in the terminal: type as the user, see what the bot does, press buttons by number.

``await chat_in_terminal(control_url)`` follows the chat's events and prints them; inline and reply
keyboard buttons are listed as numbered choices (``[1] Yes  [2] No``) and typing the number presses one.
``/quit`` (or end of input) leaves. Input and output are injectable for tests.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.emulator.client import AsyncEmulatorClient

__all__ = ["Keypad", "chat_in_terminal", "render_event"]

ReadLine = Callable[[], Awaitable[str | None]]
Write = Callable[[str], None]


@dataclass
class Keypad:
    """The numbered buttons of the latest bot message that had any."""

    message_id: int = 0
    inline: bool = False
    buttons: list[dict[str, Any]] = field(default_factory=list)

    def update(self, event: dict[str, Any]) -> None:
        markup: dict[str, Any] = event.get("reply_markup") or {}
        if event["kind"] in ("message", "photo", "document") and "remove_keyboard" in markup:
            self.buttons = []
        rows = markup.get("inline_keyboard") or markup.get("keyboard")
        if rows:
            self.message_id, self.inline = int(event.get("message_id") or 0), "inline_keyboard" in markup
            self.buttons = [b if isinstance(b, dict) else {"text": b} for row in rows for b in row]
        elif event["kind"] == "edit" and event.get("message_id") == self.message_id and self.inline:
            self.buttons = []

    def labels(self) -> str:
        return "  ".join(f"[{i}] {b['text']}" for i, b in enumerate(self.buttons, 1))

    def choice(self, line: str) -> dict[str, Any] | None:
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            return self.buttons[int(line) - 1]
        return None


def render_event(event: dict[str, Any]) -> str | None:
    """One line for an event (``None`` for those not worth showing)."""
    kind = event["kind"]
    if kind == "message":
        return f"bot: {event['text']}"
    if kind == "edit":
        return f"bot (edited): {event.get('text') or event.get('caption') or ''}"
    if kind in ("photo", "document"):
        name = event.get("file_name") or kind
        caption = f": {event['caption']}" if event.get("caption") else ""
        return f"bot sent {kind} {name} ({event.get('file_size')} bytes){caption}"
    if kind == "callback_answer" and event.get("text"):
        return f"(notice) {event['text']}"
    if kind == "delete":
        return "(the bot deleted a message)"
    return None


async def _stdin_line() -> str | None:
    try:
        return await asyncio.get_running_loop().run_in_executor(None, input, "")
    except EOFError:
        return None


async def _follow(client: AsyncEmulatorClient, user_id: int, keypad: Keypad, write: Write) -> None:
    after = 0
    while True:
        for event in await client.events(user_id, after=after, wait=25):
            after = event["seq"]
            line = render_event(event)
            keypad.update(event)
            if line:
                write(line)
                if keypad.buttons and event.get("reply_markup"):
                    write("     " + keypad.labels())


async def _act(client: AsyncEmulatorClient, user_id: int, keypad: Keypad, line: str, name: str) -> None:
    button = keypad.choice(line)
    if button is None:
        await client.send_text(user_id, line, first_name=name)
    elif keypad.inline and "callback_data" in button:
        await client.press(user_id, keypad.message_id, button["callback_data"])
    else:
        await client.send_text(user_id, button["text"], first_name=name)


async def chat_in_terminal(
    control_url: str,
    user_id: int = 1,
    first_name: str = "You",
    read_line: ReadLine = _stdin_line,
    write: Write = print,
) -> None:
    """Chat with the bot as ``user_id`` until ``/quit`` or end of input."""
    keypad = Keypad()
    async with AsyncEmulatorClient(control_url) as client:
        follower = asyncio.create_task(_follow(client, user_id, keypad, write))
        write("Chatting with the bot locally. Type a message, a button number, or /quit.")
        try:
            while (line := await read_line()) is not None and line.strip() != "/quit":
                if line.strip():
                    await _act(client, user_id, keypad, line.strip(), first_name)
        finally:
            follower.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await follower
