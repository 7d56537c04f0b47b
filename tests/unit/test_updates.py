"""The update processor: users at once, one user's updates in order, a bound, floods dropped (``bot.updates``).

The processor is driven as PTB drives it: one task per update, started in the order the updates arrived, each
awaiting ``process_update`` with the coroutine that would handle it.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest
from telegram import Chat, Message, Update, User

from bot import metrics
from bot.settings import ConfigError, load_settings
from bot.updates import FloodGuard, PerUserUpdateProcessor, Verdict, lane_key, waiting_aside

_ids = itertools.count(1)


def update_from(user_id: int | None, chat_id: int | None = None, chat_type: str = Chat.PRIVATE) -> Update:
    """A text message from ``user_id`` (None: a channel post, which has no user)."""
    chat = Chat(id=chat_id or user_id or -100, type=Chat.CHANNEL if user_id is None else chat_type)
    sender = User(id=user_id, first_name="Test", is_bot=False) if user_id is not None else None
    message = Message(message_id=next(_ids), date=datetime.now(UTC), chat=chat, from_user=sender, text="hi")
    if user_id is None:
        return Update(update_id=next(_ids), channel_post=message)
    return Update(update_id=next(_ids), message=message)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def dropped_floods() -> float:
    value = metrics.REGISTRY.get_sample_value("backcoach_updates_dropped_total", {"reason": "flood"})
    return value or 0.0


async def feed(processor: PerUserUpdateProcessor, work: list[tuple[Update, Callable[[], Awaitable[None]]]]) -> None:
    """Start one task per update in order (as PTB does) and wait for them all."""
    tasks = [asyncio.create_task(processor.process_update(update, job())) for update, job in work]
    await asyncio.gather(*tasks)


async def test_a_slow_user_does_not_hold_up_another() -> None:
    processor = PerUserUpdateProcessor(4)
    release = asyncio.Event()
    done: list[str] = []

    async def slow() -> None:
        await release.wait()
        done.append("alice")

    async def quick() -> None:
        done.append("bob")
        release.set()

    await asyncio.wait_for(feed(processor, [(update_from(1), slow), (update_from(2), quick)]), 5)
    assert done == ["bob", "alice"]


async def test_one_users_updates_run_one_at_a_time_in_arrival_order() -> None:
    processor = PerUserUpdateProcessor(8)
    running: set[int] = set()
    order: list[int] = []
    overlap = False

    def job(n: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            nonlocal overlap
            overlap = overlap or bool(running)
            running.add(n)
            for _ in range(10 - n):  # the earlier, the slower: a race would reorder them
                await asyncio.sleep(0)
            order.append(n)
            running.discard(n)
        return run

    await feed(processor, [(update_from(7), job(n)) for n in range(10)])
    assert order == list(range(10))
    assert not overlap
    assert processor.lanes() == 0  # the lane went with its last update


async def test_no_more_than_the_bound_run_at_once_and_the_rest_still_run() -> None:
    processor = PerUserUpdateProcessor(3)
    running = 0
    most = 0

    async def job() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        for _ in range(5):
            await asyncio.sleep(0)
        running -= 1

    await feed(processor, [(update_from(user), job) for user in range(1, 21)])
    assert most == 3


async def test_updates_without_a_user_share_one_lane() -> None:
    processor = PerUserUpdateProcessor(8)
    order: list[int] = []

    def job(n: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            for _ in range(5 - n):
                await asyncio.sleep(0)
            order.append(n)
        return run

    await feed(processor, [(Update(update_id=next(_ids)), job(n)) for n in range(5)])  # no user, no chat
    assert order == list(range(5))
    assert lane_key(Update(update_id=next(_ids))) is None
    assert lane_key(update_from(None)) == -100  # a channel post: its channel's lane
    assert lane_key(update_from(5, chat_id=-42, chat_type=Chat.GROUP)) == 5


async def test_a_flood_is_dropped_with_one_notice_and_another_user_is_untouched() -> None:
    clock = Clock()
    notices: list[int] = []

    async def on_flood(update: Update) -> None:
        assert update.effective_user is not None
        notices.append(update.effective_user.id)

    processor = PerUserUpdateProcessor(4, flood=FloodGuard(20, 10.0, clock), on_flood=on_flood)
    handled: list[int] = []

    def job(user: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            handled.append(user)
        return run

    before = dropped_floods()
    work = [(update_from(2), job(2)) for _ in range(60)]
    for n in range(15):  # under the limit, in the middle of the other's flood
        work.insert(4 * n, (update_from(1), job(1)))
    await feed(processor, work)
    assert handled.count(1) == 15
    assert handled.count(2) == 20 and notices == [2]
    assert dropped_floods() - before == 40
    clock.now += 10.0  # quiet for the window: welcome back, and a new flood is a new notice
    await feed(processor, [(update_from(2), job(2)) for _ in range(21)])
    assert handled.count(2) == 40 and notices == [2, 2]


async def test_a_flood_notice_comes_after_the_replies_to_what_was_accepted() -> None:
    clock = Clock()
    events: list[str] = []

    async def on_flood(update: Update) -> None:
        events.append("slow down")

    processor = PerUserUpdateProcessor(4, flood=FloodGuard(3, 10.0, clock), on_flood=on_flood)

    async def job() -> None:
        await asyncio.sleep(0)
        events.append("reply")

    await feed(processor, [(update_from(3), job) for _ in range(6)])
    assert events == ["reply", "reply", "reply", "slow down"]


def test_flood_guard_counts_arrivals_in_a_sliding_window() -> None:
    clock = Clock()
    guard = FloodGuard(3, 1.0, clock)
    verdicts = []
    for step in (0.0, 0.3, 0.3, 0.3, 0.3, 0.5):
        clock.now += step
        verdicts.append(guard.admit(9))
    assert verdicts == [Verdict.ACCEPT] * 3 + [Verdict.FIRST_DROP, Verdict.DROP, Verdict.ACCEPT]


def test_flood_guard_forgets_quiet_users() -> None:
    clock = Clock()
    guard = FloodGuard(5, 1.0, clock)
    for user in range(5_000):
        guard.admit(user)
        clock.now += 0.001
    clock.now += 2.0
    for user in range(5_000, 6_000):
        guard.admit(user)
    assert guard.tracked_users() <= 1_000


def test_settings_refuse_a_bound_below_one() -> None:
    with pytest.raises(ValueError):
        PerUserUpdateProcessor(0)
    with pytest.raises(ValueError):
        FloodGuard(0, 1.0)


async def test_an_update_waiting_aside_lets_another_user_run_in_its_place() -> None:
    processor = PerUserUpdateProcessor(1)
    other_ran = asyncio.Event()
    order: list[str] = []

    async def held_chat() -> None:
        async with waiting_aside():  # its chat must wait (Telegram's retry_after): the one place is free
            await other_ran.wait()
        order.append("held chat answered")

    async def other() -> None:
        order.append("other answered")
        other_ran.set()

    await asyncio.wait_for(feed(processor, [(update_from(1), held_chat), (update_from(2), other)]), 5)
    assert order == ["other answered", "held chat answered"]


async def test_a_task_started_by_an_update_cannot_give_its_place_away() -> None:
    processor = PerUserUpdateProcessor(1)
    running = 0
    most = 0

    async def background() -> None:
        async with waiting_aside():  # not the update's own task: nothing to give
            await asyncio.sleep(0)

    async def job() -> None:
        nonlocal running, most
        await asyncio.create_task(background())
        running += 1
        most = max(most, running)
        for _ in range(3):
            await asyncio.sleep(0)
        running -= 1

    await feed(processor, [(update_from(user), job) for user in range(1, 6)])
    assert most == 1


def test_the_settings_bound_concurrency_and_floods_and_name_a_wrong_value() -> None:
    settings = load_settings()
    assert (settings.max_concurrent_updates, settings.flood_updates, settings.flood_seconds) == (16, 20, 10.0)
    with pytest.raises(ConfigError, match="MAX_CONCURRENT_UPDATES"):
        load_settings(max_concurrent_updates=0)
    with pytest.raises(ConfigError, match="FLOOD_SECONDS"):
        load_settings(flood_seconds=0)
