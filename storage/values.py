"""Vocabularies of the values stored in string columns.

Each is a ``StrEnum``, so members are plain strings: they can be passed wherever a ``str`` is expected and
are stored as their value. The database holds plain strings, so adding a member needs no migration.
"""

from __future__ import annotations

from enum import StrEnum


class ScreeningReply(StrEnum):
    """An answer to one red-flag screening question ("not sure" counts as yes for the coach)."""

    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


class DoctorCheck(StrEnum):
    """Whether the user has talked to a doctor or physiotherapist and was told exercise is fine."""

    YES = "yes"
    NOT_YET = "not_yet"


class ScreeningOutcome(StrEnum):
    """What the red-flag screening concluded."""

    CLEAR = "clear"
    CLINICIAN = "clinician"
    DOCTOR_BEFORE = "doctor_before"
    DOCTOR_TODAY = "doctor_today"
    EMERGENCY = "emergency"


class SessionKind(StrEnum):
    """The kind of a training session."""

    FULL = "full"
    MINIMUM = "minimum"
    GENTLE = "gentle"


class SessionStatus(StrEnum):
    """Where a training session stands."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STOPPED_PAIN = "stopped_pain"
    ABANDONED = "abandoned"


class Outcome(StrEnum):
    """The traffic-light outcome of a session."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    UNANSWERED = "unanswered"


class ExerciseResultKind(StrEnum):
    """What happened to one exercise of a session."""

    DONE = "done"
    SKIPPED = "skipped"
    HURT = "hurt"


class PainContext(StrEnum):
    """When a pain score was given."""

    BEFORE = "before"
    WORST_DURING = "worst_during"
    AFTER = "after"
    NEXT_MORNING = "next_morning"
    ADHOC = "adhoc"


class ReminderKind(StrEnum):
    """The kinds of reminder a user can have (one row per user and kind)."""

    SESSION = "session"
    NUDGE = "nudge"
    FOLLOWUP = "followup"
    WEEKLY = "weekly"


class DeliveryStatus(StrEnum):
    """What became of one reminder delivery."""

    SENT = "sent"
    SKIPPED_LATE = "skipped_late"
    FAILED = "failed"
    BLOCKED = "blocked"
