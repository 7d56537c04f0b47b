"""The application's error handler: log the failure with enough context to debug it, tell the user kindly.

The apology says what is true: a message the database could not take is "in hand" only when the inbox holds it
and will run it again once the database answers (``bot.inbox``); otherwise the user is asked to send it again.

An update another process handled meanwhile (``storage.database.FinishedElsewhere``: this process's unit
rolled back) is no failure: nothing is said, counted or logged here (the inbox logs one INFO line).

The apology goes to a private chat only: BackCoach says nothing but its one line in a group (`conversations.privacy`).
A reply refused with 403 (`Forbidden`: the user blocked the bot) is no failure of ours: the user is marked
blocked, every reminder off, as a refused reminder does (`bot.scheduler`), with one INFO line and no traceback.

It never logs message text or button data: they can hold health answers. The token is redacted by the
log formatter (`bot.logs`).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import CallbackContext

from bot import inbox, metrics
from bot.inbox import DATABASE_ERRORS
from conversations.context import SERVICES_KEY, Services
from conversations.texts import common
from locales import _
from storage.database import FinishedElsewhere
from storage.repositories import users

log = logging.getLogger("backcoach.errors")


def describe_update(update: object) -> str:
    """A privacy-safe one-line description of an update: ids and kinds, never contents."""
    if not isinstance(update, Update):
        return f"non-update {type(update).__name__}"
    parts = [f"update_id={update.update_id}"]
    if update.effective_user is not None:
        parts.append(f"user_id={update.effective_user.id}")
    if update.callback_query is not None:
        parts.append("kind=callback_query")
    elif update.effective_message is not None:
        message = update.effective_message
        kind = "command" if message.text and message.text.startswith("/") else "message"
        parts.append(f"kind={kind}")
    return " ".join(parts)


async def on_error(update: object, context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Log any exception a handler raised and apologise to the user when we can."""
    error = context.error
    if isinstance(error, FinishedElsewhere):  # another process handled it and answered: nothing failed
        return
    where = describe_update(update)
    if isinstance(error, Forbidden):
        await _mark_blocked(update, context)
        return
    metrics.UPDATES_DROPPED.labels(metrics.Dropped.HANDLER_FAILED.value).inc()
    database = isinstance(error, DATABASE_ERRORS)
    runs_again = inbox.note_failure(database=database)
    if isinstance(error, BadRequest):  # a 400: our request was wrong (never a network problem); no traceback
        log.warning("Telegram refused a request (400) while handling %s: %s", where, error.message)
        await _apologise(update, context, common.SOMETHING_WENT_WRONG)
        return
    if isinstance(error, (NetworkError, RetryAfter)):
        log.warning("Telegram was not reachable while handling %s: %s", where, type(error).__name__)
        return
    if database:
        metrics.DATABASE_ERRORS.inc()
        log.warning("The database failed while handling %s: %s", where, type(error).__name__)
    else:
        log.error("Handler failed for %s", where, exc_info=error)
    await _apologise(update, context, _apology(database, runs_again))


def _apology(database: bool, runs_again: bool) -> str:
    """Only say the message is kept when it is: in the inbox, to run again once the database answers."""
    if runs_again:
        return common.SAVED_FOR_LATER
    return common.NOT_SAVED if database else common.SOMETHING_WENT_WRONG


async def _apologise(update: object, context: CallbackContext[Any, Any, Any, Any], text: str) -> None:
    """Tell the user, once per update (an update run again after an outage does not apologise twice)."""
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None or chat.type != ChatType.PRIVATE:  # never in a group
        return
    box = context.bot_data.get(inbox.INBOX_KEY)
    if isinstance(update, Update) and isinstance(box, inbox.Inbox) and not box.first_apology(update.update_id):
        return
    try:
        await context.bot.send_message(chat.id, _(text))
    except TelegramError:
        log.warning("Could not tell %s about the failure", describe_update(update))


async def _mark_blocked(update: object, context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Telegram refused a reply (403): the user blocked the bot; mark them so, as a refused reminder does."""
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None or chat.type != ChatType.PRIVATE:
        log.info("A reply was refused (403) for %s", describe_update(update))
        return
    services = context.bot_data.get(SERVICES_KEY)
    if isinstance(services, Services):
        async with services.db.session() as session:
            await users.mark_blocked(session, chat.id, services.clock())
    log.info("A reply was refused (403): user_id=%s blocked the bot, reminders are off", chat.id)
