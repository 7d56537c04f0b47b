"""Update ids: they only grow, and a queue can be told to number after ids a bot already holds."""

from __future__ import annotations

from botapi_emulator.state import UpdateQueue


def test_ids_grow_from_one() -> None:
    queue = UpdateQueue()
    assert [queue.push("message", {}), queue.push("message", {})] == [1, 2]


def test_numbering_after_a_stored_id_skips_past_it() -> None:
    queue = UpdateQueue()
    queue.number_after(41)
    assert queue.push("message", {}) == 42


def test_numbering_after_a_lower_id_never_goes_back() -> None:
    queue = UpdateQueue()
    for _ in range(5):
        queue.push("message", {})
    queue.number_after(2)
    assert queue.push("message", {}) == 6
