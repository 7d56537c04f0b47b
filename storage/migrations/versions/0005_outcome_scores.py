"""Outcome measures: one row per answer to a PEG-3 item or a PSFS activity's rating, removed with the user.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outcome_scores",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("measure", sa.String(), nullable=False),
        sa.Column("item", sa.String(), nullable=False),
        sa.Column("label", sa.String(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("round_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 10", name=op.f("ck_outcome_scores_outcome_score_range")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_outcome_scores_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_scores")),
        sa.UniqueConstraint("user_id", "round_at", "item", name=op.f("uq_outcome_scores_user_id_round_at_item")),
    )
    op.create_index("ix_outcome_scores_user_id_round_at", "outcome_scores", ["user_id", "round_at"])


def downgrade() -> None:
    op.drop_index("ix_outcome_scores_user_id_round_at", table_name="outcome_scores")
    op.drop_table("outcome_scores")
