"""Exercise results: what the user did with each item of a session's plan."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import ExerciseResult, SessionLog
from storage.repositories._dialect import insert
from storage.values import ExerciseResultKind


async def record_result(
    session: AsyncSession,
    *,
    session_id: int,
    exercise_id: str,
    position: int,
    result: str,
    now: datetime,
    reps: int | None = None,
    sets: int | None = None,
    hold_seconds: int | None = None,
    pain_kind: str | None = None,
) -> bool:
    """Record the result of item ``position``; False if that item already has one (first answer wins)."""
    statement = (
        insert(session, ExerciseResult)
        .values(session_id=session_id, exercise_id=exercise_id, position=position, result=result)
        .values(reps=reps, sets=sets, hold_seconds=hold_seconds, pain_kind=pain_kind, recorded_at=now)
        .on_conflict_do_nothing(index_elements=["session_id", "position"])
        .returning(col(ExerciseResult.id))
    )
    return (await session.exec(statement)).first() is not None


async def results_for_session(session: AsyncSession, session_id: int) -> list[ExerciseResult]:
    """The session's results in plan order."""
    statement = (
        select(ExerciseResult)
        .where(col(ExerciseResult.session_id) == session_id)
        .order_by(col(ExerciseResult.position))
    )
    return list(await session.exec(statement))


async def hurt_on_day(session: AsyncSession, user_id: int, local_date: date) -> set[str]:
    """The exercise ids that hurt (result "hurt") in any of the user's sessions on that local date."""
    statement = (
        select(col(ExerciseResult.exercise_id))
        .join(SessionLog, col(SessionLog.id) == col(ExerciseResult.session_id))
        .where(col(SessionLog.user_id) == user_id, col(SessionLog.local_date) == local_date)
        .where(col(ExerciseResult.result) == ExerciseResultKind.HURT)
    )
    return set(await session.exec(statement))


async def hurt_since(session: AsyncSession, user_id: int, since: date) -> list[tuple[date, ExerciseResult]]:
    """Every exercise that hurt ("It hurts") in the user's sessions from ``since`` on, with the session's
    local date, oldest first."""
    statement = (
        select(col(SessionLog.local_date), ExerciseResult)
        .join(SessionLog, col(SessionLog.id) == col(ExerciseResult.session_id))
        .where(col(SessionLog.user_id) == user_id, col(SessionLog.local_date) >= since)
        .where(col(ExerciseResult.result) == ExerciseResultKind.HURT)
        .order_by(col(SessionLog.local_date), col(ExerciseResult.recorded_at))
    )
    return [(day, result) for day, result in await session.exec(statement)]
