"""Seeing the SQL a database runs: for tests that check which statements a repository sends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from storage.database import Database


@contextmanager
def recorded_sql(db: Database) -> Iterator[list[tuple[str, Any]]]:
    """Every statement the engine sends inside the block, as ``(SQL text, parameters)``, in order."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)
