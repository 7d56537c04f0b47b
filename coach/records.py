"""Plain input types the callers build from database rows and pass into ``coach``.

All frozen: ``coach`` never mutates what it is given; it returns new values (``dataclasses.replace``).
Instants are timezone-aware UTC datetimes; a user's local calendar is given as ``date`` values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from coach import rules
from coach.dose import Dose
from coach.equipment import Kit
from coach.screening import Access, Decision, programme_access


class Outcome(StrEnum):
    """The traffic light of one finished session (clinical.md section 4)."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    UNANSWERED = "unanswered"  # no next-morning answer within 48 h: counts neither way
    PENDING = "pending"  # not decided yet (waiting for the next-morning answer)


class CheckinContext(StrEnum):
    """When a pain score was given (clinical.md section 3)."""

    BEFORE = "before"
    WORST_DURING = "worst_during"
    AFTER = "after"
    NEXT_MORNING = "next_morning"
    AD_HOC = "ad_hoc"  # /pain
    RESUME = "resume"  # /resume: pain now, before the pause may lift
    ONBOARDING = "onboarding"  # onboarding's "right now", which may start the first session


class SessionKind(StrEnum):
    FULL = "full"
    MINIMUM = "minimum"  # the 5-minute session that still counts
    GENTLE = "gentle"  # warm-up level only (flare pause, or doctor check still open)


@dataclass(frozen=True)
class PainCheckin:
    """One 0-10 pain score with its context."""

    context: CheckinContext
    score: int
    recorded_at: datetime
    leg_symptoms: bool = False  # pain, tingling or numbness spreading into a leg
    back_to_baseline: bool | None = None  # next-morning answer: "are you back to your usual?"

    def __post_init__(self) -> None:
        if not rules.PAIN_MIN <= self.score <= rules.PAIN_MAX:
            raise ValueError(f"pain score must be {rules.PAIN_MIN}-{rules.PAIN_MAX}, got {self.score}")
        if self.recorded_at.tzinfo is None:
            raise ValueError("recorded_at must be timezone-aware")


@dataclass(frozen=True)
class SessionRecord:
    """A planned or finished session on the user's local calendar."""

    local_date: date
    completed: bool
    outcome: Outcome = Outcome.PENDING
    kind: SessionKind = SessionKind.FULL
    exercise_ids: tuple[str, ...] = ()
    level: int | None = None  # the user's level on that day


@dataclass(frozen=True)
class ExerciseProgress:
    """Where the user is on one track (a chain of exercises in one slot), keyed by ``track``."""

    track: str
    exercise_id: str
    dose: Dose
    greens_at_dose: int = 0
    yellows_in_row: int = 0
    last_done: date | None = None
    # Set while a /pain pause is on: where to resume (never higher).
    pre_flare_exercise_id: str | None = None
    pre_flare_dose: Dose | None = None


@dataclass(frozen=True)
class Profile:
    """What the coach needs to know about the user."""

    level: int = rules.START_LEVEL
    doctor_cleared: bool = False  # told by a doctor / physio that exercise is fine (article rule 1)
    paused: bool = False  # /pain flare pause on
    level4_unlocked: bool = False  # passed the level-4 gate and confirmed technique (article rule 7)
    screening: Decision = Decision.CLEAR
    red_flag_cleared: bool = False  # a clinician examined them and cleared exercise after a red flag
    weekly_goal: int = rules.WEEKLY_GOAL_DEFAULT
    level_since: date | None = None
    baseline_pain: int | None = None  # usual pain, asked at onboarding
    pre_flare_baseline: int | None = None  # set by progression.pause while a /pain pause is on
    technique_confirmed: bool = False  # "I know the technique / I train with a trainer"
    excluded: frozenset[str] = field(default_factory=frozenset)  # exercise ids skipped (e.g. no band)
    equipment: frozenset[Kit] | None = None  # what the user has at home (coach.equipment); None: not asked

    @property
    def access(self) -> Access:
        return programme_access(self.screening, self.red_flag_cleared, self.doctor_cleared)

    def allows(self, level: int, locked: bool) -> bool:
        """May an exercise of this level be planned? Locked (level 4) ones only after the gate."""
        if locked and not self.level4_unlocked:
            return False
        return level <= self.level
