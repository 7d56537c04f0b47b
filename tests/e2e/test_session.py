"""The day's session, end to end: /today, one card at a time, It hurts, stale buttons, the check-in."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from botapi_emulator import ChatUser, EmulatorClient
from coach.screening import PAIN_RECHECK_QUESTIONS
from conversations.texts import session as session_texts
from tests.e2e.users import (
    add_onboarded_user,
    add_progress,
    answer_starting_pain,
    buttons_of,
    buttons_under,
    database_path,
    forge_press,
    is_text,
    query,
    start_today,
)
from tests.support.process import BotProcess

TOE_TAPS = {"drawing_in": {"exercise_id": "toe_taps", "reps": 6, "sets": 1, "hold_seconds": 0}}


def run_through(alice: ChatUser, *, until: str = "worst", press: str = "Done") -> dict[str, Any]:
    """Press ``press`` on every card until the message containing `until` arrives; that message."""
    while True:
        event = alice.wait_reply(lambda e: e["kind"] == "message" and ("Today:" in e["text"] or until in e["text"]))
        if until in event["text"]:
            return event
        alice.press(press)


def done_up_to(alice: ChatUser, card: int, first: int = 1) -> dict[str, Any]:
    """Done on cards ``first`` to ``card - 1`` (of 9); card ``card``'s message."""
    for position in range(first, card):
        alice.wait_reply(is_text(f"{position}/9"))
        alice.press("Done")
    return alice.wait_reply(is_text(f"{card}/9"))


def report_hurt(alice: ChatUser, kind: str) -> None:
    """It hurts on the card shown, with the kind ``kind``; up to the question how strong."""
    alice.press("It hurts")
    alice.wait_reply(is_text("What kind of pain"))
    alice.press(kind)
    alice.wait_reply(is_text("How strong"))


def test_a_full_session_then_the_check_in(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.say("/today")
    intro = alice.wait_reply(is_text("Today's session"))
    assert "warm-up (about 5 minutes)" in intro["text"] and "right now" in intro["text"]
    alice.press("2")
    first = alice.wait_reply(is_text("Today:"))
    assert "1/9" in first["text"] and "Warm-up" in first["text"] and "Avoid:" in first["text"]
    assert "Breathing: Breathe normally" in first["text"] and "Skip it today if: You feel dizzy" in first["text"]
    assert "1. " in first["text"]
    assert set(alice.last_buttons()) >= {"Done ✅", "Skip", "It hurts"}
    alice.press("Skip")
    ask = run_through(alice)
    assert "Session done" in alice.transcript()
    assert "💡 Support your lower back" in alice.transcript()  # the first sitting tip, with the first summary
    assert "You did 8 of 9 exercises, skipped 1" in alice.transcript()
    assert "0 is no pain" in ask["text"]
    alice.press("2")
    alice.wait_reply(is_text("right now"))
    alice.say("seven")  # typed words are understood
    alice.wait_reply(lambda e: e["kind"] == "message" and ("step back" in e["text"] or "Great" in e["text"]))
    [(status, outcome, index)] = query(db, "select status, outcome, current_index from session_logs")
    assert (status, index) == ("partly_done", 9)  # one skipped: finished, not completed in full
    results = query(db, "select position, result from exercise_results order by position")
    assert [r for _, r in results] == ["skipped"] + ["done"] * 8
    scores = query(db, "select context, score from pain_checkins order by id")
    assert scores == [("before", 2), ("worst_during", 2), ("after", 7)]
    assert outcome == "red"  # pain now 7, a rise of 5 over her usual 2: red at once
    tracks = query(db, "select track, exercise_id, last_done from exercise_progress")
    assert len(tracks) == 4 and all(last is not None for _, _, last in tracks)


def test_check_in_understands_7_of_10_and_refuses_11(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    start_today(alice)
    run_through(alice)
    alice.say("11")
    refusal = alice.wait_reply(is_text("0 to 10"))
    assert "scale goes from 0 to 10" in refusal["text"]
    alice.say(" 3/10 ")
    alice.wait_reply(is_text("right now"))
    alice.say("1")
    done = alice.wait_reply(is_text("Great work"))
    assert "tomorrow morning" in done["text"]
    scores = query(db, "select context, score from pain_checkins order by id")
    assert scores == [("before", 2), ("worst_during", 3), ("after", 1)]
    assert query(db, "select status, outcome from session_logs") == [("completed", None)]  # every one done;
    # the outcome waits for the next-morning answer


def after(transcript: str, marker: str) -> str:
    """The part of a transcript after the first occurrence of ``marker``."""
    _, found, tail = transcript.partition(marker)
    assert found, f"{marker!r} not in the transcript"
    return tail


def test_sharp_pain_8_ends_the_session_and_the_check_in_does_not_ask_the_worst_pain_again(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    start_today(alice)
    alice.wait_reply(is_text("1/9"))
    alice.press("It hurts")
    ask = alice.wait_reply(is_text("What kind of pain"))
    assert "Stop this exercise now" in ask["text"]
    assert alice.last_buttons() == ["A dull ache", "Sharp or shooting", "Pain going into a leg", "Numbness or tingling"]
    alice.say("it's bad")  # free text: a hint and the same buttons
    alice.wait_reply(is_text("choose the kind"))
    alice.press("Sharp or shooting")
    alice.wait_reply(is_text("How strong"))
    alice.press("8")
    advice = alice.wait_reply(is_text("Stop this exercise"))["text"]
    assert "end today's session here" in advice and "Rest" in advice and "emergency care" in advice
    ended = alice.wait_reply(is_text("Session ended"))
    assert "You did 0 of 9 exercises, stopped 1 because it hurt" in ended["text"]
    assert "Stopping was the right thing to do" in ended["text"]  # care, not a flat "session ended"
    now = alice.wait_reply(is_text("right now"))
    assert "8/10" in now["text"]  # the score given is taken as the worst pain, not asked again
    assert query(db, "select status from session_logs") == [("stopped_pain",)]
    assert query(db, "select position, result, pain_kind from exercise_results") == [(0, "hurt", "sharp_or_shooting")]
    alice.press("3")
    assert "step back" in alice.wait_reply(is_text("step back"))["text"]  # worst 8: a red session
    tail = after(alice.transcript(), "What kind of pain")
    assert "Next exercise" not in tail and "Try the easier version" not in tail and "Today:" not in tail
    assert "How bad was the" not in alice.transcript()
    scores = query(db, "select context, score from pain_checkins order by id")
    assert scores == [("before", 2), ("worst_during", 8), ("after", 3)]
    assert query(db, "select status, outcome from session_logs") == [("stopped_pain", "red")]


def test_a_dull_ache_score_given_in_it_hurts_is_not_asked_again_in_the_check_in(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    start_today(alice)
    alice.wait_reply(is_text("1/9"))
    alice.press("Done")
    alice.wait_reply(is_text("2/9"))
    alice.press("It hurts")
    alice.wait_reply(is_text("What kind of pain"))
    alice.press("A dull ache")
    alice.wait_reply(is_text("How strong"))
    alice.say("3/10")
    assert "usually fine" in alice.wait_reply(is_text("dull ache"))["text"]
    alice.wait_reply(is_text("What would you like"))
    assert alice.last_buttons() == ["Next exercise", "End the session"]  # a warm-up move has no easier version
    alice.press("End the session")
    now = alice.wait_reply(is_text("right now"))
    assert "3/10" in now["text"]
    assert query(db, "select status from session_logs") == [("ended_by_user",)]  # 7 items were left
    assert "How bad was the" not in alice.transcript()
    alice.press("1")
    alice.wait_reply(is_text("tomorrow morning"))
    scores = query(db, "select context, score from pain_checkins order by id")
    assert scores == [("before", 2), ("worst_during", 3), ("after", 1)]
    assert query(db, "select result, pain_kind from exercise_results where position = 1") == [
        ("hurt", "dull_ache_fades")
    ]


def test_stale_and_doubled_buttons_get_a_polite_answer(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    start_today(alice)
    alice.wait_reply(is_text("1/9"))
    alice.press("Done")
    alice.wait_reply(is_text("2/9"))
    old = next(m for m in client.messages(alice.id) if "1/9" in (m.get("text") or ""))
    done_data = old["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    client.press(alice.id, old["message_id"], done_data)  # doubled press: nothing happens twice
    client.wait_for(alice.id, lambda e: e["kind"] == "callback_answer" and "Already noted" in (e.get("text") or ""))
    alice.wait_reply(is_text("2/9"))  # the card being asked comes again (its first delivery may have been lost)
    assert query(db, "select count(*) from exercise_results") == [(1,)]
    card = next(m for m in client.messages(alice.id) if "2/9" in (m.get("text") or ""))
    alice.say("/today")
    alice.wait_reply(is_text("Carry on where you left off"))
    alice.press("Start again")
    answer_starting_pain(alice)
    alice.wait_reply(is_text("1/9"))
    stale = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    client.press(alice.id, card["message_id"], stale)  # a card of the abandoned session
    client.wait_for(alice.id, lambda e: e["kind"] == "callback_answer" and "session is over" in (e.get("text") or ""))
    assert query(db, "select status, current_index from session_logs order by id") == [
        ("abandoned", 1), ("in_progress", 0)
    ]
    query(db, "update session_logs set local_date = date(local_date, '-1 day') where status = 'in_progress'")
    newest = next(m for m in reversed(client.messages(alice.id)) if "1/9" in (m.get("text") or ""))
    yesterday = newest["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    client.press(alice.id, newest["message_id"], yesterday)  # a card of an earlier day
    answers = client.wait_for(alice.id, lambda e: e["kind"] == "callback_answer")
    assert "session is over" in answers[-1]["text"]
    assert query(db, "select count(*) from exercise_results") == [(1,)]


SIDE_PLANK_TOP = {"side_plank": {"exercise_id": "side_plank_knees", "reps": 4, "sets": 2, "hold_seconds": 20}}


def timer_texts(client: EmulatorClient, alice: ChatUser, until: str) -> tuple[dict[str, Any], list[str]]:
    """Wait for the timer's edit containing ``until``; the timer message and every text it showed, in order."""
    first = alice.wait_reply(is_text("⏱"))
    events = client.wait_for(alice.id, lambda e: e["kind"] == "edit" and until in (e["text"] or ""))
    shown = [first["text"], *(e["text"] for e in events if e["kind"] == "edit" and e.get("message_id") in (
        None, first["message_id"]))]
    return first, shown


def test_the_timer_follows_a_card_with_sides_and_sets_and_carries_done_itself(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    """Issue 13 item 4: marching is "keep moving"; a side plank at 2 x 4 reps, hold 20 s, runs left side rep by
    rep, a switch, the right side, a rest before set 2, the same again; Done on the timer's own message."""
    start_bot(TIMER_TICK_SECONDS="0")  # the timer's redraws at once: no waiting in a test
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    add_progress(db, alice.id, SIDE_PLANK_TOP)
    start_today(alice)
    assert "Easy walk or march" in alice.wait_reply(is_text("1/9"))["text"]
    alice.press("Start the timer")
    first, shown = timer_texts(client, alice, "Time's up")
    assert "Keep moving, 60 s left" in first["text"] and "hold" not in first["text"].lower()
    alice.press("Done")  # on the timer's message: the newest with the button
    card = done_up_to(alice, 8, first=2)
    assert "Side plank on knees" in card["text"] and "2 x 4 reps each side, hold 20 s" in card["text"]
    alice.press("Start the timer")
    timer, shown = timer_texts(client, alice, "Time's up")
    assert "Side plank on knees · set 1 of 2" in timer["text"] and "Left side, rep 1 of 4: hold, 20 s left" in timer[
        "text"]
    assert alice.last_buttons() == ["Done ✅", "It hurts"]
    marks = ["Left side, rep 4 of 4", "Switch to the right side", "Right side, rep 1 of 4", "Right side, rep 4 of 4",
             "Rest before set 2: 30 s", "set 2 of 2", "Time's up"]
    where = [next(i for i, text in enumerate(shown) if mark in text) for mark in marks]
    assert where == sorted(where), shown  # in the card's order
    assert "Lower and relax" in "\n".join(shown) and "Next: Right side, rep 1 of 4" in "\n".join(shown)
    timers = [m for m in client.messages(alice.id) if "⏱" in (m.get("text") or "") and "Start" not in m["text"]]
    assert len(timers) == 2 and all(m["edited"] and "Time's up" in m["text"] for m in timers)  # one per card
    alice.press("Done")  # on the timer's message again
    assert "9/9" in alice.wait_reply(is_text("Today:"))["text"]
    assert query(db, "select position, result, sets, reps, hold_seconds from exercise_results where position = 7") == [
        (7, "done", 2, 4, 20)
    ]


def test_help_and_cancel_inside_a_session(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    start_today(alice)
    alice.wait_reply(is_text("1/9"))
    alice.say("done!")  # free text where a button is expected: a hint and the same card again
    assert "use the buttons" in alice.wait_reply(is_text("buttons"))["text"]
    assert "1/9" in alice.wait_reply(is_text("Today:"))["text"]
    alice.say("/help")
    help_reply = alice.wait_reply(is_text("/today"))["text"]
    assert "/pain" in help_reply and "still where we were" in help_reply  # the command list; the session stays
    alice.press("Done")
    alice.wait_reply(is_text("2/9"))
    alice.say("/cancel")
    assert "stopped" in alice.wait_reply()["text"]
    alice.say("/today")
    alice.wait_reply(is_text("exercise 2 of 9"))
    assert query(db, "select status, current_index from session_logs") == [("in_progress", 1)]


def test_a_user_who_has_not_finished_onboarding_is_sent_to_start(
    start_bot: Callable[..., BotProcess], alice: ChatUser
) -> None:
    start_bot()
    alice.say("/today")
    assert "/start" in alice.wait_reply()["text"]


def hurt_at_drawing_in(alice: ChatUser, kind: str) -> None:
    """Done through the warm-up, then It hurts at the first exercise (6/9, abdominal drawing-in) with ``kind``."""
    start_today(alice)
    assert "Abdominal drawing-in" in done_up_to(alice, 6)["text"]
    report_hurt(alice, kind)


def answer_no_to_the_safety_questions(alice: ChatUser, answered: int = 0) -> None:
    """No to every safety question after the first ``answered`` (those answered already)."""
    for _ in PAIN_RECHECK_QUESTIONS[answered:]:
        alice.wait_reply(lambda e: e["kind"] == "message" and "Not sure" in str(e.get("reply_markup")))
        alice.press("No")
    clear = alice.wait_reply(is_text("urgent signs"))["text"]
    assert "None of those urgent signs applies" in clear and "no need" not in clear


def test_numbness_asks_the_cauda_equina_questions_and_ends_the_session(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    hurt_at_drawing_in(alice, "Numbness or tingling")
    alice.say("four")
    advice = alice.wait_reply(is_text("Stop this exercise"))["text"]
    assert "Numbness or tingling is a sign to stop" in advice and "end today's session here" in advice
    assert query(db, "select status from session_logs") == [("stopped_pain",)]  # recorded before the questions
    assert "numbness or tingling" in alice.wait_reply(is_text("safety questions"))["text"]
    first = alice.wait_reply(is_text(PAIN_RECHECK_QUESTIONS[0].text))
    [(session_id,)] = query(db, "select id from session_logs")
    forged = f"sess:rf:{session_id + 1}:5:0:yes"  # a safety question of a session that is not hers
    assert forge_press(alice, first["message_id"], forged) == session_texts.SESSION_OVER
    again = alice.wait_reply(is_text(PAIN_RECHECK_QUESTIONS[0].text))  # the question being asked, again
    assert buttons_of(again) == buttons_under(alice, first["message_id"]) == ["Yes", "No", "Not sure"]
    assert query(db, "select count(*) from screening_answers") == [(0,)]
    alice.press("No")
    answer_no_to_the_safety_questions(alice, answered=1)
    ended = alice.wait_reply(is_text("Session ended"))
    assert "You did 5 of 9 exercises, stopped 1 because it hurt" in ended["text"]
    assert "4/10" in alice.wait_reply(is_text("right now"))["text"]
    alice.press("2")
    assert "hold your progress for a week" in alice.wait_reply(is_text("leg"))["text"]
    tail = after(alice.transcript(), "What kind of pain")
    assert "Next exercise" not in tail and "Today:" not in tail and "How bad was the" not in tail
    assert query(db, "select position, result, pain_kind from exercise_results where position = 5") == [
        (5, "hurt", "numbness_or_tingling")
    ]
    assert query(db, "select status, outcome from session_logs") == [("stopped_pain", "red")]
    assert query(db, "select context, score, leg_symptoms from pain_checkins order by id") == [
        ("before", 2, None), ("worst_during", 4, 1), ("after", 2, None)
    ]
    assert len(query(db, "select * from screening_answers where answer = 'no'")) == len(PAIN_RECHECK_QUESTIONS)


def test_leg_pain_with_the_score_skipped_ends_the_session_and_asks_the_worst_pain_once(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    hurt_at_drawing_in(alice, "Pain going into a leg")
    alice.press("Skip this question")
    assert "going into your leg is a sign to stop" in alice.wait_reply(is_text("Stop this exercise"))["text"]
    assert "goes into your leg" in alice.wait_reply(is_text("safety questions"))["text"]
    answer_no_to_the_safety_questions(alice)
    alice.wait_reply(is_text("Session ended"))
    alice.wait_reply(is_text("How bad was the"))  # no score was given: asked once, after the session
    alice.press("5")
    alice.wait_reply(is_text("right now"))
    alice.press("3")
    alice.wait_reply(is_text("hold your progress for a week"))
    assert "Next exercise" not in after(alice.transcript(), "What kind of pain")
    assert query(db, "select status, outcome from session_logs") == [("stopped_pain", "red")]
    assert query(db, "select context, score, leg_symptoms from pain_checkins order by id") == [
        ("before", 2, None), ("worst_during", 5, 1), ("after", 3, None)
    ]


def test_dull_ache_4_offers_an_easier_version_not_done_today_and_the_counter_stays_consistent(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    add_progress(db, alice.id, TOE_TAPS)  # anterior core at toe taps: its easier version is drawing-in
    start_today(alice)
    assert "Toe taps" in done_up_to(alice, 6)["text"]
    report_hurt(alice, "A dull ache")
    strong = next(m for m in reversed(alice.client.messages(alice.id)) if "How strong" in (m.get("text") or ""))
    alice.press("4")
    offer = alice.wait_reply(is_text("What would you like"))
    assert buttons_of(offer) == ["Try the easier version", "Next exercise", "End the session"]
    four = strong["reply_markup"]["inline_keyboard"][0][4]["callback_data"]  # the score 4
    assert forge_press(alice, strong["message_id"], four) == session_texts.ALREADY_NOTED  # as if its reply was lost
    assert buttons_of(alice.wait_reply(is_text("What would you like"))) == buttons_of(offer)  # asked again
    alice.press("Try the easier version")
    easier = alice.wait_reply(is_text("Today:"))
    assert "6/9 · Abdominal drawing-in (Easier version)" in easier["text"]
    try_easier = offer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert forge_press(alice, offer["message_id"], try_easier) == session_texts.NOT_NOW  # pressed once more
    assert "(Easier version)" in alice.wait_reply(is_text("6/9"))["text"]  # the card being asked, again
    assert buttons_under(alice, easier["message_id"]) == buttons_of(easier)  # its buttons kept
    alice.press("Done")
    assert "7/9 · Bird dog" in alice.wait_reply(is_text("Today:"))["text"]
    alice.press("It hurts")
    alice.wait_reply(is_text("What kind of pain"))
    alice.press("A dull ache")
    alice.wait_reply(is_text("How strong"))
    alice.press("Skip this question")
    alice.wait_reply(is_text("What would you like"))
    assert alice.last_buttons() == ["Next exercise", "End the session"]  # cat-camel was done in the warm-up
    alice.press("Next exercise")
    assert "8/9" in alice.wait_reply(is_text("Today:"))["text"]
    alice.press("Done")
    assert "9/9" in alice.wait_reply(is_text("Today:"))["text"]
    alice.press("Done")
    summary = alice.wait_reply(is_text("Session ended"))["text"]
    assert "You did 7 of 9 exercises and 1 easier version, stopped 2 because it hurt" in summary
    assert query(db, "select status from session_logs") == [("partly_done",)]  # through to the end: not stopped
    assert "4/10" in alice.wait_reply(is_text("right now"))["text"]  # the score given is not asked again
    counters = re.findall(r"(\d+)/(\d+) · ", alice.transcript())
    assert [int(n) for n, _ in counters] == [1, 2, 3, 4, 5, 6, 6, 6, 7, 8, 9]  # the easier version stands in for 6
    # (and was shown twice)
    assert {total for _, total in counters} == {"9"}
    exercises = query(db, "select position, exercise_id, result from exercise_results order by position")
    assert exercises[5:] == [
        (5, "toe_taps", "hurt"), (6, "abdominal_drawing_in", "done"), (7, "bird_dog", "hurt"),
        (8, "side_plank_knees", "done"), (9, "glute_bridge", "done"),
    ]


def test_short_on_time_gives_the_five_minute_session(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    start_today(alice)
    alice.wait_reply(is_text("1/9"))
    alice.press("5-minute version")
    assert "short session" in alice.wait_reply(is_text("short session"))["text"]
    assert "1/4" in alice.wait_reply(is_text("Today:"))["text"]
    assert query(db, "select kind, status from session_logs order by id") == [
        ("full", "abandoned"), ("minimum", "in_progress")
    ]


def test_the_session_starts_with_the_pain_right_now_and_a_high_usual_pain_without_a_rise_is_green(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    """Issue 13 item 1: usual pain 7, before 7, worst 7, right after 7 is no rise, so no hold (it was red)."""
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id, baseline_pain=7)
    alice.say("/today")
    intro = alice.wait_reply(is_text("right now"))
    assert "Today's session" in intro["text"] and set(alice.last_buttons()) >= {str(n) for n in range(11)}
    alice.say("seven")  # a typed score answers it too
    assert "7/10 noted" in alice.wait_reply(is_text("noted"))["text"]
    ask = run_through(alice)
    assert "0 is no pain" in ask["text"]
    alice.press("7")
    alice.wait_reply(is_text("right now"))
    alice.press("7")
    assert "Great work today" in alice.wait_reply(is_text("tomorrow morning"))["text"]
    scores = query(db, "select context, score from pain_checkins order by id")
    assert scores == [("before", 7), ("worst_during", 7), ("after", 7)]


def test_the_five_minute_version_keeps_the_pain_given_at_the_start(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.say("/today")
    alice.wait_reply(is_text("right now"))
    alice.say("eleven")  # not on the scale: why, and the scale again
    alice.wait_reply(is_text("pain score"))
    alice.press("3")
    alice.wait_reply(is_text("1/9"))
    alice.press("5-minute version")  # still under the intro after the score
    alice.wait_reply(is_text("short session"))
    assert "1/4" in alice.wait_reply(is_text("Today:"))["text"]  # not asked again
    assert query(db, "select context, score from pain_checkins order by id") == [("before", 3), ("before", 3)]


def test_skipping_everything_gets_honest_words_not_praise(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    """Issue 13 item 4: no "Warm-up done, nice" after skipping the warm-up; no "Session done 🎉" for 0 of 9;
    the session is stored as nothing done (not counted as trained, no check-in), and /today offers a new one."""
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    start_today(alice)
    run_through(alice, until="No exercises this time", press="Skip")
    transcript = alice.transcript()
    assert "Warm-up done, nice" not in transcript and "You skipped the warm-up" in transcript
    assert "No exercises this time" in transcript and "Session done" not in transcript
    assert "You did 0 of 9 exercises, skipped 9" in transcript
    assert query(db, "select status, outcome from session_logs") == [("nothing_done", None)]
    alice.say("/today")  # nothing was done: not "you've done today's session", a fresh one
    alice.wait_reply(is_text("Today's session"))
    assert "0 is no pain" not in alice.transcript()  # no check-in of a session with nothing done
    assert "You've done today's session" not in alice.transcript()


def test_an_answered_question_keeps_the_answer_chosen_in_the_chat(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    """Issue 13 item 4: the buttons go, and "→ A dull ache" stays under the question, so the history reads."""
    start_bot()
    add_onboarded_user(database_path(tmp_path), alice.id)
    start_today(alice)
    alice.wait_reply(is_text("1/9"))
    alice.press("It hurts")
    alice.wait_reply(is_text("What kind of pain"))
    alice.press("A dull ache")
    alice.wait_reply(is_text("How strong"))
    (asked,) = [m for m in client.messages(alice.id) if "What kind of pain" in (m.get("text") or "")]
    assert asked["text"].endswith("→ A dull ache") and not (asked["reply_markup"] or {}).get("inline_keyboard")
    intro = next(m for m in client.messages(alice.id) if "right now" in (m.get("text") or ""))
    assert "→" not in intro["text"]  # the starting pain's buttons are replaced, not answered in the text


def test_a_session_stopped_for_pain_at_its_last_exercise_says_so_in_the_export(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    """Issue 13 item 4: stopped for pain on the 9th of 9 is stored as that, and /export says at which exercise,
    not "finished" and not a session skipped whole."""
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    start_today(alice)
    assert "9/9 · Glute bridge" in done_up_to(alice, 9)["text"]
    report_hurt(alice, "Sharp or shooting")
    alice.press("7")
    assert "You did 8 of 9 exercises, stopped 1 because it hurt" in alice.wait_reply(is_text("Session ended"))["text"]
    alice.wait_reply(is_text("right now"))
    assert query(db, "select status, current_index from session_logs") == [("stopped_pain", 9)]
    alice.say("/export")
    document = alice.wait_reply(lambda event: event["kind"] == "document")
    (session,) = json.loads(client.file_bytes(document["file_id"]))["summary"]["your sessions"]
    assert session["what happened"] == "stopped because it hurt, at Glute bridge (exercise 9 of 9)"
