"""The durable inbox end to end: kill -9 between storing an update and handling it, in each flow; a database
outage while users answer (polling and webhook); two stop signals; replies lost on a 500, then the same button
pressed again; nothing lost, nothing applied twice.

The kill point is made exact with the bot's test seams, ``BACKCOACH_TEST_HOLD_FILE`` (and, for a kill in the
middle of a handler, ``BACKCOACH_TEST_FINISH_HOLD_FILE``): while that file exists,
an update is stored in the inbox and then held, neither handled nor acknowledged to the Bot API server, and
the bot logs "Test hold". The test kills the process there, removes the file and starts the bot again.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from botapi_emulator import ChatUser, EmulatorClient
from storage.database import Database
from tests.e2e.users import (
    add_onboarded_user,
    database_path,
    is_text,
    query,
    said,
    start_to_doctor,
    start_today,
)
from tests.support.postgres import in_thread
from tests.support.process import BotProcess, free_port
from tests.support.tcp_proxy import OutageProxy

HELD = "Test hold: stored updates are held"


@pytest.fixture
def hold(tmp_path: Path) -> Path:
    return tmp_path / "hold"


def kill_while_held(bot: BotProcess, hold: Path, act: Callable[[], object]) -> None:
    """Do ``act`` with the hold on, kill -9 once its update is stored, and lift the hold."""
    hold.touch()
    act()
    bot.wait_for_output(HELD)
    bot.kill()
    hold.unlink()


def all_done(db: Path, timeout: float = 10.0) -> list[tuple[str | None]]:
    """The outcomes in the inbox once no update is left unfinished or answering (an update is marked done just
    after its reply, so the reply can arrive first)."""
    deadline = time.monotonic() + timeout
    left = "select count(*) from inbox where done_at is null or outcome = 'answering'"
    while query(db, left) != [(0,)] and time.monotonic() < deadline:
        time.sleep(0.05)
    return query(db, "select distinct outcome from inbox")


def finish_to_worst(alice: ChatUser) -> None:
    """Today's session through to its last card, to the worst-pain question."""
    start_today(alice)
    while True:
        event = alice.wait_reply(lambda e: e["kind"] == "message" and ("Today:" in e["text"] or "worst" in e["text"]))
        if "worst" in event["text"]:
            return
        alice.press("Done")


def pg_query(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` on the PostgreSQL database ``url``."""

    async def read() -> list[tuple[Any, ...]]:
        db = Database(url)
        try:
            async with db.reading() as session:
                return [tuple(row) for row in (await session.exec(text(sql))).all()]  # type: ignore[call-overload]
        finally:
            await db.dispose()

    return in_thread(lambda: asyncio.run(read()))


def test_kill_after_an_onboarding_answer_is_stored(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path, hold: Path
) -> None:
    env = {"BACKCOACH_TEST_HOLD_FILE": str(hold)}
    bot = start_bot(**env)
    db = database_path(tmp_path)
    start_to_doctor(alice)
    kill_while_held(bot, hold, lambda: alice.press("Yes"))
    assert query(db, "select doctor_check from profiles") == [(None,)]
    start_bot(**env)
    said(alice, "Safety question 1 of")
    assert query(db, "select doctor_check from profiles") == [("yes",)]
    assert all_done(db) == [("done",)]


def test_kill_after_a_session_result_is_stored(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path, hold: Path
) -> None:
    env = {"BACKCOACH_TEST_HOLD_FILE": str(hold)}
    bot = start_bot(**env)
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    start_today(alice)
    alice.wait_reply(is_text("1/9"))
    kill_while_held(bot, hold, lambda: alice.press("Done"))
    bot = start_bot(**env)
    alice.wait_reply(is_text("2/9"))
    assert query(db, "select position, result from exercise_results") == [(0, "done")]
    bot.stop()
    start_bot(**env)  # a third start: nothing runs again
    alice.say("/help")
    said(alice, "Here's what I can do")
    assert query(db, "select position, result from exercise_results") == [(0, "done")]
    assert query(db, "select status, current_index from session_logs") == [("in_progress", 1)]
    assert all_done(db) == [("done",)]


def test_kill_after_a_typed_check_in_answer_is_stored(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path, hold: Path
) -> None:
    env = {"BACKCOACH_TEST_HOLD_FILE": str(hold)}
    bot = start_bot(**env)
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    finish_to_worst(alice)
    kill_while_held(bot, hold, lambda: alice.say("3"))
    start_bot(**env)
    alice.wait_reply(is_text("right now"))
    assert query(db, "select score from pain_checkins where context = 'worst_during'") == [(3,)]
    assert all_done(db) == [("done",)]


def test_kill_after_pain_is_stored(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path, hold: Path
) -> None:
    env = {"BACKCOACH_TEST_HOLD_FILE": str(hold)}
    bot = start_bot(**env)
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    kill_while_held(bot, hold, lambda: alice.say("/pain"))
    start_bot(**env)
    said(alice, "How strong is your pain right now")
    alice.say("6")
    said(alice, "safety questions")
    assert query(db, "select context, score from pain_checkins") == [("ad_hoc", 6)]
    assert all_done(db) == [("done",)]


def test_a_database_outage_loses_nothing_and_doubles_nothing(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, pg_url: str,
    pg_proxy: tuple[str, OutageProxy],
) -> None:
    url, proxy = pg_proxy
    metrics_port = free_port()
    bot = start_bot(DATABASE_URL=url, DATABASE_RETRY_SECONDS="0.5", METRICS_PORT=str(metrics_port))
    bob = ChatUser(client, 1002, first_name="Bob")
    start_to_doctor(alice)
    proxy.down()
    alice.press("Yes")
    bob.say("/start")
    bot.wait_for_output("The database does not answer")
    health = httpx.get(f"http://127.0.0.1:{metrics_port}/healthz")
    assert (health.status_code, health.json()["database"]) == (503, "down")
    proxy.up()
    said(alice, "Safety question 1 of", timeout=20)
    said(bob, "talked to a doctor or physiotherapist", timeout=20)
    assert pg_query(pg_url, "select doctor_check from profiles where user_id = 1001") == [("yes",)]
    assert pg_query(pg_url, "select count(*) from users") == [(2,)]
    assert pg_query(pg_url, "select count(*), count(done_at) from inbox") == [(3, 3)]
    assert httpx.get(f"http://127.0.0.1:{metrics_port}/healthz").status_code == 200
    assert "backcoach_inbox_depth 0.0" in httpx.get(f"http://127.0.0.1:{metrics_port}/metrics").text
    assert "Nothing you told me is lost" not in alice.transcript()


def lose_replies(bot: BotProcess, client: EmulatorClient, act: Callable[[], object]) -> None:
    """Do ``act`` while the Bot API server answers every send and edit with 500, until the bot gives up (once
    more than before: a test may lose replies more than once)."""
    gave_up = "Telegram was not reachable while handling"
    before = bot.output.count(gave_up)
    client.configure(fail_sends=1000)
    act()
    bot.wait_for_output(gave_up, times=before + 1)
    client.configure(fail_sends=0)


def test_a_press_whose_reply_was_lost_gets_the_current_question_in_onboarding(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    bot = start_bot()
    start_to_doctor(alice)
    lose_replies(bot, client, lambda: alice.press("Yes"))
    assert query(database_path(tmp_path), "select doctor_check from profiles") == [("yes",)]
    alice.press("Yes")  # the same button again: its answer is kept, the question it led to comes
    said(alice, "Safety question 1 of")
    assert "earlier message" not in alice.transcript()


def test_a_press_whose_reply_was_lost_gets_the_current_card_in_a_session(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    bot = start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    start_today(alice)
    alice.wait_reply(is_text("1/9"))
    lose_replies(bot, client, lambda: alice.press("Done"))
    alice.press("Done")  # card 1's button again: card 2 is the one being asked
    card = alice.wait_reply(is_text("Today:"))
    assert "2/9" in card["text"]
    assert query(db, "select position, result from exercise_results") == [(0, "done")]
    transcript = alice.transcript()
    assert "earlier message" not in transcript and "Already noted" not in transcript


def test_two_stop_signals_lose_nothing(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path, hold: Path
) -> None:
    env = {"BACKCOACH_TEST_HOLD_FILE": str(hold)}
    bot = start_bot(**env)
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    hold.touch()
    alice.say("/pain")
    bot.wait_for_output(HELD)
    assert bot.process is not None
    bot.process.send_signal(signal.SIGTERM)
    bot.process.send_signal(signal.SIGTERM)  # a platform, or make, impatient: the second cuts the stop short
    assert bot.wait_exit() in (0, 130)
    hold.unlink()
    assert "never awaited" not in bot.output and "Traceback" not in bot.output
    start_bot(**env)
    said(alice, "How strong is your pain right now")
    assert all_done(db) == [("done",)]


def test_the_webhook_answers_503_while_the_database_is_down_and_nothing_is_lost(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, pg_url: str,
    pg_proxy: tuple[str, OutageProxy],
) -> None:
    url, proxy = pg_proxy
    port = free_port()
    bot = start_bot(
        DATABASE_URL=url, DATABASE_RETRY_SECONDS="0.5", WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
        PORT=str(port), WEBHOOK_SECRET="s3cret_token",
    )
    start_to_doctor(alice)
    proxy.down()
    alice.press("Yes")
    bot.wait_for_output("Webhook update not stored, answered 503")
    proxy.up()
    said(alice, "Safety question 1 of", timeout=20)
    assert pg_query(pg_url, "select doctor_check from profiles") == [("yes",)]
    assert pg_query(pg_url, "select count(*), count(done_at) from inbox") == [(2, 2)]


def test_a_press_whose_reply_was_lost_gets_the_current_question_in_a_check_in(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    bot = start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    finish_to_worst(alice)
    lose_replies(bot, client, lambda: alice.press("4"))
    alice.press("4")  # the worst-pain button again: the pain-now question is the one being asked
    alice.wait_reply(is_text("right now"))
    assert query(db, "select context, score from pain_checkins where context = 'worst_during'") == [("worst_during", 4)]


def test_kill_in_the_middle_of_a_handler_runs_the_update_again_once(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path, hold: Path
) -> None:
    """The third kill point: the handler has read and written, its last unit of work is open, not committed
    (``BACKCOACH_TEST_FINISH_HOLD_FILE``). Nothing of it was kept, so the update runs again at the start."""
    bot = start_bot(BACKCOACH_TEST_FINISH_HOLD_FILE=str(hold))
    start_to_doctor(alice)
    hold.touch()
    alice.press("Yes")
    bot.wait_for_output("Test hold: an update's last unit of work waits")
    bot.kill()
    hold.unlink()
    start_bot()
    said(alice, "Safety question 1 of")
    db = database_path(tmp_path)
    assert query(db, "select doctor_check from profiles") == [("yes",)]
    asked = [m for m in alice.client.messages(alice.id) if "Safety question 1 of" in (m.get("text") or "")]
    assert len(asked) == 1
    assert all_done(db) == [("done",)]
