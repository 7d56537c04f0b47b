"""Profiles: consent, schedule, screening outcome, level and onboarding progress (1:1 with a user)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.database import Database
from storage.models import Profile, User, encode_training_days
from storage.repositories._dialect import insert

#: Fields :func:`update_profile` may change (not the key, not the bookkeeping timestamp).
UPDATABLE_FIELDS = frozenset(Profile.model_fields) - {"user_id", "updated_at"}


async def get_profile(session: AsyncSession, user_id: int) -> Profile | None:
    """The user's profile, or None before onboarding started."""
    return await session.get(Profile, user_id)


#: The guards' read, built once (building a statement and its cache key costs more than running it).
_GUARD_READ = (
    select(func.coalesce(col(Profile.screening_outcome), ""))
    .select_from(User)
    .outerjoin(Profile, col(Profile.user_id) == col(User.id))
    .where(col(User.id) == bindparam("user_id"))
)


async def guard_read(db: Database, user_id: int) -> tuple[bool, str | None]:
    """Is the user known (has a row), and their stored screening outcome (None: no profile, or none stored)?
    The guards in front of every flow read this on every update: one statement outside any transaction
    (``Database.read_one``), a fraction of the CPU of a unit of work that loads the rows."""
    read = await db.read_one(_GUARD_READ, {"user_id": user_id})
    return read is not None, str(read) if read else None


async def get_or_create_profile(session: AsyncSession, user_id: int, *, now: datetime) -> Profile:
    """The user's profile, created with defaults if missing (the user row must exist).

    A profile this unit of work already loaded comes from the session without another query.
    """
    profile = await session.get(Profile, user_id)
    if profile is not None:
        return profile
    statement = (
        insert(session, Profile)
        .values(user_id=user_id, updated_at=now)  # the other columns take their model defaults
        .on_conflict_do_nothing(index_elements=["user_id"])
    )
    await session.exec(statement)
    profile = await session.get(Profile, user_id, populate_existing=True)
    assert profile is not None
    return profile


async def update_profile(session: AsyncSession, user_id: int, *, now: datetime, **changes: object) -> Profile:
    """Set the given profile fields (created if missing). ``training_days`` may be an iterable of weekdays.

    Raises ``ValueError`` for an unknown field name, so a typo fails loudly instead of being dropped.
    """
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown profile fields: {sorted(unknown)}")
    profile = await get_or_create_profile(session, user_id, now=now)
    for name, value in changes.items():
        if name == "training_days" and not isinstance(value, str):
            value = encode_training_days(_weekdays(value))
        setattr(profile, name, value)
    profile.updated_at = now
    await session.flush()
    return profile


def _weekdays(value: object) -> Iterable[int]:
    if not isinstance(value, Iterable):
        raise ValueError(f"training_days must be weekdays 0-6, got {value!r}")
    return [int(day) for day in value]
