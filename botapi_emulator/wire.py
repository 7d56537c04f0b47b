"""Builders for Telegram-shaped dicts (User, Chat, Message, Update bodies) from the emulator's state.

Only fields that are set are emitted, as the Bot API does; ``date`` is always integer seconds.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from botapi_emulator.html import utf16_len
from botapi_emulator.state import Chat, Message, StoredFile, User

__all__ = [
    "BotIdentity",
    "bot_added_update",
    "chat_dict",
    "command_entities",
    "document_dict",
    "gif_seconds",
    "image_size",
    "member_update",
    "message_dict",
    "now",
    "photo_sizes",
    "user_dict",
]

_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"(?<![A-Za-z0-9_@/])@[A-Za-z][A-Za-z0-9_]{3,31}\b")


@dataclass(frozen=True)
class BotIdentity:
    """Who the bot is: its id comes from the token prefix."""

    id: int
    first_name: str = "BackCoach"
    username: str = "backcoach_local_bot"

    def as_user(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    def get_me(self) -> dict[str, Any]:
        return {
            **self.as_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }


def now() -> int:
    """The current time as Telegram dates are: integer Unix seconds."""
    return int(time.time())


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def user_dict(user: User) -> dict[str, Any]:
    return _drop_none(
        {
            "id": user.id,
            "is_bot": False,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "username": user.username,
            "language_code": user.language_code,
        }
    )


def chat_dict(chat: Chat) -> dict[str, Any]:
    """A Chat object: a group or supergroup by its id, type and title; a private chat by its user's names."""
    if not chat.is_private:
        return {"id": chat.id, "type": chat.type, "title": chat.title}
    user = chat.user
    return _drop_none(
        {
            "id": user.id,
            "type": "private",
            "first_name": user.first_name,
            "last_name": user.last_name,
            "username": user.username,
        }
    )


def command_entities(text: str) -> list[dict[str, Any]]:
    """A ``bot_command`` entity when the text starts with a command, and a ``mention`` entity for each
    ``@username`` after it, as Telegram marks them in a user's message."""
    match = _COMMAND_RE.match(text)
    entities = [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}] if match else []
    start = match.end() if match else 0
    for mention in _MENTION_RE.finditer(text, start):
        offset = utf16_len(text[: mention.start()])
        entities.append({"type": "mention", "offset": offset, "length": utf16_len(mention.group())})
    return entities


def message_dict(msg: Message, chat: Chat, bot: BotIdentity, with_reply: bool = True) -> dict[str, Any]:
    """The wire form of ``msg`` as it is shown now."""
    sender = bot.as_user() if msg.sender == "bot" else user_dict(chat.sender(msg))
    body: dict[str, Any] = {
        "message_id": msg.message_id,
        "from": sender,
        "chat": chat_dict(chat),
        "date": msg.date,
    }
    if msg.edit_date is not None:
        body["edit_date"] = msg.edit_date
    if msg.text is not None:
        body["text"] = msg.text
        if msg.entities:
            body["entities"] = msg.entities
    if msg.caption is not None:
        body["caption"] = msg.caption
        if msg.entities:
            body["caption_entities"] = msg.entities
    body.update(msg.media)
    if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
        body["reply_markup"] = msg.reply_markup
    replied = chat.messages.get(msg.reply_to) if msg.reply_to else None
    if with_reply and replied is not None:
        body["reply_to_message"] = message_dict(replied, chat, bot, with_reply=False)
    return body


def photo_sizes(stored: StoredFile, width: int, height: int) -> list[dict[str, Any]]:
    """A PhotoSize array: a thumbnail and the full size, both pointing at the stored bytes."""
    small = max(1, min(width, 90)), max(1, min(height, 90))
    return [
        {
            "file_id": stored.file_id + "s",
            "file_unique_id": stored.file_unique_id + "s",
            "width": small[0],
            "height": small[1],
            "file_size": min(stored.size, 1024),
        },
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": width,
            "height": height,
            "file_size": stored.size,
        },
    ]


def document_dict(stored: StoredFile) -> dict[str, Any]:
    return _drop_none(
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": stored.file_name,
            "mime_type": stored.mime_type,
            "file_size": stored.size,
        }
    )


def member_update(chat: Chat, bot: BotIdentity, blocked: bool) -> dict[str, Any]:
    """A ``my_chat_member`` body for the user blocking (``kicked``) or unblocking (``member``) the bot."""
    member = {"status": "member", "user": bot.as_user()}
    kicked = {"status": "kicked", "user": bot.as_user(), "until_date": 0}
    old, new = (member, kicked) if blocked else (kicked, member)
    return {
        "chat": chat_dict(chat),
        "from": user_dict(chat.user),
        "date": now(),
        "old_chat_member": old,
        "new_chat_member": new,
    }


def bot_added_update(chat: Chat, bot: BotIdentity, by: User) -> dict[str, Any]:
    """A ``my_chat_member`` body for the bot being added to the group ``chat`` by the member ``by``."""
    return {
        "chat": chat_dict(chat),
        "from": user_dict(by),
        "date": now(),
        "old_chat_member": {"status": "left", "user": bot.as_user()},
        "new_chat_member": {"status": "member", "user": bot.as_user()},
    }


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, GIF or JPEG (a square default for anything else)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:4] == b"GIF8" and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    i = 2
    while data[:2] == b"\xff\xd8" and i + 9 < len(data):
        if data[i] != 0xFF:
            break
        marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return int.from_bytes(data[i + 7 : i + 9], "big"), int.from_bytes(data[i + 5 : i + 7], "big")
        i += 2 + length
    return 512, 512


def gif_seconds(data: bytes) -> int:
    """A GIF's running time in whole seconds (at least 1): the sum of its frames' delays (a rough read of the
    graphic control extensions, enough for an ``Animation``'s ``duration``)."""
    centiseconds, start = 0, 0
    while (found := data.find(b"\x21\xf9\x04", start)) != -1 and found + 6 <= len(data):
        centiseconds += int.from_bytes(data[found + 4 : found + 6], "little")
        start = found + 3
    return max(1, round(centiseconds / 100))
