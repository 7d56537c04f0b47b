"""Who is talking: recording the user a command came from, in the unit of work that answers it.

/start, /screen and /pain can each be someone's first message, so each records the user (created, or their
chat, name and Telegram's language code refreshed) before it writes anything that belongs to them. The handler
gives the user as a plain :class:`Visitor`, read from the update.

The language BackCoach speaks to a user is Telegram's at their first contact (``es-MX`` -> Spanish, anything it
does not speak -> English) and theirs to change with /language; :func:`language_for` is what every update and
reminder is answered in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from locales import Language, language_of
from storage.database import Database
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
        language_code=visitor.language_code, now=now, language=language_of(visitor.language_code).value,
    )
    return created


async def language_for(db: Database, user_id: int, language_code: str | None) -> Language:
    """The language to answer the user in: the one stored for them, else (before their first command) the one
    of Telegram's ``language_code``. One statement outside any unit of work."""
    stored = await users.language_of(db, user_id)
    return language_of(stored if stored else language_code)


async def visit(db: Database, visitor: Visitor, now: datetime) -> bool:
    """Record the user in a unit of work of its own (a command that may be their first); True if new."""
    async with db.session() as session:
        return await record_visit(session, visitor, now)


async def choose_language(db: Database, user_id: int, language: Language) -> bool:
    """/language: speak ``language`` to the user from now on; False if the database does not know them."""
    async with db.session() as session:
        return await users.set_language(session, user_id, language.value)
