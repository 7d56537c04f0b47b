"""The bot's conversation-state persistence: changed states are stored, unchanged ones skip the database."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import select

from bot.persistence import DatabasePersistence
from storage.database import Database
from storage.models import ConversationState


async def stored(db: Database) -> dict[str, tuple[str | None, datetime]]:
    async with db.session() as session:
        rows = await session.exec(select(ConversationState))
        return {f"{row.name}{row.key}": (row.state, row.updated_at) for row in rows}


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


async def test_only_a_changed_state_is_written_and_an_ended_one_leaves_no_row(db: Database, now: datetime) -> None:
    persistence = DatabasePersistence(db, Clock(now))
    await persistence.update_conversation("session", (1, 1), "CARD")
    first = await stored(db)
    await persistence.update_conversation("session", (1, 1), "CARD")  # the same state again: no write
    assert await stored(db) == first
    await persistence.update_conversation("session", (1, 1), "HURT")
    (state, written_at), = (await stored(db)).values()
    assert state == '"HURT"' and written_at > first["session[1,1]"][1]
    await persistence.update_conversation("session", (1, 1), None)
    assert await stored(db) == {}


async def test_a_restarted_process_knows_what_is_stored(db: Database, now: datetime) -> None:
    await DatabasePersistence(db, Clock(now)).update_conversation("flare", (2, 2), "RECHECK")
    restarted = DatabasePersistence(db, Clock(now + timedelta(hours=1)))
    assert await restarted.get_conversations("flare") == {(2, 2): "RECHECK"}
    before = await stored(db)
    await restarted.update_conversation("flare", (2, 2), "RECHECK")
    assert await stored(db) == before
    await restarted.update_conversation("flare", (2, 2), None)
    assert await stored(db) == {}
