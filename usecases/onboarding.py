"""Onboarding (/start) and the red-flag re-screen (/screen) as use cases: where the user is, saving an answer.

The journey, one question per message: the welcome with the doctor check (answering it is having read that
BackCoach is not a clinician: consent) -> the cauda equina questions, one by one -> the checklist of the other
warning signs -> pain right now -> experience -> "start your first session now" or "later" (READY: the
programme is set, ``onboarded_at`` is stamped) -> after the first session (or right after "later"): the
equipment checklist -> training days -> reminder time -> timezone (confirmed with the local time now) ->
summary. The first session comes before the schedule so that a user with no flags reaches the first card in
about a dozen taps; the schedule questions follow it so no one is left without one pending.
Every answer is stored the moment it is given, with ``profile.onboarding_step`` naming the question asked next,
in one unit of work with the reminder rows that follow the profile (``usecases.settings.update_profile``).
Which question is open is read from the database every time (:func:`asked_step`), so a lost or lagging state
(``kill -9``, /cancel, /start again) never matters: the user continues at the same question.

- :func:`save_answer`: one answer to a question of the profile (each step's write, :func:`_write`).
- :func:`answer_screening`: one cauda equina answer; an emergency answer stops the questions there.
- :func:`toggle_item`, :func:`end_checklist`: the checklist of the other signs (ticks stored at once; Done or
  "None of these" answers the rest "no"); the end decides the screen (``coach.screening``); a flag an earlier
  clearance does not cover raises the lock (``usecases.lock``).
- :func:`after_first_session`: the schedule's questions once the first session is over.
- :func:`answer_clearance`: the way out of a lock, the user's statement that a clinician examined them after
  the flag and cleared exercise; any red-flag question not yet answered follows.
- :func:`start`, :func:`rescreen`: /start and /screen; :func:`next_question`, :func:`asked`: the open question.

Each returns what comes next as a plain :class:`Next` (the question now asked and what it shows), which
``conversations.onboarding`` renders. The clinical decisions are ``coach.screening``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time
from enum import Enum, StrEnum

from sqlmodel.ext.asyncio.session import AsyncSession

from coach.records import CheckinContext
from coach.schedule import STORED_TIME_FORMAT
from coach.screening import (
    CHECKLIST,
    Answer,
    Decision,
    Form,
    Question,
    clearance_flags,
    decide,
    first_unanswered,
    new_flags,
    stops_at_once,
)
from storage import models
from storage.database import Database
from storage.repositories import pain, profiles, screening
from usecases.lock import Lock, clear_flags, cleared_question_ids, load_lock, raise_flag
from usecases.records import decision_value, screening_decision
from usecases.reminder_rows import is_locked
from usecases.settings import Settings, settings_of, update_profile
from usecases.units import user_unit
from usecases.users import Visitor, record_visit

FLAG_SOURCE = "screening"  # where a flag raised here comes from (red_flags.source)


class Step(StrEnum):
    """The question being asked; stored as ``profile.onboarding_step``."""

    DOCTOR = "doctor"  # asked in the welcome: its answer is the consent too
    CLEARED = "cleared"  # an open red flag: has a clinician examined you since and cleared exercise?
    SCREENING = "screening"
    RED_FLAG = "red_flag"  # the screen found a red flag: no plan until cleared (asked as CLEARED)
    PAIN = "pain"
    EXPERIENCE = "experience"
    READY = "ready"  # "Start my first session now" / "Later": the programme is set
    EQUIPMENT = "equipment"
    DAYS = "days"
    TIME = "time"
    ZONE = "timezone"
    ZONE_CONFIRM = "confirm_zone"
    DONE = "done"


class Screened(Enum):
    """The screen just ended and nothing locks: what the user is told above what comes next."""

    CLEAR = "clear"  # every answer no
    CARRY_ON = "carry_on"  # the flagged answers are covered by an earlier clearance
    CLEARED = "cleared"  # a clinician has just cleared the open flag, and every question is answered
    SEE_DOCTOR = "see_doctor"  # the inflammatory pattern: see your doctor, you may start gently


@dataclass(frozen=True)
class Next:
    """What comes next: the question now asked and what it shows."""

    step: Step  # DONE: nothing is asked; RED_FLAG: a flag was just raised (``lock``); CLEARED: a flag is open
    settings: Settings
    question: Question | None = None  # SCREENING: the cauda equina question to ask, or the checklist's first
    ticked: frozenset[str] = frozenset()  # SCREENING on the checklist: the items ticked so far
    lock: Lock | None = None  # RED_FLAG, CLEARED
    screened: Screened | None = None  # the screen just ended without a lock

    @property
    def on_checklist(self) -> bool:
        """The question is the checklist of the other warning signs (one message, every item at once)."""
        return self.question is not None and self.question.form is Form.CHECKLIST


@dataclass(frozen=True)
class Started:
    """/start: what comes next, and whether the user is new."""

    next: Next
    new_user: bool


@dataclass(frozen=True)
class Rescreen:
    """/screen: what comes next; ``restarted`` when the red-flag questions start again from the first."""

    next: Next
    restarted: bool


class Clearance(Enum):
    """What became of an answer to the clearance question."""

    NO_FLAG = "no_flag"  # nothing is locked (any more): a stale press
    OLD_PRESS = "old_press"  # a button of an older flag, or malformed: the question is asked again
    NOT_YET = "not_yet"  # the lock stays
    CLEARED = "cleared"  # recorded with both dates and the user's words; the lock is lifted


@dataclass(frozen=True)
class ClearanceAnswer:
    outcome: Clearance
    lock: Lock | None = None  # the flag the question was about (all but NO_FLAG)
    next: Next | None = None  # CLEARED


#: A typed answer: consent and days done (None), the doctor check and the zone check (bool), the usual pain
#: (int), the experience key and the zone (str), the reminder time (time).
Value = bool | int | str | time | None


# ------------------------------------------------------------------------------ where is the user? ---

_SCHEDULE_STEPS = (Step.DAYS, Step.TIME, Step.ZONE, Step.ZONE_CONFIRM)


def current_step(profile: models.Profile | None) -> Step:
    """Where the user is, from what the database holds (the first thing not yet answered)."""
    if profile is None or profile.doctor_check is None:
        return Step.DOCTOR
    if screening_decision(profile) is None:
        return Step.SCREENING
    if is_locked(profile):
        return Step.RED_FLAG
    if profile.onboarded_at is None:
        if profile.baseline_pain is None:
            return Step.PAIN
        if profile.experience is None:
            return Step.EXPERIENCE
        return _schedule_step(profile)  # begun before the first session came before the schedule
    stored = profile.onboarding_step
    if stored in (Step.READY.value, Step.EQUIPMENT.value):
        return Step(stored)
    if _schedule_set(profile) and stored not in set(_SCHEDULE_STEPS):
        return Step.DONE
    if profile.equipment is None:
        return Step.EQUIPMENT
    return _schedule_step(profile)


def _schedule_set(profile: models.Profile) -> bool:
    return bool(profile.training_days) and profile.reminder_time is not None and profile.timezone is not None


def asked_step(profile: models.Profile | None) -> Step:
    """The question being asked: :func:`current_step`, where an open red flag asks the one way forward (has a
    clinician examined you since and cleared exercise?) until it is answered yes."""
    step = current_step(profile)
    return Step.CLEARED if step is Step.RED_FLAG else step


def _schedule_step(profile: models.Profile) -> Step:
    """The stored step among days / time / zone, but never past a missing answer."""
    stored = Step(profile.onboarding_step) if profile.onboarding_step in set(_SCHEDULE_STEPS) else Step.DAYS
    if stored is Step.DAYS or not profile.training_days:
        return Step.DAYS
    if stored is Step.TIME or profile.reminder_time is None:
        return Step.TIME
    if stored is Step.ZONE or profile.timezone is None:
        return Step.ZONE
    return Step.ZONE_CONFIRM


async def asked(db: Database, user_id: int) -> Step | None:
    """The question the database says is being asked; None without a profile (/start writes one)."""
    async with db.reading() as session:
        profile = await profiles.get_profile(session, user_id)
    return asked_step(profile) if profile is not None else None


async def next_question(db: Database, user_id: int, now: datetime, default_timezone: str) -> Next:
    """The question being asked, as it is asked now (a screen whose answers are all in is decided now)."""
    async with user_unit(db, user_id) as session:
        profile = await profiles.get_profile(session, user_id)
        return await _next(session, user_id, profile, asked_step(profile), now, default_timezone)


async def _next(
    session: AsyncSession, user_id: int, profile: models.Profile | None, step: Step, now: datetime, zone: str
) -> Next:
    """``step`` as it is asked now: the red-flag question open, or the open flag."""
    if step is Step.SCREENING:
        answers = await _answers(session, user_id)
        question = first_unanswered(answers)
        if question is None:  # every answer is in (a crash before the decision was stored): decide now
            return await _decide(session, user_id, answers, now, zone)
        return Next(step, settings_of(profile), question=question, ticked=_ticked(answers))
    if step in (Step.CLEARED, Step.RED_FLAG):
        lock = await load_lock(session, user_id, zone)
        assert lock is not None, "asked only while the profile is locked, which is what load_lock reads"
        return Next(Step.CLEARED, settings_of(profile), lock=lock)
    return Next(step, settings_of(profile))


async def _answers(session: AsyncSession, user_id: int) -> dict[str, Answer]:
    rows = await screening.answers_for_user(session, user_id)
    return {qid: Answer(row.answer) for qid, row in rows.items() if row.answer in set(Answer)}


def _ticked(answers: dict[str, Answer]) -> frozenset[str]:
    """The checklist items ticked so far."""
    return frozenset(q.id for q in CHECKLIST if answers.get(q.id) is Answer.YES)


# ------------------------------------------------------------------------------- /start, /screen ---


async def start(db: Database, visitor: Visitor, now: datetime, default_timezone: str) -> Started:
    """/start: the user recorded; the question they are on (the doctor check for someone new), or DONE."""
    async with user_unit(db, visitor.user_id) as session:
        new_user = await record_visit(session, visitor, now)
        profile = await profiles.get_profile(session, visitor.user_id)
        step = asked_step(profile)
        if profile is None:  # the profile row, with the question asked
            profile = await update_profile(session, visitor.user_id, now, onboarding_step=step.value)
        return Started(await _next(session, visitor.user_id, profile, step, now, default_timezone), new_user)


async def rescreen(db: Database, visitor: Visitor, now: datetime, default_timezone: str) -> Rescreen:
    """/screen: the red-flag questions again from the first (the old answers and outcome forgotten); with an
    open flag, its clearance question; before the doctor check, the question the user is on."""
    user_id = visitor.user_id
    async with user_unit(db, visitor.user_id) as session:
        await record_visit(session, visitor, now)
        profile = await profiles.get_profile(session, user_id)
        if profile is None or profile.consent_at is None or profile.doctor_check is None or is_locked(profile):
            return Rescreen(await _next(session, user_id, profile, asked_step(profile), now, default_timezone), False)
        await screening.clear_answers(session, user_id)
        profile = await update_profile(
            session, user_id, now, screening_outcome=None, onboarding_step=Step.SCREENING.value
        )
        return Rescreen(await _next(session, user_id, profile, Step.SCREENING, now, default_timezone), True)


# ------------------------------------------------------------------------------------ saving answers ---


def _write(step: Step, value: Value, now: datetime) -> tuple[dict[str, object], Step]:
    """Each step's write: the profile fields its answer sets, and the step asked after it."""
    match step:
        case Step.DOCTOR:
            answer = (Answer.YES if value else Answer.NO).value
            return {"consent_at": now, "doctor_check": answer, "doctor_check_at": now}, Step.SCREENING
        case Step.PAIN if isinstance(value, int):
            return {"baseline_pain": value}, Step.EXPERIENCE
        case Step.EXPERIENCE if isinstance(value, str):
            return {"experience": value, "onboarded_at": now}, Step.READY
        case Step.READY:  # "Later": the schedule's questions now
            return {}, Step.EQUIPMENT
        case Step.EQUIPMENT:  # "" (none of these) or None (Done: the ticks are stored already)
            return ({"equipment": value} if isinstance(value, str) else {}), Step.DAYS
        case Step.DAYS:
            return {}, Step.TIME
        case Step.TIME if isinstance(value, time):
            return {"reminder_time": value.strftime(STORED_TIME_FORMAT)}, Step.ZONE
        case Step.ZONE if isinstance(value, str):
            return {"timezone": value}, Step.ZONE_CONFIRM
        case Step.ZONE_CONFIRM:
            return ({"onboarded_at": now}, Step.DONE) if value else ({}, Step.ZONE)
    raise ValueError(f"no answer {value!r} to the question {step}")


async def save_answer(
    db: Database, user_id: int, step: Step, value: Value, now: datetime, default_timezone: str
) -> Next:
    """Store the answer to ``step`` with the step asked next (the reminder rows follow); what comes next.

    The pain is also kept as a check-in, which may stand as the first session's starting pain. A "yes" to the
    timezone check finishes the schedule: DONE comes next (``onboarded_at`` is stamped there only for a user
    who began before the first session came first).
    """
    changes, following = _write(step, value, now)
    async with user_unit(db, user_id) as session:
        before = await profiles.get_profile(session, user_id)
        if before is not None and before.onboarded_at is not None:
            changes.pop("onboarded_at", None)
        if step is Step.PAIN and isinstance(value, int):
            await pain.record_pain(session, user_id=user_id, context=CheckinContext.ONBOARDING, score=value, now=now)
        profile = await update_profile(session, user_id, now, onboarding_step=following.value, **changes)
        return await _next(session, user_id, profile, following, now, default_timezone)


async def after_first_session(db: Database, user_id: int, now: datetime, default_timezone: str) -> Next | None:
    """A session is over: if the user went to it from onboarding (READY), the schedule's questions start now
    (equipment first); otherwise nothing (None)."""
    async with user_unit(db, user_id) as session:
        profile = await profiles.get_profile(session, user_id)
        if current_step(profile) is not Step.READY:
            return None
        profile = await update_profile(session, user_id, now, onboarding_step=Step.EQUIPMENT.value)
        return await _next(session, user_id, profile, Step.EQUIPMENT, now, default_timezone)


async def answer_screening(
    db: Database, user_id: int, question_id: str, answer: Answer, now: datetime, default_timezone: str
) -> Next | None:
    """One cauda equina answer, stored at once if it answers the question open (else None: nothing changes). An
    emergency answer stops the questions there and decides the screen; otherwise the next question follows."""
    async with user_unit(db, user_id) as session:
        answers = await _answers(session, user_id)
        current = first_unanswered(answers)
        if current is None or current.id != question_id or current.form is not Form.ONE_BY_ONE:
            return None
        await screening.save_answer(session, user_id=user_id, question_id=question_id, answer=answer.value, now=now)
        answers[question_id] = answer
        following = first_unanswered(answers)
        if stops_at_once(question_id, answer) or following is None:
            return await _decide(session, user_id, answers, now, default_timezone)
        profile = await profiles.get_profile(session, user_id)
        return Next(Step.SCREENING, settings_of(profile), question=following, ticked=_ticked(answers))


async def toggle_item(db: Database, user_id: int, item_id: str, now: datetime) -> Next | None:
    """A checklist item tapped while the checklist is open: ticked (stored as "yes") or unticked (forgotten);
    the checklist as it is now. None when the checklist is not open or the item is not on it."""
    async with user_unit(db, user_id) as session:
        profile = await profiles.get_profile(session, user_id)
        answers = await _answers(session, user_id)
        current = first_unanswered(answers)
        if not _checklist_open(profile, current) or item_id not in {q.id for q in CHECKLIST}:
            return None
        if answers.get(item_id) is Answer.YES:
            await screening.delete_answer(session, user_id=user_id, question_id=item_id)
            del answers[item_id]
        else:
            await screening.save_answer(session, user_id=user_id, question_id=item_id, answer=Answer.YES.value, now=now)
            answers[item_id] = Answer.YES
        return Next(Step.SCREENING, settings_of(profile), question=current, ticked=_ticked(answers))


async def end_checklist(db: Database, user_id: int, now: datetime, default_timezone: str) -> Next | None:
    """Done (or "None of these"): every item not ticked is answered "no", and the screen is decided. None when
    the checklist is not open (a press from an earlier message)."""
    async with user_unit(db, user_id) as session:
        profile = await profiles.get_profile(session, user_id)
        answers = await _answers(session, user_id)
        if not _checklist_open(profile, first_unanswered(answers)):
            return None
        for item in (q for q in CHECKLIST if q.id not in answers):
            await screening.save_answer(session, user_id=user_id, question_id=item.id, answer=Answer.NO.value, now=now)
            answers[item.id] = Answer.NO
        return await _decide(session, user_id, answers, now, default_timezone)


def _checklist_open(profile: models.Profile | None, current: Question | None) -> bool:
    return current_step(profile) is Step.SCREENING and current is not None and current.form is Form.CHECKLIST


async def _decide(session: AsyncSession, user_id: int, answers: dict[str, Answer], now: datetime, zone: str) -> Next:
    """The screen's outcome, stored; a flag a clinician has not cleared locks the programme (RED_FLAG, with the
    lock); otherwise on to what follows the screen (the inflammatory pattern's advice above it)."""
    result = decide(answers)
    fresh = await _new_flags(session, user_id, answers, clearance_flags(result.flagged))
    if fresh:
        profile = await raise_flag(
            session, user_id, fresh, source=FLAG_SOURCE, now=now, onboarding_step=Step.RED_FLAG.value
        )
        return Next(Step.RED_FLAG, settings_of(profile), lock=await load_lock(session, user_id, zone))
    profile = await update_profile(
        session, user_id, now, screening_outcome=decision_value(result.decision), screened_at=now
    )
    return await _carry_on(session, profile, _screened(result.decision), now, zone)


def _screened(decision: Decision) -> Screened:
    """What the user is told when the screen ends without a lock."""
    if decision is Decision.CLEAR:
        return Screened.CLEAR
    if decision is Decision.SEE_DOCTOR_START_GENTLY:
        return Screened.SEE_DOCTOR
    return Screened.CARRY_ON  # flags a clinician has cleared already


async def _new_flags(
    session: AsyncSession, user_id: int, answers: dict[str, Answer], flagged: tuple[str, ...]
) -> tuple[str, ...]:
    """The flags needing clearance that an earlier clearance does not cover (``coach.screening.new_flags``)."""
    rows = await screening.answers_for_user(session, user_id)
    profile = await profiles.get_profile(session, user_id)
    flagged_at = {qid: row.answered_at for qid, row in rows.items() if qid in flagged}
    cleared_at = profile.red_flag_cleared_at if profile else None
    return new_flags(flagged_at, cleared_at, await cleared_question_ids(session, user_id))


async def _carry_on(
    session: AsyncSession, profile: models.Profile, screened: Screened, now: datetime, zone: str
) -> Next:
    """Nothing locks: a first screen goes on to the next question, a re-screen back to the programme (DONE, or
    the schedule's question still open)."""
    if profile.onboarded_at is not None:
        profile = await update_profile(session, profile.user_id, now, onboarding_step=Step.DONE.value)
        if current_step(profile) is Step.DONE:
            return Next(Step.DONE, settings_of(profile), screened=screened)
    following = current_step(profile)  # pain after a first screen; further on after a /screen mid-onboarding
    profile = await update_profile(session, profile.user_id, now, onboarding_step=following.value)
    return replace(await _next(session, profile.user_id, profile, following, now, zone), screened=screened)


# ------------------------------------------------------------------------------------- the clearance ---


async def answer_clearance(
    db: Database,
    user_id: int,
    cleared: bool | None,
    flag_ref: int | None,
    words: Callable[[Lock], str],
    now: datetime,
    default_timezone: str,
) -> ClearanceAnswer:
    """The clearance question of the open flag ``flag_ref``: "yes" (``cleared``) records the clearance in the
    user's ``words`` with both dates and lifts the lock; "not yet" keeps it. A press naming an older flag, or
    a malformed one (``cleared`` None), changes nothing."""
    async with user_unit(db, user_id) as session:
        lock = await load_lock(session, user_id, default_timezone)
        if lock is None:
            return ClearanceAnswer(Clearance.NO_FLAG)
        if cleared is None or flag_ref != lock.flag_ref:
            return ClearanceAnswer(Clearance.OLD_PRESS, lock)
        if not cleared:
            return ClearanceAnswer(Clearance.NOT_YET, lock)
        profile = await clear_flags(session, user_id, words(lock), now)
        return ClearanceAnswer(Clearance.CLEARED, lock, await _after_clearance(session, profile, now, default_timezone))


async def _after_clearance(session: AsyncSession, profile: models.Profile, now: datetime, zone: str) -> Next:
    """Cleared: the red-flag questions not yet answered (an emergency answer had stopped them), or carry on."""
    answers = await _answers(session, profile.user_id)
    question = first_unanswered(answers)
    if question is None:
        return await _carry_on(session, profile, Screened.CLEARED, now, zone)
    # Not update_profile: the session reminder stays as clear_flags wrote it until the screen is decided.
    profile = await profiles.update_profile(
        session, profile.user_id, now=now, screening_outcome=None, onboarding_step=Step.SCREENING.value
    )
    return Next(Step.SCREENING, settings_of(profile), question=question, ticked=_ticked(answers))
