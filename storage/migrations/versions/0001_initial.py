"""Initial schema: every table of the product.

Written by autogenerate, then checked by hand: sqlmodel column types rendered as plain SQLAlchemy ones
(UTCDateTime stores as DateTime(timezone=True), AutoString as String), indexes created directly.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 19:27:36.049040
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation_states",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", "key", name=op.f("pk_conversation_states")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("first_name", sa.String(), nullable=True),
        sa.Column("language_code", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_deliveries_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("user_id", "kind", "local_date", name=op.f("uq_deliveries_user_id_kind_local_date")),
    )
    op.create_table(
        "exercise_progress",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("track", sa.String(), nullable=False),
        sa.Column("exercise_id", sa.String(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("sets", sa.Integer(), nullable=True),
        sa.Column("hold_seconds", sa.Integer(), nullable=True),
        sa.Column("greens_at_dose", sa.Integer(), nullable=False),
        sa.Column("yellows_in_row", sa.Integer(), nullable=False),
        sa.Column("last_done", sa.Date(), nullable=True),
        sa.Column("pre_flare_exercise_id", sa.String(), nullable=True),
        sa.Column("pre_flare_reps", sa.Integer(), nullable=True),
        sa.Column("pre_flare_sets", sa.Integer(), nullable=True),
        sa.Column("pre_flare_hold_seconds", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_exercise_progress_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "track", name=op.f("pk_exercise_progress")),
    )
    op.create_table(
        "profiles",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("timezone", sa.String(), nullable=True),
        sa.Column("training_days", sa.String(), nullable=False),
        sa.Column("reminder_time", sa.String(), nullable=True),
        sa.Column("reminders_enabled", sa.Boolean(), nullable=False),
        sa.Column("doctor_check", sa.String(), nullable=True),
        sa.Column("doctor_check_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("screening_outcome", sa.String(), nullable=True),
        sa.Column("screened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("baseline_pain", sa.Integer(), nullable=True),
        sa.Column("experience", sa.String(), nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("level_since", sa.Date(), nullable=True),
        sa.Column("weekly_goal", sa.Integer(), nullable=False),
        sa.Column("excluded_exercises", sa.String(), nullable=False),
        sa.Column("red_flag_cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pre_flare_baseline", sa.Integer(), nullable=True),
        sa.Column("level4_unlocked", sa.Boolean(), nullable=False),
        sa.Column("technique_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pause_reason", sa.String(), nullable=True),
        sa.Column("onboarding_step", sa.String(), nullable=True),
        sa.Column("onboarded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("baseline_pain BETWEEN 0 AND 10", name=op.f("ck_profiles_baseline_pain_range")),
        sa.CheckConstraint("level BETWEEN 0 AND 4", name=op.f("ck_profiles_level_range")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_profiles_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_profiles")),
    )
    op.create_table(
        "reminders",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("next_fire_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_reminders_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint("user_id", "kind", name=op.f("uq_reminders_user_id_kind")),
    )
    op.create_index("ix_reminders_due", "reminders", ["enabled", "next_fire_at"], unique=False)
    op.create_table(
        "screening_answers",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("answer", sa.String(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_screening_answers_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "question_id", name=op.f("pk_screening_answers")),
    )
    op.create_table(
        "session_logs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("current_index", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_session_logs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_logs")),
    )
    op.create_index("ix_session_logs_user_id_local_date", "session_logs", ["user_id", "local_date"], unique=False)
    op.create_table(
        "exercise_results",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("exercise_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("sets", sa.Integer(), nullable=True),
        sa.Column("hold_seconds", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(), nullable=False),
        sa.Column("pain_kind", sa.String(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session_logs.id"],
            name=op.f("fk_exercise_results_session_id_session_logs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_results")),
        sa.UniqueConstraint("session_id", "position", name=op.f("uq_exercise_results_session_id_position")),
    )
    op.create_table(
        "pain_checkins",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=True),
        sa.Column("context", sa.String(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("back_to_baseline", sa.Boolean(), nullable=True),
        sa.Column("leg_symptoms", sa.Boolean(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 10", name=op.f("ck_pain_checkins_score_range")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session_logs.id"],
            name=op.f("fk_pain_checkins_session_id_session_logs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_pain_checkins_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pain_checkins")),
    )
    op.create_index(op.f("ix_pain_checkins_session_id"), "pain_checkins", ["session_id"], unique=False)
    op.create_index("ix_pain_checkins_user_id_recorded_at", "pain_checkins", ["user_id", "recorded_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_pain_checkins_user_id_recorded_at", table_name="pain_checkins")
    op.drop_index(op.f("ix_pain_checkins_session_id"), table_name="pain_checkins")
    op.drop_table("pain_checkins")
    op.drop_table("exercise_results")
    op.drop_index("ix_session_logs_user_id_local_date", table_name="session_logs")
    op.drop_table("session_logs")
    op.drop_table("screening_answers")
    op.drop_index("ix_reminders_due", table_name="reminders")
    op.drop_table("reminders")
    op.drop_table("profiles")
    op.drop_table("exercise_progress")
    op.drop_table("deliveries")
    op.drop_table("users")
    op.drop_table("conversation_states")
