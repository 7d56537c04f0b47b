"""The language BackCoach speaks to each user (en, es, de, ru): Telegram's at first contact, then /language.

Existing users get the language of the ``language_code`` Telegram last sent (a regional variant maps to its
language; anything else is English), the same rule as for a new user.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-05 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The languages of this revision (``locales.Language`` then); a migration never imports the live code.
LANGUAGES = ("es", "de", "ru")


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("language", sa.String(), nullable=True))
    users = sa.table("users", sa.column("language", sa.String()), sa.column("language_code", sa.String()))
    for language in LANGUAGES:
        code = sa.func.lower(users.c.language_code)
        op.execute(
            users.update()
            .where(sa.or_(code == language, code.like(f"{language}-%"), code.like(f"{language}\\_%", escape="\\")))
            .values(language=language)
        )
    op.execute(users.update().where(users.c.language.is_(None)).values(language="en"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
