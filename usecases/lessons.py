"""The lessons as use cases: which one to offer next, marking one read, and the list /learn shows.

``coach.lessons`` holds the lessons and their order; here is what the user has read (``lessons_read``).
A lesson id comes from a button, so it is checked against the lessons and the user against the database: a
button from before a /delete, or a forged one, gets :attr:`Marked.UNKNOWN` and nothing is written.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlmodel.ext.asyncio.session import AsyncSession

from coach.lessons import LESSONS, Lesson, lesson_by_id, next_lesson
from storage.database import Database
from storage.repositories import lessons, users
from usecases.units import user_unit


class Marked(Enum):
    READ = "read"  # first time: stored
    ALREADY = "already"  # read before: the first date stays
    UNKNOWN = "unknown"  # no such lesson, or no such user (a stale or forged button)


async def next_unread(db: Database, user_id: int) -> Lesson | None:
    """The lesson to offer the user now (the first in order not yet read), or None once all are read."""
    async with db.reading() as session:
        return await next_unread_in(session, user_id)


async def next_unread_in(session: AsyncSession, user_id: int) -> Lesson | None:
    """:func:`next_unread` in the caller's unit of work (the reminder ticker's, on a rest day)."""
    return next_lesson(await lessons.read_ids(session, user_id))


async def mark_read(db: Database, user_id: int, lesson_id: str, now: datetime) -> Marked:
    """The user has read the lesson ("Got it")."""
    if lesson_by_id(lesson_id) is None:
        return Marked.UNKNOWN
    async with user_unit(db, user_id) as session:
        if await users.get_user(session, user_id) is None:
            return Marked.UNKNOWN
        stored = await lessons.mark_read(session, user_id, lesson_id, now)
    return Marked.READ if stored else Marked.ALREADY


async def overview(db: Database, user_id: int) -> list[tuple[Lesson, bool]]:
    """Every lesson in order, with whether the user has read it."""
    async with db.reading() as session:
        read = await lessons.read_ids(session, user_id)
    return [(lesson, lesson.id in read) for lesson in LESSONS]
