"""Counting rows the way a test looks at them (the product never needs these questions answered)."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import User


async def count_users(session: AsyncSession, *, active_only: bool = False) -> int:
    """How many users there are (only those who have not blocked the bot, with ``active_only``)."""
    statement = select(func.count()).select_from(User)
    if active_only:
        statement = statement.where(col(User.is_active))
    return (await session.exec(statement)).one()
