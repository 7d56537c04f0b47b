"""Reminders and deliveries: what the ticker claims, and the key that stops a reminder being sent twice.

One row per (user, kind) holds ``next_fire_at`` (UTC). :func:`claim_due` reads the due rows through the
``(enabled, next_fire_at)`` index, so a tick costs the number of due rows, not the number of users. A snooze
moves ``next_fire_at`` itself (and notes ``snoozed_until``), so snoozed rows are not even read until due.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import true
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Delivery, Reminder
from storage.repositories._dialect import dialect_name, insert


async def upsert_reminder(
    session: AsyncSession,
    *,
    user_id: int,
    kind: str,
    next_fire_at: datetime | None,
    now: datetime,
    enabled: bool = True,
    payload: dict[str, Any] | None = None,
) -> Reminder:
    """Create or replace the user's reminder of this kind (clearing any snooze)."""
    values: dict[str, Any] = {
        "next_fire_at": next_fire_at,
        "enabled": enabled,
        "payload": payload,
        "snoozed_until": None,
        "updated_at": now,
    }
    statement = insert(session, Reminder).values(user_id=user_id, kind=kind, **values)
    statement = statement.on_conflict_do_update(index_elements=["user_id", "kind"], set_=values)
    await session.exec(statement)
    reminder = await get_reminder(session, user_id, kind)
    assert reminder is not None
    return reminder


async def get_reminder(session: AsyncSession, user_id: int, kind: str) -> Reminder | None:
    """The user's reminder of this kind, or None."""
    statement = select(Reminder).where(col(Reminder.user_id) == user_id, col(Reminder.kind) == kind)
    return (await session.exec(statement.execution_options(populate_existing=True))).first()


async def reminders_for_user(session: AsyncSession, user_id: int) -> list[Reminder]:
    """All the user's reminders, by kind."""
    statement = select(Reminder).where(col(Reminder.user_id) == user_id).order_by(col(Reminder.kind))
    return list(await session.exec(statement))


async def set_next_fire_at(
    session: AsyncSession, reminder_id: int, next_fire_at: datetime | None, *, now: datetime
) -> None:
    """Advance (or clear, with None) when the reminder fires next; ends any snooze."""
    await _update(session, reminder_id, now, next_fire_at=next_fire_at, snoozed_until=None)


async def snooze_reminder(session: AsyncSession, reminder_id: int, until: datetime, *, now: datetime) -> None:
    """Fire again at ``until``, noting that this firing is a snooze."""
    await _update(session, reminder_id, now, next_fire_at=until, snoozed_until=until)


async def set_user_reminders_enabled(session: AsyncSession, user_id: int, enabled: bool, *, now: datetime) -> int:
    """Enable or disable every reminder of the user; returns how many rows changed."""
    statement = (
        update(Reminder)
        .where(col(Reminder.user_id) == user_id, col(Reminder.enabled) != enabled)
        .values(enabled=enabled, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return (await session.exec(statement)).rowcount


async def claim_due(session: AsyncSession, now: datetime, limit: int) -> list[Reminder]:
    """Up to ``limit`` enabled reminders with ``next_fire_at <= now``, earliest first.

    On PostgreSQL the rows stay locked (``FOR UPDATE SKIP LOCKED``) until the unit of work ends, so other
    instances claim other rows; advance each with :func:`set_next_fire_at` in the same unit of work. SQLite
    has one writer at a time.
    """
    statement = (
        select(Reminder)
        .where(col(Reminder.enabled) == true(), col(Reminder.next_fire_at) <= now)
        .order_by(col(Reminder.next_fire_at))  # the index order: no sort step
        .limit(limit)
    )
    if dialect_name(session) == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    return list(await session.exec(statement.execution_options(populate_existing=True)))


async def try_record_delivery(
    session: AsyncSession, *, user_id: int, kind: str, local_date: date, now: datetime, status: str
) -> bool:
    """Claim the delivery key (user, kind, local date): True if it was free, False if already recorded.

    Uses ``INSERT ... ON CONFLICT DO NOTHING``, so a duplicate never raises or spoils the transaction.
    """
    statement = (
        insert(session, Delivery)
        .values(user_id=user_id, kind=kind, local_date=local_date, sent_at=now, status=status)
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "local_date"])
        .returning(col(Delivery.id))
    )
    return (await session.exec(statement)).first() is not None


async def set_delivery_status(session: AsyncSession, *, user_id: int, kind: str, local_date: date, status: str) -> bool:
    """Change the status of a recorded delivery (e.g. to "failed" or "blocked"); False if there is none."""
    statement = (
        update(Delivery)
        .where(col(Delivery.user_id) == user_id, col(Delivery.kind) == kind)
        .where(col(Delivery.local_date) == local_date)
        .values(status=status)
        .execution_options(synchronize_session="fetch")
    )
    return (await session.exec(statement)).rowcount == 1


async def _update(session: AsyncSession, reminder_id: int, now: datetime, **values: Any) -> None:
    statement = (
        update(Reminder)
        .where(col(Reminder.id) == reminder_id)
        .values(updated_at=now, **values)
        .execution_options(synchronize_session="fetch")
    )
    await session.exec(statement)
