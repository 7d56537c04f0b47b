"""In-memory state of the emulated Telegram: users, their private chats and group chats, messages, files, updates.

Everything is keyed by id in dicts, so each request costs O(1) whatever the number of chats. A chat keeps
its messages as they are shown now (after edits and deletions) and an append-only event log of what the
bot did there; per-chat sequence numbers index that log, so reading "events after N" is a slice.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DEFAULT_ALLOWED_UPDATES",
    "GROUP_TYPES",
    "PRIVATE",
    "Chat",
    "Message",
    "Notifier",
    "State",
    "StoredFile",
    "Update",
    "UpdateQueue",
    "User",
]

DEFAULT_ALLOWED_UPDATES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
    }
)


class Notifier:
    """Wake every waiter when something new happens (a generation-style ``asyncio.Event``)."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def notify(self) -> None:
        if self._event is not None:
            self._event.set()
            self._event = None

    async def wait(self, timeout: float) -> None:
        """Wait until the next ``notify`` or until ``timeout`` seconds pass."""
        if self._event is None:
            self._event = asyncio.Event()
        event = self._event
        # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation that races a wake-up
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await event.wait()


@dataclass
class User:
    """A Telegram user talking to the bot."""

    id: int
    first_name: str = "Test"
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "en"


@dataclass
class Message:
    """A message as currently shown in a chat (user's or bot's)."""

    message_id: int
    chat_id: int
    sender: str  # "user" | "bot"
    date: int
    kind: str  # text | photo | animation | document | sticker | voice | location
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    edit_date: int | None = None
    media: dict[str, Any] = field(default_factory=dict)  # extra wire fields: photo, document, sticker...
    reply_to: int | None = None
    from_id: int | None = None  # who wrote a user message in a group (None: the private chat's user)


@dataclass
class StoredFile:
    """A file sent by the bot or the user, kept with its bytes."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)


PRIVATE = "private"
GROUP_TYPES = frozenset({"group", "supergroup"})


@dataclass
class Chat:
    """A chat with the bot: the private chat with ``user``, or a group (negative id) that ``user`` created.

    A group has a ``type`` of ``group`` or ``supergroup``, a ``title`` and its ``members`` by user id.
    """

    user: User
    chat_instance: str
    blocked: bool = False
    messages: dict[int, Message] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    last_message_id: int = 0
    notifier: Notifier = field(default_factory=Notifier)
    type: str = PRIVATE
    group_id: int | None = None
    title: str | None = None
    members: dict[int, User] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return self.user.id if self.group_id is None else self.group_id

    @property
    def is_private(self) -> bool:
        return self.type == PRIVATE

    def sender(self, msg: Message) -> User:
        """The user who wrote ``msg`` (a user message): a group member, or the private chat's user."""
        return self.members.get(msg.from_id, self.user) if msg.from_id is not None else self.user

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id

    def add_event(self, kind: str, **fields: Any) -> dict[str, Any]:
        event = {"seq": len(self.events) + 1, "kind": kind, "time": time.time(), **fields}
        self.events.append(event)
        self.notifier.notify()
        return event

    def events_after(self, seq: int) -> list[dict[str, Any]]:
        return self.events[max(seq, 0) :]


@dataclass(frozen=True)
class Update:
    """One queued update: its id and its wire dict (which contains ``update_id``)."""

    update_id: int
    kind: str
    payload: dict[str, Any]


class UpdateQueue:
    """Pending updates in id order; confirmed ones are dropped from the left in amortised O(1)."""

    def __init__(self) -> None:
        self._items: deque[Update] = deque()
        self._ids = itertools.count(1)
        self.allowed: frozenset[str] = DEFAULT_ALLOWED_UPDATES
        self.notifier = Notifier()

    def __len__(self) -> int:
        return len(self._items)

    def push(self, kind: str, body: dict[str, Any]) -> int | None:
        """Queue an update of ``kind``; ``None`` when allowed_updates filters it out."""
        update_id = next(self._ids)
        if kind not in self.allowed:
            return None
        self._items.append(Update(update_id, kind, {"update_id": update_id, kind: body}))
        self.notifier.notify()
        return update_id

    def number_after(self, update_id: int) -> None:
        """Give the next updates ids above ``update_id`` (Telegram's ids only grow: a bot that stored the
        last run's updates must not meet their ids again)."""
        following = next(self._ids)
        self._ids = itertools.count(max(following, update_id + 1))

    def confirm(self, offset: int) -> None:
        """Forget updates below ``offset``; a negative offset keeps only the last ``-offset`` ones."""
        items = self._items
        if offset < 0:
            while len(items) > -offset:
                items.popleft()
            return
        while items and items[0].update_id < offset:
            items.popleft()

    def peek(self, limit: int) -> list[Update]:
        return list(itertools.islice(self._items, limit))

    def clear(self) -> None:
        self._items.clear()

    def set_allowed(self, kinds: Iterable[str] | None) -> None:
        kinds = list(kinds or [])
        self.allowed = frozenset(kinds) if kinds else DEFAULT_ALLOWED_UPDATES


class State:
    """Chats, files and pending callback queries."""

    def __init__(self) -> None:
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.callbacks: dict[str, tuple[int, int]] = {}  # callback_query_id -> (chat_id, presser), until answered
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._salt = secrets.token_hex(3)

    def chat_for(self, user: User) -> Chat:
        """The chat with ``user``, created on first contact; refreshes the user's profile fields."""
        chat = self.chats.get(user.id)
        if chat is None:
            instance = str(-((user.id * 2654435761 + 97) % (1 << 62)) - 1)
            chat = self.chats[user.id] = Chat(user=user, chat_instance=instance)
        else:
            chat.user = user
        return chat

    def add_group(self, chat_id: int, chat_type: str, title: str, members: list[User]) -> Chat:
        """A new group chat created by ``members[0]``, with every one of ``members`` in it."""
        instance = str(-((chat_id * 2654435761 + 89) % (1 << 62)) - 1)
        chat = Chat(
            user=members[0],
            chat_instance=instance,
            type=chat_type,
            group_id=chat_id,
            title=title,
            members={member.id: member for member in members},
        )
        self.chats[chat_id] = chat
        return chat

    def add_file(
        self, kind: str, data: bytes, file_name: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        number = next(self._file_ids)
        stored = StoredFile(
            file_id=f"emu{kind[:3].upper()}{number}x{self._salt}",
            file_unique_id=f"u{number}{self._salt}",
            kind=kind,
            data=data,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def new_callback(self, chat_id: int, presser_id: int) -> str:
        query_id = f"{next(self._callback_ids)}{self._salt}"
        self.callbacks[query_id] = (chat_id, presser_id)
        return query_id
