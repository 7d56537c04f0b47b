"""The day's session as use cases: start it, record each item once, "It hurts" and its safety questions, end it.

The session row is the truth: it holds the plan and ``current_index``; every result is written the moment it is
given, in one unit of work with the move past the item (``advance_session`` from the pressed index), so a
stale or doubled press changes nothing. What the session may hold, and what pain means, is the coach's
decision (``coach.planner``, ``coach.safety.assess_in_session``); these functions read what it needs and write
what it decided. Each returns a plain result for ``conversations.session`` to render.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from coach.catalogue import Slot, load_catalogue
from coach.education import Tip, tip_after_session
from coach.pain import still_current
from coach.planner import ProgrammeLocked, SessionPlan, gentle_session, plan_session
from coach.records import CheckinContext, Outcome, SessionKind
from coach.safety import (
    InSessionReport,
    PainKind,
    SafetyDecision,
    assess_in_session,
    easier_version_today,
    is_leg_symptom,
)
from coach.screening import PAIN_RECHECK_QUESTIONS, Answer
from storage import models
from storage.database import Database
from storage.repositories import exercise_results, pain, profiles, screening, session_logs
from storage.values import ExerciseResultKind, SessionStatus
from usecases import checkin, records, reminder_rows
from usecases.endings import Ending, ending_status
from usecases.lock import Lock, load_lock, raise_flag
from usecases.units import user_unit

#: The source a flag raised by the session's safety questions is recorded with.
FLAG_SOURCE = "sess"


class Gentle(Enum):
    """Why today's session is the gentle one."""

    EXTRA = "extra"  # today's own session is done: warm-up moves only
    PAUSED = "paused"  # /pain: nothing gets harder until /resume
    DOCTOR_CHECK = "doctor_check"  # no clinician has said exercise is fine yet


@dataclass(frozen=True)
class DaySoFar:
    """The user's sessions earlier on one local date: those done (completed or stopped for pain), what hurt."""

    done_ids: frozenset[int]
    hurt: frozenset[str]


@dataclass(frozen=True)
class Today:
    """What /today finds: whether the user is set up, a session to continue, the day so far, a follow-up due."""

    onboarded: bool
    current: models.SessionLog | None
    day: DaySoFar
    followup: checkin.MorningQuestion | None


@dataclass(frozen=True)
class Started:
    """A new session (None when the programme is locked or nothing is left to do today)."""

    log: models.SessionLog | None
    plan: SessionPlan | None = None
    gentle: Gentle | None = None
    locked: bool = False
    starting_pain: int | None = None  # known already (given, or onboarding's a few minutes ago): not asked


@dataclass(frozen=True)
class Finished:
    """The end of a session: what to summarise, what happened, and whether it was the day's gentle extra."""

    plan: Sequence[Mapping[str, Any]]
    results: Sequence[models.ExerciseResult]
    minutes: int
    extra: bool
    tip: Tip | None = None  # a sitting tip for the summary, one per session until all are seen
    status: SessionStatus = SessionStatus.COMPLETED

    @property
    def checks_in(self) -> bool:
        """Does the check-in follow? Not after the gentle extra, nor when every exercise was skipped."""
        return not self.extra and self.status in records.DONE_STATUSES


async def _end(session: AsyncSession, log: models.SessionLog, ending: Ending, now: datetime) -> SessionStatus:
    """End a session in progress with the status ``ending_status`` decides (in the caller's unit of work)."""
    assert log.id is not None
    results = await exercise_results.results_for_session(session, log.id)
    status = ending_status(ending, len(log.plan), log.current_index, results)
    await session_logs.finish_session(session, log.id, status=status, now=now)
    return status


# ----------------------------------------------------------------------------------- starting a day ---


async def open_today(db: Database, user_id: int, now: datetime, default_timezone: str) -> Today:
    """/today: the session in progress (unless planned before /pain), the day so far, and a next-morning
    follow-up that came due but was never pushed (after /stop), made the pending question here, once."""
    async with user_unit(db, user_id) as session:
        state = await records.load_user_state(session, user_id, default_timezone, now)
        current = await session_logs.get_current_session(session, user_id, state.today)
        day = await _day_so_far(session, user_id, state.today)
        due = None
        if state.onboarded:
            zone = records.user_zone(state.row, default_timezone)
            due = await reminder_rows.claim_unpushed_followup(session, user_id, zone, now)
    followup = await checkin.open_followup(db, user_id, due, now, default_timezone) if due is not None else None
    if current is not None and outdated_by_pause(current, paused=state.profile.paused):
        current = None
    return Today(state.onboarded, current, day, followup)


async def start_session(
    db: Database, user_id: int, now: datetime, default_timezone: str, *, minimum: bool = False,
    before: int | None = None,
) -> Started:
    """Plan today's session (full, the 5-minute minimum, or the gentle extra once today's session is done),
    leaving out whatever hurt today, and store it (with its starting pain ``before``, when already known)."""
    async with user_unit(db, user_id) as session:
        state = await records.load_user_state(session, user_id, default_timezone, now)
        day = await _day_so_far(session, user_id, state.today)
        try:
            plan = plan_session(state.profile, state.progress, state.today, minimum=minimum, avoid=day.hurt)
        except ProgrammeLocked:
            return Started(None, locked=True)
        if day.done_ids or not plan.items:  # done today, or nothing else left: the gentle session
            plan = gentle_session(state.today, avoid=day.hurt)
        if not plan.items:
            return Started(None)
        log = await session_logs.start_session(
            session, user_id=user_id, local_date=state.today, kind=plan.kind,
            plan=records.plan_json(plan), now=now, level=state.profile.level,
        )
        if before is None and not day.done_ids:
            before = await _onboarding_pain(session, user_id, now)
        if before is not None and log.id is not None:
            await _record_before(session, log, before, now)
    return Started(log, plan, _gentle_reason(state, plan.kind, extra=bool(day.done_ids)), starting_pain=before)


async def _onboarding_pain(session: AsyncSession, user_id: int, now: datetime) -> int | None:
    """Onboarding's pain right now, when it was given moments ago (``coach.pain.still_current``)."""
    given = await pain.latest_for_user(session, user_id, CheckinContext.ONBOARDING)
    return given.score if given is not None and still_current(given.recorded_at, now) else None


# ------------------------------------------------------------------------------ the starting pain ---


async def record_before(db: Database, log: models.SessionLog, score: int, now: datetime) -> checkin.Saved:
    """The pain right now at the start of a session (once): what the coach judges the session's rise against
    (``coach.progression.session_baseline``). Closed once the session has moved past its first item."""
    assert log.id is not None
    async with user_unit(db, log.user_id) as session:
        current = await session_logs.get_session_log(session, log.id)
        if current is None or current.status != SessionStatus.IN_PROGRESS or current.current_index != 0:
            return checkin.Saved.CLOSED
        if await before_score(session, log.id) is not None:
            return checkin.Saved.ALREADY
        await _record_before(session, log, score, now)
    return checkin.Saved.SAVED


async def before_score(session: AsyncSession, session_id: int) -> int | None:
    """The starting pain given for this session, if any."""
    given = await pain.latest_for_session(session, session_id, CheckinContext.BEFORE)
    return given.score if given is not None else None


async def starting_pain(db: Database, session_id: int) -> int | None:
    """The starting pain given for this session (carried over to the 5-minute version), if any."""
    async with db.reading() as session:
        return await before_score(session, session_id)


async def _record_before(session: AsyncSession, log: models.SessionLog, score: int, now: datetime) -> None:
    await pain.record_pain(
        session, user_id=log.user_id, context=CheckinContext.BEFORE, score=score, now=now, session_id=log.id
    )


def _gentle_reason(state: records.UserState, kind: SessionKind, *, extra: bool) -> Gentle | None:
    if extra:
        return Gentle.EXTRA
    if state.profile.paused:
        return Gentle.PAUSED
    if kind is SessionKind.GENTLE and not state.profile.doctor_cleared:
        return Gentle.DOCTOR_CHECK
    return None


def outdated_by_pause(log: models.SessionLog, *, paused: bool) -> bool:
    """A full session planned before /pain is not continued: while paused, every session is gentle."""
    return paused and records.session_kind(log.kind) is not SessionKind.GENTLE


async def _day_so_far(session: AsyncSession, user_id: int, day: date) -> DaySoFar:
    logs = await session_logs.recent_sessions(session, user_id, since=day, until=day)
    done = frozenset(log.id for log in logs if log.id is not None and log.status in records.DONE_STATUSES)
    return DaySoFar(done, frozenset(await exercise_results.hurt_on_day(session, user_id, day)))


# ------------------------------------------------------------------------------ finding the session ---


async def own_session(db: Database, user_id: int, session_id: int | None) -> models.SessionLog | None:
    """The session with this id if it belongs to the user, else None."""
    if session_id is None:
        return None
    async with db.reading() as session:
        log = await session_logs.get_session_log(session, session_id)
    return log if log is not None and log.user_id == user_id else None


async def live_session(
    db: Database, user_id: int, session_id: int | None, now: datetime, default_timezone: str
) -> tuple[models.SessionLog | None, bool]:
    """The user's session ``session_id`` if it is of today and still in progress (else None), and whether
    the user's progression is paused (/pain). Read on every button press: the profile, not the progress."""
    async with db.reading() as session:
        profile = await profiles.get_profile(session, user_id)
        log = await session_logs.get_session_log(session, session_id) if session_id is not None else None
    paused = profile is not None and profile.paused
    today = records.local_date(profile, default_timezone, now)
    mine = log is not None and log.user_id == user_id
    if not mine or log is None or log.status != SessionStatus.IN_PROGRESS or log.local_date != today:
        return None, paused
    return log, paused


async def todays_session(db: Database, user_id: int, now: datetime, default_timezone: str) -> models.SessionLog | None:
    """Today's session in progress, if any."""
    async with db.reading() as session:
        today = records.local_date(await profiles.get_profile(session, user_id), default_timezone, now)
        return await session_logs.get_current_session(session, user_id, today)


async def last_hurt(
    db: Database, user_id: int, now: datetime, default_timezone: str
) -> tuple[models.SessionLog, models.ExerciseResult] | None:
    """Today's session in progress and its latest "hurt" result, if any."""
    log = await todays_session(db, user_id, now, default_timezone)
    if log is None or log.id is None:
        return None
    async with db.reading() as session:
        results = await exercise_results.results_for_session(session, log.id)
    hurt = [r for r in results if r.result == ExerciseResultKind.HURT]
    return (log, max(hurt, key=lambda r: r.recorded_at)) if hurt else None


# ---------------------------------------------------------------------------- recording, finishing ---


async def record_item(
    db: Database, log: models.SessionLog, index: int, result: ExerciseResultKind, now: datetime,
    pain_kind: PainKind | None = None,
) -> bool:
    """Move the session past item ``index`` and record its result at today's dose, in one unit of work.

    False when the item was already answered (a double press): nothing is written.
    """
    assert log.id is not None
    dose = records.item_dose(log.plan[index])
    async with user_unit(db, log.user_id) as session:
        if not await session_logs.advance_session(session, log.id, from_index=index):
            return False
        await exercise_results.record_result(
            session, session_id=log.id, exercise_id=log.plan[index]["exercise_id"], position=index,
            result=result, now=now, pain_kind=pain_kind.value if pain_kind else None,
            reps=dose.reps, sets=dose.sets, hold_seconds=dose.hold_seconds,
        )
    return True


async def finish(db: Database, log: models.SessionLog, now: datetime) -> Finished:
    """End the session (once; its status from ``ending_status``, or the one it already ended with). A gentle
    extra after the day's own session is judged with that one, so it never waits for a follow-up of its own."""
    assert log.id is not None
    async with user_unit(db, log.user_id) as session:
        results = await exercise_results.results_for_session(session, log.id)
        hurt = any(r.result == ExerciseResultKind.HURT for r in results)
        current = await session_logs.get_session_log(session, log.id) or log
        extra = bool((await _day_so_far(session, log.user_id, log.local_date)).done_ids - {log.id})
        status = SessionStatus(current.status)
        if status is SessionStatus.IN_PROGRESS:
            status = await _end(session, current, Ending.REACHED, now)
            if extra:
                await session_logs.set_outcome_if_pending(session, log.id, Outcome.UNANSWERED)
        trained = status in records.DONE_STATUSES
        tip = None if hurt or extra or not trained else tip_after_session(await _sessions_done_before(session, log))
    minutes = max(1, math.ceil((now - log.started_at).total_seconds() / 60))
    return Finished(current.plan, results, minutes, extra, tip, status)


async def _sessions_done_before(session: AsyncSession, log: models.SessionLog) -> int:
    """How many sessions the user finished before this one (completed or stopped for pain)."""
    logs = await session_logs.recent_sessions(session, log.user_id, since=date.min, until=log.local_date)
    return sum(1 for row in logs if row.id != log.id and row.status in records.DONE_STATUSES)


# ---------------------------------------------------------------------------------------- It hurts ---


async def save_hurt_score(
    db: Database, log: models.SessionLog, index: int, score: int | None, now: datetime
) -> tuple[PainKind, SafetyDecision] | None:
    """One unit of work: the score (once), the coach's decision and, when it ends the session, that end.

    None when there is nothing to act on: no "hurt" result at ``index``, or it was acted on already (its score
    is saved, or the session has moved on or is over).
    """
    assert log.id is not None
    async with user_unit(db, log.user_id) as session:
        results = await exercise_results.results_for_session(session, log.id)
        result = next((r for r in results if r.position == index and r.result == ExerciseResultKind.HURT), None)
        current = await session_logs.get_session_log(session, log.id)
        if result is None or current is None or current.status != SessionStatus.IN_PROGRESS:
            return None
        if current.current_index != index + 1 or await _scored_since(session, log.id, result.recorded_at):
            return None
        kind = PainKind(result.pain_kind or PainKind.SHARP_OR_SHOOTING)
        decision = assess_in_session(InSessionReport(kind, score))
        if score is not None:
            await pain.record_pain(
                session, user_id=log.user_id, context=CheckinContext.WORST_DURING, score=score, now=now,
                session_id=log.id, leg_symptoms=is_leg_symptom(kind),
            )
        if decision.ends_session:
            await _end(session, current, Ending.PAIN, now)
    return kind, decision


async def _scored_since(session: AsyncSession, session_id: int, since: datetime) -> bool:
    checkins = await pain.for_session(session, session_id)
    return any(c.context == CheckinContext.WORST_DURING and c.recorded_at >= since for c in checkins)


async def answer_recheck(
    db: Database, log: models.SessionLog, number: int, answer: Answer, now: datetime, default_timezone: str
) -> Lock | None:
    """One answer to a safety question after leg pain or numbness, saved at once; a yes or not sure raises the
    flag and ends the session in the same unit of work (the lock is returned)."""
    if not 0 <= number < len(PAIN_RECHECK_QUESTIONS):
        raise ValueError(f"no safety question {number}")
    question = PAIN_RECHECK_QUESTIONS[number]
    async with user_unit(db, log.user_id) as session:
        await screening.save_answer(session, user_id=log.user_id, question_id=question.id, answer=answer, now=now)
        if not question.flags(answer):
            return None
        await raise_flag(session, log.user_id, (question.id,), source=FLAG_SOURCE, now=now)
        current = await session_logs.get_session_log(session, log.id) if log.id is not None else None
        if current is not None and current.status == SessionStatus.IN_PROGRESS:
            await _end(session, current, Ending.PAIN, now)
        return await load_lock(session, log.user_id, default_timezone)


async def open_hurt_recheck(
    db: Database, user_id: int, now: datetime, default_timezone: str
) -> tuple[models.SessionLog, int, int] | None:
    """Today's latest session stopped for pain, the item that hurt, and the first of its safety questions not
    answered since it stopped (None: no such session, or every question is answered)."""
    async with db.reading() as session:
        today = records.local_date(await profiles.get_profile(session, user_id), default_timezone, now)
        logs = await session_logs.recent_sessions(session, user_id, since=today, until=today)
        log = next((row for row in reversed(logs) if row.status == SessionStatus.STOPPED_PAIN), None)
        if log is None or log.id is None or log.finished_at is None:
            return None
        ended = log.finished_at
        results = await exercise_results.results_for_session(session, log.id)
        answers = await screening.answers_for_user(session, user_id)
    hurt = [r for r in results if r.result == ExerciseResultKind.HURT]
    fresh = {key for key, answer in answers.items() if answer.answered_at >= ended}
    number = next((n for n, question in enumerate(PAIN_RECHECK_QUESTIONS) if question.id not in fresh), None)
    if not hurt or number is None:
        return None
    return log, max(hurt, key=lambda r: r.recorded_at).position, number


async def warmed_up(db: Database, log: models.SessionLog) -> bool:
    """Was at least one warm-up move of this session done (not skipped, not stopped)?"""
    assert log.id is not None
    catalogue = load_catalogue()
    async with db.reading() as session:
        results = await exercise_results.results_for_session(session, log.id)
    return any(
        r.result == ExerciseResultKind.DONE and catalogue[r.exercise_id].slot is Slot.WARMUP for r in results
    )


async def easier_for(db: Database, log: models.SessionLog, index: int) -> str | None:
    """The easier version of item ``index`` to offer now: none that is in any of today's sessions already."""
    async with db.reading() as session:
        todays = await session_logs.recent_sessions(session, log.user_id, since=log.local_date, until=log.local_date)
    used = {item["exercise_id"] for row in [*todays, log] for item in row.plan}
    return easier_version_today(log.plan[index]["exercise_id"], used)


async def add_easier(db: Database, log: models.SessionLog, index: int) -> models.SessionLog | None:
    """Add the easier version of item ``index`` right after it; the session as it is now (None: none left)."""
    easier_id = await easier_for(db, log, index)
    if easier_id is None or log.id is None:
        return None
    item = records.plan_item_json(easier_id, load_catalogue()[easier_id].start, extra=True, easier_of=index)
    async with user_unit(db, log.user_id) as session:
        await session_logs.insert_plan_item(session, log.id, at_index=index + 1, item=item)
        return await session_logs.get_session_log(session, log.id)
