"""Pieces every flow shares: the answer to a button no flow took, and the one "slow down".

- `stale_button_handler()`: registered after every flow, it answers a press nothing took ("that message is
  from earlier"; "no longer valid" when its data does not fit any button's shape, ``conversations.callbacks``:
  forged, or corrupted) instead of leaving the user's button spinning, and shows the question being asked
  again if there is one (``conversations.pending.flow_handler``: the reply that carried it may have been
  lost). It leaves the pressed message's buttons alone: it may be the question still being asked.

- `ask_to_slow_down()`: said once to a user whose flood of messages is being dropped (``bot.updates``), in
  their private chat only.

/cancel and /help, which depend on the user's pending question, live in `conversations.pending`; the
handlers' plumbing (the one `reply`, user id, answering a press) in `conversations.kit`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler

from conversations import callbacks
from conversations.kit import Context, answer_stale, reply
from conversations.pending import flow_handler
from conversations.texts import common
from locales import _, speaking
from storage.database import Database
from usecases.users import language_for


async def answer_stale_button(update: Update, context: Context) -> None:
    """A press no flow took: a button from an earlier message, day or flow, or a forged one. The question
    being asked comes again if there is one (``pending.flow_handler``); the pressed message keeps its buttons
    (it may be the question still being asked)."""
    query = update.callback_query
    if query is None:
        return
    forged = callbacks.parse(query.data) is None
    await answer_stale(update, _(common.INVALID_BUTTON) if forged else _(common.STALE_BUTTON))


async def ask_to_slow_down(update: Update, db: Database) -> None:
    """A user is flooding us: the one polite line, in their private chat (never in a group), in their language
    (it is sent from the update processor, before ``conversations.language`` ran); best effort."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != ChatType.PRIVATE:
        return
    try:
        with speaking(await language_for(db, user.id, user.language_code)):
            await reply(update, _(common.SLOW_DOWN))
    except (TelegramError, SQLAlchemyError):  # the flood goes on being dropped either way
        pass


def stale_button_handler() -> BaseHandler[Update, Any, Any]:
    """Catches every callback query that no flow handled."""
    return CallbackQueryHandler(flow_handler(None, answer_stale_button))


def global_handlers() -> list[BaseHandler[Update, Any, Any]]:
    """Handlers that come after every flow: stale buttons."""
    return [stale_button_handler()]
