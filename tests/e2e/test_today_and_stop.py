"""/today once today's session is done (a gentle extra or rest, never a second full session, never what hurt)
and /stop (nothing pushed any more; a follow-up that came due is asked at the next /today instead)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from botapi_emulator import ChatUser
from coach.catalogue import load_catalogue
from conversations.texts import session as texts
from storage.database import Database
from storage.repositories import reminders, session_logs
from storage.values import SessionStatus
from tests.e2e.users import add_onboarded_user, database_path, is_text, query, start_today
from tests.support.process import BotProcess
from usecases.reminder_rows import schedule_followup

REMINDER_WAIT = 20.0  # due in a few seconds, a tick every 5 s


def is_message(event: dict[str, Any]) -> bool:
    return event["kind"] == "message"


def end_the_session_because_it_hurts(alice: ChatUser) -> None:
    """It hurts (sharp, 4/10) on the card shown, which ends the session, and the check-in answered (a lesson
    is offered after it)."""
    alice.press("It hurts")
    alice.wait_reply(is_text("What kind of pain"))
    alice.press("Sharp or shooting")
    alice.wait_reply(is_text("How strong"))
    alice.press("4")  # sharp pain ends the session; the check-in knows the worst pain already
    alice.wait_reply(is_text("Session ended"))
    alice.wait_reply(is_text("right now"))
    alice.press("3")
    alice.wait_reply()
    alice.wait_reply(is_text("one-minute read"))


def test_today_after_a_finished_session_offers_a_gentle_extra_or_rest_and_the_extra_leaves_out_what_hurt(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    hurt = load_catalogue().warmup()[0].name
    start_today(alice)
    assert hurt in alice.wait_reply(is_text("1/9"))["text"]
    end_the_session_because_it_hurts(alice)
    alice.say("/today")
    assert alice.wait_reply(is_message)["text"] == texts.DONE_TODAY_HURT  # not a new session's intro
    assert alice.last_buttons() == [texts.GENTLE_EXTRA, texts.REST_TODAY]
    alice.press(texts.GENTLE_EXTRA)
    intro = alice.wait_reply(is_text("gentle session"))["text"]
    assert "extra on top of today's session" in intro and "4 easy moves" in intro
    cards = []
    while True:
        event = alice.wait_reply(lambda e: is_message(e) and ("Today:" in e["text"] or "extra done" in e["text"]))
        if "extra done" in event["text"]:
            break
        cards.append(event["text"])
        alice.press("Done")
    assert len(cards) == 4 and all("(Warm-up)" in card for card in cards)
    assert not any(hurt in card for card in cards)
    assert query(db, "select kind, status, outcome from session_logs order by id") == [
        ("full", "stopped_pain", None), ("gentle", "completed", "unanswered")
    ]
    alice.say("/today")
    assert alice.wait_reply(is_message)["text"] == texts.DONE_TODAY_HURT  # the extra asked no check-in of its own
    alice.press(texts.REST_TODAY)
    alice.wait_reply(is_text("Rest is part of getting better"))
    assert len(query(db, "select id from session_logs")) == 2


def finished_session_with_its_follow_up_due(db_file: Path, user_id: int, due_in_seconds: float) -> None:
    """A session finished 40 hours ago whose check-in was answered after /stop, its follow-up row due in a few
    seconds; and the next user's session reminder due a second later (to know the ticker went past hers)."""

    async def write() -> None:
        db = Database(f"sqlite:///{db_file}")
        now = datetime.now(UTC)
        finished = now - timedelta(hours=40)
        zone = ZoneInfo("Europe/London")
        plan = [{"exercise_id": "cat_camel", "reps": 5, "sets": 1, "hold_seconds": None}]
        try:
            async with db.session() as session:
                log = await session_logs.start_session(
                    session, user_id=user_id, local_date=finished.astimezone(zone).date(), kind="full", plan=plan,
                    now=finished - timedelta(minutes=20),
                )
                assert log.id is not None
                await session_logs.finish_session(session, log.id, status=SessionStatus.COMPLETED, now=finished)
                row = await schedule_followup(session, user_id, log.id, finished, zone)  # as the check-in does
                assert row.id is not None and row.enabled
                due = now + timedelta(seconds=due_in_seconds)
                await reminders.set_next_fire_at(session, row.id, due, now=now)
                later = due + timedelta(seconds=1)
                await reminders.upsert_reminder(
                    session, user_id=user_id + 1, kind="session", next_fire_at=later, now=now
                )
        finally:
            await db.dispose()

    asyncio.run(write())


def test_after_stop_a_due_follow_up_is_not_pushed_and_the_next_today_asks_it_first(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    bob = ChatUser(alice.client, alice.id + 1, first_name="Bob")
    add_onboarded_user(db, bob.id, first_name="Bob")
    alice.client.register_users([alice.id, bob.id])
    alice.say("/stop")
    assert "the next time you type /today" in alice.wait_reply(is_text("no more reminders"))["text"]
    finished_session_with_its_follow_up_due(db, alice.id, due_in_seconds=2)
    bob.wait_reply(is_text("Time for today's"), timeout=REMINDER_WAIT)  # a later row: the ticker went past hers
    assert not any("Is your back back" in (m.get("text") or "") for m in alice.client.messages(alice.id))
    assert query(db, "select count(*) from deliveries where user_id = ?", alice.id) == [(0,)]
    alice.say("/today")
    question = alice.wait_reply(is_text("Is your back back to how it was"))
    intro = alice.wait_reply(is_text("Today's session"))
    assert question["seq"] < intro["seq"]  # the follow-up first, then the day's session as usual
    alice.press("2")  # the pain right now, asked by the intro
    alice.wait_reply(is_text("1/9"))
    alice.press("Yes")
    alice.wait_reply(is_text("handled it well"))
    assert query(db, "select outcome from session_logs order by id") == [("green",), (None,)]
    assert query(db, "select kind, status from deliveries where user_id = ?", alice.id) == [("followup", "sent")]
    alice.say("/today")  # asked once: the next /today goes straight to the session
    alice.wait_reply(is_text("Carry on where you left off"))
    assert sum("Is your back back" in (m.get("text") or "") for m in alice.client.messages(alice.id)) == 1
