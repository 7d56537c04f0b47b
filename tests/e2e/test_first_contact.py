"""A new user meets the bot: the real `python -m bot` process, driven through the emulator as a user would."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from botapi_emulator import ChatUser, EmulatorClient
from conversations.texts.common import COMMANDS
from tests.support.process import TEST_TOKEN, BotProcess


def test_start_greets_and_says_what_the_bot_is_not(start_bot: Callable[..., BotProcess], alice: ChatUser) -> None:
    start_bot()
    alice.say("/start")
    reply = alice.wait_reply()
    text = reply["text"]
    assert text.startswith("Hi Alice")
    assert "home exercise programme" in text
    assert "don't diagnose" in text
    assert "replace a doctor" in text


def test_help_lists_the_commands(start_bot: Callable[..., BotProcess], alice: ChatUser) -> None:
    start_bot()
    alice.say("/help")
    text = alice.wait_reply()["text"]
    assert "/start" in text and "/help" in text


def test_commands_are_announced_to_telegram(
    start_bot: Callable[..., BotProcess], client: EmulatorClient
) -> None:
    start_bot()
    names = [command["command"] for command in client.commands()]
    assert names == [name for name, _ in COMMANDS]
    assert {"start", "today", "pain", "help", "export", "delete"} <= set(names)


def test_sticker_photo_voice_and_unknown_command_get_friendly_answers(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser
) -> None:
    start_bot()
    client.send_sticker(alice.id)
    assert "sticker" in alice.wait_reply()["text"]
    client.send_photo(alice.id)
    assert "can't look at photos" in alice.wait_reply()["text"]
    client.send_voice(alice.id)
    assert "voice" in alice.wait_reply()["text"]
    alice.say("/dance")
    assert "don't know that command" in alice.wait_reply()["text"]
    alice.say("hello?")
    assert "/help" in alice.wait_reply()["text"]
    alice.say("/stauts")
    assert "Did you mean /status?" in alice.wait_reply()["text"]
    alice.say("my back really hurts today")
    assert "Type /pain" in alice.wait_reply()["text"]
    alice.say("help")
    assert "/today: Today's session" in alice.wait_reply()["text"]


def test_user_is_kept_across_a_restart(
    start_bot: Callable[..., BotProcess], alice: ChatUser, tmp_path: Path
) -> None:
    first = start_bot()
    alice.say("/start")
    assert alice.wait_reply()["text"].startswith("Hi Alice")
    assert first.stop() == 0
    with sqlite3.connect(tmp_path / "backcoach.db") as db:
        assert db.execute("select first_name from users where id = ?", (alice.id,)).fetchone() == ("Alice",)
    start_bot()
    alice.say("/start")
    assert alice.wait_reply()["text"].startswith("Welcome back, Alice")


def test_blocking_the_bot_marks_the_user_inactive(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    bot = start_bot()
    alice.say("/start")
    alice.wait_reply()
    database = tmp_path / "backcoach.db"
    client.block(alice.id)
    wait_until(lambda: is_active(database, alice.id) is False)
    client.unblock(alice.id)
    wait_until(lambda: is_active(database, alice.id) is True)
    client.block(alice.id)
    wait_until(lambda: is_active(database, alice.id) is False)
    assert bot.stop() == 0


def is_active(database: Path, user_id: int) -> bool | None:
    """What the bot's database says about the user right now (read beside the running bot: WAL mode)."""
    with sqlite3.connect(database) as db:
        row = db.execute("select is_active from users where id = ?", (user_id,)).fetchone()
    return None if row is None else bool(row[0])


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the bot did not record it in time"
        time.sleep(0.05)


def test_token_never_appears_in_debug_output(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser
) -> None:
    bot = start_bot(LOG_LEVEL="DEBUG")
    alice.say("/start")
    alice.wait_reply()
    alice.say("my pain is 7")
    alice.wait_reply()
    client.send_sticker(alice.id)
    alice.wait_reply()
    bot.stop()
    output = bot.output
    assert "DEBUG" in output, "the run should really have logged at DEBUG"
    assert "getUpdates" in output
    assert TEST_TOKEN not in output
    assert TEST_TOKEN.split(":")[1] not in output
    assert "my pain is 7" not in output
