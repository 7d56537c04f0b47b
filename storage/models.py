"""The sqlmodel tables: everything the product stores.

Conventions: table names are plural snake_case; Telegram ids are BIGINT; every foreign key to ``users``
cascades on delete, so deleting a user removes every row about them; instants are aware UTC
(:data:`storage.types.UTCDateTime`); calendar days in the user's zone are DATEs; structured values are JSON.
Constraint names follow :data:`NAMING_CONVENTION` so migrations (batch mode on SQLite) can address them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import JSON, BigId, utc_now

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION

WEEKDAYS = range(7)


def _user_fk(*, primary_key: bool = False) -> Any:
    """A BIGINT column referring to ``users.id`` that cascades on delete."""
    return Field(sa_type=BigInteger, foreign_key="users.id", ondelete="CASCADE", primary_key=primary_key)


def encode_training_days(days: Iterable[int]) -> str:
    """Weekdays (0=Monday..6=Sunday) as the stored compact string, sorted and deduplicated: ``"0,2,4"``."""
    unique = sorted(set(days))
    if any(day not in WEEKDAYS for day in unique):
        raise ValueError(f"training days must be weekdays 0-6, got {unique}")
    return ",".join(str(day) for day in unique)


def decode_training_days(text: str) -> tuple[int, ...]:
    """The stored compact string back to a sorted tuple of weekdays."""
    return tuple(int(part) for part in text.split(",") if part)


class User(SQLModel, table=True):
    """A Telegram user who has talked to the bot. ``id`` is the Telegram user id."""

    __tablename__ = "users"

    id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    chat_id: int = Field(sa_type=BigInteger)
    first_name: str | None = None
    language_code: str | None = None  # Telegram's, refreshed on every contact
    # The language BackCoach speaks to them (en, es, de, ru): Telegram's at first contact, then /language.
    language: str | None = None
    created_at: datetime = Field(default_factory=utc_now)
    last_seen_at: datetime = Field(default_factory=utc_now)
    is_active: bool = True  # false once the user blocked the bot
    blocked_at: datetime | None = None


class Profile(SQLModel, table=True):
    """Everything onboarding and the coach learn about a user (1:1 with :class:`User`)."""

    __tablename__ = "profiles"
    __table_args__ = (
        CheckConstraint("baseline_pain BETWEEN 0 AND 10", name="baseline_pain_range"),
        CheckConstraint("level BETWEEN 0 AND 4", name="level_range"),
    )

    user_id: int = _user_fk(primary_key=True)
    consent_at: datetime | None = None
    timezone: str | None = None  # IANA zone name, e.g. "Europe/Berlin"
    training_days: str = ""  # compact weekdays "0,2,4"; use training_weekdays / set_training_days
    reminder_time: str | None = None  # local "HH:MM"
    reminders_enabled: bool = True
    doctor_check: str | None = None  # "yes" / "not_yet"
    doctor_check_at: datetime | None = None
    screening_outcome: str | None = None  # e.g. "clear", "clinician", "doctor_today", "emergency"
    screened_at: datetime | None = None
    baseline_pain: int | None = None  # 0-10
    experience: str | None = None
    level: int = 1  # 0-4; a cleared user starts at 1 (coach.rules.START_LEVEL)
    level_since: date | None = None  # the user's local date the current level began
    weekly_goal: int = 4  # sessions a week the user aims for (4-5)
    excluded_exercises: str = ""  # comma-separated exercise ids the user skips (e.g. no band at home)
    equipment: str | None = None  # comma-separated coach.equipment.Kit values the user has; None: not asked
    red_flag_cleared_at: datetime | None = None  # a clinician examined them and cleared exercise after a red flag
    pre_flare_baseline: int | None = None  # usual pain before a /pain pause, while it is on
    level4_unlocked: bool = False
    technique_confirmed_at: datetime | None = None
    paused: bool = False
    paused_at: datetime | None = None
    pause_reason: str | None = None
    onboarding_step: str | None = None
    onboarded_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utc_now)

    @property
    def training_weekdays(self) -> tuple[int, ...]:
        """The chosen training weekdays, 0=Monday..6=Sunday, sorted."""
        return decode_training_days(self.training_days)

    def set_training_days(self, days: Iterable[int]) -> None:
        """Replace the training weekdays (validated, sorted, deduplicated)."""
        self.training_days = encode_training_days(days)


class ScreeningAnswer(SQLModel, table=True):
    """The latest answer of a user to one red-flag question (upserted: one row per question)."""

    __tablename__ = "screening_answers"

    user_id: int = _user_fk(primary_key=True)
    question_id: str = Field(primary_key=True)
    answer: str  # "yes" / "no" / "not_sure" (coach.screening.Answer)
    answered_at: datetime = Field(default_factory=utc_now)


class RedFlag(SQLModel, table=True):
    """One red flag the user reported, and its clearance: which questions, when raised, when cleared, and the
    user's own words. A flag is open while ``cleared_at`` is NULL; every clearance is kept (and exported)."""

    __tablename__ = "red_flags"
    __table_args__ = (Index("ix_red_flags_user_id_raised_at", "user_id", "raised_at"),)

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    user_id: int = _user_fk()
    decision: str  # coach.screening.Decision name in lower case, e.g. "emergency_now"
    question_ids: str  # comma-separated ids of the questions answered yes / not sure
    source: str  # where it was raised: "screening", "pain", "session"
    raised_at: datetime = Field(default_factory=utc_now)
    cleared_at: datetime | None = None
    clearance: str | None = None  # the user's statement, e.g. "examined and cleared by a clinician after ..."


class ExerciseProgress(SQLModel, table=True):
    """Where one user stands on one track (a chain of exercises in one slot): exercise, dose and counters."""

    __tablename__ = "exercise_progress"

    user_id: int = _user_fk(primary_key=True)
    track: str = Field(primary_key=True)  # coach catalogue track id
    exercise_id: str  # the track's current exercise
    reps: int | None = None
    sets: int | None = None
    hold_seconds: int | None = None
    greens_at_dose: int = 0
    yellows_in_row: int = 0
    last_done: date | None = None  # the user's local date this track was last trained
    pre_flare_exercise_id: str | None = None  # while /pain is on: where to resume (never higher)
    pre_flare_reps: int | None = None
    pre_flare_sets: int | None = None
    pre_flare_hold_seconds: int | None = None
    updated_at: datetime = Field(default_factory=utc_now)


class SessionLog(SQLModel, table=True):
    """One training session: its plan, where the user is in it, and how it ended."""

    __tablename__ = "session_logs"
    __table_args__ = (Index("ix_session_logs_user_id_local_date", "user_id", "local_date"),)

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    user_id: int = _user_fk()
    local_date: date
    kind: str  # "full" / "minimum" / "gentle" (coach.records.SessionKind)
    status: str = "in_progress"  # values.SessionStatus
    started_at: datetime = Field(default_factory=utc_now)
    finished_at: datetime | None = None
    outcome: str | None = None  # "green" / "yellow" / "red" / "unanswered" (coach.records.Outcome)
    plan: list[Any] = Field(default_factory=list, sa_type=JSON)  # ordered [{"exercise_id":..., dose...}]
    current_index: int = 0
    level: int | None = None  # the user's level on that day


class ExerciseResult(SQLModel, table=True):
    """What the user did with one item of a session's plan."""

    __tablename__ = "exercise_results"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    session_id: int = Field(sa_type=BigInteger, foreign_key="session_logs.id", ondelete="CASCADE")
    exercise_id: str
    position: int
    reps: int | None = None
    sets: int | None = None
    hold_seconds: int | None = None
    result: str  # values.ExerciseResultKind
    pain_kind: str | None = None
    recorded_at: datetime = Field(default_factory=utc_now)


class PainCheckin(SQLModel, table=True):
    """A 0-10 pain score with its context; kept if its session is deleted."""

    __tablename__ = "pain_checkins"
    __table_args__ = (
        CheckConstraint("score BETWEEN 0 AND 10", name="score_range"),
        Index("ix_pain_checkins_user_id_recorded_at", "user_id", "recorded_at"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    user_id: int = _user_fk()
    session_id: int | None = Field(
        default=None, sa_type=BigInteger, foreign_key="session_logs.id", ondelete="SET NULL", index=True
    )
    context: str  # "before", "worst_during", "after", "next_morning", ad hoc (coach.records.CheckinContext)
    score: int
    back_to_baseline: bool | None = None
    leg_symptoms: bool | None = None
    recorded_at: datetime = Field(default_factory=utc_now)


class Reminder(SQLModel, table=True):
    """One reminder per user and kind; ``next_fire_at`` (UTC) is the truth the ticker reads.

    ``ix_reminders_due`` on (enabled, next_fire_at) makes "enabled reminders due before T, in order, limit N"
    a single index range scan, so a tick costs the number of due rows, not the number of users.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("user_id", "kind"),
        Index("ix_reminders_due", "enabled", "next_fire_at"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    user_id: int = _user_fk()
    kind: str  # values.ReminderKind
    next_fire_at: datetime | None = None
    enabled: bool = True
    snoozed_until: datetime | None = None
    payload: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    updated_at: datetime = Field(default_factory=utc_now)


class Delivery(SQLModel, table=True):
    """A reminder delivery; the unique (user, kind, local_date) key prevents doubled reminders."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("user_id", "kind", "local_date"),)

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    user_id: int = _user_fk()
    kind: str  # values.ReminderKind
    local_date: date
    sent_at: datetime = Field(default_factory=utc_now)
    status: str  # values.DeliveryStatus


class PendingQuestion(SQLModel, table=True):
    """The one question a user is being asked now: which flow asked it, which question, what it refers to.

    At most one per user: asking another question replaces it, so typed text always goes to the flow that asked
    last (``conversations.pending``). Buttons carry their own context and never need it.
    """

    __tablename__ = "pending_questions"

    user_id: int = _user_fk(primary_key=True)
    flow: str  # conversations.pending.Flow
    question: str  # the flow's own name for the question, e.g. "hurt_score"
    ref: str | None = None  # the ids it refers to, e.g. a session log id, when the question needs them
    asked_at: datetime = Field(default_factory=utc_now)


class LessonRead(SQLModel, table=True):
    """A lesson the user has read (``coach.lessons``), once per lesson: the first "Got it" counts."""

    __tablename__ = "lessons_read"

    user_id: int = _user_fk(primary_key=True)
    lesson_id: str = Field(primary_key=True)  # coach.lessons.Lesson.id
    read_at: datetime = Field(default_factory=utc_now)


class OutcomeScore(SQLModel, table=True):
    """One answer to an outcome measure (``coach.measures``): a PEG-3 item, or a PSFS activity's rating.

    The answers of one sitting share ``round_at`` (when it began), so a PEG score is the mean of its round's
    three items. A PSFS activity is named by the user (``label``) and rated again in later rounds.
    """

    __tablename__ = "outcome_scores"
    __table_args__ = (
        CheckConstraint("score BETWEEN 0 AND 10", name="outcome_score_range"),
        UniqueConstraint("user_id", "round_at", "item"),
        Index("ix_outcome_scores_user_id_round_at", "user_id", "round_at"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    user_id: int = _user_fk()
    measure: str  # "peg" / "psfs"
    item: str  # coach.measures.PegItem value, or "psfs_1".."psfs_3"
    label: str | None = None  # the PSFS activity in the user's words
    score: int
    round_at: datetime
    recorded_at: datetime = Field(default_factory=utc_now)


class CardFile(SQLModel, table=True):
    """A card picture Telegram already holds: the ``file_id`` it gave back for one (card, picture version).

    Not about any user: one row per picture the bot uploaded, so each file is uploaded once, then reused
    (``usecases.card_pictures``). A new picture version (an edited pose) is a new row.
    """

    __tablename__ = "card_files"

    card_id: str = Field(primary_key=True)
    picture_version: str = Field(primary_key=True)
    file_id: str
    uploaded_at: datetime = Field(default_factory=utc_now)


class InboxUpdate(SQLModel, table=True):
    """An update from Telegram, stored before Telegram is told it arrived: the durable inbox (``bot.inbox``).

    ``done_at`` and ``outcome`` are set in the unit of work that handled it, so a replay after a crash is
    recognised by ``update_id`` and never applied twice; rows still without them run again at start-up. An
    update that wrote something is ``answering`` (payload kept) until its replies went out, then ``done``; one
    still answering at start-up gets its user answered again (``conversations.restarted``).
    ``user_id`` is whose update it was (no foreign key: the first /start comes before the user's row), so
    /delete deletes them. Transport, not a record about the user: the payload is blanked when the update is
    done (what the user said lives in the tables its handler wrote, and /export reads those), and done rows
    are pruned after a couple of days.
    """

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_user_id", "user_id"), Index("ix_inbox_done_at", "done_at"))

    update_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    user_id: int | None = Field(default=None, sa_type=BigInteger)
    payload: str  # the update's JSON, as Telegram sent it: user data
    received_at: datetime
    done_at: datetime | None = None
    outcome: str | None = None  # values.InboxOutcome


#: Every table holding rows about a user, in an order safe for export (parents first).
USER_TABLES: tuple[type[SQLModel], ...] = (
    User,
    Profile,
    ScreeningAnswer,
    RedFlag,
    ExerciseProgress,
    SessionLog,
    ExerciseResult,
    PainCheckin,
    Reminder,
    Delivery,
    PendingQuestion,
    LessonRead,
    OutcomeScore,
)
