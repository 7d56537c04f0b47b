"""Pain check-ins: 0-10 scores with their context, written the moment they are given."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import PainCheckin

PAIN_SCALE = range(11)


async def record_pain(
    session: AsyncSession,
    *,
    user_id: int,
    context: str,
    score: int,
    now: datetime,
    session_id: int | None = None,
    back_to_baseline: bool | None = None,
    leg_symptoms: bool | None = None,
) -> PainCheckin:
    """Store one check-in. ``ValueError`` for a score outside 0-10 (the database refuses it too)."""
    if score not in PAIN_SCALE:
        raise ValueError(f"pain score must be an integer 0-10, got {score!r}")
    checkin = PainCheckin(
        user_id=user_id,
        session_id=session_id,
        context=context,
        score=score,
        back_to_baseline=back_to_baseline,
        leg_symptoms=leg_symptoms,
        recorded_at=now,
    )
    session.add(checkin)
    await session.flush()
    return checkin


async def pain_in_window(
    session: AsyncSession,
    user_id: int,
    *,
    since: datetime,
    until: datetime,
    contexts: Iterable[str] | None = None,
) -> list[PainCheckin]:
    """The user's check-ins with ``since <= recorded_at < until`` (optionally only some contexts), oldest first."""
    statement = (
        select(PainCheckin)
        .where(col(PainCheckin.user_id) == user_id)
        .where(col(PainCheckin.recorded_at) >= since, col(PainCheckin.recorded_at) < until)
        .order_by(col(PainCheckin.recorded_at), col(PainCheckin.id))
    )
    if contexts is not None:
        statement = statement.where(col(PainCheckin.context).in_(list(contexts)))
    return list(await session.exec(statement))


async def for_session(session: AsyncSession, session_id: int) -> list[PainCheckin]:
    """Every check-in of one session, oldest first."""
    statement = (
        select(PainCheckin)
        .where(col(PainCheckin.session_id) == session_id)
        .order_by(col(PainCheckin.recorded_at), col(PainCheckin.id))
    )
    return list(await session.exec(statement))


async def latest_for_session(session: AsyncSession, session_id: int, context: str) -> PainCheckin | None:
    """The session's latest check-in in that context (e.g. its "before" score), or None."""
    return await _latest(session, col(PainCheckin.session_id) == session_id, context)


async def latest_for_user(session: AsyncSession, user_id: int, context: str) -> PainCheckin | None:
    """The user's latest check-in in that context (e.g. "next_morning"), or None."""
    return await _latest(session, col(PainCheckin.user_id) == user_id, context)


async def _latest(session: AsyncSession, owner: ColumnElement[bool], context: str) -> PainCheckin | None:
    statement = (
        select(PainCheckin)
        .where(owner, col(PainCheckin.context) == context)
        .order_by(col(PainCheckin.recorded_at).desc(), col(PainCheckin.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()
