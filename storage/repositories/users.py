"""Users: who talks to the bot, when they were last seen, and whether they blocked it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.database import Database
from storage.models import Profile, User
from storage.repositories._dialect import insert
from storage.repositories.reminders import set_user_reminders_enabled


async def record_seen(
    session: AsyncSession,
    *,
    user_id: int,
    chat_id: int,
    first_name: str | None,
    language_code: str | None,
    now: datetime,
    language: str | None = None,
) -> tuple[User, bool]:
    """Create or refresh the user on every update; returns ``(user, created)``.

    A known user is read and refreshed (no insert attempted); a new one is inserted if absent, so two updates
    of a new user racing are safe. A user who had blocked the bot and writes again is active again (see
    :func:`mark_unblocked`). ``language`` (the one BackCoach speaks to them) is written for a new user only:
    after that it is theirs to change (:func:`set_language`).
    """
    seen = {"chat_id": chat_id, "first_name": first_name, "language_code": language_code, "last_seen_at": now}
    user = await session.get(User, user_id)
    created = False
    if user is None:
        created = await _insert_if_absent(session, user_id, {**seen, "language": language}, now)
        user = await session.get(User, user_id, populate_existing=True)
        assert user is not None
    if not created:
        for name, value in seen.items():
            setattr(user, name, value)
        if not user.is_active:
            await _reactivate(session, user, now)
        await session.flush()
    return user, created


async def _insert_if_absent(session: AsyncSession, user_id: int, seen: Mapping[str, object], now: datetime) -> bool:
    """Insert the user unless a row exists (another update may have just created it); True if inserted."""
    statement = (
        insert(session, User)
        .values(id=user_id, created_at=now, is_active=True, **seen)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(col(User.id))
    )
    return (await session.exec(statement)).first() is not None


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    """The user with this Telegram id, or None."""
    return await session.get(User, user_id)


async def mark_blocked(session: AsyncSession, user_id: int, now: datetime) -> bool:
    """The user blocked the bot: inactive, and every reminder of theirs disabled. False if no such user."""
    user = await session.get(User, user_id)
    if user is None:
        return False
    if user.is_active:
        user.is_active, user.blocked_at = False, now
    await set_user_reminders_enabled(session, user_id, False, now=now)
    await session.flush()
    return True


async def mark_unblocked(session: AsyncSession, user_id: int, now: datetime) -> bool:
    """The user unblocked the bot: active again, reminders back on if their profile wants them."""
    user = await session.get(User, user_id)
    if user is None:
        return False
    if not user.is_active:
        await _reactivate(session, user, now)
        await session.flush()
    return True


async def _reactivate(session: AsyncSession, user: User, now: datetime) -> None:
    user.is_active, user.blocked_at = True, None
    profile = await session.get(Profile, user.id)
    if profile is not None and profile.reminders_enabled:
        await set_user_reminders_enabled(session, user.id, True, now=now)


async def lock_user(session: AsyncSession, user_id: int) -> None:
    """Serialise the units of work of one user: on PostgreSQL the user's row stays locked until this unit ends,
    so two processes handling the same user's presses at once take turns (on SQLite every writing unit holds
    the database's write lock from its first statement already, so nothing is sent)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.exec(_LOCK_USER, params={"user_id": user_id})


#: :func:`lock_user`'s statement, built once (it runs at the start of nearly every unit that writes).
_LOCK_USER = select(User.id).where(col(User.id) == bindparam("user_id")).with_for_update()


async def set_language(session: AsyncSession, user_id: int, language: str) -> bool:
    """Speak ``language`` to the user from now on; False if there is no such user."""
    user = await session.get(User, user_id)
    if user is None:
        return False
    user.language = language
    await session.flush()
    return True


async def language_of(db: Database, user_id: int) -> str | None:
    """The language stored for the user, or None (unknown user): read on every update, so one column in one
    statement outside any transaction (``Database.read_one``), built once."""
    language = await db.read_one(_LANGUAGE_OF, {"user_id": user_id})
    return str(language) if language is not None else None


_LANGUAGE_OF = select(User.language).where(col(User.id) == bindparam("user_id"))
