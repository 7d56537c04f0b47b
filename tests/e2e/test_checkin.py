"""Pain check-ins end to end: the check-in schedules the next-morning follow-up, which finalises the outcome.

The first test lets the real ticker send the follow-up (its row brought forward to now); the others start it
through the test hook. An old or forged press while the follow-up is asked gets it again, its buttons kept; the
last answer pressed again (its reply lost) gets the pop-up and a note that the answers are saved, never the
pop-up alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from botapi_emulator import ChatUser, EmulatorClient
from conversations.texts.checkin import ALREADY_NOTED
from conversations.texts.common import ANSWERS_SAVED
from tests.e2e.test_inbox import lose_replies
from tests.e2e.users import (
    add_onboarded_user,
    bring_forward,
    buttons_of,
    buttons_under,
    database_path,
    forge_press,
    is_text,
    query,
    start_today,
)
from tests.support.process import BotProcess


def finish_a_session(alice: ChatUser, worst: str, now: str) -> None:
    start_today(alice)
    while True:
        event = alice.wait_reply(lambda e: e["kind"] == "message" and ("Today:" in e["text"] or "worst" in e["text"]))
        if "worst" in event["text"]:
            break
        alice.press("Done")
    alice.press(worst)
    alice.wait_reply(is_text("right now"))
    alice.press(now)
    alice.wait_reply(is_text("tomorrow morning"))


def test_yes_next_morning_makes_the_session_green(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot(BACKCOACH_TEST_HOOKS="1")
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id, timezone="Asia/Kathmandu")
    finish_a_session(alice, "2", "1")
    assert query(db, "select outcome from session_logs") == [(None,)]
    assert {g for (g,) in query(db, "select greens_at_dose from exercise_progress")} == {0}
    scheduled = bring_forward(db, alice.id, "followup")
    assert scheduled is not None, "the check-in schedules the next-morning follow-up"
    local = scheduled.astimezone(ZoneInfo("Asia/Kathmandu"))
    (session_day,) = query(db, "select local_date from session_logs")[0]
    assert (local.hour, local.minute) == (9, 0) and local.date().isoformat() > session_day
    question = alice.wait_reply(is_text("Is your back back"), timeout=20)
    assert "today's session" in question["text"]
    assert alice.last_buttons() == ["Yes", "Not quite", "Worse"]
    alice.press("Yes")
    alice.wait_reply(is_text("handled it well"))
    assert query(db, "select outcome from session_logs") == [("green",)]
    assert query(db, "select context, back_to_baseline from pain_checkins where context = 'next_morning'") == [
        ("next_morning", 1)
    ]
    assert {g for (g,) in query(db, "select greens_at_dose from exercise_progress")} == {1}
    yes = question["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert forge_press(alice, question["message_id"], yes) == ALREADY_NOTED  # Yes again, as if its reply was lost
    alice.wait_reply(is_text(ANSWERS_SAVED))  # never the pop-up alone: saved, and what comes next
    assert query(db, "select outcome from session_logs") == [("green",)]
    alice.say("/debug_followup")  # nothing left to ask about
    assert "no check-in waiting" in alice.wait_reply()["text"]


def test_not_quite_asks_a_score_and_holds(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot(BACKCOACH_TEST_HOOKS="1")
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    finish_a_session(alice, "3", "2")
    alice.say("/debug_followup")
    alice.wait_reply(is_text("Is your back back"))
    alice.press("Not quite")
    alice.wait_reply(is_text("How is your pain right now"))
    alice.say("11")
    alice.wait_reply(is_text("0 to 10"))
    alice.say("four")
    alice.wait_reply(is_text("same dose"))
    assert query(db, "select outcome from session_logs") == [("yellow",)]
    assert query(db, "select score, back_to_baseline from pain_checkins where context = 'next_morning'") == [(4, 0)]
    assert {y for (y,) in query(db, "select yellows_in_row from exercise_progress")} == {1}


def test_the_debug_hook_exists_only_when_enabled(start_bot: Callable[..., BotProcess], alice: ChatUser) -> None:
    start_bot()
    alice.say("/debug_followup")
    assert "don't know that command" in alice.wait_reply()["text"]


def test_an_old_or_forged_press_brings_the_morning_question_again_and_keeps_its_buttons(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    bot = start_bot(BACKCOACH_TEST_HOOKS="1")
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    finish_a_session(alice, "3", "2")
    alice.say("/debug_followup")
    question = alice.wait_reply(is_text("Is your back back"))
    [(session_id,)] = query(db, "select id from session_logs")
    popup = forge_press(alice, question["message_id"], f"chk:fu:{session_id + 1}:yes")  # no session of hers
    assert popup == "Already noted 👍"
    assert buttons_of(alice.wait_reply(is_text("Is your back back"))) == ["Yes", "Not quite", "Worse"]
    assert buttons_under(alice, question["message_id"]) == ["Yes", "Not quite", "Worse"]  # still in place
    lose_replies(bot, client, lambda: alice.press("Not quite"))  # the score question is lost on the way
    alice.press("2")  # the pain-now button under yesterday's check-in, answered long ago
    score = alice.wait_reply(is_text("How is your pain right now"))
    assert buttons_of(score) == [str(n) for n in range(11)]
    lose_replies(bot, client, lambda: alice.press("4"))  # the last answer: saved, its reply lost
    alice.press("4")  # again
    answers = client.wait_for(alice.id, is_text(ANSWERS_SAVED))  # saved, and /today
    assert [e["text"] for e in answers if e["kind"] == "callback_answer"][-1] == ALREADY_NOTED
    assert query(db, "select score from pain_checkins where context = 'next_morning'") == [(4,)]
    assert query(db, "select outcome from session_logs") == [("yellow",)]
