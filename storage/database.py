"""The async engine and session handling, for SQLite (run on the loop's thread) and PostgreSQL (asyncpg).

``Database(url)`` owns one engine. ``async with db.session() as session:`` gives an ``AsyncSession`` that
commits when the block ends normally and rolls back when it raises; objects stay usable after the commit
(``expire_on_commit=False``). On SQLite every connection gets WAL mode, ``synchronous=NORMAL``, foreign keys
(so ``ON DELETE CASCADE`` works) and a busy timeout, and the folder of the database file is created.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from storage import sqlite_inloop

DEFAULT_DATABASE_URL = "sqlite:///./data/backcoach.db"
SQLITE_BUSY_TIMEOUT_MS = 5000

_DRIVERS: dict[str, str] = {
    "sqlite": f"sqlite+{sqlite_inloop.DRIVER}",
    f"sqlite+{sqlite_inloop.DRIVER}": f"sqlite+{sqlite_inloop.DRIVER}",
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

    ``sqlite:///x.db`` -> ``sqlite+inloop:///x.db`` (:mod:`storage.sqlite_inloop`; ``sqlite+aiosqlite://``
    stays aiosqlite's worker thread); ``postgres://`` and ``postgresql://`` ->
    ``postgresql+asyncpg://``. The message never contains the URL itself (it may hold a password).
    """
    return _parse(url).render_as_string(hide_password=False)


def _sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL, or None for an in-memory database."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


class Database:
    """One async engine plus a session factory."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self._url = _parse(url)
        options: dict[str, Any] = {"echo": echo}
        if self.dialect_name == "sqlite":
            path = _sqlite_file(self._url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
        else:
            options["pool_pre_ping"] = True
        self._engine = create_async_engine(self._url, **options)
        if self.dialect_name == "sqlite":
            event.listen(self._engine.sync_engine, "connect", _set_sqlite_pragmas)
        self._sessions = async_sessionmaker(self._engine, class_=AsyncSession, expire_on_commit=False)

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

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self._engine.dispose()
