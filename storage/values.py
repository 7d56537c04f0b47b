"""Vocabularies that storage itself owns: session statuses, exercise results, reminder kinds, deliveries.

Each is a ``StrEnum``, so members are plain strings and are stored as their value; adding a member needs no
migration. The coaching vocabularies (session kinds, outcomes, pain contexts, screening answers) belong to
``coach`` (``coach.records``, ``coach.screening``), which storage must not import: callers pass those values
(also ``StrEnum`` strings) and storage keeps them as given, so there is one definition of each.
"""

from __future__ import annotations

from enum import StrEnum


class SessionStatus(StrEnum):
    """Where a training session stands."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STOPPED_PAIN = "stopped_pain"
    ABANDONED = "abandoned"


class ExerciseResultKind(StrEnum):
    """What happened to one exercise of a session."""

    DONE = "done"
    SKIPPED = "skipped"
    HURT = "hurt"


class ReminderKind(StrEnum):
    """The kinds of reminder a user can have (one row per user and kind)."""

    SESSION = "session"
    NUDGE = "nudge"
    FOLLOWUP = "followup"
    WEEKLY = "weekly"
    DOCTOR = "doctor"  # once, about a week after the doctor check's "not yet": have you seen them?


class DeliveryStatus(StrEnum):
    """What became of one reminder delivery."""

    SENT = "sent"
    SKIPPED_LATE = "skipped_late"
    FAILED = "failed"
    BLOCKED = "blocked"
