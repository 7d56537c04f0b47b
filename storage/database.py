"""The async engine and session handling, for SQLite (aiosqlite) and PostgreSQL (asyncpg).

``Database(url)`` owns one engine. ``async with db.session() as session:`` gives an ``AsyncSession`` that
commits when the block ends normally and rolls back when it raises; objects stay usable after the commit
(``expire_on_commit=False``). On SQLite every connection gets WAL mode, ``synchronous=NORMAL``, foreign keys
(so ``ON DELETE CASCADE`` works) and a busy timeout, and the folder of the database file is created (0700, the
file and its ``-wal`` and ``-shm`` 0600: ``prepare_sqlite_file``).

SQLite transactions follow SQLAlchemy's documented recipe ("Enabling Non-Legacy SQLite Transactional Modes"):
the driver's own transaction control, which opens a transaction only before INSERT, UPDATE or DELETE (so
SELECTs and DDL would run outside it), is switched off (``isolation_level = None`` on each new connection) and
SQLAlchemy's ``begin`` event emits ``BEGIN IMMEDIATE`` instead. So a unit of work is one transaction from its
first statement, reads included, and it holds SQLite's write lock from that first statement: a second unit
waits for the first to end (in SQLite's busy handler, on aiosqlite's worker thread, so the event loop keeps
running) and then goes on; it can neither lose an update made in between nor fail to upgrade a read lock.
Units should therefore be short and never await Telegram while open; a unit still waiting after
``SQLITE_BUSY_TIMEOUT_MS`` fails with "database is locked". On PostgreSQL (READ COMMITTED) a unit that reads a
row in order to change it reads it ``FOR UPDATE`` (``with_for_update()``, which SQLAlchemy leaves out on
SQLite, where the lock is held already).

A unit that only reads says so: ``async with db.reading() as session:`` (the lock guard and the text router
on every update, /status, a button's look-up of its session). On SQLite it begins with a plain (deferred)
``BEGIN``: in WAL mode it reads one consistent snapshot without taking the write lock, so readers never queue
behind writers or each other. Nothing it writes is kept; a unit that writes must use ``session()``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

DEFAULT_DATABASE_URL = "sqlite:///./data/backcoach.db"
#: A SQLite database holds health data: its folder (when BackCoach creates it) and its files are the account's.
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
SQLITE_BUSY_TIMEOUT_MS = 5000
#: The execution option marking a read-only unit's connection (its SQLite transaction begins deferred).
READ_ONLY_OPTION = "backcoach_read_only"

_DRIVERS: dict[str, str] = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}
_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
)


class UnsupportedDatabaseURL(ValueError):
    """The database URL is not a SQLite or PostgreSQL URL this project can use."""


def _parse(url: str) -> URL:
    scheme = url.split("://", 1)[0] if "://" in url else "(none)"
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None
    if parsed is None or parsed.drivername not in _DRIVERS:
        raise UnsupportedDatabaseURL(
            f"unsupported database URL scheme {scheme!r}: use sqlite:///path/to.db "
            "or postgresql+asyncpg://user:password@host/dbname"
        )
    return parsed.set(drivername=_DRIVERS[parsed.drivername])


def normalise_url(url: str) -> str:
    """The async-driver form of a SQLite or PostgreSQL URL; :class:`UnsupportedDatabaseURL` for anything else.

    ``sqlite:///x.db`` -> ``sqlite+aiosqlite:///x.db``; ``postgres://`` and ``postgresql://`` ->
    ``postgresql+asyncpg://``. The message never contains the URL itself (it may hold a password).
    """
    return _parse(url).render_as_string(hide_password=False)


def _sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL, or None for an in-memory database."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def prepare_sqlite_file(url: str) -> None:
    """A SQLite file database's folder and file, private to this account: the folder created 0700, the file
    created (or tightened to) 0600 before SQLite opens it; SQLite gives its ``-wal`` and ``-shm`` files the
    database file's permissions, and any left from before are tightened too. Nothing to do for PostgreSQL."""
    parsed = _parse(url)
    path = _sqlite_file(parsed) if parsed.get_backend_name() == "sqlite" else None
    if path is None:
        return
    path.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and file.stat().st_mode & 0o777 != PRIVATE_FILE:
            file.chmod(PRIVATE_FILE)


def _set_up_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    """A new SQLite connection: the pragmas, and the driver's own BEGIN/COMMIT handling off."""
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (below); sqlite3 still commits and rolls back
    cursor = dbapi_connection.cursor()
    try:
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _begin(connection: Connection) -> None:
    """A SQLite unit that may write takes the write lock at its start (its reads and writes are one
    transaction); a read-only unit begins deferred and reads a snapshot without it."""
    read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


class Database:
    """One async engine plus a session factory."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self._url = _parse(url)
        # A failed statement's exception (logged with its traceback) never shows its parameters: they are what
        # users told the bot (pain scores, screening answers).
        options: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if self.dialect_name == "sqlite":
            prepare_sqlite_file(url)
        else:
            options["pool_pre_ping"] = True
        self._engine = create_async_engine(self._url, **options)
        if self.dialect_name == "sqlite":
            event.listen(self._engine.sync_engine, "connect", _set_up_sqlite_connection)
            event.listen(self._engine.sync_engine, "begin", _begin)
        self._sessions = async_sessionmaker(self._engine, class_=AsyncSession, expire_on_commit=False)
        readers = self._engine.execution_options(**{READ_ONLY_OPTION: True})
        self._readers = async_sessionmaker(readers, class_=AsyncSession, expire_on_commit=False)

    @property
    def engine(self) -> AsyncEngine:
        """The underlying SQLAlchemy async engine."""
        return self._engine

    @property
    def url(self) -> str:
        """The normalised URL (with its password: do not log it)."""
        return self._url.render_as_string(hide_password=False)

    @property
    def dialect_name(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._url.get_backend_name()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits on success, rolls back on any error."""
        async with self._sessions() as session:
            try:
                yield session
            except BaseException:
                await session.rollback()
                raise
            await session.commit()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """One unit of work that only reads (never blocks or waits for a writer on SQLite). Its end closes the
        session without expiring what it loaded; the connection's return to the pool rolls the transaction back."""
        async with self._readers() as session:
            yield session

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self._engine.dispose()
