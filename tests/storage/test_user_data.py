"""A user's data: export holds every kind of row; deletion removes every row about them and nothing else."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import SQLModel

from storage.database import Database
from storage.repositories import (
    exercise_results,
    lessons,
    outcomes,
    pain,
    pending,
    profiles,
    progress,
    red_flags,
    reminders,
    screening,
    session_logs,
    user_data,
    users,
)

ALICE, BOB = 5_000_000_001, 5_000_000_002
TODAY = date(2026, 3, 2)


async def _seed(db: Database, user_id: int, now: datetime) -> None:
    """One or more rows of every kind about ``user_id``."""
    async with db.session() as session:
        await users.record_seen(session, user_id=user_id, chat_id=user_id, first_name="U", language_code="en", now=now)
        await profiles.update_profile(session, user_id, now=now, timezone="Europe/London", training_days=[0, 3])
        await screening.save_answer(session, user_id=user_id, question_id="fever", answer="no", now=now)
        await red_flags.raise_flag(
            session, user_id=user_id, decision="doctor_today", question_ids=["fever"], source="screening", now=now
        )
        await progress.upsert_progress(session, user_id, {"back": {"exercise_id": "bird_dog", "reps": 5}}, now=now)
        log = await session_logs.start_session(
            session, user_id=user_id, local_date=TODAY, kind="full", plan=[{"exercise_id": "bird_dog"}], now=now
        )
        assert log.id is not None
        await exercise_results.record_result(
            session, session_id=log.id, exercise_id="bird_dog", position=0, result="done", now=now
        )
        await pain.record_pain(session, user_id=user_id, context="before", score=3, session_id=log.id, now=now)
        await reminders.upsert_reminder(session, user_id=user_id, kind="session", next_fire_at=now, now=now)
        await reminders.try_record_delivery(
            session, user_id=user_id, kind="session", local_date=TODAY, now=now, status="sent"
        )
        await pending.ask(session, user_id, flow="onboarding", question="pain", now=now)
        await lessons.mark_read(session, user_id, "common", now)
        await outcomes.record(session, user_id, measure="peg", item="peg_pain", score=5, round_at=now, now=now)


#: Tables about the bot itself, not about any user (the card pictures Telegram holds): never exported.
BOT_TABLES = {"card_files", "inbox"}  # the inbox: transport, deleted with the user (tests/storage/test_inbox.py)


async def _row_counts(db: Database) -> dict[str, int]:
    async with db.session() as session:
        return {
            table.name: (await session.exec(select(func.count()).select_from(table))).one()[0]
            for table in SQLModel.metadata.sorted_tables
            if table.name not in BOT_TABLES
        }


async def test_export_contains_every_kind_of_row_as_json(db: Database, now: datetime) -> None:
    await _seed(db, ALICE, now)
    await _seed(db, BOB, now)
    async with db.session() as session:
        export = await user_data.export_user(session, ALICE)
    assert set(export) == {table.name for table in SQLModel.metadata.sorted_tables} - BOT_TABLES
    assert all(len(rows) == 1 for rows in export.values()), {name: len(rows) for name, rows in export.items()}
    assert export["users"][0]["id"] == ALICE
    assert datetime.fromisoformat(export["users"][0]["created_at"]) == now  # ISO 8601, "Z" for UTC
    assert export["session_logs"][0]["local_date"] == TODAY.isoformat()
    assert export["pending_questions"][0]["question"] == "pain"
    assert json.loads(json.dumps(export)) == export


async def test_delete_user_cascades_to_every_table(db: Database, now: datetime) -> None:
    await _seed(db, ALICE, now)
    await _seed(db, BOB, now)
    before = await _row_counts(db)
    assert all(count == 2 for count in before.values()), before
    async with db.session() as session:
        removed = await user_data.delete_user(session, ALICE)
    assert removed == len(before)
    assert await _row_counts(db) == {name: 1 for name in before}
    async with db.session() as session:
        assert await users.get_user(session, ALICE) is None
        assert all(rows == [] for rows in (await user_data.export_user(session, ALICE)).values())
        assert await users.get_user(session, BOB) is not None
        assert await user_data.delete_user(session, ALICE) == 0
