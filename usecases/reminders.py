"""The reminders' use cases: what the weekly summary says, and the reminder buttons (snooze, skip, levels).

The ticker (``bot.scheduler``) composes the weekly summary inside its own unit of work, so
:func:`weekly_facts` takes that session; the buttons' use cases open their own. A level proposed in a summary
is checked again when the user accepts it, and applied only if the coach still proposes it; level 4 (loaded
lifts) unlocks only with the user's confirmation of good technique and every other gate requirement met.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from coach import rules
from coach.measures import Trend, peg_trend
from coach.progression import (
    GateClosed,
    GateRequirement,
    LevelChange,
    apply_level,
    level4_gate,
    progress_holds,
    propose_level_up,
    suggest_clinician_no_improvement,
    unlock_level4,
)
from coach.schedule import local_instant, week_start, week_status
from storage import models
from storage.database import Database
from storage.repositories import pain, profiles, reminders, session_logs
from storage.values import ReminderKind, SessionStatus
from usecases import measures, records
from usecases.progress import PAIN_SHOWN
from usecases.units import user_unit

SNOOZE_FOR = timedelta(hours=1)
HOLDS_LOOKBACK = timedelta(days=14)
#: Sessions read for the level-4 gate: its hip-hinge greens may be older than the two green weeks.
LEVEL4_HISTORY_DAYS = 90


@dataclass(frozen=True)
class WeeklyFacts:
    """One week of the user: sessions against the goal, the pain of this and last week, any level on offer."""

    done: int
    goal: int
    met: bool
    pain_now: float | None
    pain_before: float | None
    level_up: LevelChange | None
    level4: bool
    see_clinician: bool = False  # three weeks of regular training without a meaningful improvement
    function: Trend = Trend.UNKNOWN  # PEG-3 from the first check-up to the latest
    ended: tuple[tuple[SessionStatus, int], ...] = ()  # this week's finished sessions by what happened


def ended_by_status(logs: Iterable[models.SessionLog]) -> tuple[tuple[SessionStatus, int], ...]:
    """How many of these sessions ended each way (in the order of ``SessionStatus``). Not those in progress,
    nor a plan left before its first item (replaced by "Start again" or the 5-minute version)."""
    def over(log: models.SessionLog) -> bool:
        if log.status == SessionStatus.ABANDONED:
            return log.current_index > 0
        return log.status != SessionStatus.IN_PROGRESS

    counts = Counter(SessionStatus(log.status) for log in logs if over(log))
    return tuple((status, counts[status]) for status in SessionStatus if counts[status])


async def weekly_facts(session: AsyncSession, profile: models.Profile, zone: ZoneInfo, now: datetime) -> WeeklyFacts:
    """The weekly summary's facts (pain of one context only, never mixed), read in the caller's unit."""
    today = now.astimezone(zone).date()
    monday = week_start(today)
    logs = await session_logs.recent_sessions(session, profile.user_id, since=monday, until=today)
    status = week_status(records.session_records(logs), today, profile.weekly_goal)
    this_week = await _average_pain(session, profile.user_id, zone, monday, now)
    last_week = await _average_pain(session, profile.user_id, zone, monday - timedelta(days=7), None)
    change = await proposed_level(session, profile.user_id, zone, now)
    level4 = change is None and await level4_on_offer(session, profile.user_id, zone, now)
    see = await _no_improvement(session, profile, zone, now)
    peg = await measures.peg_first_and_latest(session, profile.user_id)
    function = peg_trend(*peg) if peg else Trend.UNKNOWN
    return WeeklyFacts(
        status.done, status.goal, status.met, this_week, last_week, change, level4, see, function,
        ended_by_status(logs),
    )


async def _no_improvement(session: AsyncSession, profile: models.Profile, zone: ZoneInfo, now: datetime) -> bool:
    """The coach's "3 weeks of regular training, no meaningful improvement: see a clinician" (NHS), on the
    user's own records since they started."""
    if profile.onboarded_at is None or profile.baseline_pain is None:
        return False
    started, today = profile.onboarded_at.astimezone(zone).date(), now.astimezone(zone).date()
    logs = await session_logs.recent_sessions(session, profile.user_id, since=started, until=today)
    since, until = now - rules.PAIN_WEEK, now + timedelta(seconds=1)
    week = await pain.pain_in_window(session, profile.user_id, since=since, until=until)
    return suggest_clinician_no_improvement(
        records.pain_records(week), records.session_records(logs), started_on=started, today=today, now=now,
        baseline_pain=profile.baseline_pain, weekly_goal=profile.weekly_goal,
        peg=await measures.peg_first_and_latest(session, profile.user_id),
    )


async def proposed_level(session: AsyncSession, user_id: int, zone: ZoneInfo, now: datetime) -> LevelChange | None:
    """The level-up the coach proposes now (two good weeks, no holds), or None."""
    state = await records.load_user_state(session, user_id, str(zone.key), now)
    since = state.today - timedelta(days=rules.LEVEL_UP_MIN_DAYS - 1)
    logs = await session_logs.recent_sessions(session, user_id, since=since, until=state.today)
    window = await pain.pain_in_window(session, user_id, since=now - HOLDS_LOOKBACK, until=now + timedelta(seconds=1))
    holds = progress_holds(state.profile, records.pain_records(window), now)
    return propose_level_up(state.profile, records.session_records(logs), state.today, holds)


async def level4_on_offer(session: AsyncSession, user_id: int, zone: ZoneInfo, now: datetime) -> bool:
    """At level 3 with every level-4 requirement met but the technique (which only the user can confirm)."""
    state = await records.load_user_state(session, user_id, str(zone.key), now)
    if state.profile.level != rules.LEVEL_OPEN_MAX or state.profile.level4_unlocked or state.profile.paused:
        return False
    since = state.today - timedelta(days=LEVEL4_HISTORY_DAYS)
    logs = await session_logs.recent_sessions(session, user_id, since=since, until=state.today)
    missing = level4_gate(state.profile, records.session_records(logs), state.today).missing
    return set(missing) <= {GateRequirement.TECHNIQUE_CONFIRMED}


async def _average_pain(
    session: AsyncSession, user_id: int, zone: ZoneInfo, monday: date, until: datetime | None
) -> float | None:
    start = local_instant(monday, time(0), zone)
    end = until or local_instant(monday + timedelta(days=7), time(0), zone)
    rows = await pain.pain_in_window(session, user_id, since=start, until=end, contexts=[PAIN_SHOWN])  # never mixed
    return sum(row.score for row in rows) / len(rows) if rows else None


# ------------------------------------------------------------------------------------------ buttons ---


async def today_of(db: Database, user_id: int, now: datetime, default_timezone: str) -> date:
    """The user's local date now (a reminder's buttons work on the day it was for)."""
    async with db.reading() as session:
        profile = await profiles.get_profile(session, user_id)
    return records.local_date(profile, default_timezone, now)


async def snooze(db: Database, user_id: int, now: datetime) -> bool:
    """The session reminder fires again an hour from now; False when the user has none turned on."""
    async with user_unit(db, user_id) as session:
        row = await reminders.get_reminder(session, user_id, ReminderKind.SESSION)
        if row is None or row.id is None or not row.enabled:
            return False
        await reminders.snooze_reminder(session, row.id, now + SNOOZE_FOR, now=now)
    return True


async def skip_day(db: Database, user_id: int, day: date, now: datetime) -> None:
    """Skip ``day``: recorded, so neither a snoozed reminder nor the nudge comes that day."""
    async with user_unit(db, user_id) as session:
        await reminders.record_skip(session, user_id=user_id, local_date=day, now=now)


async def accept_level(
    db: Database, user_id: int, offered: tuple[int | None, int | None], now: datetime, default_timezone: str
) -> int | None:
    """Apply the level offered (from, to) if it is still what the coach proposes; the new level, else None.
    The offer pressed again once applied (its reply may have been lost) gives that level again, nothing written."""
    async with user_unit(db, user_id) as session:
        stored = await profiles.get_profile(session, user_id)
        zone = records.user_zone(stored, default_timezone)
        change = await proposed_level(session, user_id, zone, now)
        if change is None or (change.from_level, change.to_level) != offered:
            applied = stored is not None and offered[1] is not None and stored.level == offered[1]
            return offered[1] if applied else None
        state = await records.load_user_state(session, user_id, default_timezone, now)
        profile, fitted = apply_level(state.profile, state.progress, change, state.today)
        await profiles.update_profile(session, user_id, now=now, **records.profile_changes(profile))
        await records.save_progress(session, user_id, fitted, state.progress, now)
    return change.to_level


async def confirm_technique(db: Database, user_id: int, now: datetime, default_timezone: str) -> bool:
    """The user confirms good technique (or a trainer): level 4 unlocks if the gate is otherwise open. True
    also when it is unlocked already (the offer pressed again: its reply may have been lost), nothing written."""
    async with user_unit(db, user_id) as session:
        stored = await profiles.get_profile(session, user_id)
        zone = records.user_zone(stored, default_timezone)
        if not await level4_on_offer(session, user_id, zone, now):
            return stored is not None and stored.level4_unlocked and stored.level == rules.LEVEL_LOCKED
        state = await records.load_user_state(session, user_id, default_timezone, now)
        since = state.today - timedelta(days=LEVEL4_HISTORY_DAYS)
        logs = await session_logs.recent_sessions(session, user_id, since=since, until=state.today)
        confirmed = replace(state.profile, technique_confirmed=True)
        try:
            profile = unlock_level4(confirmed, records.session_records(logs), state.today)
        except GateClosed:
            return False
        change = LevelChange(state.profile.level, profile.level)
        profile, fitted = apply_level(profile, state.progress, change, state.today)
        changes = records.profile_changes(profile)
        await profiles.update_profile(session, user_id, now=now, technique_confirmed_at=now, **changes)
        await records.save_progress(session, user_id, fitted, state.progress, now)
    return True
