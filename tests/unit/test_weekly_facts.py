"""The weekly summary's facts: after three weeks of regular training without a meaningful improvement, the
summary suggests a clinician (NHS inform; ``coach.progression.suggest_clinician_no_improvement``, issue 13)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from conversations.reminders import weekly_summary
from conversations.texts import reminders as texts
from storage.database import Database
from storage.repositories import pain, profiles, session_logs, users
from storage.values import SessionStatus
from usecases.reminders import weekly_facts

NOW = datetime(2026, 3, 22, 19, 0, tzinfo=UTC)  # a Sunday evening in London
LONDON = ZoneInfo("Europe/London")
USER = 7_000_000_002


@pytest.fixture
def db(migrated_db: Database) -> Database:
    return migrated_db


async def three_regular_weeks(db: Database, morning_pain: int) -> None:
    """Onboarded 22 days ago with usual pain 4, four sessions a week, this week's mornings at ``morning_pain``."""
    started = NOW - timedelta(days=22)
    async with db.session() as session:
        await users.record_seen(session, user_id=USER, chat_id=USER, first_name="A", language_code="en", now=started)
        await profiles.update_profile(
            session, USER, now=started, timezone="Europe/London", training_days=[0, 1, 3, 5], weekly_goal=4,
            baseline_pain=4, onboarded_at=started, doctor_check="yes", screening_outcome="clear", level=1,
        )
        for offset in range(1, 23):
            day = (started + timedelta(days=offset)).date()
            if day.weekday() in (0, 1, 3, 5):
                await _done_session(session, day, morning_pain if NOW.date() - day < timedelta(days=7) else None)


async def _done_session(session: AsyncSession, day: date, morning: int | None) -> None:
    at = datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC)
    log = await session_logs.start_session(session, user_id=USER, local_date=day, kind="full", plan=[], now=at)
    assert log.id is not None
    await session_logs.finish_session(session, log.id, status="completed", now=at)
    if morning is not None:
        next_morning = at + timedelta(hours=15)
        await pain.record_pain(
            session, user_id=USER, context="next_morning", score=morning, session_id=log.id, now=next_morning
        )


async def facts_text(db: Database) -> str:
    async with db.session() as session:
        profile = await profiles.get_profile(session, USER)
        assert profile is not None
        return weekly_summary(await weekly_facts(session, profile, LONDON, NOW))[0]


async def test_three_regular_weeks_without_improvement_suggest_a_clinician(db: Database) -> None:
    await three_regular_weeks(db, morning_pain=4)
    assert texts.SEE_CLINICIAN.strip() in await facts_text(db)


async def test_a_meaningful_improvement_does_not(db: Database) -> None:
    await three_regular_weeks(db, morning_pain=1)
    assert texts.SEE_CLINICIAN.strip() not in await facts_text(db)


async def test_the_weekly_summary_says_how_each_session_went(db: Database) -> None:
    """Issue 13 item 4: the week's sessions by what happened; nothing done is not counted as a session."""
    await three_regular_weeks(db, morning_pain=3)
    async with db.session() as session:
        for status in (SessionStatus.STOPPED_PAIN, SessionStatus.NOTHING_DONE, SessionStatus.ABANDONED):
            log = await session_logs.start_session(
                session, user_id=USER, local_date=NOW.date(), kind="full", plan=[], now=NOW - timedelta(hours=2)
            )
            assert log.id is not None
            await session_logs.finish_session(session, log.id, status=status, now=NOW - timedelta(hours=1))
    text = await facts_text(db)
    assert "Sessions: 5 of your goal of 4" in text  # 4 completed and the one stopped for pain; not the skipped one
    # the abandoned one was replaced before its first exercise ("Start again"): not a session of the week
    how = "How they went: 4 done in full, 1 stopped because it hurt, 1 with every exercise skipped (not counted)."
    assert how in text
