"""Reminders end to end: the real bot process sends a due reminder through the emulator; its buttons work."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.emulator import ChatUser
from conversations.texts.common import STALE_BUTTON
from storage.database import Database
from storage.repositories import reminders
from tests.e2e.users import add_onboarded_user, database_path, query
from tests.support.process import BotProcess

REMINDER_WAIT = 20.0  # due in 3 s, a tick every 5 s, plus start-up


def reminder_due_in(db_file: Path, user_id: int, seconds: float) -> None:
    """The user's session reminder row, due ``seconds`` from now (the bot is already running)."""

    async def write() -> None:
        db = Database(f"sqlite+aiosqlite:///{db_file}")
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
