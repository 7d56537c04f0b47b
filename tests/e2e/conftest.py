"""End-to-end fixtures: the project's Bot API emulator in a thread, and the real bot process pointed at it.

Telegram lets a bot send about one message a second into a private chat, and the bot paces itself to that.
Pacing is proven by its own tests (tests/unit/test_delivery.py, tests/emulator, bench/fanout.py); here both
sides allow ``CHAT_RATE`` a second instead, so a conversation runs at the speed of the code, not of the limit.
A test about pacing passes ``CHAT_SEND_RATE`` to ``start_bot`` and uses an emulator with Telegram's limit.
A test user answers at machine speed, far above what a person can: the flood limit is raised to match
(``FLOOD_UPDATES``), and a test about floods passes its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from botapi_emulator import ChatUser, EmulatorClient, EmulatorThread
from tests.support.postgres import fresh_pg_database, pg_admin_url_or_skip
from tests.support.process import TEST_TOKEN, BotProcess
from tests.support.tcp_proxy import OutageProxy

#: Messages a second into one private chat, on both sides, for conversations that are not about pacing.
CHAT_RATE = 25.0
#: Updates one user may send within FLOOD_SECONDS (10) before the excess is dropped, for tests not about floods.
FLOOD_UPDATES = 100_000


@pytest.fixture
def emulator() -> Iterator[EmulatorThread]:
    with EmulatorThread(chat_rate=CHAT_RATE) as running:
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
        "CHAT_SEND_RATE": str(CHAT_RATE),
        "FLOOD_UPDATES": str(FLOOD_UPDATES),
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
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for the test's bot processes (the test is skipped, with the reason, when no
    server answers)."""
    with fresh_pg_database(pg_admin_url_or_skip()) as url:
        yield url


@pytest.fixture
def pg_proxy(pg_url: str) -> Iterator[tuple[str, OutageProxy]]:
    """The test's PostgreSQL database reached through a proxy the test can take down and bring back (its URL,
    and the proxy)."""
    parts = urlsplit(pg_url)
    proxy = OutageProxy((parts.hostname or "127.0.0.1", parts.port or 5432))
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{proxy.port}"
    yield parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host).geturl(), proxy
    proxy.close()


@pytest.fixture
def alice(client: EmulatorClient) -> ChatUser:
    return ChatUser(client, 1001, first_name="Alice")
