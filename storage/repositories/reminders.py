"""Reminders and deliveries: what the ticker claims, and the key that stops a reminder being sent twice.

One row per (user, kind) holds ``next_fire_at`` (UTC). :func:`claim_due` reads the due rows through the
``(enabled, next_fire_at)`` index, so a tick costs the number of due rows, not the number of users. A snooze
moves ``next_fire_at`` itself (and notes ``snoozed_until``), so snoozed rows are not even read until due.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, true
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Delivery, Profile, Reminder, SessionLog, User
from storage.repositories._dialect import dialect_name, insert, upsert

#: A delivery row under this kind records that the user chose "Skip today" (no reminder, no nudge that day).
SKIP_KIND = "skip"
SKIP_STATUS = "skipped"


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
    await upsert(session, Reminder, {"user_id": user_id, "kind": kind}, values)
    reminder = await get_reminder(session, user_id, kind)
    assert reminder is not None
    return reminder


async def get_reminder(session: AsyncSession, user_id: int, kind: str) -> Reminder | None:
    """The user's reminder of this kind, or None."""
    statement = select(Reminder).where(col(Reminder.user_id) == user_id, col(Reminder.kind) == kind)
    return (await session.exec(statement.execution_options(populate_existing=True))).first()


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


async def advance_many(
    session: AsyncSession, changes: Collection[tuple[int, datetime | None]], *, now: datetime
) -> None:
    """:func:`set_next_fire_at` for many rows in one round trip: ``(reminder id, next fire at)`` pairs."""
    if not changes:
        return
    statement = (
        update(Reminder)
        .where(col(Reminder.id) == bindparam("reminder_id"))
        .values(next_fire_at=bindparam("fire_at"), snoozed_until=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    params = [{"reminder_id": reminder_id, "fire_at": fire_at} for reminder_id, fire_at in changes]
    connection = await session.connection()
    await connection.execute(statement, params)


DeliveryKey = tuple[int, str, date]


async def try_record_deliveries(
    session: AsyncSession, keys: Collection[tuple[int, str, date, str]], *, now: datetime
) -> set[DeliveryKey]:
    """:func:`try_record_delivery` for many ``(user, kind, local date, status)`` in one statement.

    Returns the keys that were free (and are now taken); the others were recorded before.
    """
    if not keys:
        return set()
    rows = [
        {"user_id": user_id, "kind": kind, "local_date": day, "sent_at": now, "status": status}
        for user_id, kind, day, status in keys
    ]
    statement = (
        insert(session, Delivery)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "local_date"])
        .returning(col(Delivery.user_id), col(Delivery.kind), col(Delivery.local_date))
    )
    return {(user_id, kind, day) for user_id, kind, day in await session.exec(statement)}


async def upsert_many(
    session: AsyncSession,
    kind: str,
    rows: Collection[tuple[int, datetime | None, dict[str, Any] | None]],
    *,
    now: datetime,
    replace: bool = True,
) -> None:
    """Create (and with ``replace``, overwrite) enabled ``kind`` reminders: ``(user, next fire at, payload)``."""
    if not rows:
        return
    values = [
        {"user_id": user_id, "kind": kind, "next_fire_at": fire_at, "payload": payload, "enabled": True,
         "snoozed_until": None, "updated_at": now}
        for user_id, fire_at, payload in rows
    ]
    statement = insert(session, Reminder).values(values)
    if replace:
        fields = ("next_fire_at", "payload", "enabled", "snoozed_until", "updated_at")
        statement = statement.on_conflict_do_update(
            index_elements=["user_id", "kind"], set_={name: statement.excluded[name] for name in fields}
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=["user_id", "kind"])
    await session.exec(statement)


async def delivery_status(session: AsyncSession, *, user_id: int, kind: str, local_date: date) -> str | None:
    """The status recorded under the key (user, kind, local date), or None when nothing is recorded."""
    statement = select(col(Delivery.status)).where(
        col(Delivery.user_id) == user_id, col(Delivery.kind) == kind, col(Delivery.local_date) == local_date
    )
    return (await session.exec(statement)).first()


async def record_skip(session: AsyncSession, *, user_id: int, local_date: date, now: datetime) -> bool:
    """The user skipped training on ``local_date``; False if already recorded."""
    return await try_record_delivery(
        session, user_id=user_id, kind=SKIP_KIND, local_date=local_date, now=now, status=SKIP_STATUS
    )


async def skipped_on(session: AsyncSession, keys: Collection[tuple[int, date]]) -> set[tuple[int, date]]:
    """Which of the (user, local date) pairs the user chose to skip, in one query."""
    if not keys:
        return set()
    statement = select(col(Delivery.user_id), col(Delivery.local_date)).where(
        col(Delivery.kind) == SKIP_KIND,
        col(Delivery.user_id).in_({user_id for user_id, _ in keys}),
        col(Delivery.local_date).in_({day for _, day in keys}),
    )
    return {(user_id, day) for user_id, day in await session.exec(statement)} & set(keys)


async def recipients(session: AsyncSession, user_ids: Collection[int]) -> dict[int, tuple[User, Profile | None]]:
    """The users with these ids and their profiles, in one query (a claimed batch's recipients)."""
    if not user_ids:
        return {}
    statement = (
        select(User, Profile)
        .join(Profile, col(Profile.user_id) == col(User.id), isouter=True)
        .where(col(User.id).in_(list(user_ids)))
    )
    return {user.id: (user, profile) for user, profile in await session.exec(statement)}


async def sessions_logged_on(
    session: AsyncSession, keys: Collection[tuple[int, date]]
) -> set[tuple[int, date]]:
    """Which of the (user, local date) pairs have a training session logged (of any status), in one query."""
    if not keys:
        return set()
    user_ids = {user_id for user_id, _ in keys}
    days = {day for _, day in keys}
    statement = select(col(SessionLog.user_id), col(SessionLog.local_date)).where(
        col(SessionLog.user_id).in_(user_ids), col(SessionLog.local_date).in_(days)
    )
    found = {(user_id, day) for user_id, day in await session.exec(statement)}
    return found & set(keys)


async def _update(session: AsyncSession, reminder_id: int, now: datetime, **values: Any) -> None:
    statement = (
        update(Reminder)
        .where(col(Reminder.id) == reminder_id)
        .values(updated_at=now, **values)
        .execution_options(synchronize_session="fetch")
    )
    await session.exec(statement)
