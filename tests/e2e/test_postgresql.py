"""The real bot process on PostgreSQL: migrations at start-up, the user kept across a restart, and two bot
processes on one database sending every due reminder exactly once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from botapi_emulator import ChatUser, EmulatorClient
from storage.database import Database
from storage.repositories import profiles, reminders, users
from tests.support.postgres import in_thread
from tests.support.process import BotProcess


def first_name_in_database(url: str, user_id: int) -> str | None:
    async def read() -> str | None:
        db = Database(url)
        try:
            async with db.session() as session:
                user = await users.get_user(session, user_id)
                return None if user is None else user.first_name
        finally:
            await db.dispose()

    return in_thread(asyncio.run, read())


def test_user_is_kept_across_a_restart_on_postgresql(
    start_bot: Callable[..., BotProcess], alice: ChatUser, pg_url: str
) -> None:
    first = start_bot(DATABASE_URL=pg_url)
    alice.say("/start")
    alice.wait_reply()
    assert first.stop() == 0
    assert first_name_in_database(pg_url, alice.id) == "Alice"
    second = start_bot(DATABASE_URL=pg_url)
    alice.say("/help")
    assert "/start" in alice.wait_reply()["text"]
    assert second.stop() == 0
    assert first_name_in_database(pg_url, alice.id) == "Alice"


def users_with_reminders_due(url: str, user_ids: list[int], seconds: float) -> None:
    """Onboarded users whose session reminders all fall due ``seconds`` from now."""

    async def write() -> None:
        db = Database(url)
        now = datetime.now(UTC)
        try:
            async with db.session() as session:
                for user_id in user_ids:
                    await users.record_seen(
                        session, user_id=user_id, chat_id=user_id, first_name="Bo", language_code="en", now=now
                    )
                    await profiles.update_profile(
                        session, user_id, now=now, consent_at=now, timezone="Europe/London", training_days=range(7),
                        reminder_time="18:00", doctor_check="yes", screening_outcome="clear", screened_at=now,
                        onboarded_at=now, onboarding_step="done",
                    )
                    await reminders.upsert_reminder(
                        session, user_id=user_id, kind="session", next_fire_at=now + timedelta(seconds=seconds),
                        now=now,
                    )
        finally:
            await db.dispose()

    in_thread(asyncio.run, write())


def reminders_received(client: EmulatorClient, user_id: int) -> int:
    return sum("Time for today's" in (m.get("text") or "") for m in client.messages(user_id))


def test_two_bot_processes_on_one_database_send_each_reminder_once(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, pg_url: str
) -> None:
    start_bot(DATABASE_URL=pg_url)
    start_bot(DATABASE_URL=pg_url)
    user_ids = list(range(7001, 7041))
    client.register_users(user_ids)
    users_with_reminders_due(pg_url, user_ids, seconds=2)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(reminders_received(client, u) == 0 for u in user_ids):
        time.sleep(0.5)
    time.sleep(6)  # a further tick of both processes: nothing more may come
    assert {u: reminders_received(client, u) for u in user_ids} == dict.fromkeys(user_ids, 1)
