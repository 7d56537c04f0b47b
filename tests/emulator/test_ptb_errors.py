"""Telegram's strictness as PTB sees it: BadRequest, RetryAfter, Forbidden, InvalidToken, plus files and commands."""

from __future__ import annotations

import datetime as dtm

import pytest
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import AIORateLimiter, ExtBot

from botapi_emulator import AsyncEmulatorClient, BotApiEmulator
from tests.emulator.conftest import TOKEN  # type: ignore[import-not-found]

PNG_2x3 = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + (2).to_bytes(4, "big") + (3).to_bytes(4, "big")


def seconds(value: int | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123456 and me.is_bot and me.first_name == "BackCoach"
    assert me.username == "backcoach_local_bot" and me.supports_inline_queries is False


async def test_malformed_token_is_invalid(emulator: BotApiEmulator) -> None:
    bad = Bot("123:short", base_url=emulator.base_url)
    with pytest.raises(InvalidToken):
        await bad.initialize()
    await bad.shutdown()


async def test_other_token_is_unauthorized_when_restricted() -> None:
    async with BotApiEmulator(token=TOKEN) as emu:
        other = Bot("654321:" + "B" * 35, base_url=emu.base_url)
        with pytest.raises(InvalidToken):
            await other.initialize()
        await other.shutdown()
        async with Bot(TOKEN, base_url=emu.base_url) as ok:
            assert (await ok.get_me()).id == 123456


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("<b>unclosed", "can't parse entities: Can't find end tag corresponding to start tag \"b\""),
        ("<blink>x</blink>", 'Unsupported start tag "blink"'),
        ("<b>  </b>", "Message text is empty"),
        ("x" * 4097, "Message is too long"),
    ],
)
async def test_bad_text_is_bad_request(emulator: BotApiEmulator, bot: Bot, text: str, fragment: str) -> None:
    emulator.register_users([1])
    with pytest.raises(BadRequest) as excinfo:
        await bot.send_message(1, text, parse_mode="HTML")
    assert fragment.lower() in str(excinfo.value).lower()


async def test_length_counts_after_entity_parsing(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.register_users([1])
    message = await bot.send_message(1, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    assert len(message.text or "") == 4096 and message.entities[0].type == "bold"


async def test_unknown_chat_and_long_callback_data(emulator: BotApiEmulator, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "hi")
    emulator.register_users([1])
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(1, "hi", reply_markup=markup)


async def test_per_chat_limit_raises_retry_after(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.register_users([1, 2])
    for i in range(3):  # the default per-chat burst
        await bot.send_message(1, f"part {i}")
    with pytest.raises(RetryAfter) as excinfo:
        await bot.send_message(1, "one too many")
    assert seconds(excinfo.value.retry_after) >= 1
    await bot.send_message(2, "another chat is fine")
    stats = emulator.stats()
    assert stats["too_many_requests"] == 1 and stats["sends"] == 4
    assert stats["chats"]["1"]["too_many_requests"] == 1


async def test_global_limit_raises_retry_after(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.configure(global_rate=5.0, global_burst=5, chat_burst=1)
    emulator.register_users(list(range(1, 7)))
    for chat_id in range(1, 6):
        await bot.send_message(chat_id, "reminder")
    with pytest.raises(RetryAfter):
        await bot.send_message(6, "reminder")


async def test_blocked_user_is_forbidden(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.send_text(3, "/start")
    emulator.block(3)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(3, "Time for your exercises")
    assert emulator.stats()["forbidden"] == 1
    emulator.unblock(3)
    await bot.send_message(3, "welcome back")


async def test_edit_rules(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.register_users([1])
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Done", callback_data="done")]])
    sent = await bot.send_message(1, "Step 1", reply_markup=markup)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Step 1", chat_id=1, message_id=sent.message_id, reply_markup=markup)
    edited = await bot.edit_message_text("Step 1", chat_id=1, message_id=sent.message_id)  # drops the keyboard
    assert edited.reply_markup is None and edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat_id=1, message_id=999)
    again = await bot.edit_message_reply_markup(chat_id=1, message_id=sent.message_id, reply_markup=markup)
    assert again.reply_markup == markup


async def test_callback_query_can_be_answered_once(
    emulator: BotApiEmulator, bot: Bot, client: AsyncEmulatorClient
) -> None:
    emulator.register_users([1])
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Done", callback_data="done")]])
    sent = await bot.send_message(1, "Step 1", reply_markup=markup)
    pressed = await client.press(1, sent.message_id, "done")
    assert await bot.answer_callback_query(pressed["callback_query_id"])
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(pressed["callback_query_id"])
    with pytest.raises(AssertionError, match="no button"):
        await client.press(1, sent.message_id, "other")


async def test_document_bytes_are_retrievable(emulator: BotApiEmulator, bot: Bot, client: AsyncEmulatorClient) -> None:
    emulator.register_users([1])
    sent = await bot.send_document(
        1, b"%PDF-1.4 plan", filename="plan.pdf", caption="Your <b>plan</b>", parse_mode="HTML"
    )
    assert sent.document is not None and sent.document.file_name == "plan.pdf"
    assert sent.caption == "Your plan" and sent.document.file_size == 13
    event = (await client.wait_for(1, lambda e: e["kind"] == "document"))[-1]
    assert event["file_name"] == "plan.pdf" and event["caption"] == "Your plan"
    assert await client.file_bytes(event["file_id"]) == b"%PDF-1.4 plan"
    resent = await bot.send_document(1, sent.document.file_id)
    assert resent.document is not None and resent.document.file_id == sent.document.file_id
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(1, "no-such-file-id")


async def test_photo_upload(emulator: BotApiEmulator, bot: Bot, client: AsyncEmulatorClient) -> None:
    emulator.register_users([1])
    sent = await bot.send_photo(1, PNG_2x3 + b"rest", caption="Cat-camel")
    largest = sent.photo[-1]
    assert (largest.width, largest.height) == (2, 3)
    assert await client.file_bytes(largest.file_id) == PNG_2x3 + b"rest"


async def test_commands_visible(bot: Bot, client: AsyncEmulatorClient) -> None:
    await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("pain", "Log pain")])
    assert [c["command"] for c in await client.commands()] == ["start", "pain"]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "pain"]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad Command", "x")])
    await bot.delete_my_commands()
    assert await client.commands() == []


async def test_chat_action_and_delete(emulator: BotApiEmulator, bot: Bot, client: AsyncEmulatorClient) -> None:
    emulator.register_users([1])
    await bot.send_chat_action(1, "typing")
    sent = await bot.send_message(1, "temporary")
    assert await bot.delete_message(1, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(1, sent.message_id)
    kinds = [e["kind"] for e in await client.events(1)]
    assert kinds == ["chat_action", "message", "delete"]
    assert await client.messages(1) == []


async def test_ptb_rate_limiter_retries_through_per_chat_429(emulator: BotApiEmulator) -> None:
    """PTB's AIORateLimiter limits only overall and group traffic, not private chats: a burst of 5 to one
    chat hits the per-chat limit (burst 3) and gets through thanks to its RetryAfter retries."""
    emulator.register_users([1])
    bot = ExtBot(TOKEN, base_url=emulator.base_url, rate_limiter=AIORateLimiter(max_retries=3))
    async with bot:
        for i in range(5):
            await bot.send_message(1, f"message {i}")
    stats = emulator.stats()
    assert stats["sends"] == 5 and stats["too_many_requests"] >= 1
