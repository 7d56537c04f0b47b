"""PostgreSQL for tests: the server at 127.0.0.1:5432 (or `BACKCOACH_TEST_PG_URL`), a fresh database per use.

`pg_admin_url_or_skip()` skips the calling test with the reason when no server answers (never silently);
`fresh_pg_database(admin_url)` creates `backcoach_test_<random>` and drops it afterwards; `pg_rows` reads rows
back from it while bot processes run.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

PG_URL = os.environ.get("BACKCOACH_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")

T = TypeVar("T")


def in_thread(function: Callable[..., T], *args: Any) -> T:
    """Run `function` in a worker thread (it may call `asyncio.run`; the caller's loop stays untouched)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


async def _admin(url: str, *statements: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT", connect_args={"timeout": 3})
    try:
        async with engine.connect() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


def admin_sync(url: str, *statements: str) -> None:
    """Run maintenance statements (outside a transaction) against `url`."""
    in_thread(asyncio.run, _admin(url, *statements))


def pg_admin_url_or_skip() -> str:
    """The maintenance database URL, or skip the test with the reason no server answered."""
    url = make_url(PG_URL)
    try:
        admin_sync(PG_URL, "SELECT 1")
    except Exception as exc:  # any failure to connect means: no server to test against
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
        pytest.skip(f"PostgreSQL not reachable at {url.host}:{url.port or 5432}: {reason}")
    return PG_URL


@contextmanager
def fresh_pg_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for the duration of the block."""
    name = f"backcoach_test_{uuid.uuid4().hex[:12]}"
    admin_sync(admin_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        admin_sync(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _rows(url: str, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    engine = create_async_engine(url, connect_args={"timeout": 3})
    try:
        async with engine.connect() as connection:
            return [tuple(row) for row in await connection.execute(text(sql), params)]
    finally:
        await engine.dispose()


def pg_rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """The rows of a read-only query (``:name`` parameters) against the database at ``url``."""
    return in_thread(asyncio.run, _rows(url, sql, params))
