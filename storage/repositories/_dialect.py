"""Dialect-specific statements shared by the repositories (``INSERT ... ON CONFLICT`` on both databases)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

Insert = postgresql.Insert | sqlite.Insert


def dialect_name(session: AsyncSession) -> str:
    """``"postgresql"`` or ``"sqlite"``: the dialect the session is bound to."""
    return session.get_bind().dialect.name


def insert(session: AsyncSession, model: Any) -> Insert:
    """An ``INSERT`` for the session's dialect, offering ``on_conflict_do_nothing`` / ``_do_update``."""
    if dialect_name(session) == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)
