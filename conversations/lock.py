"""The red-flag lock as the user sees it (clinical.md s. 2, "Locks"): its messages and the guard.

Raising, clearing and reading a flag are use cases (``usecases.lock``): a flag is raised in the unit of work
that stores the answer (onboarding's screen, the urgent questions of /pain and of a session's "It hurts").
While a flag is open the programme is locked (``reminder_rows.is_locked``): no plan, and no reminder of any
kind (the ticker checks at fire time).

An **urgent** flag (emergency care now, a doctor today: ``coach.screening.is_urgent``) also puts :func:`guard`
in front of every flow: every command, message and button gets what the user reported and when, the advice
with their country's emergency number, and the clearance question; only /help, /language and /delete (with
their buttons), /export, /stop and the clearance buttons themselves go through. The one way out is onboarding's
clearance question (``ob:clr:yes:<flag>``, its ``Step.CLEARED``): the user's statement that a clinician examined them
after the flag's date and cleared exercise, recorded with both dates and their words
(``usecases.lock.clear_flags`` with :func:`clearance_words`). A non-urgent flag ("see a doctor before
starting") keeps the softer path: no plan and no reminders, but the other commands work; it lifts the same
way, never without that statement.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from coach.screening import decision_advice
from conversations import callbacks, keyboards, known
from conversations.context import services
from conversations.kit import Context, reply
from conversations.texts import lock as texts
from locales import _
from usecases.lock import Lock, standing, urgent_lock

#: The clearance question is onboarding's (``Step.CLEARED``): ``ob:clr:<yes|no>:<flag ref>``.
CLEARANCE_FLOW, CLEARANCE_ACTION = "ob", "clr"
#: What a user under an urgent lock can still do: read help, take or delete their data, stop messages, and
#: choose the language the advice is in.
OPEN_COMMANDS = frozenset({"help", "export", "delete", "stop", "language"})
#: Buttons that work under an urgent lock, as (flow, action); None: every action of the flow.
OPEN_BUTTONS = frozenset({("del", None), ("lang", None), (CLEARANCE_FLOW, CLEARANCE_ACTION)})
#: The guard runs before every flow's group (0) and after the private-chat filter (-10).
GUARD_GROUP = -1


def clearance_words(lock: Lock) -> str:
    """What the user states by pressing "yes" to the clearance question, as it is recorded."""
    return _(texts.CLEARANCE_WORDS).format(date=texts.day_text(lock.raised_on))


def advice(lock: Lock) -> str:
    """The neutral advice for this lock, with the user's emergency number."""
    return decision_advice(lock.decision, lock.numbers, has_programme=lock.has_programme)


def flagged_message(lock: Lock) -> str:
    """Right after the flag was raised: the advice and how to come back (no buttons yet)."""
    return f"{advice(lock)}\n\n{_(texts.WAY_FORWARD_LATER)}"


def lock_message(lock: Lock, prefix: str = "") -> tuple[str, InlineKeyboardMarkup]:
    """Later (any command, /start, /screen): what they reported and when, the advice, the clearance question."""
    day = texts.day_text(lock.raised_on)
    parts = [
        prefix,
        texts.reported_list(lock.question_ids, lock.raised_on),
        advice(lock),
        _(texts.CLEARANCE_QUESTION).format(date=day),
    ]
    return "\n\n".join(part for part in parts if part), clearance_markup(lock)


def clearance_markup(lock: Lock) -> InlineKeyboardMarkup:
    """The two answers to the clearance question, naming the flag they answer."""
    def data(answer: str) -> str:
        return callbacks.make(CLEARANCE_FLOW, CLEARANCE_ACTION, answer, lock.flag_ref)

    return keyboards.choices([[(_(texts.CLEARED_BUTTON), data("yes"))], [(_(texts.NOT_YET_BUTTON), data("no"))]])


def not_yet_message(lock: Lock) -> str:
    """"Not yet": the lock stays; the advice again and how to come back. Nothing else is offered."""
    return f"{_(texts.NOT_YET)}\n\n{advice(lock)}\n\n{_(texts.NOT_YET_AFTER)}"


# --------------------------------------------------------------------------------------- the guard ---


def _goes_through(update: Update) -> bool:
    """The commands and buttons that work under an urgent lock."""
    message, query = update.message, update.callback_query
    if query is not None:
        pressed = callbacks.parse(query.data)
        return pressed is not None and bool({(pressed.flow, None), (pressed.flow, pressed.action)} & OPEN_BUTTONS)
    text = (message.text or "") if message is not None else ""
    if not text.startswith("/"):
        return False
    command = text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else ""
    return command in OPEN_COMMANDS


async def guard(update: Update, context: Context) -> None:
    """In front of every flow: a press from an unknown user is stale (``conversations.known``); under an urgent
    lock, anything but the open commands gets the lock message. Both from one read (``usecases.lock.standing``)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        return
    checks_known = known.applies(update)
    checks_lock = (update.message is not None or update.callback_query is not None) and not _goes_through(update)
    if not (checks_known or checks_lock):
        return
    svc = services(context)
    facts = await standing(svc.db, user.id)
    if checks_known and not facts.known:
        await known.turn_away(update)
    lock = await urgent_lock(svc.db, user.id, svc.default_timezone) if checks_lock and facts.urgent else None
    if lock is None:
        return
    if update.callback_query is not None:
        try:
            await update.callback_query.answer()
        except TelegramError:
            pass  # the lock message below is what matters
    text, markup = lock_message(lock)
    await reply(update, text, markup)
    raise ApplicationHandlerStop


def guard_handler() -> BaseHandler[Update, Context, None]:
    """The guard as a handler for every update (registered in ``GUARD_GROUP``)."""
    return TypeHandler(Update, guard)
