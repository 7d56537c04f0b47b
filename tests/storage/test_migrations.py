"""Migrations: they apply to an empty database, are idempotent, reverse, and match the models exactly."""

from __future__ import annotations

import asyncio
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from storage.database import Database
from storage.migrate import alembic_config, upgrade_to_head, upgrade_to_head_async
from storage.repositories import pain, users
from tests.support.rows import count_users

ROOT = Path(__file__).resolve().parents[2]
HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()  # the newest migration
EXPECTED_TABLES = {
    "users",
    "profiles",
    "screening_answers",
    "red_flags",
    "exercise_progress",
    "session_logs",
    "exercise_results",
    "pain_checkins",
    "reminders",
    "deliveries",
    "pending_questions",
    "lessons_read",
    "outcome_scores",
    "card_files",
    "inbox",
}


async def _inspect(url: str, function: Any) -> Any:
    database = Database(url)
    try:
        async with database.engine.connect() as connection:
            return await connection.run_sync(function)
    finally:
        await database.dispose()


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, SQLModel.metadata))


async def test_upgrade_applies_to_empty_database_and_is_idempotent(empty_url: str) -> None:
    await upgrade_to_head_async(empty_url)
    assert await _inspect(empty_url, _tables) == EXPECTED_TABLES | {"alembic_version"}
    await upgrade_to_head_async(empty_url)  # already at head: nothing to do, no error
    assert await _inspect(empty_url, _revision) == HEAD


async def test_models_match_migrations(migrated_url: str) -> None:
    assert await _inspect(migrated_url, _differences) == []


async def test_downgrade_to_base_then_upgrade_again(empty_url: str) -> None:
    await upgrade_to_head_async(empty_url)
    await asyncio.to_thread(command.downgrade, alembic_config(empty_url), "base")
    assert await _inspect(empty_url, _tables) == {"alembic_version"}
    await asyncio.to_thread(upgrade_to_head, empty_url)  # the synchronous entry point, off the loop
    assert await _inspect(empty_url, _differences) == []


async def test_instances_starting_together_migrate_once(empty_pg_url: str) -> None:
    """Three processes (Alembic's context is process-global) migrate one PostgreSQL database at once."""
    command_line = [sys.executable, "-m", "storage.migrate", "--url", empty_pg_url, "upgrade"]
    processes = [await asyncio.create_subprocess_exec(*command_line, cwd=ROOT) for _ in range(3)]
    assert [await asyncio.wait_for(process.wait(), 30) for process in processes] == [0, 0, 0]
    assert await _inspect(empty_pg_url, _revision) == HEAD


REBUILD_USERS = """
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = {head!r}


def upgrade() -> None:
    with op.batch_alter_table("users", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("probe", sa.Integer(), nullable=True))
"""


async def test_sqlite_table_rebuild_in_a_migration_keeps_referring_rows(tmp_path: Path, now: datetime) -> None:
    """Batch mode drops and recreates ``users``; with foreign keys on, that would cascade-delete everything."""
    url = f"sqlite:///{tmp_path / 'backcoach.db'}"
    await upgrade_to_head_async(url)
    database = Database(url)
    async with database.session() as session:
        await users.record_seen(session, user_id=1, chat_id=1, first_name="A", language_code=None, now=now)
        await pain.record_pain(session, user_id=1, context="before", score=2, now=now)
    scripts = tmp_path / "migrations"
    shutil.copytree(ROOT / "storage" / "migrations", scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_rebuild_users.py").write_text(REBUILD_USERS.format(head=HEAD))
    config = alembic_config(url)
    config.set_main_option("script_location", str(scripts))
    await asyncio.to_thread(command.upgrade, config, "head")
    async with database.session() as session:
        assert await count_users(session) == 1
        assert len(await pain.pain_in_window(session, 1, since=now, until=now + timedelta(seconds=1))) == 1
    await database.dispose()


async def _old_user(session: Any, user_id: int, language_code: str | None, now: datetime) -> None:
    """A user row as the first revisions wrote it (no model: today's has columns they lack)."""
    await session.exec(
        text("INSERT INTO users (id, chat_id, first_name, language_code, created_at, last_seen_at, is_active) "
             "VALUES (:i, :i, 'A', :c, :t, :t, true)"),
        params={"i": user_id, "c": language_code, "t": now},
    )


async def test_existing_users_get_the_language_of_their_telegram_language_code(empty_url: str, now: datetime) -> None:
    """Upgrading 0007 -> 0009 (SQLite and PostgreSQL): each user speaks the language Telegram last gave
    (regional variants mapped), anything else English; a user who comes back keeps it (Telegram's code is not
    read again)."""
    url = empty_url
    config = alembic_config(url)
    await asyncio.to_thread(command.upgrade, config, "0007")
    database = Database(url)
    codes = {1: "ru", 2: "es-MX", 3: "de_AT", 4: "pt-BR", 5: None, 6: "DE", 7: "ruby"}
    async with database.session() as session:
        for user_id, code in codes.items():
            await _old_user(session, user_id, code, now)
    await asyncio.to_thread(command.upgrade, config, "0009")
    async with database.session() as session:
        rows = (await session.exec(text("SELECT id, language FROM users ORDER BY id"))).all()  # type: ignore[call-overload]
        await users.record_seen(session, user_id=1, chat_id=1, first_name="A", language_code="en", now=now)
    assert await users.language_of(database, 1) == "ru"
    await database.dispose()
    assert dict(tuple(row) for row in rows) == {1: "ru", 2: "es", 3: "de", 4: "en", 5: "en", 6: "de", 7: "en"}


async def test_open_conversations_become_pending_questions(tmp_path: Path, now: datetime) -> None:
    """Upgrading 0002 -> 0003 keeps each user's latest conversation state as their pending question."""
    url = f"sqlite:///{tmp_path / 'backcoach.db'}"
    config = alembic_config(url)
    await asyncio.to_thread(command.upgrade, config, "0002")
    database = Database(url)
    async with database.session() as session:
        await _old_user(session, 7, None, now)  # the model of today has columns revision 0002 lacks
        for name, key, state, minutes in [("onboarding", "[7]", '"pain"', 0), ("settings", "[7,7]", '"time"', 5)]:
            await session.exec(  # type: ignore[call-overload]
                text("INSERT INTO conversation_states VALUES (:n, :k, :s, :u)"),
                params={"n": name, "k": key, "s": state, "u": now + timedelta(minutes=minutes)},
            )
        await session.exec(  # type: ignore[call-overload]
            text("INSERT INTO conversation_states VALUES ('flare', '[8]', '\"score\"', :u)"), params={"u": now}
        )  # user 8 is unknown: dropped
    await asyncio.to_thread(command.upgrade, config, "head")
    async with database.session() as session:
        rows = (await session.exec(text("SELECT user_id, flow, question FROM pending_questions"))).all()  # type: ignore[call-overload]
    await database.dispose()
    assert [tuple(row) for row in rows] == [(7, "settings", "time")]
