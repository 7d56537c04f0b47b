"""Fixtures for the storage tests: every database test runs on SQLite (a temp file, aiosqlite) and on PostgreSQL.

PostgreSQL: the server named by ``BACKCOACH_TEST_PG_URL`` (default ``postgresql+asyncpg://postgres@127.0.0.1:5432/test``).
Each test session creates its own database ``backcoach_test_<random>`` through that one, migrates it with
``upgrade_to_head`` and drops it at the end; tests needing an empty database get one of their own. If no server
answers, the PostgreSQL parameters skip with the reason, never silently.
Between tests the migrated databases are emptied (rows only), so each test starts from no data.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage.database import Database
from storage.migrate import upgrade_to_head
from tests.support.postgres import fresh_pg_database, in_thread, pg_admin_url_or_skip

NOW = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)  # a Monday
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """The maintenance database URL, or skip every PostgreSQL test with the reason."""
    return pg_admin_url_or_skip()


@pytest.fixture(scope="session")
def sqlite_migrated_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'backcoach.db'}"
    in_thread(upgrade_to_head, url)
    return url


@pytest.fixture(scope="session")
def pg_migrated_url(pg_admin_url: str) -> Iterator[str]:
    with fresh_pg_database(pg_admin_url) as url:
        in_thread(upgrade_to_head, url)
        yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def migrated_url(backend: str, request: pytest.FixtureRequest) -> str:
    """The URL of a database at head, shared by the tests of one backend."""
    prefix = {"postgresql": "pg"}.get(backend, backend)
    return str(request.getfixturevalue(f"{prefix}_migrated_url"))


@pytest.fixture
def empty_pg_url(pg_admin_url: str) -> Iterator[str]:
    """A PostgreSQL database of its own with no tables at all."""
    with fresh_pg_database(pg_admin_url) as url:
        yield url


@pytest.fixture
def empty_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The URL of a database of its own with no tables at all (for migration tests)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh' / 'backcoach.db'}"
    return str(request.getfixturevalue("empty_pg_url"))


@pytest.fixture
async def db(migrated_url: str) -> AsyncIterator[Database]:
    """A ``Database`` on a migrated database holding no rows."""
    database = Database(migrated_url)
    async with database.session() as session:
        for table in reversed(SQLModel.metadata.sorted_tables):
            await session.exec(delete(table))
    yield database
    await database.dispose()


USER_ID = 9_000_000_001  # above 2**32: Telegram ids need BIGINT


@pytest.fixture
async def user_id(db: Database) -> int:
    """A user (with a profile) that exists in ``db``."""
    from storage.repositories import profiles, users

    async with db.session() as session:
        await users.record_seen(
            session, user_id=USER_ID, chat_id=USER_ID, first_name="Ada", language_code="en", now=NOW
        )
        await profiles.get_or_create_profile(session, USER_ID, now=NOW)
    return USER_ID


@pytest.fixture
def now() -> datetime:
    """A fixed instant (a Monday morning, UTC) the tests use as the clock."""
    return NOW
