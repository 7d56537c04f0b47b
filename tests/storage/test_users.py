"""Users: seen, counted, blocked and unblocked."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.database import Database
from storage.repositories import reminders, users
from tests.support.rows import count_users


async def test_record_seen_creates_then_updates(db: Database, now: datetime) -> None:
    later = now + timedelta(hours=3)
    big_id = 7_123_456_789
    async with db.session() as session:
        user, created = await users.record_seen(
            session, user_id=big_id, chat_id=big_id, first_name="Ada", language_code="en", now=now
        )
        assert created
        assert (user.created_at, user.last_seen_at, user.is_active) == (now, now, True)
    async with db.session() as session:
        user, created = await users.record_seen(
            session, user_id=big_id, chat_id=42, first_name="Ada L.", language_code="de", now=later
        )
    assert not created
    assert (user.chat_id, user.first_name, user.language_code) == (42, "Ada L.", "de")
    assert (user.created_at, user.last_seen_at) == (now, later)
    async with db.session() as session:
        assert await count_users(session) == 1


async def test_get_user_missing_is_none(db: Database) -> None:
    async with db.session() as session:
        assert await users.get_user(session, 123) is None


async def test_block_disables_reminders_and_seeing_the_user_again_reactivates(
    db: Database, user_id: int, now: datetime
) -> None:
    async with db.session() as session:
        await reminders.upsert_reminder(session, user_id=user_id, kind="session", next_fire_at=now, now=now)
        assert await users.mark_blocked(session, user_id, now)
        assert not await users.mark_blocked(session, 404, now)
    async with db.session() as session:
        user = await users.get_user(session, user_id)
        assert user is not None and not user.is_active and user.blocked_at == now
        assert await count_users(session, active_only=True) == 0
        assert await reminders.claim_due(session, now, 10) == []
        user, _ = await users.record_seen(
            session, user_id=user_id, chat_id=user_id, first_name="Ada", language_code="en", now=now
        )
        assert user.is_active and user.blocked_at is None
        assert [r.kind for r in await reminders.claim_due(session, now, 10)] == ["session"]


async def test_unblock_respects_the_reminder_preference(db: Database, user_id: int, now: datetime) -> None:
    from storage.repositories import profiles

    async with db.session() as session:
        await reminders.upsert_reminder(session, user_id=user_id, kind="session", next_fire_at=now, now=now)
        await profiles.update_profile(session, user_id, now=now, reminders_enabled=False)
        await users.mark_blocked(session, user_id, now)
        assert await users.mark_unblocked(session, user_id, now)
        assert not await users.mark_unblocked(session, 404, now)
        user = await users.get_user(session, user_id)
        assert user is not None and user.is_active
        assert await reminders.claim_due(session, now, 10) == []
