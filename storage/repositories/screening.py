"""Red-flag screening answers: the latest answer per question is kept.

:func:`answered_since_latest` reads, in one statement, what /pain's safety questions need on every press:
the user's latest score of a context and which questions were answered since it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Subquery, bindparam, true
from sqlmodel import and_, col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from storage.models import PainCheckin, ScreeningAnswer, User
from storage.repositories._dialect import upsert


async def save_answer(session: AsyncSession, *, user_id: int, question_id: str, answer: str, now: datetime) -> None:
    """Store the answer the moment it is given, replacing an earlier answer to the same question."""
    key = {"user_id": user_id, "question_id": question_id}
    await upsert(session, ScreeningAnswer, key, {"answer": answer, "answered_at": now})


async def delete_answer(session: AsyncSession, *, user_id: int, question_id: str) -> None:
    """Forget one answer (a checklist item unticked before the checklist is done)."""
    statement = delete(ScreeningAnswer).where(
        col(ScreeningAnswer.user_id) == user_id, col(ScreeningAnswer.question_id) == question_id
    )
    await session.exec(statement)


async def answers_for_user(session: AsyncSession, user_id: int) -> dict[str, ScreeningAnswer]:
    """The user's answers by question id (fresh from the database, even after an upsert)."""
    statement = select(ScreeningAnswer).where(col(ScreeningAnswer.user_id) == user_id)
    rows = await session.exec(statement.execution_options(populate_existing=True))
    return {row.question_id: row for row in rows}


async def clear_answers(session: AsyncSession, user_id: int) -> int:
    """Forget every answer (before a fresh screening); returns how many were removed."""
    statement = delete(ScreeningAnswer).where(col(ScreeningAnswer.user_id) == user_id)
    return (await session.exec(statement)).rowcount


def _latest_checkin() -> Subquery:
    """The user's latest pain check-in in a context (its time and score), as a subquery."""
    return (
        select(col(PainCheckin.recorded_at), col(PainCheckin.score))
        .where(col(PainCheckin.user_id) == bindparam("user_id"), col(PainCheckin.context) == bindparam("context"))
        .order_by(col(PainCheckin.recorded_at).desc(), col(PainCheckin.id).desc())
        .limit(1)
        .subquery()
    )


def _answered_since_latest(lock_user: bool) -> Select[int | None, str | None]:
    """From the user's row: the latest check-in's score and each question answered since (a row each); with
    ``lock_user``, the user's row is locked as ``users.lock_user`` locks it (PostgreSQL; SQLite leaves it out)."""
    latest = _latest_checkin()
    since = and_(col(ScreeningAnswer.user_id) == col(User.id), col(ScreeningAnswer.answered_at) >= latest.c.recorded_at)
    statement = (
        select(latest.c.score, col(ScreeningAnswer.question_id))
        .select_from(User)
        .outerjoin(latest, true())
        .outerjoin(ScreeningAnswer, since)
        .where(col(User.id) == bindparam("user_id"))
    )
    return statement.with_for_update(of=User) if lock_user else statement


#: Built once each (building a statement and its cache key costs more than running it).
_ANSWERED_SINCE_LATEST = {lock: _answered_since_latest(lock) for lock in (False, True)}


async def answered_since_latest(
    session: AsyncSession, user_id: int, context: str, *, lock_user: bool = False
) -> tuple[int | None, frozenset[str]]:
    """The score of the user's latest pain check-in in ``context`` (None: there is none) and the ids of the
    questions answered at or after it (none without a check-in): one statement, read as plain rows. With
    ``lock_user`` the same statement locks the user's row (``usecases.units.user_unit(..., locked_by_first_read)``)."""
    params = {"user_id": user_id, "context": context}
    rows = (await session.exec(_ANSWERED_SINCE_LATEST[lock_user], params=params)).all()
    score: int | None = rows[0][0] if rows else None
    answered: frozenset[str] = frozenset(question_id for _, question_id in rows if question_id is not None)
    return score, answered
