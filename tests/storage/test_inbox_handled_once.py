"""One update run by two processes at once, on SQLite and PostgreSQL: it is applied once and answered once.

Two ``bot.inbox.Inbox``es, each with an engine of its own (two processes, as far as the database can tell), handle
the same stored update. The first writes and holds its unit open; the second starts meanwhile (its is-it-done
read finds the update not done) and writes the same row: on PostgreSQL it waits for the first's row lock, on
SQLite it cannot begin before the first commits. The first commits its answer with "done"; the second's write
that finishes the update then finds it done, so its unit rolls back, its held reply is dropped, and it neither
retries nor marks the update failed: one INFO line says another process handled it. An update whose own
handler deleted it (/delete takes the user's inbox rows with their data) is no such case: it commits.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

import pytest
from sqlalchemy import text
from sqlmodel import col, select, update
from telegram import Update

from bot.inbox import Inbox
from conversations.kit import holding_replies, in_turn
from storage.database import Database
from storage.models import InboxUpdate, User
from storage.repositories import inbox, user_data
from storage.repositories.inbox import Received

UPDATE_ID = 501
Process = Callable[[object], Awaitable[None]]


def answering(
    db: Database, user_id: int, name: str, replies: list[str], began: asyncio.Event, wrote: asyncio.Event,
    wait_for: asyncio.Event | None = None,
) -> Process:
    """A flow handler as ``conversations.pending.flow_handler`` runs one: its reply held until its unit, which
    appends "!" to the user's name, commits (``wait_for``: before that, hold the unit open until it is set)."""

    async def process(_update: object) -> None:
        async with holding_replies(), db.holding():
            began.set()
            async with db.session() as session:
                name_now = col(User.first_name) + "!"
                await session.exec(update(User).where(col(User.id) == user_id).values(first_name=name_now))
            wrote.set()

            async def send() -> None:
                replies.append(name)

            await in_turn(send)
            if wait_for is not None:
                await wait_for.wait()

    return process


async def until(event: asyncio.Event, *tasks: asyncio.Task[None]) -> None:
    """Wait for ``event``; a task that ends first (it failed) fails the test at once."""
    waiting = asyncio.ensure_future(event.wait())
    await asyncio.wait([waiting, *tasks], return_when=asyncio.FIRST_COMPLETED)
    for task in tasks:
        if task.done():
            task.result()
    assert waiting.done(), "a handling ended before it should have"


async def second_is_waiting(db: Database) -> None:
    """On PostgreSQL, until another connection waits for a row lock (the second process's write); on SQLite
    there is nothing to watch: the second unit cannot begin while the first is open."""
    if db.dialect_name != "postgresql":
        return
    waiting = text(
        "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
    )
    while not await db.read_one(waiting):
        await asyncio.sleep(0.01)


async def test_two_processes_running_one_update_apply_and_answer_it_once(
    db: Database, migrated_url: str, user_id: int, now: datetime, caplog: pytest.LogCaptureFixture
) -> None:
    other = Database(migrated_url)
    first, second = Inbox(db, lambda: now, 0.1), Inbox(other, lambda: now, 0.1)
    async with db.session() as session:
        await inbox.store(session, [Received(UPDATE_ID, user_id, '{"update_id": 501}')], now)
    replies: list[str] = []
    began, wrote = [asyncio.Event(), asyncio.Event()], [asyncio.Event(), asyncio.Event()]
    commit_first, the_update = asyncio.Event(), Update(UPDATE_ID)
    try:
        with caplog.at_level(logging.INFO, logger="backcoach.inbox"):
            process = answering(db, user_id, "first", replies, began[0], wrote[0], wait_for=commit_first)
            one = asyncio.create_task(first.handle(the_update, process))
            await until(wrote[0], one)  # the first process's answer is written, its unit open
            two = asyncio.create_task(
                second.handle(the_update, answering(other, user_id, "second", replies, began[1], wrote[1]))
            )
            await until(began[1], one, two)  # past its is-it-done read: the update was not done then
            await second_is_waiting(db)
            commit_first.set()
            await asyncio.wait_for(asyncio.gather(one, two), timeout=30)
    finally:
        await other.dispose()
    assert replies == ["first"]
    assert await db.read_one(select(User.first_name).where(col(User.id) == user_id)) == "Ada!"
    outcome = select(InboxUpdate.outcome).where(col(InboxUpdate.update_id) == UPDATE_ID)
    assert await db.read_one(outcome) == "answering"  # handled; done once the first process's replies went out
    assert (second.answered, first.answered) == ([], [UPDATE_ID])
    await first.flush()
    assert await db.read_one(outcome) == "done"
    assert (second.retry, second.done_later, first.retry, first.done_later) == (set(), [], set(), [])
    lines = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "backcoach.inbox"]
    assert lines == [("INFO", f"Update {UPDATE_ID} was handled by another process")]


async def test_an_update_whose_handler_deletes_it_with_its_user_commits(
    db: Database, user_id: int, now: datetime
) -> None:
    box, replies = Inbox(db, lambda: now, 0.1), list[str]()

    async def delete_everything(_update: object) -> None:  # /delete: the user's inbox rows go with their data
        async with holding_replies(), db.holding():
            async with db.session() as session:
                await user_data.delete_user(session, user_id)

            async def send() -> None:
                replies.append("deleted")

            await in_turn(send)

    async with db.session() as session:
        await inbox.store(session, [Received(UPDATE_ID, user_id, '{"update_id": 501}')], now)
    await box.handle(Update(UPDATE_ID), delete_everything)
    assert replies == ["deleted"]
    assert await db.read_one(select(User.id).where(col(User.id) == user_id)) is None
    assert (box.retry, box.done_later) == (set(), [])
