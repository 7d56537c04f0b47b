"""The pain check-ins as use cases: right after a session (worst during, then now) and the next morning.

Every score is saved the moment it is given, in the unit of work that decides what follows. After the "now"
score the coach records the session (``record_session``) and classifies it: red is final at once
(``apply_session``); green and yellow wait for the next-morning answer, which finalises the outcome once
(``apply_outcome``, guarded by ``set_outcome_if_pending``). Which question comes first after a session, also
one that ended for pain, is ``coach.safety.after_session_checkin``'s decision.

Each function takes the database and the instant, and returns a plain result the handler renders (and the
reminder ticker, for :func:`open_followup`). A session id from a button is trusted only for its own user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from coach.planner import SessionPlan
from coach.progression import (
    apply_level,
    apply_outcome,
    apply_session,
    classify_session,
    level_down_after_reds,
    progress_holds,
    record_session,
    session_baseline,
    should_auto_resume,
    worst_within_green,
)
from coach.records import CheckinContext, Outcome, PainCheckin
from coach.safety import PainKind, after_session_checkin, is_leg_symptom
from storage import models
from storage.database import Database
from storage.repositories import exercise_results, pain, pending, profiles, session_logs, users
from storage.values import ExerciseResultKind
from usecases import records, reminder_rows
from usecases.questions import Flow
from usecases.units import user_unit

#: The flow and question the next-morning follow-up is stored under as the user's pending question.
FOLLOWUP_FLOW, FOLLOWUP_QUESTION = Flow.CHECKIN, "followup"
HOLDS_LOOKBACK = timedelta(days=14)
CHECKIN_STILL_OPEN = timedelta(hours=12)


class Saved(Enum):
    """What became of a score."""

    SAVED = "saved"
    ALREADY = "already"  # that question was answered before: nothing changed
    CLOSED = "closed"  # no such session of this user, or its check-in is over


@dataclass(frozen=True)
class AfterSession:
    """The "pain now" answer: what the coach made of the session until the next morning."""

    saved: Saved
    red: bool = False
    leg: bool = False
    level_down: bool = False
    green: bool = False
    next_weekday: int | None = None
    paused: bool = False


@dataclass(frozen=True)
class MorningQuestion:
    """The next-morning question is now the user's pending one: where to send it and what it is about."""

    chat_id: int
    session_id: int
    session_date: date
    today: date


@dataclass(frozen=True)
class MorningVerdict:
    """The final outcome of a session, decided by the morning answer."""

    outcome: Outcome
    stepped_up: bool
    suggest_resume: bool


# ------------------------------------------------------------------------------- right after a session ---


async def known_worst(db: Database, session_id: int) -> int | None:
    """The worst pain already given during the session ("It hurts"), so it is not asked again; else None."""
    async with db.reading() as session:
        checkins = await pain.for_session(session, session_id)
    return after_session_checkin([c.score for c in checkins if c.context == CheckinContext.WORST_DURING]).known_worst


async def open_check(db: Database, user_id: int, session_id: int | None, now: datetime) -> int | None:
    """The id of the user's session whose check-in is still open (``session_id``'s, else the latest)."""
    async with db.reading() as session:
        log = await _own_session(session, user_id, session_id)
    return log.id if log is not None and not _closed(log, now) else None


async def record_worst(db: Database, user_id: int, session_id: int, score: int, now: datetime) -> Saved:
    """The worst pain during the session (leg symptoms reported in "It hurts" are kept with it)."""
    async with user_unit(db, user_id) as session:
        log = await _own_session(session, user_id, session_id)
        if log is None or log.id is None or _closed(log, now):
            return Saved.CLOSED
        if await _answered(session, log.id, CheckinContext.WORST_DURING):
            return Saved.ALREADY
        results = await exercise_results.results_for_session(session, log.id)
        leg = any(is_leg_symptom(r.pain_kind) for r in results)
        await pain.record_pain(
            session, user_id=user_id, context=CheckinContext.WORST_DURING, score=score, now=now,
            session_id=log.id, leg_symptoms=leg,
        )
    return Saved.SAVED


async def record_now(
    db: Database, user_id: int, session_id: int, score: int, now: datetime, default_timezone: str
) -> AfterSession:
    """The pain right after the session; then the coach records the session (red: decided at once)."""
    async with user_unit(db, user_id) as session:
        log = await _own_session(session, user_id, session_id)
        if log is None or log.id is None or _closed(log, now):
            return AfterSession(Saved.CLOSED)
        if await _answered(session, log.id, CheckinContext.AFTER):
            return AfterSession(Saved.ALREADY)
        await pain.record_pain(
            session, user_id=user_id, context=CheckinContext.AFTER, score=score, now=now, session_id=log.id
        )
        facts = await _Facts.load(session, log, default_timezone, now)
        if facts.classify(now) is Outcome.RED:
            return await _red_at_once(session, facts, now)
        return await _until_tomorrow(session, facts, default_timezone, now)


async def _red_at_once(session: AsyncSession, facts: _Facts, now: datetime) -> AfterSession:
    assert facts.log.id is not None
    new = apply_session(facts.state.progress, facts.plan, Outcome.RED, facts.state.profile,
                        stopped=facts.stopped, hold=facts.holds(now))
    await session_logs.set_outcome_if_pending(session, facts.log.id, Outcome.RED)
    level_down = await _save_after_red(session, facts, new, now)
    return AfterSession(Saved.SAVED, red=True, leg=facts.leg, level_down=level_down)


async def _until_tomorrow(session: AsyncSession, facts: _Facts, default_timezone: str, now: datetime) -> AfterSession:
    assert facts.log.id is not None
    new = record_session(facts.state.progress, facts.plan, facts.state.profile, stopped=facts.stopped)
    await records.save_progress(session, facts.log.user_id, new, facts.state.progress, now)
    zone = records.user_zone(facts.state.row, default_timezone)
    await reminder_rows.schedule_followup(session, facts.log.user_id, facts.log.id, now, zone)
    return AfterSession(
        Saved.SAVED,
        green=worst_within_green(facts.checkins, facts.state.profile.baseline_pain),
        next_weekday=facts.next_weekday(),
        paused=facts.state.profile.paused,
    )


async def _save_after_red(session: AsyncSession, facts: _Facts, new: dict[str, Any], now: datetime) -> bool:
    """Save the progress after a red; two reds in 7 days at one level: down a level (True)."""
    user_id, today = facts.log.user_id, facts.state.today
    rows = await session_logs.recent_sessions(session, user_id, since=today - timedelta(days=6), until=today)
    change = level_down_after_reds(facts.state.profile, records.session_records(rows), today)
    if change is None:
        await records.save_progress(session, user_id, new, facts.state.progress, now)
        return False
    profile, fitted = apply_level(facts.state.profile, new, change, today)
    await profiles.update_profile(session, user_id, now=now, level=profile.level, level_since=profile.level_since)
    await records.save_progress(session, user_id, fitted, facts.state.progress, now)
    return True


# -------------------------------------------------------------------------------- next-morning follow-up ---


async def open_followup(
    db: Database, user_id: int, session_id: int, now: datetime, default_timezone: str
) -> MorningQuestion | None:
    """Make the next-morning question the user's pending one; None (nothing to ask) once the outcome is final."""
    async with user_unit(db, user_id) as session:
        log = await _own_session(session, user_id, session_id)
        user = await users.get_user(session, user_id)
        if log is None or log.id is None or user is None or log.outcome is not None or log.finished_at is None:
            return None
        await pending.ask(session, user_id, flow=FOLLOWUP_FLOW, question=FOLLOWUP_QUESTION, ref=str(log.id), now=now)
        return await _morning_question(session, user, log, default_timezone, now)


async def asked_followup(db: Database, user_id: int, now: datetime, default_timezone: str) -> MorningQuestion | None:
    """The next-morning question the user is being asked (the session its pending question names, else the
    latest awaiting its outcome), to show it again; None once the outcome is final. Nothing is written."""
    async with db.reading() as session:
        asked = await pending.current(session, user_id)
        ref = asked.ref if asked is not None and asked.flow == FOLLOWUP_FLOW else None
        log = await _own_session(session, user_id, int(ref)) if ref and ref.isdigit() else None
        if log is None:
            waiting = await session_logs.sessions_awaiting_outcome(session, user_id)
            log = waiting[0] if waiting else None
        user = await users.get_user(session, user_id)
        if log is None or log.outcome is not None or user is None:
            return None
        return await _morning_question(session, user, log, default_timezone, now)


async def _morning_question(
    session: AsyncSession, user: models.User, log: models.SessionLog, default_timezone: str, now: datetime
) -> MorningQuestion:
    assert log.id is not None
    today = records.local_date(await profiles.get_profile(session, user.id), default_timezone, now)
    return MorningQuestion(user.chat_id, log.id, log.local_date, today)


async def awaiting_outcome(db: Database, user_id: int, session_id: int | None = None) -> int | None:
    """The session whose morning answer is awaited (``session_id``'s if it is the user's and still open)."""
    async with db.reading() as session:
        if session_id is None:
            waiting = await session_logs.sessions_awaiting_outcome(session, user_id)
            return waiting[0].id if waiting else None
        log = await _own_session(session, user_id, session_id)
    return log.id if log is not None and log.outcome is None else None


async def finalise_followup(
    db: Database, user_id: int, session_id: int, score: int | None, now: datetime, default_timezone: str
) -> MorningVerdict | None:
    """The morning answer (None: "back to normal"); the outcome is decided once. None if already decided."""
    async with user_unit(db, user_id) as session:
        log = await _own_session(session, user_id, session_id)
        if log is None or log.id is None or log.outcome is not None:
            return None
        facts = await _Facts.load(session, log, default_timezone, now)
        morning = score if score is not None else session_baseline(facts.checkins, facts.state.profile.baseline_pain)
        checkin = await pain.record_pain(
            session, user_id=user_id, context=CheckinContext.NEXT_MORNING, score=morning, now=now,
            session_id=log.id, back_to_baseline=score is None,
        )
        facts = facts.with_checkin(records.pain_record(checkin))
        outcome = facts.classify(now)
        if not await session_logs.set_outcome_if_pending(session, log.id, outcome):
            return None
        return await _apply(session, facts, outcome, now)


async def _apply(session: AsyncSession, facts: _Facts, outcome: Outcome, now: datetime) -> MorningVerdict:
    """Apply the decided outcome to the progress."""
    new = apply_outcome(facts.state.progress, facts.plan, outcome, facts.state.profile,
                        stopped=facts.stopped, hold=facts.holds(now))
    stepped_up = any(new[t].dose != p.dose or new[t].exercise_id != p.exercise_id
                     for t, p in facts.state.progress.items() if t in new)
    if outcome is Outcome.RED:
        await _save_after_red(session, facts, new, now)
    else:
        await records.save_progress(session, facts.log.user_id, new, facts.state.progress, now)
    await pending.done(session, facts.log.user_id, FOLLOWUP_FLOW)
    return MorningVerdict(outcome, stepped_up, await _suggest_resume(session, facts, now))


async def _suggest_resume(session: AsyncSession, facts: _Facts, now: datetime) -> bool:
    """While paused: two check-ins in a row at or below the pre-flare baseline -> propose /resume (never forced)."""
    row = facts.state.row
    if row is None or not row.paused or row.paused_at is None:
        return False
    since = await pain.pain_in_window(session, row.user_id, since=row.paused_at, until=now + timedelta(seconds=1))
    return should_auto_resume(records.pain_records(since), row.pre_flare_baseline)


# ---------------------------------------------------------------------------------------- the facts ---


async def _own_session(session: AsyncSession, user_id: int, session_id: int | None) -> models.SessionLog | None:
    """The user's finished session ``session_id`` (their latest finished one when None); else None."""
    if session_id is None:
        return await session_logs.latest_finished_session(session, user_id)
    log = await session_logs.get_session_log(session, session_id)
    if log is None or log.user_id != user_id or log.finished_at is None:
        return None
    return log


def _closed(log: models.SessionLog, now: datetime) -> bool:
    """The check-in right after a session closes once the outcome is final or half a day has passed."""
    return log.outcome is not None or log.finished_at is None or now - log.finished_at > CHECKIN_STILL_OPEN


async def _answered(session: AsyncSession, session_id: int, context: CheckinContext) -> bool:
    """Does the session have a check-in in that context (a score given during "It hurts" is a worst-during one)?"""
    return await pain.latest_for_session(session, session_id, context) is not None


@dataclass(frozen=True)
class _Facts:
    """Everything the coach needs to judge one session, read once in the unit of work."""

    log: models.SessionLog
    state: records.UserState
    plan: SessionPlan
    checkins: tuple[PainCheckin, ...]
    recent: tuple[PainCheckin, ...]  # every check-in of the last two weeks (what holds progress back)
    stopped: frozenset[str]

    @classmethod
    async def load(cls, session: AsyncSession, log: models.SessionLog, default_timezone: str, now: datetime) -> _Facts:
        assert log.id is not None
        state = await records.load_user_state(session, log.user_id, default_timezone, now)
        checkins = records.pain_records(await pain.for_session(session, log.id))
        window = await pain.pain_in_window(session, log.user_id, since=now - HOLDS_LOOKBACK,
                                           until=now + timedelta(seconds=1))
        results = await exercise_results.results_for_session(session, log.id)
        stopped = frozenset(r.exercise_id for r in results
                            if r.result == ExerciseResultKind.HURT and r.pain_kind != PainKind.DULL_ACHE_FADES)
        recent = tuple(records.pain_records(window))
        return cls(log, state, records.session_plan(log), tuple(checkins), recent, stopped)

    def with_checkin(self, checkin: PainCheckin) -> _Facts:
        """The same facts with one more check-in of this session (the morning answer just saved)."""
        return _Facts(self.log, self.state, self.plan, (*self.checkins, checkin), (*self.recent, checkin), self.stopped)

    def holds(self, now: datetime) -> bool:
        """Is progress held back now (paused, doctor check open, leg symptoms, pain rising over the week)?"""
        return bool(progress_holds(self.state.profile, self.recent, now))

    @property
    def leg(self) -> bool:
        return any(c.leg_symptoms for c in self.checkins)

    def classify(self, now: datetime) -> Outcome:
        assert self.log.finished_at is not None
        return classify_session(
            self.checkins, finished_at=self.log.finished_at, now=now, usual_pain=self.state.profile.baseline_pain
        )

    def next_weekday(self) -> int | None:
        days = self.state.row.training_weekdays if self.state.row else ()
        today = self.state.today.weekday()
        return next(((today + n) % 7 for n in range(1, 8) if (today + n) % 7 in days), None)
