"""Screening answers (latest kept) and exercise progress (upserted)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from storage.database import Database
from storage.repositories import pain, progress, screening


async def test_latest_screening_answer_is_kept(db: Database, user_id: int, now: datetime) -> None:
    later = now + timedelta(minutes=2)
    async with db.session() as session:
        await screening.save_answer(session, user_id=user_id, question_id="ce_bladder", answer="not_sure", now=now)
        await screening.save_answer(session, user_id=user_id, question_id="fever", answer="no", now=now)
    async with db.session() as session:
        await screening.save_answer(session, user_id=user_id, question_id="ce_bladder", answer="no", now=later)
    async with db.session() as session:
        answers = await screening.answers_for_user(session, user_id)
    assert {key: row.answer for key, row in answers.items()} == {"ce_bladder": "no", "fever": "no"}
    assert answers["ce_bladder"].answered_at == later
    async with db.session() as session:
        assert await screening.clear_answers(session, user_id) == 2
        assert await screening.answers_for_user(session, user_id) == {}


async def test_progress_upsert_many_then_partial_update(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        await progress.upsert_progress(
            session,
            user_id,
            {
                "back": {"exercise_id": "bird_dog", "reps": 5, "sets": 2},
                "side": {"exercise_id": "side_plank_knees", "hold_seconds": 10},
            },
            now=now,
        )
        await progress.upsert_progress(session, user_id, {"back": {"greens_at_dose": 1, "pre_flare_reps": 5}}, now=now)
        rows = await progress.get_progress(session, user_id)
    assert set(rows) == {"back", "side"}
    bird_dog = rows["back"]
    assert bird_dog.exercise_id == "bird_dog"
    assert (bird_dog.reps, bird_dog.sets, bird_dog.greens_at_dose, bird_dog.pre_flare_reps) == (5, 2, 1, 5)
    assert (bird_dog.yellows_in_row, bird_dog.hold_seconds, bird_dog.updated_at) == (0, None, now)
    assert rows["side"].hold_seconds == 10


async def test_progress_rejects_unknown_fields(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        with pytest.raises(ValueError, match="unknown progress fields"):
            await progress.upsert_progress(session, user_id, {"back": {"exercise_id": "bird_dog", "repz": 5}}, now=now)


async def test_reads_after_an_upsert_in_the_same_unit_of_work_are_fresh(
    db: Database, user_id: int, now: datetime
) -> None:
    async with db.session() as session:
        await progress.upsert_progress(session, user_id, {"back": {"exercise_id": "bird_dog", "reps": 5}}, now=now)
        await screening.save_answer(session, user_id=user_id, question_id="fever", answer="yes", now=now)
        assert (await progress.get_progress(session, user_id))["back"].reps == 5
        assert (await screening.answers_for_user(session, user_id))["fever"].answer == "yes"
        await progress.upsert_progress(session, user_id, {"back": {"exercise_id": "bird_dog", "reps": 7}}, now=now)
        await screening.save_answer(session, user_id=user_id, question_id="fever", answer="no", now=now)
        assert (await progress.get_progress(session, user_id))["back"].reps == 7
        assert (await screening.answers_for_user(session, user_id))["fever"].answer == "no"


async def test_answered_since_latest_counts_only_answers_given_at_or_after_the_latest_score(
    db: Database, user_id: int, now: datetime
) -> None:
    async with db.session() as session:
        assert await screening.answered_since_latest(session, user_id, "ad_hoc") == (None, frozenset())
        await screening.save_answer(session, user_id=user_id, question_id="fever", answer="no", now=now)
        await pain.record_pain(session, user_id=user_id, context="ad_hoc", score=3, now=now - timedelta(days=1))
        await pain.record_pain(session, user_id=user_id, context="after", score=9, now=now + timedelta(minutes=1))
    async with db.session() as session:
        assert await screening.answered_since_latest(session, user_id, "ad_hoc") == (3, frozenset({"fever"}))
        await pain.record_pain(session, user_id=user_id, context="ad_hoc", score=6, now=now + timedelta(minutes=2))
    async with db.session() as session:
        assert await screening.answered_since_latest(session, user_id, "ad_hoc") == (6, frozenset())
        for question_id in ("ce_bladder", "ce_saddle"):
            await screening.save_answer(
                session, user_id=user_id, question_id=question_id, answer="no", now=now + timedelta(minutes=2)
            )
    async with db.session() as session:
        read = await screening.answered_since_latest(session, user_id, "ad_hoc")
    assert read == (6, frozenset({"ce_bladder", "ce_saddle"}))


async def _row_lock_taken(db: Database, user_id: int) -> bool:
    """Does another transaction hold the user's row lock (``FOR UPDATE NOWAIT`` from a connection of its own)?"""
    async with db.engine.connect() as other:
        try:
            await other.execute(text("SELECT id FROM users WHERE id = :id FOR UPDATE NOWAIT"), {"id": user_id})
        except DBAPIError:
            return True
    return False


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_the_locking_read_holds_the_users_row_as_lock_user_does(db: Database, user_id: int) -> None:
    async with db.session() as session:
        await screening.answered_since_latest(session, user_id, "ad_hoc")
        assert not await _row_lock_taken(db, user_id)
    async with db.session() as session:
        await screening.answered_since_latest(session, user_id, "ad_hoc", lock_user=True)
        assert await _row_lock_taken(db, user_id)
    assert not await _row_lock_taken(db, user_id)
