"""Pieces every flow shares: the answer to a button no flow took.

- `stale_button_handler()`: registered after every flow, it answers a press nothing took ("that message is
  from earlier") instead of leaving the user's button spinning.

/cancel and /help, which depend on the user's pending question, live in `conversations.pending`; the
handlers' plumbing (the one `reply`, user id, answering a press) in `conversations.kit`.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler

from conversations.kit import Context
from conversations.texts import common


async def answer_stale_button(update: Update, context: Context) -> None:
    """A press no flow took: a button from an earlier message, day or flow."""
    query = update.callback_query
    if query is None:
        return
    await query.answer(common.STALE_BUTTON, show_alert=False)
    if query.message is not None:
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except TelegramError:  # the message may be too old to edit; the answer above is what matters
            pass


def stale_button_handler() -> BaseHandler[Update, Any, Any]:
    """Catches every callback query that no flow handled."""
    return CallbackQueryHandler(answer_stale_button)


def global_handlers() -> list[BaseHandler[Update, Any, Any]]:
    """Handlers that come after every flow: stale buttons."""
    return [stale_button_handler()]
