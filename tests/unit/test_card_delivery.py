"""A card on its way, against the in-process emulator with a real PTB bot: with its animation (caption and
buttons), the text after it when too long for a caption, a refused file id uploaded again, text when the
picture is not ready; and an answered card keeps the answer under its caption."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
PRIVATE = {"chat": {"id": CHAT, "type": "private"}, "from": {"id": CHAT, "is_bot": False, "first_name": "Ada"}}
UPDATE = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "/today", **PRIVATE}}


@dataclass
class Chat:
    """A private chat in the emulator and the bot writing into it, with its database and picture shelf."""

    bot: Bot
    client: AsyncEmulatorClient
    db: Database
    shelf: Shelf

    async def send(self, card_id: str = "bird_dog", text: str = CARD, *, pictures: bool = True) -> None:
        """``session.show_item``'s call (``pictures=False``: a bot with PICTURES=off)."""
        update = Update.de_json(UPDATE, self.bot)
        assert update is not None
        await send_card(update, Services(db=self.db, pictures=self.shelf if pictures else None), card_id, text, BUTTONS)

    async def shown(self) -> list[dict[str, Any]]:
        """The chat as it looks now."""
        return await self.client.messages(CHAT)


@pytest.fixture
async def chat(tmp_path: Path, migrated_db: Database) -> AsyncIterator[Chat]:
    """No flood limits; the bot sends HTML as bot.app's does; a shelf with (a stand-in of) bird_dog only."""
    shelf = Shelf(tiny_cache(tmp_path / "pictures"), draw=False)
    assert shelf.fill(["bird_dog"]) == 1
    html = Defaults(parse_mode=ParseMode.HTML)
    async with BotApiEmulator(chat_rate=None, global_rate=None) as emu, AsyncEmulatorClient(emu.control_url) as client:
        emu.register_users([CHAT])
        async with ExtBot(TOKEN, base_url=emu.base_url, base_file_url=emu.base_file_url, defaults=html) as bot:
            yield Chat(bot, client, migrated_db, shelf)


def version(chat: Chat) -> str:
    picture = chat.shelf.ready("bird_dog")
    assert picture is not None
    return picture.version


async def test_a_card_goes_with_its_animation_and_the_file_id_is_kept(chat: Chat) -> None:
    await chat.send()
    [shown] = await chat.shown()
    assert (shown["kind"], shown["caption"]) == ("animation", "1/9 · Bird dog\nToday: 6 reps")
    assert shown["reply_markup"]["inline_keyboard"][0][0]["text"] == "Done ✅"
    assert await known_file(chat.db, "bird_dog", version(chat)) == shown["file_id"]


async def test_a_card_too_long_for_a_caption_follows_its_animation_with_the_buttons(chat: Chat) -> None:
    long_card = CARD + "\n" + "Keep your back flat. " * 60
    assert not fits_caption(long_card)
    await chat.send(text=long_card)
    animation, text = await chat.shown()
    assert (animation["kind"], animation["caption"], animation["reply_markup"]) == ("animation", None, None)
    assert text["kind"] == "text" and text["text"].startswith("1/9 · Bird dog") and text["reply_markup"]


async def test_a_file_id_telegram_refuses_is_uploaded_again(chat: Chat) -> None:
    await remember_file(chat.db, "bird_dog", version(chat), "another-bots-file-id", Services.clock())
    await chat.send()
    [shown] = await chat.shown()
    assert shown["kind"] == "animation" and (await chat.client.stats())["uploads"] == 1
    assert await known_file(chat.db, "bird_dog", version(chat)) == shown["file_id"]


async def test_a_card_whose_picture_is_not_ready_goes_as_text(chat: Chat) -> None:
    await chat.send("cat_camel")
    await chat.send(pictures=False)
    assert [(m["kind"], m["text"]) for m in await chat.shown()] == [("text", "1/9 · Bird dog\nToday: 6 reps")] * 2
    assert (await chat.client.stats())["uploads"] == 0


async def test_an_answered_card_keeps_the_answer_under_its_caption(chat: Chat) -> None:
    await chat.send()
    [shown] = await chat.shown()
    await chat.client.press(CHAT, shown["message_id"], "sess:done:1:0")
    [pressed] = await chat.bot.get_updates(timeout=5)
    await drop_buttons(pressed)
    [after] = await chat.shown()
    assert after["caption"] == "1/9 · Bird dog\nToday: 6 reps\n\n→ Done ✅" and after["reply_markup"] is None


async def test_a_database_failure_sends_the_text_card(chat: Chat, tmp_path: Path) -> None:
    broken = Database(f"sqlite:///{tmp_path / 'no-tables.db'}")  # never migrated: every query fails
    try:
        await Chat(chat.bot, chat.client, broken, chat.shelf).send()
    finally:
        await broken.dispose()
    assert [(m["kind"], m["text"]) for m in await chat.shown()] == [("text", "1/9 · Bird dog\nToday: 6 reps")]
