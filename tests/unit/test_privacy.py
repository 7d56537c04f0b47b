"""The private-chat guard: its decision for each kind of update (`verdict`), and one line at a time per group."""

from __future__ import annotations

import re
from collections.abc import Coroutine
from types import SimpleNamespace
from typing import Any

import pytest
from telegram import Update
from telegram.ext import ApplicationHandlerStop

from conversations.privacy import Verdict, guard, verdict
from conversations.texts.privacy import PRIVATE_ONLY

BOT = {"id": 99, "is_bot": True, "first_name": "BackCoach", "username": "BackCoach_Bot"}
ALICE = {"id": 1, "is_bot": False, "first_name": "Alice"}
BOB = {"id": 2, "is_bot": False, "first_name": "Bob"}
PRIVATE = {"id": 1, "type": "private", "first_name": "Alice"}
GROUP = {"id": -40, "type": "group", "title": "Back club"}
SUPERGROUP = {"id": -1001234, "type": "supergroup", "title": "Big club"}
CHANNEL = {"id": -1005678, "type": "channel", "title": "News"}


def message(chat: dict[str, Any], text: str, sender: dict[str, Any] = ALICE, **extra: Any) -> dict[str, Any]:
    entities = []
    if text.startswith("/"):
        entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
    for mention in re.finditer(r"@\w+", "" if text.startswith("/") else text):
        entities.append({"type": "mention", "offset": mention.start(), "length": len(mention.group())})
    body = {"message_id": 5, "date": 1, "chat": chat, "text": text, "entities": entities, **extra}
    return body if chat["type"] == "channel" else {**body, "from": sender}


def decide(**update: Any) -> Verdict:
    return verdict(Update.de_json({"update_id": 1, **update}, None), BOT["username"], BOT["id"])


@pytest.mark.parametrize(
    ("chat", "text", "expected"),
    [
        (GROUP, "/export", Verdict.PRIVATE_ONLY),
        (SUPERGROUP, "/status", Verdict.PRIVATE_ONLY),
        (GROUP, "/progress@backcoach_bot", Verdict.PRIVATE_ONLY),
        (GROUP, "/start@some_other_bot", Verdict.IGNORE),
        (GROUP, "hi @BACKCOACH_BOT, are you there?", Verdict.PRIVATE_ONLY),
        (GROUP, "hi @someone_else", Verdict.IGNORE),
        (GROUP, "my back hurts today, 7/10", Verdict.IGNORE),
        (PRIVATE, "/export", Verdict.SERVE),
        (PRIVATE, "7", Verdict.SERVE),
    ],
)
def test_only_commands_and_mentions_in_a_group_get_the_line(
    chat: dict[str, Any], text: str, expected: Verdict
) -> None:
    assert decide(message=message(chat, text)) is expected


def test_a_channel_post_gets_nothing_even_a_command() -> None:
    assert decide(channel_post=message(CHANNEL, "/export")) is Verdict.IGNORE
    assert decide(edited_channel_post=message(CHANNEL, "/export", edit_date=2)) is Verdict.IGNORE


def test_an_edited_message_is_asked_again_in_private_and_ignored_in_a_group() -> None:
    assert decide(edited_message=message(PRIVATE, "3", edit_date=2)) is Verdict.EDITED
    assert decide(edited_message=message(GROUP, "/export", edit_date=2)) is Verdict.IGNORE


def press(on: dict[str, Any] | None, presser: dict[str, Any], **extra: Any) -> Verdict:
    query = {"id": "q", "from": presser, "chat_instance": "c", "data": "sess:done:1", **extra}
    if on is not None:
        query["message"] = {"message_id": 9, "date": 1, "chat": on, "from": BOT, "text": "Card"}
    return decide(callback_query=query)


def test_a_button_works_only_in_the_pressers_own_private_chat() -> None:
    assert press(PRIVATE, ALICE) is Verdict.SERVE
    assert press(PRIVATE, BOB) is Verdict.NOT_YOUR_BUTTON
    assert press(GROUP, BOB) is Verdict.BUTTON_OUTSIDE
    assert press(GROUP, ALICE) is Verdict.BUTTON_OUTSIDE
    assert press(None, ALICE, inline_message_id="AAA") is Verdict.BUTTON_OUTSIDE


def membership(chat: dict[str, Any], old: str, new: str, by: dict[str, Any] = ALICE) -> Verdict:
    change = {
        "chat": chat,
        "from": by,
        "date": 1,
        "old_chat_member": {"status": old, "user": BOT, **({"until_date": 0} if old == "kicked" else {})},
        "new_chat_member": {"status": new, "user": BOT, **({"until_date": 0} if new == "kicked" else {})},
    }
    return decide(my_chat_member=change)


def test_the_bot_added_to_a_group_says_the_line_once_and_blocking_stays_with_the_flows() -> None:
    assert membership(PRIVATE, "member", "kicked") is Verdict.SERVE
    assert membership(GROUP, "left", "member") is Verdict.PRIVATE_ONLY
    assert membership(GROUP, "member", "left") is Verdict.IGNORE
    assert membership(CHANNEL, "left", "member") is Verdict.IGNORE


def test_updates_without_a_private_chat_go_nowhere() -> None:
    query = {"id": "i", "from": ALICE, "query": "back", "offset": ""}
    assert decide(inline_query=query) is Verdict.IGNORE


class RecordingBot:
    """Just enough of a Bot for the guard: who it is, and the messages it sends."""

    username, id = BOT["username"], BOT["id"]

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> None:
        self.sent.append((chat_id, text))


class BackgroundTasks:
    """The application's `create_task`, keeping the coroutines to run when the test says."""

    def __init__(self) -> None:
        self.waiting: list[Coroutine[Any, Any, None]] = []

    def create_task(self, coroutine: Coroutine[Any, Any, None], update: object = None) -> None:
        self.waiting.append(coroutine)

    async def run_all(self) -> None:
        while self.waiting:
            await self.waiting.pop(0)


async def test_a_busy_group_gets_no_second_line_while_its_first_is_still_waiting_to_be_sent() -> None:
    bot, tasks = RecordingBot(), BackgroundTasks()
    context = SimpleNamespace(bot=bot, application=tasks)

    async def command_in_the_group() -> None:
        update = Update.de_json({"update_id": 1, "message": message(GROUP, "/start")}, bot)  # type: ignore[arg-type]
        with pytest.raises(ApplicationHandlerStop):
            await guard(update, context)  # type: ignore[arg-type]

    for _ in range(3):
        await command_in_the_group()
    await tasks.run_all()
    assert bot.sent == [(GROUP["id"], PRIVATE_ONLY)]
    await command_in_the_group()  # the first line is out: the next command gets its own
    await tasks.run_all()
    assert bot.sent == [(GROUP["id"], PRIVATE_ONLY)] * 2
