"""End-to-end fixtures: the project's Bot API emulator in a thread, and the real bot process pointed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.emulator import ChatUser, EmulatorClient, EmulatorThread
from tests.support.process import TEST_TOKEN, BotProcess


@pytest.fixture
def emulator() -> Iterator[EmulatorThread]:
    with EmulatorThread() as running:
        yield running


@pytest.fixture
def client(emulator: EmulatorThread) -> Iterator[EmulatorClient]:
    with EmulatorClient(emulator.control_url) as control:
        yield control


@pytest.fixture
def bot_env(emulator: EmulatorThread, tmp_path: Path) -> dict[str, str]:
    """Settings for a bot process talking to the emulator, with its own SQLite file."""
    return {
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_BASE_URL": emulator.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'backcoach.db'}",
        "LOG_LEVEL": "INFO",
    }


@pytest.fixture
def start_bot(tmp_path: Path, bot_env: dict[str, str]) -> Iterator[Callable[..., BotProcess]]:
    """Start `python -m bot` (extra settings as keyword arguments); every process is stopped afterwards."""
    started: list[BotProcess] = []

    def start(**extra: str) -> BotProcess:
        process = BotProcess(tmp_path, {**bot_env, **extra}).start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


@pytest.fixture
def alice(client: EmulatorClient) -> ChatUser:
    return ChatUser(client, 1001, first_name="Alice")
