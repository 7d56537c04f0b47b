"""/settings (days, time, timezone, reminders on or off) and /stop (no more reminders).

/settings shows the current schedule with a button per thing to change; the days, time and timezone pickers
are onboarding's (one implementation: ``conversations.onboarding``'s pickers and ``schedule_input``'s
parsers). Every change is stored at once and the session reminder row is rewritten from the profile.

It is also where a user on the gentle start confirms the doctor check later ("My doctor or physio said exercise
is fine", recorded with its date).

Callback data (prefix ``set``): ``set:menu:days|time|zone|close``, ``set:rem:on|off``, ``set:doc:yes``, the
shared picker actions ``set:day:<0-6>``, ``set:days:ok|keep|more``, ``set:time:<HHMM>``, ``set:tz:<zone>``,
``set:zok:yes|no``.
Each press carries its whole answer, so a press works whatever the user's pending question is.
"""

from __future__ import annotations

import html
from enum import StrEnum
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from coach.schedule import is_zone
from coach.screening import Answer
from conversations import callbacks, keyboards, onboarding, schedule_input
from conversations.context import services
from conversations.kit import Context, reply
from conversations.kit import user_id as _uid
from conversations.pending import END, Callback, flow_handler
from conversations.texts import onboarding as picker_texts
from conversations.texts import settings as texts
from conversations.texts.common import STALE_BUTTON
from storage.models import Profile
from storage.repositories import profiles, reminders
from usecases.questions import Flow
from usecases.records import doctor_cleared
from usecases.reminder_rows import write_session_reminder

FLOW = "set"


class State(StrEnum):
    MENU = "menu"
    DAYS = "days"
    TIME = "time"
    ZONE = "timezone"
    ZONE_CONFIRM = "confirm_zone"



async def _onboarded_profile(update: Update, context: Context) -> Profile | None:
    """The user's profile if they finished onboarding; otherwise they are pointed to /start (None)."""
    async with services(context).db.session() as session:
        profile = await profiles.get_profile(session, _uid(update))
    if profile is None or profile.onboarded_at is None:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await reply(update, texts.NOT_SET_UP)
        return None
    return profile


# ---------------------------------------------------------------------------------------- menu ---


def menu_text(profile: Profile, now_utc: Any) -> str:
    zone = profile.timezone or ""
    clock = schedule_input.local_now(now_utc, zone).strftime("%H:%M") if is_zone(zone) else "?"
    days = profile.training_weekdays
    return texts.MENU.format(
        days=schedule_input.format_days(days) if days else texts.NOT_SET,
        time=html.escape(profile.reminder_time or texts.NOT_SET),
        zone=html.escape(zone or texts.NOT_SET),
        clock=clock,
        reminders=texts.REMINDERS_ON if profile.reminders_enabled else texts.REMINDERS_OFF,
        doctor=texts.DOCTOR_YES if doctor_cleared(profile) else texts.DOCTOR_NOT_YET,
    )


def menu_markup(profile: Profile) -> InlineKeyboardMarkup:
    toggle = (texts.TURN_OFF, "off") if profile.reminders_enabled else (texts.TURN_ON, "on")
    rows = [
        [
            (texts.CHANGE_DAYS, callbacks.make(FLOW, "menu", "days")),
            (texts.CHANGE_TIME, callbacks.make(FLOW, "menu", "time")),
            (texts.CHANGE_ZONE, callbacks.make(FLOW, "menu", "zone")),
        ],
        [(toggle[0], callbacks.make(FLOW, "rem", toggle[1]))],
    ]
    if not doctor_cleared(profile):  # article rule 1: the doctor check can be confirmed later, here
        rows.append([(texts.DOCTOR_SAID_FINE, callbacks.make(FLOW, "doc", "yes"))])
    rows.append([(texts.CLOSE, callbacks.make(FLOW, "menu", "close"))])
    return keyboards.choices(rows)


async def show_menu(update: Update, context: Context, prefix: str = "") -> object:
    async with services(context).db.session() as session:
        profile = await profiles.get_profile(session, _uid(update))
    if profile is None:
        return END
    text = menu_text(profile, services(context).clock())
    await reply(update, f"{prefix}\n\n{text}" if prefix else text, menu_markup(profile))
    return State.MENU.value


async def settings_command(update: Update, context: Context) -> object:
    """/settings: the current schedule and what can be changed."""
    if await _onboarded_profile(update, context) is None:
        return END
    return await show_menu(update, context)


async def on_menu(update: Update, context: Context) -> object:
    """One of the menu buttons: open a picker, or close."""
    profile = await _onboarded_profile(update, context)
    if profile is None:
        return END
    query = update.callback_query
    pressed = callbacks.parse(query.data if query else None)
    choice = pressed.arg(0) if pressed else None
    if query is None or choice not in ("days", "time", "zone", "close"):
        if query is not None:
            await query.answer(STALE_BUTTON)
        return None
    await query.answer()
    if choice == "close":
        await reply(update, texts.CLOSED)
        return END
    if choice == "days":
        days = profile.training_weekdays
        await reply(update, onboarding.days_text(days), onboarding.days_markup(FLOW, days))
        return State.DAYS.value
    if choice == "time":
        await reply(update, picker_texts.TIME_QUESTION, onboarding.time_markup(FLOW))
        return State.TIME.value
    markup = onboarding.zone_markup(FLOW, services(context).default_timezone)
    await reply(update, picker_texts.ZONE_QUESTION, markup)
    return State.ZONE.value


async def on_reminders(update: Update, context: Context) -> object:
    """Turn reminders on or off (every reminder of the user, and the session row rewritten)."""
    if await _onboarded_profile(update, context) is None:
        return END
    query = update.callback_query
    pressed = callbacks.parse(query.data if query else None)
    choice = pressed.arg(0) if pressed else None
    if query is None or choice not in ("on", "off"):
        if query is not None:
            await query.answer(STALE_BUTTON)
        return None
    await query.answer()
    await set_reminders(context, _uid(update), enabled=choice == "on")
    return await show_menu(update, context, texts.TURNED_ON if choice == "on" else texts.TURNED_OFF)


async def on_doctor(update: Update, context: Context) -> object:
    """The doctor-consultation check confirmed after onboarding: recorded with its date (article rule 1)."""
    if await _onboarded_profile(update, context) is None:
        return END
    query = update.callback_query
    pressed = callbacks.parse(query.data if query else None)
    if query is None or pressed is None or pressed.arg(0) != "yes":
        if query is not None:
            await query.answer(STALE_BUTTON)
        return None
    await query.answer()
    now = services(context).clock()
    await onboarding.save_profile(context, _uid(update), None, doctor_check=Answer.YES.value, doctor_check_at=now)
    return await show_menu(update, context, texts.DOCTOR_THANKS)


async def set_reminders(context: Context, user_id: int, *, enabled: bool) -> None:
    """Reminders on or off in one transaction: the profile flag, every reminder row, the session row."""
    svc = services(context)
    now = svc.clock()
    async with svc.db.session() as session:
        profile = await profiles.update_profile(session, user_id, now=now, reminders_enabled=enabled)
        await reminders.set_user_reminders_enabled(session, user_id, enabled, now=now)
        await write_session_reminder(session, profile, now=now)


# ------------------------------------------------------------------------------------- pickers ---


async def on_day(update: Update, context: Context) -> object:
    if await _onboarded_profile(update, context) is None:
        return END
    await onboarding.toggle_day_press(update, context, FLOW)
    return State.DAYS.value


async def on_days_done(update: Update, context: Context) -> object:
    if await _onboarded_profile(update, context) is None:
        return END
    if await onboarding.days_done_input(update, context, FLOW) is None:
        return State.DAYS.value
    return await show_menu(update, context, texts.SAVED)


async def on_time(update: Update, context: Context) -> object:
    if await _onboarded_profile(update, context) is None:
        return END
    chosen = await onboarding.time_input(update, FLOW)
    if chosen is None:
        return State.TIME.value
    await onboarding.save_profile(context, _uid(update), None, reminder_time=schedule_input.format_time(chosen))
    return await show_menu(update, context, texts.SAVED)


async def on_zone(update: Update, context: Context) -> object:
    if await _onboarded_profile(update, context) is None:
        return END
    zone = await onboarding.zone_input(update, context, FLOW)
    if zone is None:
        return State.ZONE.value
    await onboarding.save_profile(context, _uid(update), None, timezone=zone)
    now = services(context).clock()
    await reply(update, onboarding.zone_confirm_text(now, zone), onboarding.zone_confirm_markup(FLOW))
    return State.ZONE_CONFIRM.value


async def on_zone_confirm(update: Update, context: Context) -> object:
    if await _onboarded_profile(update, context) is None:
        return END
    right = await onboarding.zone_confirm_input(update)
    if right is None:
        return State.ZONE_CONFIRM.value
    if not right:
        markup = onboarding.zone_markup(FLOW, services(context).default_timezone)
        await reply(update, picker_texts.ZONE_QUESTION, markup)
        return State.ZONE.value
    return await show_menu(update, context, texts.SAVED)


def _hint(text: str, markup_of: Any) -> Any:
    """Free text where a button is expected: a short hint and the same buttons again."""

    async def answer(update: Update, context: Context) -> object:
        async with services(context).db.session() as session:
            profile = await profiles.get_profile(session, _uid(update))
        if profile is None:
            return END
        await reply(update, text, markup_of(profile))
        return None

    return answer


# ---------------------------------------------------------------------------------------- /stop ---


async def stop_command(update: Update, context: Context) -> None:
    """/stop: no more reminders of any kind; /settings turns them back on."""
    if await _onboarded_profile(update, context) is None:
        return
    await set_reminders(context, _uid(update), enabled=False)
    await reply(update, texts.STOPPED)


# -------------------------------------------------------------------------------------- wiring ---


def _button(callback: Any, action: str) -> CallbackQueryHandler[Any, Any]:
    return CallbackQueryHandler(flow_handler(Flow.SETTINGS, callback), pattern=callbacks.pattern(FLOW, action))


BUTTONS: dict[str, Any] = {
    "menu": on_menu,
    "rem": on_reminders,
    "doc": on_doctor,
    "day": on_day,
    "days": on_days_done,
    "time": on_time,
    "tz": on_zone,
    "zok": on_zone_confirm,
}
#: Typed text (or a shared location) for each question /settings asks.
TEXT_READERS: dict[str, Callback] = {
    State.MENU.value: _hint(texts.MENU_HINT, menu_markup),
    State.DAYS.value: _hint(picker_texts.DAYS_HINT, lambda p: onboarding.days_markup(FLOW, p.training_weekdays)),
    State.TIME.value: on_time,
    State.ZONE.value: on_zone,
    State.ZONE_CONFIRM.value: _hint(picker_texts.ZONE_CONFIRM_HINT, lambda p: onboarding.zone_confirm_markup(FLOW)),
}


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """/settings and its buttons, and /stop."""
    return [
        CommandHandler("settings", flow_handler(Flow.SETTINGS, settings_command)),
        *(_button(callback, action) for action, callback in BUTTONS.items()),
        CommandHandler("stop", stop_command),
    ]
