"""The lessons as the user sees them: /learn's list, one offered after the check-in or on a rest day, "Got it".

The rest day's offer is sent by the reminder ticker (``bot.scheduler``, kind ``lesson``, at the reminder time
on a day that is not a training day) with :func:`rest_day_message`.

``usecases.lessons`` says which lesson comes next and stores what was read; ``coach.lessons`` holds them.
Every lesson message ends with one tap: "Got it" (stored as read) or, where a second part exists, "Tell me
more" (the second part, then "Got it"). The buttons carry the lesson id (`learn:open|more|got:<id>`) and need
no pending question: an unknown id (a forged button) or a user who has since deleted their data gets the
polite stale answer and nothing is stored.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from coach.lessons import Lesson, lesson_by_id
from conversations import callbacks
from conversations.context import services
from conversations.keyboards import choices
from conversations.kit import Context, answer_press, drop_buttons, pressed, reply, user_id
from conversations.texts import lessons as texts
from locales import _
from usecases import lessons
from usecases.lessons import Marked

FLOW = "learn"
OPEN, MORE, GOT = "open", "more", "got"


def lesson_buttons(lesson: Lesson, *, first_part: bool = True) -> InlineKeyboardMarkup:
    """The one tap that ends a lesson's message: "Got it", and "Tell me more" under a first part that has one."""
    row = [(_(texts.GOT_IT), callbacks.make(FLOW, GOT, lesson.id))]
    if first_part and lesson.more is not None:
        row.append((_(texts.TELL_ME_MORE), callbacks.make(FLOW, MORE, lesson.id)))
    return choices([row])


def lesson_message(lesson: Lesson, intro: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
    """A lesson's first part and its buttons (``intro`` above it when it is offered unasked)."""
    text = texts.lesson_text(lesson)
    return (f"{intro}\n\n{text}" if intro else text), lesson_buttons(lesson)


def rest_day_message(lesson: Lesson) -> tuple[str, InlineKeyboardMarkup]:
    """The rest day's message (sent by the reminder ticker): the next unread lesson."""
    return lesson_message(lesson, _(texts.REST_DAY_INTRO))


async def send_lesson(update: Update, lesson: Lesson, intro: str | None = None) -> None:
    """A lesson's first part with its buttons (``intro`` above it when it is offered unasked)."""
    await reply(update, *lesson_message(lesson, intro))


async def offer_next(update: Update, context: Context) -> None:
    """After the check-in: the next lesson not yet read, if any is left."""
    lesson = await lessons.next_unread(services(context).db, user_id(update))
    if lesson is not None:
        await send_lesson(update, lesson, _(texts.OFFER_INTRO))


async def show_list(update: Update, context: Context) -> None:
    """/learn: every lesson as a button, the ones read marked."""
    listed = await lessons.overview(services(context).db, user_id(update))
    rows = [[(texts.list_label(lesson, read), callbacks.make(FLOW, OPEN, lesson.id))] for lesson, read in listed]
    footer = _(texts.LIST_ALL_READ) if all(read for _, read in listed) else _(texts.LIST_INTRO)
    await reply(update, f"{_(texts.LIST_TITLE)}\n{footer}", choices(rows))


def _pressed_lesson(update: Update) -> Lesson | None:
    parsed = pressed(update)
    lesson_id = parsed.arg(0) if parsed is not None else None
    return lesson_by_id(lesson_id) if lesson_id else None


async def _stale(update: Update) -> None:
    await answer_press(update)
    await reply(update, _(texts.STALE))


async def opened(update: Update, context: Context) -> None:
    """A lesson tapped in /learn's list: the list stays, the lesson follows."""
    lesson = _pressed_lesson(update)
    if lesson is None:
        await _stale(update)
        return
    await answer_press(update)
    await send_lesson(update, lesson)


async def more(update: Update, context: Context) -> None:
    """"Tell me more": the second part, which ends with "Got it"."""
    lesson = _pressed_lesson(update)
    if lesson is None or lesson.more is None:
        await _stale(update)
        return
    await answer_press(update)
    await drop_buttons(update)
    await reply(update, texts.more_text(lesson), lesson_buttons(lesson, first_part=False))


async def got_it(update: Update, context: Context) -> None:
    """"Got it": stored as read (the first time counts)."""
    lesson = _pressed_lesson(update)
    svc = services(context)
    if lesson is None:
        await _stale(update)
        return
    marked = await lessons.mark_read(svc.db, user_id(update), lesson.id, svc.clock())
    if marked is Marked.UNKNOWN:
        await _stale(update)
        return
    await answer_press(update, _(texts.NOTED) if marked is Marked.READ else _(texts.ALREADY_READ))
    await drop_buttons(update)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """/learn and the lesson buttons."""
    return [
        CommandHandler("learn", show_list),
        CallbackQueryHandler(opened, pattern=callbacks.pattern(FLOW, OPEN)),
        CallbackQueryHandler(more, pattern=callbacks.pattern(FLOW, MORE)),
        CallbackQueryHandler(got_it, pattern=callbacks.pattern(FLOW, GOT)),
    ]
