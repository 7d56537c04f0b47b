"""The ticker's batch statements: advance many rows, take many delivery keys, upsert companion rows, skips."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import col, select

from storage.database import Database
from storage.models import Reminder, User
from storage.repositories import profiles, reminders, session_logs

TODAY = date(2026, 3, 2)


async def _users(db: Database, count: int, now: datetime) -> list[int]:
    ids = list(range(1, count + 1))
    rows = [{"id": i, "chat_id": i, "created_at": now, "last_seen_at": now, "is_active": True} for i in ids]
    async with db.session() as session:
        await session.exec(insert(User), params=rows)  # type: ignore[call-overload]
    return ids


async def test_advance_many_moves_each_row_and_ends_snoozes(db: Database, now: datetime) -> None:
    await _users(db, 3, now)
    async with db.session() as session:
        rows = [
            await reminders.upsert_reminder(session, user_id=i, kind="session", next_fire_at=now, now=now)
            for i in (1, 2, 3)
        ]
        assert rows[0].id is not None
        await reminders.snooze_reminder(session, rows[0].id, now + timedelta(hours=1), now=now)
    changes = [(row.id, now + timedelta(days=row.user_id)) for row in rows if row.id is not None]
    changes[2] = (changes[2][0], None)
    async with db.session() as session:
        await reminders.advance_many(session, changes, now=now)
    async with db.session() as session:
        found = {r.user_id: r for r in [await reminders.get_reminder(session, i, "session") for i in (1, 2, 3)] if r}
    assert found[1].next_fire_at == now + timedelta(days=1) and found[1].snoozed_until is None
    assert found[2].next_fire_at == now + timedelta(days=2)
    assert found[3].next_fire_at is None


async def test_try_record_deliveries_returns_only_the_free_keys(db: Database, now: datetime) -> None:
    await _users(db, 3, now)
    async with db.session() as session:
        assert await reminders.try_record_delivery(
            session, user_id=1, kind="session", local_date=TODAY, now=now, status="sent"
        )
    keys = [(1, "session", TODAY, "sent"), (2, "session", TODAY, "sent"), (3, "weekly", TODAY, "skipped_late")]
    async with db.session() as session:
        fresh = await reminders.try_record_deliveries(session, keys, now=now)
    assert fresh == {(2, "session", TODAY), (3, "weekly", TODAY)}
    async with db.session() as session:
        assert await reminders.try_record_deliveries(session, keys, now=now) == set()
        assert await reminders.try_record_deliveries(session, [], now=now) == set()


async def test_upsert_many_replaces_or_keeps_existing_rows(db: Database, now: datetime) -> None:
    await _users(db, 2, now)
    later = now + timedelta(hours=3)
    async with db.session() as session:
        await reminders.upsert_reminder(session, user_id=1, kind="weekly", next_fire_at=now, now=now, enabled=False)
        await reminders.upsert_many(session, "weekly", [(1, later, None), (2, later, None)], now=now, replace=False)
        await reminders.upsert_many(session, "nudge", [(1, later, {"local_date": "2026-03-02"})], now=now)
        await reminders.upsert_many(session, "nudge", [(1, later + timedelta(days=1), None)], now=now)
    async with db.session() as session:
        kept = await reminders.get_reminder(session, 1, "weekly")
        added = await reminders.get_reminder(session, 2, "weekly")
        nudge = await reminders.get_reminder(session, 1, "nudge")
    assert kept is not None and kept.next_fire_at == now and not kept.enabled
    assert added is not None and added.next_fire_at == later and added.enabled
    assert nudge is not None and nudge.next_fire_at == later + timedelta(days=1) and nudge.payload is None


async def test_skips_sessions_and_recipients_are_read_per_batch(db: Database, now: datetime) -> None:
    await _users(db, 3, now)
    async with db.session() as session:
        await profiles.update_profile(session, 1, now=now, timezone="Europe/Berlin")
        assert await reminders.record_skip(session, user_id=2, local_date=TODAY, now=now)
        assert not await reminders.record_skip(session, user_id=2, local_date=TODAY, now=now)
        await session_logs.start_session(session, user_id=3, local_date=TODAY, kind="full", plan=[], now=now)
    keys = {(1, TODAY), (2, TODAY), (3, TODAY), (3, TODAY + timedelta(days=1))}
    async with db.session() as session:
        assert await reminders.skipped_on(session, keys) == {(2, TODAY)}
        assert await reminders.sessions_logged_on(session, keys) == {(3, TODAY)}
        people = await reminders.recipients(session, [1, 2, 99])
        assert await reminders.delivery_status(session, user_id=2, kind=reminders.SKIP_KIND, local_date=TODAY)
        assert (await session.exec(select(Reminder).where(col(Reminder.kind) == "session"))).all() == []
    assert set(people) == {1, 2}
    assert people[1][1] is not None and people[1][1].timezone == "Europe/Berlin"
    assert people[2][1] is None
