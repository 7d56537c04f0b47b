"""The pacer and delivery: Telegram's limits used to the full and never exceeded, retries, blocked users.

Time is simulated: the pacer's clock and sleep are a fake that advances when something sleeps, and the
emulator's own token buckets (``botapi_emulator.ratelimit.RateLimiter``, configured like Telegram) judge every
send at the moment it would reach Telegram.
"""

from __future__ import annotations

import asyncio
import bisect
import heapq
import itertools
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.delivery import (
    CHAT_BURST,
    CHAT_RATE,
    OVERALL_RATE,
    Outcome,
    PacedRateLimiter,
    Pacer,
    Priority,
    Slots,
    chat_of,
    current_priority,
    deliver,
    with_network_retries,
)
from botapi_emulator.ratelimit import RateLimiter


@dataclass
class FakeTime:
    """Virtual time: sleepers wake in order of their wake-up instant, the clock jumping to each in turn."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)
    _waiting: list[tuple[float, int, asyncio.Future[None]]] = field(default_factory=list)
    _driver: asyncio.Task[None] | None = None

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (self.now + seconds, len(self.sleeps), woken))
        if self._driver is None or self._driver.done():
            self._driver = asyncio.create_task(self._drive())
        await woken

    async def _drive(self) -> None:
        while True:
            for _ in range(5):  # let every runnable task reach its next sleep
                await asyncio.sleep(0)
            if not self._waiting:
                return
            wake, _, woken = heapq.heappop(self._waiting)
            self.now = max(self.now, wake)
            woken.set_result(None)


def telegram_like(clock: FakeTime, chat_burst: int = 1) -> RateLimiter:
    return RateLimiter(global_rate=30.0, global_burst=30, chat_rate=1.0, chat_burst=chat_burst, clock=clock.clock)


async def paced_sends(pacer: Pacer, chats: list[int], judge: RateLimiter, at: list[float], clock: FakeTime) -> int:
    """Send to ``chats`` in order through the pacer; returns how many the emulator's limits refused."""
    refused = 0

    async def one(chat_id: int) -> None:
        nonlocal refused
        await pacer.wait_turn(chat_id)
        at.append(clock.now)
        refused += judge.acquire(chat_id) > 0

    await asyncio.gather(*(one(chat_id) for chat_id in chats))
    return refused


def test_slots_give_the_burst_at_once_then_one_per_interval() -> None:
    slots = Slots(rate=2.0, burst=3)
    assert [slots.reserve(10.0) for _ in range(5)] == [10.0, 10.0, 10.0, 10.5, 11.0]


async def test_many_chats_get_99_percent_of_the_overall_limit_and_no_429() -> None:
    clock = FakeTime()
    pacer = Pacer(clock=clock.clock, sleep=clock.sleep)
    at: list[float] = []
    refused = await paced_sends(pacer, list(range(1, 601)), telegram_like(clock), at, clock)
    rate = (len(at) - 1) / (at[-1] - at[0])
    assert refused == 0
    assert 0.97 * 30 <= rate <= 30
    assert rate == pytest.approx(OVERALL_RATE, rel=0.01)


async def test_one_chat_is_paced_at_about_one_message_a_second_after_a_short_burst() -> None:
    clock = FakeTime()
    pacer = Pacer(clock=clock.clock, sleep=clock.sleep)
    at: list[float] = []
    refused = await paced_sends(pacer, [42] * 8, telegram_like(clock, chat_burst=3), at, clock)
    assert refused == 0
    gaps = [b - a for a, b in itertools.pairwise(at[3:])]
    assert at[3] - at[0] == pytest.approx(1 / CHAT_RATE, rel=0.02)
    assert all(gap == pytest.approx(1 / CHAT_RATE, rel=0.02) for gap in gaps)


async def test_a_mix_of_busy_and_quiet_chats_never_trips_telegram_limits() -> None:
    clock = FakeTime()
    pacer = Pacer(clock=clock.clock, sleep=clock.sleep)
    rng = random.Random(7)
    chats = [rng.choice([1, 2, 3]) if rng.random() < 0.3 else rng.randrange(10, 10_000) for _ in range(400)]
    at: list[float] = []
    assert await paced_sends(pacer, chats, telegram_like(clock, chat_burst=3), at, clock) == 0


async def test_retry_after_pauses_and_tries_again() -> None:
    clock = FakeTime()
    limiter = PacedRateLimiter(Pacer(clock=clock.clock, sleep=clock.sleep))
    calls: list[float] = []

    async def callback(**_: Any) -> dict[str, Any]:
        calls.append(clock.now)
        if len(calls) == 1:
            raise RetryAfter(2)
        return {"ok": True}

    result = await limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert result == {"ok": True}
    assert calls[1] - calls[0] >= 2.0


async def test_retry_after_gives_up_after_the_retries() -> None:
    clock = FakeTime()
    limiter = PacedRateLimiter(Pacer(clock=clock.clock, sleep=clock.sleep), max_retries=1)

    async def callback(**_: Any) -> dict[str, Any]:
        raise RetryAfter(1)

    with pytest.raises(RetryAfter):
        await limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": 5}, None)


async def test_requests_that_send_nothing_are_not_paced() -> None:
    clock = FakeTime()
    pacer = Pacer(overall_rate=1.0, clock=clock.clock, sleep=clock.sleep)
    limiter = PacedRateLimiter(pacer)

    async def callback(**_: Any) -> bool:
        return True

    for _ in range(5):
        await limiter.process_request(callback, (), {}, "answerCallbackQuery", {"callback_query_id": "1"}, None)
    assert clock.sleeps == []


def test_chat_of_reads_ids_and_channel_names() -> None:
    assert chat_of({"chat_id": 12}) == 12
    assert chat_of({"chat_id": "-100"}) == -100
    assert chat_of({"chat_id": "@news"}) == "@news"
    assert chat_of({"text": "x"}) is None


async def test_idle_chat_buckets_are_forgotten() -> None:
    clock = FakeTime()
    pacer = Pacer(clock=clock.clock, sleep=clock.sleep)
    for chat_id in range(5_000):
        await pacer.wait_turn(chat_id)
    clock.now += 3600
    for chat_id in range(5_000, 10_000):
        await pacer.wait_turn(chat_id)
    assert pacer.tracked_chats() <= 5_001


# ---------------------------------------------------------------------------------------------- deliver ---


class Flaky:
    """A send that fails with the given errors first, then succeeds."""

    def __init__(self, *errors: Exception, result: Any = True) -> None:
        self.errors, self.result, self.calls = list(errors), result, 0

    async def __call__(self) -> Any:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return self.result


async def test_network_errors_are_retried_with_growing_backoff() -> None:
    clock = FakeTime()
    send = Flaky(NetworkError("connection reset"), NetworkError("connection reset"))
    assert await deliver(send, sleep=clock.sleep) is Outcome.SENT
    assert send.calls == 3
    assert clock.sleeps == [0.5, 1.0]


async def test_a_network_that_stays_down_fails_without_raising() -> None:
    clock = FakeTime()
    send = Flaky(*[NetworkError("down")] * 10)
    assert await deliver(send, sleep=clock.sleep) is Outcome.FAILED
    assert send.calls == 4


async def test_a_blocked_user_comes_back_as_blocked() -> None:
    assert await deliver(Flaky(Forbidden("Forbidden: bot was blocked by the user"))) is Outcome.BLOCKED


async def test_a_timeout_is_not_retried_so_a_reminder_is_never_doubled() -> None:
    send = Flaky(TimedOut())
    assert await deliver(send) is Outcome.FAILED
    assert send.calls == 1


async def test_a_refused_request_fails_once() -> None:
    send = Flaky(BadRequest("chat not found"))
    assert await deliver(send) is Outcome.FAILED
    assert send.calls == 1


async def test_retry_after_from_elsewhere_is_waited_out() -> None:
    clock = FakeTime()
    send = Flaky(RetryAfter(3))
    assert await deliver(send, sleep=clock.sleep) is Outcome.SENT
    assert clock.sleeps == [pytest.approx(3.1)]


async def test_a_sender_that_decides_nothing_is_needed() -> None:
    assert await deliver(Flaky(result=False)) is Outcome.NOT_NEEDED


# ------------------------------------------------------------------------ priorities, pauses, windows ---


@dataclass
class LateTime(FakeTime):
    """Virtual time whose sleepers wake up to ``lateness`` seconds late (a busy event loop)."""

    lateness: float = 0.05
    rng: random.Random = field(default_factory=lambda: random.Random(3))

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds + self.rng.uniform(0, self.lateness))


def most_in_a_window(times: list[float], window: float) -> int:
    """The most sends in any sliding window of ``window`` seconds (each window starting at a send)."""
    ordered = sorted(times)
    return max((bisect.bisect_left(ordered, start + window) - i for i, start in enumerate(ordered)), default=0)


async def mixed_load(pacer: Pacer, clock: FakeTime, seed: int) -> dict[tuple[Priority, int], list[float]]:
    """300 reminders to distinct chats and 150 replies to 15 chatting users, arriving over about 5 s; returns
    when each send went, by (priority, chat)."""
    rng = random.Random(seed)
    sent: dict[tuple[Priority, int], list[float]] = {}

    async def one(chat_id: int, priority: Priority, delay: float) -> None:
        await clock.sleep(delay)
        await pacer.wait_turn(chat_id, priority)
        sent.setdefault((priority, chat_id), []).append(clock.now)

    reminders = [one(10_000 + n, Priority.REMINDER, rng.uniform(0, 1)) for n in range(300)]
    replies = [one(rng.randrange(1, 16), Priority.REPLY, rng.uniform(0, 5)) for _ in range(150)]
    await asyncio.gather(*reminders, *replies)
    return sent


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_never_more_than_30_sends_in_any_sliding_second_under_mixed_load(seed: int) -> None:
    clock = LateTime()
    pacer = Pacer(clock=clock.clock, sleep=clock.sleep)
    sent = await mixed_load(pacer, clock, seed)
    every = [moment for times in sent.values() for moment in times]
    assert len(every) == 450
    assert most_in_a_window(every, 1.0) <= 30
    assert most_in_a_window(every, 10.0) >= 290  # and the budget is used: not paced far below the limit


@pytest.mark.parametrize("seed", [1, 2])
async def test_each_chat_keeps_to_about_one_message_a_second_under_mixed_load(seed: int) -> None:
    clock = LateTime()
    pacer = Pacer(clock=clock.clock, sleep=clock.sleep)
    sent = await mixed_load(pacer, clock, seed)
    per_chat: dict[int, list[float]] = {}
    for (_, chat_id), times in sent.items():
        per_chat.setdefault(chat_id, []).extend(times)
    for times in per_chat.values():
        for window in (1.0, 5.0, 30.0):  # a burst of 3 at most, then 0.95 a second
            assert most_in_a_window(times, window) <= CHAT_BURST + window * CHAT_RATE


async def test_a_reply_goes_before_the_reminders_already_waiting() -> None:
    clock = FakeTime()
    pacer = Pacer(clock=clock.clock, sleep=clock.sleep)
    order: list[str] = []

    async def send(name: str, chat_id: int, priority: Priority, delay: float = 0.0) -> None:
        await clock.sleep(delay)
        await pacer.wait_turn(chat_id, priority)
        order.append(name)

    reminders = [send(f"reminder {n}", 100 + n, Priority.REMINDER) for n in range(60)]
    await asyncio.gather(*reminders, send("reply", 1, Priority.REPLY, delay=0.1))
    assert order.index("reply") <= 8  # 0.1 s in: after the few reminders already gone, not after all 60


async def test_retry_after_on_one_chat_pauses_that_chat_only() -> None:
    clock = FakeTime()
    limiter = PacedRateLimiter(Pacer(clock=clock.clock, sleep=clock.sleep))
    sent: dict[int, list[float]] = {5: [], 6: []}
    held = [True]

    async def callback(chat_id: int, **_: Any) -> dict[str, Any]:
        if chat_id == 5 and held[0]:
            held[0] = False
            raise RetryAfter(30)
        sent[chat_id].append(clock.now)
        return {"ok": True}

    async def to(chat_id: int, delay: float) -> None:
        await clock.sleep(delay)
        data = {"chat_id": chat_id}
        await limiter.process_request(callback, (), data, "sendMessage", data, None)

    start = clock.now
    await asyncio.gather(to(5, 0), *(to(6, 0.5 + 1.1 * n) for n in range(5)))
    assert sent[5][0] - start >= 30
    assert sent[6][-1] - start < 7  # the other chat went on, one message a second


async def test_retry_after_that_names_no_chat_pauses_every_send() -> None:
    clock = FakeTime()
    limiter = PacedRateLimiter(Pacer(clock=clock.clock, sleep=clock.sleep))
    calls: list[float] = []

    async def callback(**_: Any) -> dict[str, Any]:
        calls.append(clock.now)
        if len(calls) == 1:
            raise RetryAfter(10)
        return {"ok": True}

    start = clock.now
    await limiter.process_request(callback, (), {}, "sendMediaGroup", {}, None)
    data = {"chat_id": 9}
    await limiter.process_request(callback, (), data, "sendMessage", data, None)
    assert calls[1] - start >= 10 and calls[2] - start >= 10


async def test_deliver_sends_as_a_reminder_and_leaves_the_caller_a_reply() -> None:
    seen: list[Priority] = []

    async def send() -> bool:
        seen.append(current_priority())
        return True

    assert await deliver(send) is Outcome.SENT
    assert seen == [Priority.REMINDER]
    assert current_priority() is Priority.REPLY


async def test_a_long_wait_for_a_chat_steps_aside_and_a_short_one_does_not() -> None:
    clock = FakeTime()
    stepped: list[float] = []

    @asynccontextmanager
    async def step_aside() -> AsyncIterator[None]:
        stepped.append(clock.now)
        yield

    limiter = PacedRateLimiter(Pacer(clock=clock.clock, sleep=clock.sleep), step_aside=step_aside)
    refused: set[int] = set()

    async def callback(chat_id: int, **_: Any) -> dict[str, Any]:
        if chat_id == 5 and chat_id not in refused:
            refused.add(chat_id)
            raise RetryAfter(30)
        return {"ok": True}

    for chat_id in (6, 6, 6, 6):  # a burst of 3, then a wait of about a second: not worth stepping aside
        data = {"chat_id": chat_id}
        await limiter.process_request(callback, (), data, "sendMessage", data, None)
    assert stepped == []
    start, data = clock.now, {"chat_id": 5}
    await limiter.process_request(callback, (), data, "sendMessage", data, None)
    assert stepped == [start]  # 30 s for that chat: the update steps aside while it waits
    assert clock.now - start >= 30


def _failing(errors: list[Exception]) -> tuple[list[int], Any]:
    """A request failing with ``errors`` in turn, then answering True; and the list of its tries."""
    tries: list[int] = []

    async def call() -> bool:
        tries.append(1)
        if len(tries) <= len(errors):
            raise errors[len(tries) - 1]
        return True

    return tries, call


def _connection_error() -> NetworkError:
    try:
        raise NetworkError("httpx.ConnectError: refused") from OSError("refused")
    except NetworkError as exc:
        return exc


async def test_a_reply_failing_on_a_5xx_or_the_network_is_tried_again_with_backoff() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    tries, call = _failing([NetworkError("Internal Server Error"), _connection_error()])
    assert await with_network_retries(call, sleep=sleep) is True
    assert (len(tries), waits) == (3, [0.5, 1.0])


@pytest.mark.parametrize(
    "error", [NetworkError("Request Entity Too Large"), TimedOut(), BadRequest("Message is not modified")]
)
async def test_a_refusal_or_a_timeout_is_not_tried_again(error: Exception) -> None:
    tries, call = _failing([error])
    with pytest.raises(type(error)):
        await with_network_retries(call, sleep=lambda _: asyncio.sleep(0))
    assert len(tries) == 1


async def test_tries_are_bounded() -> None:
    tries, call = _failing([NetworkError("Bad Gateway")] * 10)
    with pytest.raises(NetworkError):
        await with_network_retries(call, attempts=4, sleep=lambda _: asyncio.sleep(0))
    assert len(tries) == 4
