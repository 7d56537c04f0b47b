"""Red flags the user reported and their clearances (one row per flag; open while ``cleared_at`` is NULL).

A flag is written in the same unit of work as the answer that raised it, and cleared only by the user's own
statement that a clinician examined them after the flag was raised; every row is kept, so /export shows each
flag with when it was raised, when it was cleared and in which words.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import RedFlag


async def raise_flag(
    session: AsyncSession, *, user_id: int, decision: str, question_ids: Iterable[str], source: str, now: datetime
) -> RedFlag:
    """Store a newly raised flag (open until cleared)."""
    flag = RedFlag(
        user_id=user_id, decision=decision, question_ids=",".join(question_ids), source=source, raised_at=now
    )
    session.add(flag)
    await session.flush()
    return flag


async def open_flags(session: AsyncSession, user_id: int) -> list[RedFlag]:
    """The user's flags not yet cleared, oldest first."""
    statement = (
        select(RedFlag)
        .where(col(RedFlag.user_id) == user_id, col(RedFlag.cleared_at).is_(None))
        .order_by(col(RedFlag.raised_at), col(RedFlag.id))
    )
    return list(await session.exec(statement))


async def all_flags(session: AsyncSession, user_id: int) -> list[RedFlag]:
    """Every flag of the user, cleared or not, oldest first."""
    statement = select(RedFlag).where(col(RedFlag.user_id) == user_id).order_by(col(RedFlag.raised_at), col(RedFlag.id))
    return list(await session.exec(statement))


async def clear_open_flags(session: AsyncSession, user_id: int, *, clearance: str, now: datetime) -> list[RedFlag]:
    """Record the clearance on every open flag (the user's words and the time); returns the flags cleared."""
    flags = await open_flags(session, user_id)
    for flag in flags:
        flag.cleared_at = now
        flag.clearance = clearance
        session.add(flag)
    await session.flush()
    return flags
