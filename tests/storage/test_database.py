"""URL normalisation, the SQLite file and pragmas, and the unit of work."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.database import DEFAULT_DATABASE_URL, Database, UnsupportedDatabaseURL, normalise_url
from storage.migrate import upgrade_to_head_async
from storage.models import User
from storage.repositories import users

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///./data/backcoach.db", "sqlite+aiosqlite:///./data/backcoach.db"),
        ("sqlite+aiosqlite:////tmp/x.db", "sqlite+aiosqlite:////tmp/x.db"),
        ("postgresql://u:p@db:5432/bc", "postgresql+asyncpg://u:p@db:5432/bc"),
        ("postgres://u:p@db/bc", "postgresql+asyncpg://u:p@db/bc"),
        ("postgresql+asyncpg://u@db/bc", "postgresql+asyncpg://u@db/bc"),
    ],
)
def test_normalise_url_accepts_sqlite_and_postgresql(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "mysql://u:secret@h/db",
        "postgresql+psycopg2://u:secret@h/db",
        "sqlite+pysqlite:///x.db",
        "sqlite+inloop:///x.db",
        "x.db",
        "",
    ],
)
def test_unsupported_url_raises_one_clear_line_without_the_url(url: str) -> None:
    with pytest.raises(UnsupportedDatabaseURL) as caught:
        normalise_url(url)
    message = str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert "unsupported database URL scheme" in message
    assert "\n" not in message
    assert "secret" not in message


def test_database_refuses_unsupported_url() -> None:
    with pytest.raises(UnsupportedDatabaseURL):
        Database("mysql://localhost/db")


async def test_sqlite_file_and_folder_are_created_with_wal(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "data" / "backcoach.db"
    database = Database(f"sqlite:///{path}")
    try:
        assert path.parent.is_dir()
        assert database.dialect_name == "sqlite"
        async with database.engine.connect() as connection:
            journal = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
            foreign_keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar_one()
            busy = (await connection.execute(text("PRAGMA busy_timeout"))).scalar_one()
            synchronous = (await connection.execute(text("PRAGMA synchronous"))).scalar_one()
        assert path.is_file()
        assert (journal, foreign_keys, synchronous) == ("wal", 1, 1)  # synchronous 1 = NORMAL
        assert busy > 0
    finally:
        await database.dispose()


async def test_default_url_creates_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert DEFAULT_DATABASE_URL == "sqlite:///./data/backcoach.db"
    database = Database(DEFAULT_DATABASE_URL)
    try:
        async with database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        assert (tmp_path / "data" / "backcoach.db").is_file()
    finally:
        await database.dispose()


async def test_dialect_name(db: Database, backend: str) -> None:
    assert db.dialect_name == ("postgresql" if backend == "postgresql" else "sqlite")


async def test_session_commits_on_success(db: Database, now: datetime) -> None:
    async with db.session() as session:
        await users.record_seen(session, user_id=1, chat_id=1, first_name="A", language_code=None, now=now)
    async with db.session() as session:
        assert await users.get_user(session, 1) is not None


async def test_session_rolls_back_on_error(db: Database, now: datetime) -> None:
    with pytest.raises(RuntimeError):
        async with db.session() as session:
            session.add(User(id=2, chat_id=2, created_at=now, last_seen_at=now))
            await session.flush()
            raise RuntimeError("boom")
    async with db.session() as session:
        assert await users.get_user(session, 2) is None


async def test_objects_stay_readable_after_commit(db: Database, now: datetime) -> None:
    async with db.session() as session:
        user, _ = await users.record_seen(session, user_id=3, chat_id=4, first_name="B", language_code="de", now=now)
    assert (user.chat_id, user.first_name) == (4, "B")


async def test_a_sqlite_database_and_its_wal_and_shm_are_private_in_a_private_folder(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "backcoach.db"
    await upgrade_to_head_async(f"sqlite:///{path}")
    database = Database(f"sqlite:///{path}")
    try:
        async with database.session() as session:
            await users.record_seen(session, user_id=1, chat_id=1, first_name="A", language_code="en", now=NOW)
        files = [path, path.with_name("backcoach.db-wal"), path.with_name("backcoach.db-shm")]
        assert all(file.exists() for file in files)
        assert {file.name: oct(file.stat().st_mode & 0o777) for file in files} == {f.name: "0o600" for f in files}
        assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    finally:
        await database.dispose()


def test_the_statements_parameters_never_reach_an_error_message(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    assert database.engine.sync_engine.hide_parameters
