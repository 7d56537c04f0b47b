"""Buttons of someone the database does not know: stale, whatever they say.

Every button belongs to a conversation with a user the database knows. A press from someone it does not know
(a button from before /delete, or a forged one) is answered as a stale button and goes no further: no flow
writes anything for a user who has no row (their answers would belong to nobody). Commands and text are not
stopped: /start, /screen and /pain record a new user themselves; nor is /delete's confirmation, which says
itself that the data is gone already (``conversations.mydata``). The guard in front of every flow
(``conversations.lock.guard``) asks :func:`applies` and, for a user it does not know, :func:`turn_away`: whether
the user is known comes with the lock's read, in one statement (``usecases.lock.standing``).

The pop-up stays plain, unlike a flow's stale answer (``kit.answer_stale``): nothing can be asked of a user the
database does not know (their pending question's row belongs to their user row), so there is no question to
show again after it.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from conversations.callbacks import Prefix
from conversations.kit import answer_press, pressed
from conversations.texts import common
from locales import _


def applies(update: Update) -> bool:
    """Does the check apply: a button press (but /delete's confirmation, which says itself the data is gone)?"""
    press = pressed(update)
    return update.callback_query is not None and (press is None or press.flow != Prefix.DELETE)


async def turn_away(update: Update) -> None:
    """A press from a user the database does not know: the stale answer, and nothing else."""
    await answer_press(update, _(common.STALE_BUTTON))
    raise ApplicationHandlerStop
