"""/start's greetings: say plainly what BackCoach is and is not (/help is ``conversations.pending.show_help``).

/start itself is the entry point of the onboarding conversation (conversations/onboarding.py), which records
the user, works out from the database where they are, and then either asks the onboarding question they are
on (with :func:`first_welcome` above it for someone new) or greets them here: :func:`welcome_back` for an
onboarded user. A user with an open red flag gets the lock's message (``conversations.lock``).
"""

from __future__ import annotations

from telegram import Update

from conversations.kit import reply
from conversations.texts import common
from locales import _


def first_welcome(name: str, *, returning: bool) -> str:
    """What the bot is and is not, above the first onboarding question (``name`` already HTML-escaped)."""
    template = _(common.WELCOME_BACK) if returning else _(common.WELCOME)
    return template.format(name=name)


async def welcome_back(update: Update, name: str) -> None:
    """An onboarded user: what to do next."""
    await reply(update, _(common.WELCOME_BACK_READY).format(name=name))
