"""The bot's ways of running: webhook mode, any Bot API-compatible server by URL, and local mode in a terminal."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from botapi_emulator import ChatUser, EmulatorClient
from conversations.texts import common as common_texts
from locales import Language, _, speaking
from tests.support.process import BotProcess, free_port
from tests.support.terminal import local_mode


def test_webhook_mode_answers_start(start_bot: Callable[..., BotProcess], alice: ChatUser) -> None:
    port = free_port()
    start_bot(WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram", PORT=str(port), WEBHOOK_SECRET="s3cret_token")
    alice.say("/start")
    assert alice.wait_reply()["text"].startswith("Hi Alice")


def test_webhook_refuses_a_call_without_the_secret(start_bot: Callable[..., BotProcess]) -> None:
    port = free_port()
    start_bot(WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram", PORT=str(port), WEBHOOK_SECRET="s3cret_token")
    forged = {"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}}
    wrong_secret = {"X-Telegram-Bot-Api-Secret-Token": "x"}
    response = httpx.post(f"http://127.0.0.1:{port}/telegram", json=forged, headers=wrong_secret)
    assert response.status_code == 403


@pytest.fixture
def emulator_process(tmp_path: Path) -> Iterator[str]:
    """The emulator as its own process (`python -m botapi_emulator`): a stand-in for any Bot API server."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "botapi_emulator", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield base
    process.terminate()
    process.wait(10)


def test_any_bot_api_server_by_base_url(tmp_path: Path, emulator_process: str) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": "987654321:AAother-server-token_abcdefghijkl",
        "TELEGRAM_BASE_URL": f"{emulator_process}/bot",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
    }
    bot = BotProcess(tmp_path, env).start()
    try:
        with EmulatorClient(f"{emulator_process}/control") as control:
            bob = ChatUser(control, 2002, first_name="Bob")
            bob.say("/start")
            assert bob.wait_reply()["text"].startswith("Hi Bob")
    finally:
        bot.stop()


def test_local_mode_is_a_terminal_chat_without_a_token(tmp_path: Path) -> None:
    with local_mode(tmp_path) as terminal:
        banner = terminal.read_until("Type /start to begin")
        assert "local mode" in banner
        terminal.type("/start")
        screen = terminal.read_until("Hi Sam")
        assert "BackCoach:" in screen
        terminal.type("/help")
        assert "/start: Begin" in terminal.read_until("/help: What I can do", timeout=10)
        assert terminal.quit() == 0


def test_local_mode_speaks_the_local_language(tmp_path: Path) -> None:
    with local_mode(tmp_path, LOCAL_LANGUAGE="de") as terminal:
        terminal.read_until("Type /start to begin")
        terminal.type("/start")
        with speaking(Language.DE):
            greeting = _(common_texts.WELCOME).split(",", 1)[0].format(name="Sam")  # "Hallo Sam"
        assert greeting != "Hi Sam"
        terminal.read_until(greeting)
        assert terminal.quit() == 0
    assert (tmp_path / "data" / "backcoach.db").exists()
    assert "Hi Sam" not in (tmp_path / "data" / "local-mode.log").read_text()


def test_local_mode_started_again_answers_the_first_message(tmp_path: Path) -> None:
    """The emulator numbers updates from 1 on every start; the inbox still holds the last run's: none is skipped."""
    for _round in range(2):
        with local_mode(tmp_path) as terminal:
            terminal.read_until("Type /start to begin")
            terminal.type("/help")
            assert "/start: Begin" in terminal.read_until("/help: What I can do", timeout=10)
            assert terminal.quit() == 0
