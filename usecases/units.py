"""The unit of work of one user's use case: one transaction, taken in turn with that user's other units.

Two bot processes behind one webhook can handle the same user's consecutive presses at the same time (PTB
answers the webhook before handling the update). A use case that reads what the user answered so far and then
writes the next answer must not interleave with another doing the same, or a question is asked twice and a
tapped weekday is lost. :func:`user_unit` opens the unit and locks the user first (``users.lock_user``, or
the unit's first read itself).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlmodel.ext.asyncio.session import AsyncSession

from storage.database import Database
from storage.repositories import users


@asynccontextmanager
async def user_unit(db: Database, user_id: int, *, locked_by_first_read: bool = False) -> AsyncIterator[AsyncSession]:
    """``db.session()`` for a unit that reads and then writes this user's data, taken in turn per user.

    ``locked_by_first_read``: the caller's first statement locks the user's row itself (a repository read made
    with ``lock_user=True``, ``FOR UPDATE OF users`` on PostgreSQL), sparing the separate lock statement."""
    async with db.session() as session:
        if not locked_by_first_read:
            await users.lock_user(session, user_id)
        yield session
