"""A seeded, bounded fuzzer that chats with the real bot process through the emulator, as hostile users would.

Each user runs a closed loop of random inputs over every flow: the buttons of the bot's latest message (which
drive onboarding, sessions, "It hurts", check-ins, /pain, /settings, /delete...), replayed buttons of older
messages, forged presses (random data, and data of every declared button shape with values out of range or
in range but not the user's), every command in the middle of any flow, random text (digits, words, HTML,
emoji, 4,096 characters, zero-width characters only), edits of earlier messages, stickers, photos, voice,
locations, documents, blocking and unblocking, and commands in a group.

**Every private input gets a reaction.** After each input the user presses a forged button that fits no shape
(the *marker*): updates of one user are handled in order, so everything the bot did between the input and
the marker's answer is the input's reaction (a reply, an edit, a button answered). Blocking, unblocking and
group messages expect none. Texts, names and some forged button data carry a canary word, which the bot's log
must never show.

`fuzz(control_url, users, inputs, seed)` returns a `FuzzReport`; the suite runs a few thousand inputs
(tests/e2e/test_fuzz.py), ``python -m bench.fuzz`` 50,000.
"""

from __future__ import annotations

import asyncio
import random
import string
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from botapi_emulator import AsyncEmulatorClient
from conversations.callbacks import SHAPES, Int, Token, Word
from conversations.texts.common import COMMANDS

CANARY = "zqxcanary"
#: Answers that mark the end of one input's reaction: data no button has.
MARKER_DATA = "fuzz:marker"
NOT_A_REACTION = frozenset({"chat_action"})
WAIT_SECONDS = 60.0
COMMAND_WORDS = [f"/{name}" for name, _ in COMMANDS] + ["/nosuch", "/", "/start deep-link", "/pain@OtherBot"]
TEXTS = [
    "0", "7", "10", "11", "99", "-3", "7/10", "seven", "yes", "no", "Not sure", "London", "Manchester",
    "Europe/Paris", "7:30", "18:00", "25:99", "mon wed fri", "help", "it hurts", "<b>bold</b> &amp; <i>",
    "*stars* _under_ `code`", "😀🔥💥", "مرحبا", "\u200b\u200c\u200d\ufeff", "\u200b" * 4096,
]


@dataclass
class FuzzReport:
    """What one run did: inputs sent, private inputs and how many of them got a reaction, seconds."""

    inputs: int = 0
    private_inputs: int = 0
    reactions: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: What each update was (update id -> kind and data), to find the input behind a line of the bot's log.
    trail: dict[int, str] = field(default_factory=dict)


@dataclass
class Sent:
    """One input: its kind, whether a private reaction is due, and for a press its query id."""

    kind: str
    private: bool = True
    query_id: str | None = None


@dataclass
class Chat:
    """What a fuzzing user knows of their chat: the bot's messages and buttons, their own texts, the cursor."""

    user_id: int
    cursor: int = 0
    buttons: dict[int, list[str]] = field(default_factory=dict)
    texts: list[int] = field(default_factory=list)
    group: int | None = None
    sent: int = 0  # inputs so far, markers included

    def see(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            if "message_id" in event and event["kind"] in ("message", "edit", "photo", "document"):
                self.buttons[int(event["message_id"])] = _callback_data(event.get("reply_markup"))

    def latest_message(self) -> int | None:
        return max(self.buttons) if self.buttons else None


def _callback_data(markup: dict[str, Any] | None) -> list[str]:
    rows = (markup or {}).get("inline_keyboard") or []
    return [str(button["callback_data"]) for row in rows for button in row if "callback_data" in button]


class Fuzzer:
    """Random hostile input, reproducible from ``seed``."""

    def __init__(self, client: AsyncEmulatorClient, seed: int) -> None:
        self.client, self.random = client, random.Random(seed)
        self.report = FuzzReport()
        self._actions: list[tuple[Callable[[Chat], Awaitable[Sent | None]], int]] = [
            (self.press_latest, 30), (self.replay, 6), (self.forge, 10), (self.forge_shaped, 8),
            (self.say_text, 16), (self.command, 14), (self.edit, 4), (self.media, 7), (self.block, 1),
            (self.in_group, 2),
        ]

    async def run(self, user_ids: list[int], inputs: int) -> FuzzReport:
        """About ``inputs`` inputs (markers included) shared among ``user_ids``, the users acting concurrently."""
        started = time.monotonic()
        share = [inputs // len(user_ids) + (i < inputs % len(user_ids)) for i in range(len(user_ids))]
        await asyncio.gather(*(self._user(Chat(uid), n) for uid, n in zip(user_ids, share, strict=True)))
        self.report.seconds = time.monotonic() - started
        return self.report

    async def _user(self, chat: Chat, inputs: int) -> None:
        await self._settle(chat, await self._say(chat, "/start"))
        while chat.sent < inputs:
            action = self.random.choices([a for a, _ in self._actions], [w for _, w in self._actions])[0]
            await self._settle(chat, await action(chat))

    # ------------------------------------------------------------------------------ reactions ---

    async def _settle(self, chat: Chat, sent: Sent | None) -> None:
        """Wait for the end of the input's reaction (the marker's answer) and count it."""
        if sent is None:
            return
        self._count(sent.kind)
        chat.sent += 1
        window = await self._until_marker(chat)
        if not sent.private:
            return
        self.report.private_inputs += 1
        reacted = [e for e in window if e["kind"] not in NOT_A_REACTION]
        if sent.query_id is not None:
            reacted = [e for e in reacted if e["kind"] != "callback_answer" or e["callback_query_id"] == sent.query_id]
        if reacted:
            self.report.reactions += 1
        else:
            self.report.missing.append(f"user {chat.user_id}: {sent.kind}")

    async def _until_marker(self, chat: Chat) -> list[dict[str, Any]]:
        """The events up to the marker's answer (the marker is an input too, and must be answered)."""
        message_id = chat.latest_message()
        if message_id is None:  # nothing to press yet: the first event is the reaction
            events = await self.client.events(chat.user_id, chat.cursor, wait=WAIT_SECONDS)
            return self._advance(chat, events)
        pressed = await self.client.press(chat.user_id, message_id, MARKER_DATA, forged=True)
        query_id = pressed["callback_query_id"]
        self.report.trail[int(pressed["update_id"])] = "marker"
        window: list[dict[str, Any]] = []
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            events = await self.client.events(chat.user_id, chat.cursor, wait=deadline - time.monotonic())
            for index, event in enumerate(events):
                if event["kind"] == "callback_answer" and event["callback_query_id"] == query_id:
                    self._advance(chat, events[: index + 1])
                    self._count("marker")
                    chat.sent += 1
                    self.report.private_inputs += 1
                    self.report.reactions += 1
                    return window + events[:index]
            window += self._advance(chat, events)
        self.report.missing.append(f"user {chat.user_id}: marker")
        return window

    def _advance(self, chat: Chat, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if events:
            chat.cursor = int(events[-1]["seq"])
            chat.see(events)
        return events

    def _count(self, kind: str) -> None:
        self.report.inputs += 1
        self.report.kinds[kind] = self.report.kinds.get(kind, 0) + 1

    # ---------------------------------------------------------------------------------- inputs ---

    async def _say(self, chat: Chat, text: str) -> Sent:
        sent = await self.client.send_text(chat.user_id, text, first_name=f"Fuzz {CANARY}")
        chat.texts.append(int(sent["message_id"]))
        self.report.trail[int(sent["update_id"])] = f"text {text[:60]!r}"
        return Sent("text")

    async def _press(self, chat: Chat, message_id: int, data: str, kind: str, forged: bool = False) -> Sent:
        pressed = await self.client.press(chat.user_id, message_id, data, forged=forged)
        self.report.trail[int(pressed["update_id"])] = f"{kind} {data!r} on message {message_id}"
        return Sent(kind, query_id=str(pressed["callback_query_id"]))

    async def press_latest(self, chat: Chat) -> Sent | None:
        with_buttons = [m for m, data in chat.buttons.items() if data]
        if not with_buttons:
            return await self.command(chat)
        message_id = max(with_buttons)
        return await self._press(chat, message_id, self.random.choice(chat.buttons[message_id]), "press")

    async def replay(self, chat: Chat) -> Sent | None:
        pairs = [(m, d) for m, data in chat.buttons.items() for d in data]
        if not pairs:
            return await self.say_text(chat)
        message_id, data = self.random.choice(pairs)
        return await self._press(chat, message_id, data, "replay", forged=True)

    async def forge(self, chat: Chat) -> Sent | None:
        message_id = chat.latest_message()
        if message_id is None:
            return await self.say_text(chat)
        pairs = [d for data in chat.buttons.values() for d in data] or ["sess:done:1:0"]
        return await self._press(chat, message_id, self._mutate(self.random.choice(pairs)), "forged", forged=True)

    async def forge_shaped(self, chat: Chat) -> Sent | None:
        message_id = chat.latest_message()
        if message_id is None:
            return await self.say_text(chat)
        flow = self.random.choice(list(SHAPES))
        action = self.random.choice(list(SHAPES[flow]))
        args = [self._value(f) for f in SHAPES[flow][action]]
        return await self._press(chat, message_id, ":".join([flow, action, *args]), "forged_shaped", forged=True)

    def _mutate(self, data: str) -> str:
        parts = data.split(":")
        choice = self.random.randrange(6)
        if choice == 0 and len(parts) > 2:
            wrong = self.random.choice(["99", "-1", "--4", "+3", "11", "", CANARY])
            parts[self.random.randrange(2, len(parts))] = wrong
        elif choice == 1:
            parts.append(self.random.choice(["1", "yes", "99"]))
        elif choice == 2:
            parts = parts[: self.random.randrange(1, len(parts) + 1)]
        elif choice == 3:
            parts[0] = self.random.choice([p.value for p in SHAPES])
        elif choice == 4:
            return "".join(self.random.choice(string.printable) for _ in range(self.random.randrange(1, 64)))
        else:
            return data + "9" * self.random.randrange(1, 30)
        return ":".join(parts)[:64]

    def _value(self, shape: Int | Word | Token) -> str:
        if isinstance(shape, Word):
            return self.random.choice(sorted(shape.words))
        if isinstance(shape, Int):
            near = self.random.randint(shape.low, min(shape.high, 500))
            return str(self.random.choice([shape.low, shape.high, near]))
        return self.random.choice(["0730", "2100", "20261204", "20200101", "Europe.London", "Nowhere.Town", "UTC"])

    async def say_text(self, chat: Chat) -> Sent:
        text = self.random.choice([*TEXTS, self._random_text()])
        return await self._say(chat, f"{text} {CANARY}" if self.random.random() < 0.5 and len(text) < 4000 else text)

    def _random_text(self) -> str:
        alphabet = string.printable + "éßж中😀\u200b\u202e"
        return "".join(self.random.choice(alphabet) for _ in range(self.random.randrange(1, 300))).strip() or "x"

    async def command(self, chat: Chat) -> Sent:
        return await self._say(chat, self.random.choice(COMMAND_WORDS))

    async def edit(self, chat: Chat) -> Sent | None:
        if not chat.texts:
            return await self.command(chat)
        message_id = self.random.choice(chat.texts)
        text = self.random.choice(["7", "/today", f"edit {CANARY}"])
        sent = await self.client.edit_text(chat.user_id, message_id, text)
        self.report.trail[int(sent["update_id"])] = f"edit {text!r}"
        return Sent("edit")

    async def media(self, chat: Chat) -> Sent:
        kind = self.random.choice(["sticker", "photo", "voice", "location", "document"])
        if kind == "sticker":
            sent = await self.client.send_sticker(chat.user_id)
        elif kind == "photo":
            sent = await self.client.send_photo(chat.user_id, caption=f"my back {CANARY}")
        elif kind == "voice":
            sent = await self.client.send_voice(chat.user_id)
        elif kind == "location":
            lat, lon = self.random.uniform(-90, 90), self.random.uniform(-180, 180)
            sent = await self.client.send_location(chat.user_id, lat, lon)
        else:
            sent = await self.client.send_document(chat.user_id, CANARY.encode(), "notes.txt")
        self.report.trail[int(sent["update_id"])] = kind
        return Sent(kind)

    async def block(self, chat: Chat) -> Sent:
        await self.client.block(chat.user_id)  # the marker press that follows unblocks, as "Restart" does
        return Sent("block", private=False)

    async def in_group(self, chat: Chat) -> Sent:
        if chat.group is None:
            chat.group = -chat.user_id
            await self.client.create_group(chat.group, f"Group {CANARY}", [chat.user_id])
        text = self.random.choice(["/start", "/pain", f"hello {CANARY}", "/help@BackCoachBot"])
        await self.client.send_text(chat.user_id, text, chat_id=chat.group)
        return Sent("group", private=False)


def fuzz(control_url: str, user_ids: list[int], inputs: int, seed: int) -> FuzzReport:
    """Run the fuzzer against the emulator at ``control_url`` (from synchronous code)."""

    async def run() -> FuzzReport:
        async with AsyncEmulatorClient(control_url) as client:
            return await Fuzzer(client, seed).run(user_ids, inputs)

    return asyncio.run(run())
