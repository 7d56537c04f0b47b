"""The inbox's side of an answer whose reply may be lost (``bot.inbox.Inbox``): an update that wrote something
is ``answering`` when its unit commits and done with the inbox's next unit once its replies went out; one
found answering (a process killed in between) is never applied again, and start-up answers each such user
once, for their last update, then marks them all done."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlmodel import col, select, update
from telegram import Update
from telegram.ext import ApplicationBuilder

from bot.inbox import Inbox
from storage.database import Database
from storage.models import InboxUpdate, PendingQuestion
from storage.repositories import inbox, pending
from storage.repositories.inbox import Received
from storage.values import InboxOutcome


def _received(update_id: int, user_id: int) -> Received:
    sender = {"id": user_id, "is_bot": False, "first_name": "Ada"}
    message = {"message_id": update_id, "date": 0, "chat": {"id": user_id, "type": "private"}, "from": sender}
    return Received(update_id, user_id, json.dumps({"update_id": update_id, "message": {**message, "text": "3"}}))


@pytest.fixture
async def box(db: Database, now: datetime) -> AsyncIterator[Inbox]:
    made = Inbox(db, lambda: now, 1.0)
    made.application = ApplicationBuilder().token("123:abc").updater(None).build()
    yield made
    await made.stop()


async def _outcomes(db: Database) -> list[tuple[int, str | None, bool]]:
    rows = select(InboxUpdate.update_id, InboxUpdate.outcome, InboxUpdate.payload).order_by(col(InboxUpdate.update_id))
    async with db.reading() as session:
        return [(update_id, outcome, payload != "") for update_id, outcome, payload in (await session.exec(rows)).all()]


async def test_an_answer_is_answering_until_its_replies_went_out_and_never_applied_twice(
    db: Database, box: Inbox, user_id: int, now: datetime
) -> None:
    received = _received(1, user_id)
    await box.store([received])
    applied: list[int] = []

    async def answer(update: object) -> None:  # the handler: stores an answer, then (held) its reply goes
        assert isinstance(update, Update)
        async with db.session() as session:
            await pending.ask(session, user_id, flow="checkin", question="now", now=now)
        applied.append(update.update_id)

    sent = Update.de_json(json.loads(received.payload), None)
    await box.handle(sent, answer)
    assert applied == [1] and await _outcomes(db) == [(1, "answering", True)]
    await box.flush()  # what the next batch's unit would carry
    assert await _outcomes(db) == [(1, "done", False)]

    async with db.session() as session:  # killed between the commit and the reply: found answering
        again = update(InboxUpdate).where(col(InboxUpdate.update_id) == 1)
        await session.exec(again.values(outcome=InboxOutcome.ANSWERING.value, payload=received.payload))
    restarted = Inbox(db, lambda: now, 1.0)
    await restarted.handle(sent, answer)  # Telegram's replay, or the start-up's
    await restarted.replay_unfinished()
    assert applied == [1]
    async with db.reading() as session:
        assert len((await session.exec(select(PendingQuestion))).all()) == 1


async def test_start_up_answers_each_user_once_for_their_last_update_then_marks_all_done(
    db: Database, box: Inbox, now: datetime
) -> None:
    await box.store([_received(1, 7), _received(2, 7), _received(3, 8), _received(4, 9)])
    async with db.session() as session:
        for update_id in (1, 2, 3):
            await inbox.finish(session, update_id, now, InboxOutcome.ANSWERING)
    answered: list[tuple[int, int]] = []

    async def answer_again(update: Update) -> None:
        assert update.effective_user is not None
        answered.append((update.update_id, update.effective_user.id))

    box.answer_again = answer_again
    assert await box.answer_unanswered() == 2
    assert sorted(answered) == [(2, 7), (3, 8)]
    assert await _outcomes(db) == [(1, "done", False), (2, "done", False), (3, "done", False), (4, None, True)]
    assert await box.answer_unanswered() == 0 and len(answered) == 2
