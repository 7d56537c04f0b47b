"""The error handler: a reply refused with 403 marks the user blocked (one INFO line, no traceback, no apology);
an update another process handled meanwhile is no failure (nothing said, nothing logged)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from telegram import Chat, Message, Update, User
from telegram.error import Forbidden

from bot.errors import on_error
from conversations.context import SERVICES_KEY, Services
from storage.database import Database, FinishedElsewhere
from storage.repositories import users

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


class SilentBot:
    """Fails the test if the handler tries to say anything."""

    sent: list[Any]

    def __init__(self) -> None:
        self.sent = []

    async def send_message(self, *args: Any, **kwargs: Any) -> None:
        self.sent.append((args, kwargs))


def private_update(user_id: int) -> Update:
    user = User(user_id, "Alice", is_bot=False)
    message = Message(1, NOW, Chat(user_id, Chat.PRIVATE), from_user=user, text="my back hurts")
    return Update(10, message=message)


async def test_a_refused_reply_marks_the_user_blocked_once_at_info(
    migrated_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    async with migrated_db.session() as session:
        await users.record_seen(session, user_id=42, chat_id=42, first_name="Alice", language_code="en", now=NOW)
    bot = SilentBot()
    services = Services(db=migrated_db, clock=lambda: NOW)
    context = SimpleNamespace(error=Forbidden("Forbidden: bot was blocked by the user"), bot=bot,
                              bot_data={SERVICES_KEY: services})
    with caplog.at_level(logging.INFO, logger="backcoach"):
        await on_error(private_update(42), context)  # type: ignore[arg-type]
    async with migrated_db.reading() as session:
        user = await users.get_user(session, 42)
    assert user is not None and not user.is_active
    ours = [(r.levelname, r.exc_info) for r in caplog.records if r.name.startswith("backcoach")]
    assert ours == [("INFO", None)]
    assert not any(r.exc_info for r in caplog.records)
    assert "my back hurts" not in caplog.text and "Alice" not in caplog.text
    assert bot.sent == []


async def test_an_update_another_process_handled_is_not_apologised_for(caplog: pytest.LogCaptureFixture) -> None:
    bot = SilentBot()
    context = SimpleNamespace(error=FinishedElsewhere("update 10 was finished by another process"), bot=bot,
                              bot_data={})
    with caplog.at_level(logging.DEBUG, logger="backcoach"):
        await on_error(private_update(42), context)  # type: ignore[arg-type]
    assert bot.sent == []
    assert [r for r in caplog.records if r.name.startswith("backcoach")] == []
