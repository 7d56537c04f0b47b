"""Session-log and pain queries the session and check-in flows need (both databases)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from storage.database import Database
from storage.repositories import pain, session_logs

PLAN = [{"exercise_id": "cat_camel", "reps": 8}, {"exercise_id": "bird_dog", "reps": 5, "sets": 2}]
TODAY = date(2026, 3, 2)


async def _started(db: Database, user_id: int, now: datetime) -> int:
    async with db.session() as session:
        log = await session_logs.start_session(
            session, user_id=user_id, local_date=TODAY, kind="full", plan=PLAN, now=now, level=2
        )
        assert log.id is not None and log.level == 2
        return log.id


async def test_insert_plan_item_only_where_the_session_stands(db: Database, user_id: int, now: datetime) -> None:
    session_id = await _started(db, user_id, now)
    extra = {"exercise_id": "pelvic_tilt", "reps": 10, "extra": True}
    async with db.session() as session:
        assert await session_logs.advance_session(session, session_id, from_index=0)
        assert not await session_logs.insert_plan_item(session, session_id, at_index=0, item=extra)
        assert await session_logs.insert_plan_item(session, session_id, at_index=1, item=extra)
        assert not await session_logs.insert_plan_item(session, session_id, at_index=1, item=extra)  # doubled
    async with db.session() as session:
        log = await session_logs.get_session_log(session, session_id)
        assert log is not None and log.plan == [PLAN[0], extra, PLAN[1]]


async def test_outcome_is_set_once_and_pending_sessions_are_found(db: Database, user_id: int, now: datetime) -> None:
    session_id = await _started(db, user_id, now)
    async with db.session() as session:
        assert await session_logs.latest_finished_session(session, user_id) is None
        await session_logs.finish_session(session, session_id, status="completed", now=now + timedelta(minutes=20))
    async with db.session() as session:
        latest = await session_logs.latest_finished_session(session, user_id)
        assert latest is not None and latest.id == session_id
        assert [s.id for s in await session_logs.sessions_awaiting_outcome(session, user_id)] == [session_id]
        assert await session_logs.set_outcome_if_pending(session, session_id, "green")
        assert not await session_logs.set_outcome_if_pending(session, session_id, "red")
    async with db.session() as session:
        assert await session_logs.sessions_awaiting_outcome(session, user_id) == []
        log = await session_logs.get_session_log(session, session_id)
        assert log is not None and log.outcome == "green"


async def test_checkins_of_one_session(db: Database, user_id: int, now: datetime) -> None:
    session_id = await _started(db, user_id, now)
    async with db.session() as session:
        later = now + timedelta(minutes=2)
        await pain.record_pain(session, user_id=user_id, context="after", score=2, now=later, session_id=session_id)
        sooner = now + timedelta(minutes=1)
        await pain.record_pain(
            session, user_id=user_id, context="worst_during", score=3, now=sooner, session_id=session_id
        )
        await pain.record_pain(session, user_id=user_id, context="ad_hoc", score=5, now=now)
    async with db.session() as session:
        found = await pain.for_session(session, session_id)
    assert [(c.context, c.score) for c in found] == [("worst_during", 3), ("after", 2)]
