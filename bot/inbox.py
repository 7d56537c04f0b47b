"""The durable inbox: every update is in the database before Telegram is told it arrived, and is handled once.

The path of one update through it:

1. **Stored, then acknowledged.** Polling (:class:`Poller`, our own ``getUpdates`` loop in place of PTB's
   ``Updater``): a fetched batch is stored (``storage.repositories.inbox.store``, one short unit of work) and
   only then does the next ``getUpdates`` offset move past it. Webhook (``bot.web``): stored before the 200.
   If the database is down, nothing is acknowledged (Telegram keeps updates for 24 hours): polling waits
   with capped exponential backoff (``DATABASE_RETRY_SECONDS``), logging once per outage; the webhook
   answers 503, so Telegram sends the update again.
2. **Fed to PTB** through ``Application.update_queue`` (PTB's documented way for a custom update source; the
   Application is built without an ``Updater``), so the update processor decides concurrency. An update Telegram
   sends twice is fed once (only a newly stored one is fed).
3. **Handled once.** :class:`InboxApplication` (``ApplicationBuilder.application_class``) wraps PTB's
   ``process_update``: an update already handled is skipped (a replay after a crash); otherwise every unit of
   work of its handlers is held (``Database.holding``) and the last one also marks the update ``answering``
   (``storage.database.finishing``): the answer and "handled" commit together. When its handlers return, its
   replies have gone out: it is marked done within ``FLUSH_AFTER_SECONDS`` by :meth:`Inbox.flush`, with
   every other update answered meanwhile (one statement, at most one unit of work a second: no transaction
   per update). An update whose handlers wrote nothing is marked done by the next batch's ``store`` or the
   flush; one whose handler failed, marked failed.
4. **Nothing left behind.** At start-up the unfinished updates run first, in order of ``update_id``. An update
   whose handling hit the database being down stays unfinished and runs again as soon as the database
   answers (the apology says so). Done rows older than ``KEEP_DONE`` are pruned.
5. **Nobody left waiting.** An update still ``answering`` at start-up was stored but its replies may never have
   gone out (killed in between). It never runs again; :meth:`Inbox.answer_unanswered` gives each such user's
   last one to ``answer_again`` (``conversations.restarted``: "your last answer is saved", and the question
   being asked shown again), once per user, then marks them all done. Its payload is kept until then.
6. **Never applied twice by two processes.** Several processes may share one PostgreSQL database (webhook
   mode behind a load balancer). The write that finishes an update refuses when the update was finished
   already (``storage.database.FinishedElsewhere``): that process's last unit rolls back, its held replies
   and press effects are dropped, and it logs one INFO line, "Update N was handled by another process" (no
   apology, no error, no retry: nothing failed). The row lock of the finishing ``UPDATE`` orders the two:
   the second waits for the first to commit, then finds the row done.

   Start-up replays *every* unfinished update, also one another live process has just stored and is handling
   now. That race is accepted rather than avoided, now that it is safe: replaying only rows older than a few
   seconds would leave the update of a process killed just before a quick restart unhandled until some later
   start (the crash tests restart at once), and the is-it-done read before handling skips whatever the other
   process finished already. What the race can still do twice lies outside the finishing unit: a handler that
   writes nothing (a /help) may be answered twice, and a handler's earlier units (those that commit because
   another unit begins) are not guarded; the window is the few milliseconds of the other process's handler,
   since its last unit commits before its reply is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.error import RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from storage.database import Database, FinishedElsewhere, UnitNotSaved, current_finishing, finishing
from storage.repositories import inbox
from storage.repositories.inbox import Received
from storage.values import InboxOutcome

log = logging.getLogger("backcoach.inbox")

INBOX_KEY = "backcoach.inbox"
#: Done rows are kept this long (a replay from Telegram comes within seconds), then pruned.
KEEP_DONE = timedelta(days=2)
PRUNE_EVERY_SECONDS = 3600.0
FIRST_RETRY_SECONDS = 0.1
#: An update whose handlers wrote nothing is marked done within this many seconds, with others (or a batch).
FLUSH_AFTER_SECONDS = 1.0
#: Seconds a ``getUpdates`` call waits at Telegram for an update (long polling).
POLL_TIMEOUT = 10
#: Test seam (end-to-end tests only): while this file exists, stored updates are held, neither handled nor
#: acknowledged, so a test can kill the process at exactly that point.
HOLD_FILE_VARIABLE = "BACKCOACH_TEST_HOLD_FILE"
#: Test seam (end-to-end tests only): while this file exists, an update whose answer has committed (marked
#: ``answering``) sends nothing to Telegram, so a test can kill the process between the commit and the reply.
HOLD_REPLIES_FILE_VARIABLE = "BACKCOACH_TEST_HOLD_REPLIES_FILE"
#: Test seam (end-to-end tests only): while this file exists, the unit of work that finishes an update waits
#: before its last write, open (the handler's reads and writes done, nothing committed), so a test can take
#: the database away in the middle of a handler.
FINISH_HOLD_FILE_VARIABLE = "BACKCOACH_TEST_FINISH_HOLD_FILE"
#: Errors that mean the database did not answer (or refused the unit of work).
DATABASE_ERRORS = (SQLAlchemyError, UnitNotSaved, OSError)

Process = Callable[[object], Awaitable[None]]
#: What start-up does for an update whose reply may not have reached the user (``conversations.restarted``).
Reanswer = Callable[[Update], Awaitable[None]]


class Backoff:
    """Capped exponential waits, and one log line per outage."""

    def __init__(self, cap: float) -> None:
        self.cap = cap
        self.wait = FIRST_RETRY_SECONDS
        self.failing = False

    async def failed(self, what: str, error: BaseException) -> None:
        """Note a failure (logged once until the next success) and wait before the next try."""
        if not self.failing:
            log.warning("The database does not answer (%s: %s); retrying", what, type(error).__name__)
            self.failing = True
        await asyncio.sleep(self.wait)
        self.wait = min(self.wait * 2, self.cap)

    def succeeded(self) -> None:
        if self.failing:
            log.info("The database answers again")
        self.failing, self.wait = False, FIRST_RETRY_SECONDS


def received_from(update: Update) -> Received:
    """What the inbox stores of an update: its id, its user and its JSON."""
    user = update.effective_user
    return Received(update.update_id, user.id if user else None, json.dumps(update.to_dict()))


class Inbox:
    """One process's side of the inbox: stores, feeds PTB, handles each update once, replays the unfinished."""

    def __init__(self, db: Database, clock: Callable[[], datetime], retry_cap: float) -> None:
        self.db, self.clock = db, clock
        #: The application it feeds (set once it is built: its update processor is built first, with us).
        self.application: Application[Any, Any, Any, Any, Any, Any] | None = None
        #: What start-up says to a user whose reply may have been lost (set with the application).
        self.answer_again: Reanswer | None = None
        self.in_flight: set[int] = set()  # fed to PTB and not yet handled by this process
        self.fresh: set[int] = set()  # fed just after being stored: known not to be done (no need to read it)
        #: Updates whose handlers wrote nothing, to mark done with the next unit the inbox opens anyway.
        self.done_later: list[tuple[int, InboxOutcome]] = []
        #: Updates whose answer is stored (``answering``) and whose replies went out: marked done by the flush.
        self.answered: list[int] = []
        self.retry: set[int] = set()  # handled while the database was down: to run again when it answers
        self.apologised: set[int] = set()
        self.backoff = Backoff(retry_cap)
        self.retry_cap = retry_cap
        self._retrying: asyncio.Task[None] | None = None
        self._flushing: asyncio.Task[None] | None = None
        self._pruned_at = 0.0

    async def store(self, updates: Sequence[Received]) -> set[int]:
        """Store ``updates`` (raises if the database does not answer); those new are fed to PTB, after any
        update waiting to run again, so one user's updates keep their order."""
        later = self._take_later(answered=False)  # those answered wait for the flush: see ``flush``
        try:
            async with self.db.session() as session:
                fresh = await inbox.store(session, updates, self.clock())
                await later.write(session, self.clock())
        except BaseException:
            self._put_back(later)
            raise
        self.fresh.update(fresh)
        with contextlib.suppress(*DATABASE_ERRORS):  # the retry loop tries again
            await self.run_again()
        await hold_for_tests(HOLD_FILE_VARIABLE, "Test hold: stored updates are held")
        for received in updates:
            if received.update_id in fresh:
                await self.feed(received)
        with contextlib.suppress(*DATABASE_ERRORS):
            await self._prune_now_and_then()
        return fresh

    async def last_update_id(self) -> int:
        """The highest update id stored (0 for an empty inbox): local mode numbers its emulator's updates
        after it."""
        async with self.db.session() as session:
            return await inbox.last_update_id(session)

    async def feed(self, received: Received) -> None:
        """Hand one stored update to PTB (once per process while it is being handled)."""
        if received.update_id in self.in_flight:
            return
        assert self.application is not None, "Inbox.application is set when the application is built"
        update = Update.de_json(json.loads(received.payload), self.application.bot)
        self.in_flight.add(received.update_id)
        await self.application.update_queue.put(update)

    async def replay_unfinished(self) -> int:
        """At start-up: feed every unfinished update, in order of update_id; how many."""
        async with self.db.reading() as session:
            rows = await inbox.unfinished(session)
        for received in rows:
            await self.feed(received)
        if rows:
            log.info("Running %s unfinished updates from the inbox first", len(rows))
        return len(rows)

    async def answer_unanswered(self) -> int:
        """At start-up: the updates whose answer was stored but whose replies may not have reached the user (the
        process stopped in between): each user's last one to :attr:`answer_again` (once per user, users at
        once), then all marked done; how many users."""
        async with self.db.reading() as session:
            rows = await inbox.unanswered(session)
        last = {row.user_id: row for row in rows if row.user_id is not None}  # in order: the last one stays
        if last:
            log.info("Answering %s users again: their last answer was stored, its reply maybe not sent", len(last))
        await asyncio.gather(*(self._answer_again(row) for row in last.values()))
        async with self.db.session() as session:
            await inbox.answered(session, [row.update_id for row in rows])
        return len(last)

    async def _answer_again(self, received: Received) -> None:
        assert self.application is not None, "Inbox.application is set when the application is built"
        if self.answer_again is None:
            return
        try:
            await self.answer_again(Update.de_json(json.loads(received.payload), self.application.bot))
        except Exception as error:  # one user's failure must not keep the others waiting, nor the start
            log.warning("Could not answer update %s again: %s", received.update_id, type(error).__name__)

    async def run_again(self) -> None:
        """Feed the updates whose handling met the database down (raises if it is still down)."""
        if not self.retry:
            return
        ids, self.retry = sorted(self.retry), set()
        try:
            async with self.db.reading() as session:
                rows = await inbox.unfinished(session, only=ids)
        except BaseException:
            self.retry.update(ids)
            raise
        for received in rows:
            await self.feed(received)

    async def handle(self, update: Update, process: Process) -> None:
        """Handle one update once: skip it if done; mark it done with its handler's last unit of work."""
        update_id = update.update_id
        try:
            if update_id in self.fresh:
                self.fresh.discard(update_id)
            elif await self.db.read_one(inbox.is_done_statement(update_id)) is not None:
                log.info("Update %s was handled before: skipped", update_id)
                return
        except DATABASE_ERRORS:
            self._run_later(update_id)
            self.in_flight.discard(update_id)
            return
        try:
            await self._handle(update_id, update, process)
        finally:
            self.in_flight.discard(update_id)

    async def _handle(self, update_id: int, update: Update, process: Process) -> None:
        failure: list[bool] = []  # set by note_failure (the error handler): True when the database was down
        token = _FAILURES.set(failure)
        with finishing(lambda session: self._finish(session, update_id)) as finish:
            try:
                async with self.db.holding():
                    await process(update)
            except FinishedElsewhere:  # the last held unit found the update finished by another process
                pass
            except DATABASE_ERRORS:  # the last held unit could not commit after the handler returned
                failure.append(True)
            finally:
                _FAILURES.reset(token)
        if finish.elsewhere:
            log.info("Update %s was handled by another process", update_id)
            return
        if finish.committed:  # its answer stored, its replies sent (or given up on): done with the next flush
            self.answered.append(update_id)
        elif failure and failure[-1]:
            self._run_later(update_id)
            return
        else:
            # Nothing it wrote needs this mark to go with it: marked with the inbox's next unit (a crash before
            # then runs it again, and a handler that writes nothing does nothing twice but say it again).
            self.done_later.append((update_id, InboxOutcome.FAILED if failure else InboxOutcome.DONE))
        self._flush_later()

    def _flush_later(self) -> None:
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.get_running_loop().create_task(self._flush_soon())

    async def _finish(self, session: AsyncSession, update_id: int) -> None:
        """The write that finishes an update, last in its unit of work; it refuses (the unit rolls back) when
        another process finished the update meanwhile (not when the handler deleted it: /delete)."""
        await hold_for_tests(FINISH_HOLD_FILE_VARIABLE, "Test hold: an update's last unit of work waits")
        finished = await inbox.finish(session, update_id, self.clock(), InboxOutcome.ANSWERING)
        if not finished and await inbox.is_done(session, update_id):
            raise FinishedElsewhere(f"update {update_id} was finished by another process")

    def _run_later(self, update_id: int) -> None:
        self.retry.add(update_id)
        if self._retrying is None or self._retrying.done():
            self._retrying = asyncio.get_running_loop().create_task(self._retry_loop())

    async def _retry_loop(self) -> None:
        backoff = Backoff(self.retry_cap)
        while self.retry:
            await asyncio.sleep(backoff.wait)
            try:
                await self.run_again()
            except DATABASE_ERRORS as error:
                await backoff.failed("running an update again", error)
            else:
                backoff.succeeded()

    async def dropped(self, update: Update) -> None:
        """An update the update processor dropped (a flood's excess): recorded as dropped, never run again."""
        self.in_flight.discard(update.update_id)
        self.fresh.discard(update.update_id)
        try:
            async with self.db.session() as session:
                await inbox.finish(session, update.update_id, self.clock(), InboxOutcome.DROPPED)
        except DATABASE_ERRORS:  # left unfinished: it runs at the next start
            log.warning("Could not record a dropped update: the database does not answer")

    def first_apology(self, update_id: int) -> bool:
        """Whether the user has not yet been told about this update's failure (one apology per update)."""
        fresh = update_id not in self.apologised
        self.apologised.add(update_id)
        return fresh

    async def _prune_now_and_then(self) -> None:
        if time.monotonic() - self._pruned_at < PRUNE_EVERY_SECONDS:
            return
        self._pruned_at = time.monotonic()
        async with self.db.session() as session:
            removed = await inbox.prune(session, self.clock() - KEEP_DONE)
        if removed:
            log.info("Pruned %s handled updates from the inbox", removed)

    async def _flush_soon(self) -> None:
        await asyncio.sleep(FLUSH_AFTER_SECONDS)  # the updates of the next second share one unit of work
        await self.flush()

    async def flush(self) -> None:
        """Mark done the updates whose handlers wrote nothing (when no batch came to carry them), and those
        answered. The answered ones ride only here, once a second at most, not with every batch: one statement a
        second rather than one a batch (the webhook stores each update in a batch of its own)."""
        if not (self.done_later or self.answered):
            return
        later = self._take_later()
        try:
            async with self.db.session() as session:
                await later.write(session, self.clock())
        except DATABASE_ERRORS:
            self._put_back(later)

    def _take_later(self, *, answered: bool = True) -> Later:
        later = Later(self.done_later, self.answered if answered else [])
        self.done_later = []
        if answered:
            self.answered = []
        return later

    def _put_back(self, later: Later) -> None:
        self.done_later[:0] = later.done
        self.answered[:0] = later.answered

    async def stop(self) -> None:
        """Stop retrying (what is left runs at the next start); mark done what was handled."""
        for task in (self._retrying, self._flushing):
            if task is not None:
                task.cancel()
        await self.flush()


@dataclass
class Later:
    """What the inbox's next unit of work writes: updates whose handlers wrote nothing (with their outcome),
    and updates answered (their replies went out: ``answering`` -> done, one statement for them all)."""

    done: list[tuple[int, InboxOutcome]]
    answered: list[int]

    async def write(self, session: Any, now: datetime) -> None:
        for update_id, outcome in self.done:
            await inbox.finish(session, update_id, now, outcome)
        await inbox.answered(session, self.answered)


#: The failures the error handler noted while this task handles an update (see :func:`note_failure`).
_FAILURES: ContextVar[list[bool] | None] = ContextVar("backcoach_inbox_failures", default=None)


def note_failure(*, database: bool) -> bool:
    """The error handler's word on the update being handled: it failed (``database``: because the database
    did not answer, so it runs again when it does). True if the update is in the inbox and will run again."""
    failures = _FAILURES.get()
    if failures is None or current_finishing() is None:
        return False
    failures.append(database)
    return database


async def hold_replies_for_tests() -> None:
    """The end-to-end tests' seam (``BACKCOACH_TEST_HOLD_REPLIES_FILE``), before every request to Telegram:
    while the file exists, an update whose answer has committed sends nothing more."""
    finish = current_finishing()
    if finish is not None and finish.committed:
        await hold_for_tests(HOLD_REPLIES_FILE_VARIABLE, "Test hold: replies are held")


async def hold_for_tests(variable: str, announcement: str) -> None:
    """The end-to-end tests' seams (:data:`HOLD_FILE_VARIABLE`, :data:`FINISH_HOLD_FILE_VARIABLE`,
    :data:`HOLD_REPLIES_FILE_VARIABLE`): wait while
    the file the environment ``variable`` names exists, logging ``announcement`` once."""
    hold = os.environ.get(variable)
    if not hold:
        return
    announced = False
    while Path(hold).exists():
        if not announced:
            log.info(announcement)
            announced = True
        await asyncio.sleep(0.02)


class InboxApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's Application whose ``process_update`` goes through the inbox: each update handled once."""

    async def process_update(self, update: object) -> None:
        box = self.bot_data.get(INBOX_KEY)
        if isinstance(update, Update) and isinstance(box, Inbox):
            await box.handle(update, super().process_update)
        else:
            await super().process_update(update)


class Poller:
    """Long polling with the inbox: a batch is stored before the offset moves past it."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any], box: Inbox) -> None:
        self.application, self.box = application, box
        self.running = False

    async def run(self) -> None:
        """Poll until cancelled."""
        offset: int | None = None
        network = Backoff(self.box.retry_cap)
        self.running = True
        try:
            with contextlib.suppress(TelegramError):  # as PTB's Updater does: no webhook while polling
                await self.application.bot.delete_webhook()
            while True:
                try:
                    updates = await self.application.bot.get_updates(
                        offset=offset, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
                    )
                except RetryAfter as exc:
                    wait = exc.retry_after
                    await asyncio.sleep(wait if isinstance(wait, int | float) else wait.total_seconds())
                    continue
                except TimedOut:
                    continue
                except TelegramError as exc:  # unreachable, or refused (a webhook set meanwhile): wait, try again
                    log.warning("Could not get updates from Telegram: %s", type(exc).__name__)
                    await asyncio.sleep(network.wait)
                    network.wait = min(network.wait * 2, network.cap)
                    continue
                network.wait = FIRST_RETRY_SECONDS
                if updates:
                    await self._store_until_saved([received_from(u) for u in updates])
                    offset = updates[-1].update_id + 1
        finally:
            self.running = False

    async def _store_until_saved(self, batch: list[Received]) -> None:
        while True:
            try:
                await self.box.store(batch)
            except DATABASE_ERRORS as error:
                await self.box.backoff.failed("storing updates", error)
            else:
                self.box.backoff.succeeded()
                return
