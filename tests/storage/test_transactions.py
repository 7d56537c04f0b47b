"""A unit of work is one transaction: concurrent units lose no update, an error undoes all of it.

These tests are about ``Database.session()`` itself, not the schema, so they use a one-table database of
their own (a counter) on a real SQLite file and on a real PostgreSQL database. On SQLite every unit starts
with ``BEGIN IMMEDIATE`` (see ``storage.database``): a second unit waits for the first and then runs, and no
other connection can write between a unit's read and its write. On PostgreSQL a unit that reads a row to
change it reads it ``FOR UPDATE`` (a clause SQLite's dialect leaves out: there the unit already holds the lock).
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, MetaData, Table, inspect, select, text, update
from sqlalchemy.engine import make_url

from storage import database
from storage.database import Database, UnitNotSaved, settle_held_unit
from storage.migrate import alembic_config

COUNTERS = Table("counters", MetaData(), Column("id", Integer, primary_key=True), Column("value", Integer))
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def counter_db(empty_url: str) -> AsyncIterator[Database]:
    """A database of its own holding one counter, at 0."""
    database = Database(empty_url)
    async with database.engine.begin() as connection:
        await connection.run_sync(COUNTERS.metadata.create_all)
        await connection.execute(COUNTERS.insert().values(id=1, value=0))
    yield database
    await database.dispose()


async def counter_values(db: Database) -> list[tuple[int, int]]:
    async with db.session() as session:
        connection = await session.connection()
        return [tuple(row) for row in await connection.execute(select(COUNTERS).order_by(COUNTERS.c.id))]


async def increment(db: Database, pause: float = 0.01) -> None:
    """Read the counter, give the other units time to reach the database, write it back plus one."""
    async with db.session() as session:
        connection = await session.connection()
        read = select(COUNTERS.c.value).where(COUNTERS.c.id == 1).with_for_update()
        value = (await connection.execute(read)).scalar_one()
        await asyncio.sleep(pause)
        await connection.execute(update(COUNTERS).where(COUNTERS.c.id == 1).values(value=value + 1))


async def test_concurrent_units_incrementing_one_counter_lose_no_update(counter_db: Database) -> None:
    await asyncio.gather(*(increment(counter_db) for _ in range(10)))
    assert await counter_values(counter_db) == [(1, 10)]


async def test_an_error_in_a_unit_undoes_all_of_its_writes(counter_db: Database) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        async with counter_db.session() as session:
            connection = await session.connection()
            await connection.execute(update(COUNTERS).values(value=5))
            await connection.execute(COUNTERS.insert().values(id=2, value=7))
            raise RuntimeError("boom")
    assert await counter_values(counter_db) == [(1, 0)]


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_second_writer_waits_for_the_first_then_succeeds(counter_db: Database) -> None:
    order: list[str] = []
    first_wrote = asyncio.Event()

    async def first() -> None:
        async with counter_db.session() as session:
            await (await session.connection()).execute(update(COUNTERS).values(value=1))
            first_wrote.set()
            await asyncio.sleep(0.2)  # the second writer reaches SQLite's lock meanwhile
            order.append("first commits")

    async def second() -> None:
        await first_wrote.wait()
        async with counter_db.session() as session:
            await (await session.connection()).execute(COUNTERS.insert().values(id=2, value=2))
            order.append("second wrote")

    await asyncio.gather(first(), second())
    assert order == ["first commits", "second wrote"]
    assert await counter_values(counter_db) == [(1, 1), (2, 2)]


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_reading_unit_neither_blocks_a_writer_nor_sees_it_halfway(counter_db: Database) -> None:
    """``db.reading()`` begins deferred: a writer commits while it is open, and it keeps one snapshot."""
    order: list[str] = []
    reader_read, writer_done = asyncio.Event(), asyncio.Event()

    async def reader() -> None:
        async with counter_db.reading() as session:
            connection = await session.connection()
            seen = [(await connection.execute(select(COUNTERS.c.value))).scalar_one()]
            reader_read.set()
            await writer_done.wait()
            seen.append((await connection.execute(select(COUNTERS.c.value))).scalar_one())
            order.append(f"reader saw {seen}")

    async def writer() -> None:
        await reader_read.wait()
        async with counter_db.session() as session:
            await (await session.connection()).execute(update(COUNTERS).values(value=5))
        order.append("writer committed")
        writer_done.set()

    await asyncio.wait_for(asyncio.gather(reader(), writer()), timeout=10)
    assert order == ["writer committed", "reader saw [0, 0]"]
    assert await counter_values(counter_db) == [(1, 5)]


async def test_a_reading_unit_keeps_nothing_it_wrote(counter_db: Database) -> None:
    async with counter_db.reading() as session:
        await (await session.connection()).execute(update(COUNTERS).values(value=9))
    assert await counter_values(counter_db) == [(1, 0)]


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_no_other_connection_writes_between_a_units_read_and_write(counter_db: Database) -> None:
    path = make_url(counter_db.url).database
    assert path is not None
    other = sqlite3.connect(path, timeout=0, isolation_level=None)  # never waits for a lock
    try:
        async with counter_db.session() as session:
            connection = await session.connection()
            value = (await connection.execute(select(COUNTERS.c.value))).scalar_one()
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("UPDATE counters SET value = 99")
            await connection.execute(update(COUNTERS).values(value=value + 1))
        other.execute("UPDATE counters SET value = value + 10")  # the unit is over: the lock is free again
    finally:
        other.close()
    assert await counter_values(counter_db) == [(1, 11)]


FAILING_MIGRATION = """
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = {head!r}


def upgrade() -> None:
    op.create_table("probe", sa.Column("id", sa.Integer(), primary_key=True))
    raise RuntimeError("migration failed half-way")
"""


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_migration_failing_half_way_leaves_a_sqlite_file_as_it_was(empty_url: str, tmp_path: Path) -> None:
    """Migrations run on a fresh file, and their DDL is transactional: a failed one leaves nothing behind."""
    config = alembic_config(empty_url)
    head = ScriptDirectory.from_config(config).get_current_head()
    await asyncio.to_thread(command.upgrade, config, "head")
    scripts = tmp_path / "migrations"
    shutil.copytree(ROOT / "storage" / "migrations", scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_failing.py").write_text(FAILING_MIGRATION.format(head=head))
    config.set_main_option("script_location", str(scripts))
    with pytest.raises(RuntimeError, match="half-way"):
        await asyncio.to_thread(command.upgrade, config, "head")
    database = Database(empty_url)
    async with database.engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    await database.dispose()
    assert "users" in tables and "probe" not in tables


# ------------------------------------------------------------------------------------ a held commit ---


async def set_counter(db: Database, counter: int, value: int) -> None:
    async with db.session() as session:
        connection = await session.connection()
        await connection.execute(update(COUNTERS).where(COUNTERS.c.id == counter).values(value=value))


async def add_counter(session: Any, counter: int) -> None:
    connection = await session.connection()
    await connection.execute(COUNTERS.insert().values(id=counter, value=0))


async def test_a_held_unit_commits_with_what_is_added_to_it_as_one_transaction(counter_db: Database) -> None:
    async with counter_db.holding() as held:
        await set_counter(counter_db, 1, 5)
        async with held.last_unit() as session:
            await add_counter(session, 2)
        assert held.session is None
    assert await counter_values(counter_db) == [(1, 5), (2, 0)]


async def test_an_error_in_what_is_added_undoes_the_held_unit_too(counter_db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with counter_db.holding() as held:
            await set_counter(counter_db, 1, 5)
            async with held.last_unit() as session:
                await add_counter(session, 2)
                raise RuntimeError("boom")
    assert await counter_values(counter_db) == [(1, 0)]


async def test_a_held_unit_commits_before_the_next_unit_and_before_telegram(counter_db: Database) -> None:
    async with counter_db.holding() as held:
        await set_counter(counter_db, 1, 5)
        assert held.session is not None
        assert await counter_values(counter_db) == [(1, 5)]  # the next unit (a reading one too) sees it
        await set_counter(counter_db, 1, 6)
        await settle_held_unit()  # what the rate limiter does before any request
        assert held.session is None
        async with held.last_unit() as session:  # nothing held: a unit of its own
            await add_counter(session, 2)
    assert await counter_values(counter_db) == [(1, 6), (2, 0)]


async def test_a_held_unit_still_commits_when_the_block_fails_after_it(counter_db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with counter_db.holding():
            await set_counter(counter_db, 1, 5)
            raise RuntimeError("rendering failed")
    assert await counter_values(counter_db) == [(1, 5)]


async def test_a_failing_held_commit_says_nothing_was_saved(
    counter_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def lost_connection() -> None:
        raise ConnectionResetError("the database went away")

    with pytest.raises(UnitNotSaved):
        async with counter_db.holding() as held:
            await set_counter(counter_db, 1, 5)
            monkeypatch.setattr(held.session, "commit", lost_connection)
    assert await counter_values(counter_db) == [(1, 0)]


async def test_an_idle_postgresql_connection_that_died_is_replaced_before_use(
    counter_db: Database, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "postgresql":
        pytest.skip("pooled connections are pinged on PostgreSQL only")
    await set_counter(counter_db, 1, 1)  # one pooled connection, idle from now on
    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 0.0)
    killer = Database(counter_db.url)
    try:
        async with killer.engine.connect() as connection:
            await connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ))
    finally:
        await killer.dispose()
    await set_counter(counter_db, 1, 2)
    assert await counter_values(counter_db) == [(1, 2)]


async def test_a_task_started_inside_the_block_commits_its_own_units(counter_db: Database) -> None:
    async with counter_db.holding() as held:
        await asyncio.create_task(set_counter(counter_db, 1, 7))  # inherits the context, not the hold
        assert held.session is None
        assert await counter_values(counter_db) == [(1, 7)]


async def test_the_write_that_finishes_an_update_goes_with_the_last_held_unit_only(counter_db: Database) -> None:
    marks: list[str] = []

    async def mark_done(session: Any) -> None:  # what the inbox writes: here a counter row of its own
        marks.append("done")
        await add_counter(session, 9)

    with database.finishing(mark_done) as finish:
        async with counter_db.holding():
            await set_counter(counter_db, 1, 5)
            await set_counter(counter_db, 1, 6)  # the first unit commits because another begins: not the last
            assert marks == [] and finish.committed is False
            await settle_held_unit()  # a request to Telegram: the reply is about to go, this unit is the last
            assert finish.committed is True
            await set_counter(counter_db, 1, 7)  # a unit after the reply: the update is finished already
    assert marks == ["done"]
    assert await counter_values(counter_db) == [(1, 7), (9, 0)]


async def test_a_finishing_write_that_cannot_commit_leaves_the_update_unfinished(counter_db: Database) -> None:
    async def mark_done(session: Any) -> None:
        await add_counter(session, 1)  # a duplicate key: the transaction fails, the answer with it

    with database.finishing(mark_done) as finish, pytest.raises(UnitNotSaved):
        async with counter_db.holding():
            await set_counter(counter_db, 1, 5)
    assert finish.committed is False
    assert await counter_values(counter_db) == [(1, 0)]
