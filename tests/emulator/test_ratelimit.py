"""Unit tests of the token buckets behind the 429 answers."""

from __future__ import annotations

import pytest

from botapi_emulator.ratelimit import RateLimiter, TokenBucket


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_burst_then_waits() -> None:
    bucket = TokenBucket(rate=1.0, burst=3, now=0.0)
    for _ in range(3):
        assert bucket.wait_time(0.0) == 0.0
        bucket.take(0.0)
    assert bucket.wait_time(0.0) == pytest.approx(1.0)
    assert bucket.wait_time(0.5) == pytest.approx(0.5)
    assert bucket.wait_time(1.0) == 0.0


def test_bucket_never_exceeds_burst() -> None:
    bucket = TokenBucket(rate=10.0, burst=2, now=0.0)
    assert bucket.is_full(100.0)
    assert bucket.tokens == 2


def test_bucket_rejects_bad_settings() -> None:
    with pytest.raises(ValueError):
        TokenBucket(rate=0, burst=1, now=0)


def test_per_chat_limit_and_retry_after() -> None:
    clock = FakeClock()
    limiter = RateLimiter(global_rate=None, chat_rate=1.0, chat_burst=3, clock=clock)
    assert [limiter.acquire(7) for _ in range(3)] == [0, 0, 0]
    assert limiter.acquire(7) == 1
    assert limiter.acquire(8) == 0  # other chats are independent
    clock.now += 1.0
    assert limiter.acquire(7) == 0


def test_retry_after_rounds_up() -> None:
    clock = FakeClock()
    limiter = RateLimiter(global_rate=None, chat_rate=0.2, chat_burst=1, clock=clock)
    assert limiter.acquire(1) == 0
    assert limiter.acquire(1) == 5
    clock.now += 4.5
    assert limiter.acquire(1) == 1


def test_global_limit_spans_chats() -> None:
    clock = FakeClock()
    limiter = RateLimiter(global_rate=30.0, global_burst=30, chat_rate=1.0, chat_burst=1, clock=clock)
    results = [limiter.acquire(chat_id) for chat_id in range(31)]
    assert results[:30] == [0] * 30
    assert results[30] == 1
    clock.now += 1 / 30
    assert limiter.acquire(31) == 0


def test_rejected_send_consumes_nothing() -> None:
    clock = FakeClock()
    limiter = RateLimiter(global_rate=1.0, global_burst=1, chat_rate=1.0, chat_burst=5, clock=clock)
    assert limiter.acquire(1) == 0
    assert limiter.acquire(1) == 1  # global is empty: the chat bucket must keep its tokens
    clock.now += 1.0
    assert limiter.acquire(1) == 0


def test_none_disables_limits() -> None:
    limiter = RateLimiter(global_rate=None, chat_rate=None)
    assert all(limiter.acquire(1) == 0 for _ in range(1000))


@pytest.mark.parametrize(("rate", "burst"), [(1.0, 0), (-1.0, 1), (1.0, None), ("fast", 1)])
def test_limiter_rejects_bad_settings(rate: object, burst: object) -> None:
    with pytest.raises(ValueError):
        RateLimiter(chat_rate=rate, chat_burst=burst)  # type: ignore[arg-type]
