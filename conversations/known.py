"""Buttons of someone the database does not know: stale, whatever they say (handler group `GROUP`).

Every button belongs to a conversation with a user the database knows. A press from someone it does not know
(a button from before /delete, or a forged one) is answered as a stale button and goes no further: no flow
writes anything for a user who has no row (their answers would belong to nobody). Commands and text are not
stopped: /start, /screen and /pain record a new user themselves; nor is /delete's confirmation, which says
itself that the data is gone already (``conversations.mydata``).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, CallbackQueryHandler

from conversations.callbacks import Prefix
from conversations.context import services
from conversations.kit import Context, answer_press, pressed, user_id
from conversations.texts import common
from locales import _
from usecases.users import is_known

#: After the private-chat guard (-10), before the red-flag lock (-1).
GROUP = -5


async def guard(update: Update, context: Context) -> None:
    """A press from a user the database does not know: the stale answer, and nothing else."""
    press = pressed(update)
    if press is not None and press.flow == Prefix.DELETE:
        return
    if update.effective_user is None or await is_known(services(context).db, user_id(update)):
        return
    await answer_press(update, _(common.STALE_BUTTON))
    raise ApplicationHandlerStop


def handler() -> BaseHandler[Update, Any, Any]:
    """The guard, for every button press (register it in group `GROUP`)."""
    return CallbackQueryHandler(guard)
