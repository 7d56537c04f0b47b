"""Onboarding and /screen with the real `python -m bot` process, driven through the emulator as a user would.

Each answer must be in the database the moment it is given: the tests read the bot's SQLite file beside the
running process (WAL mode), restart it, and kill it with SIGKILL in the middle of the conversation.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from botapi_emulator import ChatUser, EmulatorClient
from coach.screening import RED_FLAG_QUESTIONS
from conversations.texts import lock as lock_texts
from tests.e2e.users import (
    SCREEN_TOTAL,
    answer_cauda_equina,
    answer_checklist,
    answer_screen,
    buttons_of,
    onboard,
    onboard_to_days,
    onboard_to_ready,
    pick_days,
    profile_row,
    query,
    reminder_row,
    said,
    start_to_doctor,
    wait_for_state,
)
from tests.support.process import BotProcess


def screening_answers(tmp_path: Path, user_id: int) -> dict[str, str]:
    with sqlite3.connect(tmp_path / "backcoach.db") as db:
        rows = db.execute("select question_id, answer from screening_answers where user_id = ?", (user_id,))
        return dict(rows.fetchall())


# --------------------------------------------------------------------------------------------- tests ---


def test_full_onboarding_stores_every_answer(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    summary = onboard(alice)
    text = summary["text"]
    assert "Mon, Wed, Fri, Sat" in text and "07:00" in text and "Europe/London" in text
    assert "gentle start" not in text
    assert "Starting level: foundation: small doses that grow" in text and "/today" in text
    assert buttons_of(summary) == []

    profile = profile_row(tmp_path, alice.id)
    assert profile["consent_at"] is not None  # answering the welcome's question is the consent
    assert profile["doctor_check"] == "yes" and profile["doctor_check_at"] is not None
    assert profile["screening_outcome"] == "clear" and profile["screened_at"] is not None
    assert profile["baseline_pain"] == 3
    assert profile["experience"] == "some"
    assert profile["equipment"] == ""
    assert profile["training_days"] == "0,2,4,5"
    assert profile["reminder_time"] == "07:00"
    assert profile["timezone"] == "Europe/London"
    assert profile["onboarding_step"] == "done" and profile["onboarded_at"] is not None
    assert profile["weekly_goal"] == 4
    assert screening_answers(tmp_path, alice.id) == {q.id: "no" for q in RED_FLAG_QUESTIONS}
    reminder = reminder_row(tmp_path, alice.id)
    assert reminder is not None and reminder["enabled"] == 1 and reminder["next_fire_at"] is not None

    alice.say("/start")
    back = said(alice, "Welcome back, Alice")
    assert "/today" in back["text"]

    alice.say("/screen")  # the safety questions again, for an onboarded user
    said(alice, "Let's go through the safety questions again")
    assert profile_row(tmp_path, alice.id)["screening_outcome"] is None  # no half-finished screen counts
    answer_screen(alice, first_shown=True)
    said(alice, "Your answers are saved")
    profile = profile_row(tmp_path, alice.id)
    assert profile["screening_outcome"] == "clear" and profile["onboarded_at"] is not None
    reminder = reminder_row(tmp_path, alice.id)
    assert reminder is not None and reminder["enabled"] == 1


def test_red_flag_stops_with_neutral_emergency_advice_and_no_plan(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    start_to_doctor(alice)
    alice.press("Yes")
    said(alice, f"Safety question 1 of {SCREEN_TOTAL}")
    alice.press("Yes")
    advice = said(alice, "emergency care now")
    text = advice["text"]
    # no country known yet (the flows pass the user's numbers later): 112 and "your local emergency number"
    assert "call 112 or your local emergency number" in text and "Do not do any exercises" in text
    assert "Don't wait to see if it passes" in text and "nerves at the base of the spine" in text
    assert "needs checking by a doctor" in text
    assert buttons_of(advice) == []
    assert "Start my first session" not in alice.transcript()
    assert "Safety question 2" not in alice.transcript()
    profile = profile_row(tmp_path, alice.id)
    assert profile["screening_outcome"] == "emergency_now"
    assert profile["onboarded_at"] is None and profile["baseline_pain"] is None
    assert screening_answers(tmp_path, alice.id) == {"ce_bladder": "yes"}

    alice.say("/start")  # the lock: what was reported and when, the advice, the one way forward
    again = said(alice, "you told me about")
    assert "emergency care now" in again["text"] and lock_texts.CLEARED_BUTTON in buttons_of(again)

    alice.press(lock_texts.CLEARED_BUTTON)  # a clinician examined her since: the other questions, then on
    said(alice, "examined you after")
    answer_screen(alice, first_shown=True, start_at=2)
    said(alice, "How much does your back hurt right now")
    profile = profile_row(tmp_path, alice.id)
    assert profile["screening_outcome"] == "emergency_now" and profile["red_flag_cleared_at"] is not None
    assert screening_answers(tmp_path, alice.id) == {q.id: "yes" if q.id == "ce_bladder" else "no"
                                                     for q in RED_FLAG_QUESTIONS}


def test_not_sure_counts_as_yes_for_an_urgent_question(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    start_to_doctor(alice)
    alice.press("Yes")
    answer_cauda_equina(alice, {4: "Not sure"}, stop_after=4)  # the new question on sexual function
    advice = said(alice, "emergency care now")
    assert buttons_of(advice) == []
    assert screening_answers(tmp_path, alice.id)["ce_sexual"] == "not_sure"
    assert profile_row(tmp_path, alice.id)["screening_outcome"] == "emergency_now"


def test_the_checklist_ticks_items_and_the_most_severe_decides(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    start_to_doctor(alice)
    alice.press("Yes")
    answer_cauda_equina(alice)
    checklist = said(alice, f"Safety question {SCREEN_TOTAL} of {SCREEN_TOTAL}")
    assert "fever, or feeling hot and shivery" in checklist["text"] and "infection recently" not in checklist["text"]
    assert buttons_of(checklist)[-1] == "None of these"
    answer_checklist(alice, ["fx_fall", "ca_age", "ca_treated"], shown=True)
    advice = said(alice, "Please see your doctor soon, before you exercise")
    assert buttons_of(advice) == []
    assert "How much does your back hurt" not in alice.transcript()
    answers = screening_answers(tmp_path, alice.id)
    assert answers["fx_fall"] == answers["ca_age"] == answers["ca_treated"] == "yes"
    assert answers["inf_hot_shivery"] == "no" and answers["ca_first_episode"] == "no"
    assert profile_row(tmp_path, alice.id)["screening_outcome"] == "doctor_before_starting"


def test_an_item_ticked_twice_is_unticked_and_none_ticked_shows_none_of_these_again(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    start_to_doctor(alice)
    alice.press("Yes")
    answer_cauda_equina(alice)
    said(alice, f"Safety question {SCREEN_TOTAL} of {SCREEN_TOTAL}")
    alice.press("1. Fever or hot and shivery")
    ticked = alice.wait_reply(lambda e: e["kind"] == "edit" and "✓ 1." in str(e.get("reply_markup")))
    assert buttons_of(ticked)[-1] == "✅ Done"
    alice.press("✓ 1. Fever or hot and shivery")
    unticked = alice.wait_reply(lambda e: e["kind"] == "edit" and "✓" not in str(e.get("reply_markup")))
    assert buttons_of(unticked)[-1] == "None of these"
    alice.press("None of these")
    said(alice, "None of your answers points to one of the warning signs")
    assert profile_row(tmp_path, alice.id)["screening_outcome"] == "clear"
    assert screening_answers(tmp_path, alice.id)["inf_hot_shivery"] == "no"


def test_inflammatory_back_pain_advises_the_doctor_and_starts_gently_without_a_lock(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    start_to_doctor(alice)
    alice.press("Yes")
    answer_cauda_equina(alice)
    answer_checklist(alice, ["ia_morning_stiffness"])
    advice = said(alice, "Please see your doctor about the morning stiffness")
    assert "start the exercises gently" in advice["text"]
    assert "How much does your back hurt right now" in advice["text"]  # and on: no lock
    profile = profile_row(tmp_path, alice.id)
    assert profile["screening_outcome"] == "see_doctor_start_gently" and profile["red_flag_cleared_at"] is None
    alice.press("4")
    said(alice, "How much exercise")
    alice.say("/status")  # not locked: other commands work
    assert "you told me about" not in said(alice, "")["text"]


def test_doctor_not_yet_gives_a_gentle_start_and_typed_time_and_city_work(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    start_to_doctor(alice)
    alice.press("Not yet")
    said(alice, "gentle mobility only")
    assert profile_row(tmp_path, alice.id)["doctor_check"] == "no"
    answer_screen(alice)
    said(alice, "How much does your back hurt right now")
    alice.say("seven")
    said(alice, "7 out of 10")
    alice.press("New to exercise")
    ready = said(alice, "Your programme is ready")
    assert "gentle start" in ready["text"] and buttons_of(ready) == ["Start my first session now", "Later"]
    alice.press("Later")
    said(alice, "Which of these do you have at home")
    alice.press("None of these")
    said(alice, "Which days")
    alice.press("Done")  # no day yet: refused kindly, nothing changes
    assert "at least one day" in alice.wait_reply(lambda e: e["kind"] == "callback_answer")["text"]
    pick_days(alice, "Tue", "Sat")
    nudge = said(alice, "You picked 2 days")
    assert "3 to 5 sessions a week; 4 or 5 is what we aim for" in nudge["text"]
    assert buttons_of(nudge) == ["Add days", "Keep my choice"]
    alice.press("Add days")
    said(alice, "Chosen: Tue, Sat")
    pick_days(alice, "Thu", "Sun")
    said(alice, "What time")
    assert profile_row(tmp_path, alice.id)["training_days"] == "1,3,5,6"
    alice.say("7:30")
    said(alice, "Which timezone")
    alice.say("Kathmandu")
    said(alice, "(Asia/Kathmandu). Right?")
    alice.press("Yes, that's right")
    summary = said(alice, "You're all set")
    assert "gentle start" in summary["text"]
    assert "07:30 (Asia/Kathmandu)" in summary["text"]
    profile = profile_row(tmp_path, alice.id)
    assert profile["doctor_check"] == "no" and profile["doctor_check_at"] is not None
    assert (profile["reminder_time"], profile["timezone"], profile["baseline_pain"]) == ("07:30", "Asia/Kathmandu", 7)


def test_free_text_bad_pain_and_cancel_then_start_continue_at_the_same_question(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    welcome = start_to_doctor(alice)
    assert "What I am not" in welcome["text"] and "exercise coach, not a doctor" in welcome["text"]
    alice.say("sure, whatever")  # a button was expected: a hint and the same buttons
    hint = said(alice, "Please choose one of the buttons")
    assert buttons_of(hint) == ["Yes", "Not yet"]
    assert profile_row(tmp_path, alice.id)["consent_at"] is None
    alice.say("/start")
    said(alice, "Welcome back, Alice")
    alice.press("Yes")
    said(alice, f"Safety question 1 of {SCREEN_TOTAL}")
    alice.say("no")
    again = said(alice, "Please answer with one of the buttons")
    assert f"Safety question 1 of {SCREEN_TOTAL}" in again["text"] and buttons_of(again) == ["Yes", "No", "Not sure"]
    answer_cauda_equina(alice, first_shown=True)
    said(alice, f"Safety question {SCREEN_TOTAL} of {SCREEN_TOTAL}")
    alice.say("none")
    assert buttons_of(said(alice, "Please tap the items that apply to you"))[-1] == "None of these"
    alice.press("None of these")
    said(alice, "How much does your back hurt")
    alice.say("11")
    refusal = said(alice, "The scale goes from 0 to 10")
    assert "How much does your back hurt" in refusal["text"] and len(buttons_of(refusal)) == 11
    assert profile_row(tmp_path, alice.id)["baseline_pain"] is None
    alice.say("-1")
    said(alice, "The scale goes from 0 to 10")
    alice.say("4/10")
    said(alice, "How much exercise")
    alice.say("/help")  # the commands, and the question stays open
    assert "answer the last question" in said(alice, "Here's what I can do")["text"]
    alice.say("/cancel")
    said(alice, "Everything you told me so far is saved")
    alice.say("/start")
    back = said(alice, "Welcome back, Alice")
    assert "How much exercise do you usually do" in back["text"]
    assert buttons_of(back) == ["New to exercise", "I exercise sometimes", "I train regularly"]
    assert profile_row(tmp_path, alice.id)["baseline_pain"] == 4
    alice.press("I train regularly")
    said(alice, "Your programme is ready")
    assert profile_row(tmp_path, alice.id)["experience"] == "regular"


def test_kill_9_mid_onboarding_then_continue_and_a_shared_location_resolves(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    first = start_bot()
    onboard_to_days(alice)
    pick_days(alice, "Mon", "Tue", "Thu", "Fri", "Sat")
    said(alice, "What time")
    alice.press("19:00")
    said(alice, "Which timezone")
    wait_for_state(tmp_path, alice.id, "timezone")
    first.kill()

    start_bot()
    client.send_location(alice.id, 48.8566, 2.3522)  # the state survived: the zone question takes it
    said(alice, "(Europe/Paris). Right?")
    first_profile = profile_row(tmp_path, alice.id)
    assert first_profile["timezone"] == "Europe/Paris"
    assert first_profile["training_days"] == "0,1,3,4,5" and first_profile["weekly_goal"] == 5
    assert first_profile["reminder_time"] == "19:00" and first_profile["baseline_pain"] == 3

    alice.say("/start")  # state or not, /start asks the question they are on
    back = said(alice, "Welcome back, Alice")
    assert "(Europe/Paris). Right?" in back["text"]
    alice.press("Yes, that's right")
    summary = said(alice, "You're all set")
    assert "Mon, Tue, Thu, Fri, Sat" in summary["text"] and "19:00 (Europe/Paris)" in summary["text"]


def test_lost_or_lagging_state_is_re_derived_from_the_database(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    bots = [start_bot()]
    start_to_doctor(alice)
    alice.press("Yes")
    answer_screen(alice, {})
    said(alice, "How much does your back hurt")
    bots[-1].kill()
    with sqlite3.connect(tmp_path / "backcoach.db") as db:
        db.execute("delete from pending_questions")
    bots.append(start_bot())
    alice.press("5")  # the pain scale of before still answers the question the database says they are on
    said(alice, "noted 5 out of 10")
    alice.press("Not yet")  # a button of a question already answered: nothing changes, the current one again
    note = alice.wait_reply(lambda e: e["kind"] == "callback_answer")
    assert "earlier message" in note["text"]
    said(alice, "How much exercise do you usually do")
    assert query(tmp_path / "backcoach.db", "select doctor_check from profiles") == [("yes",)]
    alice.say("/start")
    back = said(alice, "Welcome back, Alice")
    assert "How much exercise do you usually do" in back["text"]

    # A crash between storing an answer and saving the state leaves the state one question behind: the
    # database decides which question is open, so the current question's buttons still work.
    bots[-1].kill()
    with sqlite3.connect(tmp_path / "backcoach.db") as db:
        db.execute("update pending_questions set question = 'pain' where flow = 'onboarding'")
    start_bot()
    alice.press("I train regularly")
    said(alice, "Your programme is ready")
    assert profile_row(tmp_path, alice.id)["experience"] == "regular"


def test_later_then_the_equipment_checklist_is_stored_and_shown_in_settings(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    onboard_to_ready(alice)
    alice.press("Later")
    kit = said(alice, "Which of these do you have at home")
    assert buttons_of(kit)[-1] == "None of these" and "broom handle" in kit["text"]
    alice.press("Dumbbells or a kettlebell")
    alice.wait_reply(lambda e: e["kind"] == "edit" and "✓ Dumbbells" in str(e.get("reply_markup")))
    alice.press("A resistance band")
    ticked = alice.wait_reply(lambda e: e["kind"] == "edit" and "✓ A resistance band" in str(e.get("reply_markup")))
    assert buttons_of(ticked)[-1] == "✅ Done"
    alice.press("✅ Done")
    assert "dumbbells or a kettlebell" in said(alice, "Which days")["text"]
    assert profile_row(tmp_path, alice.id)["equipment"] == "band,weights"
    alice.say("/settings")  # onboarded already (the schedule is still being asked): the same checklist there
    menu = said(alice, "Your settings")
    assert "Equipment at home: a resistance band and an anchor point, dumbbells or a kettlebell" in menu["text"]
    alice.press("Equipment")
    said(alice, "Which of these do you have at home")
    alice.press("✓ A resistance band")
    alice.wait_reply(lambda e: e["kind"] == "edit" and "✓ A resistance band" not in str(e.get("reply_markup")))
    alice.press("✅ Done")
    assert "Equipment at home: dumbbells or a kettlebell" in said(alice, "Saved")["text"]
    assert profile_row(tmp_path, alice.id)["equipment"] == "weights"


def test_days_typed_in_a_message_are_ticked_and_done_takes_them(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    onboard_to_days(alice)
    alice.say("whenever suits you")  # names no day: the hint and the picker again
    said(alice, "Please tap the days you'd like")
    alice.say("Mon, Wed, Fri and Sat")
    ticked = said(alice, "I've ticked the days from your message")
    assert "Chosen: Mon, Wed, Fri, Sat" in ticked["text"]
    assert buttons_of(ticked)[:7] == ["✓ Mon", "Tue", "✓ Wed", "Thu", "✓ Fri", "✓ Sat", "Sun"]
    assert profile_row(tmp_path, alice.id)["training_days"] == "0,2,4,5"
    alice.press("Done")
    said(alice, "What time")
    assert profile_row(tmp_path, alice.id)["weekly_goal"] == 4
