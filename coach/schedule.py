"""Schedule maths: reminder times, training days and the weekly goal, the tolerant weekly streak, adherence
(clinical.md s. 5).

Reminders: ``next_occurrence`` gives the next UTC instant, strictly after a UTC instant, at which a local time
falls on one of the chosen weekdays in an IANA zone. Across DST a local time that does not exist that day
(spring forward) moves forward to the first valid instant after it; a local time that happens twice (fall
back) fires once, at its first occurrence.

Weeks are ISO weeks (Monday to Sunday) of the user's local calendar. Weekdays are 0 = Monday ... 6 = Sunday.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from coach import rules
from coach.records import SessionRecord

DAYS_IN_WEEK = 7
#: The zone of a user who has not chosen one (the ``DEFAULT_TIMEZONE`` setting's default): the one default.
DEFAULT_TIMEZONE = "Europe/London"
#: How a reminder time is stored (``profiles.reminder_time``) and shown: '07:30'.
STORED_TIME_FORMAT = "%H:%M"


# ------------------------------------------------------------------------------------------- reminders ---


def stored_time(text: str | None) -> time | None:
    """A stored 'HH:MM' back to a time (None if missing or unreadable)."""
    try:
        return datetime.strptime(text or "", STORED_TIME_FORMAT).time()
    except ValueError:
        return None


def is_zone(name: str) -> bool:
    """True for an IANA zone name this system knows (exact spelling)."""
    return name in _known_zones()


@cache
def _known_zones() -> frozenset[str]:
    """Every zone name of the system's tz database, read once (``available_timezones`` walks the files)."""
    return frozenset(available_timezones())


def local_instant(day: date, local_time: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of ``local_time`` on ``day`` in ``zone``.

    Ambiguous (fall back): the first occurrence. Non-existent (spring forward): the first valid instant
    after it, i.e. the moment the clocks jump.
    """
    wall = datetime.combine(day, local_time.replace(tzinfo=None, fold=0))
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first
    return _gap_end(wall, zone)


def _gap_end(wall: datetime, zone: ZoneInfo) -> datetime:
    """The transition instant for a wall time inside a spring-forward gap (found by bisection on seconds)."""
    before = int(wall.replace(tzinfo=zone, fold=1).astimezone(UTC).timestamp())  # wall clock still < wall
    after = int(wall.replace(tzinfo=zone, fold=0).astimezone(UTC).timestamp())  # wall clock already > wall
    lo, hi = min(before, after), max(before, after)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, UTC).astimezone(zone).replace(tzinfo=None) > wall:
            hi = mid
        else:
            lo = mid
    return datetime.fromtimestamp(hi, UTC)


def next_occurrence(
    after_utc: datetime, tz_name: str, weekdays: Collection[int], local_time: time
) -> datetime:
    """The first instant strictly after ``after_utc`` at ``local_time`` on a chosen weekday, in UTC."""
    if after_utc.tzinfo is None:
        raise ValueError("after_utc must be timezone-aware")
    days = set(weekdays)
    if not days or not days <= set(range(DAYS_IN_WEEK)):
        raise ValueError(f"weekdays must be a non-empty set of 0 (Monday) to 6 (Sunday), got {sorted(days)}")
    zone = ZoneInfo(tz_name)
    start_day = after_utc.astimezone(zone).date()
    for offset in range(DAYS_IN_WEEK + 2):
        day = start_day + timedelta(days=offset)
        if day.weekday() not in days:
            continue
        instant = local_instant(day, local_time, zone)
        if instant > after_utc:
            return instant
    raise AssertionError("unreachable: a chosen weekday occurs within 8 days")  # pragma: no cover


# -------------------------------------------------------------------------------- weekly goal & streak ---


def validate_weekly_goal(goal: int) -> int:
    """4 sessions a week by default, 5 as a stretch (the article's 4-5)."""
    if goal not in rules.WEEKLY_GOAL_CHOICES:
        raise ValueError(f"weekly goal must be one of {rules.WEEKLY_GOAL_CHOICES}, got {goal}")
    return goal


def toggle_day(days: Iterable[int], day: int) -> tuple[int, ...]:
    """``days`` with ``day`` added or removed, sorted; raises ValueError for a day outside 0-6."""
    if not 0 <= day < DAYS_IN_WEEK:
        raise ValueError(f"weekday must be 0-6, got {day}")
    chosen = set(days)
    chosen.symmetric_difference_update({day})
    return tuple(sorted(chosen))


def weekly_goal_for(days: Collection[int]) -> int:
    """5 sessions a week when 5 or more days are chosen (the stretch goal), else the default 4."""
    return rules.WEEKLY_GOAL_STRETCH if len(days) >= rules.WEEKLY_GOAL_STRETCH else rules.WEEKLY_GOAL_DEFAULT


def days_choice_needs_nudge(days: Collection[int]) -> bool:
    """Fewer than 3 training days gets one gentle nudge; the user may keep their choice.

    Why: 3-5 sessions a week work best and the article says 4-5 (clinical.md section 5), so fewer than 3 is
    worth one question; but "the app proposes, the user decides" and never guilt-trips (clinical.md section 7),
    so the nudge offers "Add days" or "Keep my choice". 3 days is accepted without a nudge: it is within the
    evidence range. No day at all is refused, because reminders need at least one day.
    """
    return 0 < len(days) < 3


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def sessions_done(sessions: Iterable[SessionRecord], first: date, last: date) -> int:
    """Completed sessions with ``first <= local_date <= last``, at most one per day (all kinds count)."""
    days = [s.local_date for s in sessions if s.completed and first <= s.local_date <= last]
    per_day = rules.ADHERENCE_MAX_SESSIONS_PER_DAY
    return sum(min(days.count(d), per_day) for d in set(days))


@dataclass(frozen=True)
class WeekStatus:
    done: int
    goal: int

    @property
    def met(self) -> bool:
        return self.done >= self.goal

    @property
    def remaining(self) -> int:
        return max(0, self.goal - self.done)


def week_status(sessions: Iterable[SessionRecord], today: date, goal: int) -> WeekStatus:
    """Sessions done so far in ``today``'s week against the weekly goal."""
    monday = week_start(today)
    return WeekStatus(sessions_done(sessions, monday, monday + timedelta(days=6)), validate_weekly_goal(goal))


def weekly_streak(sessions: Iterable[SessionRecord], today: date, goal: int) -> int:
    """Consecutive weeks, up to this one, that kept the streak (a tolerant count).

    A finished week keeps the streak if it came within ``STREAK_SLACK_SESSIONS`` of the goal. The week in
    progress counts once it has reached that, and never breaks the streak before it ends.
    """
    validate_weekly_goal(goal)
    records = tuple(sessions)
    enough = goal - rules.STREAK_SLACK_SESSIONS
    this_monday = week_start(today)
    streak = 1 if sessions_done(records, this_monday, today) >= enough else 0
    monday = this_monday - timedelta(days=DAYS_IN_WEEK)
    earliest = min((s.local_date for s in records), default=today)
    while monday >= week_start(earliest):
        if sessions_done(records, monday, monday + timedelta(days=6)) < enough:
            break
        streak += 1
        monday -= timedelta(days=DAYS_IN_WEEK)
    return streak


def adherence(sessions: Iterable[SessionRecord], first: date, last: date, goal: int) -> float:
    """Share of the planned sessions done between ``first`` and ``last`` (inclusive), 0.0 to 1.0.

    Planned = the weekly goal spread over the window's days.
    """
    if last < first:
        raise ValueError("the window ends before it starts")
    days = (last - first).days + 1
    planned = validate_weekly_goal(goal) * days / DAYS_IN_WEEK
    return min(1.0, sessions_done(sessions, first, last) / planned)
