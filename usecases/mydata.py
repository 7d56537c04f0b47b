"""The user's data is theirs: everything about them for /export, and /delete's checked deletion.

A deletion prompt's buttons carry the user's id and an **account stamp** (the user row's creation time): a
button from before a deletion can never delete the data of the same person starting again with /start,
because their new account has a new stamp. Deleting the user row removes every row about them (every table
refers to it with ``ON DELETE CASCADE``, the pending question included).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any

from storage.database import Database
from storage.models import User
from storage.repositories import profiles, user_data, users
from usecases import records
from usecases.units import user_unit

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Export:
    """Every row about the user, table by table (empty tables included), and their local date."""

    tables: dict[str, list[dict[str, Any]]]
    today: date

    @property
    def empty(self) -> bool:
        return not any(self.tables.values())


class Deletion(Enum):
    """What a press on a deletion prompt did."""

    DELETED = "deleted"
    KEPT = "kept"
    GONE = "gone"  # the account the prompt was made for no longer exists: nothing done


def account_stamp(user: User | None) -> int:
    """Identifies one life of the account: the user row's creation time in microseconds (0 without a row)."""
    return (user.created_at - EPOCH) // timedelta(microseconds=1) if user is not None else 0


async def export(db: Database, user_id: int, now: datetime, default_timezone: str) -> Export:
    """Everything about the user, read in one unit of work."""
    async with db.reading() as session:
        tables = await user_data.export_user(session, user_id)
        today = records.local_date(await profiles.get_profile(session, user_id), default_timezone, now)
    return Export(tables, today)


async def deletion_stamp(db: Database, user_id: int) -> int | None:
    """The stamp a deletion prompt carries; None when there is nothing about the user to delete."""
    async with db.reading() as session:
        tables = await user_data.export_user(session, user_id)
        stamp = account_stamp(await users.get_user(session, user_id))
    return stamp if any(tables.values()) else None


async def confirm_deletion(db: Database, user_id: int, stamp: int | None, *, delete: bool) -> Deletion:
    """The answer to a prompt made for account ``stamp``: delete everything (or keep it) if it still exists."""
    async with user_unit(db, user_id) as session:
        current = account_stamp(await users.get_user(session, user_id))
        if current == 0 or current != stamp:
            return Deletion.GONE
        if not delete:
            return Deletion.KEPT
        await user_data.delete_user(session, user_id)
    return Deletion.DELETED
