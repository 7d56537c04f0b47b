"""Delivering to Telegram at its full speed without tripping its flood limits.

Telegram allows about 30 messages a second overall and 1 a second per chat (bursts are tolerated but not
documented). PTB's ``AIORateLimiter`` leaves private chats unlimited and, measured here, reaches about 91 % of
the overall limit while still provoking 429s. :class:`PacedRateLimiter` replaces it for every request of the
bot (replies and reminders share one budget, which only one limiter in the process can guarantee):

- **Pacing** (GCRA, the virtual-scheduling form of a token bucket): each send waits its turn in its chat (a
  lock per chat, the chat's bucket charged when the send really goes), then for a slot of the overall bucket
  (:class:`Gate`). A chat that must wait holds no overall slot, so it never delays another chat.
- **Replies before reminders**: the overall slots go to the replies waiting first, then to the reminders
  (:class:`Priority`; :func:`deliver` marks its sends as reminders). Each slot is charged when it is given,
  never reserved ahead, so a late wake-up cannot bunch the sends queued behind it.
- **Sized just under the limits**: 29.7 messages/s overall (99 %), a burst of 4 only to catch up after a late
  wake-up, and never more than 30 in any sliding second (a log of the last 30 slots); 0.95/s per chat with a
  burst of 3. A smaller burst and a lower rate than Telegram's bucket mean every sequence we allow is one
  Telegram allows, with its unused burst absorbing network jitter.
- **RetryAfter**: the chat is paused for ``retry_after`` and the request tried again, up to ``max_retries``
  times; every other chat goes on. Only a 429 on a request that names no chat pauses the whole bot.
- **Network errors and 5xx** (:func:`with_network_retries`): a request is tried again with exponential backoff,
  a bounded number of times (a reply sent twice is better than one lost); a timeout is not (it may have arrived).

:func:`deliver` wraps one reminder send for the ticker: network errors are retried with exponential backoff
(except a timeout, which may have reached Telegram: retrying it could double a reminder), ``Forbidden``
comes back as :attr:`Outcome.BLOCKED` for the caller to mark the user inactive, and nothing escapes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, nullcontext
from contextvars import ContextVar
from enum import IntEnum, StrEnum
from typing import Any, TypeVar

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import BaseRateLimiter

from bot import metrics

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Telegram: about 30 messages/s overall; we pace at 99 % of it, and never give more than 30 in a sliding second.
OVERALL_RATE = 29.7
OVERALL_CAP = 30
#: A few slots to catch up after a late wake-up (the sliding-second cap still holds).
OVERALL_BURST = 4
#: Telegram: about 1 message/s in one private chat; 5 % margin, a burst of 3 like Telegram's tolerance.
CHAT_RATE = 0.95
CHAT_BURST = 3
#: Telegram: about 20 messages a minute in one group.
GROUP_RATE = 20 / 60
GROUP_BURST = 1
MAX_RETRIES = 3
#: A send whose chat must wait longer than this (seconds) lets the update it answers step aside meanwhile.
STEP_ASIDE_SECONDS = 1.5
RETRY_AFTER_MARGIN = 0.1
NETWORK_ATTEMPTS = 4
NETWORK_BACKOFF_SECONDS = 0.5
#: Chat buckets idle this long (seconds) are forgotten, so memory follows active chats only.
FORGET_IDLE_SECONDS = 60.0
PRUNE_EVERY = 5_000

#: Bot API methods that put (or change) a message in a chat: the ones Telegram's flood limits count.
PACED_METHODS = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "sendAudio", "sendVideo", "sendVoice", "sendAnimation",
    "sendSticker", "sendMediaGroup", "sendLocation", "sendVenue", "sendContact", "sendPoll", "sendDice",
    "copyMessage", "forwardMessage", "editMessageText", "editMessageReplyMarkup", "editMessageCaption",
    "editMessageMedia",
})

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class Priority(IntEnum):
    """Whose send goes first when both wait for the overall budget: a reply to someone who is chatting, then
    a reminder (sent by ``bot.scheduler`` through :func:`deliver`)."""

    REPLY = 0
    REMINDER = 1


#: The priority of the sends made in this context (``deliver`` marks its own as reminders).
_PRIORITY: ContextVar[Priority] = ContextVar("backcoach_send_priority", default=Priority.REPLY)


def current_priority() -> Priority:
    """The priority the sends made here get."""
    return _PRIORITY.get()


class Slots:
    """One token bucket as a schedule of slots: ``rate`` per second after an initial ``burst``."""

    __slots__ = ("interval", "lock", "next_free", "tolerance")

    def __init__(self, rate: float, burst: int) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.interval = 1.0 / rate
        self.tolerance = (burst - 1) * self.interval
        self.next_free = float("-inf")  # the theoretical arrival time of the next send
        self.lock = asyncio.Lock()  # a chat's sends go one at a time, in order

    def earliest(self, now: float) -> float:
        """The first instant at or after ``now`` a send would conform (nothing is taken)."""
        return max(now, self.next_free - self.tolerance)

    def take(self, now: float) -> None:
        """A send goes at ``now`` (which must be at or after :meth:`earliest`)."""
        self.next_free = max(self.next_free, now) + self.interval

    def reserve(self, now: float) -> float:
        """Take the earliest slot at or after ``now``; returns its start time."""
        start = self.earliest(now)
        self.take(start)
        return start

    def pause_until(self, moment: float) -> None:
        """No slot before ``moment`` (after a 429), and no burst right after it."""
        self.next_free = max(self.next_free, moment + self.tolerance)

    def idle_since(self, now: float) -> bool:
        """Whether the bucket is full again (nothing reserved), so it can be forgotten."""
        return self.next_free <= now


class Gate:
    """The overall budget, handing out its slots at the moment they come, replies before reminders.

    A waiting send holds no slot: one driver task sleeps until the next slot is free, then gives it to the
    first reply waiting, or else to the first reminder. A slot is charged when it is given, never reserved in
    advance, so a late wake-up (a busy event loop) cannot bunch the sends queued behind it. Two rules hold
    every slot: the token bucket (``rate`` a second, a small ``burst`` to catch up after a late wake-up) and
    a log of the last ``per_second`` slots given: never more than ``per_second`` in any sliding second."""

    def __init__(self, rate: float, burst: int, clock: Clock, sleep: Sleep, per_second: int = OVERALL_CAP) -> None:
        self.slots = Slots(rate, burst)
        self._clock, self._sleep = clock, sleep
        self._given: deque[float] = deque(maxlen=per_second)
        self._waiting: tuple[deque[asyncio.Future[None]], ...] = tuple(deque() for _ in Priority)
        self._driver: asyncio.Task[None] | None = None

    def _earliest(self, now: float) -> float:
        full = len(self._given) == self._given.maxlen
        return max(self.slots.earliest(now), self._given[0] + 1.0 if full else now)

    def _take(self, now: float) -> None:
        self.slots.take(now)
        self._given.append(now)

    async def turn(self, priority: Priority) -> None:
        """Wait for an overall slot (at once if it is free and nobody waits)."""
        now = self._clock()
        if not self.waiting() and self._earliest(now) <= now:
            self._take(now)
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting[priority].append(turn)
        if self._driver is None or self._driver.done():
            self._driver = asyncio.get_running_loop().create_task(self._drive())
        await turn

    def waiting(self) -> int:
        """How many sends wait for a slot."""
        return sum(len(queue) for queue in self._waiting)

    async def _drive(self) -> None:
        while self.waiting():
            delay = self._earliest(self._clock()) - self._clock()
            if delay > 0:
                await self._sleep(delay)
                continue  # a pause may have come meanwhile
            turn = self._next()
            if turn is not None:
                self._take(self._clock())
                turn.set_result(None)

    def _next(self) -> asyncio.Future[None] | None:
        for queue in self._waiting:
            while queue:
                turn = queue.popleft()
                if not turn.done():  # a cancelled waiter gave its place up
                    return turn
        return None


class Pacer:
    """The overall :class:`Gate` and one bucket per chat; :meth:`wait_turn` sleeps until a send may go."""

    def __init__(
        self,
        *,
        overall_rate: float = OVERALL_RATE,
        overall_burst: int = OVERALL_BURST,
        chat_rate: float = CHAT_RATE,
        chat_burst: int = CHAT_BURST,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.gate = Gate(overall_rate, overall_burst, clock, sleep)
        self._chat_rate, self._chat_burst = chat_rate, chat_burst
        self._chats: dict[int | str, Slots] = {}
        self._clock, self._sleep = clock, sleep
        self._reservations = 0

    def _chat(self, chat_id: int | str) -> Slots:
        slots = self._chats.get(chat_id)
        if slots is None:
            group = isinstance(chat_id, str) or chat_id < 0
            rate, burst = (GROUP_RATE, GROUP_BURST) if group else (self._chat_rate, self._chat_burst)
            slots = self._chats[chat_id] = Slots(rate, burst)
        return slots

    async def wait_turn(self, chat_id: int | str | None, priority: Priority = Priority.REPLY) -> None:
        """Wait until the chat may send, then for an overall slot (replies first, then first come first served).

        A chat's sends queue on its lock, and a chat that must wait (its own rate, or a ``RetryAfter`` on it)
        waits there, holding no overall slot: other chats' sends go on meanwhile. Its bucket is charged when the
        send really goes, so time spent waiting for the overall slot never brings two sends to one chat closer.
        """
        if chat_id is None:
            await self.gate.turn(priority)
        else:
            chat = self._chat(chat_id)
            async with chat.lock:
                while (moment := chat.earliest(self._clock())) > self._clock():
                    await self._sleep(moment - self._clock())  # again: a pause may have come meanwhile
                await self.gate.turn(priority)
                chat.take(self._clock())
        self._reservations += 1
        if self._reservations % PRUNE_EVERY == 0:
            self._forget_idle()

    def pause(self, chat_id: int | str | None, seconds: float) -> None:
        """Telegram said RetryAfter: nothing more to this chat for ``seconds``; a 429 that names no chat pauses
        every send."""
        until = self._clock() + seconds
        if chat_id is None:
            self.gate.slots.pause_until(until)
        else:
            self._chat(chat_id).pause_until(until)

    def chat_wait(self, chat_id: int | str | None) -> float:
        """Seconds until ``chat_id`` may send again by its own bucket (0: now; overall waits not counted)."""
        if chat_id is None or chat_id not in self._chats:
            return 0.0
        now = self._clock()
        return self._chats[chat_id].earliest(now) - now

    def tracked_chats(self) -> int:
        """How many chat buckets are held (for tests and the benchmark)."""
        return len(self._chats)

    def _forget_idle(self) -> None:
        horizon = self._clock() - FORGET_IDLE_SECONDS
        idle = [key for key, slots in self._chats.items() if slots.idle_since(horizon) and not slots.lock.locked()]
        for chat_id in idle:
            del self._chats[chat_id]


def chat_of(data: dict[str, Any] | None) -> int | str | None:
    """The chat a request goes to (an int id, or an ``@channel`` name), or None."""
    value = (data or {}).get("chat_id")
    if isinstance(value, int | str) and not isinstance(value, bool):
        try:
            return int(value)
        except ValueError:
            return value
    return None


class PacedRateLimiter(BaseRateLimiter[int]):
    """PTB rate limiter pacing every message-sending request through one :class:`Pacer`.

    ``before_request``, awaited before every request of the bot (the one place they all pass): the handlers'
    held unit of work commits there (``conversations.kit.before_request``), so none is open while we wait
    for Telegram. ``step_aside`` wraps a wait for a chat longer than ``STEP_ASIDE_SECONDS`` (a chat Telegram
    holds): the update being answered gives its running place up meanwhile (``bot.updates.waiting_aside``)."""

    def __init__(
        self, pacer: Pacer | None = None, max_retries: int = MAX_RETRIES,
        before_request: Callable[[], Awaitable[None]] | None = None,
        step_aside: Callable[[], AbstractAsyncContextManager[None]] | None = None,
    ) -> None:
        self.pacer = pacer or Pacer()
        self.max_retries = max_retries
        self.before_request = before_request
        self.step_aside = step_aside

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Pace sends; on RetryAfter pause the chat (every send, for a 429 that names no chat), then try again."""
        if self.before_request is not None:
            await self.before_request()
        if endpoint not in PACED_METHODS:
            return await with_network_retries(lambda: callback(*args, **kwargs))
        chat_id = chat_of(data)
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            await self._wait_turn(chat_id)
            try:
                return await with_network_retries(lambda: callback(*args, **kwargs))
            except RetryAfter as exc:
                metrics.RETRY_AFTER.inc()
                if attempt == retries:
                    raise
                log.warning("Telegram asked to slow down for %s s (attempt %s)", exc.retry_after, attempt + 1)
                self.pacer.pause(chat_id, _seconds(exc) + RETRY_AFTER_MARGIN)
        raise AssertionError("unreachable")  # pragma: no cover


    async def _wait_turn(self, chat_id: int | str | None) -> None:
        long_wait = self.step_aside is not None and self.pacer.chat_wait(chat_id) > STEP_ASIDE_SECONDS
        async with self.step_aside() if self.step_aside is not None and long_wait else nullcontext():
            await self.pacer.wait_turn(chat_id, current_priority())


async def with_network_retries(
    call: Callable[[], Awaitable[T]], *, attempts: int = NETWORK_ATTEMPTS, backoff: float = NETWORK_BACKOFF_SECONDS,
    sleep: Sleep = asyncio.sleep,
) -> T:
    """``call`` (one request of the bot), tried again on a network error or a 5xx from Telegram, with exponential
    backoff, up to ``attempts`` times in all; then the error is raised. A timeout is not tried again (the message
    may have arrived), nor is a request Telegram refused (400, 403, 429: what each says is handled above)."""
    for attempt in range(attempts):
        try:
            return await call()
        except (TimedOut, BadRequest):
            raise
        except NetworkError as exc:
            if attempt == attempts - 1 or not passing_failure(exc):
                raise
            log.warning("Telegram did not take a request (attempt %s): %s", attempt + 1, type(exc).__name__)
            await sleep(backoff * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


#: How Telegram (and the emulator) describe a 5xx. PTB raises a plain NetworkError both for these and for a 4xx
#: it has no class for (413: a file too large), with the server's description only: that is what tells them apart.
SERVER_ERRORS = ("Internal Server Error", "Bad Gateway", "Service Unavailable", "Gateway Timeout")


def passing_failure(exc: NetworkError) -> bool:
    """Whether trying again may help: the connection failed (PTB raises from the HTTP library's error), or the
    server answered with a 5xx. A refusal (a 413, say) would fail again."""
    return exc.__cause__ is not None or exc.message.startswith(SERVER_ERRORS)


def _seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value if isinstance(value, int | float) else value.total_seconds()


class Outcome(StrEnum):
    """What became of one send."""

    SENT = "sent"
    NOT_NEEDED = "not_needed"  # the sender decided nothing was to be sent (e.g. a follow-up already answered)
    BLOCKED = "blocked"
    FAILED = "failed"


async def deliver(
    send: Callable[[], Awaitable[Any]],
    *,
    attempts: int = NETWORK_ATTEMPTS,
    backoff: float = NETWORK_BACKOFF_SECONDS,
    sleep: Sleep = asyncio.sleep,
) -> Outcome:
    """Run one send; retry network errors with exponential backoff; never raise a Telegram error.

    ``send`` may return False to say it sent nothing on purpose. A timeout is not retried (the message may
    have reached Telegram; at most once is the rule for reminders), nor is a refused request (BadRequest).
    Its sends are reminders to the pacer: a reply waiting for the overall budget goes before them.
    """
    token = _PRIORITY.set(Priority.REMINDER)
    try:
        return await _deliver(send, attempts, backoff, sleep)
    finally:
        _PRIORITY.reset(token)


async def _deliver(send: Callable[[], Awaitable[Any]], attempts: int, backoff: float, sleep: Sleep) -> Outcome:
    for attempt in range(attempts):
        try:
            result = await send()
        except Forbidden:
            return Outcome.BLOCKED
        except RetryAfter as exc:  # a limiter other than ours let it through: wait as told
            metrics.RETRY_AFTER.inc()
            await sleep(_seconds(exc) + RETRY_AFTER_MARGIN)
            continue
        except (TimedOut, BadRequest) as exc:
            log.warning("reminder send failed: %s", type(exc).__name__)
            return Outcome.FAILED
        except NetworkError as exc:
            log.warning("network error on a reminder send (attempt %s): %s", attempt + 1, type(exc).__name__)
            await sleep(backoff * 2**attempt)
            continue
        except TelegramError as exc:
            log.warning("reminder send refused: %s", type(exc).__name__)
            return Outcome.FAILED
        return Outcome.NOT_NEEDED if result is False else Outcome.SENT
    return Outcome.FAILED
