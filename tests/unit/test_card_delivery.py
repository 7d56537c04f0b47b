"""A card on its way, against the in-process emulator with a real PTB bot: with its animation (caption and
buttons), the text after it when too long for a caption, a refused file id uploaded again, text when the
picture is not ready; and an answered card keeps the answer under its caption."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import Defaults, ExtBot

from botapi_emulator import AsyncEmulatorClient, BotApiEmulator
from conversations.card_delivery import send_card
from conversations.context import Services
from conversations.kit import drop_buttons, fits_caption
from pictures.shelf import Shelf
from storage.database import Database
from tests.support.pictures import tiny_cache
from usecases.card_pictures import known_file, remember_file

TOKEN = "123456:" + "A" * 35
CHAT = 7
BUTTONS = InlineKeyboardMarkup([[InlineKeyboardButton("Done ✅", callback_data="sess:done:1:0")]])
CARD = "<b>1/9 · Bird dog</b>\nToday: <b>6 reps</b>"


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(chat_rate=None, global_rate=None) as emu:
        emu.register_users([CHAT])
        yield emu


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    html = Defaults(parse_mode=ParseMode.HTML)  # as the bot's Application sends (bot.app)
    async with ExtBot(TOKEN, base_url=emulator.base_url, base_file_url=emulator.base_file_url, defaults=html) as ptb:
        yield ptb


@pytest.fixture
async def client(emulator: BotApiEmulator) -> AsyncIterator[AsyncEmulatorClient]:
    async with AsyncEmulatorClient(emulator.control_url) as control:
        yield control


@pytest.fixture
def shelf(tmp_path: Path) -> Shelf:
    shelf = Shelf(tiny_cache(tmp_path / "pictures"), draw=False)
    assert shelf.fill(["bird_dog"]) == 1
    return shelf


def an_update(bot: Bot) -> Update:
    data = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "/today",
                                         "chat": {"id": CHAT, "type": "private"},
                                         "from": {"id": CHAT, "is_bot": False, "first_name": "Ada"}}}
    update = Update.de_json(data, bot)
    assert update is not None
    return update


async def test_a_card_goes_with_its_animation_and_the_file_id_is_kept(
    bot: Bot, client: AsyncEmulatorClient, migrated_db: Database, shelf: Shelf
) -> None:
    await send_card(an_update(bot), Services(db=migrated_db, pictures=shelf), "bird_dog", CARD, BUTTONS)
    [shown] = await client.messages(CHAT)
    assert (shown["kind"], shown["caption"]) == ("animation", "1/9 · Bird dog\nToday: 6 reps")
    assert shown["reply_markup"]["inline_keyboard"][0][0]["text"] == "Done ✅"
    picture = shelf.ready("bird_dog")
    assert picture is not None
    assert await known_file(migrated_db, "bird_dog", picture.version) == shown["file_id"]


async def test_a_card_too_long_for_a_caption_follows_its_animation_with_the_buttons(
    bot: Bot, client: AsyncEmulatorClient, migrated_db: Database, shelf: Shelf
) -> None:
    long_card = CARD + "\n" + "Keep your back flat. " * 60
    assert not fits_caption(long_card)
    await send_card(an_update(bot), Services(db=migrated_db, pictures=shelf), "bird_dog", long_card, BUTTONS)
    animation, text = await client.messages(CHAT)
    assert (animation["kind"], animation["caption"], animation["reply_markup"]) == ("animation", None, None)
    assert text["kind"] == "text" and text["text"].startswith("1/9 · Bird dog") and text["reply_markup"]


async def test_a_file_id_telegram_refuses_is_uploaded_again(
    bot: Bot, client: AsyncEmulatorClient, migrated_db: Database, shelf: Shelf
) -> None:
    picture = shelf.ready("bird_dog")
    assert picture is not None
    await remember_file(migrated_db, "bird_dog", picture.version, "another-bots-file-id", Services.clock())
    await send_card(an_update(bot), Services(db=migrated_db, pictures=shelf), "bird_dog", CARD, BUTTONS)
    [shown] = await client.messages(CHAT)
    assert shown["kind"] == "animation" and (await client.stats())["uploads"] == 1
    assert await known_file(migrated_db, "bird_dog", picture.version) == shown["file_id"]


async def test_a_card_whose_picture_is_not_ready_goes_as_text(
    bot: Bot, client: AsyncEmulatorClient, migrated_db: Database, shelf: Shelf
) -> None:
    await send_card(an_update(bot), Services(db=migrated_db, pictures=shelf), "cat_camel", CARD, BUTTONS)
    await send_card(an_update(bot), Services(db=migrated_db), "bird_dog", CARD, BUTTONS)  # PICTURES=off
    shown = [(m["kind"], m["text"]) for m in await client.messages(CHAT)]
    assert shown == [("text", "1/9 · Bird dog\nToday: 6 reps")] * 2
    assert (await client.stats())["uploads"] == 0


async def test_an_answered_card_keeps_the_answer_under_its_caption(
    bot: Bot, client: AsyncEmulatorClient, migrated_db: Database, shelf: Shelf
) -> None:
    await send_card(an_update(bot), Services(db=migrated_db, pictures=shelf), "bird_dog", CARD, BUTTONS)
    [shown] = await client.messages(CHAT)
    await client.press(CHAT, shown["message_id"], "sess:done:1:0")
    [pressed] = await bot.get_updates(timeout=5)
    await drop_buttons(pressed)
    [after] = await client.messages(CHAT)
    assert after["caption"] == "1/9 · Bird dog\nToday: 6 reps\n\n→ Done ✅" and after["reply_markup"] is None
