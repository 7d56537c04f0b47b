"""Users for end-to-end tests, written straight into the test's SQLite database through the repositories.

`add_onboarded_user` makes a user who finished onboarding and was cleared (doctor check "yes", screening
"clear"), so session, check-in and /pain tests do not depend on the onboarding flow; `add_flagged_user` gives
a user an open red flag, raised the way the flows raise it (``usecases.lock.raise_flag``). Call it after the bot
started (the bot migrates the database at start-up); SQLite's WAL mode lets the test write beside it.
`query` reads rows back with plain sqlite3; `bring_forward` makes a scheduled reminder row due now (in the SQLite
file, or in any database given by URL, such as a PostgreSQL one shared by several bot processes).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from botapi_emulator import ChatUser
from storage.database import Database
from storage.repositories import profiles, progress, reminders, users
from usecases.lock import raise_flag


def database_path(tmp_path: Path) -> Path:
    """The SQLite file the `bot_env` fixture gives the bot."""
    return tmp_path / "backcoach.db"


def add_onboarded_user(
    db_file: Path,
    user_id: int,
    *,
    first_name: str = "Alice",
    timezone: str = "Europe/London",
    days: Iterable[int] = range(7),
    reminder_time: str = "18:00",
    doctor_check: str = "yes",
    baseline_pain: int = 2,
    since: datetime | None = None,
) -> None:
    """An onboarded, cleared user with a profile (timezone, days, time, doctor check, screening clear),
    onboarded ``since`` (now by default)."""
    asyncio.run(
        _add(db_file, user_id, first_name, timezone, tuple(days), reminder_time, doctor_check, baseline_pain, since)
    )


async def _add(
    db_file: Path, user_id: int, first_name: str, timezone: str, days: tuple[int, ...], time: str,
    doctor_check: str, baseline_pain: int, since: datetime | None = None,
) -> None:
    now = since or datetime.now(UTC)
    db = Database(f"sqlite:///{db_file}")
    try:
        async with db.session() as session:
            await users.record_seen(
                session, user_id=user_id, chat_id=user_id, first_name=first_name, language_code="en", now=now
            )
            await profiles.update_profile(
                session, user_id, now=now, consent_at=now, timezone=timezone, training_days=days,
                reminder_time=time, doctor_check=doctor_check, doctor_check_at=now, screening_outcome="clear",
                screened_at=now, baseline_pain=baseline_pain, level=1, level_since=now.date(), onboarded_at=now,
                onboarding_step="done",
            )
    finally:
        await db.dispose()


def add_flagged_user(db_file: Path, user_id: int, question_ids: tuple[str, ...], *, onboarded: bool = True) -> None:
    """A user with an open red flag for ``question_ids``, raised now the way the flows raise it (an onboarded,
    cleared user first when ``onboarded`` and the user is new)."""
    asyncio.run(_add_flagged(db_file, user_id, question_ids, onboarded))


async def _add_flagged(db_file: Path, user_id: int, question_ids: tuple[str, ...], onboarded: bool) -> None:
    if onboarded and not query(db_file, "select 1 from users where id = ?", user_id):
        await _add(db_file, user_id, "Alice", "Europe/London", tuple(range(7)), "18:00", "yes", 2)
    db = Database(f"sqlite:///{db_file}")
    try:
        async with db.session() as session:
            await raise_flag(session, user_id, question_ids, source="test", now=datetime.now(UTC))
    finally:
        await db.dispose()


def add_progress(db_file: Path, user_id: int, changes: dict[str, dict[str, Any]]) -> None:
    """Progress rows for the user, `{track: {"exercise_id": ..., "reps": ...}}` (as `upsert_progress` takes)."""
    asyncio.run(_add_progress(db_file, user_id, changes))


async def _add_progress(db_file: Path, user_id: int, changes: dict[str, dict[str, Any]]) -> None:
    db = Database(f"sqlite:///{db_file}")
    try:
        async with db.session() as session:
            await progress.upsert_progress(session, user_id, changes, now=datetime.now(UTC))
    finally:
        await db.dispose()


def query(db_file: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    """Rows of a read-only query against the bot's database."""
    with sqlite3.connect(db_file) as connection:
        return list(connection.execute(sql, args).fetchall())


def bring_forward(db: Path | str, user_id: int, kind: str, seconds: float = 1.0) -> datetime | None:
    """Make the user's ``kind`` reminder fire ``seconds`` from now; its scheduled time before (UTC), or None.

    ``db``: the bot's SQLite file, or a database URL."""
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    return asyncio.run(_bring_forward(url, user_id, kind, seconds))


async def _bring_forward(url: str, user_id: int, kind: str, seconds: float) -> datetime | None:
    db = Database(url)
    try:
        async with db.session() as session:
            row = await reminders.get_reminder(session, user_id, kind)
            if row is None or not row.enabled or row.next_fire_at is None:
                return None
            scheduled, now = row.next_fire_at, datetime.now(UTC)
            await reminders.upsert_reminder(
                session, user_id=user_id, kind=kind, next_fire_at=now + timedelta(seconds=seconds), now=now,
                payload=row.payload,
            )
            return scheduled
    finally:
        await db.dispose()


def answer_starting_pain(user: ChatUser, score: str = "2") -> None:
    """A new session's intro asks the pain right now before the first card: tap ``score``."""
    user.wait_reply(lambda e: e["kind"] == "message" and "right now" in (e.get("text") or ""))
    user.press(score)


def start_today(user: ChatUser, score: str = "2") -> None:
    """/today on a day with no session yet: the intro, the starting pain tapped, then the first card comes."""
    user.say("/today")
    answer_starting_pain(user, score)
