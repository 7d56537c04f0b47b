"""The lessons each user has read: one row per (user, lesson), written on the first "Got it".

Deleting the user deletes the rows (their foreign key cascades); /export includes them (``USER_TABLES``).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import LessonRead
from storage.repositories._dialect import insert


async def read_ids(session: AsyncSession, user_id: int) -> set[str]:
    """The ids of the lessons this user has read."""
    statement = select(LessonRead.lesson_id).where(col(LessonRead.user_id) == user_id)
    return set(await session.exec(statement))


async def mark_read(session: AsyncSession, user_id: int, lesson_id: str, now: datetime) -> bool:
    """Record the lesson as read; False if it already was (the first reading keeps its date)."""
    statement = (
        insert(session, LessonRead)
        .values(user_id=user_id, lesson_id=lesson_id, read_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "lesson_id"])
        .returning(col(LessonRead.lesson_id))
    )
    return (await session.exec(statement)).first() is not None
