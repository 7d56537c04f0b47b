"""The inbox: an update stored once, finished once, replayed while unfinished, pruned, deleted with its user."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, select

from storage.database import Database
from storage.models import InboxUpdate
from storage.repositories import inbox, user_data
from storage.repositories.inbox import Received
from storage.values import InboxOutcome


def _received(update_id: int, user_id: int | None = 7) -> Received:
    return Received(update_id, user_id, f'{{"update_id": {update_id}, "message": {{"text": "my back"}}}}')


async def test_an_update_sent_twice_is_new_once(db: Database, now: datetime) -> None:
    async with db.session() as session:
        assert await inbox.store(session, [_received(10), _received(11)], now) == {10, 11}
    async with db.session() as session:
        assert await inbox.store(session, [_received(11), _received(12)], now) == {12}
        assert await inbox.depth(session) == 3


async def test_finished_updates_are_not_replayed_and_finish_once(db: Database, now: datetime) -> None:
    async with db.session() as session:
        await inbox.store(session, [_received(12), _received(10), _received(11)], now)
    async with db.session() as session:
        assert await inbox.finish(session, 11, now) is True
        assert await inbox.finish(session, 11, now) is False  # already done: a replay is recognised
        assert await inbox.finish(session, 99, now) is False  # not in the inbox
    async with db.reading() as session:
        left = await inbox.unfinished(session)
        assert [r.update_id for r in left] == [10, 12]  # in order of update_id
        assert await inbox.unfinished(session, only=[11]) == []
        assert "my back" in left[0].payload
        assert [r.update_id for r in await inbox.unfinished(session, only=[12, 11])] == [12]
        assert await inbox.depth(session) == 2
    assert await db.read_one(inbox.is_done_statement(11)) == now
    assert await db.read_one(select(InboxUpdate.payload).where(col(InboxUpdate.update_id) == 11)) == ""  # blanked
    assert await db.read_one(inbox.is_done_statement(10)) is None


async def test_prune_deletes_only_old_done_rows(db: Database, now: datetime) -> None:
    async with db.session() as session:
        await inbox.store(session, [_received(1), _received(2), _received(3)], now)
        await inbox.finish(session, 1, now - timedelta(days=3), InboxOutcome.DROPPED)
        await inbox.finish(session, 2, now)
    async with db.session() as session:
        assert await inbox.prune(session, now - timedelta(days=2)) == 1
    async with db.reading() as session:
        assert [r.update_id for r in await inbox.unfinished(session)] == [3]
        assert await inbox.depth(session) == 1


async def test_deleting_a_user_deletes_what_they_sent(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        await inbox.store(session, [_received(1, user_id), _received(2, user_id + 1), _received(3, None)], now)
    async with db.session() as session:
        await user_data.delete_user(session, user_id)
    async with db.reading() as session:
        assert [r.update_id for r in await inbox.unfinished(session)] == [2, 3]


async def test_an_answering_update_keeps_its_payload_until_answered_and_is_never_replayed(
    db: Database, now: datetime
) -> None:
    async with db.session() as session:
        await inbox.store(session, [_received(1), _received(2), _received(3)], now)
    async with db.session() as session:
        assert await inbox.finish(session, 1, now, InboxOutcome.ANSWERING) is True
        assert await inbox.finish(session, 2, now) is True
        assert await inbox.finish(session, 1, now) is False  # handled already: a replay is recognised
    async with db.reading() as session:
        assert [r.update_id for r in await inbox.unfinished(session)] == [3]
        [answering] = await inbox.unanswered(session)
        assert (answering.update_id, answering.user_id) == (1, 7) and "my back" in answering.payload
    assert await db.read_one(inbox.is_done_statement(1)) == now
    async with db.session() as session:
        assert await inbox.answered(session, [1, 2, 3]) == 1  # only the one answering: done and blanked
        assert await inbox.answered(session, []) == 0
    async with db.reading() as session:
        assert await inbox.unanswered(session) == []
        assert [r.update_id for r in await inbox.unfinished(session)] == [3]
    rows = select(InboxUpdate.update_id, InboxUpdate.outcome, InboxUpdate.payload).order_by(col(InboxUpdate.update_id))
    async with db.reading() as session:
        assert [tuple(row) for row in (await session.exec(rows)).all()] == [
            (1, "done", ""), (2, "done", ""), (3, None, _received(3).payload)
        ]
