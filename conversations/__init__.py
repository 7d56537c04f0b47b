"""Telegram flows: one module per flow, thin handlers that parse input, call `coach/`, store, and reply.

`register_handlers` is the one place that wires every flow into a PTB `Application`, in priority order.
The texts each flow shows live in `conversations/texts/`, one module per flow.
"""

from __future__ import annotations

from telegram.ext import Application

from conversations import (
    checkin,
    common,
    fallbacks,
    flare,
    membership,
    mydata,
    onboarding,
    privacy,
    progress,
    reminders,
    session,
    settings,
    welcome,
)


def register_handlers(application: Application) -> None:  # type: ignore[type-arg]
    """Add every flow's handlers to one group, fallbacks last, behind the private-chat guard.

    Within a group PTB runs only the first handler that matches, so a flow always gets the first look and a
    fallback answers only what no flow took.
    """
    # Private chats only: group -10 runs before every other group; an update that is not from the user's own
    # private chat (groups, channels, someone else's button, an edited message) ends there, untouched.
    application.add_handler(privacy.handler(), group=privacy.GROUP)
    flows = (onboarding, session, checkin, flare, progress, settings, mydata, reminders, welcome)
    for flow in flows:
        for handler in flow.handlers():
            application.add_handler(handler)
    for handler in [membership.handler(), *common.global_handlers(), *fallbacks.handlers()]:
        application.add_handler(handler)
