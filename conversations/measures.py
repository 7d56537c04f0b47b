"""The outcome measures as the user sees them: /checkup, PEG-3 on 0-10 buttons, the PSFS, a short summary.

``usecases.measures`` runs the round (which question comes next, storing each answer, the pending question);
this module renders it. Buttons carry the round and the item (`meas:peg|rate:<round>:<index>:<score>`,
`meas:skip:<round>:<index>`), so a press from an earlier round, or a forged one, gets the stale answer and
nothing is stored: while a question is being asked, the note and that question again (:func:`ask_again`,
through ``conversations.pending``), the pressed buttons left where they are; the answer the latest round
ended with, pressed again, gets its summary again (the summary's reply may have been lost). Typed answers
go to :func:`typed` through the pending question (``Flow.MEASURES``): a score ("7", "seven") or, for the PSFS,
an activity's name; anything else gets a clear answer and the same question. The Sunday summary and the end of
onboarding offer a round with :func:`checkup_button`.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from coach.measures import read_activity
from coach.pain import read_pain_score
from conversations import callbacks, keyboards
from conversations.context import services
from conversations.kit import Context, answer_press, answer_stale, drop_buttons, pressed, reply, text_of, user_id
from conversations.pending import ANY_QUESTION, Callback, can_ask_again, flow_handler
from conversations.texts import measures as texts
from conversations.texts.common import STALE_BUTTON
from locales import Number, _
from usecases import measures
from usecases.measures import Ask, Question, Summary
from usecases.questions import Flow

FLOW = "meas"
GO, PEG, RATE, SKIP = "go", "peg", "rate", "skip"
_ACTIONS = {Question.PEG: PEG, Question.PSFS_RATE: RATE, Question.PSFS_NAME: SKIP}


def checkup_button() -> tuple[str, str]:
    """The button (label, data) that starts a round, for other flows' messages."""
    return _(texts.CHECKUP_BUTTON), callbacks.make(FLOW, GO)


def _markup(ask: Ask) -> InlineKeyboardMarkup:
    if ask.question is Question.PSFS_NAME:
        label = _(texts.SKIP) if ask.index == 0 else _(texts.THATS_ALL)
        return keyboards.choices([[(label, callbacks.make(FLOW, SKIP, ask.round_id, ask.index))]])
    return keyboards.pain_scale(FLOW, _ACTIONS[ask.question], ask.round_id, ask.index)


def _text(ask: Ask) -> str:
    if ask.question is Question.PEG:
        return texts.peg_question(ask.index)
    if ask.question is Question.PSFS_RATE:
        return texts.psfs_rate(ask.label)
    return _(texts.PSFS_INTRO) if ask.index == 0 else _(texts.PSFS_ANOTHER).format(most=3)


def _summary_text(summary: Summary) -> str:
    lines = [_(texts.THANKS)]
    if summary.peg is not None:
        lines.append(_(texts.PEG_SCORE).format(score=Number(summary.peg)))
    if summary.psfs is not None:
        lines.append(_(texts.PSFS_SCORE).format(score=Number(summary.psfs)))
    for trend, what in ((summary.peg_trend, _(texts.PEG_WHAT)), (summary.psfs_trend, _(texts.PSFS_WHAT))):
        if trend in texts.TRENDS:
            lines.append(_(texts.TRENDS[trend]).format(what=what))
    return "\n".join(lines)


async def _show(update: Update, step: Ask | Summary | None) -> None:
    if step is None:
        await reply(update, _(texts.STALE))
    elif isinstance(step, Summary):
        await reply(update, _summary_text(step))
    else:
        await reply(update, _text(step), _markup(step))


async def start(update: Update, context: Context) -> None:
    """/checkup, or the button that offers it: the first PEG-3 question."""
    await answer_press(update)
    svc = services(context)
    ask = await measures.start_round(svc.db, user_id(update), svc.clock())
    if ask is not None:
        await reply(update, _(texts.INTRO))
    await _show(update, ask)


async def ask_again(update: Update, context: Context, _question: str) -> str | None:
    """The question of the round being asked, shown again with its buttons (a press whose reply may have been
    lost); None: no round is open."""
    asked = await measures.current(services(context).db, user_id(update))
    if asked is not None:
        await _show(update, asked)
    return asked.question.value if asked is not None else None


async def _answer(update: Update, context: Context, asked: Ask, value: int | str | None) -> None:
    svc = services(context)
    step = await measures.answer(svc.db, user_id(update), asked, value, svc.clock(), svc.default_timezone)
    if step is None:
        await _stale(update, context, (asked, value) if not isinstance(value, str) else None)
        return
    await answer_press(update)
    await drop_buttons(update)
    await _show(update, step)


async def _stale(update: Update, context: Context, answered: tuple[Ask, int | None] | None = None) -> None:
    """An answer to no question being asked (an earlier round's, or a forged press). A press leaves the buttons
    where they are: while the user is being asked something (this round's question, or another flow's), a
    short note and that question again (``conversations.pending``); the answer the latest round ended with,
    pressed again, its summary again (its reply may have been lost); otherwise how to start a new round."""
    if update.callback_query is not None and await can_ask_again(update, context):
        await answer_stale(update, _(STALE_BUTTON))
        return
    await answer_press(update)
    db, uid = services(context).db, user_id(update)
    summary = await measures.finished_round(db, uid, *answered) if answered is not None else None
    await reply(update, _summary_text(summary) if summary is not None else _(texts.STALE))


def _pressed_ask(update: Update) -> tuple[Ask, int | None] | None:
    """The question a press answers and its score (None for Skip), or None for a malformed or forged press."""
    parsed = pressed(update)
    if parsed is None:
        return None
    question = {action: question for question, action in _ACTIONS.items()}.get(parsed.action)
    round_id, index, score = parsed.int_arg(0), parsed.int_arg(1), parsed.int_arg(2)
    if question is None or round_id is None or index is None:
        return None
    if question is not Question.PSFS_NAME and (score is None or not 0 <= score <= 10):
        return None
    return Ask(question, round_id, index), score


async def pressed_answer(update: Update, context: Context) -> None:
    """A score, or Skip / That's all, pressed under a question of a round."""
    press = _pressed_ask(update)
    if press is None:
        await _stale(update, context)
        return
    await _answer(update, context, *press)


async def typed(update: Update, context: Context) -> None:
    """A typed answer to the pending question of a round: a 0-10 score, or an activity's name."""
    asked = await measures.current(services(context).db, user_id(update))
    if asked is None:
        await reply(update, _(texts.STALE))
        return
    text = text_of(update)
    if asked.question is Question.PSFS_NAME:
        activity = read_activity(text)
        if activity is None:
            await reply(update, _(texts.NOT_AN_ACTIVITY), _markup(asked))
            return
        await _answer(update, context, asked, activity)
        return
    reading = read_pain_score(text)
    if reading.score is None:
        await reply(update, f"{_(texts.SCORE_HINT)}\n\n{_text(asked)}", _markup(asked))
        return
    await _answer(update, context, asked, reading.score)


TEXT_READERS: dict[str, Callback] = {ANY_QUESTION: typed}


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """/checkup and the buttons of a round."""
    asks = Flow.MEASURES  # the use case stores the question (with its context): the handlers return None
    return [
        CommandHandler("checkup", flow_handler(asks, start)),
        CallbackQueryHandler(flow_handler(asks, start), pattern=callbacks.pattern(FLOW, GO)),
        CallbackQueryHandler(flow_handler(asks, pressed_answer), pattern=callbacks.pattern(FLOW)),
    ]
