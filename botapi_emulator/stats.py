"""Counters for tests and benchmarks: requests, accepted sends (with timestamps, per chat), 429s, 403s and uploads."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Stats"]


@dataclass
class _ChatStats:
    sends: int = 0
    too_many: int = 0
    forbidden: int = 0
    times: list[float] = field(default_factory=list)


@dataclass
class Stats:
    """All counters; every update is O(1), the summary is computed on demand."""

    requests: Counter[str] = field(default_factory=Counter)
    sends: int = 0
    too_many: int = 0
    forbidden: int = 0
    bad_requests: int = 0
    uploads: Counter[str] = field(default_factory=Counter)
    failed_uploads: int = 0
    send_times: list[float] = field(default_factory=list)
    chats: dict[int, _ChatStats] = field(default_factory=dict)

    def _chat(self, chat_id: int) -> _ChatStats:
        stats = self.chats.get(chat_id)
        if stats is None:
            stats = self.chats[chat_id] = _ChatStats()
        return stats

    def request(self, method: str) -> None:
        self.requests[method] += 1

    def sent(self, chat_id: int) -> None:
        stamp = time.time()
        self.sends += 1
        self.send_times.append(stamp)
        chat = self._chat(chat_id)
        chat.sends += 1
        chat.times.append(stamp)

    def uploaded(self, kind: str) -> None:
        """A file of ``kind`` came with a send as new bytes (a send by file_id is no upload)."""
        self.uploads[kind] += 1

    def upload_failed(self) -> None:
        self.failed_uploads += 1

    def rate_limited(self, chat_id: int) -> None:
        self.too_many += 1
        self._chat(chat_id).too_many += 1

    def blocked(self, chat_id: int) -> None:
        self.forbidden += 1
        self._chat(chat_id).forbidden += 1

    def max_per_second(self) -> int:
        """The most sends accepted within any one-second window."""
        best, start, times = 0, 0, self.send_times
        for end, stamp in enumerate(times):
            while stamp - times[start] >= 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best

    def summary(self, with_times: bool = False, per_chat: bool = True) -> dict[str, Any]:
        """All counters; ``per_chat=False`` leaves out the per-chat table (cheap to poll)."""
        times = self.send_times
        first, last = (times[0], times[-1]) if times else (None, None)
        chats: dict[str, Any] = {}
        for chat_id, chat in self.chats.items() if per_chat else ():
            entry: dict[str, Any] = {"sends": chat.sends, "too_many_requests": chat.too_many}
            entry |= {"forbidden": chat.forbidden}
            if chat.times:
                entry |= {"first_send": chat.times[0], "last_send": chat.times[-1]}
            if with_times:
                entry["send_times"] = chat.times
            chats[str(chat_id)] = entry
        return {
            "requests": sum(self.requests.values()),
            "requests_by_method": dict(self.requests),
            "sends": self.sends,
            "too_many_requests": self.too_many,
            "forbidden": self.forbidden,
            "bad_requests": self.bad_requests,
            "uploads": sum(self.uploads.values()),
            "uploads_by_kind": dict(self.uploads),
            "failed_uploads": self.failed_uploads,
            "first_send": first,
            "last_send": last,
            "max_sends_per_second": self.max_per_second(),
            "chats": chats,
        }
