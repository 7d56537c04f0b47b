"""Reminders: the due claim (order, limit, index, locking), deliveries' unique key, advisory locks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.database import Database
from storage.models import Reminder, User
from storage.repositories import locks, reminders
from storage.values import DeliveryStatus, ReminderKind
from tests.support.sql import recorded_sql


async def reminders_of(session: AsyncSession, user_id: int) -> list[Reminder]:
    """Every reminder row of the user, by kind."""
    statement = select(Reminder).where(col(Reminder.user_id) == user_id).order_by(col(Reminder.kind))
    return list(await session.exec(statement))

TODAY = date(2026, 3, 2)


async def _add_users(db: Database, count: int, now: datetime) -> list[int]:
    ids = list(range(1, count + 1))
    rows = [{"id": i, "chat_id": i, "created_at": now, "last_seen_at": now, "is_active": True} for i in ids]
    async with db.session() as session:
        await session.exec(insert(User), params=rows)
    return ids


async def test_claim_due_returns_due_enabled_rows_in_order_within_limit(db: Database, now: datetime) -> None:
    ids = await _add_users(db, 6, now)
    fire = {1: now - timedelta(minutes=5), 2: now - timedelta(hours=2), 3: now, 4: now + timedelta(seconds=1)}
    async with db.session() as session:
        for user_id, at in fire.items():
            await reminders.upsert_reminder(session, user_id=user_id, kind="session", next_fire_at=at, now=now)
        await reminders.upsert_reminder(
            session, user_id=ids[4], kind="session", next_fire_at=now - timedelta(days=1), enabled=False, now=now
        )
        await reminders.upsert_reminder(session, user_id=ids[5], kind="nudge", next_fire_at=None, now=now)
    async with db.session() as session:
        due = await reminders.claim_due(session, now, limit=10)
        assert [(r.user_id, r.next_fire_at) for r in due] == [(2, fire[2]), (1, fire[1]), (3, fire[3])]
        assert [r.user_id for r in await reminders.claim_due(session, now, limit=2)] == [2, 1]


async def test_advancing_and_snoozing_move_the_row_out_of_the_due_set(db: Database, now: datetime) -> None:
    await _add_users(db, 2, now)
    async with db.session() as session:
        first = await reminders.upsert_reminder(session, user_id=1, kind="session", next_fire_at=now, now=now)
        second = await reminders.upsert_reminder(
            session, user_id=2, kind="followup", next_fire_at=now, payload={"session_id": 7}, now=now
        )
        assert first.id is not None and second.id is not None
        await reminders.set_next_fire_at(session, first.id, now + timedelta(days=2), now=now)
        await reminders.snooze_reminder(session, second.id, now + timedelta(minutes=30), now=now)
    async with db.session() as session:
        assert await reminders.claim_due(session, now + timedelta(minutes=29), limit=10) == []
        (snoozed,) = await reminders.claim_due(session, now + timedelta(minutes=30), limit=10)
        assert (snoozed.kind, snoozed.snoozed_until, snoozed.payload) == (
            "followup",
            now + timedelta(minutes=30),
            {"session_id": 7},
        )
        kinds = [r.kind for r in await reminders_of(session, 1)]
        assert kinds == ["session"]


async def test_upsert_keeps_one_row_per_user_and_kind(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        first = await reminders.upsert_reminder(
            session, user_id=user_id, kind=ReminderKind.WEEKLY, next_fire_at=now, now=now
        )
        again = await reminders.upsert_reminder(
            session, user_id=user_id, kind="weekly", next_fire_at=now + timedelta(days=7), enabled=False, now=now
        )
        assert first.id == again.id
        assert (again.next_fire_at, again.enabled) == (now + timedelta(days=7), False)
        assert len(await reminders_of(session, user_id)) == 1


async def test_enable_and_disable_all_reminders_of_a_user(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        for kind in ("session", "nudge"):
            await reminders.upsert_reminder(session, user_id=user_id, kind=kind, next_fire_at=now, now=now)
        assert await reminders.set_user_reminders_enabled(session, user_id, False, now=now) == 2
        assert await reminders.claim_due(session, now, 10) == []
        assert await reminders.set_user_reminders_enabled(session, user_id, True, now=now) == 2
        assert len(await reminders.claim_due(session, now, 10)) == 2


async def test_delivery_key_refuses_a_second_delivery_without_raising(
    db: Database, user_id: int, now: datetime
) -> None:
    key: dict[str, Any] = {"user_id": user_id, "kind": "session", "local_date": TODAY}
    async with db.session() as session:
        assert await reminders.try_record_delivery(session, **key, now=now, status=DeliveryStatus.SENT)
        assert not await reminders.try_record_delivery(session, **key, now=now, status="sent")
        # the transaction is still usable after the conflict
        assert await reminders.try_record_delivery(
            session, **{**key, "local_date": TODAY + timedelta(days=1)}, now=now, status="sent"
        )
    async with db.session() as session:
        assert not await reminders.try_record_delivery(session, **key, now=now, status="sent")
        assert await reminders.set_delivery_status(session, **key, status=DeliveryStatus.BLOCKED)
        assert not await reminders.set_delivery_status(session, **{**key, "kind": "nudge"}, status="failed")


async def _claim_plan(db: Database, now: datetime) -> str:
    """The database's plan for the exact statement :func:`reminders.claim_due` sends."""
    with recorded_sql(db) as sent:
        async with db.session() as session:
            await reminders.claim_due(session, now, limit=50)
            statement, parameters = [pair for pair in sent if "FROM reminders" in pair[0]][-1]
            connection = await session.connection()
            if db.dialect_name == "postgresql":
                # A tiny table is cheaper to read whole; forbid that to see what the index offers.
                await connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
                await connection.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
                rows = await connection.exec_driver_sql("EXPLAIN " + statement, parameters)
            else:
                rows = await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            return "\n".join(str(row[-1]) for row in rows)


async def test_claim_due_is_one_index_range_scan(db: Database, now: datetime) -> None:
    ids = await _add_users(db, 300, now)
    async with db.session() as session:
        rows = [
            {"user_id": i, "kind": "session", "next_fire_at": now + timedelta(minutes=i - 10), "enabled": i % 7 != 0}
            for i in ids
        ]
        await session.exec(insert(Reminder), params=[{**row, "updated_at": now} for row in rows])
    plan = await _claim_plan(db, now)
    if db.dialect_name == "sqlite":
        assert "SEARCH reminders USING INDEX ix_reminders_due (enabled=? AND next_fire_at<?)" in plan
        assert "TEMP B-TREE" not in plan
    else:
        assert "Index Scan using ix_reminders_due" in plan
        assert "Sort" not in plan


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_concurrent_tickers_claim_disjoint_rows(db: Database, now: datetime) -> None:
    ids = await _add_users(db, 5, now)
    async with db.session() as session:
        for user_id in ids:
            await reminders.upsert_reminder(session, user_id=user_id, kind="session", next_fire_at=now, now=now)
    async with db.session() as first, db.session() as second:
        mine = {r.id for r in await reminders.claim_due(first, now, limit=2)}
        theirs = {r.id for r in await reminders.claim_due(second, now, limit=10)}
    assert len(mine) == 2 and len(theirs) == 3
    assert not mine & theirs


async def test_advisory_lock_makes_one_ticker(db: Database, backend: str) -> None:
    async with db.session() as first:
        assert await locks.try_advisory_lock(first)
        async with db.session() as second:
            assert await locks.try_advisory_lock(second) is (backend != "postgresql")
            assert await locks.try_advisory_lock(second, key=12345)
    async with db.session() as later:
        assert await locks.try_advisory_lock(later)  # released when the first unit of work ended
