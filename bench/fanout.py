"""Benchmark: reminder fan-out at Telegram's limits, the tick's database cost, start-up time and memory.

    python -m bench.fanout [--database sqlite|postgresql] [--users 10000] [--registered 100000] [--out FILE]

1. **Fan-out**: ``--users`` users whose session reminders are all due at the same minute; the real bot
   process (``python -m bot``) sends them to the project's Bot API emulator, run as its own process with
   Telegram-like limits (``--chat-burst 1``: 30 messages/s overall, 1/s per chat). Printed: messages per
   second as a fraction of 30 (first to last send), the 429s, and lost and duplicated reminders (from the
   emulator's per-chat counts).
2. **Tick database time**: 1,000 due reminders among ``--registered`` users, and side by side among a tenth of
   them, claimed, advanced and recorded by one tick with an instant fake bot: the cost follows the due rows.
3. **Start-up and memory**: the bot process with ``--registered`` users, from spawn to "Application started",
   and its peak RSS once it has ticked.

Figures, never asserts. The full run takes over five minutes per database; the figures are also written to
``bench/results/fanout-<database>.txt``.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.updates import bench_database, free_port
from bot.scheduler import Ticker
from botapi_emulator import EmulatorClient
from storage.database import Database
from storage.models import Profile, Reminder, User
from tests.support.process import TEST_TOKEN, BotProcess

RESULTS = Path(__file__).resolve().parent / "results"
FIRST_USER_ID = 7_000_000_000  # above 2**32, as Telegram ids can be
TELEGRAM_CAP = 30.0
CHUNK = 5_000
DUE_FOR_TICK = 1_000
TICK_ROUNDS = 4
TICK_START = datetime(2030, 1, 7, 6, 0, tzinfo=UTC)  # the injected clock: far from the 18:00 reminders
STALL_SECONDS = 60.0


# --------------------------------------------------------------------------------------------- data ---


def _user_rows(ids: range, now: datetime) -> list[dict[str, Any]]:
    return [{"id": i, "chat_id": i, "created_at": now, "last_seen_at": now, "is_active": True} for i in ids]


def _profile_rows(ids: range, now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "user_id": i, "timezone": "Europe/London", "training_days": "0,1,2,3,4,5,6", "reminder_time": "18:00",
            "reminders_enabled": True, "level": 1, "weekly_goal": 4, "excluded_exercises": "",
            "level4_unlocked": False, "paused": False, "updated_at": now, "onboarded_at": now,
            "screening_outcome": "clear", "doctor_check": "yes",
        }
        for i in ids
    ]


def _reminder_rows(ids: range, fire_at: datetime, now: datetime) -> list[dict[str, Any]]:
    return [
        {"user_id": i, "kind": "session", "next_fire_at": fire_at, "enabled": True, "updated_at": now} for i in ids
    ]


async def seed(url: str, registered: int, due: int, now: datetime, rounds: int = 1) -> None:
    """``registered`` users with profiles and session reminders; ``rounds`` groups of ``due`` of them are due,
    the first group at ``now``, the next a minute later, and so on; the rest tomorrow."""
    db = Database(url)
    try:
        for start in range(0, registered, CHUNK):
            ids = range(FIRST_USER_ID + start, FIRST_USER_ID + min(start + CHUNK, registered))
            async with db.session() as session:
                await session.exec(insert(User), params=_user_rows(ids, now))  # type: ignore[call-overload]
                await session.exec(insert(Profile), params=_profile_rows(ids, now))  # type: ignore[call-overload]
                rows = [row for i in ids for row in _reminder_rows(range(i, i + 1), _fire_at(i, due, rounds, now), now)]
                await session.exec(insert(Reminder), params=rows)  # type: ignore[call-overload]
    finally:
        await db.dispose()


def _fire_at(user_id: int, due: int, rounds: int, now: datetime) -> datetime:
    group = (user_id - FIRST_USER_ID) // due if due else rounds
    return now + timedelta(minutes=group) if group < rounds else now + timedelta(days=1)


# ------------------------------------------------------------------------------------------ fan-out ---


@contextmanager
def limited_emulator() -> Iterator[str]:
    """The emulator as its own process with Telegram's limits and no per-chat burst; yields its root URL."""
    port = free_port()
    command = [sys.executable, "-m", "botapi_emulator", "--port", str(port), "--chat-burst", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    process.stdout.readline()  # the banner: it is serving
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def wait_for_sends(control: EmulatorClient, expected: int) -> dict[str, Any]:
    """Poll the emulator until ``expected`` sends arrived or nothing moved for a minute."""
    last, moved = -1, time.monotonic()
    while True:
        summary = control.stats()  # type: ignore[no-untyped-call]
        if summary["sends"] >= expected:
            return summary
        if summary["sends"] != last:
            last, moved = summary["sends"], time.monotonic()
        elif time.monotonic() - moved > STALL_SECONDS:
            return summary
        time.sleep(1.0)


def fanout_figures(summary: dict[str, Any], users: int) -> list[str]:
    per_chat = [int(chat["sends"]) for chat in summary["chats"].values()]
    delivered = sum(1 for n in per_chat if n >= 1)
    doubled = sum(n - 1 for n in per_chat if n > 1)
    span = (summary["last_send"] or 0) - (summary["first_send"] or 0)
    rate = (summary["sends"] - 1) / span if span > 0 else 0.0
    return [
        f"fan-out: {users} reminders due at the same minute, emulator 30/s overall, 1/s per chat (burst 1)",
        f"  sent {summary['sends']} in {span:.1f} s: {rate:.2f} msg/s = {rate / TELEGRAM_CAP:.1%} of 30/s "
        f"(best 1-s window {summary['max_sends_per_second']})",
        f"  429s: {summary['too_many_requests']}   lost: {users - delivered}   duplicated: {doubled}",
    ]


def run_fanout(database: str, users: int, workdir: Path) -> list[str]:
    workdir.mkdir(parents=True, exist_ok=True)
    with limited_emulator() as root, bench_database(database, workdir) as url:
        asyncio.run(seed(url, users, users, datetime.now(UTC)))
        with EmulatorClient(f"{root}/control") as control:
            control.register_users([FIRST_USER_ID + n for n in range(users)])
            control.reset_stats()
            env = {"TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_BASE_URL": f"{root}/bot", "DATABASE_URL": url}
            bot = BotProcess(workdir, {**env, "LOG_LEVEL": "INFO"}).start(timeout=120)
            try:
                summary = wait_for_sends(control, users)
                time.sleep(3.0)  # anything doubled would arrive now
                summary = control.stats()  # type: ignore[no-untyped-call]
            finally:
                bot.stop()
    return fanout_figures(summary, users)


# ------------------------------------------------------------------------------- tick database time ---


class InstantBot:
    """Accepts every send at once, so a tick's time is its database time."""

    async def send_message(self, chat_id: int, text: str, **_: Any) -> bool:
        return True


async def tick_seconds(url: str, start: datetime, rounds: int) -> list[tuple[float, float, int]]:
    """One tick per group of due rows (the first warms the process up); (database s, tick s, sent) each."""
    db = Database(url)
    measured = []
    try:
        for group in range(rounds):
            at = start + timedelta(minutes=group, seconds=1)
            ticker = Ticker(db, InstantBot(), clock=lambda at=at: at)  # type: ignore[arg-type,misc]
            started = time.perf_counter()
            report = await ticker.tick()
            measured.append((report.db_seconds, time.perf_counter() - started, report.sent))
        return measured
    finally:
        await db.dispose()


def run_tick_cost(database: str, registered: int, workdir: Path) -> list[str]:
    lines = [f"tick database time, {DUE_FOR_TICK} due (claim, advance, key, nudge rows; sends instant; "
             f"median of {TICK_ROUNDS - 1} ticks after a warm-up tick):"]
    for count in (registered, max(DUE_FOR_TICK * TICK_ROUNDS, registered // 10)):
        (workdir / f"tick-{count}").mkdir(parents=True, exist_ok=True)
        with bench_database(database, workdir / f"tick-{count}") as url:
            start = TICK_START
            asyncio.run(seed(url, count, DUE_FOR_TICK, start, TICK_ROUNDS))
            measured = asyncio.run(tick_seconds(url, start, TICK_ROUNDS))[1:]
        db_time, total, sent = sorted(measured)[len(measured) // 2]
        lines.append(f"  {count:>7} registered: {db_time * 1000:8.0f} ms in the database ({total * 1000:.0f} ms "
                     f"tick, {sent} sent)")
    return lines


# ----------------------------------------------------------------------------------- start-up, RSS ---


def run_startup(database: str, registered: int, workdir: Path) -> list[str]:
    folder = workdir / "startup"
    folder.mkdir()
    with limited_emulator() as root, bench_database(database, folder) as url:
        asyncio.run(seed(url, registered, 0, datetime.now(UTC)))
        env = {"TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_BASE_URL": f"{root}/bot", "DATABASE_URL": url}
        started = time.perf_counter()
        bot = BotProcess(folder, {**env, "LOG_LEVEL": "INFO"}).start(timeout=120)
        ready = time.perf_counter() - started
        time.sleep(12.0)  # a few ticks
        rss = bot.peak_rss_mb()
        bot.stop()
    return [f"start-up with {registered} registered users: {ready:.2f} s to polling (target <= 2 s), "
            f"peak RSS {rss:.0f} MB (target <= 150 MB)"]


# ------------------------------------------------------------------------------------------- main ---


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--users", type=int, default=10_000, help="reminders due at once in the fan-out")
    parser.add_argument("--registered", type=int, default=100_000, help="registered users for the tick and start-up")
    parser.add_argument("--out", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--parts", default="fanout,tick,startup", help="which parts to run (comma-separated)")
    args = parser.parse_args(argv)
    lines = [f"bench.fanout on {args.database} ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)"]
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        parts = {
            "fanout": lambda: run_fanout(args.database, args.users, workdir / "fanout"),
            "tick": lambda: run_tick_cost(args.database, args.registered, workdir),
            "startup": lambda: run_startup(args.database, args.registered, workdir),
        }
        for name in args.parts.split(","):
            found = parts[name.strip()]()
            print("\n".join(found), flush=True)
            lines += found
    complete = args.users >= 10_000 and args.parts == parser.get_default("parts")
    out = args.out or (RESULTS / f"fanout-{args.database}.txt" if complete else None)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
