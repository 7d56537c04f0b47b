"""The user's data is theirs: /export (all of it as JSON) and /delete (everything, after a confirmation).

/export sends one pretty-printed JSON file of every row about the user (``usecases.mydata.export``) with
a one-line note of what it holds. /delete asks "Yes, delete everything" / "No, keep my data"; yes removes
every row about the user (the user row and, by cascade, everything else, their pending question included), so
every flow forgets where the user was (an old button then gets the polite stale answer).

/delete keeps nothing in between its two steps: the buttons carry everything needed, callback data
`del:yes:<user id>:<account stamp>`, checked on every press against
- the user pressing (someone else's button is refused),
- the account (the stamp is the user row's creation time: a button from before a deletion can never delete
  the data of the same person starting again with /start),
- the prompt's age (older than `CONFIRM_MINUTES`: expired, nothing deleted),
and an answered prompt loses its buttons. So a prompt from an earlier /delete can delete only if it is
recent and the account it was made for still exists: that is the same person confirming the same request
minutes ago, which is what "yes" means. Any other press gets a polite answer, never an exception.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from telegram import MaybeInaccessibleMessage, Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from conversations import callbacks
from conversations.common import answer_stale_button
from conversations.context import services
from conversations.export_summary import readable
from conversations.keyboards import choices
from conversations.kit import Context, reply
from conversations.texts import mydata as texts
from locales import _
from usecases import mydata
from usecases.mydata import Deletion

FLOW = "del"
YES, NO = "yes", "no"
CONFIRM_MINUTES = 15  # a confirmation older than this no longer deletes anything


def export_document(export: dict[str, list[dict[str, Any]]], user_id: int, now: datetime) -> bytes:
    """The export as a pretty-printed UTF-8 JSON document: the readable summary first, then every row of
    every table about the user (``tables``, complete)."""
    document = {"exported_at": now.isoformat(), "user_id": user_id, "summary": readable(export), "tables": export}
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


async def export(update: Update, context: Context) -> None:
    """/export: every row about the user as a JSON file."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    svc = services(context)
    now = svc.clock()
    found = await mydata.export(svc.db, user.id, now, svc.default_timezone)
    if found.empty:
        await reply(update, _(texts.NO_DATA))
        return
    await update.get_bot().send_document(
        chat.id,
        document=export_document(found.tables, user.id, now),
        filename=_(texts.EXPORT_FILENAME).format(day=found.today.isoformat()),
        caption=texts.export_note(found.tables),
    )


async def ask_delete(update: Update, context: Context) -> None:
    """/delete: say what goes and ask for a confirmation with two buttons."""
    user = update.effective_user
    if user is None:
        return
    stamp = await mydata.deletion_stamp(services(context).db, user.id)
    if stamp is None:
        await reply(update, _(texts.NO_DATA))
        return
    buttons = choices(
        [
            [(_(texts.YES_DELETE), callbacks.make(FLOW, YES, user.id, stamp))],
            [(_(texts.NO_KEEP), callbacks.make(FLOW, NO, user.id, stamp))],
        ]
    )
    await reply(update, _(texts.CONFIRM_DELETE), buttons)


def expired(message: MaybeInaccessibleMessage | None, now: datetime) -> bool:
    """Is the prompt too old to act on (or no longer accessible at all)?"""
    if not isinstance(message, Message):
        return True
    return now - message.date > timedelta(minutes=CONFIRM_MINUTES)


async def on_press(update: Update, context: Context) -> None:
    """A press on a /delete prompt's button: check it, then delete or keep."""
    query = update.callback_query
    if query is None:
        return
    press = callbacks.parse(query.data)
    if press is None or press.action not in (YES, NO):
        await answer_stale_button(update, context)
        return
    if press.int_arg(0) != query.from_user.id:
        await query.answer(_(texts.NOT_YOUR_BUTTON))
        return
    svc = services(context)
    if press.action == YES and expired(query.message, svc.clock()):
        await _close(update, _(texts.EXPIRED))
        return
    done = await mydata.confirm_deletion(svc.db, query.from_user.id, press.int_arg(1), delete=press.action == YES)
    if done is Deletion.GONE:
        await _close(update, _(texts.ALREADY_GONE))
    elif done is Deletion.DELETED:
        await _close(update, _(texts.ANSWER_DELETED), _(texts.DELETED))
    else:
        await _close(update, _(texts.ANSWER_KEPT), _(texts.KEPT))


async def _close(update: Update, answer: str, message: str | None = None) -> None:
    """Answer the press, take the buttons off the prompt, and optionally say more in a message."""
    query = update.callback_query
    assert query is not None
    await query.answer(answer)
    if isinstance(query.message, Message) and query.message.reply_markup is not None:
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except BadRequest:  # too old to edit, or already without buttons: the answer above is what matters
            pass
    if message is not None:
        await reply(update, message)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The handlers of this flow."""
    return [
        CommandHandler("export", export),
        CommandHandler("delete", ask_delete),
        CallbackQueryHandler(on_press, pattern=callbacks.pattern(FLOW)),
    ]
