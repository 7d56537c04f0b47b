"""Telegram flows: one module per flow, thin handlers that parse input, call `coach/`, store, and reply.

`register_handlers` is the one place that wires every flow into a PTB `Application`, in priority order.
The texts each flow shows live in `conversations/texts/`, one module per flow.
"""

from __future__ import annotations

from telegram.ext import Application

from conversations import fallbacks, membership, welcome


def register_handlers(application: Application) -> None:  # type: ignore[type-arg]
    """Add every flow's handlers; fallbacks go last so a flow always gets the first look."""
    for handler in welcome.handlers():
        application.add_handler(handler)
    application.add_handler(membership.handler())
    for handler in fallbacks.handlers():
        application.add_handler(handler, group=fallbacks.GROUP)
