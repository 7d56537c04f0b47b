"""The emulator against a real PTB Application in polling mode: updates in, replies out."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from botapi_emulator import AsyncChatUser, AsyncEmulatorClient, BotApiEmulator
from tests.emulator.conftest import build_app, polling  # type: ignore[import-not-found]

Context = ContextTypes.DEFAULT_TYPE
KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Yes, let's go", callback_data="sess:yes"),
            InlineKeyboardButton("No", callback_data="sess:no"),
        ]
    ]
)


def is_kind(kind: str) -> Any:
    return lambda event: event["kind"] == kind


async def test_start_reaches_handler_with_real_update_shape(
    emulator: BotApiEmulator, client: AsyncEmulatorClient
) -> None:
    seen: list[Update] = []

    async def start(update: Update, context: Context) -> None:
        seen.append(update)
        assert update.message is not None
        await update.message.reply_text(f"Hello, <b>{update.message.from_user.first_name}</b>!", parse_mode="HTML")

    app = build_app(emulator)
    app.add_handler(CommandHandler("start", start))
    async with polling(app):
        sent = await client.send_text(42, "/start", first_name="Alex", language_code="de")
        events = await client.wait_for(42, is_kind("message"))

    message = seen[0].message
    assert message is not None and message.message_id == sent["message_id"]
    assert message.chat.type == "private" and message.chat.id == 42
    assert message.from_user is not None and message.from_user.language_code == "de"
    assert message.from_user.is_bot is False
    assert message.entities[0].type == "bot_command"
    assert message.date.timestamp() == int(message.date.timestamp())
    assert events[-1]["text"] == "Hello, Alex!"
    assert events[-1]["entities"] == [{"type": "bold", "offset": 7, "length": 4}]
    assert events[-1]["message_id"] == sent["message_id"] + 1


async def test_buttons_callback_answer_and_edit(emulator: BotApiEmulator, client: AsyncEmulatorClient) -> None:
    queries: list[Any] = []

    async def start(update: Update, context: Context) -> None:
        assert update.message is not None
        await update.message.reply_text("Ready?", reply_markup=KEYBOARD)

    async def pressed(update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and query.message is not None
        queries.append((query.data, query.chat_instance, query.message.text, query.from_user.id))
        await query.answer("Noted")
        await query.edit_message_text(f"You chose {query.data}")

    app = build_app(emulator)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    user = AsyncChatUser(client, 5)
    async with polling(app):
        await user.say("/start")
        await user.wait_reply()
        assert await user.last_buttons() == ["Yes, let's go", "No"]
        await user.press("let's go")  # a unique substring is enough
        answer = await user.wait_reply(is_kind("callback_answer"))
        edit = await user.wait_reply(is_kind("edit"))

    data, chat_instance, text, user_id = queries[0]
    assert (data, text, user_id) == ("sess:yes", "Ready?", 5)
    assert chat_instance and isinstance(chat_instance, str)
    assert answer["text"] == "Noted"
    assert edit["text"] == "You chose sess:yes" and edit["reply_markup"] is None
    assert "bot: You chose sess:yes (edited)" in await user.transcript()


async def test_reply_keyboard_button_sends_its_label(emulator: BotApiEmulator, client: AsyncEmulatorClient) -> None:
    got: list[str] = []

    async def start(update: Update, context: Context) -> None:
        assert update.message is not None
        await update.message.reply_text("Pain today?", reply_markup=ReplyKeyboardMarkup([["0-3", "4-6", "7-10"]]))

    async def text(update: Update, context: Context) -> None:
        assert update.message is not None and update.message.text is not None
        got.append(update.message.text)
        await update.message.reply_text("thanks")

    app = build_app(emulator)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, text))
    user = AsyncChatUser(client, 6)
    async with polling(app):
        await user.say("/start")
        await user.wait_reply()
        await user.press("4-6")
        await user.wait_reply()
    assert got == ["4-6"]


async def test_media_updates_parse_in_ptb(emulator: BotApiEmulator, client: AsyncEmulatorClient) -> None:
    kinds: list[str] = []

    async def media(update: Update, context: Context) -> None:
        message = update.message
        assert message is not None
        if message.photo:
            data = await (await message.photo[-1].get_file()).download_as_bytearray()
            kinds.append(f"photo:{len(data)}")
        elif message.sticker:
            kinds.append(f"sticker:{message.sticker.emoji}")
        elif message.voice:
            kinds.append(f"voice:{message.voice.mime_type}")
        elif message.location:
            kinds.append(f"location:{message.location.latitude}")
        await message.reply_text("got it")

    emulator.configure(chat_rate=None)  # four quick answers in one chat would exceed the per-chat burst
    app = build_app(emulator)
    app.add_handler(MessageHandler(filters.PHOTO | filters.Sticker.ALL | filters.VOICE | filters.LOCATION, media))
    async with polling(app):
        await client.send_photo(8, b"\x89PNG fake bytes")
        await client.wait_for(8, is_kind("message"))
        await client.send_sticker(8)
        await client.send_voice(8, duration=4)
        await client.send_location(8, 52.5, 13.4)
        await client.wait_for(8, lambda e: e["seq"] == 4)
    assert kinds == ["photo:15", "sticker:👍", "voice:audio/ogg", "location:52.5"]


async def test_block_and_unblock_emit_my_chat_member(emulator: BotApiEmulator, client: AsyncEmulatorClient) -> None:
    statuses: list[tuple[str, str]] = []

    async def member(update: Update, context: Context) -> None:
        change = update.my_chat_member
        assert change is not None
        statuses.append((change.old_chat_member.status, change.new_chat_member.status))

    app = build_app(emulator)
    app.add_handler(ChatMemberHandler(member, ChatMemberHandler.MY_CHAT_MEMBER))
    async with polling(app):
        await client.send_text(9, "hi")
        await client.block(9)
        await client.unblock(9)
        for _ in range(100):
            if len(statuses) == 2:
                break
            await emulator.events(9, wait=0.05)
    assert statuses == [("member", "kicked"), ("kicked", "member")]
