"""Fixtures of the unit tests that need a real database: a migrated SQLite file of their own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.database import Database
from storage.migrate import upgrade_to_head_async


@pytest.fixture
async def migrated_db(tmp_path: Path) -> AsyncIterator[Database]:
    """A ``Database`` on a freshly migrated SQLite file, disposed of after the test."""
    url = f"sqlite:///{tmp_path / 'unit.db'}"
    await upgrade_to_head_async(url)
    database = Database(url)
    yield database
    await database.dispose()
