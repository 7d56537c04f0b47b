"""Who is talking: recording the user a command came from, in the unit of work that answers it.

/start, /screen and /pain can each be someone's first message, so each records the user (created, or their
chat, name and language refreshed) before it writes anything that belongs to them. The handler gives the
user as a plain :class:`Visitor`, read from the update.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from storage.repositories import users


@dataclass(frozen=True)
class Visitor:
    """The user an update comes from, and their private chat."""

    user_id: int
    chat_id: int
    first_name: str | None = None
    language_code: str | None = None


async def record_visit(session: AsyncSession, visitor: Visitor, now: datetime) -> bool:
    """Create or refresh the user; True if they are new."""
    _, created = await users.record_seen(
        session, user_id=visitor.user_id, chat_id=visitor.chat_id, first_name=visitor.first_name,
        language_code=visitor.language_code, now=now,
    )
    return created

