"""The reminder ticker on real SQLite and PostgreSQL databases, with an injected clock and a fake bot.

No test sleeps: the clock is a value the test moves, and each ``tick()`` is awaited to its end. The fake bot
records what a user would receive and refuses (403) the chats of users who blocked it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, insert
from sqlmodel import SQLModel
from telegram.error import Forbidden

import storage.models  # noqa: F401  (registers the tables)
from bot.scheduler import Ticker, TickReport
from coach.lessons import LESSONS
from coach.schedule import next_occurrence
from conversations import lock
from conversations.texts import checkin as checkin_texts
from conversations.texts import lessons as lesson_texts
from conversations.texts import reminders as reminder_texts
from storage.database import Database
from storage.migrate import upgrade_to_head
from storage.models import Profile, Reminder, User
from storage.repositories import lessons, pain, profiles, reminders, session_logs, users
from storage.values import DeliveryStatus, ReminderKind, SessionStatus
from tests.support.postgres import fresh_pg_database, in_thread, pg_admin_url_or_skip
from usecases.lock import clear_flags, load_lock, raise_flag
from usecases.reminder_rows import schedule_followup, write_doctor_reminder, write_session_reminder

LONDON = "Europe/London"
NEW_YORK = "America/New_York"
MONDAY_0700Z = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
ALICE = 9_000_000_001  # above 2**32: Telegram ids are BIGINT


# ------------------------------------------------------------------------------------------ fixtures ---


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with fresh_pg_database(pg_admin_url_or_skip()) as url:
        in_thread(upgrade_to_head, url)
        yield url


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('ticker') / 'backcoach.db'}"
    in_thread(upgrade_to_head, url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue("pg_url" if request.param == "postgresql" else "sqlite_url"))


@pytest.fixture
async def db(url: str) -> AsyncIterator[Database]:
    database = Database(url)
    async with database.session() as session:
        for table in reversed(SQLModel.metadata.sorted_tables):
            await session.exec(delete(table))  # type: ignore[call-overload]
    yield database
    await database.dispose()


@dataclass
class Clock:
    """The injected clock: tests move it, nothing sleeps."""

    now: datetime = MONDAY_0700Z

    def __call__(self) -> datetime:
        return self.now

    def at(self, instant: datetime) -> Clock:
        self.now = instant
        return self


@dataclass
class Sent:
    chat_id: int
    text: str
    buttons: list[str]


@dataclass
class FakeBot:
    """What users receive; chats in ``blocked`` answer 403 like Telegram."""

    sent: list[Sent] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)

    async def send_message(self, chat_id: int, text: str, reply_markup: Any = None, **_: Any) -> object:
        await asyncio.sleep(0)
        if chat_id in self.blocked:
            raise Forbidden("Forbidden: bot was blocked by the user")
        labels = [b.text for row in reply_markup.inline_keyboard for b in row] if reply_markup else []
        self.sent.append(Sent(chat_id, text, labels))
        return object()

    def to(self, chat_id: int) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]

    def reminders_to(self, chat_id: int) -> list[Sent]:
        """Only the session reminders (the ones with Start now), not nudges or summaries."""
        return [s for s in self.to(chat_id) if "Start now" in s.buttons]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bot() -> FakeBot:
    return FakeBot()


def ticker_for(db: Database, bot: FakeBot, clock: Clock, grace_minutes: int = 120) -> Ticker:
    return Ticker(db, bot, clock=clock, grace=timedelta(minutes=grace_minutes))  # type: ignore[arg-type]


@pytest.fixture
def ticker(db: Database, bot: FakeBot, clock: Clock) -> Ticker:
    return ticker_for(db, bot, clock)


async def add_user(
    db: Database, user_id: int, *, zone: str = LONDON, at: str = "08:00", days: tuple[int, ...] = tuple(range(7)),
    now: datetime = MONDAY_0700Z,
) -> None:
    """An onboarded, cleared user whose session reminder row is written the way onboarding writes it."""
    async with db.session() as session:
        await users.record_seen(session, user_id=user_id, chat_id=user_id, first_name="U", language_code="en", now=now)
        profile = await profiles.update_profile(
            session, user_id, now=now, consent_at=now, timezone=zone, training_days=days, reminder_time=at,
            doctor_check="yes", screening_outcome="clear", screened_at=now, baseline_pain=2, onboarded_at=now,
        )
        await write_session_reminder(session, profile, now=now)


async def reminder(db: Database, user_id: int, kind: str = ReminderKind.SESSION) -> Reminder:
    async with db.session() as session:
        row = await reminders.get_reminder(session, user_id, kind)
    assert row is not None
    return row


def utc(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# ------------------------------------------------------------------------------------------ due tick ---


async def test_reminder_is_sent_once_at_its_due_tick_with_three_buttons(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)  # 08:00 London = 08:00 UTC on 2 March (GMT)
    clock.at(utc(2026, 3, 2, 7, 59, 58))
    assert (await ticker.tick()).sent == 0
    clock.at(utc(2026, 3, 2, 8, 0))
    assert (await ticker.tick()).sent == 1
    clock.at(utc(2026, 3, 2, 8, 0) + timedelta(seconds=5))
    assert (await ticker.tick()).sent == 0
    [message] = bot.to(ALICE)
    assert message.buttons == ["Start now", "Snooze 1 hour", "Skip today"]
    assert "session" in message.text
    assert (await reminder(db, ALICE)).next_fire_at == utc(2026, 3, 3, 8, 0)


async def test_one_hour_downtime_is_caught_up_once(db: Database, ticker: Ticker, bot: FakeBot, clock: Clock) -> None:
    await add_user(db, ALICE)
    clock.at(utc(2026, 3, 2, 9, 0))  # the bot was down from 07:55 to 09:00
    await ticker.tick()
    await ticker.tick()
    assert len(bot.to(ALICE)) == 1
    assert (await reminder(db, ALICE)).next_fire_at == utc(2026, 3, 3, 8, 0)


async def test_five_hour_downtime_skips_the_stale_reminder_instead_of_piling_up(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)
    clock.at(utc(2026, 3, 2, 13, 0))
    report = await ticker.tick()
    assert (report.sent, report.skipped) == (0, 1)
    assert bot.sent == []
    async with db.session() as session:
        assert await reminders.delivery_status(session, user_id=ALICE, kind="session", local_date=date(2026, 3, 2))
    assert (await reminder(db, ALICE)).next_fire_at == utc(2026, 3, 3, 8, 0)
    clock.at(utc(2026, 3, 3, 8, 0))
    await ticker.tick()
    assert len(bot.to(ALICE)) == 1  # tomorrow's comes as usual


async def test_a_restarted_process_does_not_send_again(
    db: Database, url: str, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)
    clock.at(utc(2026, 3, 2, 8, 0))
    await ticker.tick()
    restarted_db = Database(url)  # a new process: its own engine, no memory of the first
    try:
        # /settings rewrites the row for the same time today, so the row is due again: the key still holds
        async with restarted_db.session() as session:
            await reminders.upsert_reminder(
                session, user_id=ALICE, kind="session", next_fire_at=utc(2026, 3, 2, 8, 0), now=clock.now
            )
        await ticker_for(restarted_db, bot, clock).tick()
    finally:
        await restarted_db.dispose()
    assert len(bot.to(ALICE)) == 1


# -------------------------------------------------------------------------------------------- blocked ---


async def test_a_blocked_user_gets_nothing_further_and_no_error_escapes(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)
    await add_user(db, ALICE + 1)
    bot.blocked.add(ALICE)
    clock.at(utc(2026, 3, 2, 8, 0))
    report = await ticker.tick()
    assert (report.sent, report.blocked) == (1, 1)
    async with db.session() as session:
        user = await users.get_user(session, ALICE)
        assert user is not None and not user.is_active
    assert not (await reminder(db, ALICE)).enabled
    clock.at(utc(2026, 3, 3, 8, 0))
    await ticker.tick()
    assert len(bot.reminders_to(ALICE + 1)) == 2
    assert bot.reminders_to(ALICE) == []
    bot.blocked.clear()  # unblocking (my_chat_member) starts the reminders again
    async with db.session() as session:
        await users.mark_unblocked(session, ALICE, clock.now)
    clock.at(utc(2026, 3, 4, 8, 0))
    await ticker.tick()
    assert len(bot.reminders_to(ALICE)) == 1


# ---------------------------------------------------------------------------------- two processes ---


async def test_two_tickers_with_separate_engines_send_each_reminder_once(
    db: Database, url: str, bot: FakeBot, clock: Clock
) -> None:
    user_ids = list(range(1, 301))
    async with db.session() as session:
        rows = [{"id": i, "chat_id": i, "created_at": clock.now, "last_seen_at": clock.now, "is_active": True}
                for i in user_ids]
        await session.exec(insert(User), params=rows)  # type: ignore[call-overload]
        profile_rows = [_profile_row(i, clock.now) for i in user_ids]
        await session.exec(insert(Profile), params=profile_rows)  # type: ignore[call-overload]
        due = utc(2026, 3, 2, 8, 0)
        reminder_rows = [
            {"user_id": i, "kind": "session", "next_fire_at": due, "enabled": True, "updated_at": clock.now}
            for i in user_ids
        ]
        await session.exec(insert(Reminder), params=reminder_rows)  # type: ignore[call-overload]
    clock.at(utc(2026, 3, 2, 8, 0, 1))
    first, second = Database(url), Database(url)
    try:
        tickers = [Ticker(d, bot, clock=clock, batch_size=25) for d in (first, second)]  # type: ignore[arg-type]
        reports: list[TickReport] = list(await asyncio.gather(*(t.tick() for t in tickers)))
        await asyncio.gather(*(t.tick() for t in tickers))
    finally:
        await first.dispose()
        await second.dispose()
    chats = [s.chat_id for s in bot.sent]
    assert sorted(chats) == user_ids
    assert sum(r.sent for r in reports) == 300


def _profile_row(user_id: int, now: datetime) -> dict[str, Any]:
    return {
        "user_id": user_id, "timezone": LONDON, "training_days": "0,1,2,3,4,5,6", "reminder_time": "08:00",
        "reminders_enabled": True, "level": 1, "weekly_goal": 4, "excluded_exercises": "", "level4_unlocked": False,
        "paused": False, "updated_at": now,
    }


# --------------------------------------------------------------------------------- time zones, DST ---


async def test_a_traveller_who_changes_timezone_gets_the_reminder_at_local_time_once_a_day(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE, at="08:00")
    clock.at(utc(2026, 3, 2, 8, 0))  # 08:00 in London
    await ticker.tick()
    clock.at(utc(2026, 3, 2, 12, 0))  # flies to New York (07:00 there) and says so in /settings
    async with db.session() as session:
        profile = await profiles.update_profile(session, ALICE, now=clock.now, timezone=NEW_YORK)
        await write_session_reminder(session, profile, now=clock.now)
    assert (await reminder(db, ALICE)).next_fire_at == utc(2026, 3, 2, 13, 0)  # 08:00 New York (EST)
    clock.at(utc(2026, 3, 2, 13, 0))
    await ticker.tick()  # Monday again in New York: already reminded on this local date
    assert len(bot.reminders_to(ALICE)) == 1
    clock.at(utc(2026, 3, 3, 8, 0))  # 03:00 in New York: nothing
    await ticker.tick()
    clock.at(utc(2026, 3, 3, 13, 0))  # 08:00 in New York
    await ticker.tick()
    assert len(bot.reminders_to(ALICE)) == 2
    assert (await reminder(db, ALICE)).next_fire_at == utc(2026, 3, 4, 13, 0)


async def test_0230_on_the_dst_start_day_fires_once_when_the_clocks_jump(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    start = utc(2026, 3, 7, 12, 0)  # Saturday; New York springs forward at 02:00 on Sunday 8 March
    await add_user(db, ALICE, zone=NEW_YORK, at="02:30", now=start)
    jump = utc(2026, 3, 8, 7, 0)  # 03:00 EDT, the first instant after the missing 02:30
    assert (await reminder(db, ALICE)).next_fire_at == jump
    for instant in (jump - timedelta(seconds=5), jump, jump + timedelta(minutes=30), jump + timedelta(hours=1)):
        clock.at(instant)
        await ticker.tick()
    assert len(bot.to(ALICE)) == 1
    assert (await reminder(db, ALICE)).next_fire_at == utc(2026, 3, 9, 6, 30)  # 02:30 EDT on Monday


async def test_0130_on_the_dst_end_day_fires_once_though_it_happens_twice(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    start = utc(2026, 10, 31, 12, 0)  # New York falls back at 02:00 EDT on Sunday 1 November
    await add_user(db, ALICE, zone=NEW_YORK, at="01:30", now=start)
    first, second = utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 30)  # 01:30 EDT, then 01:30 EST
    assert (await reminder(db, ALICE)).next_fire_at == first
    for instant in (first, second, second + timedelta(minutes=1)):
        clock.at(instant)
        await ticker.tick()
    assert len(bot.to(ALICE)) == 1
    assert (await reminder(db, ALICE)).next_fire_at == utc(2026, 11, 2, 6, 30)


# ------------------------------------------------------------------------------------ settings, /stop ---


async def test_a_new_time_from_settings_counts_at_the_next_tick_and_stop_stops_everything(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE, at="08:00")
    clock.at(utc(2026, 3, 2, 7, 30))
    async with db.session() as session:
        profile = await profiles.update_profile(session, ALICE, now=clock.now, reminder_time="07:45")
        await write_session_reminder(session, profile, now=clock.now)
    clock.at(utc(2026, 3, 2, 7, 45))
    await ticker.tick()
    assert len(bot.to(ALICE)) == 1
    async with db.session() as session:  # /stop
        await profiles.update_profile(session, ALICE, now=clock.now, reminders_enabled=False)
        await reminders.set_user_reminders_enabled(session, ALICE, False, now=clock.now)
    for day in (3, 4):
        clock.at(utc(2026, 3, day, 10, 0))
        await ticker.tick()
    assert len(bot.to(ALICE)) == 1  # neither the nudge nor the next days' reminders


async def test_while_pain_pauses_progression_the_reminder_offers_a_gentle_session(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)
    async with db.session() as session:
        await profiles.update_profile(session, ALICE, now=clock.now, paused=True, paused_at=clock.now)
    clock.at(utc(2026, 3, 2, 8, 0))
    await ticker.tick()
    [message] = bot.to(ALICE)
    assert "gentle" in message.text and message.buttons[0] == "Start now"


# ------------------------------------------------------------------------------------------ the nudge ---


async def test_one_nudge_three_hours_later_only_if_no_session_was_logged(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)
    await add_user(db, ALICE + 1)
    clock.at(utc(2026, 3, 2, 8, 0))
    await ticker.tick()
    async with db.session() as session:  # Bob trains at 09:00
        log = await session_logs.start_session(
            session, user_id=ALICE + 1, local_date=date(2026, 3, 2), kind="full", plan=[], now=clock.now
        )
        assert log.id is not None
        await session_logs.finish_session(session, log.id, status=SessionStatus.COMPLETED, now=clock.now)
    for instant in (utc(2026, 3, 2, 10, 59), utc(2026, 3, 2, 11, 0), utc(2026, 3, 2, 14, 0), utc(2026, 3, 2, 23, 0)):
        clock.at(instant)
        await ticker.tick()
    assert [s.text for s in bot.to(ALICE)][1].startswith("A gentle nudge")
    assert len(bot.to(ALICE)) == 2
    assert len(bot.to(ALICE + 1)) == 1


async def test_skip_today_means_no_nudge_and_no_snoozed_reminder(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)
    clock.at(utc(2026, 3, 2, 8, 0))
    await ticker.tick()
    row = await reminder(db, ALICE)
    assert row.id is not None
    async with db.session() as session:  # Snooze 1 hour, then Skip today
        await reminders.snooze_reminder(session, row.id, utc(2026, 3, 2, 9, 0), now=clock.now)
        await reminders.record_skip(session, user_id=ALICE, local_date=date(2026, 3, 2), now=clock.now)
    for hour in (9, 11, 12):
        clock.at(utc(2026, 3, 2, hour, 0))
        await ticker.tick()
    assert len(bot.to(ALICE)) == 1
    assert (await reminder(db, ALICE)).next_fire_at == utc(2026, 3, 3, 8, 0)


async def test_a_snoozed_reminder_comes_back_an_hour_later_once(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)
    clock.at(utc(2026, 3, 2, 8, 0))
    await ticker.tick()
    row = await reminder(db, ALICE)
    assert row.id is not None
    async with db.session() as session:
        await reminders.snooze_reminder(session, row.id, utc(2026, 3, 2, 9, 0), now=clock.now)
    for minute in (59, 60, 61):
        clock.at(utc(2026, 3, 2, 8, 0) + timedelta(minutes=minute))
        await ticker.tick()
    assert [s.buttons for s in bot.to(ALICE)] == [["Start now", "Snooze 1 hour", "Skip today"]] * 2
    assert (await reminder(db, ALICE)).next_fire_at == utc(2026, 3, 3, 8, 0)


# ------------------------------------------------------------------------------- follow-up, weekly ---


async def test_the_morning_after_a_session_the_follow_up_question_comes(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)
    clock.at(utc(2026, 3, 2, 18, 0))
    async with db.session() as session:
        log = await session_logs.start_session(
            session, user_id=ALICE, local_date=date(2026, 3, 2), kind="full", plan=[], now=clock.now
        )
        assert log.id is not None
        await session_logs.finish_session(session, log.id, status=SessionStatus.COMPLETED, now=clock.now)
        row = await schedule_followup(session, ALICE, log.id, clock.now, ZoneInfo(LONDON))
    assert row.next_fire_at == utc(2026, 3, 3, 9, 0)
    clock.at(utc(2026, 3, 3, 9, 0))
    await ticker.tick()
    await ticker.tick()
    followups = [s for s in bot.to(ALICE) if checkin_texts.FOLLOWUP_YES in s.buttons]
    assert [s.text for s in followups] == [checkin_texts.followup(date(2026, 3, 2), date(2026, 3, 3))]
    assert followups[0].buttons == [
        checkin_texts.FOLLOWUP_YES, checkin_texts.FOLLOWUP_NOT_QUITE, checkin_texts.FOLLOWUP_WORSE
    ]
    assert (await reminder(db, ALICE, ReminderKind.FOLLOWUP)).next_fire_at is None


async def test_a_weekly_summary_on_sunday_evening_local_time(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE, zone=NEW_YORK, at="08:00")
    clock.at(utc(2026, 3, 2, 13, 0))  # Monday 08:00 in New York: the first reminder creates the weekly row
    await ticker.tick()
    sunday_evening = next_occurrence(clock.now, NEW_YORK, {6}, time(19, 0))
    assert (await reminder(db, ALICE, ReminderKind.WEEKLY)).next_fire_at == sunday_evening == utc(2026, 3, 8, 23, 0)
    clock.at(sunday_evening)
    await ticker.tick()
    weekly = [s for s in bot.to(ALICE) if "Your week" in s.text]
    assert len(weekly) == 1 and "of your goal of 4" in weekly[0].text


async def test_the_weekly_summary_pain_trend_compares_one_context_never_a_mix(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)  # London
    async with db.session() as session:
        for day, context, score in ((3, "after", 3), (10, "after", 3), (10, "worst_during", 9), (9, "ad_hoc", 8)):
            at = datetime.combine(date(2026, 3, 1) + timedelta(days=day), time(12, 0), tzinfo=UTC)
            await pain.record_pain(session, user_id=ALICE, context=context, score=score, now=at)
        await reminders.upsert_reminder(
            session, user_id=ALICE, kind="weekly", next_fire_at=utc(2026, 3, 15, 19, 0), now=clock.now
        )
    clock.at(utc(2026, 3, 15, 19, 0))  # Sunday: the week of 9 March against the week of 2 March
    await ticker.tick()
    [summary] = [s for s in bot.to(ALICE) if "Your week" in s.text]
    assert reminder_texts.PAIN_SAME.format(now=3.0) in summary.text  # not 6.7 "up from 3.0"


async def test_late_delivery_keys_record_skips(db: Database, ticker: Ticker, clock: Clock) -> None:
    await add_user(db, ALICE)
    clock.at(utc(2026, 3, 2, 11, 0))  # three hours late: beyond the two-hour grace
    await ticker.tick()
    async with db.session() as session:
        assert not await reminders.try_record_delivery(
            session, user_id=ALICE, kind="session", local_date=date(2026, 3, 2), now=clock.now,
            status=DeliveryStatus.SENT,
        )


async def test_after_two_good_weeks_the_weekly_summary_offers_the_next_level(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)
    sunday = date(2026, 3, 8)
    async with db.session() as session:
        await profiles.update_profile(session, ALICE, now=clock.now, level=1, level_since=date(2026, 2, 1))
        for offset in range(0, 14, 2):  # 7 green sessions in 14 days: 87% of a 4-a-week goal
            day = sunday - timedelta(days=offset)
            at = datetime.combine(day, time(18, 0), tzinfo=UTC)
            log = await session_logs.start_session(session, user_id=ALICE, local_date=day, kind="full", plan=[], now=at)
            assert log.id is not None
            await session_logs.finish_session(session, log.id, status=SessionStatus.COMPLETED, now=at)
            await session_logs.set_outcome_if_pending(session, log.id, "green")
        await reminders.upsert_reminder(
            session, user_id=ALICE, kind="weekly", next_fire_at=utc(2026, 3, 8, 19, 0), now=clock.now
        )
    clock.at(utc(2026, 3, 8, 19, 0))
    await ticker.tick()
    [summary] = [s for s in bot.to(ALICE) if "Your week" in s.text]
    assert "level 2" in summary.text
    assert summary.buttons == ["Yes, let's go", "Not yet", "📋 3 quick questions"]  # and the PEG-3 check-up


# ------------------------------------------------------------------------------------ red-flag lock ---


async def test_an_open_red_flag_stops_every_kind_of_reminder_until_a_clinician_clears_it(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)  # 08:00 London, every day
    async with db.session() as session:
        for kind in (ReminderKind.NUDGE, ReminderKind.FOLLOWUP, ReminderKind.WEEKLY):
            await reminders.upsert_reminder(
                session, user_id=ALICE, kind=kind, next_fire_at=utc(2026, 3, 2, 8, 0), now=clock.now,
                payload={"session_id": 1} if kind is ReminderKind.FOLLOWUP else None,
            )
        await raise_flag(session, ALICE, ("ce_saddle",), source="test", now=clock.now)
    clock.at(utc(2026, 3, 2, 8, 0))
    await ticker.tick()
    clock.at(utc(2026, 3, 3, 8, 0))
    await ticker.tick()
    assert bot.to(ALICE) == []
    async with db.session() as session:
        held = await load_lock(session, ALICE, LONDON)
        assert held is not None and held.urgent
        await clear_flags(session, ALICE, lock.clearance_words(held), clock.now)
    clock.at(utc(2026, 3, 4, 8, 0))
    await ticker.tick()
    assert len(bot.reminders_to(ALICE)) == 1  # the next training day's reminder comes again


# --------------------------------------------------------------------------- /stop, the doctor reminder ---


async def doctor_not_yet(db: Database, user_id: int, now: datetime) -> None:
    """The doctor check answered "not yet" the way onboarding stores it (its reminder row follows)."""
    async with db.session() as session:
        profile = await profiles.update_profile(session, user_id, now=now, doctor_check="no", doctor_check_at=now)
        await write_doctor_reminder(session, profile, now=now)


async def test_after_stop_no_kind_of_reminder_is_pushed(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)
    await doctor_not_yet(db, ALICE, clock.now)
    async with db.session() as session:  # /stop
        profile = await profiles.update_profile(session, ALICE, now=clock.now, reminders_enabled=False)
        await reminders.set_user_reminders_enabled(session, ALICE, False, now=clock.now)
        await write_session_reminder(session, profile, now=clock.now)
        log = await session_logs.start_session(
            session, user_id=ALICE, local_date=date(2026, 3, 2), kind="full", plan=[], now=clock.now
        )
        assert log.id is not None
        await session_logs.finish_session(session, log.id, status=SessionStatus.COMPLETED, now=clock.now)
        await schedule_followup(session, ALICE, log.id, clock.now, ZoneInfo(LONDON))  # a session after /stop
        for kind in (ReminderKind.NUDGE, ReminderKind.WEEKLY):
            await reminders.upsert_reminder(session, user_id=ALICE, kind=kind, next_fire_at=clock.now, now=clock.now)
    for instant in (utc(2026, 3, 2, 8, 0), utc(2026, 3, 3, 9, 0), utc(2026, 3, 8, 19, 0), utc(2026, 3, 9, 7, 0)):
        clock.at(instant)
        await ticker.tick()
    assert bot.to(ALICE) == []


async def test_the_doctor_reminder_comes_once_a_week_after_not_yet(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE, days=())  # no session reminders: only the doctor reminder can come
    await doctor_not_yet(db, ALICE, clock.now)
    assert (await reminder(db, ALICE, ReminderKind.DOCTOR)).next_fire_at == clock.now + timedelta(days=7)
    clock.at(MONDAY_0700Z + timedelta(days=7) - timedelta(minutes=1))
    await ticker.tick()
    assert bot.to(ALICE) == []
    clock.at(MONDAY_0700Z + timedelta(days=7))
    await ticker.tick()
    [sent] = bot.to(ALICE)
    assert sent.text == reminder_texts.DOCTOR_REMINDER
    assert sent.buttons == [reminder_texts.DOCTOR_FINE, reminder_texts.DOCTOR_NOT_YET]
    row = await reminder(db, ALICE, ReminderKind.DOCTOR)
    assert row.next_fire_at is None and row.id is not None
    async with db.session() as session:  # made due again the same day (a glitch): the delivery key holds
        await reminders.set_next_fire_at(session, row.id, clock.now, now=clock.now)
    clock.at(MONDAY_0700Z + timedelta(days=7, hours=1))
    await ticker.tick()
    await ticker.tick()
    assert len(bot.to(ALICE)) == 1


async def test_no_doctor_reminder_after_a_yes_in_settings_or_with_reminders_off(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    bob, carol = ALICE + 1, ALICE + 2
    for user_id in (ALICE, bob, carol):
        await add_user(db, user_id, days=())
        await doctor_not_yet(db, user_id, clock.now)
    async with db.session() as session:
        profile = await profiles.update_profile(session, ALICE, now=clock.now, doctor_check="yes")  # /settings
        await write_doctor_reminder(session, profile, now=clock.now)
        await profiles.update_profile(session, bob, now=clock.now, doctor_check="yes")  # row left as it was
        await profiles.update_profile(session, carol, now=clock.now, reminders_enabled=False)  # /stop
        await reminders.set_user_reminders_enabled(session, carol, False, now=clock.now)
    assert (await reminder(db, ALICE, ReminderKind.DOCTOR)).next_fire_at is None
    for days in (7, 8, 14):
        clock.at(MONDAY_0700Z + timedelta(days=days))
        await ticker.tick()
    assert bot.sent == []


async def test_a_user_with_no_days_yet_gets_no_session_reminder_and_no_crash_but_the_follow_up(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    """After the first session straight from onboarding the schedule is still being asked: no days, no time,
    no zone. The session row is off with no time; even a row due by mistake sends nothing and breaks no tick;
    the next-morning follow-up still comes (in the default zone)."""
    async with db.session() as session:
        now = clock.now
        await users.record_seen(session, user_id=ALICE, chat_id=ALICE, first_name="U", language_code="en", now=now)
        profile = await profiles.update_profile(
            session, ALICE, now=now, consent_at=now, doctor_check="yes", screening_outcome="clear", screened_at=now,
            baseline_pain=2, experience="some", onboarded_at=now, onboarding_step="ready",
        )
        row = await write_session_reminder(session, profile, now=now)
        assert not row.enabled and row.next_fire_at is None
        await reminders.upsert_reminder(session, user_id=ALICE, kind=ReminderKind.SESSION, next_fire_at=now, now=now)
        log = await session_logs.start_session(
            session, user_id=ALICE, local_date=date(2026, 3, 2), kind="full", plan=[], now=now
        )
        assert log.id is not None
        await session_logs.finish_session(session, log.id, status=SessionStatus.COMPLETED, now=now)
        await schedule_followup(session, ALICE, log.id, now, ZoneInfo(LONDON))
    await ticker.tick()
    assert bot.reminders_to(ALICE) == []
    assert (await reminder(db, ALICE)).next_fire_at is None  # not advanced to some made-up day
    clock.at(utc(2026, 3, 3, 9, 0))
    await ticker.tick()
    assert [s.buttons[0] for s in bot.to(ALICE)] == [checkin_texts.FOLLOWUP_YES]


# ------------------------------------------------------------------------------------ rest-day lessons ---


async def test_on_a_rest_day_the_next_unread_lesson_comes_at_the_reminder_time_until_all_are_read(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE, days=(0, 2, 4))  # Mon, Wed, Fri at 08:00 London
    clock.at(utc(2026, 3, 2, 8, 0))  # Monday: the session reminder, and the rest-day row beside it
    await ticker.tick()
    assert (await reminder(db, ALICE, ReminderKind.LESSON)).next_fire_at == utc(2026, 3, 3, 8, 0)  # Tuesday
    clock.at(utc(2026, 3, 3, 8, 0))
    await ticker.tick()
    [rest_day] = [s for s in bot.to(ALICE) if lesson_texts.REST_DAY_INTRO in s.text]
    assert LESSONS[0].title in rest_day.text and rest_day.buttons == [lesson_texts.GOT_IT]
    assert (await reminder(db, ALICE, ReminderKind.LESSON)).next_fire_at == utc(2026, 3, 5, 8, 0)  # Thursday
    async with db.session() as session:
        for lesson in LESSONS:
            await lessons.mark_read(session, ALICE, lesson.id, clock.now)
    clock.at(utc(2026, 3, 5, 8, 0))
    await ticker.tick()
    assert len([s for s in bot.to(ALICE) if lesson_texts.REST_DAY_INTRO in s.text]) == 1  # all read: nothing


async def test_a_user_who_trains_every_day_gets_no_rest_day_lesson(
    db: Database, ticker: Ticker, bot: FakeBot, clock: Clock
) -> None:
    await add_user(db, ALICE)  # every day
    clock.at(utc(2026, 3, 2, 8, 0))
    await ticker.tick()
    async with db.session() as session:
        assert await reminders.get_reminder(session, ALICE, ReminderKind.LESSON) is None


async def test_a_database_outage_is_one_warning_without_a_traceback_and_its_end_is_said(
    db: Database, bot: FakeBot, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    away = Database("postgresql://backcoach@127.0.0.1:1/test")  # nothing listens there: refused at once
    ticker = ticker_for(away, bot, clock)
    try:
        with caplog.at_level(logging.INFO, logger="bot.scheduler"):
            for _ in range(3):  # three ticks while it is away
                ticker.start_in_background()
                await ticker.wait_idle()
            ticker.db = db  # it answers again
            ticker.start_in_background()
            await ticker.wait_idle()
    finally:
        await away.dispose()
    lines = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "bot.scheduler"]
    assert [level for level, _ in lines] == ["WARNING", "INFO"], lines
    assert "does not answer" in lines[0][1] and "answers again" in lines[1][1]
    assert not any(record.exc_info for record in caplog.records)
