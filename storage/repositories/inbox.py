"""The durable inbox: updates stored before Telegram is told they arrived, and what became of each.

``store`` runs in its own short unit before the polling offset moves past a batch (or before the webhook's
200); it returns the ids that were new, so an update Telegram sends twice is handled once. ``finish`` is
written into the unit of work that handled the update (``storage.database``, "The write that finishes an
update"), so the answer and "this update is handled" commit together: an update that wrote something is
marked ``answering`` there (its payload kept), and :func:`answered` marks it done (payload blanked) once its
replies went out, many at once (``bot.inbox``: once a second). ``unfinished`` is what start-up (and the end of a
database outage) runs again, in order; ``unanswered`` is what start-up answers again (``bot.inbox``).
``prune`` keeps the table small; ``delete_user`` in ``storage.repositories.user_data`` deletes a user's
updates with the rest of their data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func
from sqlalchemy.sql import Executable
from sqlmodel import col, delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import InboxUpdate
from storage.repositories._dialect import insert
from storage.values import InboxOutcome


@dataclass(frozen=True)
class Received:
    """One update as it arrived: its id, whose it is (None: no user, e.g. a channel post) and its JSON."""

    update_id: int
    user_id: int | None
    payload: str


async def store(session: AsyncSession, received: Sequence[Received], now: datetime) -> set[int]:
    """Store ``received`` (an update already stored is left as it is); the ids that were new."""
    if not received:
        return set()
    rows = [
        {"update_id": r.update_id, "user_id": r.user_id, "payload": r.payload, "received_at": now}
        for r in received
    ]
    statement = insert(session, InboxUpdate).values(rows).on_conflict_do_nothing(index_elements=["update_id"])
    result = await session.exec(statement.returning(col(InboxUpdate.update_id)))
    return {int(row[0]) for row in result.all()}


async def finish(
    session: AsyncSession, update_id: int, now: datetime, outcome: InboxOutcome = InboxOutcome.DONE
) -> bool:
    """Mark the update handled (only if it was not already), blanking its payload (``ANSWERING`` keeps it until
    :func:`answered`: start-up may need it to answer again); False if it was handled before or is unknown."""
    values: dict[str, object] = {"done_at": now, "outcome": outcome.value}
    if outcome is not InboxOutcome.ANSWERING:
        values["payload"] = ""  # handled: what it said is no longer kept here
    statement = (
        update(InboxUpdate)
        .where(col(InboxUpdate.update_id) == update_id, col(InboxUpdate.done_at).is_(None))
        .values(values)
    )
    return bool((await session.exec(statement)).rowcount)


async def answered(session: AsyncSession, update_ids: Sequence[int]) -> int:
    """Mark done (payload blanked) those of ``update_ids`` still ``answering``: their replies went out. One
    statement for them all; how many were marked."""
    if not update_ids:
        return 0
    return int((await session.exec(_ANSWERED, params={"ids": list(update_ids)})).rowcount)


#: :func:`answered`'s statement, built once (it runs with nearly every batch of updates).
_ANSWERED = (
    update(InboxUpdate)
    .where(
        col(InboxUpdate.update_id).in_(bindparam("ids", expanding=True)),
        col(InboxUpdate.outcome) == InboxOutcome.ANSWERING.value,
    )
    .values(outcome=InboxOutcome.DONE.value, payload="")
)


async def unanswered(session: AsyncSession, limit: int = 1000) -> list[Received]:
    """Updates handled whose replies were not known to have gone out (the process stopped in between), oldest
    first."""
    statement = select(InboxUpdate).where(col(InboxUpdate.outcome) == InboxOutcome.ANSWERING.value)
    rows = await session.exec(statement.order_by(col(InboxUpdate.update_id)).limit(limit))
    return [Received(row.update_id, row.user_id, row.payload) for row in rows]


async def is_done(session: AsyncSession, update_id: int) -> bool:
    """Whether the update is in the inbox and done (a ``finish`` that returned False: done, or deleted with its
    user by the very handler that ran it, as /delete does)."""
    count = select(func.count()).select_from(InboxUpdate).where(
        col(InboxUpdate.update_id) == update_id, col(InboxUpdate.done_at).is_not(None)
    )
    return bool((await session.exec(count)).one())


def is_done_statement(update_id: int) -> Executable:
    """One statement reading when the update was done (None: not done, or not in the inbox)."""
    return select(InboxUpdate.done_at).where(col(InboxUpdate.update_id) == update_id)


async def unfinished(session: AsyncSession, limit: int = 1000, only: Sequence[int] | None = None) -> list[Received]:
    """Updates stored but not yet done, oldest first (``only``: among these ids)."""
    statement = select(InboxUpdate).where(col(InboxUpdate.done_at).is_(None))
    if only is not None:
        statement = statement.where(col(InboxUpdate.update_id).in_(list(only)))
    rows = await session.exec(statement.order_by(col(InboxUpdate.update_id)).limit(limit))
    return [Received(row.update_id, row.user_id, row.payload) for row in rows]


async def depth(session: AsyncSession) -> int:
    """How many stored updates are not done yet."""
    count = select(func.count()).select_from(InboxUpdate).where(col(InboxUpdate.done_at).is_(None))
    return int((await session.exec(count)).one())


async def last_update_id(session: AsyncSession) -> int:
    """The highest update id the inbox holds (0 when it is empty)."""
    highest = select(func.max(InboxUpdate.update_id))
    return int((await session.exec(highest)).one() or 0)


async def prune(session: AsyncSession, done_before: datetime) -> int:
    """Delete updates done before ``done_before``; how many went."""
    statement = delete(InboxUpdate).where(col(InboxUpdate.done_at) < done_before)
    return int((await session.exec(statement)).rowcount)


async def delete_user(session: AsyncSession, user_id: int) -> None:
    """Delete every update the user sent (they hold what the user said)."""
    await session.exec(delete(InboxUpdate).where(col(InboxUpdate.user_id) == user_id))
