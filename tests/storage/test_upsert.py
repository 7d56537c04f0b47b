"""The shared upsert (`storage.repositories._dialect.upsert`) and the statements the per-update paths issue."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlmodel import col, select

from storage.database import Database
from storage.models import ScreeningAnswer
from storage.repositories import profiles, screening, users
from storage.repositories._dialect import upsert
from tests.support.sql import recorded_sql


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The first word (INSERT, UPDATE, SELECT ...) of every statement the engine sends inside the block."""
    with recorded_sql(db) as sent:
        words: list[str] = []
        yield words
        words.extend(sql.split(None, 1)[0].upper() for sql, _ in sent)


async def _answers(db: Database, user_id: int) -> list[tuple[str, str]]:
    async with db.session() as session:
        rows = await session.exec(select(ScreeningAnswer).where(col(ScreeningAnswer.user_id) == user_id))
        return sorted((row.question_id, row.answer) for row in rows)


async def _seen(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        await users.record_seen(session, user_id=user_id, chat_id=user_id, first_name="A", language_code="en", now=now)


async def test_upsert_creates_the_row_then_updates_it_in_place(db: Database, now: datetime) -> None:
    await _seen(db, 7, now)
    key = {"user_id": 7, "question_id": "q1"}
    with statements(db) as first:
        async with db.session() as session:
            await upsert(session, ScreeningAnswer, key, {"answer": "yes", "answered_at": now})
    with statements(db) as second:
        async with db.session() as session:
            await upsert(session, ScreeningAnswer, key, {"answer": "no", "answered_at": now + timedelta(minutes=1)})
    assert await _answers(db, 7) == [("q1", "no")]
    assert "INSERT" in first  # a new row: UPDATE found nothing, then INSERT ... ON CONFLICT
    assert "INSERT" not in second and "UPDATE" in second  # an existing row: one UPDATE, nothing compiled anew


async def test_upsert_touches_only_the_row_of_its_key(db: Database, now: datetime) -> None:
    await _seen(db, 8, now)
    async with db.session() as session:
        await screening.save_answer(session, user_id=8, question_id="q1", answer="yes", now=now)
        await screening.save_answer(session, user_id=8, question_id="q2", answer="yes", now=now)
    async with db.session() as session:
        await screening.save_answer(session, user_id=8, question_id="q2", answer="no", now=now)
    assert await _answers(db, 8) == [("q1", "yes"), ("q2", "no")]


async def test_a_known_user_and_a_loaded_profile_are_not_inserted_again(db: Database, now: datetime) -> None:
    await _seen(db, 9, now)
    async with db.session() as session:
        await profiles.get_or_create_profile(session, 9, now=now)
    with statements(db) as issued:
        async with db.session() as session:
            await users.record_seen(
                session, user_id=9, chat_id=9, first_name="A", language_code="en", now=now + timedelta(minutes=5)
            )
            profile = await profiles.get_or_create_profile(session, 9, now=now)
            again = await profiles.get_or_create_profile(session, 9, now=now)
            assert again is profile
    assert "INSERT" not in issued
    assert issued.count("SELECT") == 2  # the user and the profile, each read once
    async with db.session() as session:
        user = await users.get_user(session, 9)
        assert user is not None and user.last_seen_at == now + timedelta(minutes=5)
