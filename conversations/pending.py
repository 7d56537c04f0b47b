"""What each user is being asked now: one pending question per user, in the database, and the text router.

A flow's handler returns what PTB's conversation states used to say: the question it just asked (a ``str``),
:data:`END` (its question is answered, nothing more to type) or None (the same question stays open).
:func:`flow_handler` wraps every command and button handler of a flow: it holds the handler's replies and the
commit of its use case's unit of work (``Database.holding``), writes the pending question
(``storage.repositories.pending``) in that same unit, commits, then sends the replies. So the answer and the
question it leads to are one transaction, and the question is in the database before the user can see it,
whichever process gets their answer.

Buttons carry their own context in their callback data and need no pending question. Typed text (and a shared
location) goes to :func:`route_text`, the one handler for it: it reads the user's pending question and hands
the text to the reader the asking flow registered for that question (``Flow`` -> question -> reader, built in
``conversations/__init__.py``). The latest question asked owns the text: /settings asked for a timezone while
a session card is open, so the timezone gets the typed text. No pending question: the friendly fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from conversations import callbacks
from conversations.context import services
from conversations.kit import Context, holding_replies, press_only_stale, reply, stale_otherwise, user_id
from conversations.texts import common
from conversations.understand import answer_to_free_text
from locales import _
from storage.repositories import pending
from usecases.questions import Flow

#: A flow handler's answer: its question is answered, nothing is pending for it any more.
END = -1
#: A flow handler's answer: show the question being asked again, whichever flow asks it (after /language, in
#: the new language), and keep it pending.
ASK_AGAIN = -2

Callback = Callable[[Update, Context], Coroutine[Any, Any, Any]]
#: Per flow: the reader of typed text for each question it asks ("" for every other question of that flow).
Readers = Mapping["Flow", Mapping[str, Callback]]
ANY_QUESTION = ""


#: Per flow: how to show its pending question again (the question's name given), for a press whose reply
#: may have been lost; it returns the question now asked (None: nothing shown). Every flow that stores a
#: pending question has one. Filled once by ``conversations.register_handlers`` (flows cannot import each other).
Reasker = Callable[[Update, Context, str], Coroutine[Any, Any, Any]]
REASKERS: dict[Flow, Reasker] = {}


def flow_handler(flow: Flow | None, callback: Callback) -> Callback:
    """``callback`` with its replies held until the question it returned is stored as the user's pending one.

    A press the callback only answered as old or repeated (``kit.answer_stale``: "Already noted") gets the
    question being asked shown again, when its flow can (:data:`REASKERS`), whichever flow the press was
    from: its reply may have been lost, and the user must never be left with a note and nothing after it.
    With no question to show, the stale answer's ``otherwise`` follows (what was saved, what comes next).
    A callback that returns :data:`ASK_AGAIN` gets the question being asked shown again as well."""

    async def handle(update: Update, context: Context) -> None:
        svc = services(context)
        async with holding_replies(), svc.db.holding() as held:
            asking, asked = flow, await callback(update, context)
            again = await _again(update, context, asked_for=asked == ASK_AGAIN)
            asking, asked = again if again is not None else (asking, None if asked == ASK_AGAIN else asked)
            if asking is not None and asked is not None and update.effective_user is not None:
                async with held.last_unit() as session:
                    await record(session, update.effective_user.id, asking, asked, svc.clock())

    handle.__doc__ = callback.__doc__
    return handle


async def _again(update: Update, context: Context, *, asked_for: bool) -> tuple[Flow, Any] | None:
    """The question being asked shown again (:func:`ask_again`) if the callback asked for it or only answered
    a stale press; for a stale press with no question to show, its ``otherwise`` note instead."""
    stale = press_only_stale()
    again = await ask_again(update, context) if asked_for or stale else None
    note = stale_otherwise() if stale and again is None else None
    if note is not None:
        await reply(update, note)
    return again


async def ask_again(update: Update, context: Context) -> tuple[Flow, Any] | None:
    """Show the user's pending question again, if its flow knows how: its flow and what to store now (None
    when the question shown is the one stored: the row stays as it is, with its context, ``ref``); None when
    nothing was shown."""
    async with services(context).db.reading() as session:
        asked = await pending.current(session, user_id(update))
    flow = Flow(asked.flow) if asked is not None and asked.flow in set(Flow) else None
    reasker = REASKERS.get(flow) if flow is not None else None
    if asked is None or flow is None or reasker is None:
        return None
    shown = await reasker(update, context, asked.question)
    if shown is None:
        return None
    return flow, None if str(shown) == asked.question else shown


async def can_ask_again(update: Update, context: Context) -> bool:
    """Whether the user is being asked a question whose flow can show it again (:func:`ask_again`)."""
    async with services(context).db.reading() as session:
        asked = await pending.current(session, user_id(update))
    return asked is not None and asked.flow in set(Flow) and Flow(asked.flow) in REASKERS


def button_handler(flow: Flow, prefix: str, action: str, callback: Callback) -> CallbackQueryHandler[Any, Any]:
    """The handler of ``flow``'s button ``<prefix>:<action>:...``, its replies held for the pending question."""
    return CallbackQueryHandler(flow_handler(flow, callback), pattern=callbacks.pattern(prefix, action))


async def record(session: AsyncSession, uid: int, flow: Flow, asked: str | int, now: datetime) -> None:
    """Store what ``flow`` returned: a question it now asks, or END (only its own question is answered)."""
    if asked == END:
        await pending.done(session, uid, flow.value)
    else:
        await pending.ask(session, uid, flow=flow.value, question=str(asked), now=now)


def text_router(readers: Readers) -> MessageHandler[Any, Any]:
    """The one handler for typed text and shared locations: to the flow whose question is pending."""

    async def route_text(update: Update, context: Context) -> None:
        async with services(context).db.reading() as session:
            asked = await pending.current(session, user_id(update))
        flow = Flow(asked.flow) if asked is not None and asked.flow in set(Flow) else None
        by_question = readers.get(flow, {}) if flow is not None else {}
        reader = by_question.get(asked.question if asked else "") or by_question.get(ANY_QUESTION)
        if flow is None or reader is None:
            await _nothing_asked(update)
            return
        await flow_handler(flow, reader)(update, context)

    return MessageHandler(((filters.TEXT & ~filters.COMMAND) | filters.LOCATION), route_text)


async def _nothing_asked(update: Update) -> None:
    if update.effective_message is not None and update.effective_message.text:
        await reply(update, answer_to_free_text(update.effective_message.text))
    else:
        await reply(update, _(common.OTHER_MEDIA))


async def cancel(update: Update, context: Context) -> None:
    """/cancel: stop the question being asked (nothing said so far is lost), or say nothing is going on."""
    async with services(context).db.session() as session:
        stopped = await pending.done(session, user_id(update))
    if stopped:
        await reply(update, _(common.CANCELLED), ReplyKeyboardRemove())
    else:
        await reply(update, _(common.NOTHING_TO_CANCEL))


async def show_help(update: Update, context: Context) -> None:
    """/help: the commands; in the middle of a question, a reminder that it is still open."""
    async with services(context).db.reading() as session:
        asked = await pending.current(session, user_id(update))
    await reply(update, common.help_text() + (f"\n\n{_(common.STILL_HERE)}" if asked is not None else ""))


def handlers(readers: Readers) -> list[BaseHandler[Update, Any, Any]]:
    """/cancel, /help and the text router (after every flow's commands and buttons)."""
    return [CommandHandler("cancel", cancel), CommandHandler("help", show_help), text_router(readers)]
