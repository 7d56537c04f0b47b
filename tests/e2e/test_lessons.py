"""Lessons end to end: one offered after the check-in, read with one tap, listed by /learn, stored, exported.

A second part comes on "Tell me more"; a lesson button that no longer fits (forged, or from before /delete)
gets a clear answer and stores nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from botapi_emulator import ChatUser, EmulatorClient, EmulatorThread
from coach.lessons import LESSONS
from conversations.texts import lessons as texts
from tests.e2e.test_checkin import finish_a_session
from tests.e2e.test_flare import send_as_the_bot
from tests.e2e.users import add_onboarded_user, database_path, is_text, query
from tests.support.process import BotProcess


def stale(event: dict[str, Any]) -> bool:
    """The lesson flow's own answer to a lesson that does not fit, or the codec's to data that does not."""
    text = event.get("text") or ""
    return text == texts.STALE or (event["kind"] == "callback_answer" and "no longer" in text)


def test_a_lesson_is_offered_after_the_check_in_and_read_with_one_tap(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    finish_a_session(alice, "2", "1")
    offer = alice.wait_reply(is_text(texts.OFFER_INTRO))
    first = LESSONS[0]
    assert first.title in offer["text"] and "Source:" in offer["text"]
    assert alice.last_buttons() == [texts.GOT_IT]
    alice.press(texts.GOT_IT)
    alice.wait_reply(lambda e: e["kind"] == "edit" and f"→ {texts.GOT_IT}" in (e.get("text") or ""))
    assert query(db, "select lesson_id from lessons_read") == [(first.id,)]

    alice.say("/learn")
    listing = alice.wait_reply(is_text("Short reads"))
    assert texts.LIST_INTRO in listing["text"]
    assert alice.last_buttons() == [texts.list_label(lesson, lesson is first) for lesson in LESSONS]


def test_tell_me_more_shows_the_second_part_then_got_it(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    lesson = next(lesson for lesson in LESSONS if lesson.more)
    alice.say("/learn")
    alice.wait_reply(is_text("Short reads"))
    alice.press(lesson.title)
    alice.wait_reply(is_text(lesson.title))
    assert alice.last_buttons() == [texts.GOT_IT, texts.TELL_ME_MORE]
    alice.press(texts.TELL_ME_MORE)
    assert lesson.more is not None
    alice.wait_reply(is_text(lesson.more[:40]))
    assert alice.last_buttons() == [texts.GOT_IT]
    alice.press(texts.GOT_IT)
    alice.wait_reply(lambda e: e["kind"] == "edit" and f"→ {texts.GOT_IT}" in (e.get("text") or ""))
    assert query(db, "select lesson_id from lessons_read") == [(lesson.id,)]


def test_what_was_read_is_exported_and_a_button_from_before_delete_stores_nothing(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.say("/learn")
    alice.wait_reply(is_text("Short reads"))
    alice.press(LESSONS[1].title)
    alice.wait_reply(is_text(LESSONS[1].title))
    alice.press(texts.GOT_IT)
    alice.wait_reply(lambda e: e["kind"] == "edit")
    alice.say("/export")
    document = alice.wait_reply(lambda e: e["kind"] == "document")
    exported = json.loads(client.file_bytes(document["file_id"]))
    assert [row["lesson_id"] for row in exported["tables"]["lessons_read"]] == [LESSONS[1].id]
    assert LESSONS[1].title in json.dumps(exported["summary"])

    alice.press(LESSONS[2].title)  # the /learn list is still in the chat
    alice.wait_reply(is_text(LESSONS[2].title))
    alice.say("/delete")
    alice.wait_reply(is_text("delete"))
    alice.press("Yes, delete everything")
    alice.wait_reply(is_text("deleted"))
    alice.press(texts.GOT_IT)  # under the lesson sent before the deletion: a stale button, answered as such
    answer = alice.client.wait_for(alice.id, "callback_answer")[-1]
    assert "no longer works" in answer["text"]
    assert query(db, "select count(*) from lessons_read") == [(0,)]
    assert query(db, "select count(*) from users") == [(0,)]


def test_a_forged_lesson_button_gets_a_clear_answer(
    start_bot: Callable[..., BotProcess], emulator: EmulatorThread, client: EmulatorClient, alice: ChatUser,
    tmp_path: Path,
) -> None:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    alice.say("/learn")  # the chat exists
    alice.wait_reply(is_text("Short reads"))
    for data in ("learn:got:no_such_lesson", "learn:more:common", "learn:open"):  # "common" has no second part
        message_id = send_as_the_bot(emulator, alice.id, "A lesson", [[{"text": "Forged", "callback_data": data}]])
        client.press(alice.id, message_id, data)
        alice.client.wait_for(alice.id, stale)
    assert query(db, "select count(*) from lessons_read") == [(0,)]
