"""Onboarding for a new user (/start) and the red-flag re-screen (/screen): one flow, its place in the database.

The journey, one question per message: consent -> doctor check -> the red-flag questions -> usual pain ->
experience -> training days -> reminder time -> timezone (confirmed with the local time now) -> summary.
Every answer is stored the moment it is given, with ``profile.onboarding_step`` naming the question being
asked. Which question is open is read from the database on every update (:func:`asked_step`), so a lost or
lagging conversation state (``kill -9``, /cancel, /start again) never matters: the user continues at the
same question. The pending question (``conversations.pending``) only says "onboarding asked last", so the
user's typed text comes here; :func:`on_message` reads it for whatever step is open.

Callback data (prefix ``ob``): ``ob:consent:yes|no``, ``ob:doc:yes|no``, ``ob:clr:yes|no:<flag>`` (an open
red flag: examined and cleared by a clinician since? see ``conversations.lock``), ``ob:q:<question id>:<answer>``,
``ob:pain:<0-10>``, ``ob:exp:<level>``, and the schedule pickers shared with /settings (``<flow>:day:<0-6>``,
``<flow>:days:ok|keep|more``, ``<flow>:time:<HHMM>``, ``<flow>:tz:<zone with dots>``, ``<flow>:zok:yes|no``).
The summary's first button is ``sess:start`` (the session flow's); ``ob:wait`` answers "Wait for my reminder".
"""

from __future__ import annotations

import html
from enum import StrEnum
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from coach import pain as coach_pain
from coach import rules
from coach.screening import (
    RED_FLAG_QUESTIONS,
    Access,
    Answer,
    Decision,
    decide,
    first_unanswered,
    new_flags,
    stops_at_once,
)
from conversations import callbacks, keyboards, lock, schedule_input, welcome
from conversations.context import services
from conversations.kit import Context, reply
from conversations.kit import pressed as _pressed
from conversations.kit import text_of as _text
from conversations.kit import user_id as _uid
from conversations.pending import ANY_QUESTION, END, Callback, flow_handler
from conversations.schedule_pickers import (
    days_done_input,
    days_markup,
    days_text,
    time_input,
    time_markup,
    toggle_day_press,
    zone_confirm_input,
    zone_confirm_markup,
    zone_confirm_text,
    zone_input,
    zone_markup,
)
from conversations.texts import lock as lock_texts
from conversations.texts import onboarding as texts
from conversations.texts.common import FREE_TEXT, STALE_BUTTON, WELCOME_BACK_RED_FLAG
from storage.models import Profile
from storage.repositories import profiles, screening, users
from usecases import settings
from usecases.lock import clear_flags, cleared_question_ids, load_lock, raise_flag
from usecases.questions import Flow
from usecases.records import decision_value, screening_decision
from usecases.reminder_rows import access, is_locked, write_session_reminder

FLOW = "ob"
FLAG_SOURCE = "screening"  # where a flag raised here comes from (red_flags.source)
SESSION_START = callbacks.make("sess", "start")  # handled by the session flow


class Step(StrEnum):
    """The question being asked; stored as ``profile.onboarding_step`` and used as the conversation state."""

    CONSENT = "consent"
    DOCTOR = "doctor"
    CLEARED = "cleared"  # /screen after a red flag: has a clinician examined you?
    SCREENING = "screening"
    RED_FLAG = "red_flag"  # the screen found a red flag: no plan until cleared (not a conversation state)
    PAIN = "pain"
    EXPERIENCE = "experience"
    DAYS = "days"
    TIME = "time"
    ZONE = "timezone"
    ZONE_CONFIRM = "confirm_zone"
    DONE = "done"


# ------------------------------------------------------------------------------ where is the user? ---


_SCHEDULE_STEPS = (Step.DAYS, Step.TIME, Step.ZONE, Step.ZONE_CONFIRM)


def current_step(profile: Profile | None) -> Step:
    """Where the user is, from what the database holds (the first thing not yet answered)."""
    if profile is None or profile.consent_at is None:
        return Step.CONSENT
    if profile.doctor_check is None:
        return Step.DOCTOR
    if screening_decision(profile) is None:
        return Step.SCREENING
    if is_locked(profile):
        return Step.RED_FLAG
    if profile.onboarded_at is not None:
        return Step.DONE
    if profile.baseline_pain is None:
        return Step.PAIN
    if profile.experience is None:
        return Step.EXPERIENCE
    return _schedule_step(profile)


def asked_step(profile: Profile | None) -> Step:
    """The question being asked: :func:`current_step`, where an open red flag asks the one way forward (has a
    clinician examined you since and cleared exercise?) until it is answered yes."""
    step = current_step(profile)
    return Step.CLEARED if step is Step.RED_FLAG else step


def _schedule_step(profile: Profile) -> Step:
    """The stored step among days / time / zone, but never past a missing answer."""
    stored = Step(profile.onboarding_step) if profile.onboarding_step in set(_SCHEDULE_STEPS) else Step.DAYS
    if stored is Step.DAYS or not profile.training_days:
        return Step.DAYS
    if stored is Step.TIME or profile.reminder_time is None:
        return Step.TIME
    if stored is Step.ZONE or profile.timezone is None:
        return Step.ZONE
    return Step.ZONE_CONFIRM


async def _answers(session: AsyncSession, user_id: int) -> dict[str, Answer]:
    rows = await screening.answers_for_user(session, user_id)
    return {qid: Answer(row.answer) for qid, row in rows.items() if row.answer in set(Answer)}


async def _load(context: Context, user_id: int) -> tuple[Profile | None, dict[str, Answer]]:
    async with services(context).db.session() as session:
        return await profiles.get_profile(session, user_id), await _answers(session, user_id)


async def save_profile(context: Context, user_id: int, step: Step | None, **changes: object) -> Profile:
    """Store answers (and the step now asked) in one short transaction; the reminder rows follow the profile."""
    svc = services(context)
    async with svc.db.session() as session:
        if step is not None:
            changes["onboarding_step"] = step.value
        return await settings.update_profile(session, user_id, svc.clock(), **changes)


# --------------------------------------------------------------------------------- small helpers ---


async def _accept(update: Update) -> None:
    """Answer the button press. The old buttons stay (one send per step: Telegram allows about one message a
    second per chat); pressing one again later gets a polite "that's from earlier"."""
    if update.callback_query is not None:
        await update.callback_query.answer()


async def _refuse(update: Update, text: str) -> None:
    """A press that does not fit the question being asked: a polite note, nothing changes."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=False)


def _join(prefix: str, text: str) -> str:
    return f"{prefix}\n\n{text}" if prefix else text


# ------------------------------------------------------------------------------------- asking ---


async def ask(update: Update, context: Context, step: Step, prefix: str = "") -> object:
    """Send the question of ``step`` (with ``prefix`` above it) and return the conversation state."""
    uid = _uid(update)
    profile, answers = await _load(context, uid)
    if step is Step.SCREENING:
        return await _ask_screening(update, context, answers, prefix)
    if step is Step.CLEARED:
        return await _ask_clearance(update, context, prefix)
    text, markup = _question(context, step, profile)
    await reply(update, _join(prefix, text), markup)
    return step.value


def _question(context: Context, step: Step, profile: Profile | None) -> tuple[str, InlineKeyboardMarkup | None]:
    days = profile.training_weekdays if profile else ()
    zone = profile.timezone if profile and profile.timezone else services(context).default_timezone
    questions: dict[Step, Any] = {
        Step.CONSENT: lambda: (texts.CONSENT_QUESTION, _two("consent", texts.CONSENT_YES, texts.CONSENT_NO)),
        Step.DOCTOR: lambda: (texts.DOCTOR, _two("doc", texts.DOCTOR_YES, texts.DOCTOR_NOT_YET)),
        Step.PAIN: lambda: (texts.PAIN_QUESTION, keyboards.pain_scale(FLOW, "pain")),
        Step.EXPERIENCE: lambda: (texts.EXPERIENCE_QUESTION, _experience_markup()),
        Step.DAYS: lambda: (days_text(days), days_markup(FLOW, days)),
        Step.TIME: lambda: (texts.TIME_QUESTION, time_markup(FLOW)),
        Step.ZONE: lambda: (texts.ZONE_QUESTION, zone_markup(FLOW, services(context).default_timezone)),
        Step.ZONE_CONFIRM: lambda: (zone_confirm_text(services(context).clock(), zone), zone_confirm_markup(FLOW)),
    }
    text, markup = questions[step]()
    return text, markup


def _two(action: str, yes: str, no: str) -> InlineKeyboardMarkup:
    return keyboards.choices([[(yes, callbacks.make(FLOW, action, "yes")), (no, callbacks.make(FLOW, action, "no"))]])


def _experience_markup() -> InlineKeyboardMarkup:
    return keyboards.choices([[(label, callbacks.make(FLOW, "exp", key))] for key, label in texts.EXPERIENCE_CHOICES])


async def _ask_screening(update: Update, context: Context, answers: dict[str, Answer], prefix: str) -> object:
    question = first_unanswered(answers)
    if question is None:  # every answer is in (a crash before the decision was stored): decide now
        return await _decide(update, context, answers)
    number = RED_FLAG_QUESTIONS.index(question) + 1
    text = texts.SCREEN_QUESTION.format(number=number, total=len(RED_FLAG_QUESTIONS), text=question.text)
    await reply(update, _join(prefix, text), keyboards.yes_no_unsure(FLOW, "q", question.id))
    return Step.SCREENING.value


async def resume(update: Update, context: Context, prefix: str = "") -> object:
    """Continue at the question the database says the user is on."""
    profile, _ = await _load(context, _uid(update))
    step = asked_step(profile)
    if step is Step.DONE:
        return END
    return await ask(update, context, step, prefix)


# ------------------------------------------------------------------------------------- /start ---


async def start(update: Update, context: Context) -> object:
    """/start: new or unfinished users onboard (where they left off); others get welcome.py's greeting."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return END
    svc = services(context)
    async with svc.db.session() as session:
        _, created = await users.record_seen(
            session,
            user_id=user.id,
            chat_id=chat.id,
            first_name=user.first_name,
            language_code=user.language_code,
            now=svc.clock(),
        )
        profile = await profiles.get_profile(session, user.id)
    step = asked_step(profile)
    name = html.escape(user.first_name)
    if step is Step.DONE:
        await welcome.welcome_back(update, name)
        return END
    if step is Step.CLEARED:
        return await _ask_clearance(update, context, WELCOME_BACK_RED_FLAG.format(name=name))
    if step is Step.CONSENT:  # what the bot is and is not, every time consent is asked
        await save_profile(context, user.id, Step.CONSENT)
        return await ask(update, context, step, welcome.first_welcome(name, returning=not created))
    return await ask(update, context, step, texts.CARRY_ON.format(name=name))


# ------------------------------------------------------------------------- consent and doctor ---


async def on_consent(update: Update, context: Context) -> object:
    pressed = _pressed(update)
    if pressed is None or pressed.arg(0) not in ("yes", "no"):
        await _refuse(update, STALE_BUTTON)
        return None
    await _accept(update)
    if pressed.arg(0) == "no":
        await reply(update, texts.CONSENT_LATER)
        return END
    await save_profile(context, _uid(update), Step.DOCTOR, consent_at=services(context).clock())
    return await ask(update, context, Step.DOCTOR)


async def on_doctor(update: Update, context: Context) -> object:
    pressed = _pressed(update)
    if pressed is None or pressed.arg(0) not in ("yes", "no"):
        await _refuse(update, STALE_BUTTON)
        return None
    await _accept(update)
    answer = Answer.YES if pressed.arg(0) == "yes" else Answer.NO
    await save_profile(
        context, _uid(update), Step.SCREENING, doctor_check=answer.value, doctor_check_at=services(context).clock()
    )
    if answer is Answer.NO:
        await reply(update, texts.DOCTOR_NOT_YET_REPLY)
        return await ask(update, context, Step.SCREENING, texts.SCREEN_INTRO)
    return await ask(update, context, Step.SCREENING, _join(texts.DOCTOR_THANKS, texts.SCREEN_INTRO))


# ------------------------------------------------------------------------------------ screening ---


async def on_screen_answer(update: Update, context: Context) -> object:
    """One red-flag answer: stored at once; an emergency answer stops the questions there."""
    pressed = _pressed(update)
    qid, value = (pressed.arg(0), pressed.arg(1)) if pressed else (None, None)
    if qid is None or value not in {a.value for a in Answer}:
        await _refuse(update, texts.SCREEN_ALREADY_ANSWERED)
        return None
    answer = Answer(value)
    svc = services(context)
    async with svc.db.session() as session:
        answers = await _answers(session, _uid(update))
        current = first_unanswered(answers)
        if current is None or current.id != qid:
            stale = True
        else:
            stale = False
            await screening.save_answer(
                session, user_id=_uid(update), question_id=qid, answer=answer.value, now=svc.clock()
            )
            answers[qid] = answer
    if stale:
        await _refuse(update, texts.SCREEN_ALREADY_ANSWERED)
        return None
    await _accept(update)
    if stops_at_once(qid, answer) or first_unanswered(answers) is None:
        return await _decide(update, context, answers)
    return await _ask_screening(update, context, answers, "")


async def _decide(update: Update, context: Context, answers: dict[str, Answer]) -> object:
    """The screen's outcome, stored; a flag a clinician has not cleared locks the programme (the neutral advice,
    no plan); otherwise on to the next step."""
    uid, svc = _uid(update), services(context)
    now = svc.clock()
    async with svc.db.session() as session:
        fresh = await _new_flags(session, uid, answers)
        if fresh:
            profile = await raise_flag(
                session, uid, fresh, source=FLAG_SOURCE, now=now, onboarding_step=Step.RED_FLAG.value
            )
            flagged = await load_lock(session, uid, svc.default_timezone)
        else:
            decision = decision_value(decide(answers).decision)
            profile = await profiles.update_profile(session, uid, now=now, screening_outcome=decision, screened_at=now)
            await write_session_reminder(session, profile, now=now)  # a re-screen had switched it off
            flagged = None
    if flagged is not None:
        await reply(update, lock.flagged_message(flagged))
        return END
    return await _after_screening(update, context, profile)


async def _new_flags(session: AsyncSession, user_id: int, answers: dict[str, Answer]) -> tuple[str, ...]:
    """The flagged answers an earlier clearance does not cover (``coach.screening.new_flags``)."""
    rows = await screening.answers_for_user(session, user_id)
    profile = await profiles.get_profile(session, user_id)
    flagged_at = {qid: row.answered_at for qid, row in rows.items() if qid in answers and answers[qid].flags}
    cleared_at = profile.red_flag_cleared_at if profile else None
    return new_flags(flagged_at, cleared_at, await cleared_question_ids(session, user_id))


async def _after_screening(update: Update, context: Context, profile: Profile, done: str = "") -> object:
    """Nothing locks: carry on (a first screen goes on to the next question, a re-screen back to the programme)."""
    if not done:
        done = texts.SCREEN_CLEAR if screening_decision(profile) is Decision.CLEAR else texts.SCREEN_CLEARED_CARRY_ON
    if profile.onboarded_at is not None:
        await save_profile(context, profile.user_id, Step.DONE)
        await reply(update, _join(done, texts.RESCREEN_ALL_CLEAR_ONBOARDED))
        return END
    following = current_step(profile)  # pain after a first screen; further on after a /screen mid-onboarding
    await save_profile(context, profile.user_id, following)
    return await ask(update, context, following, done)


async def screen_command(update: Update, context: Context) -> object:
    """/screen: with an open red flag, what was reported and the one way forward; otherwise the safety
    questions again from the first."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return END
    svc = services(context)
    async with svc.db.session() as session:
        await users.record_seen(
            session,
            user_id=user.id,
            chat_id=chat.id,
            first_name=user.first_name,
            language_code=user.language_code,
            now=svc.clock(),
        )
        profile = await profiles.get_profile(session, user.id)
    if profile is None or profile.consent_at is None or profile.doctor_check is None:
        return await resume(update, context)  # not that far yet: onboarding asks the questions in order
    if is_locked(profile):
        return await _ask_clearance(update, context)
    return await _restart_screening(update, context, texts.RESCREEN_START)


async def _ask_clearance(update: Update, context: Context, prefix: str = "") -> object:
    """The one way forward from an open flag: what was reported and when, the advice, has a clinician cleared
    you since? (Only while a flag is open; otherwise the question the user is on.)"""
    svc = services(context)
    async with svc.db.session() as session:
        flagged = await load_lock(session, _uid(update), svc.default_timezone)
    if flagged is None:
        return await resume(update, context, prefix)
    text, markup = lock.lock_message(flagged, prefix)
    await reply(update, text, markup)
    return Step.CLEARED.value


async def on_cleared(update: Update, context: Context) -> object:
    """The clearance question: "yes" (a clinician examined me since and cleared exercise) records the
    clearance with both dates and lifts the lock, then any unanswered safety question follows; "not yet"
    keeps the lock and repeats the advice, offering nothing else. A button naming an older flag is stale."""
    pressed, uid, svc = _pressed(update), _uid(update), services(context)
    answer = pressed.arg(0) if pressed else None
    async with svc.db.session() as session:
        flagged = await load_lock(session, uid, svc.default_timezone)
        current = flagged is not None and pressed is not None and pressed.int_arg(1) == flagged.flag_ref
        if flagged is not None and current and answer == "yes":
            await clear_flags(session, uid, lock.clearance_words(flagged), svc.clock())
            if first_unanswered(await _answers(session, uid)) is not None:  # an emergency stopped the questions
                await profiles.update_profile(
                    session, uid, now=svc.clock(), screening_outcome=None, onboarding_step=Step.SCREENING.value
                )
    if flagged is None:
        await _refuse(update, STALE_BUTTON)
        return None
    if not current or answer not in ("yes", "no"):
        await _refuse(update, lock_texts.PRESS_IS_OLD)
        return await _ask_clearance(update, context)
    await _accept(update)
    if answer == "no":
        await reply(update, lock.not_yet_message(flagged))
        return Step.CLEARED.value
    cleared = lock_texts.CLEARED.format(date=lock_texts.day_text(flagged.raised_on))
    return await _after_clearance(update, context, cleared)


async def _after_clearance(update: Update, context: Context, cleared: str) -> object:
    """Cleared: the safety questions not yet answered (an emergency answer stops the others), or carry on."""
    profile, answers = await _load(context, _uid(update))
    if first_unanswered(answers) is not None:
        return await _ask_screening(update, context, answers, cleared)
    assert profile is not None
    return await _after_screening(update, context, profile, cleared)


async def _restart_screening(update: Update, context: Context, prefix: str) -> object:
    """Forget the old answers and outcome, then ask from the first question."""
    svc = services(context)
    uid = _uid(update)
    async with svc.db.session() as session:
        await screening.clear_answers(session, uid)
        profile = await profiles.update_profile(
            session, uid, now=svc.clock(), screening_outcome=None, onboarding_step=Step.SCREENING.value
        )
        await write_session_reminder(session, profile, now=svc.clock())
    return await _ask_screening(update, context, {}, prefix)


# ----------------------------------------------------------------------------- pain, experience ---


async def on_pain_button(update: Update, context: Context) -> object:
    pressed = _pressed(update)
    score = pressed.int_arg(0) if pressed else None
    if score is None or not rules.PAIN_MIN <= score <= rules.PAIN_MAX:
        await _refuse(update, STALE_BUTTON)
        return None
    await _accept(update)
    return await _store_pain(update, context, score)


async def on_pain_text(update: Update, context: Context) -> object:
    reading = coach_pain.read_pain_score(_text(update))
    if reading.score is None:
        await reply(update, _join(reading.problem or "", texts.PAIN_QUESTION), keyboards.pain_scale(FLOW, "pain"))
        return None
    return await _store_pain(update, context, reading.score)


async def _store_pain(update: Update, context: Context, score: int) -> object:
    await save_profile(context, _uid(update), Step.EXPERIENCE, baseline_pain=score)
    return await ask(update, context, Step.EXPERIENCE, texts.PAIN_THANKS.format(score=score))


async def on_experience(update: Update, context: Context) -> object:
    pressed = _pressed(update)
    key = pressed.arg(0) if pressed else None
    if key not in {k for k, _ in texts.EXPERIENCE_CHOICES}:
        await _refuse(update, STALE_BUTTON)
        return None
    await _accept(update)
    await save_profile(context, _uid(update), Step.DAYS, experience=key)
    return await ask(update, context, Step.DAYS, texts.EXPERIENCE_NOTE)


# ------------------------------------------------------------------------------- schedule steps ---


async def on_day(update: Update, context: Context) -> object:
    await toggle_day_press(update, context, FLOW)
    return None


async def on_days_done(update: Update, context: Context) -> object:
    if await days_done_input(update, context, FLOW) is None:
        return None
    await save_profile(context, _uid(update), Step.TIME)
    return await ask(update, context, Step.TIME)


async def on_time(update: Update, context: Context) -> object:
    chosen = await time_input(update, FLOW)
    if chosen is None:
        return None
    shown = schedule_input.format_time(chosen)
    await save_profile(context, _uid(update), Step.ZONE, reminder_time=shown)
    return await ask(update, context, Step.ZONE, texts.TIME_SAVED.format(time=shown))


async def on_zone(update: Update, context: Context) -> object:
    zone = await zone_input(update, context, FLOW)
    if zone is None:
        return None
    await save_profile(context, _uid(update), Step.ZONE_CONFIRM, timezone=zone)
    return await ask(update, context, Step.ZONE_CONFIRM)


async def on_zone_confirm(update: Update, context: Context) -> object:
    right = await zone_confirm_input(update)
    if right is None:
        return None
    if not right:
        await save_profile(context, _uid(update), Step.ZONE)
        return await ask(update, context, Step.ZONE)
    return await _finish(update, context)


async def _finish(update: Update, context: Context) -> object:
    """Onboarded: stamp it, switch the reminder on, and show the summary."""
    now = services(context).clock()
    profile = await save_profile(context, _uid(update), Step.DONE, onboarded_at=now)
    await reply(update, summary_text(profile), summary_markup())
    return END


def summary_text(profile: Profile) -> str:
    gentle = texts.SUMMARY_GENTLE if access(profile) is Access.GENTLE_ONLY else ""
    return texts.SUMMARY.format(
        days=schedule_input.format_days(profile.training_weekdays),
        time=html.escape(profile.reminder_time or ""),
        zone=html.escape(profile.timezone or ""),
        level=texts.SUMMARY_LEVEL.get(profile.experience or "", texts.SUMMARY_LEVEL["new"]),
        gentle=gentle,
    )


def summary_markup() -> InlineKeyboardMarkup:
    return keyboards.choices(
        [[(texts.START_NOW, SESSION_START)], [(texts.WAIT_FOR_REMINDER, callbacks.make(FLOW, "wait"))]]
    )


async def on_wait(update: Update, context: Context) -> None:
    """'Wait for my reminder' under the summary (outside the conversation, which has ended)."""
    profile, _ = await _load(context, _uid(update))
    if profile is None or profile.onboarded_at is None or is_locked(profile):
        await _refuse(update, STALE_BUTTON)
        return
    await _accept(update)
    days = schedule_input.format_days(profile.training_weekdays)
    await reply(update, texts.WAITING.format(days=days, time=html.escape(profile.reminder_time or "")))


# ------------------------------------------------------- what the database says is being asked ---

#: Which question each button action answers.
ACTION_STEP: dict[str, Step] = {
    "consent": Step.CONSENT,
    "doc": Step.DOCTOR,
    "clr": Step.CLEARED,
    "q": Step.SCREENING,
    "pain": Step.PAIN,
    "exp": Step.EXPERIENCE,
    "day": Step.DAYS,
    "days": Step.DAYS,
    "time": Step.TIME,
    "tz": Step.ZONE,
    "zok": Step.ZONE_CONFIRM,
}
TEXT_HINTS: dict[Step, str] = {
    Step.SCREENING: texts.SCREEN_HINT,
    Step.DAYS: texts.DAYS_HINT,
    Step.ZONE_CONFIRM: texts.ZONE_CONFIRM_HINT,
}


async def on_press(update: Update, context: Context) -> object:
    """Every onboarding button: taken if it answers the question the database says is being asked (so a lost
    or lagging conversation state never matters), otherwise it is from an earlier message. Without a profile
    (/start writes one) the button is from an account since deleted: stale too, nothing is written."""
    pressed = _pressed(update)
    profile, _ = await _load(context, _uid(update))
    if pressed is None or profile is None or ACTION_STEP.get(pressed.action) is not asked_step(profile):
        await _refuse(update, STALE_BUTTON)
        return None
    return await _BUTTONS[pressed.action](update, context)


async def on_message(update: Update, context: Context) -> object:
    """Typed text or a shared location during onboarding: an answer where one can be typed (pain, time,
    timezone), otherwise a short hint and the same question with its buttons."""
    profile, _ = await _load(context, _uid(update))
    step = asked_step(profile)
    if step is Step.DONE:  # nothing is being asked any more
        await reply(update, FREE_TEXT)
        return END
    typed = {Step.PAIN: on_pain_text, Step.TIME: on_time, Step.ZONE: on_zone}.get(step)
    if typed is not None and (step is Step.ZONE or _text(update)):
        return await typed(update, context)
    hint = TEXT_HINTS.get(step, texts.BUTTON_HINT)
    if step in (Step.SCREENING, Step.CLEARED):
        return await ask(update, context, step, hint)
    text, markup = _question(context, step, profile)
    await reply(update, _join(hint, text), markup)
    return None


# ------------------------------------------------------------------------------------ wiring ---


def _button(callback: Any, action: str) -> CallbackQueryHandler[Any, Any]:
    return CallbackQueryHandler(callback, pattern=callbacks.pattern(FLOW, action))


_BUTTONS: dict[str, Any] = {
    "consent": on_consent,
    "doc": on_doctor,
    "clr": on_cleared,
    "q": on_screen_answer,
    "pain": on_pain_button,
    "exp": on_experience,
    "day": on_day,
    "days": on_days_done,
    "time": on_time,
    "tz": on_zone,
    "zok": on_zone_confirm,
}
PRESS_PATTERN = "|".join(f"(?:{callbacks.pattern(FLOW, action)})" for action in ACTION_STEP)
#: Typed text (or a shared location) while onboarding asked last: read for whichever step is open.
TEXT_READERS: dict[str, Callback] = {ANY_QUESTION: on_message}


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The handlers of this flow."""
    asks = Flow.ONBOARDING
    return [
        CommandHandler("start", flow_handler(asks, start)),
        CommandHandler("screen", flow_handler(asks, screen_command)),
        CallbackQueryHandler(flow_handler(asks, on_press), pattern=PRESS_PATTERN),
        _button(on_wait, "wait"),
    ]
