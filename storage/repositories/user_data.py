"""A user's data as a whole: export everything about them, or delete everything about them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import SQLModel, col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from storage.models import USER_TABLES, ExerciseResult, SessionLog, User
from storage.repositories import inbox


async def export_user(session: AsyncSession, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row about the user, by table name, JSON-serialisable (datetimes and dates as ISO strings)."""
    export: dict[str, list[dict[str, Any]]] = {}
    for model in USER_TABLES:
        rows = await session.exec(_rows_of(model, user_id))
        export[_table_name(model)] = [row.model_dump(mode="json") for row in rows]
    return export


async def delete_user(session: AsyncSession, user_id: int) -> int:
    """Delete the user and, by ``ON DELETE CASCADE``, every row about them; returns how many rows went. The
    updates they sent that the inbox still holds go too (not counted: transport, not a record about them)."""
    await session.flush()  # nothing pending is lost when the loaded rows are expired below
    removed = 0
    for model in USER_TABLES:
        count = select(func.count()).select_from(_rows_of(model, user_id).subquery())
        removed += (await session.exec(count)).one()
    await session.exec(delete(User).where(col(User.id) == user_id))
    await inbox.delete_user(session, user_id)  # no foreign key (an update may come before the user's row)
    session.expire_all()  # loaded copies of cascaded rows are gone: reload instead of trusting them
    return removed


def _rows_of(model: type[SQLModel], user_id: int) -> SelectOfScalar[Any]:
    if model is ExerciseResult:
        return (
            select(ExerciseResult)
            .join(SessionLog, col(SessionLog.id) == col(ExerciseResult.session_id))
            .where(col(SessionLog.user_id) == user_id)
            .order_by(col(ExerciseResult.id))
        )
    key = model.id if model is User else model.user_id  # type: ignore[attr-defined]
    return select(model).where(col(key) == user_id)


def _table_name(model: type[SQLModel]) -> str:
    return str(model.__tablename__)
