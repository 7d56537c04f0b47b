"""kill -9 after an answer is stored and before its reply reaches the user, in each flow: after a restart the
answer is stored exactly once, and the user is answered: a note that their last answer is saved, then the
question they are being asked (or, with none to show, where to go on; under an urgent lock, the lock).

The kill point is made exact with the bot's test seam ``BACKCOACH_TEST_HOLD_REPLIES_FILE``: while that file
exists, an update whose answer has committed (marked ``answering`` in the inbox) makes no request to Telegram,
and the bot logs "Test hold: replies are held". The test kills the process there, removes the file and starts
the bot again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from botapi_emulator import ChatUser
from conversations.texts import common
from conversations.texts import lock as lock_texts
from tests.e2e.test_inbox import all_done, finish_to_worst, pg_query
from tests.e2e.users import (
    add_flagged_user,
    add_onboarded_user,
    buttons_of,
    database_path,
    is_text,
    query,
    said,
    start_to_doctor,
    start_today,
)
from tests.support.process import BotProcess

HELD = "Test hold: replies are held"
#: The note's words both ways (a question follows, or where to go on): what every test waits for first.
SAVED = "Your last answer is saved."


@pytest.fixture
def hold(tmp_path: Path) -> Path:
    return tmp_path / "hold-replies"


@pytest.fixture
def env(hold: Path) -> dict[str, str]:
    return {"BACKCOACH_TEST_HOLD_REPLIES_FILE": str(hold)}


def kill_before_the_reply(bot: BotProcess, hold: Path, act: Callable[[], object]) -> None:
    """Do ``act`` with the replies held, kill -9 once its answer has committed, and lift the hold."""
    hold.touch()
    act()
    bot.wait_for_output(HELD)
    bot.kill()
    hold.unlink()


def answering(db: Path) -> list[tuple[Any, ...]]:
    return query(db, "select count(*) from inbox where outcome = 'answering'")


#: The outcome of the last update in the inbox (the one killed before its reply: ``answering``).
LAST_OUTCOME = "select outcome from inbox order by update_id desc limit 1"


def notes(user: ChatUser) -> int:
    """How many times the user was told their last answer is saved."""
    return user.transcript().count(SAVED)


def the_note_then(user: ChatUser, fragment: str) -> dict[str, Any]:
    """The note "your last answer is saved, here is where we are", then the next message containing
    ``fragment`` (returned): the question shown again."""
    note = said(user, SAVED)
    assert note["text"] == common.RESTARTED_HERE
    return said(user, fragment)


def test_an_onboarding_answer_stored_before_a_kill_is_answered_after_the_restart(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path, hold: Path, env: dict[str, str]
) -> None:
    bot = start_bot(**env)
    db = database_path(tmp_path)
    start_to_doctor(alice)
    kill_before_the_reply(bot, hold, lambda: alice.press("Yes"))
    assert query(db, "select doctor_check from profiles") == [("yes",)]  # stored...
    assert "Safety question" not in alice.transcript()  # ...and not answered
    assert query(db, LAST_OUTCOME) == [("answering",)]  # (/start's may be too: marked done a second later)
    start_bot(**env)
    question = the_note_then(alice, "Safety question 1 of")
    assert "Not sure" in buttons_of(question)
    assert all_done(db) == [("done",)]
    assert notes(alice) == 1  # one note, however many of her updates were answering
    assert query(db, "select doctor_check from profiles") == [("yes",)]
    alice.press("No")  # the question shown again works
    said(alice, "Safety question 2 of")


def test_a_session_result_stored_before_a_kill_is_answered_with_the_next_card(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path, hold: Path, env: dict[str, str]
) -> None:
    bot = start_bot(**env)
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    start_today(alice)
    alice.wait_reply(is_text("1/9"))
    kill_before_the_reply(bot, hold, lambda: alice.press("Done"))
    start_bot(**env)
    card = the_note_then(alice, "Today:")
    assert "2/9" in card["text"] and "Skip" in buttons_of(card)
    assert query(db, "select position, result from exercise_results") == [(0, "done")]
    assert query(db, "select status, current_index from session_logs") == [("in_progress", 1)]
    assert all_done(db) == [("done",)]
    alice.press("Done")
    alice.wait_reply(is_text("3/9"))
    assert query(db, "select position, result from exercise_results order by position") == [(0, "done"), (1, "done")]


def test_a_check_in_answer_stored_before_a_kill_is_answered_with_the_next_question(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path, hold: Path, env: dict[str, str]
) -> None:
    bot = start_bot(**env)
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    finish_to_worst(alice)
    kill_before_the_reply(bot, hold, lambda: alice.say("3"))
    start_bot(**env)
    question = the_note_then(alice, "right now")
    assert "5" in buttons_of(question)
    assert query(db, "select score from pain_checkins where context = 'worst_during'") == [(3,)]
    assert all_done(db) == [("done",)]
    alice.say("2")
    alice.wait_reply(is_text("tomorrow morning"))
    assert query(db, "select context, score from pain_checkins order by id") == [
        ("before", 2), ("worst_during", 3), ("after", 2)
    ]


def test_pain_stored_before_a_kill_is_answered_and_its_question_still_takes_the_answer(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path, hold: Path, env: dict[str, str]
) -> None:
    bot = start_bot(**env)
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    kill_before_the_reply(bot, hold, lambda: alice.say("/pain"))
    paused = query(db, "select paused, paused_at from profiles")
    assert paused[0][0] == 1
    start_bot(**env)
    said(alice, SAVED)  # with the question shown again, or where to go on where /pain cannot show it yet
    assert all_done(db) == [("done",)]
    alice.say("6")  # the score /pain asked before the kill
    said(alice, "safety questions")
    assert query(db, "select context, score from pain_checkins") == [("ad_hoc", 6)]
    assert query(db, "select paused, paused_at from profiles") == paused  # paused once, not again


def test_a_user_under_an_urgent_lock_gets_only_the_lock_after_the_restart(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path, hold: Path, env: dict[str, str]
) -> None:
    bot = start_bot(**env)
    db = database_path(tmp_path)
    add_flagged_user(db, alice.id, ("inf_fever",))
    kill_before_the_reply(bot, hold, lambda: alice.say("/stop"))  # open under the lock, and it writes
    start_bot(**env)
    shown = said(alice, SAVED)
    assert shown["text"].startswith(common.RESTARTED_HERE)
    assert lock_texts.REPORTED["inf_fever"] in shown["text"]
    assert buttons_of(shown) == [lock_texts.CLEARED_BUTTON, lock_texts.NOT_YET_BUTTON]
    assert all_done(db) == [("done",)]


def test_nothing_is_said_again_after_a_clean_stop(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path, env: dict[str, str]
) -> None:
    bot = start_bot(**env)
    db = database_path(tmp_path)
    start_to_doctor(alice)
    alice.press("Yes")
    said(alice, "Safety question 1 of")
    bot.stop()  # replies sent: the update is marked done on the way out
    assert answering(db) == [(0,)]
    start_bot(**env)
    alice.say("/help")
    said(alice, "Here's what I can do")
    assert SAVED not in alice.transcript()


def test_on_postgresql_an_answer_stored_before_a_kill_is_answered_once(
    start_bot: Callable[..., BotProcess], alice: ChatUser, pg_url: str, hold: Path, env: dict[str, str]
) -> None:
    bot = start_bot(DATABASE_URL=pg_url, **env)
    start_to_doctor(alice)
    kill_before_the_reply(bot, hold, lambda: alice.press("Yes"))
    assert pg_query(pg_url, LAST_OUTCOME) == [("answering",)]
    start_bot(DATABASE_URL=pg_url, **env)
    the_note_then(alice, "Safety question 1 of")
    alice.say("/help")  # handled once start-up is over: the row answered again is marked done by then
    said(alice, "Here's what I can do")
    assert pg_query(pg_url, "select doctor_check from profiles") == [("yes",)]
    assert pg_query(pg_url, "select count(*) from inbox where outcome = 'answering'") == [(0,)]
