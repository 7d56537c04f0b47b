"""The outcome measures end to end: a first /checkup (PEG-3, then naming and rating PSFS activities), a second
one two weeks later that rates the same activities again, bad input, stale buttons (a press whose reply was lost,
or a forged one, gets the question being asked again, its buttons kept; the last answer pressed again, the
summary), /progress and /export."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from botapi_emulator import ChatUser, EmulatorClient
from coach.measures import PEG_QUESTIONS
from conversations.texts import measures as texts
from storage.database import Database
from storage.models import OutcomeScore
from tests.e2e.test_inbox import lose_replies
from tests.e2e.test_reminders import REMINDER_WAIT, good_fortnight
from tests.e2e.users import (
    add_onboarded_user,
    buttons_of,
    buttons_under,
    database_path,
    forge_press,
    is_text,
    onboard,
    query,
)
from tests.support.process import BotProcess


async def move_rounds_back(db_file: Path, by: timedelta) -> None:
    """Every stored round began ``by`` earlier (time passing, as far as the PSFS interval is concerned)."""
    db = Database(f"sqlite:///{db_file}")
    try:
        async with db.session() as session:
            for row in await session.exec(select(OutcomeScore)):
                row.round_at -= by
                session.add(row)
    finally:
        await db.dispose()


def answer_peg(alice: ChatUser, scores: tuple[str, str, str]) -> None:
    for number, (question, score) in enumerate(zip(PEG_QUESTIONS, scores, strict=True), start=1):
        alice.wait_reply(is_text(f"Question {number} of 3"))
        assert question.text[:40] in alice.client.messages(alice.id)[-1]["text"]
        alice.press(score)


def test_a_first_checkup_asks_peg_then_names_and_rates_activities(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.say("/checkup")
    alice.wait_reply(is_text("Question 1 of 3"))
    alice.say("eleven")  # not a score: a clear answer and the same question
    alice.wait_reply(is_text("0 to 10"))
    alice.say("7")
    alice.wait_reply(is_text("Question 2 of 3"))
    alice.press("6")
    alice.wait_reply(is_text("Question 3 of 3"))
    alice.press("5")
    alice.wait_reply(is_text("optional"))
    assert alice.last_buttons() == [texts.SKIP]
    for bad in ("x" * 2000, "🙂🙂"):
        alice.say(bad)
        alice.wait_reply(is_text("couldn't use that as an activity"))
    alice.say("Sitting through a film")
    alice.wait_reply(is_text("How well can you do this now: Sitting through a film"))
    alice.press("3")
    alice.wait_reply(is_text("Another activity"))
    alice.press(texts.THATS_ALL)
    summary = alice.wait_reply(is_text(texts.THANKS))["text"]
    assert "Your score this week: 6.0 out of 10" in summary and "Your activities: 3.0 out of 10" in summary
    assert query(db, "select measure, item, label, score from outcome_scores order by id") == [
        ("peg", "peg_pain", None, 7), ("peg", "peg_enjoyment", None, 6), ("peg", "peg_activity", None, 5),
        ("psfs", "psfs_1", "Sitting through a film", 3),
    ]
    alice.press("4")  # a score button of the finished round's first question: stale, nothing stored
    alice.wait_reply(is_text(texts.STALE))
    assert query(db, "select count(*) from outcome_scores") == [(4,)]

    alice.say("/export")
    document = alice.wait_reply(lambda e: e["kind"] == "document")
    exported = json.loads(client.file_bytes(document["file_id"]))
    assert len(exported["tables"]["outcome_scores"]) == 4


def test_two_weeks_later_the_activities_are_rated_again_and_progress_shows_the_trend(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.say("/checkup")
    answer_peg(alice, ("7", "7", "7"))
    alice.wait_reply(is_text("optional"))
    alice.say("Gardening")
    alice.wait_reply(is_text("Gardening"))
    alice.press("2")
    alice.wait_reply(is_text("Another activity"))
    alice.press(texts.THATS_ALL)
    alice.wait_reply(is_text(texts.THANKS))
    asyncio.run(move_rounds_back(db, timedelta(days=15)))  # that round was two weeks ago

    alice.say("/checkup")
    answer_peg(alice, ("4", "4", "4"))
    alice.wait_reply(is_text("How well can you do this now: Gardening"))
    alice.press("6")
    summary = alice.wait_reply(is_text(texts.THANKS))["text"]
    assert "how much pain gets in your way is improving" in summary
    assert "what you can do is improving" in summary

    alice.say("/progress")
    progress = alice.wait_reply(is_text("PEG-3"))["text"]
    assert "7.0 on" in progress and "→ 4.0 on" in progress
    assert "2.0 on" in progress and "→ 6.0 on" in progress


def test_onboarding_ends_with_the_offer_of_a_first_checkup(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    onboard(alice)
    alice.wait_reply(is_text("three quick questions"))
    assert alice.last_buttons() == [texts.CHECKUP_BUTTON]
    alice.press(texts.CHECKUP_BUTTON)
    answer_peg(alice, ("5", "4", "3"))
    alice.wait_reply(is_text("optional"))
    alice.press(texts.SKIP)
    assert "Your score this week: 4.0 out of 10" in alice.wait_reply(is_text(texts.THANKS))["text"]
    assert query(database_path(tmp_path), "select count(*) from outcome_scores where measure = 'peg'") == [(3,)]


def test_the_sunday_summary_offers_the_checkup(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.client.register_users([alice.id])
    good_fortnight(db, alice.id)
    alice.wait_reply(is_text("Your week"), timeout=REMINDER_WAIT)
    alice.press(texts.CHECKUP_BUTTON)
    answer_peg(alice, ("6", "6", "6"))
    alice.wait_reply(is_text("optional"))


def test_a_press_whose_reply_was_lost_gets_the_checkup_question_being_asked(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    bot = start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.say("/checkup")
    alice.wait_reply(is_text("Question 1 of 3"))
    lose_replies(bot, client, lambda: alice.press("7"))  # the answer is kept, the second question lost
    alice.press("7")  # the first question's button again
    second = alice.wait_reply(is_text("Question 2 of 3"))
    assert buttons_of(second) == [str(n) for n in range(11)]
    round_id = second["reply_markup"]["inline_keyboard"][0][0]["callback_data"].split(":")[2]
    first_question = f"meas:peg:{round_id}:0:5"  # this round's first question, answered already
    assert "earlier message" in forge_press(alice, second["message_id"], first_question)
    alice.wait_reply(is_text("Question 2 of 3"))
    assert buttons_under(alice, second["message_id"]) == buttons_of(second)  # still in place
    assert query(db, "select item, score from outcome_scores") == [("peg_pain", 7)]
    alice.press("6")
    alice.wait_reply(is_text("Question 3 of 3"))
    alice.press("5")
    alice.wait_reply(is_text("optional"))
    lose_replies(bot, client, lambda: alice.press("Skip"))  # the round's last answer: its summary lost
    alice.press("Skip")  # again: the summary, never "from an earlier check-up"
    summary = alice.wait_reply(is_text("Thank you, that's saved"))
    assert "Your score this week: 6.0 out of 10" in summary["text"]
    assert texts.STALE not in alice.transcript()
