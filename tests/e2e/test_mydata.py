"""/export and /delete with the real bot process: the JSON file, the confirmation, and nothing left behind.

Rows beyond what /start creates are written straight into the bot's SQLite file through the storage
repositories; what is left after /delete is read with sqlite3, table by table (storage.models.USER_TABLES).
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import Chat, Message

from botapi_emulator import ChatUser, EmulatorClient
from conversations import mydata
from conversations.texts import mydata as texts
from conversations.texts.common import STALE_BUTTON
from storage.database import Database
from storage.models import USER_TABLES
from storage.repositories import exercise_results, pain, profiles, reminders, screening, session_logs, users
from storage.values import SessionStatus
from tests.support.process import BotProcess

BOB = 2002


def database(tmp_path: Path) -> Path:
    return tmp_path / "backcoach.db"


def seed(tmp_path: Path, user_id: int) -> None:
    """A user with rows in most tables: account, profile, a safety answer, a session, a result, pain, reminder."""
    now = datetime.now(UTC)

    async def main() -> None:
        db = Database(f"sqlite:///{database(tmp_path)}")
        try:
            async with db.session() as session:
                await users.record_seen(
                    session, user_id=user_id, chat_id=user_id, first_name="U", language_code="en", now=now
                )
                await profiles.update_profile(session, user_id, now=now, timezone="Europe/London", weekly_goal=4)
                await screening.save_answer(session, user_id=user_id, question_id="fever", answer="no", now=now)
                log = await session_logs.start_session(
                    session, user_id=user_id, local_date=date.today(), kind="full", plan=[], now=now
                )
                assert log.id is not None
                await exercise_results.record_result(
                    session, session_id=log.id, exercise_id="bird_dog", position=0, result="done", now=now
                )
                await session_logs.finish_session(session, log.id, status=SessionStatus.COMPLETED, now=now)
                await pain.record_pain(session, user_id=user_id, context="after", score=3, session_id=log.id, now=now)
                await reminders.upsert_reminder(session, user_id=user_id, kind="session", next_fire_at=now, now=now)
        finally:
            await db.dispose()

    asyncio.run(main())


def rows_about(tmp_path: Path, user_id: int) -> dict[str, int]:
    """How many rows about the user each table holds (and conversation states keyed by them)."""
    counts = {}
    with sqlite3.connect(database(tmp_path)) as db:
        for model in USER_TABLES:
            table = str(model.__tablename__)
            if table == "users":
                query = "select count(*) from users where id = ?"
            elif table == "exercise_results":
                query = (
                    "select count(*) from exercise_results r join session_logs s on s.id = r.session_id "
                    "where s.user_id = ?"
                )
            else:
                query = f"select count(*) from {table} where user_id = ?"
            counts[table] = db.execute(query, (user_id,)).fetchone()[0]
    return counts


def answer(client: EmulatorClient, user: ChatUser) -> dict[str, Any]:
    """The next answer to a button press (the small notice Telegram shows)."""
    return client.wait_for(user.id, "callback_answer")[-1]


def buttons_of(client: EmulatorClient, user: ChatUser, message_id: int) -> list[str]:
    """The labels of the buttons a message shows now."""
    (message,) = [m for m in client.messages(user.id) if m["message_id"] == message_id]
    rows = (message["reply_markup"] or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


def reply_with(text: str) -> Callable[[dict[str, Any]], bool]:
    return lambda event: event["kind"] == "message" and text in (event.get("text") or "")


def test_export_sends_all_my_data_as_a_json_file(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser
) -> None:
    start_bot()
    alice.say("/start")
    alice.wait_reply()
    alice.say("/export")
    document = alice.wait_reply(lambda event: event["kind"] == "document")
    assert re.fullmatch(r"backcoach-data-\d{4}-\d{2}-\d{2}\.json", document["file_name"])
    assert document["caption"].startswith("Everything I keep about you: your account")
    raw = client.file_bytes(document["file_id"])
    assert raw.count(b"\n") > 10, "pretty-printed"
    exported = json.loads(raw)
    assert exported["user_id"] == alice.id
    assert [row["id"] for row in exported["tables"]["users"]] == [alice.id]
    assert exported["tables"]["users"][0]["first_name"] == "Alice"


def test_export_lists_sessions_and_pain_scores(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    seed(tmp_path, alice.id)
    seed(tmp_path, BOB)
    alice.say("/export")
    document = alice.wait_reply(lambda event: event["kind"] == "document")
    assert "1 session" in document["caption"] and "1 pain score" in document["caption"]
    exported = json.loads(client.file_bytes(document["file_id"]))
    tables = exported["tables"]
    assert [row["score"] for row in tables["pain_checkins"]] == [3]
    assert {row["user_id"] for row in tables["session_logs"]} == {alice.id}  # nothing of Bob's
    summary = exported["summary"]  # the readable half comes first, in plain words
    assert list(exported) == ["exported_at", "user_id", "summary", "tables"]
    (session,) = summary["your sessions"]
    assert session["what happened"] == "finished: every exercise done"
    assert session["exercises"] == [{"exercise": "Bird dog", "result": "done"}]
    (answer,) = summary["your answers to the safety questions"]
    assert answer["answer"] == "No" and "fever" in answer["question"].lower()
    assert [(p["what"], p["score"]) for p in summary["your pain scores"]] == [("right after a session", 3)]


def test_export_and_delete_for_someone_unknown_say_there_is_nothing(
    start_bot: Callable[..., BotProcess], alice: ChatUser
) -> None:
    start_bot()
    alice.say("/export")
    assert alice.wait_reply()["text"] == texts.NO_DATA
    alice.say("/delete")
    assert alice.wait_reply()["text"] == texts.NO_DATA


def test_delete_after_confirming_leaves_no_row_about_me(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    alice.say("/start")
    alice.wait_reply()
    seed(tmp_path, alice.id)
    seed(tmp_path, BOB)
    assert all(rows_about(tmp_path, alice.id)[table] >= 1 for table in ("users", "profiles", "session_logs"))
    bob_before = rows_about(tmp_path, BOB)

    alice.say("/delete")
    prompt = alice.wait_reply(reply_with("Delete all your data?"))
    assert "can't be undone" in prompt["text"]
    assert buttons_of(client, alice, prompt["message_id"]) == [texts.YES_DELETE, texts.NO_KEEP]
    alice.press(texts.YES_DELETE)
    assert answer(client, alice)["text"] == texts.ANSWER_DELETED
    done = alice.wait_reply(reply_with("deleted everything"))
    assert "/start" in done["text"] and "afresh" in done["text"]

    assert rows_about(tmp_path, alice.id) == dict.fromkeys(rows_about(tmp_path, alice.id), 0)
    assert rows_about(tmp_path, BOB) == bob_before  # nobody else's data is touched
    assert buttons_of(client, alice, prompt["message_id"]) == []  # the prompt lost its buttons

    alice.say("/start")  # begins afresh: a new account with nothing from before
    alice.wait_reply()
    after = rows_about(tmp_path, alice.id)
    assert after["users"] == 1
    assert after["session_logs"] == after["pain_checkins"] == after["screening_answers"] == 0


def test_after_delete_an_old_onboarding_button_is_stale_and_starts_nothing(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    alice.say("/start")
    alice.wait_reply(reply_with("Do you understand"))  # mid-onboarding: the consent question waits
    alice.say("/delete")
    alice.wait_reply(reply_with("Delete all your data?"))
    alice.press(texts.YES_DELETE)
    alice.wait_reply(reply_with("deleted everything"))
    alice.press("I understand")  # the consent button from before the deletion
    assert answer(client, alice)["text"] == STALE_BUTTON
    assert rows_about(tmp_path, alice.id) == dict.fromkeys(rows_about(tmp_path, alice.id), 0)
    alice.say("/start")  # and /start really begins afresh, at the first question
    alice.wait_reply(reply_with("Do you understand"))
    assert alice.last_buttons() == ["I understand", "Not now"]


def test_no_keeps_my_data(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    seed(tmp_path, alice.id)
    before = rows_about(tmp_path, alice.id)
    alice.say("/delete")
    prompt = alice.wait_reply(reply_with("Delete all your data?"))
    alice.press(texts.NO_KEEP)
    assert answer(client, alice)["text"] == texts.ANSWER_KEPT
    assert alice.wait_reply(reply_with("haven't deleted anything"))["text"] == texts.KEPT
    assert rows_about(tmp_path, alice.id) == before
    assert buttons_of(client, alice, prompt["message_id"]) == []


def test_stale_confirmations_are_answered_politely_and_delete_nothing(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    seed(tmp_path, alice.id)
    for _ in range(3):
        alice.say("/delete")
        alice.wait_reply(reply_with("Delete all your data?"))
    oldest, older, newest = [m for m in client.messages(alice.id) if (m["text"] or "").startswith("Delete all")]

    def press_yes(prompt: dict[str, Any]) -> str:
        client.press(alice.id, prompt["message_id"], prompt["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
        return str(answer(client, alice)["text"])

    assert press_yes(newest) == texts.ANSWER_DELETED
    alice.wait_reply(reply_with("deleted everything"))
    assert press_yes(older) == texts.ALREADY_GONE  # an older prompt, after the deletion

    seed(tmp_path, alice.id)  # Alice starts again: a new account
    assert press_yes(oldest) == texts.ALREADY_GONE  # a button from before can't delete it
    assert rows_about(tmp_path, alice.id)["users"] == 1

    bob = ChatUser(client, BOB, first_name="Bob")
    bob.say("/delete")  # Bob has no data: told so, and cannot use Alice's button either
    assert bob.wait_reply()["text"] == texts.NO_DATA


def test_a_confirmation_expires_and_the_export_note_counts_rows() -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

    def prompt(minutes_ago: int) -> Message:
        return Message(message_id=1, date=now - timedelta(minutes=minutes_ago), chat=Chat(1, "private"))

    assert not mydata.expired(prompt(1), now)
    assert not mydata.expired(prompt(mydata.CONFIRM_MINUTES), now)
    assert mydata.expired(prompt(mydata.CONFIRM_MINUTES + 1), now)
    assert mydata.expired(None, now)
    note = texts.export_note({"users": [{}], "profiles": [{}], "session_logs": [{}, {}], "pain_checkins": [{}]})
    assert note == "Everything I keep about you: your account, your settings, 2 sessions, 1 pain score."
