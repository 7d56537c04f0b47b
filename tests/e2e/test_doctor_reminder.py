"""The doctor reminder, end to end: onboarding's "Not yet" sets it a week later; it comes once; Yes opens
strengthening (clinical.md section 2, article rule 1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from botapi_emulator import ChatUser
from conversations.texts import reminders as texts
from tests.e2e.users import bring_forward, database_path, onboard, query, said
from tests.support.process import BotProcess

REMINDER_WAIT = 20.0  # due in a second, a tick every 5 s


def test_the_doctor_reminder_comes_a_week_after_not_yet_once_and_its_yes_opens_strengthening(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    onboard(alice, doctor="Not yet")
    [(fire_at, answered_at)] = query(
        db, "select r.next_fire_at, p.doctor_check_at from reminders r join profiles p using (user_id) "
        "where r.kind = 'doctor'",
    )
    assert datetime.fromisoformat(fire_at) - datetime.fromisoformat(answered_at) == timedelta(days=7)
    assert bring_forward(db, alice.id, "doctor") is not None  # a week has passed
    reminder = said(alice, "Have you seen one since?", timeout=REMINDER_WAIT)
    assert reminder["text"] == texts.DOCTOR_REMINDER
    assert alice.last_buttons() == [texts.DOCTOR_FINE, texts.DOCTOR_NOT_YET]
    assert bring_forward(db, alice.id, "doctor") is None  # sent once: nothing left to fire
    assert query(db, "select kind, status from deliveries where kind = 'doctor'") == [("doctor", "sent")]
    alice.press(texts.DOCTOR_FINE)
    said(alice, "Strengthening exercises open")
    [(check, checked_at)] = query(db, "select doctor_check, doctor_check_at from profiles")
    assert check == "yes" and checked_at != answered_at
    alice.say("/today")
    intro = said(alice, "Today's session")["text"]
    alice.press("2")
    assert "gentle" not in intro and "4 exercises" not in intro  # the gentle start had the warm-up only
    assert "1/9" in said(alice, "Today:")["text"]  # the warm-up, then one strengthening exercise per slot
