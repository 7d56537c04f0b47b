"""From /start to the first exercise card, counted, then the schedule after the first session (issue 13 item 2).

The real `python -m bot` process against the emulator. A user with no flags reaches the first exercise card in
at most 12 taps or typed answers after /start (it was 31, then about 22); the pain given in onboarding stands
as the first session's starting pain; the schedule's questions (equipment, days, time, timezone) follow the
first session's check-in, so nobody is left without a question pending, and nothing told is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from botapi_emulator import ChatUser
from tests.e2e.test_session import run_through
from tests.e2e.users import (
    CE_TOTAL,
    SCREEN_TOTAL,
    age_onboarding_pain,
    buttons_of,
    database_path,
    onboard_to_ready,
    pick_days,
    profile_row,
    query,
    said,
)
from tests.support.process import BotProcess

TAP_BUDGET = 12


class Counted:
    """The user's taps and typed answers after /start, counted as they are made."""

    def __init__(self, user: ChatUser) -> None:
        self.user, self.count = user, 0

    def press(self, label: str) -> None:
        self.count += 1
        self.user.press(label)


def test_a_user_with_no_flags_reaches_the_first_exercise_card_in_at_most_12_taps(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    taps = Counted(alice)
    alice.say("/start")
    welcome = said(alice, "talked to a doctor or physiotherapist")  # the welcome asks the first question
    assert "don't diagnose" in welcome["text"] and "not a doctor" in welcome["text"]
    taps.press("Yes")
    for number in range(1, CE_TOTAL + 1):
        said(alice, f"Safety question {number} of {SCREEN_TOTAL}")
        taps.press("No")
    said(alice, f"Safety question {SCREEN_TOTAL} of {SCREEN_TOTAL}")
    taps.press("None of these")
    said(alice, "How much does your back hurt right now")
    taps.press("3")
    said(alice, "How much exercise do you usually do")
    taps.press("I exercise sometimes")
    ready = said(alice, "Your programme is ready")
    assert buttons_of(ready) == ["Start my first session now", "Later"]
    taps.press("Start my first session now")
    first = said(alice, "Today:")  # the first exercise card (the warm-up's first move): no second pain question
    print(f"\ntaps or typed answers from /start to the first exercise card: {taps.count}")
    assert taps.count <= TAP_BUDGET
    assert "1/9" in first["text"] and "Warm-up" in first["text"]
    assert "One tap before we start" not in alice.transcript()
    db = database_path(tmp_path)
    assert query(db, "select context, score from pain_checkins order by id") == [("onboarding", 3), ("before", 3)]


def test_the_schedule_follows_the_first_sessions_check_in_and_nothing_is_lost(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    onboard_to_ready(alice, pain="4")
    profile = profile_row(tmp_path, alice.id)
    assert profile["onboarded_at"] is not None and profile["training_days"] == ""  # no days: no reminder yet
    assert query(database_path(tmp_path), "select enabled from reminders where kind = 'session'") == [(0,)]
    alice.say("/start")  # mid-way: the offer again, nothing lost
    assert buttons_of(said(alice, "Welcome back, Alice")) == ["Start my first session now", "Later"]
    alice.press("Start my first session now")
    said(alice, "1/9")
    alice.say("/start")  # mid-session: pointed back to it, not offered a first session again
    under_way = said(alice, "Your first session is under way")
    assert buttons_of(under_way) == [] and "/today" in under_way["text"]
    alice.press("Done")  # the card's buttons still work
    run_through(alice)
    alice.press("4")
    said(alice, "right now")
    alice.press("4")
    kit = said(alice, "Which of these do you have at home")
    assert "Now let's plan your next sessions" in kit["text"]
    alice.press("A bench or a sturdy chair")
    alice.wait_reply(lambda e: e["kind"] == "edit" and "✓ A bench" in str(e.get("reply_markup")))
    alice.press("✅ Done")
    said(alice, "Which days would you like to train")
    pick_days(alice, "Mon", "Wed", "Fri", "Sun")
    said(alice, "What time should I remind you")
    alice.say("18:30")
    said(alice, "Which timezone are you in")
    alice.say("Manchester")
    said(alice, "(Europe/London). Right?")
    alice.press("Yes, that's right")
    summary = said(alice, "You're all set")
    assert "Mon, Wed, Fri, Sun" in summary["text"] and "18:30 (Europe/London)" in summary["text"]
    profile = profile_row(tmp_path, alice.id)
    assert (profile["baseline_pain"], profile["experience"], profile["equipment"]) == (4, "some", "bench")
    assert profile["onboarding_step"] == "done"
    assert query(database_path(tmp_path), "select enabled from reminders where kind = 'session'") == [(1,)]
    assert query(database_path(tmp_path), "select status from session_logs") == [("completed",)]


def test_later_asks_the_schedule_at_once_and_today_still_asks_the_pain_after_a_while(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    onboard_to_ready(alice)
    alice.press("Later")
    said(alice, "Which of these do you have at home")
    age_onboarding_pain(database_path(tmp_path), alice.id)
    alice.say("/today")  # the onboarding pain is an hour old now: the session asks again
    said(alice, "One tap before we start")
