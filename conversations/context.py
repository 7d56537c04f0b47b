"""What every handler can reach besides the update: the database, the clock, the settings they need, and the
card pictures ready to send.

The bot wiring builds one `Services` and puts it in `application.bot_data`; handlers get it with
`services(context)`. Keeping the clock here lets tests run reminders and check-ins at any instant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext

from coach.schedule import DEFAULT_TIMEZONE
from storage.database import Database

if TYPE_CHECKING:  # the pictures (and Pillow) are imported only where the bot shows them
    from pictures.shelf import Shelf

SERVICES_KEY = "backcoach.services"


def utc_now() -> datetime:
    """The real clock: an aware UTC instant."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Services:
    """The shared things a handler needs."""

    db: Database
    default_timezone: str = DEFAULT_TIMEZONE
    clock: Callable[[], datetime] = field(default=utc_now)
    timer_tick_seconds: float | None = None  # real seconds between timer redraws; None: real time (tests: 0)
    #: The card animations ready to send (None: cards go out as text); see ``conversations.card_delivery``.
    pictures: Shelf | None = None


def services(context: CallbackContext[Any, Any, Any, Any]) -> Services:
    """The `Services` the application was built with."""
    found = context.application.bot_data[SERVICES_KEY]
    assert isinstance(found, Services)
    return found
