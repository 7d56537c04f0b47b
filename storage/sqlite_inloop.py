"""SQLite run on the event loop's own thread: the driver behind ``sqlite:///path`` URLs (``sqlite+inloop``).

SQLAlchemy's aiosqlite driver sends every statement to a worker thread and back, three or four thread
hand-offs per statement. Measured on this project's units of work (``bench/results/sqlite-driver.txt``),
that costs 2.1 to 2.4 times the CPU of running the same statements through the standard ``sqlite3``
module on the loop's thread. SQLite in WAL mode with ``synchronous=NORMAL`` answers from the page cache
without waiting for the disk, so a statement run inline holds the loop for less time than a hand-off takes.

One thing must never happen inline: waiting in SQLite's busy handler for another connection of this same
process to finish writing, since that connection can only finish when the loop runs again. So writers take
turns through :class:`WriterGate`, an asyncio lock taken before a connection's first write and given back
when its transaction ends: a second writer awaits its turn while the loop keeps running. Another process
writing the same file still meets SQLite's busy timeout, which is why one bot process per SQLite file is
the rule (PostgreSQL for more).
"""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
from typing import Any

from sqlalchemy import pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL
from sqlalchemy.engine.interfaces import ConnectArgsType
from sqlalchemy.util import await_only

DRIVER = "inloop"
#: How long a writer waits for its turn before failing as SQLite would ("database is locked").
DEFAULT_WRITE_WAIT_SECONDS = 5.0

# The statements sqlite3 opens a transaction for (its legacy transaction control): the writes.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriterGate:
    """One writer at a time among the connections of one engine, waited for without blocking the loop."""

    def __init__(self, wait_seconds: float = DEFAULT_WRITE_WAIT_SECONDS) -> None:
        self.wait_seconds = wait_seconds
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._owner: weakref.ReferenceType[InLoopConnection] | None = None

    def enter(self, connection: InLoopConnection) -> asyncio.Lock:
        """Wait (from inside SQLAlchemy's greenlet) until ``connection`` may write; returns the lock taken."""
        lock = self._lock()
        if not lock.locked():
            await_only(lock.acquire())
        elif not await_only(self._wait(lock)):
            raise sqlite3.OperationalError("database is locked")
        self._owner = weakref.ref(connection)
        return lock

    async def _wait(self, lock: asyncio.Lock) -> bool:
        try:
            await asyncio.wait_for(lock.acquire(), self.wait_seconds)
            return True
        except TimeoutError:
            if self._owner_gone():  # its holder was dropped without a commit or rollback: take the turn back
                lock.release()
                await lock.acquire()
                return True
            return False

    def _owner_gone(self) -> bool:
        owner = self._owner() if self._owner is not None else None
        return owner is None or not owner.in_transaction

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        return lock


class InLoopCursor(sqlite3.Cursor):
    """A ``sqlite3`` cursor that waits for the writer's turn before a connection's first write."""

    def execute(self, sql: str, parameters: Any = (), /) -> InLoopCursor:
        _before(self.connection, sql)
        super().execute(sql, parameters)
        return self

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> InLoopCursor:
        _before(self.connection, sql)
        super().executemany(sql, seq_of_parameters)
        return self

    async def _async_soft_close(self) -> None:
        """Called by SQLAlchemy's async results after a statement; rows are read in place, nothing to do."""


async def _checkpoint() -> None:
    """Nothing: awaited once per statement (see :func:`_before`)."""


def _before(connection: sqlite3.Connection, sql: str) -> None:
    """Before each statement: the writer's turn if it writes, and one await.

    SQLAlchemy's ``AsyncConnection.execute`` checks that a statement passed through the loop's side at
    least once (its guard against a synchronous driver used by mistake); awaiting :func:`_checkpoint` is
    that pass, two greenlet switches and no wait.
    """
    if isinstance(connection, InLoopConnection):
        connection.begin_write(sql)
    await_only(_checkpoint())


class InLoopConnection(sqlite3.Connection):
    """A ``sqlite3`` connection whose cursors take the writer's turn; commit, rollback and close give it back."""

    gate: WriterGate
    _held: asyncio.Lock | None = None

    def cursor(self, factory: Any = InLoopCursor) -> Any:
        return super().cursor(factory)

    def begin_write(self, sql: str) -> None:
        """Take the writer's turn before the first write of a transaction (reads never wait)."""
        if self._held is None and sql.lstrip()[:7].upper().startswith(_WRITES):
            self._held = self.gate.enter(self)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._end_write()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._end_write()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._end_write()

    def _end_write(self) -> None:
        held, self._held = self._held, None
        if held is not None and held.locked():
            held.release()


class SQLiteDialect_inloop(SQLiteDialect_pysqlite):
    """The pysqlite dialect, marked async so ``create_async_engine`` runs it inline, with the writer gate."""

    driver = DRIVER
    is_async = True
    supports_statement_cache = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gate = WriterGate()

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        return pool.AsyncAdaptedQueuePool if cls._is_url_file_db(url) else pool.StaticPool

    def create_connect_args(self, url: URL) -> ConnectArgsType:
        args, options = super().create_connect_args(url)
        # pooled connections may be closed by the garbage collector on another thread
        options.update(factory=InLoopConnection, check_same_thread=False)
        return args, options

    def connect(self, *cargs: Any, **cparams: Any) -> Any:
        connection = super().connect(*cargs, **cparams)
        connection.gate = self.gate
        return connection


registry.register(f"sqlite.{DRIVER}", __name__, "SQLiteDialect_inloop")
