"""Friendly answers to whatever no flow handled: unknown commands (with the closest one), stickers, photos, voice.

Typed text never gets here: `conversations.pending`'s router answers all of it (no question pending: the
friendly free-text answer).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from conversations.kit import Context, reply, text_of
from conversations.texts import common
from conversations.understand import did_you_mean
from locales import _


def _reply(text: str) -> Any:
    async def answer(update: Update, context: Context) -> None:
        await reply(update, text)

    return answer


async def unknown_command(update: Update, context: Context) -> None:
    """A command this bot does not have: the closest one it has ("/stauts": did you mean /status?)."""
    await reply(update, did_you_mean(text_of(update)))


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """One handler per kind of input, most specific first. Only private chats are answered."""
    private = filters.ChatType.PRIVATE
    return [
        MessageHandler(private & filters.COMMAND, unknown_command),
        MessageHandler(private & filters.Sticker.ALL, _reply(_(common.STICKER))),
        MessageHandler(private & filters.PHOTO, _reply(_(common.PHOTO))),
        MessageHandler(private & (filters.VOICE | filters.VIDEO_NOTE | filters.AUDIO), _reply(_(common.VOICE))),
        MessageHandler(private & ~filters.StatusUpdate.ALL, _reply(_(common.OTHER_MEDIA))),
    ]
