"""Red flags and their clearances: which questions, when raised, when cleared, in the user's words; and every
user's chat back to their private chat (a private chat's id is the user's id: before BackCoach served private
chats only, a command typed in a group could store the group as the user's chat).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 11:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "red_flags",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("question_ids", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("clearance", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_red_flags_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_red_flags")),
    )
    op.create_index("ix_red_flags_user_id_raised_at", "red_flags", ["user_id", "raised_at"], unique=False)
    op.execute("UPDATE users SET chat_id = id WHERE chat_id <> id")


def downgrade() -> None:
    op.drop_index("ix_red_flags_user_id_raised_at", table_name="red_flags")
    op.drop_table("red_flags")
