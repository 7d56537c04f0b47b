"""Vocabularies that storage itself owns: session statuses, exercise results, reminder kinds, deliveries.

Each is a ``StrEnum``, so members are plain strings and are stored as their value; adding a member needs no
migration. The coaching vocabularies (session kinds, outcomes, pain contexts, screening answers) belong to
``coach`` (``coach.records``, ``coach.screening``), which storage must not import: callers pass those values
(also ``StrEnum`` strings) and storage keeps them as given, so there is one definition of each.
"""

from __future__ import annotations

from enum import StrEnum


class SessionStatus(StrEnum):
    """Where a training session stands, and once over, what happened (decided in one place:
    ``usecases.endings.ending_status``; a new session leaves one still in progress as abandoned)."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"  # through to the end, every exercise done
    PARTLY_DONE = "partly_done"  # through to the end, some exercises skipped or stopped
    STOPPED_PAIN = "stopped_pain"  # ended for pain (the in-session rule or a safety question), at its last item
    ENDED_BY_USER = "ended_by_user"  # the user ended it with exercises left
    NOTHING_DONE = "nothing_done"  # through to the end, every exercise skipped
    ABANDONED = "abandoned"  # left unfinished: started again, the 5-minute version, or outdated by a new day


#: Statuses of a session the user trained in: it counts toward the week and waits for its check-ins (a session
#: stopped for pain counts too: stopping was right). Nothing done, abandoned or in progress do not.
TRAINED_STATUSES = frozenset({
    SessionStatus.COMPLETED, SessionStatus.PARTLY_DONE, SessionStatus.STOPPED_PAIN, SessionStatus.ENDED_BY_USER,
})


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
    LESSON = "lesson"  # on a rest day at the reminder time: the next unread lesson (coach.lessons)


class DeliveryStatus(StrEnum):
    """What became of one reminder delivery."""

    SENT = "sent"
    SKIPPED_LATE = "skipped_late"
    FAILED = "failed"
    BLOCKED = "blocked"


class InboxOutcome(StrEnum):
    """What became of an update in the inbox (``storage.repositories.inbox``)."""

    DONE = "done"  # handled: its answer is stored and its reply sent
    #: Handled: its answer is stored, its reply not yet known to have reached the user (``bot.inbox``). It is
    #: never run again; a start-up that finds it so tells the user their answer is saved and asks again.
    ANSWERING = "answering"
    DROPPED = "dropped"  # not handled on purpose (e.g. a flood, a kind the bot ignores)
    FAILED = "failed"  # its handler failed for a reason a replay would not cure (a bug, not the database)
