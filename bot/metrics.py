"""Prometheus metrics (prometheus-client): what an operator watches, never who did what.

No label holds a user id, a chat id, a text or a health value: labels are small enums (the kind of update, the
outcome of a reminder, why an update was dropped). Served at ``/metrics`` by ``bot.web``.

- ``backcoach_updates_handled_total{kind}`` and ``backcoach_handler_seconds{kind}`` (a histogram): every update
  handled, timed from the moment it runs by the update processor (``bot.updates``);
- ``backcoach_updates_dropped_total{reason}``: updates not handled (a webhook body that is not an update, a
  handler that failed, the excess of a user's flood);
- ``backcoach_reminders_total{outcome}``: reminders sent, failed, blocked, skipped (``bot.scheduler``);
- ``backcoach_telegram_retry_after_total``: 429s from Telegram (``bot.delivery``);
- ``backcoach_database_errors_total``: database errors in handlers and in health checks;
- ``backcoach_inbox_depth``: updates stored in the inbox and not handled yet (``bot.inbox``), read when scraped.
"""

from __future__ import annotations

from enum import StrEnum

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from telegram import Update

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class UpdateKind(StrEnum):
    """The kind of an update, as a label."""

    MESSAGE = "message"
    COMMAND = "command"
    CALLBACK_QUERY = "callback_query"
    EDITED_MESSAGE = "edited_message"
    MEMBERSHIP = "my_chat_member"
    OTHER = "other"


class Dropped(StrEnum):
    """Why an update was not handled."""

    UNREADABLE = "unreadable"  # a webhook body that is not an update (400)
    HANDLER_FAILED = "handler_failed"
    FLOOD = "flood"  # a user sending faster than the flood limit: the excess (``bot.updates``)


class ReminderOutcome(StrEnum):
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"
    SKIPPED = "skipped"


UPDATES_HANDLED = Counter(
    "backcoach_updates_handled", "Updates handled, by kind", ["kind"], registry=REGISTRY
)
UPDATES_DROPPED = Counter(
    "backcoach_updates_dropped", "Updates not handled, by reason", ["reason"], registry=REGISTRY
)
HANDLER_SECONDS = Histogram(
    "backcoach_handler_seconds", "Time to handle one update, by kind", ["kind"], registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
REMINDERS = Counter("backcoach_reminders", "Reminders, by outcome", ["outcome"], registry=REGISTRY)
RETRY_AFTER = Counter("backcoach_telegram_retry_after", "429 answers (RetryAfter) from Telegram", registry=REGISTRY)
DATABASE_ERRORS = Counter("backcoach_database_errors", "Database errors", registry=REGISTRY)
INBOX_DEPTH = Gauge("backcoach_inbox_depth", "Updates stored and not handled yet", registry=REGISTRY)

for _kind in UpdateKind:  # every series exists from the start (a scrape sees zeros, not gaps)
    UPDATES_HANDLED.labels(_kind.value)
for _reason in Dropped:
    UPDATES_DROPPED.labels(_reason.value)
for _outcome in ReminderOutcome:
    REMINDERS.labels(_outcome.value)


def kind_of(update: object) -> UpdateKind:
    """The label of an update: what it is, never what it says."""
    if not isinstance(update, Update):
        return UpdateKind.OTHER
    if update.callback_query is not None:
        return UpdateKind.CALLBACK_QUERY
    if update.edited_message is not None:
        return UpdateKind.EDITED_MESSAGE
    if update.my_chat_member is not None:
        return UpdateKind.MEMBERSHIP
    if update.message is not None:
        text = update.message.text or ""
        return UpdateKind.COMMAND if text.startswith("/") else UpdateKind.MESSAGE
    return UpdateKind.OTHER


def count_reminders(sent: int, failed: int, blocked: int, skipped: int) -> None:
    """One tick's reminders."""
    for outcome, number in zip(ReminderOutcome, (sent, failed, blocked, skipped), strict=True):
        if number:
            REMINDERS.labels(outcome.value).inc(number)


def exposition() -> bytes:
    """The metrics in Prometheus' text format."""
    return generate_latest(REGISTRY)
