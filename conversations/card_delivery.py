"""An exercise card on its way to the user: with its animation when the picture is ready, as text otherwise.

``session.show_item`` makes one call, :func:`send_card`. The card goes out in its turn among the handler's
replies (``kit.in_turn``), so it still follows the pending question's write. With a picture ready on the shelf
(``pictures.shelf``, filled at start-up, never drawn here) it is one ``sendAnimation``: the card text as the
caption, the buttons under it; a text too long for a caption (1,024 characters) follows the animation as its
own message, carrying the buttons. The file is uploaded the first time and its Telegram ``file_id``, kept per
(card, picture version) by ``usecases.card_pictures``, is sent every time after. If the animation cannot be
sent (an upload refused, a file gone) the card goes out as text, as it did before pictures: a picture never
blocks or breaks a session. Logs name the card and the error's type, never the user or what they answered.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from telegram import Bot, InputFile, Update
from telegram.error import BadRequest

from conversations.context import Services
from conversations.kit import Markup, fits_caption, in_turn
from usecases import card_pictures

if TYPE_CHECKING:  # Pillow is imported only when the bot shows pictures (bot.app)
    from pictures.shelf import Picture

log = logging.getLogger(__name__)


async def send_card(update: Update, svc: Services, card_id: str, text: str, markup: Markup) -> None:
    """Send the card ``card_id`` (``text``, HTML, with ``markup``) in its turn: with its picture if ready."""
    if update.effective_chat is None:
        return
    bot, chat_id = update.get_bot(), update.effective_chat.id
    picture = svc.pictures.ready(card_id) if svc.pictures is not None else None
    if picture is None:
        await in_turn(lambda: _text(bot, chat_id, text, markup))
        return
    await in_turn(lambda: _with_picture(bot, svc, chat_id, picture, text, markup))


async def _text(bot: Bot, chat_id: int, text: str, markup: Markup) -> None:
    await bot.send_message(chat_id, text, reply_markup=markup)


async def _with_picture(bot: Bot, svc: Services, chat_id: int, picture: Picture, text: str, markup: Markup) -> None:
    """The animation (with the text as its caption if it fits), then the text if it did not fit."""
    captioned = fits_caption(text)
    try:
        await _animation(bot, svc, chat_id, picture, text if captioned else None, markup if captioned else None)
    except Exception as exc:  # Telegram, the file, the database: whatever it is, the card still goes out
        log.warning("card %s went out as text: its picture was not sent (%s)", picture.card_id, type(exc).__name__)
        captioned = False
    if not captioned:
        await _text(bot, chat_id, text, markup)


async def _animation(
    bot: Bot, svc: Services, chat_id: int, picture: Picture, caption: str | None, markup: Markup
) -> None:
    """Send the picture by its Telegram file id, or upload it and keep the id Telegram gives back (also when
    Telegram refuses a kept id: file ids belong to one bot, and the token may have changed)."""
    known = await card_pictures.known_file(svc.db, picture.card_id, picture.version)
    if known is not None:
        try:
            await bot.send_animation(chat_id, known, caption=caption, reply_markup=markup)
            return
        except BadRequest:
            log.warning("the file id of card %s was refused; uploading its picture again", picture.card_id)
            await card_pictures.forget_file(svc.db, picture.card_id, picture.version)
    data = await asyncio.to_thread(picture.path.read_bytes)
    upload = InputFile(data, filename=f"{picture.card_id}.gif")
    sent = await bot.send_animation(chat_id, upload, caption=caption, reply_markup=markup)
    if sent.animation is None:
        return
    try:
        await card_pictures.remember_file(svc.db, picture.card_id, picture.version, sent.animation.file_id, svc.clock())
    except Exception as exc:  # the card is in the chat: the next send uploads again, nothing more
        log.warning("the file id of card %s was not kept (%s)", picture.card_id, type(exc).__name__)
