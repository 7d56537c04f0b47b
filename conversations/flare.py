"""/pain (a flare: pause progression at once, pain 0-10, the cauda-equina questions, a gentle day) and /resume.

Handlers parse the press or the typed score, call ``usecases.flare`` (which decides and saves, in one unit of
work each) and render the result in ``conversations/texts/flare.py``.

/pain pauses first (`coach.progression.pause`: profile paused with its pre-flare baseline, every track frozen
with its pre-flare dose), then asks the score (saved as an ad-hoc check-in) and the questions of
`coach.screening.PAIN_RECHECK_QUESTIONS` one at a time, each answer saved at once. Any yes or not sure: the
neutral emergency advice, the programme locks, stop. Otherwise: "none of those urgent signs", advice that
follows the score (`coach.progression.flare_care`: from 8, rest positions, pain relief as a pharmacist advises
and a doctor if it does not settle), and a gentle session (`sess:start`, which plans the gentle session while
paused) or rest and walking.

/resume first asks the pain now (saved as a `resume` check-in); `coach.progression.may_resume` keeps the pause
at 7 or more or more than 2 above the usual pain (the reply says why and when to try again), otherwise the
pause lifts at the pre-flare dose, never higher.

States: SCORE, RECHECK, RESUME_SCORE. Callback data: `pain:score:<0-10>`, `pain:rf:<question>:<answer>`,
`pain:rest`, `pain:rscore:<0-10>`. Where the state is lost, the next question is re-derived: the first re-check
question not answered since the latest ad-hoc check-in; a /resume score button carries its whole answer and
checks again that the pause is on; the RESUME_SCORE state is kept in the database like every state. A press
of a question already answered, or a forged one, gets a polite hint, leaves the buttons where they are, and
the question being asked comes again (:func:`ask_again`, through ``conversations.pending``); with none being
asked and every question answered (the last one pressed again, its reply lost), the advice and its offer again.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from coach import rules
from coach.pain import read_pain_score
from coach.progression import FlareCare, ResumeVerdict
from coach.screening import PAIN_RECHECK_QUESTIONS, Answer
from conversations import callbacks, keyboards, lock
from conversations.context import services
from conversations.kit import (
    Context,
    answer_press,
    answer_stale,
    drop_buttons,
    pressed,
    reply,
    text_of,
    user_id,
    visitor_of,
)
from conversations.pending import END, Callback, button_handler, can_ask_again, flow_handler
from conversations.texts import flare as texts
from locales import _
from usecases import flare as flares
from usecases.flare import Recheck, Standing
from usecases.questions import Flow

FLOW = "pain"
SCORE, RECHECK, RESUME_SCORE = "score", "recheck", "resume_score"


def _score_pressed(update: Update) -> int | None:
    """The 0-10 score a press carries, or None for a malformed one."""
    press = pressed(update)
    score = press.int_arg(0) if press else None
    return score if score is not None and rules.PAIN_MIN <= score <= rules.PAIN_MAX else None


def _not_paused_text(standing: Standing) -> str:
    return _(texts.NOT_PAUSED) if standing.onboarded else _(texts.NOT_SET_UP)


# --------------------------------------------------------------------------------------------- /pain ---


async def pain_command(update: Update, context: Context) -> str:
    """/pain: pause progression at once, then ask the score."""
    visitor = visitor_of(update)
    assert visitor is not None
    svc = services(context)
    before = await flares.pause_for_pain(svc.db, visitor, svc.clock(), svc.default_timezone)
    said = _pause_text(before)
    await reply(update, f"{said}\n\n{_(texts.ASK_SCORE)}", keyboards.pain_scale(FLOW, "score"))
    return SCORE


def _pause_text(before: Standing) -> str:
    """What /pain says first: already paused, paused with the doses kept, or paused before any programme."""
    if before.paused:
        return _(texts.ALREADY_PAUSED)
    return _(texts.PAUSED) if before.onboarded else _(texts.PAUSED_BEFORE_START)


async def score_pressed(update: Update, context: Context) -> str | int:
    """A score button."""
    score = _score_pressed(update)
    await answer_press(update)
    await drop_buttons(update)
    if score is None:
        return END
    return await _save_score(update, context, score)


async def score_typed(update: Update, context: Context) -> str:
    """A typed score ("7", "7/10", "seven"); anything else: why, and the scale again."""
    reading = read_pain_score(text_of(update))
    if reading.score is None:
        await reply(update, reading.problem or _(texts.ASK_SCORE), keyboards.pain_scale(FLOW, "score"))
        return SCORE
    return await _save_score(update, context, reading.score)


async def _save_score(update: Update, context: Context, score: int) -> str:
    svc = services(context)
    await flares.record_flare_score(svc.db, user_id(update), score, svc.clock())
    return await _ask(update, 0, intro=_(texts.RECHECK_INTRO))


# ------------------------------------------------------------------------------- the safety questions ---


async def _ask(update: Update, number: int, intro: str | None = None) -> str:
    question = PAIN_RECHECK_QUESTIONS[number]
    text = f"{intro}\n\n{_(question.text)}" if intro else _(question.text)
    await reply(update, text, keyboards.yes_no_unsure(FLOW, "rf", number))
    return RECHECK


def _recheck_press(update: Update) -> tuple[int, Answer] | None:
    """(question number, answer) of a safety-question press, or None for a malformed one."""
    press = pressed(update)
    number = press.int_arg(0) if press else None
    try:
        answer = Answer(press.arg(1) or "") if press else None
    except ValueError:
        answer = None
    return (number, answer) if number is not None and answer is not None else None


async def recheck_pressed(update: Update, context: Context) -> str | int:
    """One answer: saved at once. Yes or not sure: emergency advice and stop; else the next one or the offer."""
    svc, uid, press = services(context), user_id(update), _recheck_press(update)
    if press is None:
        result = flares.RecheckResult(Recheck.STALE, number=await flares.open_recheck(svc.db, uid))
    else:
        number, answer = press
        result = await flares.answer_recheck(svc.db, uid, number, answer, svc.clock(), svc.default_timezone)
    if result.outcome is Recheck.STALE and (result.care is None or await can_ask_again(update, context)):
        await answer_stale(update, _(texts.RECHECK_HINT))  # the buttons stay: it may be the question asked
        return END if result.number is None else RECHECK
    await answer_press(update)
    if result.outcome is not Recheck.STALE:  # stale with the advice: every question answered, its reply lost
        await drop_buttons(update)
    if result.outcome is Recheck.FLAGGED:
        assert result.lock is not None
        await reply(update, lock.flagged_message(result.lock))
        return END
    if result.outcome is Recheck.NEXT:
        assert result.number is not None
        return await _ask(update, result.number)
    assert result.care is not None
    care = result.care
    await reply(update, f"{_(texts.NO_URGENT_SIGNS)}\n\n{_(texts.CARE[care])}", _offer_buttons(care))
    return END


def _offer_buttons(care: FlareCare) -> InlineKeyboardMarkup:
    """No urgent sign: a gentle session or rest and walking (rest first when the pain is severe)."""
    gentle = [(_(texts.GENTLE), callbacks.make("sess", "start"))]
    rest = [(_(texts.REST), callbacks.make(FLOW, "rest"))]
    return keyboards.choices([rest, gentle] if care is FlareCare.REST_AND_RELIEF else [gentle, rest])


async def ask_again(update: Update, context: Context, question: str) -> str | None:
    """The question /pain or /resume is asking, shown again (a press whose reply may have been lost)."""
    if question == SCORE:
        await reply(update, _(texts.ASK_SCORE), keyboards.pain_scale(FLOW, "score"))
        return SCORE
    if question == RESUME_SCORE:
        if not (await flares.standing(services(context).db, user_id(update))).paused:
            return None
        await reply(update, _(texts.ASK_RESUME_SCORE), keyboards.pain_scale(FLOW, "rscore"))
        return RESUME_SCORE
    number = await flares.open_recheck(services(context).db, user_id(update)) if question == RECHECK else None
    return await _ask(update, number) if number is not None else None


async def recheck_typed(update: Update, context: Context) -> str | int:
    """Free text during the questions: a hint and the current question again."""
    number = await flares.open_recheck(services(context).db, user_id(update))
    if number is None:
        return END
    await reply(update, _(texts.RECHECK_HINT))
    return await _ask(update, number)


async def rest(update: Update, context: Context) -> None:
    """Rest and walking today."""
    await answer_press(update)
    await drop_buttons(update)
    await reply(update, _(texts.REST_TEXT))


# ------------------------------------------------------------------------------------------- /resume ---


async def resume_command(update: Update, context: Context) -> str | int:
    """/resume: while paused, first the pain now (the pause may stay); otherwise say there is nothing to lift."""
    svc = services(context)
    now = await flares.standing(svc.db, user_id(update))
    if not now.paused:
        await reply(update, _not_paused_text(now))
        return END
    await reply(update, _(texts.ASK_RESUME_SCORE), keyboards.pain_scale(FLOW, "rscore"))
    return RESUME_SCORE


async def resume_score_pressed(update: Update, context: Context) -> str | int:
    """A score button under the /resume question (it carries its whole answer)."""
    score = _score_pressed(update)
    await answer_press(update)
    await drop_buttons(update)
    if score is None:
        return END
    return await _decide_resume(update, context, score)


async def resume_score_typed(update: Update, context: Context) -> str | int:
    """A typed score for /resume ("3", "3/10", "three"); anything else: why, and the scale again."""
    reading = read_pain_score(text_of(update))
    if reading.score is None:
        await reply(update, reading.problem or _(texts.ASK_RESUME_SCORE), keyboards.pain_scale(FLOW, "rscore"))
        return RESUME_SCORE
    return await _decide_resume(update, context, reading.score)


async def _decide_resume(update: Update, context: Context, score: int) -> int:
    """The score saved; the pause kept (saying why) or lifted at the pre-flare dose, never higher."""
    svc = services(context)
    answered = await flares.answer_resume(svc.db, user_id(update), score, svc.clock(), svc.default_timezone)
    if not answered.before.paused:  # lifted meanwhile (a second press): the score is kept, nothing else to do
        await reply(update, _not_paused_text(answered.before))
    elif answered.verdict is not ResumeVerdict.RESUME:
        await reply(update, texts.still_paused(answered.verdict, score, answered.usual))
    else:
        await reply(update, _(texts.RESUMED) if answered.before.onboarded else _(texts.RESUMED_BEFORE_START))
    return END


# ------------------------------------------------------------------------------------------- wiring ---

def _on(action: str, callback: Callback) -> CallbackQueryHandler[Any, Any]:
    return button_handler(Flow.FLARE, FLOW, action, callback)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """/pain, /resume, their buttons and the rest button."""
    return [
        CommandHandler("pain", flow_handler(Flow.FLARE, pain_command)),
        CommandHandler("resume", flow_handler(Flow.FLARE, resume_command)),
        _on("score", score_pressed),
        _on("rf", recheck_pressed),
        _on("rscore", resume_score_pressed),
        _on("rest", rest),
    ]


#: Typed text for each question /pain and /resume ask.
TEXT_READERS: dict[str, Callback] = {SCORE: score_typed, RECHECK: recheck_typed, RESUME_SCORE: resume_score_typed}
