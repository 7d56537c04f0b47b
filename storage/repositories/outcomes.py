"""Outcome-measure answers (PEG-3 items and PSFS ratings), one row per answer, grouped by round.

An answer is written once per (user, round, item): a double press keeps the first. Deleting the user deletes
the rows (their foreign key cascades); /export includes them (``USER_TABLES``).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import OutcomeScore
from storage.repositories._dialect import insert


async def record(
    session: AsyncSession, user_id: int, *, measure: str, item: str, score: int, round_at: datetime, now: datetime,
    label: str | None = None,
) -> bool:
    """Store one answer; False if this round's item already has one (the first answer wins)."""
    statement = (
        insert(session, OutcomeScore)
        .values(user_id=user_id, measure=measure, item=item, label=label, score=score, round_at=round_at)
        .values(recorded_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "round_at", "item"])
        .returning(col(OutcomeScore.id))
    )
    return (await session.exec(statement)).first() is not None


async def all_scores(session: AsyncSession, user_id: int, measure: str | None = None) -> list[OutcomeScore]:
    """The user's answers (of one measure, when given), oldest round first, items in the order given."""
    statement = select(OutcomeScore).where(col(OutcomeScore.user_id) == user_id)
    if measure is not None:
        statement = statement.where(col(OutcomeScore.measure) == measure)
    return list(await session.exec(statement.order_by(col(OutcomeScore.round_at), col(OutcomeScore.id))))
