"""The red-flag lock, end to end: an urgent flag cannot be talked away, and nothing offers exercise under it.

Issue 11 items 1 and 2 (clinical.md s. 2, "Locks"): the real `python -m bot` process against the emulator.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from botapi_emulator import ChatUser, EmulatorClient
from conversations.texts import lock as lock_texts
from tests.e2e.users import (
    add_flagged_user,
    add_onboarded_user,
    answer_cauda_equina,
    answer_screen,
    buttons_of,
    database_path,
    query,
    said,
    start_to_doctor,
    start_today,
)
from tests.support.process import BotProcess

CLEARANCE_BUTTONS = [lock_texts.CLEARED_BUTTON, lock_texts.NOT_YET_BUTTON]
SADDLE = 3  # "numbness or pins and needles around your genitals, back passage or inner buttocks"


def lock_shown(user: ChatUser) -> dict[str, Any]:
    """The next lock message: what was reported and when, the advice, and the clearance question."""
    event = said(user, "you told me about")
    assert buttons_of(event) == CLEARANCE_BUTTONS
    return event


def offers_exercise(event: dict[str, Any]) -> bool:
    """A message that offers or shows an exercise: a session button, an exercise card, a gentle-day offer."""
    data = [str(b.get("callback_data", "")) for row in (event.get("reply_markup") or {}).get("inline_keyboard", [])
            for b in row]
    text = event.get("text") or ""
    return any(d.startswith(("sess:", "rem:")) for d in data) or "Today:" in text or "warm-up" in text.lower()


def test_an_urgent_flag_cannot_be_talked_away_and_only_a_dated_clearance_lifts_it(
    start_bot: Callable[..., BotProcess], alice: ChatUser, client: EmulatorClient, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    start_to_doctor(alice)
    alice.press("Yes")
    answer_cauda_equina(alice, {SADDLE: "Yes"}, stop_after=SADDLE)
    advice = said(alice, "emergency")
    assert buttons_of(advice) == [] and "wait to see if it passes" in advice["text"]

    alice.say("/screen")  # the re-screen starts by showing what was reported and when
    shown = lock_shown(alice)["text"]
    assert lock_texts.REPORTED["ce_saddle"] in shown and lock_texts.day_text(date.today()) in shown
    alice.press("Not yet")  # keeps the lock, repeats the advice, offers nothing else
    not_yet = said(alice, "Nothing changes until a clinician")
    assert buttons_of(not_yet) == [] and "emergency" in not_yet["text"]
    assert "Safety question 4" not in alice.transcript()
    assert query(db, "select decision, question_ids, cleared_at from red_flags") == [
        ("emergency_now", "ce_saddle", None)
    ]

    for said_now in ["/start", "/today", "/pain", "/resume", "/settings", "/screen", "/status", "hello"]:
        alice.say(said_now)
        lock_shown(alice)
    alice.say("/help")  # still works
    assert "/export" in said(alice, "/delete")["text"]
    assert not any(offers_exercise(m) for m in client.messages(alice.id) if m["sender"] == "bot")
    assert query(db, "select count(*) from session_logs") == [(0,)]

    alice.press(lock_texts.CLEARED_BUTTON)  # the one way out: examined since, and cleared
    said(alice, "examined you after")
    answer_screen(alice, first_shown=True, start_at=SADDLE + 1)
    said(alice, "How much does your back hurt")
    [(raised, cleared, words)] = query(db, "select raised_at, cleared_at, clearance from red_flags")
    assert cleared is not None and cleared >= raised and "examined me after" in words
    assert query(db, "select red_flag_cleared_at is not null from profiles") == [(1,)]


def test_the_clearance_is_in_the_export_with_both_dates_and_the_users_words(
    start_bot: Callable[..., BotProcess], alice: ChatUser, client: EmulatorClient, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_flagged_user(db, alice.id, ("inf_fever",))
    alice.say("/today")
    assert "doctor today" in lock_shown(alice)["text"]
    alice.press(lock_texts.CLEARED_BUTTON)
    said(alice, "examined you after")
    alice.say("/export")
    document = alice.wait_reply(lambda event: event["kind"] == "document")
    [flag] = json.loads(client.file_bytes(document["file_id"]))["tables"]["red_flags"]
    assert flag["question_ids"] == "inf_fever" and flag["decision"] == "doctor_today"
    assert flag["raised_at"] and flag["cleared_at"] and "examined me after" in flag["clearance"]


def test_a_non_urgent_flag_keeps_its_softer_path_but_never_lifts_without_a_clinician(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_flagged_user(db, alice.id, ("fx_bones",))
    alice.say("/status")  # not guarded: other commands work
    assert "you told me about" not in said(alice, "")["text"]
    alice.say("/screen")
    shown = lock_shown(alice)["text"]
    assert lock_texts.REPORTED["fx_bones"] in shown and "before you exercise" in shown
    alice.press("Not yet")
    said(alice, "Nothing changes until a clinician")
    alice.say("/today")
    assert not offers_exercise(said(alice, "clinician"))
    assert query(db, "select cleared_at from red_flags") == [(None,)]


def test_an_old_clearance_button_does_not_clear_a_newer_flag(
    start_bot: Callable[..., BotProcess], alice: ChatUser, client: EmulatorClient, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_flagged_user(db, alice.id, ("ce_bladder",))
    alice.say("/screen")
    old = lock_shown(alice)
    alice.press(lock_texts.CLEARED_BUTTON)
    said(alice, "examined you after")
    add_flagged_user(db, alice.id, ("ce_bowel",))  # new symptoms later: a new flag
    [old_yes] = [b["callback_data"] for row in old["reply_markup"]["inline_keyboard"] for b in row
                 if b["text"] == lock_texts.CLEARED_BUTTON]
    client.press(alice.id, int(old["message_id"]), old_yes)
    assert lock_texts.REPORTED["ce_bowel"] in lock_shown(alice)["text"]
    assert query(db, "select question_ids, cleared_at is null from red_flags order by id") == [
        ("ce_bladder", 0), ("ce_bowel", 1)
    ]


INPUTS = [
    "/start", "/today", "/pain", "/resume", "/settings", "/screen", "/status", "/progress", "/cancel", "7", "hello",
    "press:Done", "press:Not yet",
]


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(inputs=st.lists(st.sampled_from(INPUTS), min_size=3, max_size=6))
def check_no_exercise_until_cleared(setup: dict[str, Any], inputs: list[str]) -> None:
    """One example: a user with a session card open is flagged; whatever they send next, each input gets an
    answer, none offers an exercise, no session starts and the flag stays open."""
    client, db, user_id = setup["client"], setup["db"], setup["next_id"]()
    add_onboarded_user(db, user_id)
    user = ChatUser(client, user_id, first_name="P")
    start_today(user)
    user.wait_reply(lambda e: e["kind"] == "message" and "Done" in str(e.get("reply_markup")))
    add_flagged_user(db, user_id, ("ce_saddle",))
    before = len(client.messages(user_id))
    user.say("/screen")
    lock_shown(user)
    for given_input in inputs:
        if given_input.startswith("press:"):
            user.press(given_input.removeprefix("press:"))  # an old card's Done, or the lock's Not yet
        else:
            user.say(given_input)
        event = user.wait_reply(lambda e: e["kind"] == "message")
        assert not offers_exercise(event), (given_input, event)
    after = [m for m in client.messages(user_id)[before:] if m["sender"] == "bot"]
    assert after and not any(offers_exercise(m) for m in after)
    assert query(db, "select count(*) from session_logs where user_id = ? and status = 'completed'", user_id) == [(0,)]
    assert query(db, "select cleared_at from red_flags where user_id = ?", user_id) == [(None,)]


def test_property_no_input_offers_an_exercise_until_a_dated_clearance_is_recorded(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, tmp_path: Path
) -> None:
    start_bot()
    ids = iter(range(5000, 6000))
    check_no_exercise_until_cleared({"client": client, "db": database_path(tmp_path), "next_id": lambda: next(ids)})
