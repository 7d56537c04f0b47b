"""Benchmark: many users at once, BackCoach beside a bare PTB echo bot, measured side by side in one run.

    python -m bench.updates [--users 100] [--rounds 3] [--database sqlite|postgresql]

Both bots poll the project's Bot API emulator, run as its own process with its limits off, so what is
measured is the bot's own work per update. Each simulated user runs a closed loop (send, wait for the reply,
answer it) in a check-in conversation: BackCoach's `/pain` check-in (a pain score and the safety questions,
answered by pressing buttons), and for the echo bot the same conversation (the same commands and button
presses, each answered with an acknowledgement and a message). Printed: updates per second, the bot
process's CPU seconds per 1000 updates, and the ratios BackCoach / echo; for BackCoach also the SQL statements
and transactions per update (and how many of those transactions only read), counted inside the bot process
by SQLAlchemy engine events (``bench.counted_bot``). Figures, not asserts.

The echo bot is measured twice. **Flat out**, its users send as fast as it answers (hundreds of updates a
second: one getUpdates call then fetches many updates, so its cost per update shrinks). **At BackCoach's
pace**, the same users are held to the update rate BackCoach reached in this run, which is what BackCoach's
replies allow (it keeps to Telegram's one message a second per chat). CPU per update depends on the rate
(batching, event-loop wake-ups), so the like-for-like ratio is the one at the same pace; both are printed.
`sqlite` is a SQLite file through aiosqlite (every transaction ``BEGIN IMMEDIATE``), `postgresql` a fresh
database on the test server (asyncpg).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.counted_bot import PROFILE_ENV
from botapi_emulator import AsyncEmulatorClient
from storage.database import Database
from storage.migrate import upgrade_to_head
from storage.repositories import profiles, users
from tests.support.postgres import PG_URL, fresh_pg_database
from tests.support.process import TEST_TOKEN, BotProcess

FIRST_USER_ID = 500_000
ROOT = Path(__file__).resolve().parents[1]
REPLY_TIMEOUT = 60.0


@dataclass
class SqlCounts:
    """What the bot sent to the database (``bench.counted_bot``), as counted so far or over the load."""

    statements: int = 0
    transactions: int = 0
    commits: int = 0
    rollbacks: int = 0
    read_only: int = 0  # transactions that began BEGIN IMMEDIATE yet wrote nothing
    deferred: int = 0  # units that said they only read (a deferred BEGIN on SQLite)
    statement_seconds: float = 0.0  # from sending each statement (but SQLite's BEGINs) to its answer, in all
    begin_seconds: float = 0.0  # the same for SQLite's BEGIN IMMEDIATEs, which wait for the write lock
    begin_max: float = 0.0  # the longest BEGIN IMMEDIATE since the previous report

    def __sub__(self, before: SqlCounts) -> SqlCounts:
        """The counts between two reports."""
        totals = {field.name: getattr(self, field.name) - getattr(before, field.name) for field in fields(self)}
        return SqlCounts(**{**totals, "begin_max": self.begin_max})


@dataclass
class Figures:
    """What one bot did under the load."""

    name: str
    updates: int
    seconds: float
    cpu_seconds: float
    sql: SqlCounts | None = None

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds

    @property
    def cpu_per_1000(self) -> float:
        return self.cpu_seconds * 1000 / self.updates


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def emulator_process() -> Iterator[str]:
    """The emulator in its own process with no rate limits; yields its root URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "botapi_emulator",
        "--port",
        str(port),
        "--global-rate",
        "none",
        "--chat-rate",
        "none",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


MessageTest = Callable[[dict[str, Any]], bool]


def is_message(event: dict[str, Any]) -> bool:
    """Anything the bot sent as a new message."""
    return event["kind"] in ("message", "photo", "document")


def asks_something(event: dict[str, Any]) -> bool:
    """A new message with buttons: the bot is asking a question."""
    return is_message(event) and bool((event.get("reply_markup") or {}).get("inline_keyboard"))


class Pace:
    """Spaces the users' sends evenly at ``rate`` updates a second overall (None: no limit)."""

    def __init__(self, rate: float | None) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.next_at = 0.0

    async def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        at = max(now, self.next_at)
        self.next_at = at + self.interval
        await asyncio.sleep(at - now)


class SimulatedUser:
    """One user in a closed loop: says or presses something, then waits for the bot's next message."""

    def __init__(self, client: AsyncEmulatorClient, user_id: int, pace: Pace) -> None:
        self.client = client
        self.user_id = user_id
        self.pace = pace
        self.cursor = 0  # the last chat event seen
        self.updates = 0

    async def skip_history(self) -> None:
        """Start reading after everything already in the chat (an earlier bot's messages in this run)."""
        events = await self.client.events(self.user_id, after=0, wait=0)
        self.cursor = int(events[-1]["seq"]) if events else 0

    async def say(self, text: str, until: MessageTest = is_message) -> dict[str, Any]:
        """Send `text`; the first bot message that passes `until`."""
        await self.pace.wait()
        await self.client.send_text(self.user_id, text, first_name="Bench")
        return await self._next_message(until)

    async def press(self, message: dict[str, Any], data: str, until: MessageTest = is_message) -> dict[str, Any]:
        """Press a button of `message`; the first bot message that passes `until`."""
        await self.pace.wait()
        await self.client.press(self.user_id, int(message["message_id"]), data)
        return await self._next_message(until)

    async def _next_message(self, until: MessageTest) -> dict[str, Any]:
        self.updates += 1
        deadline = time.monotonic() + REPLY_TIMEOUT
        while (remaining := deadline - time.monotonic()) > 0:
            for event in await self.client.events(self.user_id, after=self.cursor, wait=remaining):
                self.cursor = int(event["seq"])
                if until(event):
                    return event
        raise TimeoutError(f"user {self.user_id}: no reply within {REPLY_TIMEOUT} s")


Conversation = Callable[[SimulatedUser], Awaitable[None]]


def pick_button(message: dict[str, Any]) -> str | None:
    """How a calm user answers: a low pain score, "No" to the safety questions; None when nothing to press."""
    markup = message.get("reply_markup") or {}
    buttons = [b for row in markup.get("inline_keyboard", []) for b in row if "callback_data" in b]
    by_label = {b["text"]: b["callback_data"] for b in buttons}
    for label in ("2", "No"):
        if label in by_label:
            return str(by_label[label])
    return None


async def backcoach_checkin(user: SimulatedUser) -> None:
    """One /pain check-in: the command, the answers pressed until the bot stops asking, then /resume."""
    message = await user.say("/pain", until=asks_something)
    while (data := pick_button(message)) is not None:
        message = await user.press(message, data, until=asks_something)
    await user.say("/resume")


def echo_conversation(updates: int) -> Conversation:
    """The echo bot's counterpart of a check-in: a command, presses of its button, a command (`updates` in all)."""

    async def talk(user: SimulatedUser) -> None:
        message = await user.say("/pain", until=asks_something)
        for _ in range(updates - 2):
            message = await user.press(message, "echo:2", until=asks_something)
        await user.say("/resume")

    return talk


async def drive(
    control_url: str, users: int, rounds: int, conversation: Conversation, rate: float | None = None
) -> tuple[int, float]:
    """Every user runs `rounds` conversations, all users at once (at most `rate` updates/s); updates, seconds."""
    pace = Pace(rate)
    async with AsyncEmulatorClient(control_url, timeout=REPLY_TIMEOUT + 10) as client:
        people = [SimulatedUser(client, FIRST_USER_ID + n, pace) for n in range(users)]
        await asyncio.gather(*(user.skip_history() for user in people))

        async def one_user(user: SimulatedUser) -> None:
            for _ in range(rounds):
                await conversation(user)

        started = time.perf_counter()
        await asyncio.gather(*(one_user(user) for user in people))
        return sum(user.updates for user in people), time.perf_counter() - started


def sql_counts(bot: BotProcess, path: Path) -> SqlCounts:
    """Ask a ``bench.counted_bot`` process for its counts so far (SIGUSR1) and read them from `path`."""
    path.unlink(missing_ok=True)
    bot.process.send_signal(signal.SIGUSR1)  # type: ignore[union-attr]
    deadline = time.monotonic() + 10
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no SQL counts from the bot within 10 s:\n{bot.output}")
        time.sleep(0.01)
    return SqlCounts(**json.loads(path.read_text()))


def measure(
    name: str, bot: BotProcess, control_url: str, users: int, rounds: int, talk: Conversation,
    rate: float | None = None, counts: Path | None = None,
) -> Figures:
    """Start `bot`, run the load against it, and read its CPU time (and SQL counts, if any) around the load."""
    bot.start(timeout=60)
    try:
        sql_before = sql_counts(bot, counts) if counts else None
        cpu_before = bot.cpu_seconds()
        updates, seconds = asyncio.run(drive(control_url, users, rounds, talk, rate))
        cpu = bot.cpu_seconds() - cpu_before
        sql = sql_counts(bot, counts) - sql_before if counts and sql_before else None
    finally:
        bot.stop()
    return Figures(name, updates, seconds, cpu, sql)


async def add_onboarded_users(database_url: str, count: int) -> None:
    """`count` users who finished onboarding and were cleared, so /pain goes straight to the check-in."""
    now = datetime.now(UTC)
    db = Database(database_url)
    try:
        async with db.session() as session:
            for n in range(count):
                user_id = FIRST_USER_ID + n
                await users.record_seen(
                    session, user_id=user_id, chat_id=user_id, first_name="Bench", language_code="en", now=now
                )
                await profiles.update_profile(
                    session,
                    user_id,
                    now=now,
                    consent_at=now,
                    timezone="Europe/London",
                    training_days=range(7),
                    reminder_time="18:00",
                    doctor_check="yes",
                    doctor_check_at=now,
                    screening_outcome="clear",
                    screened_at=now,
                    baseline_pain=2,
                    level=1,
                    level_since=now.date(),
                    onboarded_at=now,
                    onboarding_step="done",
                )
    finally:
        await db.dispose()


@contextmanager
def bench_database(kind: str, workdir: Path) -> Iterator[str]:
    """A fresh, migrated database of the chosen kind."""
    if kind == "sqlite":
        url = f"sqlite:///{workdir / 'bench.db'}"
        upgrade_to_head(url)
        yield url
        return
    with fresh_pg_database(PG_URL) as url:
        upgrade_to_head(url)
        yield url


def updates_per_conversation(figures: Figures, users: int, rounds: int) -> int:
    return round(figures.updates / (users * rounds))


def sql_report(sql: SqlCounts, updates: int) -> list[str]:
    """BackCoach's statements and transactions per update, and how long their answers took."""
    lines = [
        f"BackCoach's SQL per update: {sql.statements / updates:.2f} statements, "
        f"{sql.transactions / updates:.2f} transactions ({sql.deferred / updates:.2f} of them declared read-only, "
        f"{sql.read_only / updates:.2f} more that wrote nothing; {sql.commits} commits, {sql.rollbacks} rollbacks)"
    ]
    if sql.statements:
        lines.append(f"a statement's answer took {sql.statement_seconds * 1000 / sql.statements:.2f} ms on average")
    immediate = sql.transactions - sql.deferred
    if immediate and sql.begin_seconds:
        mean, longest = sql.begin_seconds * 1000 / immediate, sql.begin_max * 1000
        lines.append(
            f"a BEGIN IMMEDIATE's (the same plus the wait for SQLite's write lock): {mean:.2f} ms on average, "
            f"{longest:.1f} ms the longest"
        )
    return lines


def report(ours: Figures, flat_out: Figures, paced: Figures, database: str) -> str:
    lines = [
        f"bench.updates on {database}: {ours.updates} BackCoach updates; the echo bot the same conversations",
        f"{'bot':<24}{'updates/s':>12}{'CPU s per 1000 updates':>26}",
    ]
    for figures in (flat_out, paced, ours):
        lines.append(f"{figures.name:<24}{figures.per_second:>12.1f}{figures.cpu_per_1000:>26.2f}")
    lines.append(
        f"ratio BackCoach/echo, CPU per update: {ours.cpu_per_1000 / paced.cpu_per_1000:.2f} at the same pace "
        f"(target <= 2.0), {ours.cpu_per_1000 / flat_out.cpu_per_1000:.2f} against the echo bot flat out"
    )
    if ours.sql is not None:
        lines.extend(sql_report(ours.sql, ours.updates))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory() as folder,
        emulator_process() as root,
        bench_database(args.database, Path(folder)) as url,
    ):
        workdir = Path(folder)
        asyncio.run(add_onboarded_users(url, args.users))
        env = {"TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_BASE_URL": f"{root}/bot", "LOG_LEVEL": "INFO",
               "FLOOD_UPDATES": "100000"}  # its users answer at machine speed: no flood limit in the way
        control = f"{root}/control"
        load = (control, args.users, args.rounds)
        echo_env = {**env, "PYTHONPATH": str(ROOT)}
        counts = workdir / "sql-counts.json"
        ours_env = {**echo_env, "DATABASE_URL": url, "BENCH_SQL_COUNTS": str(counts)}
        if PROFILE_ENV in os.environ:  # profile BackCoach's run (bench.counted_bot writes the stats)
            ours_env[PROFILE_ENV] = os.environ[PROFILE_ENV]
        ours_bot = BotProcess(workdir, ours_env, module="bench.counted_bot")
        ours = measure("BackCoach", ours_bot, *load, backcoach_checkin, counts=counts)
        talk = echo_conversation(updates_per_conversation(ours, args.users, args.rounds))
        flat_out = measure("echo (flat out)", BotProcess(workdir, echo_env, module="bench.echo_bot"), *load, talk)
        paced = measure(
            "echo (BackCoach's pace)", BotProcess(workdir, echo_env, module="bench.echo_bot"), *load, talk,
            rate=ours.per_second,
        )
    print(report(ours, flat_out, paced, args.database))
    return 0


if __name__ == "__main__":
    sys.exit(main())
