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
    hurts,
    language,
    lessons,
    lock,
    measures,
    membership,
    mydata,
    onboarding,
    pending,
    privacy,
    progress,
    reminders,
    report,
    session,
    settings,
    timer,
)
from conversations.pending import Readers
from usecases.questions import Flow

#: Who reads typed text: the flow that asked the pending question, then the reader for that question.
TEXT_READERS: Readers = {
    Flow.ONBOARDING: onboarding.TEXT_READERS,
    Flow.SESSION: {**session.TEXT_READERS, **hurts.TEXT_READERS},
    Flow.CHECKIN: checkin.TEXT_READERS,
    Flow.FLARE: flare.TEXT_READERS,
    Flow.SETTINGS: settings.TEXT_READERS,
    Flow.MEASURES: measures.TEXT_READERS,
}


def register_handlers(application: Application) -> None:  # type: ignore[type-arg]
    """Add the guards in front, then every flow's commands and buttons, the text router, fallbacks last.

    Groups run in order and a guard ends an update with ``ApplicationHandlerStop``. Within a group PTB runs
    only the first handler that matches: a flow's command or button gets the first look, typed text goes to
    the flow whose question is pending (``conversations.pending``), and a fallback answers only what is left.
    """
    # 0. The language of the user being answered, for every text of this update (group -20).
    application.add_handler(language.guard_handler(), group=language.GROUP)
    # 1. Private chats only (group -10): an update that is not from the user's own private chat (groups,
    #    channels, someone else's button, an edited message) ends there, untouched.
    application.add_handler(privacy.handler(), group=privacy.GROUP)
    # 2. The guard (group -1), on one read: a button pressed by someone the database does not know (before
    #    their first command, after /delete) is stale, nothing written (``known``); under an urgent red flag,
    #    only /help, /language, /export, /delete, /stop go on (``lock``).
    application.add_handler(lock.guard_handler(), group=lock.GUARD_GROUP)
    # 3. Every flow's commands and buttons (group 0); each button carries its own context in its data.
    flows = (
        onboarding, session, hurts, timer, checkin, flare, progress, report, lessons, measures, settings, mydata,
        reminders, language,
    )
    for flow in flows:
        application.add_handlers(flow.handlers())
    # 4. The bot's own membership changes; a press no flow took ("that message is from earlier").
    application.add_handlers([membership.handler(), *common.global_handlers()])
    # 4b. How a flow shows its pending question again, for a press whose reply may have been lost (the
    #     session's: "It hurts"'s questions, then the cards and the check-in right after, ``hurts.ask_again``).
    pending.REASKERS.update({
        Flow.ONBOARDING: onboarding.ask_again, Flow.SESSION: hurts.ask_again, Flow.CHECKIN: checkin.ask_again,
        Flow.FLARE: flare.ask_again, Flow.SETTINGS: settings.ask_again, Flow.MEASURES: measures.ask_again,
    })
    # 5. /cancel, /help and the one reader of typed text: to the flow whose question is pending.
    application.add_handlers(pending.handlers(TEXT_READERS))
    # 6. Whatever is left: unknown commands, stickers, photos, voice notes.
    application.add_handlers(fallbacks.handlers())
