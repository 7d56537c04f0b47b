"""BackCoach's own Telegram Bot API emulator.

An aiohttp app that speaks the real Bot API wire format (form, multipart and JSON requests; ``{"ok": ...}``
envelopes; long-polling ``getUpdates`` or webhook delivery; strict HTML parse mode; flood limits with 429
``retry_after``; 403 for a blocked user) plus a JSON control API under ``/control/`` that plays the users and
reads back what the bot did. Used for local mode, end-to-end tests and benchmarks. Nothing leaves 127.0.0.1.

Typical use::

    async with BotApiEmulator() as emu:                     # or: with EmulatorThread() as emu:
        app = ApplicationBuilder().token("123456:" + "A" * 35).base_url(emu.base_url) \
            .base_file_url(emu.base_file_url).build()
        client = AsyncEmulatorClient(emu.control_url)       # or the sync EmulatorClient
        await client.send_text(42, "/start")
        reply = (await client.wait_for(42, "message"))[-1]

Control API (JSON): ``POST /control/users/{id}/text|press|edit|sticker|photo|voice|location|document|block|unblock``
(text, press and edit take an optional ``chat_id``: a group the user is in), ``POST /control/groups`` (a group
or supergroup: ``chat_id`` < 0, ``title``, ``member_ids``, ``type``), ``POST /control/users`` (register chats in bulk),
``GET /control/chats/{id}/events?after=&wait=``,
``GET /control/chats/{id}/messages``, ``GET /control/files/{file_id}``, ``GET /control/stats``,
``POST /control/stats/reset``, ``GET|POST /control/config``, ``GET /control/commands``, ``POST /control/reset``.
Files the bot uploads (``sendPhoto``, ``sendDocument``, ``sendAnimation``, multipart) get a ``file_id`` that later
sends may name instead; ``/control/stats`` counts the uploads (``uploads``, ``uploads_by_kind``), each file
event says whether it was ``uploaded``, and ``POST /control/config {"fail_uploads": n}`` refuses the next n
uploads with 413 (a test's failed upload); ``{"fail_sends": n}`` answers the next n sends and edits with 500,
delivering nothing (a lost reply).
Run standalone with ``python -m botapi_emulator --port 8081``. Local mode's terminal chat is ``bot.local``.
"""

from botapi_emulator.client import (
    AsyncChatUser,
    AsyncEmulatorClient,
    ChatUser,
    EmulatorClient,
    EmulatorError,
    find_button,
    render_transcript,
)
from botapi_emulator.html import HtmlParseError, parse_html
from botapi_emulator.ratelimit import RateLimiter, TokenBucket
from botapi_emulator.server import BotApiEmulator
from botapi_emulator.thread import EmulatorThread

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
