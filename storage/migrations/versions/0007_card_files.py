"""Card pictures Telegram already holds: the file_id of each (card, picture version), so each is uploaded once.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "card_files",
        sa.Column("card_id", sa.String(), nullable=False),
        sa.Column("picture_version", sa.String(), nullable=False),
        sa.Column("file_id", sa.String(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("card_id", "picture_version", name=op.f("pk_card_files")),
    )


def downgrade() -> None:
    op.drop_table("card_files")
