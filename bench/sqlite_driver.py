"""Benchmark: one unit of work through the two SQLite drivers, side by side in one run.

    python -m bench.sqlite_driver [--units 2000] [--users 100]

The unit of work is what a button press costs BackCoach in the database: the user's row read and their
last-seen time updated, and the conversation state written, committed as one transaction through
``Database.session()`` and the project's repositories. It runs on one migrated SQLite file through the
default driver (``sqlite://``, statements on the event loop's thread, ``storage.sqlite_inloop``) and through
aiosqlite (``sqlite+aiosqlite://``, statements in a worker thread), alternating, twice each. Printed: CPU
milliseconds per unit of work (process CPU time) and the ratio aiosqlite / in-loop. Figures, not asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from storage.database import Database
from storage.migrate import upgrade_to_head_async
from storage.repositories import conversation_states, users

DRIVERS = {"in-loop (sqlite://)": "sqlite", "aiosqlite (sqlite+aiosqlite://)": "sqlite+aiosqlite"}
WARM_UP = 200


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


async def cpu_ms_per_unit(url: str, units: int, users_count: int) -> float:
    db = Database(url)
    try:
        for n in range(WARM_UP):
            await unit_of_work(db, n, users_count)
        started = time.process_time()
        for n in range(units):
            await unit_of_work(db, n, users_count)
        return (time.process_time() - started) / units * 1000
    finally:
        await db.dispose()


async def run(units: int, users_count: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="bench-sqlite-") as folder:
        path = Path(folder) / "bench.db"
        await upgrade_to_head_async(f"sqlite:///{path}")
        figures: dict[str, list[float]] = {name: [] for name in DRIVERS}
        for _ in range(2):
            for name, scheme in DRIVERS.items():
                figures[name].append(await cpu_ms_per_unit(f"{scheme}:///{path}", units, users_count))
        return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--users", type=int, default=100)
    args = parser.parse_args(argv)
    figures = asyncio.run(run(args.units, args.users))
    print(f"bench.sqlite_driver: {args.units} units of work (3 statements and a commit), {args.users} users")
    print(f"{'driver':<34}{'CPU ms per unit (two runs)':>30}")
    for name, runs in figures.items():
        print(f"{name:<34}{'  '.join(f'{value:.3f}' for value in runs):>30}")
    inloop, threaded = (min(runs) for runs in figures.values())
    print(f"ratio aiosqlite / in-loop, best of each: {threaded / inloop:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
