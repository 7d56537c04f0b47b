"""/pain and /resume, end to end: pause at once, the safety questions, a gentle day, resume at the old dose; a
press whose reply was lost, or a forged one, gets the question being asked again, its buttons kept (the last
answer pressed again: the advice and its offer again)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from botapi_emulator import ChatUser, EmulatorClient, EmulatorThread
from coach.catalogue import load_catalogue
from coach.screening import PAIN_RECHECK_QUESTIONS
from conversations.texts import common as common_texts
from conversations.texts import flare as texts
from tests.e2e.test_inbox import lose_replies
from tests.e2e.users import (
    add_onboarded_user,
    add_progress,
    buttons_of,
    buttons_under,
    database_path,
    forge_press,
    is_text,
    query,
    start_today,
)
from tests.support.process import TEST_TOKEN, BotProcess

BIRD_DOG = {"bird_dog": {"exercise_id": "bird_dog", "reps": 7, "sets": 1, "hold_seconds": 5, "greens_at_dose": 1}}


def send_as_the_bot(emulator: EmulatorThread, chat_id: int, text: str, keyboard: list[list[dict[str, str]]]) -> int:
    """A message with any buttons in the bot's name (waiting out the emulator's flood limit); its message_id."""
    url = f"{emulator.base_url}{TEST_TOKEN}/sendMessage"
    body = {"chat_id": chat_id, "text": text, "reply_markup": json.dumps({"inline_keyboard": keyboard})}
    for _ in range(5):
        sent = httpx.post(url, data=body).json()
        if sent.get("ok"):
            return int(sent["result"]["message_id"])
        time.sleep(sent.get("parameters", {}).get("retry_after", 1))
    raise AssertionError(f"could not send: {sent}")


def answer_safety_questions(alice: ChatUser, answers: list[str]) -> None:
    for answer in answers:
        alice.wait_reply(lambda e: e["kind"] == "message" and "Not sure" in str(e.get("reply_markup")))
        alice.press(answer)


def test_pain_pauses_a_gentle_day_holds_the_dose_and_resume_restores_it(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot(BACKCOACH_TEST_HOOKS="1")
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    add_progress(db, alice.id, BIRD_DOG)
    alice.say("/resume")
    assert "isn't paused" in alice.wait_reply()["text"]
    alice.say("/pain")
    paused = alice.wait_reply(is_text("paused"))["text"]
    assert "paused your progress" in paused and "How strong is your pain" in paused  # one message, the scale below
    assert "doses are saved where they were" in paused
    assert query(db, "select paused, paused_at is not null, pause_reason from profiles") == [(1, 1, "pain")]
    assert query(db, "select pre_flare_exercise_id, pre_flare_reps from exercise_progress") == [("bird_dog", 7)]
    alice.say("7/10")
    alice.wait_reply(is_text("safety questions"))
    alice.say("no idea")  # free text: hint, and the same question again
    alice.wait_reply(is_text("Yes, No or Not sure"))
    answer_safety_questions(alice, ["No"] * len(PAIN_RECHECK_QUESTIONS))
    offer = alice.wait_reply(is_text("None of those urgent signs applies"))
    assert offer["text"].startswith("Thank you")
    assert "keep things gentle" in offer["text"] and "pharmacist" not in offer["text"]  # 7/10: a gentle day
    assert query(db, "select context, score from pain_checkins") == [("ad_hoc", 7)]
    assert len(query(db, "select * from screening_answers where answer = 'no'")) == len(PAIN_RECHECK_QUESTIONS)
    alice.press("A gentle session")
    intro = alice.wait_reply(is_text("gentle session"))
    assert "/resume" in intro["text"]
    alice.press("7")  # the pain right now, which the gentle session is judged against
    warmup = {card.id for card in load_catalogue().warmup()}
    while True:
        event = alice.wait_reply(lambda e: e["kind"] == "message" and ("Today:" in e["text"] or "worst" in e["text"]))
        if "worst" in event["text"]:
            break
        assert "(Warm-up)" in event["text"]
        alice.press("Done")
    [(plan_kind,)] = query(db, "select kind from session_logs")
    assert plan_kind == "gentle"
    exercise_ids = {row[0] for row in query(db, "select exercise_id from exercise_results")}
    assert exercise_ids <= warmup
    alice.press("1")
    alice.wait_reply(is_text("right now"))
    alice.press("1")
    alice.wait_reply(is_text("/resume"))
    alice.say("/debug_followup")
    alice.wait_reply(is_text("Is your back back"))
    alice.press("Yes")
    alice.wait_reply(is_text("handled it well"))
    assert query(db, "select outcome from session_logs") == [("green",)]
    assert query(db, "select exercise_id, reps, greens_at_dose from exercise_progress") == [("bird_dog", 7, 1)]
    alice.say("/resume")
    alice.wait_reply(is_text("how is your back right now"))
    alice.press("2")
    assert "never higher" in alice.wait_reply(is_text("Welcome back"))["text"]
    assert query(db, "select paused, pre_flare_baseline from profiles") == [(0, None)]
    assert query(db, "select exercise_id, reps, hold_seconds, pre_flare_exercise_id from exercise_progress") == [
        ("bird_dog", 7, 5, None)
    ]


def test_pain_before_any_programme_pauses_without_promising_kept_doses(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    alice.say("/pain")
    first = alice.wait_reply(is_text("How strong is your pain"))["text"]
    assert "haven't started a programme" in first and "/start" in first and "/resume" in first
    assert "saved where they were" not in first
    assert query(database_path(tmp_path), "select paused, pause_reason from profiles") == [(1, "pain")]
    alice.say("/resume")
    alice.wait_reply(is_text("how is your back right now"))
    alice.press("1")
    resumed = alice.wait_reply(is_text("Pause lifted"))["text"]
    assert "/start" in resumed and "before the flare" not in resumed
    assert query(database_path(tmp_path), "select paused from profiles") == [(0,)]
    alice.say("/resume")  # nothing paused and no programme: point to /start, not to /today
    assert "type /start" in alice.wait_reply(is_text("set up first"))["text"]


def test_a_yes_to_a_safety_question_gives_the_emergency_advice_and_locks(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.say("/pain")
    alice.wait_reply(is_text("How strong is your pain"))
    alice.press("5")
    answer_safety_questions(alice, ["No", "Not sure"])
    advice = alice.wait_reply(is_text("emergency"))
    assert "call 999 or go to A&E" in advice["text"]  # the user's timezone is Europe/London
    assert "Don't wait to see if it passes" in advice["text"] and "Do not do any exercises" in advice["text"]
    assert query(db, "select screening_outcome from profiles") == [("emergency_now",)]
    alice.say("/today")
    assert "until a clinician" in alice.wait_reply()["text"]


def test_a_forged_safety_question_number_is_refused_and_changes_nothing(
    start_bot: Callable[..., BotProcess],
    emulator: EmulatorThread,
    client: EmulatorClient,
    alice: ChatUser,
    tmp_path: Path,
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.say("/pain")
    alice.wait_reply(is_text("How strong is your pain"))
    alice.press("5")
    alice.wait_reply(is_text("safety questions"))
    for number in (len(PAIN_RECHECK_QUESTIONS), 99, -1):  # no such question: only a modified client sends these
        data = f"pain:rf:{number}:no"
        message_id = send_as_the_bot(emulator, alice.id, "A question", [[{"text": "Forged", "callback_data": data}]])
        client.press(alice.id, message_id, data)
        assert client.wait_for(alice.id, "callback_answer")[-1]["text"] == common_texts.INVALID_BUTTON
        alice.wait_reply(is_text(PAIN_RECHECK_QUESTIONS[0].text))  # and the question being asked again
    assert query(db, "select count(*) from screening_answers") == [(0,)]
    asked = [m for m in client.messages(alice.id) if m["sender"] == "bot" and "Not sure" in str(m["reply_markup"])]
    assert asked  # the question being asked keeps its buttons
    alice.press("No")  # the question asked is still open
    answer_safety_questions(alice, ["No"] * (len(PAIN_RECHECK_QUESTIONS) - 1))
    alice.wait_reply(is_text("None of those urgent signs applies"))


def test_pain_during_a_full_session_switches_to_a_gentle_one(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    start_today(alice)
    alice.wait_reply(is_text("1/9"))
    alice.press("Done")
    alice.wait_reply(is_text("2/9"))
    alice.say("/pain")
    alice.wait_reply(is_text("How strong is your pain"))
    alice.say("6")
    answer_safety_questions(alice, ["No"] * len(PAIN_RECHECK_QUESTIONS))
    alice.wait_reply(is_text("None of those urgent signs applies"))
    alice.say("/today")  # the full session planned before /pain is not continued
    alice.wait_reply(is_text("gentle session"))
    alice.press("6")
    assert "1/5" in alice.wait_reply(is_text("Today:"))["text"]
    assert query(db, "select kind, status from session_logs order by id") == [
        ("full", "abandoned"), ("gentle", "in_progress")
    ]


def test_pain_at_8_advises_rest_positions_a_pharmacist_and_a_doctor_if_it_does_not_settle(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    add_onboarded_user(database_path(tmp_path), alice.id)
    alice.say("/pain")
    alice.wait_reply(is_text("How strong is your pain"))
    alice.press("8")
    answer_safety_questions(alice, ["No"] * len(PAIN_RECHECK_QUESTIONS))
    offer = alice.wait_reply(is_text("None of those urgent signs applies"))["text"]
    assert "Rest in a position that eases it" in offer
    assert "ask a pharmacist" in offer
    assert "does not settle within a few days, or keeps getting worse, contact your doctor" in offer
    assert "no need" not in offer
    assert alice.last_buttons() == [texts.REST, texts.GENTLE]  # rest first at 8 or more


def test_resume_keeps_the_pause_at_7_and_at_usual_plus_3_and_lifts_it_at_usual_plus_1_after_a_restart(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    bot = start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id, baseline_pain=2)
    add_progress(db, alice.id, BIRD_DOG)
    alice.say("/pain")
    alice.wait_reply(is_text("How strong is your pain"))
    alice.say("/resume")
    alice.wait_reply(is_text("how is your back right now"))
    alice.press("7")
    kept = alice.wait_reply(is_text("stays paused"))["text"]
    assert "7/10 is still strong pain" in kept and "/resume again tomorrow" in kept
    assert "two morning check-ins are at or below your usual level" in kept
    assert query(db, "select paused from profiles") == [(1,)]
    alice.say("/resume")
    alice.wait_reply(is_text("how is your back right now"))
    alice.say("lots")  # not a score: why, and the scale again
    alice.wait_reply(is_text("could not read that as a pain score"))
    alice.say("5/10")  # usual 2 + 3
    kept = alice.wait_reply(is_text("stays paused"))["text"]
    assert "more than 2 points above your usual 2/10" in kept
    assert query(db, "select paused, pre_flare_exercise_id from profiles, exercise_progress") == [(1, "bird_dog")]
    alice.say("/resume")
    alice.wait_reply(is_text("how is your back right now"))
    bot.stop()  # the question survives a restart
    start_bot()
    alice.say("3")  # usual 2 + 1
    assert "never higher" in alice.wait_reply(is_text("Welcome back"))["text"]
    assert query(db, "select paused from profiles") == [(0,)]
    progress = "select exercise_id, reps, pre_flare_exercise_id from exercise_progress"
    assert query(db, progress) == [("bird_dog", 7, None)]
    assert query(db, "select context, score from pain_checkins order by id") == [
        ("resume", 7), ("resume", 5), ("resume", 3)
    ]


def test_a_press_whose_reply_was_lost_gets_the_safety_question_being_asked(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    bot = start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.say("/pain")
    alice.wait_reply(is_text("How strong is your pain"))
    alice.press("5")
    alice.wait_reply(is_text("safety questions"))
    lose_replies(bot, client, lambda: alice.press("No"))  # the answer is kept, the second question lost
    alice.press("No")  # the first question's button again
    second = alice.wait_reply(is_text(PAIN_RECHECK_QUESTIONS[1].text))
    assert buttons_of(second) == ["Yes", "No", "Not sure"]
    popup = forge_press(alice, second["message_id"], "pain:rf:0:yes")  # the first question's "yes", forged
    assert popup == texts.RECHECK_HINT
    alice.wait_reply(is_text(PAIN_RECHECK_QUESTIONS[1].text))
    assert buttons_under(alice, second["message_id"]) == ["Yes", "No", "Not sure"]  # still in place
    assert query(db, "select answer from screening_answers") == [("no",)]
    alice.press("No")  # the question asked is still open
    answer_safety_questions(alice, ["No"] * (len(PAIN_RECHECK_QUESTIONS) - 3))
    alice.wait_reply(is_text(PAIN_RECHECK_QUESTIONS[-1].text))
    lose_replies(bot, client, lambda: alice.press("No"))  # the last answer: saved, the advice lost
    alice.press("No")  # again: the advice and its offer, never a hint alone
    advice = alice.wait_reply(is_text("None of those urgent signs applies"))
    assert set(buttons_of(advice)) == {texts.REST, texts.GENTLE}
    assert query(db, "select count(*) from screening_answers") == [(len(PAIN_RECHECK_QUESTIONS),)]
