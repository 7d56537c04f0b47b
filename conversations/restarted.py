"""What a user hears when the bot was restarted between storing their answer and sending its reply.

The durable inbox (``bot.inbox``) marks an update ``answering`` in the unit of work that stores its answer, and
done once its replies went out. A process killed in between leaves the answer stored (the update never runs
again: it would be applied twice) and the user without the reply, or the next question. At the next start the
inbox gives :func:`answer_again` each such user's last update, once per user: a short note says their last
answer is saved, and the question they are being asked comes again, shown by its flow's reasker
(``conversations.pending.ask_again``, as for a press whose reply was lost); the stored question keeps its row
(and its context) unless the flow now asks another, which is written as a flow handler would. No question
pending, or a flow that cannot show its question again: the note points to /today and /help instead. Under
an urgent red-flag lock the user gets only what the lock allows: the note above the lock message
(``conversations.lock``), as any message of theirs would get.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackContext

from conversations.context import services
from conversations.kit import Context, holding_replies, reply, reply_first
from conversations.language import set_language
from conversations.lock import lock_message
from conversations.pending import ask_again, record
from conversations.texts import common
from locales import _
from usecases.lock import standing, urgent_lock


def answerer(application: Application[Any, Any, Any, Any, Any, Any]) -> Callable[[Update], Awaitable[None]]:
    """:func:`answer_again` for an update rebuilt from the inbox, with a context as PTB would give its handler."""

    async def answer(update: Update) -> None:
        await answer_again(update, CallbackContext.from_update(update, application))

    return answer


async def answer_again(update: Update, context: Context) -> None:
    """Tell the user their last answer is saved, then show the question they are being asked (see above)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        return
    await set_language(update, context)
    svc = services(context)
    facts = await standing(svc.db, user.id)
    if not facts.known:  # deleted their data since: nothing of theirs to speak of
        return
    lock = await urgent_lock(svc.db, user.id, svc.default_timezone) if facts.urgent else None
    if lock is not None:
        text, markup = lock_message(lock, _(common.RESTARTED_HERE))
        await reply(update, text, markup)
        return
    async with holding_replies(), svc.db.holding() as held:
        again = await ask_again(update, context)  # None: nothing shown; (flow, None): the stored row stays
        await reply_first(update, _(common.RESTARTED_SAVED if again is None else common.RESTARTED_HERE))
        if again is not None and again[1] is not None:
            async with held.last_unit() as session:
                await record(session, user.id, again[0], again[1], svc.clock())
