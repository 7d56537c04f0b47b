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
    lock,
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
    """Add the guards in front, then every flow's handlers to one group, fallbacks last.

    Groups run in order and a guard ends an update with ``ApplicationHandlerStop``: the red-flag lock
    (``lock.GUARD_GROUP``) answers everything but /help, /export, /delete and /stop while an urgent flag is
    open. Within a group PTB runs only the first handler that matches, so a flow always gets the first look
    and a fallback answers only what no flow took.
    """
    # 1. Private chats only (group -10): an update that is not from the user's own private chat (groups,
    #    channels, someone else's button, an edited message) ends there, untouched.
    application.add_handler(privacy.handler(), group=privacy.GROUP)
    # 2. The red-flag lock (group -1): under an urgent flag, only /help, /export, /delete, /stop go on.
    application.add_handler(lock.guard_handler(), group=lock.GUARD_GROUP)
    # 3. The flows, then the fallbacks (group 0).
    flows = (onboarding, session, checkin, flare, progress, settings, mydata, reminders, welcome)
    for flow in flows:
        for handler in flow.handlers():
            application.add_handler(handler)
    for handler in [membership.handler(), *common.global_handlers(), *fallbacks.handlers()]:
        application.add_handler(handler)
