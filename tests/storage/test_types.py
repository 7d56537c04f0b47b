"""Instants are aware UTC on the way in and out; training days round-trip through their compact form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.exc import StatementError

from storage.database import Database
from storage.models import User, decode_training_days, encode_training_days


async def test_aware_datetime_comes_back_as_the_same_instant_in_utc(db: Database) -> None:
    berlin_morning = datetime(2026, 7, 1, 9, 15, 30, 123456, tzinfo=timezone(timedelta(hours=2)))
    async with db.session() as session:
        session.add(User(id=10, chat_id=10, created_at=berlin_morning, last_seen_at=berlin_morning))
    async with db.session() as session:
        user = await session.get(User, 10)
    assert user is not None
    assert user.created_at == berlin_morning
    assert user.created_at.tzinfo is UTC
    assert user.created_at.hour == 7


async def test_naive_datetime_is_refused_on_write(db: Database) -> None:
    naive = datetime(2026, 7, 1, 9, 15)
    with pytest.raises(StatementError, match="timezone"):
        async with db.session() as session:
            session.add(User(id=11, chat_id=11, created_at=naive, last_seen_at=naive))


def test_training_days_compact_form() -> None:
    assert encode_training_days([4, 0, 2, 2]) == "0,2,4"
    assert decode_training_days("0,2,4") == (0, 2, 4)
    assert decode_training_days("") == ()
    with pytest.raises(ValueError, match="weekdays"):
        encode_training_days([7])


@given(st.sets(st.integers(min_value=0, max_value=6)))
def test_training_days_round_trip(days: set[int]) -> None:
    assert decode_training_days(encode_training_days(days)) == tuple(sorted(days))
