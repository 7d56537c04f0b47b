"""Alembic migrations, applied at start-up, with no ``alembic.ini``.

The Alembic configuration is built in code (``script_location = "storage:migrations"``), so the migrations
ship inside the package and run from anywhere:

- at start-up: ``await upgrade_to_head_async(settings.database_url)`` (or ``upgrade_to_head(url)`` where no
  event loop runs). Both are safe on an up-to-date database; on PostgreSQL an advisory lock serialises
  instances starting together.
- for developers, from the repository root (the URL defaults to ``DATABASE_URL``, then the SQLite default)::

      python -m storage.migrate upgrade
      python -m storage.migrate revision -m "add reminder channel" --autogenerate
      python -m storage.migrate current

  ``revision --autogenerate`` compares the models with a database migrated to head: upgrade first, read the
  generated file in ``storage/migrations/versions/`` and fix what autogenerate cannot see (check
  constraints, renames, data moves). ``tests/storage`` checks models and migrations still agree.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Sequence

from alembic import command
from alembic.config import Config

from storage.database import DEFAULT_DATABASE_URL, normalise_url, prepare_sqlite_file

SCRIPT_LOCATION = "storage:migrations"
#: Key of the PostgreSQL advisory lock held while migrating ("BCMIGRAT" as ASCII, fits a signed bigint).
MIGRATION_LOCK_KEY = 0x42434D4947524154


def alembic_config(url: str) -> Config:
    """An Alembic ``Config`` for ``url`` built in code; ``env.py`` reads the URL from ``attributes``."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["url"] = normalise_url(url)
    return config


def upgrade_to_head(url: str) -> None:
    """Apply every pending migration. Synchronous; must not run inside a running event loop."""
    prepare_sqlite_file(url)
    command.upgrade(alembic_config(url), "head")


async def upgrade_to_head_async(url: str) -> None:
    """:func:`upgrade_to_head` in a worker thread (Alembic's async ``env.py`` calls ``asyncio.run``)."""
    await asyncio.to_thread(upgrade_to_head, url)


def create_revision(url: str, message: str, *, autogenerate: bool = True) -> None:
    """Write a new revision file into ``storage/migrations/versions/``."""
    command.revision(alembic_config(url), message=message, autogenerate=autogenerate)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``upgrade``, ``current`` or ``revision -m MESSAGE [--autogenerate]``."""
    parser = argparse.ArgumentParser(prog="python -m storage.migrate", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("upgrade", help="apply every pending migration")
    commands.add_parser("current", help="show the revision the database is at")
    revision = commands.add_parser("revision", help="create a new revision file")
    revision.add_argument("-m", "--message", required=True)
    revision.add_argument("--autogenerate", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "upgrade":
        upgrade_to_head(args.url)
    elif args.command == "current":
        command.current(alembic_config(args.url), verbose=True)
    else:
        create_revision(args.url, args.message, autogenerate=args.autogenerate)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
