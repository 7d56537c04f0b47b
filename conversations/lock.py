"""The red-flag lock (clinical.md s. 2, "Locks"): raising a flag, the lock as the user sees it, and the guard.

A flag is raised in the unit of work that stores the answer (onboarding's screen, the urgent questions of /pain
and of a session's "It hurts"): the profile's ``screening_outcome`` names the decision, ``red_flag_cleared_at``
is emptied and a ``red_flags`` row keeps which questions and when. While a flag is open the programme is locked
(``reminder_rows.is_locked``): no plan, and no reminder of any kind (the ticker checks at fire time).

An **urgent** flag (emergency care now, a doctor today: ``coach.screening.is_urgent``) also puts :func:`guard`
in front of every flow: every command, message and button gets what the user reported and when, the advice
with their country's emergency number, and the clearance question; only /help, /export, /delete (with its
buttons), /stop and the clearance buttons themselves go through. The one way out is onboarding's clearance
question (``ob:clr:yes:<flag>``, its ``Step.CLEARED``): the user's statement that a clinician examined them
after the flag's date and cleared exercise, recorded with both dates and their words (:func:`clear_flags`).
A non-urgent flag ("see a doctor before starting") keeps the softer path: no plan and no reminders, but the
other commands work; it lifts the same way, never without that statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from coach.emergency import EmergencyNumbers, country_of, numbers_for
from coach.screening import Answer, Decision, decision_advice, decision_of_flags, is_urgent
from conversations import callbacks, keyboards
from conversations.context import services
from conversations.kit import Context, reply
from conversations.texts import lock as texts
from storage import models
from storage.repositories import profiles, red_flags, screening, users
from usecases.records import decision_value, screening_decision, user_zone
from usecases.reminder_rows import is_locked, write_session_reminder

#: The clearance question is onboarding's (``Step.CLEARED``): ``ob:clr:<yes|no>:<flag ref>``.
CLEARANCE_FLOW, CLEARANCE_ACTION = "ob", "clr"
#: What a user under an urgent lock can still do: read help, take or delete their data, stop messages.
OPEN_COMMANDS = frozenset({"help", "export", "delete", "stop"})
#: Buttons that work under an urgent lock, as (flow, action); None: every action of the flow.
OPEN_BUTTONS = frozenset({("del", None), (CLEARANCE_FLOW, CLEARANCE_ACTION)})
#: The guard runs before every flow's group (0) and after the private-chat filter.
GUARD_GROUP = -1


@dataclass(frozen=True)
class Lock:
    """An open red flag as the user is told about it."""

    decision: Decision
    question_ids: tuple[str, ...]
    raised_on: date  # the user's local date the flag was raised
    flag_ref: int  # the newest open flag's id: a clearance button names it, so an older button is stale
    numbers: EmergencyNumbers
    has_programme: bool

    @property
    def urgent(self) -> bool:
        return is_urgent(self.decision)


# ----------------------------------------------------------------------------------- raising, clearing ---


async def raise_flag(
    session: AsyncSession,
    user_id: int,
    question_ids: tuple[str, ...],
    *,
    source: str,
    now: datetime,
    **profile_changes: object,
) -> models.Profile:
    """Lock the programme for these flagged questions: profile, flag row and session reminder in one unit."""
    decision = decision_value(decision_of_flags(question_ids))
    await red_flags.raise_flag(
        session, user_id=user_id, decision=decision, question_ids=question_ids, source=source, now=now
    )
    profile = await profiles.update_profile(
        session, user_id, now=now, screening_outcome=decision, screened_at=now, red_flag_cleared_at=None,
        **profile_changes,
    )
    await write_session_reminder(session, profile, now=now)
    return profile


async def clear_flags(session: AsyncSession, user_id: int, lock: Lock, now: datetime) -> models.Profile:
    """The user said a clinician examined them after the flag and cleared exercise: record it, lift the lock."""
    words = texts.CLEARANCE_WORDS.format(date=texts.day_text(lock.raised_on))
    await red_flags.clear_open_flags(session, user_id, clearance=words, now=now)
    profile = await profiles.update_profile(session, user_id, now=now, red_flag_cleared_at=now)
    await write_session_reminder(session, profile, now=now)
    return profile


async def cleared_question_ids(session: AsyncSession, user_id: int) -> frozenset[str]:
    """Every question a clinician has already cleared for this user (from the recorded clearances)."""
    flags = await red_flags.all_flags(session, user_id)
    return frozenset(qid for flag in flags if flag.cleared_at is not None for qid in flag.question_ids.split(","))


# ---------------------------------------------------------------------------------------- the lock ---


async def load_lock(session: AsyncSession, user_id: int, default_timezone: str) -> Lock | None:
    """The user's open flag as they are told about it, or None when nothing is locked."""
    profile = await profiles.get_profile(session, user_id)
    if profile is None or not is_locked(profile):
        return None
    return await _lock_of(session, profile, default_timezone)


async def _lock_of(session: AsyncSession, profile: models.Profile, default_timezone: str) -> Lock:
    flags = await red_flags.open_flags(session, profile.user_id)
    if flags:
        ids = tuple(dict.fromkeys(qid for flag in flags for qid in flag.question_ids.split(",") if qid))
        raised_at, ref = flags[0].raised_at, flags[-1].id or 0
    else:  # flagged before flags had rows: the stored answers and the screening time say the same
        answers = await screening.answers_for_user(session, profile.user_id)
        ids = tuple(qid for qid, row in answers.items() if row.answer != Answer.NO.value)
        raised_at, ref = profile.screened_at or profile.updated_at, 0
    user = await users.get_user(session, profile.user_id)
    zone = user_zone(profile, default_timezone)
    country = country_of(profile.timezone, user.language_code if user else None)
    return Lock(
        decision=screening_decision(profile) or Decision.CLEAR,
        question_ids=ids,
        raised_on=raised_at.astimezone(zone).date(),
        flag_ref=ref,
        numbers=numbers_for(country),
        has_programme=profile.onboarded_at is not None,
    )


def advice(lock: Lock) -> str:
    """The neutral advice for this lock, with the user's emergency number."""
    return decision_advice(lock.decision, lock.numbers, has_programme=lock.has_programme)


def flagged_message(lock: Lock) -> str:
    """Right after the flag was raised: the advice and how to come back (no buttons yet)."""
    return f"{advice(lock)}\n\n{texts.WAY_FORWARD_LATER}"


def lock_message(lock: Lock, prefix: str = "") -> tuple[str, InlineKeyboardMarkup]:
    """Later (any command, /start, /screen): what they reported and when, the advice, the clearance question."""
    day = texts.day_text(lock.raised_on)
    parts = [
        prefix,
        texts.reported_list(lock.question_ids, lock.raised_on),
        advice(lock),
        texts.CLEARANCE_QUESTION.format(date=day),
    ]
    return "\n\n".join(part for part in parts if part), clearance_markup(lock)


def clearance_markup(lock: Lock) -> InlineKeyboardMarkup:
    """The two answers to the clearance question, naming the flag they answer."""
    def data(answer: str) -> str:
        return callbacks.make(CLEARANCE_FLOW, CLEARANCE_ACTION, answer, lock.flag_ref)

    return keyboards.choices([[(texts.CLEARED_BUTTON, data("yes"))], [(texts.NOT_YET_BUTTON, data("no"))]])


def not_yet_message(lock: Lock) -> str:
    """"Not yet": the lock stays; the advice again and how to come back. Nothing else is offered."""
    return f"{texts.NOT_YET}\n\n{advice(lock)}\n\n{texts.NOT_YET_AFTER}"


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
    """In front of every flow: under an urgent lock, anything but the open commands gets the lock message."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        return
    if (update.message is None and update.callback_query is None) or _goes_through(update):
        return
    svc = services(context)
    async with svc.db.session() as session:
        lock = await load_lock(session, user.id, svc.default_timezone)
    if lock is None or not lock.urgent:
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
