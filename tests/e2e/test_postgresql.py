"""The real bot process on PostgreSQL: migrations at start-up, the user kept across a restart."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import pytest

from bot.emulator import ChatUser
from storage.database import Database
from storage.repositories import users
from tests.support.postgres import fresh_pg_database, in_thread, pg_admin_url_or_skip
from tests.support.process import BotProcess


@pytest.fixture
def pg_url() -> Iterator[str]:
    with fresh_pg_database(pg_admin_url_or_skip()) as url:
        yield url


def first_name_in_database(url: str, user_id: int) -> str | None:
    async def read() -> str | None:
        db = Database(url)
        try:
            async with db.session() as session:
                user = await users.get_user(session, user_id)
                return None if user is None else user.first_name
        finally:
            await db.dispose()

    return in_thread(asyncio.run, read())


def test_user_is_kept_across_a_restart_on_postgresql(
    start_bot: Callable[..., BotProcess], alice: ChatUser, pg_url: str
) -> None:
    first = start_bot(DATABASE_URL=pg_url)
    alice.say("/start")
    alice.wait_reply()
    assert first.stop() == 0
    assert first_name_in_database(pg_url, alice.id) == "Alice"
    second = start_bot(DATABASE_URL=pg_url)
    alice.say("/help")
    assert "/start" in alice.wait_reply()["text"]
    assert second.stop() == 0
    assert first_name_in_database(pg_url, alice.id) == "Alice"
