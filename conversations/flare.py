"""/pain (a flare: pause progression at once, pain 0-10, the cauda-equina questions, a gentle day) and /resume.

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
checks again that the pause is on; the RESUME_SCORE state is kept in the database like every state.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from coach import rules
from coach.pain import read_pain_score
from coach.progression import FlareCare, ResumeVerdict, flare_care, may_resume, pause, resume
from coach.records import CheckinContext
from coach.screening import PAIN_RECHECK_QUESTIONS, Answer, Question
from conversations import callbacks, keyboards, lock
from conversations.context import services
from conversations.kit import Context, answer_press, drop_buttons, reply
from conversations.kit import user_id as _user_id
from conversations.pending import END, Callback, flow_handler
from conversations.texts import flare as texts
from storage.repositories import pain, profiles, screening, users
from usecases import records
from usecases.lock import load_lock, raise_flag
from usecases.questions import Flow

FLOW = "pain"
SCORE, RECHECK, RESUME_SCORE = "score", "recheck", "resume_score"
PAUSE_REASON = "pain"


async def _answer(update: Update, text: str | None = None) -> None:
    """A press answered: its pop-up, and the question's buttons taken off."""
    await answer_press(update, text)
    await drop_buttons(update)


# --------------------------------------------------------------------------------------------- /pain ---


async def pain_command(update: Update, context: Context) -> str:
    """/pain: pause progression at once, then ask the score."""
    user = update.effective_user
    assert user is not None and update.effective_chat is not None
    svc = services(context)
    now = svc.clock()
    async with svc.db.session() as session:
        await users.record_seen(
            session, user_id=user.id, chat_id=update.effective_chat.id, first_name=user.first_name,
            language_code=user.language_code, now=now,
        )
        state = await records.load_user_state(session, user.id, svc.default_timezone, now, create_profile=True)
        week = await pain.pain_in_window(session, user.id, since=now - rules.PRE_FLARE_WINDOW, until=now)
        paused, frozen = pause(state.profile, state.progress, checkins=records.pain_records(week), now=now)
        if not state.profile.paused:
            await profiles.update_profile(
                session, user.id, now=now, paused=True, paused_at=now, pause_reason=PAUSE_REASON,
                pre_flare_baseline=paused.pre_flare_baseline,
            )
        await records.save_progress(session, user.id, frozen, state.progress, now)
    said = _pause_text(state)
    await reply(update, f"{said}\n\n{texts.ASK_SCORE}", keyboards.pain_scale(FLOW, "score"))
    return SCORE


def _pause_text(state: records.UserState) -> str:
    """What /pain says first: already paused, paused with the doses kept, or paused before any programme."""
    if state.profile.paused:
        return texts.ALREADY_PAUSED
    return texts.PAUSED if state.onboarded else texts.PAUSED_BEFORE_START


async def score_pressed(update: Update, context: Context) -> str | int:
    """A score button."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    score = parsed.int_arg(0) if parsed else None
    await _answer(update)
    if score is None or not rules.PAIN_MIN <= score <= rules.PAIN_MAX:
        return END
    return await _save_score(update, context, score)


async def score_typed(update: Update, context: Context) -> str:
    """A typed score ("7", "7/10", "seven"); anything else: why, and the scale again."""
    text = update.effective_message.text if update.effective_message else ""
    reading = read_pain_score(text or "")
    if reading.score is None:
        await reply(update, reading.problem or texts.ASK_SCORE, keyboards.pain_scale(FLOW, "score"))
        return SCORE
    return await _save_score(update, context, reading.score)


async def _save_score(update: Update, context: Context, score: int) -> str:
    svc = services(context)
    async with svc.db.session() as session:
        await pain.record_pain(
            session, user_id=_user_id(update), context=CheckinContext.AD_HOC, score=score, now=svc.clock()
        )
    return await _ask(update, 0, intro=texts.RECHECK_INTRO)


# ------------------------------------------------------------------------------- the safety questions ---


async def _ask(update: Update, number: int, intro: str | None = None) -> str:
    question = PAIN_RECHECK_QUESTIONS[number]
    text = f"{intro}\n\n{question.text}" if intro else question.text
    await reply(update, text, keyboards.yes_no_unsure(FLOW, "rf", number))
    return RECHECK


async def _next_question(context: Context, user_id: int) -> Question | None:
    """The first re-check question not answered since the latest /pain score (None: all answered)."""
    async with services(context).db.session() as session:
        return await _open_question(session, user_id)


async def _open_question(session: Any, user_id: int) -> Question | None:
    anchor = await pain.latest_for_user(session, user_id, CheckinContext.AD_HOC)
    answers = await screening.answers_for_user(session, user_id)
    since = anchor.recorded_at if anchor else None
    for question in PAIN_RECHECK_QUESTIONS:
        stored = answers.get(question.id)
        if stored is None or since is None or stored.answered_at < since:
            return question
    return None


async def recheck_pressed(update: Update, context: Context) -> str | int:
    """One answer: saved at once. Yes or not sure: emergency advice and stop; else the next one or the offer."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    number = parsed.int_arg(0) if parsed else None
    try:
        answer = Answer(parsed.arg(1) or "") if parsed else None
    except ValueError:
        answer = None
    svc = services(context)
    now = svc.clock()
    flagged = None
    async with svc.db.session() as session:  # the check, the answer and any flag in one unit of work
        expected = await _open_question(session, _user_id(update))
        if number is not None and answer is not None and expected is not None \
                and PAIN_RECHECK_QUESTIONS[number] == expected:
            await screening.save_answer(
                session, user_id=_user_id(update), question_id=expected.id, answer=answer.value, now=now
            )
            if answer.flags:
                await raise_flag(session, _user_id(update), (expected.id,), source=FLOW, now=now)
                flagged = await load_lock(session, _user_id(update), svc.default_timezone)
        else:
            answer = None
    if answer is None or number is None:
        await _answer(update, texts.RECHECK_HINT)
        return END if expected is None else RECHECK
    await _answer(update)
    if flagged is not None:
        await reply(update, lock.flagged_message(flagged))
        return END
    if number + 1 < len(PAIN_RECHECK_QUESTIONS):
        return await _ask(update, number + 1)
    await _offer(update, context)
    return END


async def _offer(update: Update, context: Context) -> None:
    """No urgent sign: advice that follows the /pain score, then a gentle session or rest and walking."""
    async with services(context).db.session() as session:
        latest = await pain.latest_for_user(session, _user_id(update), CheckinContext.AD_HOC)
    care = flare_care(latest.score) if latest is not None else FlareCare.GENTLE_DAY
    await reply(update, f"{texts.NO_URGENT_SIGNS}\n\n{texts.CARE[care]}", _offer_buttons(care))


def _offer_buttons(care: FlareCare) -> Any:
    gentle = [(texts.GENTLE, callbacks.make("sess", "start"))]
    rest = [(texts.REST, callbacks.make(FLOW, "rest"))]
    return keyboards.choices([rest, gentle] if care is FlareCare.REST_AND_RELIEF else [gentle, rest])


async def recheck_typed(update: Update, context: Context) -> str | int:
    """Free text during the questions: a hint and the current question again."""
    expected = await _next_question(context, _user_id(update))
    if expected is None:
        return END
    await reply(update, texts.RECHECK_HINT)
    return await _ask(update, PAIN_RECHECK_QUESTIONS.index(expected))


async def rest(update: Update, context: Context) -> None:
    """Rest and walking today."""
    await _answer(update)
    await reply(update, texts.REST_TEXT)


# ------------------------------------------------------------------------------------------- /resume ---


async def resume_command(update: Update, context: Context) -> str | int:
    """/resume: while paused, first the pain now (the pause may stay); otherwise say there is nothing to lift."""
    svc = services(context)
    async with svc.db.session() as session:
        state = await records.load_user_state(session, _user_id(update), svc.default_timezone, svc.clock())
    if not state.profile.paused:
        await reply(update, texts.NOT_PAUSED if state.onboarded else texts.NOT_SET_UP)
        return END
    await reply(update, texts.ASK_RESUME_SCORE, keyboards.pain_scale(FLOW, "rscore"))
    return RESUME_SCORE


async def resume_score_pressed(update: Update, context: Context) -> str | int:
    """A score button under the /resume question (it carries its whole answer)."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    score = parsed.int_arg(0) if parsed else None
    await _answer(update)
    if score is None or not rules.PAIN_MIN <= score <= rules.PAIN_MAX:
        return END
    return await _decide_resume(update, context, score)


async def resume_score_typed(update: Update, context: Context) -> str | int:
    """A typed score for /resume ("3", "3/10", "three"); anything else: why, and the scale again."""
    text = update.effective_message.text if update.effective_message else ""
    reading = read_pain_score(text or "")
    if reading.score is None:
        await reply(update, reading.problem or texts.ASK_RESUME_SCORE, keyboards.pain_scale(FLOW, "rscore"))
        return RESUME_SCORE
    return await _decide_resume(update, context, reading.score)


async def _decide_resume(update: Update, context: Context, score: int) -> int:
    """Save the score, then keep the pause (saying why) or lift it at the pre-flare dose, never higher."""
    svc = services(context)
    now, user_id = svc.clock(), _user_id(update)
    async with svc.db.session() as session:
        state = await records.load_user_state(session, user_id, svc.default_timezone, now)
        await pain.record_pain(session, user_id=user_id, context=CheckinContext.RESUME, score=score, now=now)
        usual = state.profile.baseline_pain
        usual = usual if usual is not None else state.profile.pre_flare_baseline
        verdict = may_resume(score, usual)
        if state.profile.paused and verdict is ResumeVerdict.RESUME:
            _, restored = resume(state.profile, state.progress)
            await profiles.update_profile(
                session, user_id, now=now, paused=False, paused_at=None, pause_reason=None, pre_flare_baseline=None,
            )
            await records.save_progress(session, user_id, restored, state.progress, now)
    if not state.profile.paused:  # lifted meanwhile (a second press): the score is kept, nothing else to do
        await reply(update, texts.NOT_PAUSED if state.onboarded else texts.NOT_SET_UP)
    elif verdict is not ResumeVerdict.RESUME:
        await reply(update, texts.still_paused(verdict, score, usual))
    else:
        await reply(update, texts.RESUMED if state.onboarded else texts.RESUMED_BEFORE_START)
    return END


# ------------------------------------------------------------------------------------------- wiring ---

def _on(action: str, callback: Callback) -> CallbackQueryHandler[Any, Any]:
    return CallbackQueryHandler(flow_handler(Flow.FLARE, callback), pattern=callbacks.pattern(FLOW, action))


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
