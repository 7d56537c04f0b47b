"""What /status and /progress show, read in one short read-only unit of work on the user's own calendar.

Rows become coach records through ``usecases.records`` (so a session stopped for pain counts as done here
exactly as it does for the coach); ``coach.schedule`` counts the weeks. Weeks are ISO weeks of the user's local
calendar: the profile's timezone (or the default) at the given instant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from coach import rules
from coach.records import CheckinContext, SessionRecord
from coach.schedule import DAYS_IN_WEEK, local_instant, week_start
from coach.screening import Access
from storage.database import Database
from storage.models import PainCheckin
from storage.repositories import pain, session_logs
from usecases import records

#: The one pain context the weekly summary shows (clinical.md section 4: the week's pain is of one context,
#: never mixed): the pain right after a session, the score asked after every session. *Design choice*.
#: /progress shows each context on its own line (``conversations.charts.PAIN_CONTEXTS``).
PAIN_SHOWN = CheckinContext.AFTER
#: The pain contexts /progress shows, in the order of a session day, each on its own line, never averaged
#: together. *Design choice*: the routine scores around a session; /pain and /resume scores are a flare's.
PAIN_CONTEXTS: tuple[CheckinContext, ...] = (
    CheckinContext.BEFORE,
    CheckinContext.WORST_DURING,
    CheckinContext.AFTER,
    CheckinContext.NEXT_MORNING,
)

# How far back /status looks for the weekly streak. *Design choice*: two years of sessions (at most one a day
# counts) is a small read, and a streak longer than that is shown as that long.
STREAK_LOOKBACK_WEEKS = 104


class PainScore(NamedTuple):
    """One pain check-in on the user's local calendar."""

    day: date
    context: CheckinContext
    score: int


@dataclass(frozen=True)
class History:
    """What /status and /progress show, read from the database, on the user's local calendar."""

    level: int
    access: Access
    paused: bool
    paused_since: date | None
    today: date
    goal: int
    sessions: tuple[SessionRecord, ...]
    pain: tuple[PainScore, ...]  # the window's check-ins of every context, each with its own
    started: date  # the local date onboarding finished: weeks before it are not the user's

    def weeks_since_start(self, most: int) -> int:
        """How many weeks /progress shows: up to ``most``, never a week from before the user started."""
        weeks = (week_start(self.today) - week_start(self.started)).days // DAYS_IN_WEEK + 1
        return max(1, min(most, weeks))


def weekly_goal(goal: int) -> int:
    """The user's weekly goal, or the default if the stored one is not a valid choice."""
    return goal if goal in rules.WEEKLY_GOAL_CHOICES else rules.WEEKLY_GOAL_DEFAULT


def local_scores(checkins: Iterable[PainCheckin], zone: ZoneInfo) -> tuple[PainScore, ...]:
    """Pain check-ins on the user's local calendar, each with its context."""
    return tuple(
        PainScore(checkin.recorded_at.astimezone(zone).date(), CheckinContext(checkin.context), checkin.score)
        for checkin in checkins
    )


async def load_history(
    db: Database, user_id: int, now: datetime, default_timezone: str, *, weeks: int, with_pain: bool
) -> History | None:
    """The last ``weeks`` weeks of the user (None before onboarding is finished), in one transaction."""
    async with db.reading() as session:
        state = await records.load_user_state(session, user_id, default_timezone, now)
        if state.row is None or not state.onboarded:
            return None
        zone = records.user_zone(state.row, default_timezone)
        first = week_start(state.today) - timedelta(days=DAYS_IN_WEEK * (weeks - 1))
        logs = await session_logs.recent_sessions(session, user_id, since=first, until=state.today)
        checkins = []
        if with_pain:
            since = local_instant(first, time(0), zone)
            until = local_instant(week_start(state.today) + timedelta(days=DAYS_IN_WEEK), time(0), zone)
            checkins = await pain.pain_in_window(
                session, user_id, since=since, until=until, contexts=PAIN_CONTEXTS
            )
    paused_at: datetime | None = state.row.paused_at
    onboarded_at: datetime | None = state.row.onboarded_at
    return History(
        level=state.profile.level,
        access=state.profile.access,
        paused=state.profile.paused,
        paused_since=paused_at.astimezone(zone).date() if paused_at else None,
        today=state.today,
        goal=weekly_goal(state.profile.weekly_goal),
        sessions=tuple(records.session_records(logs)),
        pain=local_scores(checkins, zone),
        started=onboarded_at.astimezone(zone).date() if onboarded_at else state.today,
    )
