"""/report as a use case: everything the one-page report for the user's clinician shows, read in one unit.

The report covers the user's programme from the day they finished onboarding (at most
:data:`REPORT_WEEKS` weeks back): who (first name only), the level and its history (each session stores the
day's level), the current exercises and doses, sessions and pain by context per week (``usecases.progress``,
the same figures /progress shows), every "It hurts" with its date and kind, every red flag with its date and
how it was cleared, and the doctor check. The page itself is drawn by ``conversations.report_pdf``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach.catalogue import load_catalogue
from coach.schedule import DAYS_IN_WEEK, week_start
from storage.database import Database
from storage.models import RedFlag
from storage.repositories import exercise_results, red_flags, session_logs, users
from usecases import records
from usecases.measures import Scores, load_scores
from usecases.progress import History, load_history

REPORT_WEEKS = 12  # *design choice*: about three months, what a clinician reviews at a follow-up


@dataclass(frozen=True)
class CurrentExercise:
    name: str
    dose: str  # plain words, e.g. "2 x 8 reps, hold 5 s"


@dataclass(frozen=True)
class HurtEvent:
    day: date
    exercise: str
    kind: str | None  # coach.safety.PainKind value, as stored


@dataclass(frozen=True)
class FlagEvent:
    raised: date
    decision: str  # coach.screening.Decision name in lower case, as stored
    question_ids: tuple[str, ...]
    source: str
    cleared: date | None
    clearance: str | None


@dataclass(frozen=True)
class Report:
    first_name: str
    history: History  # level, sessions and pain by context on the user's calendar, over ``weeks`` weeks
    weeks: int
    level_changes: tuple[tuple[date, int], ...]  # (first day, level) each time the level changed
    exercises: tuple[CurrentExercise, ...]
    hurts: tuple[HurtEvent, ...]
    flags: tuple[FlagEvent, ...]
    doctor_check: str | None  # "yes" / "not_yet", as stored
    doctor_check_on: date | None
    measures: Scores | None = None  # PEG-3 and PSFS round by round

    @property
    def first_day(self) -> date:
        return week_start(self.history.today) - timedelta(days=DAYS_IN_WEEK * (self.weeks - 1))


async def load_report(db: Database, user_id: int, now: datetime, default_timezone: str) -> Report | None:
    """The report's content, or None before onboarding is finished."""
    history = await load_history(db, user_id, now, default_timezone, weeks=REPORT_WEEKS, with_pain=True)
    if history is None:
        return None
    weeks = history.weeks_since_start(REPORT_WEEKS)
    since = week_start(history.today) - timedelta(days=DAYS_IN_WEEK * (weeks - 1))
    async with db.reading() as session:
        user = await users.get_user(session, user_id)
        profile = await records.load_user_state(session, user_id, default_timezone, now)
        logs = await session_logs.recent_sessions(session, user_id, since=since, until=history.today)
        hurt = await exercise_results.hurt_since(session, user_id, since)
        flags = await red_flags.all_flags(session, user_id)
    zone = records.user_zone(profile.row, default_timezone)
    catalogue = load_catalogue()

    def name(exercise_id: str) -> str:
        return catalogue[exercise_id].name if exercise_id in catalogue else exercise_id

    def flag_event(row: RedFlag) -> FlagEvent:
        cleared = row.cleared_at.astimezone(zone).date() if row.cleared_at else None
        ids = tuple(i for i in row.question_ids.split(",") if i)
        return FlagEvent(row.raised_at.astimezone(zone).date(), row.decision, ids, row.source, cleared, row.clearance)

    doctor_at = profile.row.doctor_check_at if profile.row else None
    return Report(
        first_name=(user.first_name if user and user.first_name else "").split(" ")[0],
        history=history,
        weeks=weeks,
        level_changes=level_changes((log.local_date, log.level) for log in logs),
        exercises=tuple(CurrentExercise(name(p.exercise_id), p.dose.describe()) for p in profile.progress.values()),
        hurts=tuple(HurtEvent(day, name(result.exercise_id), result.pain_kind) for day, result in hurt),
        flags=tuple(flag_event(row) for row in flags),
        doctor_check=profile.row.doctor_check if profile.row else None,
        doctor_check_on=doctor_at.astimezone(zone).date() if doctor_at else None,
        measures=await load_scores(db, user_id, default_timezone),
    )


def level_changes(days: Iterable[tuple[date, int | None]]) -> tuple[tuple[date, int], ...]:
    """(first day, level) at each change of the level sessions were done at, oldest first."""
    changes: list[tuple[date, int]] = []
    for day, level in days:
        if level is not None and (not changes or changes[-1][1] != level):
            changes.append((day, level))
    return tuple(changes)
