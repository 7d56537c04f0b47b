"""Conversation states for the database-backed PTB persistence."""

from __future__ import annotations

from datetime import datetime

from storage.database import Database
from storage.repositories import conversation_states as states


def test_keys_round_trip_as_compact_json() -> None:
    assert states.encode_key((123, 456)) == "[123,456]"
    assert states.decode_key("[123,456]") == (123, 456)
    assert states.decode_key(states.encode_key((7, "inline"))) == (7, "inline")


async def test_states_round_trip(db: Database, now: datetime) -> None:
    async with db.session() as session:
        await states.set_conversation_state(session, name="onboarding", key=(1, 1), state=3, now=now)
        await states.set_conversation_state(session, name="onboarding", key=(2, 2), state="ASK_TZ", now=now)
        await states.set_conversation_state(session, name="session", key=(1, 1), state=[1, "x"], now=now)
    async with db.session() as session:
        assert await states.get_conversation_states(session, "onboarding") == {(1, 1): 3, (2, 2): "ASK_TZ"}
        assert await states.get_conversation_states(session, "session") == {(1, 1): [1, "x"]}
        await states.set_conversation_state(session, name="onboarding", key=(1, 1), state=4, now=now)
        await states.set_conversation_state(session, name="onboarding", key=(2, 2), state=None, now=now)
    async with db.session() as session:
        assert await states.get_conversation_states(session, "onboarding") == {(1, 1): 4}  # ended: gone
        assert not await states.delete_conversation_state(session, name="onboarding", key=(2, 2))
        assert await states.delete_conversation_state(session, name="onboarding", key=(1, 1))
        assert not await states.delete_conversation_state(session, name="onboarding", key=(1, 1))
        assert await states.get_conversation_states(session, "onboarding") == {}
        assert await states.get_conversation_states(session, "unknown") == {}
