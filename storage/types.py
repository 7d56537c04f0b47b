"""Column types shared by the models.

``UTCDateTime`` is sqlmodel's own type decorator (sqlmodel >= 0.0.45), re-exported here rather than written
again: it refuses naive datetimes when a statement executes, stores UTC (SQLite has no time zone, so the value
is stored without an offset), and always returns aware UTC datetimes on read. Every ``datetime`` field of a
sqlmodel table uses it automatically; it is named here so the rule is visible and testable.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, Integer
from sqlalchemy.types import TypeEngine
from sqlmodel import UTCDateTime

__all__ = ["JSON", "BigId", "UTCDateTime", "utc_now"]

#: A 64-bit surrogate key: BIGINT (BIGSERIAL when autoincrementing) on PostgreSQL; on SQLite ``INTEGER``,
#: which is already 64-bit and is the only type that aliases the rowid and so autoincrements.
BigId: TypeEngine[int] = BigInteger().with_variant(Integer(), "sqlite")


def utc_now() -> datetime:
    """The current instant, timezone-aware UTC (the default for timestamps not given by the caller)."""
    return datetime.now(UTC)
