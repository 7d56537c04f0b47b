"""Exercise progress: where each user stands on each track (current exercise, dose, counters)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import ExerciseProgress
from storage.repositories._dialect import upsert

#: Fields :func:`upsert_progress` may set.
PROGRESS_FIELDS = frozenset(ExerciseProgress.model_fields) - {"user_id", "track", "updated_at"}
ProgressValue = int | str | date | None


async def get_progress(session: AsyncSession, user_id: int) -> dict[str, ExerciseProgress]:
    """The user's progress rows by track id (fresh from the database, even after an upsert)."""
    statement = select(ExerciseProgress).where(col(ExerciseProgress.user_id) == user_id)
    rows = await session.exec(statement.execution_options(populate_existing=True))
    return {row.track: row for row in rows}


async def upsert_progress(
    session: AsyncSession,
    user_id: int,
    changes: Mapping[str, Mapping[str, ProgressValue]],
    *,
    now: datetime,
) -> None:
    """Insert or update progress: ``{track: {"exercise_id": "bird_dog", "reps": 8, ...}}``.

    Only the given fields change on an existing row; a new row takes defaults for the others and needs
    ``exercise_id``.
    Raises ``ValueError`` for an unknown field name.
    """
    for track, fields in changes.items():
        unknown = set(fields) - PROGRESS_FIELDS
        if unknown:
            raise ValueError(f"unknown progress fields: {sorted(unknown)}")
        values = {**fields, "updated_at": now}
        if "exercise_id" not in fields:  # a partial change of an existing row
            await session.exec(
                update(ExerciseProgress)
                .where(col(ExerciseProgress.user_id) == user_id, col(ExerciseProgress.track) == track)
                .values(**values)
            )
            continue
        await upsert(session, ExerciseProgress, {"user_id": user_id, "track": track}, values)
