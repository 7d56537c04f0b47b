"""BackCoach (``python -m bot``) with its SQL counted: what ``bench.updates`` runs as the bot under load.

Listeners on every SQLAlchemy engine of the process count the statements sent through a cursor
(``before_cursor_execute``; the ``BEGIN IMMEDIATE`` that opens each SQLite transaction is left out, since
transactions are counted apart), the transactions (``begin``), their ends (``commit``, ``rollback``) and the
transactions that ended having sent no INSERT, UPDATE or DELETE (for the record only: the bot never guesses
that from the SQL), those that said they only read (``Database.reading()``: a deferred ``BEGIN``, ended by the
pool's rollback, which fires no event), and the time from sending a statement to having its answer:
for SQLite's ``BEGIN IMMEDIATE`` apart (total, and the longest since the last report), since it includes the
wait for the write lock, besides the driver's hand-off and the event loop's latency that every statement has.
On SIGUSR1 the counts so far are written, as JSON, to the file named by ``BENCH_SQL_COUNTS``. The listeners
cost a few microseconds per statement. With ``BENCH_PROFILE=<path>`` the whole run is profiled (cProfile, timed
by the main thread's CPU time, ``time.thread_time``: what the event loop spends, not the time it waits for
sockets, for the GIL or for aiosqlite's worker thread, which a wall-clock profile would charge to whatever
call was waiting).
"""

from __future__ import annotations

import cProfile
import json
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

NAMES = ("statements", "transactions", "commits", "rollbacks", "read_only", "deferred")
COUNTS: dict[str, float] = dict.fromkeys((*NAMES, "statement_seconds", "begin_seconds", "begin_max"), 0)
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
BEGIN = "BEGIN IMMEDIATE"
#: Set to a path, the bot runs under cProfile and writes its stats there when it stops (``python -m pstats``).
PROFILE_ENV = "BENCH_PROFILE"
DEFERRED = "BEGIN"  # a unit that said it only reads (``Database.reading()``)


def _statement(connection: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
    connection.info["bench_sent_at"] = time.perf_counter()
    if statement in (BEGIN, DEFERRED):
        COUNTS["deferred"] += statement == DEFERRED
        return
    COUNTS["statements"] += 1
    if statement.lstrip()[:7].upper().startswith(WRITES):
        connection.info["bench_wrote"] = True


def _statement_done(connection: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
    took = time.perf_counter() - connection.info.pop("bench_sent_at")
    if statement == BEGIN:
        COUNTS["begin_seconds"] += took
        COUNTS["begin_max"] = max(COUNTS["begin_max"], took)
    elif statement != DEFERRED:
        COUNTS["statement_seconds"] += took


def _begin(connection: Connection) -> None:
    COUNTS["transactions"] += 1
    connection.info["bench_wrote"] = False


def _end(kind: str) -> Any:
    def listener(connection: Connection) -> None:
        COUNTS[kind] += 1
        if not connection.info.pop("bench_wrote", True):
            COUNTS["read_only"] += 1

    return listener


def _dump(_signal: int, _frame: FrameType | None) -> None:
    path = Path(os.environ["BENCH_SQL_COUNTS"])
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(COUNTS))
    partial.replace(path)
    COUNTS["begin_max"] = 0


def main() -> int:
    event.listen(Engine, "before_cursor_execute", _statement)
    event.listen(Engine, "after_cursor_execute", _statement_done)
    event.listen(Engine, "begin", _begin)
    event.listen(Engine, "commit", _end("commits"))
    event.listen(Engine, "rollback", _end("rollbacks"))
    signal.signal(signal.SIGUSR1, _dump)
    from bot.main import main as bot_main

    profile_path = os.environ.get(PROFILE_ENV)
    if not profile_path:
        return bot_main()
    profiler = cProfile.Profile(time.thread_time)
    profiler.enable()
    try:
        return bot_main()
    finally:
        profiler.disable()
        profiler.dump_stats(profile_path)


if __name__ == "__main__":
    sys.exit(main())
