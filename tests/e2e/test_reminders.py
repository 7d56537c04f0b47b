"""Reminders end to end: the real bot process sends a due reminder through the emulator; its buttons work."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from botapi_emulator import ChatUser, EmulatorClient
from conversations.texts.common import STALE_BUTTON
from storage.database import Database
from storage.repositories import profiles, reminders, session_logs
from storage.values import SessionStatus
from tests.e2e.test_inbox import lose_replies
from tests.e2e.users import add_onboarded_user, buttons_of, buttons_under, database_path, forge_press, query
from tests.support.process import BotProcess

REMINDER_WAIT = 20.0  # due in 3 s, a tick every 5 s, plus start-up


def reminder_due_in(db_file: Path, user_id: int, seconds: float) -> None:
    """The user's session reminder row, due ``seconds`` from now (the bot is already running)."""

    async def write() -> None:
        db = Database(f"sqlite:///{db_file}")
        try:
            now = datetime.now(UTC)
            async with db.session() as session:
                at = now + timedelta(seconds=seconds)
                await reminders.upsert_reminder(session, user_id=user_id, kind="session", next_fire_at=at, now=now)
        finally:
            await db.dispose()

    asyncio.run(write())


def is_reminder(event: dict[str, Any]) -> bool:
    return event["kind"] == "message" and "Time for today's" in (event.get("text") or "")


def message(fragment: str) -> Callable[[dict[str, Any]], bool]:
    return lambda event: event["kind"] == "message" and fragment in (event.get("text") or "")


def test_a_due_reminder_arrives_with_its_buttons_and_start_now_begins_the_session(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.client.register_users([alice.id])  # she started the bot some time ago
    reminder_due_in(db, alice.id, 3)
    alice.wait_reply(is_reminder, timeout=REMINDER_WAIT)
    assert alice.last_buttons() == ["Start now", "Snooze 1 hour", "Skip today"]
    alice.press("Start now")
    reply = alice.wait_reply(lambda e: e["kind"] == "message" and "Time for today's" not in e.get("text", ""))
    assert STALE_BUTTON not in reply["text"]
    assert "session" in reply["text"].lower()
    [(kind, status)] = query(db, "select kind, status from deliveries")
    assert (kind, status) == ("session", "sent")


def test_snooze_brings_the_reminder_back_later_and_nothing_is_sent_twice(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    bot = start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.client.register_users([alice.id])  # she started the bot some time ago
    reminder_due_in(db, alice.id, 1)
    alice.wait_reply(is_reminder, timeout=REMINDER_WAIT)
    alice.press("Snooze 1 hour")
    alice.wait_reply(message("in an hour"))
    [(snoozed_until,)] = query(db, "select snoozed_until from reminders where kind = 'session'")
    assert snoozed_until is not None
    bot.stop()  # a restart must not send the same reminder again
    start_bot()
    with pytest.raises(AssertionError, match="timed out"):
        alice.wait_reply(is_reminder, timeout=8)  # two ticks of the restarted process
    assert len([m for m in alice.client.messages(alice.id) if "Time for today's" in (m.get("text") or "")]) == 1


def test_skip_today_is_recorded_and_answered_and_an_old_reminder_press_brings_the_question_being_asked(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.client.register_users([alice.id])
    reminder_due_in(db, alice.id, 1)
    reminder = alice.wait_reply(is_reminder, timeout=REMINDER_WAIT)
    yesterday = "rem:skip:20000101"  # an earlier day's reminder button, forged under today's
    assert forge_press(alice, reminder["message_id"], yesterday) == STALE_BUTTON  # nothing is asked: the pop-up
    alice.say("/settings")
    events = alice.client.wait_for(alice.id, message("Your settings"))
    assert [e for e in events if e["kind"] == "message"] == [events[-1]]  # and nothing after the pop-up
    menu = events[-1]
    assert forge_press(alice, reminder["message_id"], "rem:snooze:20000101") == STALE_BUTTON
    assert buttons_of(alice.wait_reply(message("Your settings"))) == buttons_of(menu)  # the question again
    assert buttons_under(alice, menu["message_id"]) == buttons_of(menu)  # its buttons kept
    assert buttons_under(alice, reminder["message_id"]) == ["Start now", "Snooze 1 hour", "Skip today"]
    assert query(db, "select snoozed_until from reminders where kind = 'session'") == [(None,)]
    alice.press("Skip today")
    alice.wait_reply(message("today is skipped"))
    assert query(db, "select kind, status from deliveries order by kind") == [("session", "sent"), ("skip", "skipped")]
    alice.say("9")  # the settings menu is still the question being asked
    alice.wait_reply(message("Please choose one of the buttons"))


def good_fortnight(db_file: Path, user_id: int, level: int = 1) -> None:
    """Seven green sessions (each with the hip hinge) in the last 14 days at ``level`` (since a month ago), and
    the weekly row due now."""

    async def write() -> None:
        db = Database(f"sqlite:///{db_file}")
        now = datetime.now(UTC)
        today = now.astimezone(ZoneInfo("Europe/London")).date()
        plan = [{"exercise_id": "hip_hinge", "reps": 10, "sets": 2, "hold_seconds": None}]
        try:
            async with db.session() as session:
                await profiles.update_profile(
                    session, user_id, now=now, level=level, level_since=today - timedelta(days=30)
                )
                for offset in range(1, 14, 2):
                    log = await session_logs.start_session(
                        session, user_id=user_id, local_date=today - timedelta(days=offset), kind="full", plan=plan,
                        now=now,
                    )
                    assert log.id is not None
                    await session_logs.finish_session(session, log.id, status=SessionStatus.COMPLETED, now=now)
                    await session_logs.set_outcome_if_pending(session, log.id, "green")
                await reminders.upsert_reminder(session, user_id=user_id, kind="weekly", next_fire_at=now, now=now)
        finally:
            await db.dispose()

    asyncio.run(write())


def test_the_weekly_summary_offers_the_next_level_and_yes_applies_it_once_even_if_pressed_again(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    bot = start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.client.register_users([alice.id])
    good_fortnight(db, alice.id)
    summary = alice.wait_reply(message("Your week"), timeout=REMINDER_WAIT)
    assert "level 2" in summary["text"]
    lose_replies(bot, client, lambda: alice.press("Yes, let's go"))  # applied, but the answer is lost
    assert query(db, "select level from profiles") == [(2,)]
    alice.press("Yes, let's go")  # pressed again: the level it is, never "from an earlier message"
    events = client.wait_for(alice.id, message("Level 2 it is"))
    assert STALE_BUTTON not in [e.get("text") for e in events if e["kind"] == "callback_answer"]
    assert query(db, "select level from profiles") == [(2,)]


def test_at_level_3_the_loaded_lifts_unlock_only_when_the_user_confirms_technique(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.client.register_users([alice.id])
    good_fortnight(db, alice.id, level=3)
    summary = alice.wait_reply(message("Your week"), timeout=REMINDER_WAIT)
    assert "deadlift" in summary["text"] and "trainer" in summary["text"]
    assert "They carry more risk than the rest and need good technique" in summary["text"]
    assert alice.last_buttons() == ["I know the technique or have a trainer", "Not now", "📋 3 quick questions"]
    assert query(db, "select level, level4_unlocked, technique_confirmed_at from profiles") == [(3, 0, None)]
    alice.press("I know the technique or have a trainer")
    alice.wait_reply(message("Level 4 it is"))
    gate = "select level, level4_unlocked, technique_confirmed_at from profiles"
    ((level, unlocked, confirmed_at),) = query(db, gate)
    assert (level, unlocked) == (4, 1) and confirmed_at is not None
    alice.say("/today")
    alice.wait_reply(message("Today"))  # sessions go on at level 4 (its lifts come along each chain, step by step)


def test_not_now_keeps_level_3(start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.client.register_users([alice.id])
    good_fortnight(db, alice.id, level=3)
    alice.wait_reply(message("Your week"), timeout=REMINDER_WAIT)
    alice.press("Not now")
    alice.wait_reply(message("stay at level 3"))
    assert query(db, "select level, level4_unlocked, technique_confirmed_at from profiles") == [(3, 0, None)]
