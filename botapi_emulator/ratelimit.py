"""Token buckets for Telegram-like flood limits: one overall bucket and one per chat.

``RateLimiter.acquire`` is O(1): it touches the overall bucket and the bucket of one chat. A limit of
``None`` disables it. When a send does not fit, nothing is consumed and the caller answers 429 with
``retry_after`` rounded up to whole seconds (at least 1), as Telegram does.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

__all__ = ["RateLimiter", "TokenBucket"]

Clock = Callable[[], float]
_EPSILON = 1e-9  # float refills (e.g. 30 x 1/30 s) must not miss a whole token by a rounding error


class TokenBucket:
    """A bucket of ``burst`` tokens refilled at ``rate`` tokens per second."""

    __slots__ = ("burst", "rate", "stamp", "tokens")

    def __init__(self, rate: float, burst: float, now: float) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = float(burst)
        self.tokens = float(burst)
        self.stamp = now

    def _refill(self, now: float) -> None:
        if now > self.stamp:
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0.0 when one is available now)."""
        self._refill(now)
        return 0.0 if self.tokens >= 1.0 - _EPSILON else (1.0 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        """Consume one token (call only after ``wait_time(now) == 0``)."""
        self._refill(now)
        self.tokens = max(self.tokens - 1.0, 0.0)

    def is_full(self, now: float) -> bool:
        """Whether the bucket is back to its full burst (so it can be forgotten)."""
        self._refill(now)
        return self.tokens >= self.burst


def _check_limit(rate: float | None, burst: int) -> None:
    if rate is not None and (not isinstance(rate, int | float) or rate < 0):
        raise ValueError(f"a rate must be a positive number or None, not {rate!r}")
    if not isinstance(burst, int) or isinstance(burst, bool) or burst < 1:
        raise ValueError(f"a burst must be an integer >= 1, not {burst!r}")


class RateLimiter:
    """The overall limit plus a per-chat limit; either may be ``None`` (disabled)."""

    def __init__(
        self,
        global_rate: float | None = 30.0,
        global_burst: int = 30,
        chat_rate: float | None = 1.0,
        chat_burst: int = 3,
        clock: Clock = time.monotonic,
    ) -> None:
        _check_limit(global_rate, global_burst)
        _check_limit(chat_rate, chat_burst)
        self.clock = clock
        self.global_rate = global_rate
        self.global_burst = global_burst
        self.chat_rate = chat_rate
        self.chat_burst = chat_burst
        self._global: TokenBucket | None = None
        self._chats: dict[int, TokenBucket] = {}
        self.reset()

    def reset(self) -> None:
        """Refill every bucket (after a configuration change)."""
        now = self.clock()
        self._global = TokenBucket(self.global_rate, self.global_burst, now) if self.global_rate else None
        self._chats.clear()

    def _chat_bucket(self, chat_id: int, now: float) -> TokenBucket | None:
        if not self.chat_rate:
            return None
        bucket = self._chats.get(chat_id)
        if bucket is None:
            bucket = self._chats[chat_id] = TokenBucket(self.chat_rate, self.chat_burst, now)
        return bucket

    def acquire(self, chat_id: int) -> int:
        """Take one send for ``chat_id``; return 0 on success, else ``retry_after`` seconds (>= 1)."""
        now = self.clock()
        chat = self._chat_bucket(chat_id, now)
        wait = max(
            self._global.wait_time(now) if self._global else 0.0,
            chat.wait_time(now) if chat else 0.0,
        )
        if wait > 0:
            return max(1, math.ceil(wait))
        if self._global:
            self._global.take(now)
        if chat:
            chat.take(now)
        return 0
