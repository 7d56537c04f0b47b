"""The pending question: one row per user saying which flow asked what, replacing PTB's conversation states.

Users in the middle of a conversation when this runs keep their place: each user's most recent stored
conversation state becomes their pending question (a conversation's name is its flow, its state the question).
Downgrading drops the table and recreates an empty ``conversation_states`` (the states are not rebuilt).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 05:00:00
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pending = op.create_table(
        "pending_questions",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("flow", sa.String(), nullable=False),
        sa.Column("question", sa.String(), nullable=False),
        sa.Column("ref", sa.String(), nullable=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_pending_questions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_pending_questions")),
    )
    rows = _latest_states(op.get_bind())
    if rows:
        op.bulk_insert(pending, rows)
    op.drop_table("conversation_states")


def _latest_states(bind: sa.engine.Connection) -> list[dict[str, Any]]:
    """Each known user's most recent live conversation state, as a pending question."""
    known = {row[0] for row in bind.execute(sa.text("SELECT id FROM users"))}
    stored = bind.execute(sa.text("SELECT name, key, state, updated_at FROM conversation_states"))
    latest: dict[int, dict[str, Any]] = {}
    for name, key, state, updated_at in stored:
        user_id, question = json.loads(key)[-1], json.loads(state) if state else None
        if user_id not in known or not isinstance(question, str | int):
            continue
        asked_at = updated_at if isinstance(updated_at, datetime) else datetime.fromisoformat(str(updated_at))
        asked_at = asked_at if asked_at.tzinfo else asked_at.replace(tzinfo=UTC)
        if user_id not in latest or asked_at > latest[user_id]["asked_at"]:
            latest[user_id] = {"user_id": user_id, "flow": name, "question": str(question), "asked_at": asked_at}
    return list(latest.values())


def downgrade() -> None:
    op.drop_table("pending_questions")
    op.create_table(
        "conversation_states",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", "key", name=op.f("pk_conversation_states")),
    )
