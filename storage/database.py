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

On PostgreSQL a pooled connection that sat idle for more than ``PING_AFTER_IDLE_SECONDS`` is pinged before
use (SQLAlchemy's documented "pessimistic" check, in a pool ``checkout`` listener: a dead one raises
``DisconnectionError`` and the pool connects afresh), so a server restart or an idle timeout costs no update.
A connection in steady use is not pinged: ``pool_pre_ping`` would ping on every checkout, three round trips
on asyncpg (``BEGIN``, ``;``, ``ROLLBACK``), about a third of a millisecond of CPU per unit of work.

A unit that only reads says so: ``async with db.reading() as session:`` (the lock guard and the text router
on every update, /status, a button's look-up of its session). On SQLite it begins with a plain (deferred)
``BEGIN``: in WAL mode it reads one consistent snapshot without taking the write lock, so readers never queue
behind writers or each other. Nothing it writes is kept; a unit that writes must use ``session()``.

A read that is one statement can do without a transaction (``await db.read_one(select(...))``): one
statement sees one consistent state on both databases. On SQLite it sends no ``BEGIN``; on PostgreSQL it runs
in autocommit, sparing the ``BEGIN`` and ``ROLLBACK`` round trips. The red-flag guard reads so on every update.

**A held commit** (``async with db.holding() as held:``, one per update in ``conversations.pending``): inside
the block, a unit of work that ends normally is not committed at once but held, so the caller can add its own
last writes to that same transaction (``held.last_unit()``: the user's next pending question goes in with the
answer that led to it). A held unit commits before anything else can follow it: before the next unit begins
(``session()`` or ``reading()``), before any request to Telegram (:func:`settle_held_unit`, called by the
bot's rate limiter, so no unit that writes is ever open while the bot talks to Telegram), and when the block
ends, also on an error (the unit itself ended normally). Units therefore keep their order and their meaning;
only the last commit waits for the block's few lines of rendering.

**The write that finishes an update** (``with finishing(write):``, set by ``bot.inbox`` around the handling
of one update from the durable inbox): the held unit that commits last, at a request to Telegram (the reply
is about to go) or at the end of the block (``holding``, ``last_unit``), first runs ``write`` (the inbox row
marked handled, ``answering`` until its reply has gone), so the user's answer and "this update is handled"
are one transaction. A held unit that commits only because another unit of work begins does not: it is not
the last one. :func:`current_finishing` says whether that write has committed, for the inbox to finish an
update that wrote nothing. The write may refuse, raising :class:`FinishedElsewhere` (the update was finished
by another process meanwhile): the unit rolls back like any unit that cannot commit, and
``Finishing.elsewhere`` says so. Because the write comes last in the unit, on PostgreSQL its
``UPDATE ... WHERE done_at IS NULL`` waits for the row lock of another process's uncommitted finish and then
finds the row done; on SQLite the second unit cannot even begin before the first commits. So of two
processes running one update, exactly one commits its last unit.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from pathlib import Path
from time import monotonic
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection
from sqlalchemy.sql import Executable
from sqlmodel.ext.asyncio.session import AsyncSession

DEFAULT_DATABASE_URL = "sqlite:///./data/backcoach.db"
#: A SQLite database holds health data: its folder (when BackCoach creates it) and its files are the account's.
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
SQLITE_BUSY_TIMEOUT_MS = 5000
#: A pooled PostgreSQL connection idle longer than this (seconds) is pinged before it is used again.
PING_AFTER_IDLE_SECONDS = 5.0
_CHECKED_IN_AT = "backcoach_checked_in_at"
#: The execution option marking a read-only unit's connection (its SQLite transaction begins deferred).
READ_ONLY_OPTION = "backcoach_read_only"
#: The execution option marking a one-statement read's connection (on SQLite: no BEGIN at all).
SINGLE_READ_OPTION = "backcoach_single_read"

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


class UnitNotSaved(RuntimeError):
    """A unit of work whose commit was held could not commit: nothing it wrote was kept."""


class FinishedElsewhere(UnitNotSaved):
    """The write that finishes an update found it finished already (another process handled it meanwhile):
    the unit rolled back, nothing it wrote was kept, and nothing of it may be said to the user."""


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
    options = connection.get_execution_options()
    if options.get(SINGLE_READ_OPTION, False):
        return  # one SELECT on its own: SQLite reads it atomically
    connection.exec_driver_sql("BEGIN" if options.get(READ_ONLY_OPTION, False) else "BEGIN IMMEDIATE")


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Ping a pooled connection before use when it sat idle past ``PING_AFTER_IDLE_SECONDS`` (a fresh one,
    just connected, is not pinged); a failed ping makes the pool replace it."""
    pool, dialect = engine.sync_engine.pool, engine.sync_engine.dialect

    def checked_in(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[_CHECKED_IN_AT] = monotonic()

    def checkout(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection) -> None:
        since = record.info.pop(_CHECKED_IN_AT, None)
        if since is None or monotonic() - since <= PING_AFTER_IDLE_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("a pooled connection did not answer its ping") from error

    event.listen(pool, "checkin", checked_in)
    event.listen(pool, "checkout", checkout)


class Database:
    """One async engine plus a session factory."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self._url = _parse(url)
        # A failed statement's exception (logged with its traceback) never shows its parameters: they are what
        # users told the bot (pain scores, screening answers).
        options: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if self.dialect_name == "sqlite":
            prepare_sqlite_file(url)
        self._engine = create_async_engine(self._url, **options)
        if self.dialect_name == "sqlite":
            event.listen(self._engine.sync_engine, "connect", _set_up_sqlite_connection)
            event.listen(self._engine.sync_engine, "begin", _begin)
        else:
            _ping_when_idle(self._engine)
        self._sessions = async_sessionmaker(self._engine, class_=AsyncSession, expire_on_commit=False)
        readers = self._engine.execution_options(**{READ_ONLY_OPTION: True})
        self._readers = async_sessionmaker(readers, class_=AsyncSession, expire_on_commit=False)
        single: dict[str, Any] = {SINGLE_READ_OPTION: True}
        self._single_reads = self._engine.execution_options(
            **(single if self.dialect_name == "sqlite" else {"isolation_level": "AUTOCOMMIT"})
        )

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
        """One unit of work: commits on success (or is held, inside :meth:`holding`), rolls back on any error."""
        await settle_held_unit(last=False)
        session = self._sessions()
        try:
            yield session
        except BaseException:
            await _discard(session)
            raise
        hold = _HOLD.get()
        if hold is not None and hold.db is self and hold.task is asyncio.current_task():
            hold.session = session
        else:  # no hold, or a task the holder started (it inherits the context, not the hold)
            await _commit(session)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """One unit of work that only reads (never blocks or waits for a writer on SQLite). Its end closes the
        session without expiring what it loaded; the connection's return to the pool rolls the transaction back."""
        await settle_held_unit(last=False)
        async with self._readers() as session:
            yield session

    async def read_one(self, statement: Executable, parameters: Mapping[str, Any] | None = None) -> Any:
        """The first column of the first row ``statement`` reads (None: no row), read outside any transaction;
        ``parameters`` fill its ``bindparam()``s (a statement built once and kept is not built again per read)."""
        await settle_held_unit(last=False)
        async with self._single_reads.connect() as connection:
            return (await connection.execute(statement, parameters)).scalar()

    @asynccontextmanager
    async def holding(self) -> AsyncIterator[HeldUnit]:
        """Hold the commit of the last unit of work that ends inside the block (see the module's docstring)."""
        hold = HeldUnit(self)
        token = _HOLD.set(hold)
        try:
            yield hold
        finally:
            _HOLD.reset(token)
            await hold.settle()

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self._engine.dispose()


class HeldUnit:
    """The unit of work whose commit :meth:`Database.holding` holds, if any (at most one at a time)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.task = asyncio.current_task()  # only this task's units are held
        self.session: AsyncSession | None = None

    async def settle(self, *, last: bool = True) -> None:
        """Commit the held unit now (nothing held: nothing to do); ``last``: no unit of work follows it, so it
        carries the write that finishes the update (:func:`finishing`)."""
        session, self.session = self.session, None
        if session is not None:
            await _commit_held(session, last=last)

    @asynccontextmanager
    async def last_unit(self) -> AsyncIterator[AsyncSession]:
        """Add the block's writes to the held unit and commit them together; none held: a unit of their own."""
        session, self.session = self.session, None
        session = session or self.db._sessions()
        try:
            yield session
        except BaseException:
            await _discard(session)
            raise
        await _commit_held(session, last=True)


_HOLD: ContextVar[HeldUnit | None] = ContextVar("backcoach_held_unit", default=None)


async def settle_held_unit(*, last: bool = True) -> None:
    """Commit the unit of work held in this context, if any: before a request to Telegram (``last``), or
    before another unit of work (not ``last``)."""
    hold = _HOLD.get()
    if hold is not None:
        await hold.settle(last=last)


FinishWrite = Callable[[AsyncSession], Awaitable[object]]


class Finishing:
    """The update this task is handling: the write that finishes it, and whether a unit committed it."""

    def __init__(self, write: FinishWrite) -> None:
        self.write = write
        self.task = asyncio.current_task()
        self.committed = False
        #: The write raised :class:`FinishedElsewhere`: another process handled the update; this one rolled back.
        self.elsewhere = False


_FINISH: ContextVar[Finishing | None] = ContextVar("backcoach_finishing", default=None)


@contextmanager
def finishing(write: FinishWrite) -> Iterator[Finishing]:
    """Inside the block, the last held unit of work of this task also runs ``write`` before it commits."""
    finish = Finishing(write)
    token = _FINISH.set(finish)
    try:
        yield finish
    finally:
        _FINISH.reset(token)


def current_finishing() -> Finishing | None:
    """The update this task is handling (None: not one from the inbox)."""
    finish = _FINISH.get()
    return finish if finish is not None and finish.task is asyncio.current_task() else None


async def _commit(session: AsyncSession) -> None:
    try:
        await session.commit()
    except BaseException:
        await _discard(session)
        raise
    await session.close()


async def _commit_held(session: AsyncSession, *, last: bool) -> None:
    """Commit a unit whose commit was held (the last one with the write that finishes the update); its failure
    comes after the caller rendered what it saved."""
    finish = current_finishing() if last else None
    if finish is not None and finish.committed:
        finish = None
    try:
        if finish is not None:
            try:
                await finish.write(session)
            except BaseException:
                await _discard(session)
                raise
        await _commit(session)
    except FinishedElsewhere:
        if finish is not None:
            finish.elsewhere = True
        raise
    except Exception as error:
        raise UnitNotSaved("a unit of work could not commit") from error
    if finish is not None:
        finish.committed = True


async def _discard(session: AsyncSession) -> None:
    try:
        await session.rollback()
    finally:
        await session.close()
