"""Alembic environment: async engine, batch mode on SQLite, an advisory lock on PostgreSQL.

The URL comes from ``config.attributes["url"]`` (set by :func:`storage.migrate.alembic_config`), else the
``sqlalchemy.url`` option, else ``DATABASE_URL``, else the SQLite default. The engine is built by
:class:`storage.database.Database`, so migrations get the same SQLite pragmas and folder creation as the bot.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from alembic import context
from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel, UTCDateTime
from sqlmodel.sql.sqltypes import AutoString

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.database import DEFAULT_DATABASE_URL, Database, normalise_url
from storage.migrate import MIGRATION_LOCK_KEY

config = context.config
target_metadata = SQLModel.metadata


def _url() -> str:
    url = (
        config.attributes.get("url")
        or config.get_main_option("sqlalchemy.url")
        or os.environ.get("DATABASE_URL")
        or DEFAULT_DATABASE_URL
    )
    return normalise_url(url)


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Render sqlmodel's column types as plain SQLAlchemy ones, so revisions do not import sqlmodel."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, AutoString):
        length = obj.impl.length  # type: ignore[attr-defined]
        return f"sa.String({length})" if length else "sa.String()"
    return False


def _configure(**options: object) -> None:
    context.configure(target_metadata=target_metadata, compare_type=True, render_item=_render_item, **options)


def run_migrations_offline() -> None:
    """Emit SQL to stdout (``alembic upgrade --sql``) instead of running it."""
    url = _url()
    _configure(url=url, literal_binds=True, render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def _sqlite_foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
    # A batch migration rebuilds a table and drops the old one; with foreign keys on, that DROP would
    # cascade-delete every row referring to it. So migrations run with them off, and check them after.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def do_run_migrations(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    _configure(connection=connection, render_as_batch=sqlite)
    with context.begin_transaction():
        if not sqlite:
            # Instances starting together migrate one after the other; the lock ends with the transaction.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        context.run_migrations()
        if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
            raise RuntimeError("migration left rows whose foreign keys point nowhere; rolled back")


async def run_async_migrations() -> None:
    database = Database(_url())
    if database.dialect_name == "sqlite":
        event.listen(database.engine.sync_engine, "connect", _sqlite_foreign_keys_off)
    try:
        async with database.engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
    finally:
        await database.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_async_migrations())
