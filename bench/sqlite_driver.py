"""Benchmark: one unit of work through the two SQLite drivers, side by side in one run.

    python -m bench.sqlite_driver [--units 2000] [--users 100]

The unit of work is what a button press costs BackCoach in the database: the user's row read and their
last-seen time updated, and the conversation state written, committed as one transaction through
``Database.session()`` and the project's repositories. It runs on one migrated SQLite file through the
default driver (``sqlite://``, statements on the event loop's thread, ``storage.sqlite_inloop``) and through
aiosqlite (``sqlite+aiosqlite://``, statements in a worker thread), alternating, twice each. A third row does
the same three statements as SQLAlchemy Core statements on a connection (no ORM session), in-loop: what
leaving the ORM on the hot paths would save. Printed: CPU milliseconds per unit of work (process CPU time)
and the ratios. Figures, not asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, update
from storage.repositories.conversation_states import encode_key

from storage.database import Database
from storage.migrate import upgrade_to_head_async
from storage.models import ConversationState, User
from storage.repositories import conversation_states, users

DRIVERS = {"in-loop (sqlite://)": "sqlite", "aiosqlite (sqlite+aiosqlite://)": "sqlite+aiosqlite"}
WARM_UP = 200
CORE = "in-loop, Core statements (no ORM)"
UnitOfWork = Callable[[Database, int, int], Awaitable[None]]


async def unit_of_work(db: Database, n: int, users_count: int) -> None:
    """A press: the user seen again, the conversation state written, one commit."""
    user_id, now = n % users_count + 1, datetime.now(UTC)
    async with db.session() as session:
        await users.record_seen(
            session, user_id=user_id, chat_id=user_id, first_name="Bench", language_code="en", now=now
        )
        await conversation_states.set_conversation_state(
            session, name="bench", key=(user_id, user_id), state=f"state-{n % 7}", now=now
        )


async def core_unit_of_work(db: Database, n: int, users_count: int) -> None:
    """The same three statements as Core statements on one connection: no ORM session, no identity map."""
    user_id, now = n % users_count + 1, datetime.now(UTC)
    user, state = User.__table__, ConversationState.__table__  # type: ignore[attr-defined]
    async with db.engine.begin() as connection:
        (await connection.execute(select(user).where(user.c.id == user_id))).first()
        await connection.execute(update(user).where(user.c.id == user_id).values(last_seen_at=now))
        await connection.execute(
            update(state)
            .where(state.c.name == "bench", state.c.key == encode_key((user_id, user_id)))
            .values(state=f'"state-{n % 7}"', updated_at=now)
        )


async def cpu_ms_per_unit(url: str, units: int, users_count: int, work: UnitOfWork = unit_of_work) -> float:
    db = Database(url)
    try:
        for n in range(WARM_UP):
            await work(db, n, users_count)
        started = time.process_time()
        for n in range(units):
            await work(db, n, users_count)
        return (time.process_time() - started) / units * 1000
    finally:
        await db.dispose()


async def run(units: int, users_count: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="bench-sqlite-") as folder:
        path = Path(folder) / "bench.db"
        await upgrade_to_head_async(f"sqlite:///{path}")
        figures: dict[str, list[float]] = {name: [] for name in [*DRIVERS, CORE]}
        for _ in range(2):
            for name, scheme in DRIVERS.items():
                figures[name].append(await cpu_ms_per_unit(f"{scheme}:///{path}", units, users_count))
            figures[CORE].append(await cpu_ms_per_unit(f"sqlite:///{path}", units, users_count, core_unit_of_work))
        return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--users", type=int, default=100)
    args = parser.parse_args(argv)
    figures = asyncio.run(run(args.units, args.users))
    print(f"bench.sqlite_driver: {args.units} units of work (3 statements and a commit), {args.users} users")
    print(f"{'driver':<38}{'CPU ms per unit (two runs)':>30}")
    for name, runs in figures.items():
        print(f"{name:<38}{'  '.join(f'{value:.3f}' for value in runs):>30}")
    inloop, threaded, core = (min(runs) for runs in figures.values())
    print(f"ratio aiosqlite / in-loop, best of each: {threaded / inloop:.2f}; Core / ORM in-loop: {core / inloop:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
