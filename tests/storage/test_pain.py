"""Pain check-ins: recorded, listed in a window, latest by context; 0-10 enforced by the database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from storage.database import Database
from storage.models import PainCheckin
from storage.repositories import pain, session_logs


async def test_record_list_and_latest(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        log = await session_logs.start_session(
            session, user_id=user_id, local_date=date(2026, 3, 2), kind="full", plan=[], now=now
        )
        assert log.id is not None
        session_id = log.id
        await pain.record_pain(session, user_id=user_id, context="before", score=3, session_id=session_id, now=now)
        for minutes, score in ((5, 4), (10, 6)):
            await pain.record_pain(
                session,
                user_id=user_id,
                context="worst_during",
                score=score,
                session_id=session_id,
                now=now + timedelta(minutes=minutes),
            )
        await pain.record_pain(
            session,
            user_id=user_id,
            context="next_morning",
            score=2,
            back_to_baseline=True,
            leg_symptoms=False,
            now=now + timedelta(days=1),
        )
    async with db.session() as session:
        worst = await pain.latest_for_session(session, session_id, "worst_during")
        assert worst is not None and worst.score == 6
        assert await pain.latest_for_session(session, session_id, "after") is None
        morning = await pain.latest_for_user(session, user_id, "next_morning")
        assert morning is not None and (morning.back_to_baseline, morning.leg_symptoms) == (True, False)
        same_day = await pain.pain_in_window(session, user_id, since=now, until=now + timedelta(hours=1))
        assert [c.score for c in same_day] == [3, 4, 6]
        only_worst = await pain.pain_in_window(
            session, user_id, since=now, until=now + timedelta(days=2), contexts=["worst_during"]
        )
        assert [c.score for c in only_worst] == [4, 6]


async def test_record_pain_refuses_scores_outside_the_scale(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        with pytest.raises(ValueError, match="0-10"):
            await pain.record_pain(session, user_id=user_id, context="adhoc", score=11, now=now)


@pytest.mark.parametrize("score", [-1, 11, 100])
async def test_database_refuses_scores_outside_the_scale(db: Database, user_id: int, now: datetime, score: int) -> None:
    with pytest.raises(IntegrityError):
        async with db.session() as session:
            session.add(PainCheckin(user_id=user_id, context="adhoc", score=score, recorded_at=now))


@pytest.mark.parametrize("score", [0, 10])
async def test_database_accepts_the_ends_of_the_scale(db: Database, user_id: int, now: datetime, score: int) -> None:
    async with db.session() as session:
        session.add(PainCheckin(user_id=user_id, context="adhoc", score=score, recorded_at=now))
