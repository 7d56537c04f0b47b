"""/status and /progress with the real bot process: kind answers without data, the right figures and a chart.

Users and their history are written straight into the bot's SQLite file through the storage repositories
(the bot reads the same file), so these tests depend on no other flow, onboarding included.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from botapi_emulator import ChatUser, EmulatorClient
from coach.schedule import local_instant, week_start
from conversations.texts import measures as measures_texts
from conversations.texts import progress as texts
from storage.database import Database
from storage.repositories import pain, profiles, session_logs, users
from storage.values import SessionStatus
from tests.support.process import BotProcess

ZONE = ZoneInfo("Europe/London")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'backcoach.db'}"


def run(url: str, work: Callable[[AsyncSession], Awaitable[None]]) -> None:
    """Run ``work(session)`` in one transaction on the bot's database."""

    async def main() -> None:
        db = Database(url)
        try:
            async with db.session() as session:
                await work(session)
        finally:
            await db.dispose()

    asyncio.run(main())


def add_user(url: str, user_id: int, *, onboarded: bool, **profile: Any) -> None:
    now = datetime.now(UTC)

    async def work(session: AsyncSession) -> None:
        await users.record_seen(
            session, user_id=user_id, chat_id=user_id, first_name="Alice", language_code="en", now=now
        )
        finished = {"onboarded_at": now, "screening_outcome": "clear", "doctor_check": "yes"} if onboarded else {}
        await profiles.update_profile(session, user_id, now=now, timezone="Europe/London", **{**finished, **profile})

    run(url, work)


def add_sessions(url: str, user_id: int, days: list[date], status: str = SessionStatus.COMPLETED) -> None:
    now = datetime.now(UTC)

    async def work(session: AsyncSession) -> None:
        for day in days:
            log = await session_logs.start_session(
                session, user_id=user_id, local_date=day, kind="full", plan=[], now=now
            )
            assert log.id is not None
            await session_logs.finish_session(session, log.id, status=status, now=now)

    run(url, work)


def add_pain(url: str, user_id: int, scores: list[tuple[datetime, int]], context: str = "after") -> None:
    async def work(session: AsyncSession) -> None:
        for recorded_at, score in scores:
            await pain.record_pain(session, user_id=user_id, context=context, score=score, now=recorded_at)

    run(url, work)


def local_noon(day: date) -> datetime:
    return local_instant(day, time(12), ZONE)


def reply_with(text: str) -> Callable[[dict[str, Any]], bool]:
    return lambda event: event["kind"] == "message" and text in (event.get("text") or "")


def test_status_and_progress_before_set_up_point_to_start(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    alice.say("/status")
    assert alice.wait_reply()["text"] == texts.SET_UP_FIRST
    add_user(database_url(tmp_path), alice.id, onboarded=False)  # started, not finished onboarding
    alice.say("/progress")
    assert alice.wait_reply()["text"] == texts.SET_UP_FIRST
    alice.say("/status")
    assert alice.wait_reply()["text"] == texts.SET_UP_FIRST


def test_progress_without_data_is_kind_and_sends_no_chart(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    add_user(database_url(tmp_path), alice.id, onboarded=True)
    alice.say("/progress")
    assert alice.wait_reply()["text"] == texts.NO_DATA
    alice.say("/status")
    status = alice.wait_reply()["text"]
    assert "Level 1: foundation" in status
    assert "This week: 0 of 4 sessions done, 4 to go." in status
    assert "Progression: on" in status
    assert texts.STREAK_NONE in status
    assert all(message["kind"] != "photo" for message in alice.client.messages(alice.id))


def test_progress_shows_weekly_figures_and_a_chart(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    url = database_url(tmp_path)
    today = datetime.now(ZONE).date()
    monday = week_start(today)
    add_user(url, alice.id, onboarded=True, weekly_goal=4, level=2, onboarded_at=datetime.now(UTC) - timedelta(days=60))
    add_sessions(url, alice.id, [today])
    add_sessions(url, alice.id, [monday - timedelta(days=d) for d in (7, 6)])  # last week: 3 ...
    add_sessions(url, alice.id, [monday - timedelta(days=4)], status=SessionStatus.STOPPED_PAIN)  # ... with this
    add_sessions(url, alice.id, [monday - timedelta(days=5)], status=SessionStatus.ABANDONED)  # not counted
    add_sessions(url, alice.id, [monday - timedelta(days=d) for d in (14, 13, 12, 11)])  # 2 weeks ago: 4
    add_pain(url, alice.id, [(local_noon(monday - timedelta(days=6)), 6), (local_noon(monday - timedelta(days=3)), 3)])
    add_pain(url, alice.id, [(datetime.now(UTC), 2)])
    add_pain(url, alice.id, [(local_noon(monday - timedelta(days=40)), 9)])  # before the 5 weeks: left out
    # each context is its own measure, never averaged with another (clinical.md section 4); /pain's are a flare's
    add_pain(url, alice.id, [(local_noon(monday - timedelta(days=6)), 9)], context="worst_during")
    add_pain(url, alice.id, [(local_noon(monday - timedelta(days=13)), 8)], context="ad_hoc")

    alice.say("/progress")
    lines = alice.wait_reply(reply_with("Your last 5 weeks"))["text"].splitlines()
    assert lines == [
        "Your last 5 weeks",
        "This week so far: 1 of 4 sessions (25%)",
        "   pain: right after a session 2.0",
        f"Week of {texts.day_label(monday - timedelta(days=7))}: 3 of 4 sessions (75%)",
        "   pain: worst during a session 9.0 · right after a session 4.5",
        f"Week of {texts.day_label(monday - timedelta(days=14))}: 4 of 4 sessions (100%)",
        "   no pain scores",
        f"Week of {texts.day_label(monday - timedelta(days=21))}: 0 of 4 sessions (0%)",
        "   no pain scores",
        f"Week of {texts.day_label(monday - timedelta(days=28))}: 0 of 4 sessions (0%)",
        "   no pain scores",
        texts.PAIN_FOOTER,
        "",
        measures_texts.NO_MEASURES,
    ]
    photo = alice.wait_reply(lambda event: event["kind"] == "photo")
    assert photo["caption"] == texts.CHART_CAPTION
    image = client.file_bytes(photo["file_id"])
    assert image.startswith(PNG_SIGNATURE) and len(image) > 10_000

    alice.say("/status")
    status = alice.wait_reply(reply_with("Where you are"))["text"]
    assert "Level 2: building strength" in status
    assert "This week: 1 of 4 sessions done, 3 to go." in status
    assert "Weekly streak: 2 weeks in a row" in status  # last week 3 (within one of 4) and the week before


def test_a_newcomers_progress_shows_only_the_weeks_since_they_started(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    url = database_url(tmp_path)
    today = datetime.now(ZONE).date()
    last_monday = week_start(today) - timedelta(days=7)
    add_user(url, alice.id, onboarded=True, weekly_goal=4, onboarded_at=local_noon(last_monday))
    add_sessions(url, alice.id, [today])
    alice.say("/progress")
    lines = alice.wait_reply(reply_with("Your weeks so far"))["text"].splitlines()
    assert lines[:3] == [
        "Your weeks so far",
        "This week so far: 1 of 4 sessions (25%)",
        f"Week of {texts.day_label(last_monday)}: 0 of 4 sessions (0%)",
    ]
    assert not any("Week of" in line for line in lines[3:])  # nothing from before she started
    alice.wait_reply(lambda event: event["kind"] == "photo")


def test_status_says_since_when_progression_is_paused(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    paused_at = datetime.now(UTC) - timedelta(days=2)
    add_user(database_url(tmp_path), alice.id, onboarded=True, weekly_goal=5, paused=True, paused_at=paused_at)
    alice.say("/status")
    status = alice.wait_reply()["text"]
    assert f"paused since {texts.day_label(paused_at.astimezone(ZONE).date())}" in status
    assert "/resume" in status
    assert "This week: 0 of 5 sessions done, 5 to go." in status


def test_status_says_when_the_safety_screen_holds_the_programme(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    url = database_url(tmp_path)
    add_user(url, alice.id, onboarded=True, screening_outcome="doctor_before_starting")
    alice.say("/status")  # a flag that needs a doctor before starting: /status works and says why it waits
    status = alice.wait_reply()["text"]
    assert texts.LOCKED in status
    assert "Progression: on" not in status
    add_user(url, alice.id, onboarded=True, screening_outcome="doctor_today")
    alice.say("/status")  # an urgent flag is a lock: what was reported, the advice, the clearance question
    locked = alice.wait_reply()["text"]
    assert "Please contact a doctor today" in locked, locked
    assert "examined you since" in locked and "Progression" not in locked
