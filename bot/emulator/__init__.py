"""BackCoach's own Telegram Bot API emulator.

An aiohttp app that speaks the real Bot API wire format (form, multipart and JSON requests; ``{"ok": ...}``
envelopes; long-polling ``getUpdates`` or webhook delivery; strict HTML parse mode; flood limits with 429
``retry_after``; 403 for a blocked user) plus a JSON control API under ``/control/`` that plays the users and
reads back what the bot did. Used for local mode, end-to-end tests and benchmarks. Point PTB at it with
``ApplicationBuilder().base_url(emulator.base_url)``. Nothing leaves 127.0.0.1.
"""

from bot.emulator.client import (
    AsyncChatUser,
    AsyncEmulatorClient,
    ChatUser,
    EmulatorClient,
    EmulatorError,
    find_button,
    render_transcript,
)
from bot.emulator.html import HtmlParseError, parse_html
from bot.emulator.ratelimit import RateLimiter, TokenBucket
from bot.emulator.server import BotApiEmulator
from bot.emulator.thread import EmulatorThread

__all__ = [
    "AsyncChatUser",
    "AsyncEmulatorClient",
    "BotApiEmulator",
    "ChatUser",
    "EmulatorClient",
    "EmulatorError",
    "EmulatorThread",
    "HtmlParseError",
    "RateLimiter",
    "TokenBucket",
    "find_button",
    "parse_html",
    "render_transcript",
]
