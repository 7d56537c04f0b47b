"""Conversation states in our own database: a small PTB `BasePersistence`, not pickle files.

Only `ConversationHandler` states are stored (everything else the flows need is in the tables the flows write
themselves). `FlushAfterEachUpdate` saves changed states right after every update, so a restart, even a
`kill -9`, puts a user back where they were; PTB's own periodic flush remains as a safety net.

PTB hands over every state a handler returned, changed or not; most updates leave the state as it was (one
question after another in the same state), so the persistence remembers what it last stored per key and
writes only a real change. That saves a database transaction on most updates (measured by bench.updates).
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from datetime import datetime
from typing import Any

from telegram import Update
from telegram.ext import BasePersistence, CallbackContext, PersistenceInput, TypeHandler
from telegram.ext._utils.types import ConversationDict, ConversationKey

from storage.database import Database
from storage.repositories import conversation_states

# Handler group of the flush: after every flow's group, so it sees the states they just set.
FLUSH_GROUP = 100
FLUSH_INTERVAL_SECONDS = 5.0


class DatabasePersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Stores conversation states in the `conversation_states` table; user, chat and bot data are not kept."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        only_conversations = PersistenceInput(bot_data=False, chat_data=False, user_data=False, callback_data=False)
        super().__init__(store_data=only_conversations, update_interval=FLUSH_INTERVAL_SECONDS)
        self.db = db
        self.clock = clock
        #: What the table holds, as far as this process wrote or read it: (name, key) -> state.
        self._stored: dict[tuple[str, ConversationKey], object] = {}

    async def get_conversations(self, name: str) -> ConversationDict:
        async with self.db.session() as session:
            states = await conversation_states.get_conversation_states(session, name)
        self._stored.update({(name, key): deepcopy(state) for key, state in states.items()})
        return states

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        """Store a changed state (None: the conversation ended, its row goes); an unchanged one is skipped."""
        if self._stored.get((name, key)) == new_state:  # absent and None both mean "no row"
            return
        state = deepcopy(new_state)
        async with self.db.session() as session:
            await conversation_states.set_conversation_state(session, name=name, key=key, state=state, now=self.clock())
        if state is None:
            self._stored.pop((name, key), None)
        else:
            self._stored[(name, key)] = state

    # What we do not persist: PTB still asks, so answer with empty data and ignore updates.
    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        return None

    async def flush(self) -> None:
        return None


async def _flush(update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
    await context.application.update_persistence()


def flush_after_each_update() -> TypeHandler[Update, Any, Any]:
    """A handler (for `FLUSH_GROUP`) that saves conversation states as soon as an update changed them."""
    return TypeHandler(Update, _flush)
