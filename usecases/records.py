"""Adapters between storage rows and `coach` records, in one place, plus the user's local calendar.

Every flow (the session, check-ins, /pain, /status, the reminder ticker) turns rows into coach records here
and coach results back into the field dictionaries the repositories take, so the mapping is written once:

- `profile_record(row)`: a `storage.models.Profile` row -> `coach.records.Profile`.
  `screening_outcome` holds a `coach.screening.Decision` name in lower case ("clear", "doctor_today", ...),
  `doctor_check` a `coach.screening.Answer` value ("yes" / "no" / "not_sure"); only "yes" clears.
- `profile_changes(record)`: the fields of a coach `Profile` that the coach may change, for
  `profiles.update_profile`.
- `progress_records(rows)` / `progress_changes(records)`: progress rows keyed by track <-> `ExerciseProgress`.
- `session_record(row)`, `plan_json(plan)`, `session_plan(row)`: session logs <-> `SessionRecord` and
  `SessionPlan` (the stored plan is `[{"exercise_id", "reps", "sets", "hold_seconds"}, ...]`).
- `pain_record(row)` / `pain_records(rows)`: pain check-in rows -> `PainCheckin`.
- `user_zone`, `local_date`: the user's own calendar from `profile.timezone` (else the default zone).
- `load_user_state` / `save_progress`: read profile + progress as records in one go; write what changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel.ext.asyncio.session import AsyncSession

from coach import rules
from coach.catalogue import Catalogue, load_catalogue
from coach.dose import Dose
from coach.equipment import parse_kit
from coach.planner import PlanItem, SessionPlan
from coach.records import CheckinContext, ExerciseProgress, Outcome, PainCheckin, Profile, SessionKind, SessionRecord
from coach.screening import Answer, Decision
from storage import models
from storage.repositories import profiles, progress
from storage.values import TRAINED_STATUSES

#: Statuses of a session the user trained in (a session stopped for pain still counts as done).
DONE_STATUSES = TRAINED_STATUSES

# ------------------------------------------------------------------------------------------ profile ---


def screening_decision(profile: models.Profile | None) -> Decision | None:
    """The stored screening outcome (its ``Decision`` name in lower case); None while not (re)screened.

    An unknown value raises ValueError rather than guessing: a screening outcome is never made up.
    """
    return stored_decision(profile.screening_outcome if profile is not None else None)


def stored_decision(outcome: str | None) -> Decision | None:
    """A stored ``screening_outcome`` as its decision (see :func:`screening_decision`)."""
    if not outcome:
        return None
    try:
        return Decision[outcome.strip().upper()]
    except KeyError:
        raise ValueError(f"unknown screening outcome {outcome!r}") from None


def decision_value(decision: Decision) -> str:
    """How a decision is stored: its name in lower case."""
    return decision.name.lower()


def doctor_cleared(profile: models.Profile | None) -> bool:
    """Only a clear "yes" to the doctor question opens strengthening (article rule 1)."""
    return profile is not None and profile.doctor_check == Answer.YES.value


def excluded_ids(stored: str | None) -> frozenset[str]:
    """The comma list of excluded exercise ids as a set."""
    return frozenset(part.strip() for part in (stored or "").split(",") if part.strip())


def profile_record(row: models.Profile | None) -> Profile:
    """The coach's view of a profile row (defaults when there is no row yet)."""
    if row is None:
        return Profile()
    return Profile(
        level=row.level,
        doctor_cleared=doctor_cleared(row),
        paused=row.paused,
        level4_unlocked=row.level4_unlocked,
        screening=screening_decision(row) or Decision.CLEAR,
        red_flag_cleared=row.red_flag_cleared_at is not None,
        weekly_goal=row.weekly_goal,
        level_since=row.level_since,
        baseline_pain=row.baseline_pain,
        pre_flare_baseline=row.pre_flare_baseline,
        technique_confirmed=row.technique_confirmed_at is not None,
        excluded=excluded_ids(row.excluded_exercises),
        equipment=parse_kit(row.equipment),
    )


def profile_changes(record: Profile) -> dict[str, Any]:
    """The profile fields the coach changes (pause, level, gate), ready for `profiles.update_profile`."""
    return {
        "paused": record.paused,
        "pre_flare_baseline": record.pre_flare_baseline,
        "level": record.level,
        "level_since": record.level_since,
        "level4_unlocked": record.level4_unlocked,
    }


# ----------------------------------------------------------------------------------------- progress ---


def _dose(reps: int | None, sets: int | None, hold: int | None) -> Dose:
    return Dose(reps=reps or 1, sets=sets or 1, hold_seconds=hold or 0)


def progress_record(row: models.ExerciseProgress) -> ExerciseProgress:
    """One progress row as the coach's `ExerciseProgress`."""
    pre_flare = None
    if row.pre_flare_exercise_id is not None:
        pre_flare = _dose(row.pre_flare_reps, row.pre_flare_sets, row.pre_flare_hold_seconds)
    return ExerciseProgress(
        track=row.track,
        exercise_id=row.exercise_id,
        dose=_dose(row.reps, row.sets, row.hold_seconds),
        greens_at_dose=row.greens_at_dose,
        yellows_in_row=row.yellows_in_row,
        last_done=row.last_done,
        pre_flare_exercise_id=row.pre_flare_exercise_id,
        pre_flare_dose=pre_flare,
    )


def progress_records(rows: Mapping[str, models.ExerciseProgress]) -> dict[str, ExerciseProgress]:
    """`progress.get_progress` output as the coach's progress by track."""
    return {track: progress_record(row) for track, row in rows.items()}


def progress_fields(record: ExerciseProgress) -> dict[str, int | str | date | None]:
    """One track's fields for `progress.upsert_progress`."""
    pre = record.pre_flare_dose
    return {
        "exercise_id": record.exercise_id,
        "reps": record.dose.reps,
        "sets": record.dose.sets,
        "hold_seconds": record.dose.hold_seconds,
        "greens_at_dose": record.greens_at_dose,
        "yellows_in_row": record.yellows_in_row,
        "last_done": record.last_done,
        "pre_flare_exercise_id": record.pre_flare_exercise_id,
        "pre_flare_reps": pre.reps if pre else None,
        "pre_flare_sets": pre.sets if pre else None,
        "pre_flare_hold_seconds": pre.hold_seconds if pre else None,
    }


def progress_changes(
    records: Mapping[str, ExerciseProgress], before: Mapping[str, ExerciseProgress] | None = None
) -> dict[str, dict[str, int | str | date | None]]:
    """`{track: fields}` for `progress.upsert_progress`; with `before`, only the tracks that changed."""
    return {
        track: progress_fields(record)
        for track, record in records.items()
        if before is None or before.get(track) != record
    }


# ----------------------------------------------------------------------------------------- sessions ---


def plan_json(plan: SessionPlan) -> list[dict[str, Any]]:
    """A plan as stored in `session_logs.plan`: exercise ids and doses, in order."""
    return [plan_item_json(item.exercise.id, item.dose) for item in plan.items]


def plan_item_json(exercise_id: str, dose: Dose, **extra: Any) -> dict[str, Any]:
    """One stored plan item."""
    return {
        "exercise_id": exercise_id,
        "reps": dose.reps,
        "sets": dose.sets,
        "hold_seconds": dose.hold_seconds,
        **extra,
    }


def item_dose(item: Mapping[str, Any]) -> Dose:
    """The dose of one stored plan item."""
    return _dose(item.get("reps"), item.get("sets"), item.get("hold_seconds"))


def session_kind(stored: str) -> SessionKind:
    """The stored kind as the coach's `SessionKind` (unknown values read as the gentle kind: never harder)."""
    try:
        return SessionKind(stored)
    except ValueError:
        return SessionKind.GENTLE


def session_plan(row: models.SessionLog, catalogue: Catalogue | None = None) -> SessionPlan:
    """The plan the coach made for this session (items added on the way, e.g. an easier version, left out)."""
    cat = catalogue or load_catalogue()
    items = tuple(
        PlanItem(cat[item["exercise_id"]], item_dose(item))
        for item in row.plan
        if not item.get("extra") and item.get("exercise_id") in cat
    )
    return SessionPlan(session_kind(row.kind), row.local_date, items)


def outcome_of(stored: str | None) -> Outcome:
    """The stored outcome; none yet reads as pending."""
    if stored is None:
        return Outcome.PENDING
    try:
        return Outcome(stored)
    except ValueError:
        return Outcome.PENDING


def session_record(row: models.SessionLog) -> SessionRecord:
    """One session log as the coach's `SessionRecord`."""
    return SessionRecord(
        local_date=row.local_date,
        completed=row.status in DONE_STATUSES,
        outcome=outcome_of(row.outcome),
        kind=session_kind(row.kind),
        exercise_ids=tuple(str(item.get("exercise_id")) for item in row.plan),
        level=row.level,
    )


def session_records(rows: Iterable[models.SessionLog]) -> list[SessionRecord]:
    """Several session logs as records, in the given order."""
    return [session_record(row) for row in rows]


# --------------------------------------------------------------------------------------------- pain ---


def pain_record(row: models.PainCheckin) -> PainCheckin:
    """One check-in row as the coach's `PainCheckin`."""
    return PainCheckin(
        context=CheckinContext(row.context),
        score=row.score,
        recorded_at=row.recorded_at,
        leg_symptoms=bool(row.leg_symptoms),
        back_to_baseline=row.back_to_baseline,
    )


def pain_records(rows: Sequence[models.PainCheckin]) -> list[PainCheckin]:
    """Several check-in rows as records, in the given order."""
    return [pain_record(row) for row in rows]


# ------------------------------------------------------------------------------------ local calendar ---


def user_zone(profile: models.Profile | None, default_timezone: str) -> ZoneInfo:
    """The user's zone: their own if set and known, else the default zone."""
    for name in (profile.timezone if profile else None, default_timezone):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def local_date(profile: models.Profile | None, default_timezone: str, now: datetime) -> date:
    """The user's calendar date at the instant `now`."""
    return now.astimezone(user_zone(profile, default_timezone)).date()


def usual_pain(profile: Profile) -> int:
    """The user's usual pain, 0 when not given (the baseline a session is judged against)."""
    return profile.baseline_pain if profile.baseline_pain is not None else rules.PAIN_MIN


# ------------------------------------------------------------------------------ loading and saving ---


@dataclass(frozen=True)
class UserState:
    """What a flow needs to ask the coach about one user, read in one go."""

    row: models.Profile | None
    profile: Profile
    progress: dict[str, ExerciseProgress]
    today: date

    @property
    def onboarded(self) -> bool:
        """Onboarding finished (a screening outcome and the finish stamp)."""
        return onboarded(self.row)


def onboarded(row: models.Profile | None) -> bool:
    """Onboarding finished (a screening outcome and the finish stamp)."""
    return row is not None and row.onboarded_at is not None and row.screening_outcome is not None


async def load_user_state(
    session: AsyncSession, user_id: int, default_timezone: str, now: datetime, *, create_profile: bool = False
) -> UserState:
    """The user's profile and progress as coach records, and their local date at `now`.

    With `create_profile`, a user without a profile row gets one with the defaults.
    """
    if create_profile:
        row: models.Profile | None = await profiles.get_or_create_profile(session, user_id, now=now)
    else:
        row = await profiles.get_profile(session, user_id)
    rows = await progress.get_progress(session, user_id)
    return UserState(row, profile_record(row), progress_records(rows), local_date(row, default_timezone, now))


async def save_progress(
    session: AsyncSession,
    user_id: int,
    new: Mapping[str, ExerciseProgress],
    before: Mapping[str, ExerciseProgress],
    now: datetime,
) -> None:
    """Write the tracks the coach changed."""
    changes = progress_changes(new, before)
    if changes:
        await progress.upsert_progress(session, user_id, changes, now=now)
