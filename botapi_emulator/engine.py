"""The emulator's core: state, update queue, limits and stats, plus everything a *user* can do.

The Bot API methods (what the bot does) live in :mod:`botapi_emulator.methods` and operate on an
:class:`Engine`; the HTTP layers (:mod:`botapi_emulator.server`, :mod:`botapi_emulator.control`) only translate.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from typing import Any

from botapi_emulator.markup import inline_buttons
from botapi_emulator.ratelimit import RateLimiter
from botapi_emulator.state import GROUP_TYPES, Chat, Message, State, UpdateQueue, User
from botapi_emulator.stats import Stats
from botapi_emulator.webhook import WebhookDelivery
from botapi_emulator.wire import (
    BotIdentity,
    bot_added_update,
    command_entities,
    document_dict,
    member_update,
    message_dict,
    now,
    photo_sizes,
    user_dict,
)

__all__ = ["DEFAULT_BOT_ID", "ControlError", "Engine", "bot_id_from_token"]

DEFAULT_BOT_ID = 123456
_TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001e2262dd20000000049454e44ae426082"
)


class ControlError(Exception):
    """A control-API request that cannot be done (answered with ``status`` and ``{"error": ...}``)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def bot_id_from_token(token: str) -> int:
    """The bot's user id: the digits before the colon."""
    return int(token.split(":", 1)[0])


class Engine:
    """Everything the emulator knows, and the user-side actions."""

    def __init__(self, limiter: RateLimiter, latency: float = 0.0, token: str | None = None) -> None:
        self.limiter = limiter
        self.latency = latency
        self.state = State()
        self.queue = UpdateQueue()
        self.stats = Stats()
        self.bot = BotIdentity(bot_id_from_token(token) if token else DEFAULT_BOT_ID)
        self.commands: dict[str, dict[str, Any]] = {}
        self.webhook = WebhookDelivery(self.queue)
        self.poll_generation = 0
        self.poll_ended_by = ""
        self.failing_uploads = 0  # the next this many uploads are refused (a test's failed upload)
        self.failing_sends = 0  # the next this many sends and edits answer 500 (a test's lost reply)
        self.holds: dict[int, float] = {}  # chat id -> until when (monotonic) its sends get 429 (hold_chat)

    def hold_chat(self, chat_id: int, seconds: float) -> dict[str, Any]:
        """Answer every send to ``chat_id`` with 429 and the time left as ``retry_after`` for ``seconds``
        (Telegram holding one chat); 0 lifts a hold."""
        if seconds < 0:
            raise ControlError(400, "seconds must be >= 0")
        self.holds[chat_id] = time.monotonic() + seconds
        return {"chat_id": chat_id, "seconds": seconds}

    def held_for(self, chat_id: int) -> int:
        """Whole seconds (at least 1) left of a hold on ``chat_id``; 0 when it is not held."""
        until = self.holds.get(chat_id)
        left = until - time.monotonic() if until is not None else 0.0
        if left <= 0:
            self.holds.pop(chat_id, None)
            return 0
        return max(1, math.ceil(left))

    def set_token(self, token: str) -> None:
        """Follow the token of the latest request, so ``from`` of bot messages matches ``getMe``."""
        bot_id = bot_id_from_token(token)
        if bot_id != self.bot.id:
            self.bot = BotIdentity(bot_id)

    def reset(self) -> None:
        """Forget all chats, files, pending updates and counters (the webhook stays)."""
        self.state = State()
        self.queue.clear()
        self.stats = Stats()
        self.limiter.reset()
        self.failing_uploads = 0
        self.holds.clear()

    # ----- users and chats -------------------------------------------------------------------------

    def user_chat(self, user_id: int, **profile: Any) -> Chat:
        """The chat with ``user_id`` (created on first contact); non-None profile fields are updated."""
        fields = {key: value for key, value in profile.items() if value is not None}
        chat = self.state.chats.get(user_id)
        if chat is None:
            fields.setdefault("first_name", "Test")
            return self.state.chat_for(User(id=user_id, **fields))
        for key, value in fields.items():
            setattr(chat.user, key, value)
        return chat

    def register_users(self, user_ids: list[int], first_name: str | None = None) -> int:
        """Create chats without sending anything (for benchmarks that fan out to many users)."""
        for user_id in user_ids:
            self.user_chat(int(user_id), first_name=first_name)
        return len(user_ids)

    def chat(self, chat_id: int) -> Chat:
        chat = self.state.chats.get(chat_id)
        if chat is None:
            raise ControlError(404, f"no chat {chat_id}")
        return chat

    def create_group(self, chat_id: int, title: str, member_ids: list[int], chat_type: str = "group") -> dict[str, Any]:
        """A group (or supergroup) with these members; the first one adds the bot (a ``my_chat_member`` update)."""
        if not isinstance(chat_id, int) or chat_id >= 0:
            raise ControlError(400, "a group's chat_id must be a negative integer")
        if chat_id in self.state.chats:
            raise ControlError(400, f"chat {chat_id} already exists")
        if chat_type not in GROUP_TYPES:
            raise ControlError(400, f"type must be one of {sorted(GROUP_TYPES)}")
        if not isinstance(title, str) or not title.strip():
            raise ControlError(400, "title must be a non-empty string")
        if not member_ids or not all(isinstance(member, int) and member > 0 for member in member_ids):
            raise ControlError(400, "member_ids must be a non-empty list of user ids")
        members = [self.user_chat(member).user for member in member_ids]
        chat = self.state.add_group(chat_id, chat_type, title, members)
        update_id = self.queue.push("my_chat_member", bot_added_update(chat, self.bot, members[0]))
        return {"chat_id": chat_id, "update_id": update_id}

    def _chat_of(self, user_id: int, chat_id: int | None) -> Chat:
        """Where ``user_id`` acts: their private chat (``chat_id`` None or their own id) or a group they are in."""
        if chat_id is None or chat_id == user_id:
            return self.user_chat(user_id)
        chat = self.chat(chat_id)
        if chat.is_private or user_id not in chat.members:
            raise ControlError(400, f"user {user_id} is not a member of chat {chat_id}")
        return chat

    def _user_message(self, chat: Chat, kind: str, **fields: Any) -> dict[str, Any]:
        if chat.blocked:
            self.set_blocked(chat.id, False)  # writing to a blocked bot means pressing "Restart" first
        msg = Message(message_id=chat.next_message_id(), chat_id=chat.id, sender="user", date=now(), kind=kind)
        for key, value in fields.items():
            setattr(msg, key, value)
        chat.messages[msg.message_id] = msg
        update_id = self.queue.push("message", message_dict(msg, chat, self.bot))
        return {"update_id": update_id, "message_id": msg.message_id}

    # ----- what a user can do ----------------------------------------------------------------------

    def send_text(self, user_id: int, text: str, *, chat_id: int | None = None, **profile: Any) -> dict[str, Any]:
        """The user writes ``text`` in their private chat or in the group ``chat_id`` they are a member of
        (commands get a ``bot_command`` entity)."""
        if not isinstance(text, str) or not text.strip():
            raise ControlError(400, "text must be a non-empty string")
        self.user_chat(user_id, **profile)
        chat = self._chat_of(user_id, chat_id)
        from_id = None if chat.is_private else user_id
        return self._user_message(chat, "text", text=text, entities=command_entities(text), from_id=from_id)

    def edit_text(self, user_id: int, message_id: int, text: str, chat_id: int | None = None) -> dict[str, Any]:
        """The user edits their earlier text message: an ``edited_message`` update with ``edit_date``."""
        if not isinstance(text, str) or not text.strip():
            raise ControlError(400, "text must be a non-empty string")
        chat = self._chat_of(user_id, chat_id)
        msg = chat.messages.get(message_id)
        if msg is None or msg.sender != "user" or chat.sender(msg).id != user_id or msg.text is None:
            raise ControlError(400, f"no text message {message_id} of user {user_id} in chat {chat.id}")
        msg.text, msg.entities, msg.edit_date = text, command_entities(text), max(now(), msg.date)
        update_id = self.queue.push("edited_message", message_dict(msg, chat, self.bot))
        return {"update_id": update_id, "message_id": message_id}

    def send_sticker(self, user_id: int, emoji: str = "👍") -> dict[str, Any]:
        stored = self.state.add_file("sticker", b"RIFF\x00\x00\x00\x00WEBP", mime_type="image/webp")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": stored.size,
        }
        return self._user_message(self.user_chat(user_id), "sticker", media={"sticker": sticker})

    def send_photo(self, user_id: int, data: bytes | None = None, caption: str | None = None) -> dict[str, Any]:
        stored = self.state.add_file("photo", data or _TINY_PNG, mime_type="image/png")
        media = {"photo": photo_sizes(stored, 1280, 960)}
        return self._user_message(self.user_chat(user_id), "photo", media=media, caption=caption)

    def send_voice(self, user_id: int, duration: int = 3) -> dict[str, Any]:
        stored = self.state.add_file("voice", b"OggS" + bytes(60), mime_type="audio/ogg")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": stored.size,
        }
        return self._user_message(self.user_chat(user_id), "voice", media={"voice": voice})

    def send_location(self, user_id: int, latitude: float, longitude: float) -> dict[str, Any]:
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ControlError(400, "latitude/longitude out of range")
        location = {"latitude": float(latitude), "longitude": float(longitude)}
        return self._user_message(self.user_chat(user_id), "location", media={"location": location})

    def send_document(
        self,
        user_id: int,
        data: bytes = b"hello",
        file_name: str = "file.txt",
        mime_type: str = "text/plain",
        caption: str | None = None,
    ) -> dict[str, Any]:
        stored = self.state.add_file("document", data, file_name=file_name, mime_type=mime_type)
        media = {"document": document_dict(stored)}
        return self._user_message(self.user_chat(user_id), "document", media=media, caption=caption)

    def press(
        self, user_id: int, message_id: int, data: str, chat_id: int | None = None, *, forged: bool = False
    ) -> dict[str, Any]:
        """The user presses the inline button with ``callback_data == data`` under ``message_id``.

        The message is in the user's private chat, or in ``chat_id``: a group they are in, or (a forged
        press, as only a modified client could make) another user's private chat. ``forged``: any ``data`` (up
        to Telegram's 64 bytes), whatever the message's buttons say, as a modified client can send.
        """
        presser = self.chat(user_id).user
        chat = self.chat(user_id if chat_id is None else chat_id)
        if not chat.is_private and user_id not in chat.members:
            raise ControlError(400, f"user {user_id} is not a member of chat {chat.id}")
        msg = chat.messages.get(message_id)
        if msg is None or msg.sender != "bot":
            raise ControlError(400, f"no bot message {message_id} in chat {chat.id}")
        if forged and len(data.encode()) > 64:
            raise ControlError(400, "callback data is limited to 64 bytes")
        if not forged and not any(button.get("callback_data") == data for button in inline_buttons(msg.reply_markup)):
            raise ControlError(400, f"message {message_id} has no button with callback_data {data!r}")
        if chat.blocked and chat.id == user_id:
            self.set_blocked(chat.id, False)
        query_id = self.state.new_callback(chat.id, user_id)
        body = {
            "id": query_id,
            "from": user_dict(presser),
            "message": message_dict(msg, chat, self.bot),
            "chat_instance": chat.chat_instance,
            "data": data,
        }
        update_id = self.queue.push("callback_query", body)
        return {"update_id": update_id, "callback_query_id": query_id}

    def set_blocked(self, user_id: int, blocked: bool) -> dict[str, Any]:
        """Block or unblock the bot; emits ``my_chat_member`` when the status changes."""
        if user_id < 0:
            raise ControlError(400, "only a user can block the bot")
        chat = self.user_chat(user_id)
        if chat.blocked == blocked:
            return {"update_id": None, "blocked": blocked}
        chat.blocked = blocked
        update_id = self.queue.push("my_chat_member", member_update(chat, self.bot, blocked))
        return {"update_id": update_id, "blocked": blocked}

    # ----- what tests read ------------------------------------------------------------------------

    async def events(self, chat_id: int, after: int = 0, wait: float = 0.0) -> dict[str, Any]:
        """Events with ``seq > after`` in the chat, long-polling up to ``wait`` seconds for the first."""
        deadline = time.monotonic() + max(0.0, min(wait, 120.0))
        while True:
            chat = self.state.chats.get(chat_id)
            found = chat.events_after(after) if chat else []
            remaining = deadline - time.monotonic()
            if found or remaining <= 0:
                return {"events": found, "last_seq": len(chat.events) if chat else 0}
            if chat is None:
                await asyncio.sleep(min(remaining, 0.05))
            else:
                await chat.notifier.wait(remaining)

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The chat as shown now, oldest first."""
        chat = self.chat(chat_id)
        return [self.transcript_entry(chat, msg) for msg in chat.messages.values()]

    def transcript_entry(self, chat: Chat, msg: Message) -> dict[str, Any]:
        entry = {
            "message_id": msg.message_id,
            "sender": msg.sender,
            "date": msg.date,
            "kind": msg.kind,
            "text": msg.text,
            "caption": msg.caption,
            "entities": msg.entities,
            "parse_mode": msg.parse_mode,
            "reply_markup": msg.reply_markup,
            "edited": msg.edit_date is not None,
        }
        if msg.sender == "user" and not chat.is_private:
            entry["from_id"] = chat.sender(msg).id
        file_id = _file_id_of(msg)
        if file_id:
            entry["file_id"] = file_id
        if msg.kind == "location":
            entry["location"] = msg.media["location"]
        return entry

    def file_bytes(self, file_id: str) -> tuple[bytes, str]:
        stored = self.state.files.get(file_id) or self.state.files.get(re.sub(r"s$", "", file_id))
        if stored is None:
            raise ControlError(404, f"no file {file_id}")
        return stored.data, stored.mime_type or "application/octet-stream"

    def configure(self, **changes: Any) -> dict[str, Any]:
        """Change limits or latency at run time (a ``None`` rate disables that limit), refuse the next
        ``fail_uploads`` uploads, or answer the next ``fail_sends`` sends and edits with 500."""
        limits = {
            key: value for key, value in self.config().items() if key not in ("latency", "fail_uploads", "fail_sends")
        }
        limits |= {key: value for key, value in changes.items() if key in limits}
        RateLimiter(**limits)  # raises ValueError/TypeError on bad values, before anything changes
        latency = float(changes.get("latency", self.latency) or 0.0)
        if latency < 0:
            raise ValueError("latency must be >= 0")
        failing = int(changes.get("fail_uploads", self.failing_uploads))
        if failing < 0:
            raise ValueError("fail_uploads must be >= 0")
        failing_sends = int(changes.get("fail_sends", self.failing_sends))
        if failing_sends < 0:
            raise ValueError("fail_sends must be >= 0")
        for key, value in limits.items():
            setattr(self.limiter, key, value)
        self.limiter.reset()
        self.latency = latency
        self.failing_uploads = failing
        self.failing_sends = failing_sends
        return self.config()

    def config(self) -> dict[str, Any]:
        limiter = self.limiter
        return {
            "global_rate": limiter.global_rate,
            "global_burst": limiter.global_burst,
            "chat_rate": limiter.chat_rate,
            "chat_burst": limiter.chat_burst,
            "latency": self.latency,
            "fail_uploads": self.failing_uploads,
            "fail_sends": self.failing_sends,
        }


def _file_id_of(msg: Message) -> str | None:
    media = msg.media
    if "photo" in media:
        return str(media["photo"][-1]["file_id"])
    for kind in ("animation", "document", "sticker", "voice"):
        if kind in media:
            return str(media[kind]["file_id"])
    return None
