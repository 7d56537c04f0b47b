"""Who waits for whom: updates of different users run at once, one user's updates in the order they came.

:class:`PerUserUpdateProcessor` is the bot's PTB update processor (the documented ``BaseUpdateProcessor``,
given to ``ApplicationBuilder.concurrent_updates``). PTB hands it every update in a task of its own (so each
update has its own ``contextvars`` context: the held unit of work of ``storage.database`` and the held replies
of ``conversations.kit`` are per update), in the order the updates arrived. Then:

- **One lane per user** (:func:`lane_key`: the user the update comes from, else its chat; updates with neither
  share one lane): an update waits for the one before it of the same user, so a user's answers are handled in
  order, and it waits there without holding a place among the running updates. A lane exists only while it
  has updates in it, so memory follows the users active right now.
- **A bound** on the updates running at once (``MAX_CONCURRENT_UPDATES``); PTB's own bound, the base class's
  semaphore, counts the updates waiting in their lanes too and is set high (:data:`MAX_WAITING_UPDATES`).
- **Flood**: a user who sends more than ``FLOOD_UPDATES`` updates within ``FLOOD_SECONDS`` (:class:`FloodGuard`,
  counted on arrival) has the excess dropped before it reaches any lane (``backcoach_updates_dropped_total
  {reason="flood"}``, one log line per flood with ids only), and gets one polite "slow down" in its turn
  after the replies to what was accepted. Nobody else notices.

- **Stepping aside**: an update whose reply must wait long for its chat (Telegram's ``retry_after`` on that
  chat) gives its running place up meanwhile (:func:`waiting_aside`, called by ``bot.delivery``), so chats
  Telegram holds never take the places of users who could be answered.

Every handled update is counted and timed (``bot.metrics``), from the moment it runs, not while it waits.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot import metrics
from bot.errors import describe_update

log = logging.getLogger(__name__)

DEFAULT_MAX_CONCURRENT_UPDATES = 16
#: Updates inside the processor at once, running or waiting in their lane (PTB's bound; then PTB queues them).
MAX_WAITING_UPDATES = 100_000
DEFAULT_FLOOD_UPDATES = 20
DEFAULT_FLOOD_SECONDS = 10.0
#: Forget the arrivals of users quiet for a whole window every this many arrivals.
PRUNE_EVERY = 1_000

Clock = Callable[[], float]
#: What to send a user at the start of their flood (the one polite "slow down").
OnFlood = Callable[[Update], Awaitable[None]]


class Verdict(Enum):
    """What becomes of an update on arrival."""

    ACCEPT = "accept"
    FIRST_DROP = "first_drop"  # dropped, and the flood begins: say "slow down" once
    DROP = "drop"


@dataclass
class _Arrivals:
    times: deque[float]
    flooding: bool = False


class FloodGuard:
    """Counts each user's arrivals in a sliding window; more than ``limit`` in ``window`` seconds is a flood.

    Every arrival counts, dropped ones too, so a user who keeps sending stays in one flood (and hears about it
    once); a flood ends with the first update accepted again. At most ``limit`` instants per user are kept."""

    def __init__(self, limit: int, window: float, clock: Clock = time.monotonic) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        self.limit, self.window, self._clock = limit, window, clock
        self._users: dict[int, _Arrivals] = {}
        self._seen = 0

    def admit(self, key: int) -> Verdict:
        """Record an arrival of ``key`` now, and say whether it goes on."""
        now = self._clock()
        arrivals = self._users.get(key)
        if arrivals is None:
            arrivals = self._users[key] = _Arrivals(deque(maxlen=self.limit))
        full = len(arrivals.times) == self.limit and now - arrivals.times[0] < self.window
        arrivals.times.append(now)
        self._seen += 1
        if self._seen % PRUNE_EVERY == 0:
            self._forget_quiet(now)
        if not full:
            arrivals.flooding = False
            return Verdict.ACCEPT
        first, arrivals.flooding = not arrivals.flooding, True
        return Verdict.FIRST_DROP if first else Verdict.DROP

    def tracked_users(self) -> int:
        """How many users' arrivals are kept (for tests)."""
        return len(self._users)

    def _forget_quiet(self, now: float) -> None:
        quiet = [key for key, arrivals in self._users.items() if now - arrivals.times[-1] >= self.window]
        for key in quiet:
            del self._users[key]


@dataclass
class _Place:
    """The running place an update holds (or has set aside while it waits for its chat)."""

    running: asyncio.Semaphore
    task: asyncio.Task[Any] | None
    held: bool = False


#: The place of the update running in this task (a task it starts inherits the context, not the place).
_PLACE: ContextVar[_Place | None] = ContextVar("backcoach_running_place", default=None)


@asynccontextmanager
async def waiting_aside() -> AsyncIterator[None]:
    """Inside the block, the running update lets another take its place; it takes one again after (in turn)."""
    place = _PLACE.get()
    if place is None or not place.held or place.task is not asyncio.current_task():
        yield
        return
    place.running.release()
    place.held = False
    try:
        yield
    finally:
        await place.running.acquire()
        place.held = True


@dataclass
class _Lane:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    inside: int = 0  # updates running or waiting in this lane


def lane_key(update: object) -> int | None:
    """Whose lane an update takes: its user's, else its chat's; None (one shared lane) for neither."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Different users at once (up to ``max_concurrent``), one user's updates in order; floods dropped."""

    def __init__(
        self,
        max_concurrent: int = DEFAULT_MAX_CONCURRENT_UPDATES,
        *,
        flood: FloodGuard | None = None,
        on_flood: OnFlood | None = None,
        on_drop: OnFlood | None = None,
    ) -> None:
        if max_concurrent < 1:
            raise ValueError("max_concurrent must be >= 1")
        super().__init__(max_concurrent_updates=MAX_WAITING_UPDATES)
        self.max_running = max_concurrent
        self._running = asyncio.Semaphore(max_concurrent)
        self._lanes: dict[int | None, _Lane] = {}
        self._flood, self._on_flood = flood, on_flood
        self._on_drop = on_drop  # told of each dropped update (the inbox records it as dropped)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def lanes(self) -> int:
        """How many lanes exist now (users with an update running or waiting)."""
        return len(self._lanes)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Judge the flood on arrival, then run the update in its user's lane, within the bound."""
        key = lane_key(update)
        verdict = self._flood.admit(key) if self._flood is not None and key is not None else Verdict.ACCEPT
        if verdict is not Verdict.ACCEPT:
            _discard(coroutine)
            self._count_flood(update, verdict)
            if self._on_drop is not None and isinstance(update, Update):
                await self._on_drop(update)
            if verdict is Verdict.DROP or self._on_flood is None or not isinstance(update, Update):
                return
            await self._in_lane(key, self._on_flood(update), update=None)
            return
        await self._in_lane(key, coroutine, update=update)

    async def _in_lane(self, key: int | None, coroutine: Awaitable[Any], update: object | None) -> None:
        """Run ``coroutine`` after the lane's earlier updates, when a running place is free (timed and counted
        as an update unless ``update`` is None)."""
        lane = self._lanes.get(key)
        if lane is None:
            lane = self._lanes[key] = _Lane()
        lane.inside += 1
        try:
            async with lane.lock:
                await self._run(coroutine, update)
        finally:
            lane.inside -= 1
            if lane.inside == 0:
                del self._lanes[key]

    async def _run(self, coroutine: Awaitable[Any], update: object | None) -> None:
        """Take a running place, run, give the place back (unless it was set aside and not taken back)."""
        place = _Place(self._running, asyncio.current_task())
        await self._running.acquire()
        place.held = True
        token = _PLACE.set(place)
        try:
            await (coroutine if update is None else _metered(update, coroutine))
        finally:
            _PLACE.reset(token)
            if place.held:
                self._running.release()

    def _count_flood(self, update: object, verdict: Verdict) -> None:
        metrics.UPDATES_DROPPED.labels(metrics.Dropped.FLOOD.value).inc()
        if verdict is Verdict.FIRST_DROP:
            log.warning("A user is flooding: dropping the excess (%s)", describe_update(update))
        else:
            log.debug("Dropped an update of a flood (%s)", describe_update(update))


async def _metered(update: object, coroutine: Awaitable[Any]) -> None:
    kind = metrics.kind_of(update).value
    started = time.perf_counter()
    try:
        await coroutine
    finally:
        metrics.HANDLER_SECONDS.labels(kind).observe(time.perf_counter() - started)
        metrics.UPDATES_HANDLED.labels(kind).inc()


def _discard(coroutine: Awaitable[Any]) -> None:
    """An update dropped: its coroutine (PTB's processing of it) is closed, never run."""
    if inspect.iscoroutine(coroutine):
        coroutine.close()
