"""One chat never delays another, end to end: many users at once on SQLite and PostgreSQL, a user who floods,
and a chat Telegram holds with a long ``retry_after`` (``bot.updates``, ``bot.delivery``).

Nothing here is timed: "never delays" is shown by order (the other user's answer comes before the busy chat's
next one), and "all stored" by the rows.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from botapi_emulator import AsyncChatUser, AsyncEmulatorClient, ChatUser, EmulatorClient, EmulatorThread
from conversations.texts import common as common_texts
from storage.database import Database
from tests.e2e.users import add_onboarded_user, database_path, is_text, query
from tests.support.postgres import in_thread
from tests.support.process import BotProcess, free_port

USERS = tuple(range(3001, 3021))
#: How long Telegram holds one chat with 429s (short, as the bot finishes its sends before it stops).
HOLD_SECONDS = 6


def rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    async def read() -> list[tuple[Any, ...]]:
        db = Database(url)
        try:
            async with db.engine.connect() as connection:
                return [tuple(row) for row in (await connection.execute(text(sql))).all()]
        finally:
            await db.dispose()

    return in_thread(asyncio.run, read())


async def pain_and_score(user: AsyncChatUser, score: int) -> None:
    """/pain, then the score typed: the pause and the score are stored, the next question asked."""
    await user.say("/pain")
    await user.wait_reply(is_text("How strong is your pain"), timeout=60)
    await user.say(f"{score}/10")
    await user.wait_reply(is_text("safety questions"), timeout=60)


def everyone_at_once(control_url: str) -> None:
    async def run() -> None:
        async with AsyncEmulatorClient(control_url) as control:
            users = [AsyncChatUser(control, user_id) for user_id in USERS]
            await asyncio.gather(*(pain_and_score(user, 1 + n % 9) for n, user in enumerate(users)))

    asyncio.run(run())


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_twenty_users_answering_at_once_are_all_stored_and_answered(
    start_bot: Callable[..., BotProcess], emulator: EmulatorThread, tmp_path: Path, database: str,
    request: pytest.FixtureRequest,
) -> None:
    url = f"sqlite:///{tmp_path / 'backcoach.db'}" if database == "sqlite" else request.getfixturevalue("pg_url")
    bot = start_bot(DATABASE_URL=url)
    for user_id in USERS:
        add_onboarded_user(url, user_id)
    everyone_at_once(emulator.control_url)
    stored = rows(url, "select user_id, context, score from pain_checkins order by user_id")
    assert stored == [(user_id, "ad_hoc", 1 + n % 9) for n, user_id in enumerate(USERS)]
    assert rows(url, "select count(*) from profiles where paused") == [(len(USERS),)]
    assert "Traceback" not in bot.output


def metric(port: int, line_start: str) -> float:
    for line in httpx.get(f"http://127.0.0.1:{port}/metrics").text.splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no metric {line_start}")


def test_a_flood_is_told_to_slow_down_once_and_someone_else_is_answered_meanwhile(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    port = free_port()
    bot = start_bot(FLOOD_UPDATES="20", FLOOD_SECONDS="600", METRICS_PORT=str(port), LISTEN_ADDRESS="127.0.0.1")
    bob = ChatUser(client, 1002, first_name="Bob")
    for _ in range(60):
        alice.say("hello there")
    bob.say("/help")
    bob.wait_reply(is_text("Here's what I can do"))
    slow_down = alice.wait_reply(is_text(common_texts.SLOW_DOWN), timeout=30)
    events = client.events(alice.id)
    replies = [event for event in events if is_text(common_texts.FREE_TEXT)(event)]
    notices = [event for event in events if is_text(common_texts.SLOW_DOWN)(event)]
    assert len(replies) == 20 and notices == [slow_down]  # after the replies to the 20 accepted
    assert events.index(slow_down) > events.index(replies[-1])
    assert metric(port, 'backcoach_updates_dropped_total{reason="flood"}') == 40
    alice.say("hello again")  # the flood goes on: still dropped, and no second notice
    bob.say("/help")
    bob.wait_reply(is_text("Here's what I can do"))
    assert metric(port, 'backcoach_updates_dropped_total{reason="flood"}') == 41
    assert len([event for event in client.events(alice.id) if is_text(common_texts.SLOW_DOWN)(event)]) == 1
    assert bot.output.count("A user is flooding") == 1  # logged once, with ids only
    assert "hello" not in bot.output
    outcomes = "select outcome, count(*) from inbox where user_id = 1001 group by outcome order by outcome"
    deadline = time.monotonic() + 10  # the inbox marks an update that wrote nothing done just after its reply
    while query(database_path(tmp_path), outcomes) != [("done", 20), ("dropped", 41)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert query(database_path(tmp_path), outcomes) == [("done", 20), ("dropped", 41)]  # recorded, never run again


def test_a_chat_held_by_telegram_does_not_hold_up_another(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser
) -> None:
    start_bot()
    bob = ChatUser(client, 1002, first_name="Bob")
    alice.say("/start")  # both known to the bot first
    bob.say("/start")
    alice.wait_reply()
    bob.wait_reply()
    client.hold_chat(alice.id, HOLD_SECONDS)
    alice.say("/help")  # its reply waits out the hold, in alice's chat only
    bob.say("/help")
    bob.wait_reply(is_text("Here's what I can do"))
    assert not [event for event in client.events(alice.id) if is_text("Here's what I can do")(event)]
    alice.wait_reply(is_text("Here's what I can do"), timeout=HOLD_SECONDS + 15)  # then alice gets hers
