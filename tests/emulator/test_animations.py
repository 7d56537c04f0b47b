"""sendAnimation: a multipart upload gets a file_id that later sends reuse, uploads are counted, and a test can
make the next upload fail; a caption is edited with editMessageCaption, never editMessageText."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter

from botapi_emulator import AsyncEmulatorClient, BotApiEmulator


def tiny_gif(frames: int = 3, delay_ms: int = 500) -> bytes:
    """A small looping GIF, 40x30, ``frames`` frames of ``delay_ms`` each."""
    images = [Image.new("RGB", (40, 30), (20 * i, 80, 160)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], loop=0, duration=delay_ms)
    return out.getvalue()


async def test_an_uploaded_animation_is_sent_then_reused_by_its_file_id(
    emulator: BotApiEmulator, bot: Bot, client: AsyncEmulatorClient
) -> None:
    emulator.register_users([1, 2])
    data = tiny_gif()
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Done", callback_data="done")]])
    sent = await bot.send_animation(1, data, filename="bird_dog.gif", caption="<b>Bird dog</b>", reply_markup=markup,
                                parse_mode="HTML")
    assert sent.animation is not None and sent.caption == "Bird dog" and sent.reply_markup == markup
    assert (sent.animation.width, sent.animation.height) == (40, 30)
    again = await bot.send_animation(2, sent.animation.file_id, caption="Bird dog")
    assert again.animation is not None and again.animation.file_id == sent.animation.file_id
    first, second = [(await client.wait_for(chat, "animation"))[-1] for chat in (1, 2)]
    assert (first["uploaded"], second["uploaded"]) == (True, False)
    assert first["file_name"] == "bird_dog.gif" and await client.file_bytes(first["file_id"]) == data
    stats = await client.stats()
    assert (stats["uploads"], stats["uploads_by_kind"], stats["failed_uploads"]) == (1, {"animation": 1}, 0)
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_animation(1, "no-such-file-id")


async def test_the_next_upload_fails_on_demand_and_the_one_after_goes_through(
    emulator: BotApiEmulator, bot: Bot, client: AsyncEmulatorClient
) -> None:
    emulator.register_users([1])
    assert (await client.configure(fail_uploads=1))["fail_uploads"] == 1
    with pytest.raises(NetworkError, match="Request Entity Too Large"):
        await bot.send_animation(1, tiny_gif(), caption="Bird dog")
    sent = await bot.send_animation(1, tiny_gif(), caption="Bird dog")
    assert sent.animation is not None
    stats = await client.stats()
    assert (stats["uploads"], stats["failed_uploads"]) == (1, 1)
    assert [m["kind"] for m in await client.messages(1)] == ["animation"]  # the refused one left no message


async def test_an_upload_refused_with_429_is_neither_counted_nor_stored(
    emulator: BotApiEmulator, bot: Bot, client: AsyncEmulatorClient
) -> None:
    emulator.configure(chat_burst=1)
    emulator.register_users([1])
    await bot.send_message(1, "the chat's one send for now")
    with pytest.raises(RetryAfter):
        await bot.send_animation(1, tiny_gif(), caption="Bird dog")
    stats = await client.stats()
    assert (stats["uploads"], stats["uploads_by_kind"]) == (0, {})  # as Telegram: a refused send keeps nothing
    assert [m["kind"] for m in await client.messages(1)] == ["text"]


async def test_a_caption_is_edited_with_its_buttons_and_a_text_edit_is_refused(
    emulator: BotApiEmulator, bot: Bot, client: AsyncEmulatorClient
) -> None:
    emulator.register_users([1])
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Done", callback_data="done")]])
    sent = await bot.send_animation(1, tiny_gif(), caption="Bird dog", reply_markup=markup)
    with pytest.raises(BadRequest, match="There is no text in the message to edit"):
        await bot.edit_message_text("Bird dog → Done", chat_id=1, message_id=sent.message_id)
    await bot.edit_message_caption(1, sent.message_id, caption="Bird dog\n\n→ <b>Done</b>", parse_mode="HTML")
    [shown] = await client.messages(1)
    assert shown["caption"] == "Bird dog\n\n→ Done" and shown["reply_markup"] is None and shown["edited"]
    text = await bot.send_message(1, "plain")
    with pytest.raises(BadRequest, match="There is no caption in the message to edit"):
        await bot.edit_message_caption(1, text.message_id, caption="x")
