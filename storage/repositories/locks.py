"""Advisory locks: on PostgreSQL one instance at a time may run the reminder ticker."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.repositories._dialect import dialect_name

#: Key of the ticker's advisory lock ("BCTICKER" as ASCII, fits a signed bigint).
TICKER_LOCK_KEY = 0x42435449434B4552


async def try_advisory_lock(session: AsyncSession, key: int = TICKER_LOCK_KEY) -> bool:
    """Take the transaction-scoped lock ``key`` if free (``pg_try_advisory_xact_lock``); never waits.

    The lock ends with the unit of work. On SQLite, which has one writer at a time, always True.
    """
    if dialect_name(session) != "postgresql":
        return True
    result = await session.exec(select(func.pg_try_advisory_xact_lock(key)))
    return bool(result.one())
