"""/settings and /stop with the real `python -m bot` process: changes are stored at once and the session
reminder row (what the reminder ticker reads) follows them; an old or forged press gets the question being
asked again, its buttons kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from botapi_emulator import ChatUser, EmulatorClient
from tests.e2e.test_inbox import lose_replies
from tests.e2e.users import (
    add_onboarded_user,
    buttons_of,
    buttons_under,
    database_path,
    forge_press,
    onboard,
    profile_row,
    reminder_row,
    said,
    start_today,
)
from tests.support.process import BotProcess


def fire_at(tmp_path: Path, user_id: int) -> datetime:
    row = reminder_row(tmp_path, user_id)
    assert row is not None and row["next_fire_at"] is not None
    return datetime.fromisoformat(str(row["next_fire_at"]))


def test_settings_change_time_days_and_zone_and_the_reminder_follows(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    onboard(alice)
    before = fire_at(tmp_path, alice.id)
    assert before.strftime("%H:%M") in ("07:00", "06:00")  # 07:00 London is 07:00 or 06:00 UTC

    alice.say("/settings")
    menu = said(alice, "Your settings")
    assert "Mon, Wed, Fri, Sat" in menu["text"] and "07:00" in menu["text"] and "Reminders: on" in menu["text"]
    assert buttons_of(menu) == ["Days", "Time", "Timezone", "Equipment", "Turn reminders off", "Close"]

    alice.press("Time")
    said(alice, "What time should I remind you")
    alice.say("quarter past")  # not a time: a hint and the time buttons again
    hint = said(alice, "couldn't read that as a time")
    assert "07:00" in buttons_of(hint)
    alice.say("19:30")
    saved = said(alice, "Saved")
    assert "Reminder time: 19:30" in saved["text"]
    assert profile_row(tmp_path, alice.id)["reminder_time"] == "19:30"
    after = fire_at(tmp_path, alice.id)
    assert after != before and after.strftime("%M") == "30"

    alice.press("Days")
    said(alice, "Which days")
    alice.press("Sat")  # untick
    alice.wait_reply(lambda e: e["kind"] == "edit" and "✓ Sat" not in str(e.get("reply_markup")))
    alice.press("Done")
    said(alice, "Days: Mon, Wed, Fri")
    assert profile_row(tmp_path, alice.id)["training_days"] == "0,2,4"

    alice.press("Days")
    said(alice, "Which days")
    alice.say("weekdays")  # typed rather than tapped: ticked, and Done takes them
    assert "Chosen: Mon, Tue, Wed, Thu, Fri" in said(alice, "I've ticked the days from your message")["text"]
    alice.press("Done")
    said(alice, "Days: Mon, Tue, Wed, Thu, Fri")
    assert profile_row(tmp_path, alice.id)["training_days"] == "0,1,2,3,4"

    alice.press("Timezone")
    said(alice, "Which timezone")
    alice.say("new york")
    said(alice, "(America/New_York). Right?")
    assert profile_row(tmp_path, alice.id)["timezone"] == "America/New_York"
    alice.press("Yes, that's right")
    said(alice, "Timezone: America/New_York")
    in_new_york = fire_at(tmp_path, alice.id)
    assert in_new_york.strftime("%H:%M") in ("00:30", "23:30")  # 19:30 in New York, in UTC
    alice.press("Close")
    said(alice, "All saved")


def test_stop_disables_reminders_settings_turns_them_back_on_and_confirms_the_doctor_check(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    add_onboarded_user(database_path(tmp_path), alice.id, doctor_check="no")  # onboarding itself: see above
    alice.say("/stop")
    stopped = said(alice, "no more reminders")
    assert "/settings" in stopped["text"]
    assert profile_row(tmp_path, alice.id)["reminders_enabled"] == 0
    row = reminder_row(tmp_path, alice.id)
    assert row is not None and row["enabled"] == 0

    alice.say("/settings")
    menu = said(alice, "Reminders: off")
    assert "Turn reminders on" in buttons_of(menu)
    alice.press("Turn reminders on")
    said(alice, "Reminders are on again")
    row = reminder_row(tmp_path, alice.id)
    assert row is not None and row["enabled"] == 1 and row["next_fire_at"] is not None
    assert profile_row(tmp_path, alice.id)["reminders_enabled"] == 1
    alice.press("Turn reminders off")
    said(alice, "Reminders are off")
    row = reminder_row(tmp_path, alice.id)
    assert row is not None and row["enabled"] == 0

    assert profile_row(tmp_path, alice.id)["doctor_check"] == "no"  # the gentle start
    alice.press("My doctor or physio said exercise is fine")
    thanks = said(alice, "Strengthening exercises open from your next session")
    assert "Doctor's go-ahead for exercise: yes" in thanks["text"]
    assert "My doctor or physio said exercise is fine" not in buttons_of(thanks)
    profile = profile_row(tmp_path, alice.id)
    assert profile["doctor_check"] == "yes" and profile["doctor_check_at"] is not None


def test_settings_and_stop_before_onboarding_point_to_start(
    start_bot: Callable[..., BotProcess], alice: ChatUser
) -> None:
    start_bot()
    alice.say("/settings")
    assert "set up first" in said(alice, "/start")["text"]
    alice.say("/start")
    said(alice, "What I am not")
    alice.say("/stop")
    assert "set up first" in said(alice, "/start")["text"]


def test_a_timezone_typed_in_settings_during_a_session_goes_to_settings(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    """The latest question asked owns the typed text, and the session card's buttons keep working after it."""
    start_bot()
    add_onboarded_user(database_path(tmp_path), alice.id)
    start_today(alice)
    said(alice, "1/9")
    alice.say("/settings")
    said(alice, "Your settings")
    alice.press("Timezone")
    said(alice, "Which timezone")
    alice.say("new york")
    said(alice, "(America/New_York). Right?")
    assert "use the buttons under the exercise" not in alice.transcript()
    assert profile_row(tmp_path, alice.id)["timezone"] == "America/New_York"
    alice.press("Yes, that's right")
    said(alice, "Timezone: America/New_York")
    alice.press("Done")  # the card of exercise 1, still on screen
    said(alice, "2/9")
    alice.say("done!")  # the session asks again: typed text is the session's once more
    said(alice, "use the buttons under the exercise")


def test_an_old_or_forged_press_brings_the_settings_question_again_and_keeps_its_buttons(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    bot = start_bot()
    add_onboarded_user(database_path(tmp_path), alice.id)
    alice.say("/checkup")
    said(alice, "Question 1 of 3")
    alice.say("/settings")  # the check-up is left for now
    said(alice, "Your settings")
    lose_replies(bot, client, lambda: alice.press("Time"))  # the time picker is lost on the way
    alice.press("4")  # the check-up's button, from an earlier message
    assert "earlier message" in alice.wait_reply(lambda e: e["kind"] == "callback_answer" and e["text"])["text"]
    picker = said(alice, "What time should I remind you")
    assert "07:00" in buttons_of(picker)
    popup = forge_press(alice, picker["message_id"], "set:tz:Nowhere.Land")  # no such timezone
    assert "earlier message" in popup
    assert buttons_of(said(alice, "What time should I remind you")) == buttons_of(picker)
    assert buttons_under(alice, picker["message_id"]) == buttons_of(picker)  # still in place
    alice.say("19:30")
    assert "Reminder time: 19:30" in said(alice, "Saved")["text"]
    assert profile_row(tmp_path, alice.id)["timezone"] == "Europe/London"
