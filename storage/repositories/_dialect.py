"""Dialect-specific statements shared by the repositories (``INSERT ... ON CONFLICT`` on both databases).

SQLAlchemy 2.0 does not cache the compiled form of a dialect ``INSERT ... ON CONFLICT`` (it has no cache
key), so compiling one costs a fraction of a millisecond every time. :func:`upsert` therefore tries a plain
``UPDATE`` of the row first (compiled once, then cached) and only inserts when there was no row: the common
case, a row that already exists, never compiles anything; that ``UPDATE`` is built once per shape and kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, Update, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import update
from sqlmodel.ext.asyncio.session import AsyncSession

Insert = postgresql.Insert | sqlite.Insert
#: The parameter names of :func:`upsert`'s ``UPDATE`` (a column's own name is reserved for its SET clause).
KEY, SET = "key_", "set_"


def dialect_name(session: AsyncSession) -> str:
    """``"postgresql"`` or ``"sqlite"``: the dialect the session is bound to."""
    return session.get_bind().dialect.name


def insert(session: AsyncSession, model: Any) -> Insert:
    """An ``INSERT`` for the session's dialect, offering ``on_conflict_do_nothing`` / ``_do_update``."""
    if dialect_name(session) == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


async def upsert(session: AsyncSession, model: Any, key: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    """Set ``values`` on the row of ``model`` identified by ``key`` (its unique columns), creating it if absent.

    An ``UPDATE`` first; when it matched no row, ``INSERT ... ON CONFLICT DO UPDATE``, which stays correct
    when another transaction created the row in between.
    """
    table = model.__table__
    update_row = _update_of(table, tuple(key), tuple(values))
    params = {**{KEY + name: value for name, value in key.items()}, **{SET + name: v for name, v in values.items()}}
    changed = await session.exec(update_row, params=params)
    if changed.rowcount:
        return
    statement = insert(session, model).values(**key, **values)
    await session.exec(statement.on_conflict_do_update(index_elements=list(key), set_=dict(values)))


@lru_cache(maxsize=64)
def _update_of(table: Table, key: tuple[str, ...], names: tuple[str, ...]) -> Update:
    """The ``UPDATE`` of ``names`` in the row of ``table`` whose ``key`` columns are given, built once per shape
    (building it and its cache key on every call cost more than running it): ``key_<column>`` and ``set_<column>``
    name its parameters."""
    where = [table.c[name] == bindparam(KEY + name) for name in key]
    return update(table).where(*where).values({name: bindparam(SET + name) for name in names})
