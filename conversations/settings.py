"""/settings (days, time, timezone, equipment, reminders on or off) and /stop (no more reminders).

/settings shows the current schedule with a button per thing to change; the days, time and timezone pickers
are shared with onboarding (one implementation: ``conversations.schedule_pickers``, ``schedule_input``'s
parsers). Every change is stored at once through ``usecases.settings``, which rewrites the reminder rows from
the profile in the same unit of work; the handlers here parse the press and render the menu.

It is also where a user on the gentle start confirms the doctor check later ("My doctor or physio said exercise
is fine", recorded with its date).

The equipment checklist is onboarding's too (``conversations.checklists``: ``set:kit:<kit>``,
``set:kitend:none|done``).

Callback data (prefix ``set``): ``set:menu:days|time|zone|kit|close``, ``set:rem:on|off``, ``set:doc:yes``, the
shared picker actions ``set:day:<0-6>``, ``set:days:ok|keep|more``, ``set:time:<HHMM>``, ``set:tz:<zone>``,
``set:zok:yes|no``.
Each press carries its whole answer, so a press works whatever the user's pending question is; one that names
nothing (forged) is stale, and the question being asked comes again (:func:`ask_again`, through
``conversations.pending``), its buttons left in place.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from coach.schedule import is_zone
from conversations import callbacks, checklists, keyboards, schedule_input
from conversations import schedule_pickers as pickers
from conversations.context import Services, services
from conversations.kit import Context, answer_press, answer_stale, pressed, reply, user_id
from conversations.pending import END, Callback, button_handler, flow_handler
from conversations.texts import onboarding as picker_texts
from conversations.texts import settings as texts
from conversations.texts.common import STALE_BUTTON
from locales import _
from usecases import settings
from usecases.questions import Flow
from usecases.settings import Settings

FLOW = "set"


class State(StrEnum):
    MENU = "menu"
    DAYS = "days"
    TIME = "time"
    ZONE = "timezone"
    ZONE_CONFIRM = "confirm_zone"
    EQUIPMENT = "equipment"


async def _onboarded(update: Update, context: Context) -> Settings | None:
    """The user's settings if they finished onboarding; otherwise they are pointed to /start (None)."""
    chosen = await settings.load_settings(services(context).db, user_id(update))
    if chosen is None or not chosen.onboarded:
        await answer_press(update)
        await reply(update, _(texts.NOT_SET_UP))
        return None
    return chosen


def _choice(update: Update, allowed: tuple[str, ...]) -> str | None:
    """The pressed button's first argument if it is one of ``allowed``, else None."""
    press = pressed(update)
    choice = press.arg(0) if press else None
    return choice if choice in allowed else None


# ---------------------------------------------------------------------------------------- menu ---


def menu_text(chosen: Settings, now_utc: datetime) -> str:
    zone = chosen.timezone or ""
    clock = schedule_input.local_now(now_utc, zone).strftime("%H:%M") if is_zone(zone) else "?"
    return _(texts.MENU).format(
        days=schedule_input.format_days(chosen.days) if chosen.days else _(texts.NOT_SET),
        time=html.escape(chosen.reminder_time or _(texts.NOT_SET)),
        zone=html.escape(zone or _(texts.NOT_SET)),
        clock=clock,
        reminders=_(texts.REMINDERS_ON) if chosen.reminders_on else _(texts.REMINDERS_OFF),
        equipment=checklists.equipment_words(chosen.equipment) if chosen.equipment is not None else _(texts.NOT_SET),
        doctor=_(texts.DOCTOR_YES) if chosen.doctor_cleared else _(texts.DOCTOR_NOT_YET),
    )


def menu_markup(chosen: Settings) -> InlineKeyboardMarkup:
    toggle = (_(texts.TURN_OFF), "off") if chosen.reminders_on else (_(texts.TURN_ON), "on")
    rows = [
        [
            (_(texts.CHANGE_DAYS), callbacks.make(FLOW, "menu", "days")),
            (_(texts.CHANGE_TIME), callbacks.make(FLOW, "menu", "time")),
            (_(texts.CHANGE_ZONE), callbacks.make(FLOW, "menu", "zone")),
        ],
        [(_(texts.CHANGE_EQUIPMENT), callbacks.make(FLOW, "menu", "kit"))],
        [(toggle[0], callbacks.make(FLOW, "rem", toggle[1]))],
    ]
    if not chosen.doctor_cleared:  # article rule 1: the doctor check can be confirmed later, here
        rows.append([(_(texts.DOCTOR_SAID_FINE), callbacks.make(FLOW, "doc", "yes"))])
    rows.append([(_(texts.CLOSE), callbacks.make(FLOW, "menu", "close"))])
    return keyboards.choices(rows)


async def show_menu(update: Update, context: Context, prefix: str = "") -> object:
    svc = services(context)
    chosen = await settings.load_settings(svc.db, user_id(update))
    if chosen is None:
        return END
    text = menu_text(chosen, svc.clock())
    await reply(update, f"{prefix}\n\n{text}" if prefix else text, menu_markup(chosen))
    return State.MENU.value


async def settings_command(update: Update, context: Context) -> object:
    """/settings: the current schedule and what can be changed."""
    if await _onboarded(update, context) is None:
        return END
    return await show_menu(update, context)


#: Which picker each menu button opens.
PICKED = {"days": State.DAYS, "time": State.TIME, "zone": State.ZONE, "kit": State.EQUIPMENT}


async def on_menu(update: Update, context: Context) -> object:
    """One of the menu buttons: open a picker, or close."""
    chosen = await _onboarded(update, context)
    if chosen is None:
        return END
    choice = _choice(update, (*PICKED, "close"))
    if choice is None:
        await answer_stale(update, _(STALE_BUTTON))
        return None
    await answer_press(update)
    if choice == "close":
        await reply(update, _(texts.CLOSED))
        return END
    await reply(update, *_picker(PICKED[choice], chosen, services(context)))
    return PICKED[choice].value


def _picker(state: State, chosen: Settings, svc: Services) -> tuple[str, InlineKeyboardMarkup]:
    """The question a picker asks, with its buttons (the menu itself for MENU)."""
    if state is State.DAYS:
        return pickers.days_text(chosen.days), pickers.days_markup(FLOW, chosen.days)
    if state is State.TIME:
        return _(picker_texts.TIME_QUESTION), pickers.time_markup(FLOW)
    if state is State.EQUIPMENT:
        return _(picker_texts.EQUIPMENT_QUESTION), checklists.equipment_markup(FLOW, chosen.equipment or ())
    if state is State.ZONE_CONFIRM and chosen.timezone:
        return pickers.zone_confirm_text(svc.clock(), chosen.timezone), pickers.zone_confirm_markup(FLOW)
    if state is State.MENU:
        return menu_text(chosen, svc.clock()), menu_markup(chosen)
    return _(picker_texts.ZONE_QUESTION), pickers.zone_markup(FLOW, svc.default_timezone)


async def ask_again(update: Update, context: Context, question: str) -> str | None:
    """The question /settings is asking (the menu or a picker), shown again with its buttons (a press whose
    reply may have been lost); None: nothing to show."""
    svc = services(context)
    chosen = await settings.load_settings(svc.db, user_id(update))
    if chosen is None or not chosen.onboarded or question not in set(State):
        return None
    await reply(update, *_picker(State(question), chosen, svc))
    return question


async def on_reminders(update: Update, context: Context) -> object:
    """Turn reminders on or off (every reminder of the user, and the session row rewritten)."""
    if await _onboarded(update, context) is None:
        return END
    choice = _choice(update, ("on", "off"))
    if choice is None:
        await answer_stale(update, _(STALE_BUTTON))
        return None
    await answer_press(update)
    svc = services(context)
    await settings.set_reminders(svc.db, user_id(update), enabled=choice == "on", now=svc.clock())
    return await show_menu(update, context, _(texts.TURNED_ON) if choice == "on" else _(texts.TURNED_OFF))


async def on_doctor(update: Update, context: Context) -> object:
    """The doctor-consultation check confirmed after onboarding: recorded with its date (article rule 1)."""
    if await _onboarded(update, context) is None:
        return END
    if _choice(update, ("yes",)) is None:
        await answer_stale(update, _(STALE_BUTTON))
        return None
    await answer_press(update)
    svc = services(context)
    await settings.record_doctor_check(svc.db, user_id(update), svc.clock())
    return await show_menu(update, context, _(texts.DOCTOR_THANKS))


# ------------------------------------------------------------------------------------- pickers ---


async def on_day(update: Update, context: Context) -> object:
    if await _onboarded(update, context) is None:
        return END
    await pickers.toggle_day_press(update, context, FLOW)
    return State.DAYS.value


async def on_days_done(update: Update, context: Context) -> object:
    if await _onboarded(update, context) is None:
        return END
    if await pickers.days_done_input(update, context, FLOW) is None:
        return State.DAYS.value
    return await show_menu(update, context, _(texts.SAVED))


async def on_time(update: Update, context: Context) -> object:
    if await _onboarded(update, context) is None:
        return END
    chosen = await pickers.time_input(update, FLOW)
    if chosen is None:
        return State.TIME.value
    svc = services(context)
    await settings.set_reminder_time(svc.db, user_id(update), chosen, svc.clock())
    return await show_menu(update, context, _(texts.SAVED))


async def on_zone(update: Update, context: Context) -> object:
    if await _onboarded(update, context) is None:
        return END
    zone = await pickers.zone_input(update, context, FLOW)
    if zone is None:
        return State.ZONE.value
    svc = services(context)
    await settings.set_timezone(svc.db, user_id(update), zone, svc.clock())
    await reply(update, pickers.zone_confirm_text(svc.clock(), zone), pickers.zone_confirm_markup(FLOW))
    return State.ZONE_CONFIRM.value


async def on_zone_confirm(update: Update, context: Context) -> object:
    if await _onboarded(update, context) is None:
        return END
    right = await pickers.zone_confirm_input(update)
    if right is None:
        return State.ZONE_CONFIRM.value
    if not right:
        markup = pickers.zone_markup(FLOW, services(context).default_timezone)
        await reply(update, _(picker_texts.ZONE_QUESTION), markup)
        return State.ZONE.value
    return await show_menu(update, context, _(texts.SAVED))


async def on_kit(update: Update, context: Context) -> object:
    if await _onboarded(update, context) is None:
        return END
    await checklists.toggle_equipment_press(update, context, FLOW)
    return State.EQUIPMENT.value


async def on_kit_end(update: Update, context: Context) -> object:
    """None of these, or Done: saved (the planner leaves out what needs missing kit), back to the menu."""
    if await _onboarded(update, context) is None:
        return END
    choice = checklists.equipment_end(update)
    if choice is None:
        await answer_stale(update, _(STALE_BUTTON))
        return None
    await answer_press(update)
    if choice == "none":
        svc = services(context)
        await settings.set_no_equipment(svc.db, user_id(update), svc.clock())
    return await show_menu(update, context, _(texts.SAVED))


def _hint(text: str, markup_of: Callable[[Settings], InlineKeyboardMarkup]) -> Callback:
    """Free text where a button is expected: a short hint (translated when shown) and the same buttons again."""

    async def answer(update: Update, context: Context) -> object:
        chosen = await settings.load_settings(services(context).db, user_id(update))
        if chosen is None:
            return END
        await reply(update, _(text), markup_of(chosen))
        return None

    return answer


async def _typed_days(update: Update, context: Context) -> object:
    """Days typed at the days question are ticked ("Mon, Wed and Fri"); other text gets the hint."""
    if await pickers.typed_days(update, context, FLOW):
        return State.DAYS.value
    return await _days_hint(update, context)


_days_hint = _hint(picker_texts.DAYS_HINT, lambda chosen: pickers.days_markup(FLOW, chosen.days))


# ---------------------------------------------------------------------------------------- /stop ---


async def stop_command(update: Update, context: Context) -> None:
    """/stop: no more reminders of any kind; /settings turns them back on."""
    if await _onboarded(update, context) is None:
        return
    svc = services(context)
    await settings.set_reminders(svc.db, user_id(update), enabled=False, now=svc.clock())
    await reply(update, _(texts.STOPPED))


# -------------------------------------------------------------------------------------- wiring ---


def _button(callback: Any, action: str) -> CallbackQueryHandler[Any, Any]:
    return button_handler(Flow.SETTINGS, FLOW, action, callback)


BUTTONS: dict[str, Any] = {
    "menu": on_menu,
    "rem": on_reminders,
    "doc": on_doctor,
    "day": on_day,
    "days": on_days_done,
    "time": on_time,
    "tz": on_zone,
    "zok": on_zone_confirm,
    "kit": on_kit,
    "kitend": on_kit_end,
}
#: Typed text (or a shared location) for each question /settings asks.
TEXT_READERS: dict[str, Callback] = {
    State.MENU.value: _hint(texts.MENU_HINT, menu_markup),
    State.DAYS.value: _typed_days,
    State.TIME.value: on_time,
    State.ZONE.value: on_zone,
    State.ZONE_CONFIRM.value: _hint(picker_texts.ZONE_CONFIRM_HINT, lambda _: pickers.zone_confirm_markup(FLOW)),
    State.EQUIPMENT.value: _hint(
        picker_texts.EQUIPMENT_HINT, lambda chosen: checklists.equipment_markup(FLOW, chosen.equipment or ())
    ),
}


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """/settings and its buttons, and /stop."""
    return [
        CommandHandler("settings", flow_handler(Flow.SETTINGS, settings_command)),
        *(_button(callback, action) for action, callback in BUTTONS.items()),
        CommandHandler("stop", stop_command),
    ]
