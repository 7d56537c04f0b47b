"""The webhook's reading of a body (depth, JSON, shape) and the metrics' labels."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telegram import CallbackQuery, Chat, Message, Update, User

from bot import metrics
from bot.web import MAX_DEPTH, read_update, within_depth


@pytest.mark.parametrize(("depth", "fits"), [(1, True), (MAX_DEPTH, True), (MAX_DEPTH + 1, False), (100_000, False)])
def test_nesting_is_measured_without_recursion(depth: int, fits: bool) -> None:
    assert within_depth(b"[" * depth + b"]" * depth) is fits


def test_brackets_inside_strings_do_not_count() -> None:
    body = b'{"update_id": 1, "message": {"text": "' + b"[{" * 100 + b'\\" [[[["}}'
    assert within_depth(body)


@pytest.mark.parametrize(
    "body", [b"", b"{", b"not json", b"[1, 2]", b'{"update_id": "1"}', b'{"message": {}}', b"\xff\xfe", b"1e999999"],
)
def test_what_is_not_an_update_is_none(body: bytes) -> None:
    assert read_update(body) is None


def test_an_update_is_read() -> None:
    assert read_update(b'{"update_id": 7, "message": {"text": "hi"}}') == {"update_id": 7, "message": {"text": "hi"}}


def test_an_update_label_says_what_it_is_never_what_it_says() -> None:
    user, when = User(5, "Alice", is_bot=False), datetime(2026, 12, 4, tzinfo=UTC)
    message = Message(1, when, Chat(5, Chat.PRIVATE), from_user=user, text="/pain 8")
    query = CallbackQuery("q", user, "c", message=message, data="pain:score:8")
    assert metrics.kind_of(Update(1, message=message)) is metrics.UpdateKind.COMMAND
    assert metrics.kind_of(Update(2, callback_query=query)) is metrics.UpdateKind.CALLBACK_QUERY
    assert metrics.kind_of(Update(3, edited_message=message)) is metrics.UpdateKind.EDITED_MESSAGE
    assert metrics.kind_of(object()) is metrics.UpdateKind.OTHER


def test_reminder_outcomes_are_counted() -> None:
    before = metrics.REMINDERS.labels("sent")._value.get()
    metrics.count_reminders(sent=3, failed=1, blocked=0, skipped=2)
    assert metrics.REMINDERS.labels("sent")._value.get() == before + 3
    assert b'backcoach_reminders_total{outcome="skipped"}' in metrics.exposition()
