"""Conversation states of PTB ``ConversationHandler``s, for a database-backed ``BasePersistence``.

A conversation key (a tuple of chat / user / message ids) is stored as compact JSON text, e.g. ``"[12,34]"``;
a state is stored as JSON text. A conversation that ended has no row: setting its state to None deletes it,
so nothing about a user outlives their conversations (and /delete leaves no row behind).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import ConversationState
from storage.repositories._dialect import upsert

ConversationKey = tuple[int | str, ...]


def encode_key(key: ConversationKey) -> str:
    """The stored text of a conversation key."""
    return json.dumps(list(key), separators=(",", ":"))


def decode_key(text: str) -> ConversationKey:
    """A conversation key back from its stored text."""
    return tuple(json.loads(text))


async def get_conversation_states(session: AsyncSession, name: str) -> dict[ConversationKey, Any]:
    """Every live state of the conversation ``name``, by key."""
    statement = select(ConversationState).where(
        col(ConversationState.name) == name, col(ConversationState.state).is_not(None)
    )
    return {decode_key(row.key): json.loads(row.state or "null") for row in await session.exec(statement)}


async def set_conversation_state(
    session: AsyncSession, *, name: str, key: ConversationKey, state: Any, now: datetime
) -> None:
    """Store the state (JSON-serialisable); None (the conversation ended) deletes the row."""
    if state is None:
        await delete_conversation_state(session, name=name, key=key)
        return
    row_key = {"name": name, "key": encode_key(key)}
    await upsert(session, ConversationState, row_key, {"state": json.dumps(state), "updated_at": now})


async def delete_conversation_state(session: AsyncSession, *, name: str, key: ConversationKey) -> bool:
    """Forget the state of one conversation; False if there was none."""
    statement = delete(ConversationState).where(
        col(ConversationState.name) == name, col(ConversationState.key) == encode_key(key)
    )
    return (await session.exec(statement)).rowcount == 1


async def states_mentioning(session: AsyncSession, user_id: int) -> list[ConversationState]:
    """Rows whose key contains the id (a private chat's key is the user's id): for export and deletion."""
    pattern = f"%{user_id}%"
    statement = select(ConversationState).where(col(ConversationState.key).like(pattern))
    return [row for row in await session.exec(statement) if user_id in decode_key(row.key)]
