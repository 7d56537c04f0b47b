"""Group chats and edited messages in the emulator: the wire shapes Telegram uses, and PTB parsing them."""

from __future__ import annotations

import json

import httpx
import pytest
from telegram import Update
from telegram.ext import TypeHandler

from botapi_emulator import AsyncEmulatorClient, BotApiEmulator
from tests.emulator.conftest import TOKEN, build_app, polling  # type: ignore[import-not-found]

GROUP = -4001
KEYBOARD = json.dumps({"inline_keyboard": [[{"text": "Start now", "callback_data": "rem:start"}]]})


@pytest.fixture
async def http(emulator: BotApiEmulator) -> httpx.AsyncClient:
    async with httpx.AsyncClient(base_url=f"{emulator.base_url}{TOKEN}/", timeout=10) as session:
        yield session  # type: ignore[misc]


async def updates(http: httpx.AsyncClient) -> list[dict[str, object]]:
    result = (await http.post("getUpdates")).json()["result"]
    if result:
        await http.post("getUpdates", data={"offset": result[-1]["update_id"] + 1})
    return result  # type: ignore[no-any-return]


async def test_a_new_group_adds_the_bot_with_a_my_chat_member_update(
    client: AsyncEmulatorClient, http: httpx.AsyncClient
) -> None:
    created = await client.create_group(GROUP, "Back club", [1, 2])
    [update] = await updates(http)
    assert created == {"chat_id": GROUP, "update_id": update["update_id"]}
    change = update["my_chat_member"]
    assert change["chat"] == {"id": GROUP, "type": "group", "title": "Back club"}  # type: ignore[index]
    assert change["from"]["id"] == 1  # type: ignore[index]
    assert change["old_chat_member"]["status"] == "left"  # type: ignore[index]
    assert change["new_chat_member"]["status"] == "member"  # type: ignore[index]
    assert change["new_chat_member"]["user"]["is_bot"] is True  # type: ignore[index]


async def test_a_member_writes_in_the_group_and_reads_what_the_bot_sent_there(
    client: AsyncEmulatorClient, http: httpx.AsyncClient
) -> None:
    await client.create_group(GROUP, "Back club", [1, 2], chat_type="supergroup")
    await updates(http)
    sent = await client.send_text(2, "/status@backcoach_local_bot", chat_id=GROUP, first_name="Bob")
    [update] = await updates(http)
    message = update["message"]
    assert message["message_id"] == sent["message_id"]  # type: ignore[index]
    assert message["chat"] == {"id": GROUP, "type": "supergroup", "title": "Back club"}  # type: ignore[index]
    assert message["from"] == {"id": 2, "is_bot": False, "first_name": "Bob", "language_code": "en"}  # type: ignore[index]
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 27}]  # type: ignore[index]
    reply = (await http.post("sendMessage", data={"chat_id": GROUP, "text": "hello group"})).json()["result"]
    assert reply["chat"]["id"] == GROUP and reply["from"]["is_bot"] is True
    [event] = await client.events(GROUP)
    assert (event["kind"], event["text"]) == ("message", "hello group")
    shown = await client.messages(GROUP)
    assert [(m["sender"], m.get("from_id"), m["text"]) for m in shown] == [
        ("user", 2, "/status@backcoach_local_bot"),
        ("bot", None, "hello group"),
    ]
    assert (await client.messages(2)) == []  # nothing went to Bob's private chat


async def test_a_member_presses_a_button_in_the_group_as_themselves(
    client: AsyncEmulatorClient, http: httpx.AsyncClient
) -> None:
    await client.create_group(GROUP, "Back club", [1, 2])
    sent = (await http.post("sendMessage", data={"chat_id": GROUP, "text": "Time!", "reply_markup": KEYBOARD})).json()
    await updates(http)
    pressed = await client.press(2, sent["result"]["message_id"], "rem:start", chat_id=GROUP)
    [update] = await updates(http)
    query = update["callback_query"]
    assert query["from"]["id"] == 2  # type: ignore[index]
    assert query["message"]["chat"]["id"] == GROUP and query["message"]["from"]["is_bot"]  # type: ignore[index]
    assert query["chat_instance"] and query["data"] == "rem:start"  # type: ignore[index]
    await http.post("answerCallbackQuery", data={"callback_query_id": pressed["callback_query_id"], "text": "No"})
    answer = (await client.events(GROUP))[-1]
    assert (answer["kind"], answer["user_id"], answer["text"]) == ("callback_answer", 2, "No")


async def test_a_forged_press_on_another_users_private_message_comes_from_the_presser(
    emulator: BotApiEmulator, client: AsyncEmulatorClient, http: httpx.AsyncClient
) -> None:
    emulator.register_users([1, 2])
    sent = (await http.post("sendMessage", data={"chat_id": 1, "text": "Time!", "reply_markup": KEYBOARD})).json()
    await client.press(2, sent["result"]["message_id"], "rem:start", chat_id=1)
    [update] = await updates(http)
    query = update["callback_query"]
    assert (query["from"]["id"], query["message"]["chat"]["id"]) == (2, 1)  # type: ignore[index]


async def test_an_edit_is_an_edited_message_update_with_edit_date(
    emulator: BotApiEmulator, client: AsyncEmulatorClient
) -> None:
    seen: list[Update] = []

    async def remember(update: Update, context: object) -> None:
        seen.append(update)

    app = build_app(emulator)
    app.add_handler(TypeHandler(Update, remember))
    async with polling(app):
        sent = await client.send_text(7, "7")
        edited = await client.edit_text(7, sent["message_id"], "3")
        for _ in range(100):
            if len(seen) == 2:
                break
            await emulator.events(7, wait=0.05)
    first, second = seen
    assert first.message is not None and first.message.text == "7" and first.message.edit_date is None
    change = second.edited_message
    assert second.message is None and change is not None and edited["message_id"] == sent["message_id"]
    assert (change.message_id, change.text, change.chat.type) == (sent["message_id"], "3", "private")
    assert change.edit_date is not None and change.edit_date >= change.date
    assert [m["text"] for m in await client.messages(7)] == ["3"]


async def test_group_actions_are_refused_when_they_could_not_happen(
    emulator: BotApiEmulator, client: AsyncEmulatorClient, http: httpx.AsyncClient
) -> None:
    await client.create_group(GROUP, "Back club", [1])
    for chat_id, title, members, kind in [
        (GROUP, "again", [1], "group"),  # exists
        (5, "positive id", [1], "group"),
        (-5, "", [1], "group"),
        (-5, "no members", [], "group"),
        (-5, "a channel", [1], "channel"),
    ]:
        with pytest.raises(AssertionError, match="400"):
            await client.create_group(chat_id, title, members, kind)
    with pytest.raises(AssertionError, match="not a member"):
        await client.send_text(3, "/start", chat_id=GROUP)
    mine = await client.send_text(1, "mine", chat_id=GROUP)
    await client.create_group(-5, "Other club", [1, 3])
    with pytest.raises(AssertionError, match="400"):
        await client.edit_text(3, mine["message_id"], "not mine", chat_id=GROUP)
    bot_message = (await http.post("sendMessage", data={"chat_id": 1, "text": "bot's"})).json()["result"]
    with pytest.raises(AssertionError, match="400"):
        await client.edit_text(1, bot_message["message_id"], "not mine")
    with pytest.raises(AssertionError, match="400"):
        await client.block(GROUP)


async def test_mentions_get_entities_as_telegram_marks_them(
    client: AsyncEmulatorClient, http: httpx.AsyncClient
) -> None:
    await client.create_group(GROUP, "Back club", [1])
    await updates(http)
    await client.send_text(1, "💪 hi @backcoach_local_bot, not me@mail.com or @ab", chat_id=GROUP)
    [update] = await updates(http)
    assert update["message"]["entities"] == [{"type": "mention", "offset": 6, "length": 20}]  # type: ignore[index]
