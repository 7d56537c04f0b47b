"""The default SQLite driver (statements on the loop's thread): writers take turns without blocking the loop."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.util import greenlet_spawn

from storage.database import Database
from storage.migrate import upgrade_to_head_async
from storage.repositories import users
from storage.sqlite_inloop import InLoopConnection, WriterGate

NOW = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    url = f"sqlite:///{tmp_path / 'inloop.db'}"
    await upgrade_to_head_async(url)
    database = Database(url)
    assert database.url.startswith("sqlite+inloop://")
    yield database
    await database.dispose()


async def _add_user(db: Database, user_id: int) -> None:
    async with db.session() as session:
        await users.record_seen(session, user_id=user_id, chat_id=user_id, first_name="A", language_code="en", now=NOW)


class Ticker:
    """Counts how often the loop gets to run it while something else is waiting."""

    def __init__(self) -> None:
        self.ticks = 0

    async def run(self) -> None:
        while True:
            self.ticks += 1
            await asyncio.sleep(0.01)


async def test_a_second_writer_waits_for_its_turn_while_the_loop_keeps_running(db: Database) -> None:
    ticker = Ticker()
    ticking = asyncio.create_task(ticker.run())
    order: list[str] = []
    first_wrote = asyncio.Event()

    async def first() -> None:
        async with db.session() as session:
            await users.record_seen(session, user_id=1, chat_id=1, first_name="A", language_code="en", now=NOW)
            first_wrote.set()
            await asyncio.sleep(0.3)  # e.g. a reply sent before the unit of work ends
            order.append("first committed")

    async def second() -> None:
        await first_wrote.wait()
        ticks_before = ticker.ticks
        async with db.session() as session:
            await users.record_seen(session, user_id=2, chat_id=2, first_name="B", language_code="en", now=NOW)
            order.append(f"second wrote after {ticker.ticks - ticks_before} ticks")

    await asyncio.gather(first(), second())
    ticking.cancel()
    assert order[0] == "first committed"
    waited_ticks = int(order[1].split()[3])
    assert waited_ticks >= 10  # the loop ran on (every 10 ms) while the second writer waited
    async with db.session() as session:
        assert await users.count_users(session) == 2


async def test_readers_never_wait_for_a_writer(db: Database) -> None:
    await _add_user(db, 1)
    async with db.session() as writer:
        await users.record_seen(writer, user_id=2, chat_id=2, first_name="B", language_code="en", now=NOW)
        async with db.session() as reader:  # another connection, while the write is open
            assert await users.count_users(reader) == 1  # the committed state only
    async with db.session() as session:
        assert await users.count_users(session) == 2


async def test_a_writer_that_waits_too_long_fails_as_sqlite_would(db: Database) -> None:
    gate = db.engine.sync_engine.dialect.gate  # type: ignore[attr-defined]
    gate.wait_seconds = 0.2
    async with db.session() as holder:
        await users.record_seen(holder, user_id=1, chat_id=1, first_name="A", language_code="en", now=NOW)
        with pytest.raises(Exception, match="database is locked"):
            async with db.session() as late:
                await users.record_seen(late, user_id=2, chat_id=2, first_name="B", language_code="en", now=NOW)
    async with db.session() as session:
        assert await users.count_users(session) == 1


async def test_a_turn_left_by_a_connection_outside_any_transaction_is_taken_back(tmp_path: Path) -> None:
    gate = WriterGate(wait_seconds=0.1)
    path = str(tmp_path / "gate.db")
    holder = sqlite3.connect(path, factory=InLoopConnection, check_same_thread=False)
    waiter = sqlite3.connect(path, factory=InLoopConnection, check_same_thread=False)
    for connection in (holder, waiter):
        connection.gate = gate
    holder.execute("CREATE TABLE t (x INTEGER)")
    await greenlet_spawn(holder.begin_write, "INSERT INTO t VALUES (1)")  # took the turn, then wrote nothing
    assert not holder.in_transaction
    await greenlet_spawn(waiter.execute, "INSERT INTO t VALUES (2)")
    waiter.commit()
    assert waiter.execute("SELECT x FROM t").fetchall() == [(2,)]
    holder.close()
    waiter.close()


async def test_core_connections_work_too(db: Database) -> None:
    async with db.engine.connect() as connection:
        assert (await connection.execute(text("SELECT 41 + 1"))).scalar_one() == 42
