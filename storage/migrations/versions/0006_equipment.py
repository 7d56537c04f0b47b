"""What equipment the user has at home (a band with an anchor point, dumbbells or a kettlebell, a bench or
sturdy chair): ``profiles.equipment``, a comma list of ``coach.equipment.Kit`` values; NULL while not asked (the
planner then leaves nothing out, as before), "" for none of them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("equipment", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("equipment")
