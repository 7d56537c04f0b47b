"""Onboarding for a new user (/start) and the red-flag re-screen (/screen), as the user sees it.

Handlers parse a press or typed text, call ``usecases.onboarding`` (which stores each answer the moment it is
given, decides the screen, and says what is asked next: the journey and its steps are described there) and
render what comes next (:func:`show`; each question's text and buttons are ``conversations.onboarding_asks``',
the words ``conversations/texts/onboarding.py``'s). Which question is open is read from the database on every
update, so a lost or lagging state never matters: a button is taken only if it answers the question the
database says is being asked (:func:`on_press`). The pending question (``conversations.pending``) only says
"onboarding asked last", so the user's typed text comes here; :func:`on_message` reads it for whatever step is
open. A press is answered and its buttons stay (one send per step: Telegram allows about one message a second
per chat); pressing one again later gets a polite "that's from earlier". The checklists (red flags,
equipment) are redrawn in place as items are ticked.

After the first session's check-in (``conversations.checkin``) :func:`ask_schedule` starts the schedule's
questions; "Later" on the first-session offer starts them at once.
"""

from __future__ import annotations

import html
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from coach import rules
from coach.pain import read_pain_score
from coach.screening import DOCTOR_NOT_YET_ADVICE, Answer
from conversations import callbacks, checklists, keyboards, lock, pending, schedule_input, welcome
from conversations import schedule_pickers as pickers
from conversations.context import services
from conversations.kit import (
    Context,
    answer_press,
    answer_stale,
    pressed,
    replace_buttons,
    reply,
    text_of,
    user_id,
    visitor_of,
)
from conversations.measures import checkup_button
from conversations.onboarding_asks import FLOW, checklist_markup, question, summary_text
from conversations.pending import ANY_QUESTION, END, Callback, flow_handler
from conversations.texts import lock as lock_texts
from conversations.texts import onboarding as texts
from conversations.texts.common import FREE_TEXT, STALE_BUTTON, WELCOME_BACK_RED_FLAG
from locales import _
from usecases import onboarding
from usecases.onboarding import Clearance, Next, Screened, Step, Value
from usecases.questions import Flow
from usecases.session import todays_session

#: What the user is told when the screen ends without a lock (a clinician's clearance says its own words).
SCREENED_TEXT = {
    Screened.CLEAR: texts.SCREEN_CLEAR,
    Screened.CARRY_ON: texts.SCREEN_CLEARED_CARRY_ON,
    Screened.SEE_DOCTOR: texts.SCREEN_SEE_DOCTOR,
}


def _join(prefix: str, text: str) -> str:
    return f"{prefix}\n\n{text}" if prefix else text


def _yes_or_no(update: Update) -> bool | None:
    """A yes / no press: True / False, or None for a malformed one."""
    press = pressed(update)
    return {"yes": True, "no": False}.get((press.arg(0) if press else None) or "")


async def _save(update: Update, context: Context, step: Step, value: Value) -> Next:
    """Store the answer to ``step``; what comes next."""
    svc = services(context)
    return await onboarding.save_answer(svc.db, user_id(update), step, value, svc.clock(), svc.default_timezone)


# ------------------------------------------------------------------------------------- asking ---


async def show(update: Update, context: Context, upcoming: Next, prefix: str = "") -> object:
    """Send what comes next (``prefix`` above it) and return the question now asked (END: none)."""
    if upcoming.screened is not None:  # the screen just ended: what it found goes above what follows
        prefix = _(SCREENED_TEXT.get(upcoming.screened, prefix))
        if upcoming.step is Step.DONE:
            await reply(update, _join(prefix, _(texts.RESCREEN_ALL_CLEAR_ONBOARDED)))
            return END
    if upcoming.step is Step.DONE:
        return END
    if upcoming.lock is not None:
        if upcoming.step is Step.RED_FLAG:  # just raised: the advice, and how to come back
            await reply(update, lock.flagged_message(upcoming.lock))
            return END
        text, markup = lock.lock_message(upcoming.lock, prefix)
        await reply(update, text, markup)
        return Step.CLEARED.value
    svc = services(context)
    text, markup = question(upcoming, svc.clock(), svc.default_timezone)
    await reply(update, _join(prefix, text), markup)
    return upcoming.step.value


async def ask_schedule(update: Update, context: Context) -> bool:
    """After a session's check-in: if it was the first, from onboarding, the schedule's questions start here
    (onboarding's question becomes the pending one). False when there was nothing to ask."""
    svc = services(context)
    upcoming = await onboarding.after_first_session(svc.db, user_id(update), svc.clock(), svc.default_timezone)
    if upcoming is None:
        return False
    asked = await show(update, context, upcoming, _(texts.AFTER_FIRST_SESSION))
    async with svc.db.session() as session:
        await pending.record(session, user_id(update), Flow.ONBOARDING, str(asked), svc.clock())
    return True


# ---------------------------------------------------------------------------------- /start, /screen ---


async def start(update: Update, context: Context) -> object:
    """/start: new or unfinished users onboard (where they left off); others get welcome.py's greeting."""
    visitor = visitor_of(update)
    if visitor is None:
        return END
    svc = services(context)
    started = await onboarding.start(svc.db, visitor, svc.clock(), svc.default_timezone)
    upcoming, name = started.next, html.escape(visitor.first_name or "")
    if upcoming.step is Step.DONE and upcoming.screened is None:
        await welcome.welcome_back(update, name)
        return END
    if upcoming.step is Step.READY and await todays_session(svc.db, visitor.user_id, svc.clock(), svc.default_timezone):
        await reply(update, _(texts.FIRST_SESSION_UNDER_WAY).format(name=name))  # its question stays the open one
        return None
    if upcoming.step is Step.CLEARED:
        prefix = _(WELCOME_BACK_RED_FLAG).format(name=name)
    elif upcoming.step is Step.DOCTOR:  # what the bot is and is not, with the first question
        prefix = _join(welcome.first_welcome(name, returning=not started.new_user), _(texts.CONSENT_NOTE))
    else:
        prefix = _(texts.CARRY_ON).format(name=name)
    return await show(update, context, upcoming, prefix)


async def ask_again(update: Update, context: Context, _question: str) -> object:
    """The onboarding question the user is on, shown again (a press whose reply may have been lost)."""
    visitor = visitor_of(update)
    if visitor is None:
        return None
    svc = services(context)
    upcoming = (await onboarding.start(svc.db, visitor, svc.clock(), svc.default_timezone)).next
    if upcoming.step in (Step.DONE, Step.READY):
        return None
    return await show(update, context, upcoming)


async def screen_command(update: Update, context: Context) -> object:
    """/screen: with an open red flag, what was reported and the one way forward; otherwise the safety
    questions again from the first (before the doctor check: the question the user is on)."""
    visitor = visitor_of(update)
    if visitor is None:
        return END
    svc = services(context)
    screen = await onboarding.rescreen(svc.db, visitor, svc.clock(), svc.default_timezone)
    return await show(update, context, screen.next, _(texts.RESCREEN_START) if screen.restarted else "")


# ------------------------------------------------------------------------------------ the doctor ---


async def on_doctor(update: Update, context: Context) -> object:
    fine = _yes_or_no(update)
    if fine is None:
        await answer_stale(update, _(STALE_BUTTON))
        return None
    await answer_press(update)
    upcoming = await _save(update, context, Step.DOCTOR, fine)
    if not fine:
        await reply(update, _(texts.DOCTOR_NOT_YET_REPLY).format(advice=_(DOCTOR_NOT_YET_ADVICE)))
        return await show(update, context, upcoming, _(texts.SCREEN_INTRO))
    return await show(update, context, upcoming, _join(_(texts.DOCTOR_THANKS), _(texts.SCREEN_INTRO)))


# ------------------------------------------------------------------------------------ screening ---


async def on_screen_answer(update: Update, context: Context) -> object:
    """One cauda equina answer: stored at once; an emergency answer stops the questions there."""
    press = pressed(update)
    qid, value = (press.arg(0), press.arg(1)) if press else (None, None)
    if qid is None or value not in {a.value for a in Answer}:
        await answer_stale(update, _(texts.SCREEN_ALREADY_ANSWERED))
        return None
    svc = services(context)
    upcoming = await onboarding.answer_screening(
        svc.db, user_id(update), qid, Answer(value), svc.clock(), svc.default_timezone
    )
    if upcoming is None:
        await answer_stale(update, _(texts.SCREEN_ALREADY_ANSWERED))
        return None
    await answer_press(update)
    return await show(update, context, upcoming)


async def on_item(update: Update, context: Context) -> object:
    """A checklist item tapped: ticked or unticked at once, the checklist redrawn in place."""
    press, svc = pressed(update), services(context)
    item = press.arg(0) if press else None
    toggled = await onboarding.toggle_item(svc.db, user_id(update), item or "", svc.clock()) if item else None
    if toggled is None:
        await answer_stale(update, _(texts.SCREEN_ALREADY_ANSWERED))
        return None
    await answer_press(update)
    await replace_buttons(update, checklist_markup(toggled.ticked))
    return None


async def on_checklist_end(update: Update, context: Context) -> object:
    """Done, or None of these: the rest of the list is "no", and the screen is decided."""
    svc = services(context)
    upcoming = await onboarding.end_checklist(svc.db, user_id(update), svc.clock(), svc.default_timezone)
    if upcoming is None:
        await answer_stale(update, _(texts.SCREEN_ALREADY_ANSWERED))
        return None
    await answer_press(update)
    return await show(update, context, upcoming)


async def on_cleared(update: Update, context: Context) -> object:
    """The clearance question: "yes" (a clinician examined me since and cleared exercise) records the
    clearance with both dates and lifts the lock, then any unanswered safety question follows; "not yet"
    keeps the lock and repeats the advice, offering nothing else. A button naming an older flag is stale."""
    press, svc = pressed(update), services(context)
    answered = await onboarding.answer_clearance(
        svc.db, user_id(update), _yes_or_no(update), press.int_arg(1) if press else None, lock.clearance_words,
        svc.clock(), svc.default_timezone,
    )
    if answered.lock is None:
        await answer_stale(update, _(STALE_BUTTON))
        return None
    if answered.outcome is Clearance.OLD_PRESS:
        await answer_press(update, _(lock_texts.PRESS_IS_OLD))
        text, markup = lock.lock_message(answered.lock)
        await reply(update, text, markup)
        return Step.CLEARED.value
    await answer_press(update)
    if answered.outcome is Clearance.NOT_YET:
        await reply(update, lock.not_yet_message(answered.lock))
        return Step.CLEARED.value
    assert answered.next is not None
    cleared = _(lock_texts.CLEARED).format(date=lock_texts.day_text(answered.lock.raised_on))
    return await show(update, context, answered.next, cleared)


# ------------------------------------------------------------------------ pain, experience, ready ---


async def on_pain_button(update: Update, context: Context) -> object:
    press = pressed(update)
    score = press.int_arg(0) if press else None
    if score is None or not rules.PAIN_MIN <= score <= rules.PAIN_MAX:
        await answer_stale(update, _(STALE_BUTTON))
        return None
    await answer_press(update)
    return await _store_pain(update, context, score)


async def on_pain_text(update: Update, context: Context) -> object:
    reading = read_pain_score(text_of(update))
    if reading.score is None:
        await reply(update, _join(reading.problem or "", _(texts.PAIN_QUESTION)), keyboards.pain_scale(FLOW, "pain"))
        return None
    return await _store_pain(update, context, reading.score)


async def _store_pain(update: Update, context: Context, score: int) -> object:
    upcoming = await _save(update, context, Step.PAIN, score)
    return await show(update, context, upcoming, _(texts.PAIN_THANKS).format(score=score))


async def on_experience(update: Update, context: Context) -> object:
    press = pressed(update)
    key = press.arg(0) if press else None
    if key is None or key not in {k for k, _ignored in texts.EXPERIENCE_CHOICES}:
        await answer_stale(update, _(STALE_BUTTON))
        return None
    await answer_press(update)
    return await show(update, context, await _save(update, context, Step.EXPERIENCE, key))


async def on_later(update: Update, context: Context) -> object:
    """"Later" on the first-session offer: the schedule's questions now."""
    await answer_press(update)
    return await show(update, context, await _save(update, context, Step.READY, None), _(texts.LATER_REPLY))


# ---------------------------------------------------------------------------- equipment, schedule ---


async def on_kit(update: Update, context: Context) -> object:
    await checklists.toggle_equipment_press(update, context, FLOW)
    return None


async def on_kit_end(update: Update, context: Context) -> object:
    """None of these, or Done: on to the training days."""
    choice = checklists.equipment_end(update)
    if choice is None:
        await answer_stale(update, _(STALE_BUTTON))
        return None
    await answer_press(update)
    upcoming = await _save(update, context, Step.EQUIPMENT, "" if choice == "none" else None)
    noted = _(texts.EQUIPMENT_SAVED).format(kit=checklists.equipment_words(upcoming.settings.equipment or ()))
    return await show(update, context, upcoming, noted)


async def on_day(update: Update, context: Context) -> object:
    await pickers.toggle_day_press(update, context, FLOW)
    return None


async def on_days_done(update: Update, context: Context) -> object:
    if await pickers.days_done_input(update, context, FLOW) is None:
        return None
    return await show(update, context, await _save(update, context, Step.DAYS, None))


async def on_time(update: Update, context: Context) -> object:
    chosen = await pickers.time_input(update, FLOW)
    if chosen is None:
        return None
    upcoming = await _save(update, context, Step.TIME, chosen)
    return await show(update, context, upcoming, _(texts.TIME_SAVED).format(time=schedule_input.format_time(chosen)))


async def on_zone(update: Update, context: Context) -> object:
    zone = await pickers.zone_input(update, context, FLOW)
    if zone is None:
        return None
    return await show(update, context, await _save(update, context, Step.ZONE, zone))


async def on_zone_confirm(update: Update, context: Context) -> object:
    """Is that your local time? Yes finishes onboarding: the reminder is on, and the summary shows."""
    right = await pickers.zone_confirm_input(update)
    if right is None:
        return None
    upcoming = await _save(update, context, Step.ZONE_CONFIRM, right)
    if upcoming.step is not Step.DONE:
        return await show(update, context, upcoming)
    await reply(update, summary_text(upcoming.settings))
    await reply(update, _(texts.CHECKUP_OFFER), keyboards.choices([[checkup_button()]]))  # PEG-3 at onboarding
    return END


# ------------------------------------------------------- what the database says is being asked ---

TEXT_HINTS: dict[Step, str] = {
    Step.DAYS: texts.DAYS_HINT,
    Step.EQUIPMENT: texts.EQUIPMENT_HINT,
    Step.ZONE_CONFIRM: texts.ZONE_CONFIRM_HINT,
}
#: The steps that take a typed answer (the others are answered with buttons).
TYPED: dict[Step, Callback] = {Step.PAIN: on_pain_text, Step.TIME: on_time, Step.ZONE: on_zone}


async def on_press(update: Update, context: Context) -> object:
    """Every onboarding button: taken if it answers the question the database says is being asked (so a lost
    or lagging conversation state never matters), otherwise it is from an earlier message. Without a profile
    (/start writes one) the button is from an account since deleted: stale too, nothing is written."""
    press = pressed(update)
    step = await onboarding.asked(services(context).db, user_id(update))
    button = BUTTONS.get(press.action) if press is not None else None
    if button is None or step is None or button[0] is not step:
        await answer_stale(update, _(STALE_BUTTON))
        return None
    return await button[1](update, context)


async def on_message(update: Update, context: Context) -> object:
    """Typed text or a shared location during onboarding: an answer where one can be typed (pain, days, time,
    timezone), otherwise a short hint and the same question with its buttons."""
    svc = services(context)
    upcoming = await onboarding.next_question(svc.db, user_id(update), svc.clock(), svc.default_timezone)
    hint = _(TEXT_HINTS.get(upcoming.step, texts.BUTTON_HINT))
    if upcoming.step is Step.SCREENING:
        hint = _(texts.CHECKLIST_HINT) if upcoming.on_checklist else _(texts.SCREEN_HINT)
    if upcoming.screened is not None or upcoming.step in (Step.SCREENING, Step.CLEARED, Step.RED_FLAG):
        return await show(update, context, upcoming, hint)
    if upcoming.step is Step.DONE:  # nothing is being asked any more
        await reply(update, _(FREE_TEXT))
        return END
    if upcoming.step is Step.DAYS and await pickers.typed_days(update, context, FLOW):  # "Mon, Wed and Fri"
        return None
    typed = TYPED.get(upcoming.step)
    if typed is not None and (upcoming.step is Step.ZONE or text_of(update)):
        return await typed(update, context)
    return await show(update, context, upcoming, hint)


# ------------------------------------------------------------------------------------ wiring ---


#: Each button action: the question it answers, and its handler.
BUTTONS: dict[str, tuple[Step, Callback]] = {
    "doc": (Step.DOCTOR, on_doctor),
    "clr": (Step.CLEARED, on_cleared),
    "q": (Step.SCREENING, on_screen_answer),
    "rf": (Step.SCREENING, on_item),
    "rfend": (Step.SCREENING, on_checklist_end),
    "pain": (Step.PAIN, on_pain_button),
    "exp": (Step.EXPERIENCE, on_experience),
    "ready": (Step.READY, on_later),
    "kit": (Step.EQUIPMENT, on_kit),
    "kitend": (Step.EQUIPMENT, on_kit_end),
    "day": (Step.DAYS, on_day),
    "days": (Step.DAYS, on_days_done),
    "time": (Step.TIME, on_time),
    "tz": (Step.ZONE, on_zone),
    "zok": (Step.ZONE_CONFIRM, on_zone_confirm),
}
PRESS_PATTERN = callbacks.pattern(FLOW, *BUTTONS)
#: Typed text (or a shared location) while onboarding asked last: read for whichever step is open.
TEXT_READERS: dict[str, Callback] = {ANY_QUESTION: on_message}


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The handlers of this flow."""
    asks = Flow.ONBOARDING
    return [
        CommandHandler("start", flow_handler(asks, start)),
        CommandHandler("screen", flow_handler(asks, screen_command)),
        CallbackQueryHandler(flow_handler(asks, on_press), pattern=PRESS_PATTERN),
    ]
