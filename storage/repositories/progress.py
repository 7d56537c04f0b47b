"""Exercise progress: each user's current dose per exercise and the counters that move it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import ExerciseProgress
from storage.repositories._dialect import insert

#: Fields :func:`upsert_progress` may set.
PROGRESS_FIELDS = frozenset(ExerciseProgress.model_fields) - {"user_id", "exercise_id", "updated_at"}


async def get_progress(session: AsyncSession, user_id: int) -> dict[str, ExerciseProgress]:
    """The user's progress rows by exercise id (fresh from the database, even after an upsert)."""
    statement = select(ExerciseProgress).where(col(ExerciseProgress.user_id) == user_id)
    rows = await session.exec(statement.execution_options(populate_existing=True))
    return {row.exercise_id: row for row in rows}


async def upsert_progress(
    session: AsyncSession,
    user_id: int,
    changes: Mapping[str, Mapping[str, int | None]],
    *,
    now: datetime,
) -> None:
    """Insert or update progress: ``{exercise_id: {"reps": 8, "greens_at_dose": 0, ...}}``.

    Only the given fields change on an existing row; a new row takes defaults for the others.
    Raises ``ValueError`` for an unknown field name.
    """
    for exercise_id, fields in changes.items():
        unknown = set(fields) - PROGRESS_FIELDS
        if unknown:
            raise ValueError(f"unknown progress fields: {sorted(unknown)}")
        values = {**fields, "updated_at": now}
        statement = insert(session, ExerciseProgress).values(user_id=user_id, exercise_id=exercise_id, **values)
        statement = statement.on_conflict_do_update(index_elements=["user_id", "exercise_id"], set_=values)
        await session.exec(statement)
