"""Session logs and exercise results."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from storage.database import Database
from storage.repositories import exercise_results, session_logs
from storage.values import SessionStatus

PLAN = [{"exercise_id": "cat_camel", "reps": 8}, {"exercise_id": "bird_dog", "reps": 5, "sets": 2}]
TODAY = date(2026, 3, 2)


async def test_session_lifecycle(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        log = await session_logs.start_session(
            session, user_id=user_id, local_date=TODAY, kind="full", plan=PLAN, now=now
        )
        assert log.id is not None
        session_id = log.id
    async with db.session() as session:
        current = await session_logs.get_current_session(session, user_id, TODAY)
        assert current is not None and current.id == session_id
        assert (current.plan, current.current_index, current.status) == (PLAN, 0, "in_progress")
        assert await session_logs.get_current_session(session, user_id, TODAY + timedelta(days=1)) is None
        assert await session_logs.advance_session(session, session_id, from_index=0)
        assert not await session_logs.advance_session(session, session_id, from_index=0)  # doubled press
    async with db.session() as session:
        finished = await session_logs.finish_session(
            session, session_id, status=SessionStatus.COMPLETED, now=now + timedelta(minutes=25)
        )
        assert finished.current_index == 1 and finished.outcome is None
        assert await session_logs.set_outcome_if_pending(session, session_id, "green")
        assert not await session_logs.set_outcome_if_pending(session, session_id, "red")  # decided once
    async with db.session() as session:
        log = await session_logs.get_session_log(session, session_id)
        assert log is not None
        assert (log.status, log.outcome, log.finished_at) == ("completed", "green", now + timedelta(minutes=25))
        assert await session_logs.get_current_session(session, user_id, TODAY) is None
        assert not await session_logs.advance_session(session, session_id, from_index=1)  # finished


async def test_starting_again_abandons_the_open_session(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        first = await session_logs.start_session(
            session, user_id=user_id, local_date=TODAY, kind="full", plan=PLAN, now=now
        )
        second = await session_logs.start_session(
            session, user_id=user_id, local_date=TODAY, kind="minimum", plan=PLAN[:1], now=now
        )
    async with db.session() as session:
        current = await session_logs.get_current_session(session, user_id, TODAY)
        assert current is not None and current.id == second.id
        assert first.id is not None
        old = await session_logs.get_session_log(session, first.id)
        assert old is not None and (old.status, old.finished_at) == ("abandoned", now)


async def test_recent_sessions_in_a_date_window(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        for offset in (0, 3, 6, 9):
            log = await session_logs.start_session(
                session, user_id=user_id, local_date=TODAY + timedelta(days=offset), kind="full", plan=[], now=now
            )
            assert log.id is not None
            await session_logs.finish_session(session, log.id, status="completed", now=now)
        window = await session_logs.recent_sessions(
            session, user_id, since=TODAY + timedelta(days=3), until=TODAY + timedelta(days=6)
        )
    assert [log.local_date for log in window] == [TODAY + timedelta(days=3), TODAY + timedelta(days=6)]


async def test_exercise_results_first_answer_wins(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        log = await session_logs.start_session(
            session, user_id=user_id, local_date=TODAY, kind="full", plan=PLAN, now=now
        )
        assert log.id is not None
        assert await exercise_results.record_result(
            session, session_id=log.id, exercise_id="cat_camel", position=0, result="done", reps=8, now=now
        )
        assert not await exercise_results.record_result(
            session, session_id=log.id, exercise_id="cat_camel", position=0, result="hurt", now=now
        )
        assert await exercise_results.record_result(
            session,
            session_id=log.id,
            exercise_id="bird_dog",
            position=1,
            result="hurt",
            pain_kind="sharp",
            now=now,
        )
        results = await exercise_results.results_for_session(session, log.id)
    assert [(r.position, r.result, r.reps, r.pain_kind) for r in results] == [
        (0, "done", 8, None),
        (1, "hurt", None, "sharp"),
    ]
