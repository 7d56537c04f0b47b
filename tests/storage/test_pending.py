"""The pending question: one per user, replaced by the next question, answered only by the flow that owns it."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.database import Database
from storage.repositories import pending, user_data


async def test_a_new_question_replaces_the_old_one(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        await pending.ask(session, user_id, flow="session", question="item", now=now, ref="7")
    later = now + timedelta(minutes=3)
    async with db.session() as session:
        await pending.ask(session, user_id, flow="settings", question="timezone", now=later)
    async with db.session() as session:
        asked = await pending.current(session, user_id)
    assert asked is not None
    assert (asked.flow, asked.question, asked.ref, asked.asked_at) == ("settings", "timezone", None, later)


async def test_only_the_owning_flow_closes_the_question(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        await pending.ask(session, user_id, flow="settings", question="timezone", now=now)
    async with db.session() as session:
        assert await pending.done(session, user_id, "session") is False  # a session ending leaves settings' question
        assert await pending.current(session, user_id) is not None
        assert await pending.done(session, user_id, "settings") is True
        assert await pending.current(session, user_id) is None
        assert await pending.done(session, user_id) is False  # nothing left to close


async def test_deleting_the_user_deletes_the_question(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        await pending.ask(session, user_id, flow="onboarding", question="pain", now=now)
        exported = await user_data.export_user(session, user_id)
    assert [row["question"] for row in exported["pending_questions"]] == ["pain"]
    async with db.session() as session:
        await user_data.delete_user(session, user_id)
    async with db.session() as session:
        assert await pending.current(session, user_id) is None
