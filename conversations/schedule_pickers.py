"""The schedule pickers onboarding and /settings share: training days, reminder time, timezone (and its check).

One implementation of each picker, used by both flows under their own callback prefix (``flow``):
``<flow>:day:<0-6>`` toggles a weekday (stored at once, the picker redrawn in place), ``<flow>:days:ok|keep|more``
accepts the days (fewer than 3 get one nudge: ``coach.schedule.days_choice_needs_nudge``),
``<flow>:time:<HHMM>`` and ``<flow>:tz:<zone with dots>`` pick a time or a zone (both may also be typed, a zone
also shared as a location), ``<flow>:zok:yes|no`` answers "is that your local time?". Reading what is typed is
``conversations.schedule_input``'s; storing a choice is ``usecases.settings``' (the flows store the time and
zone themselves, onboarding with its next step). The words are in ``conversations/texts/onboarding.py``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, time

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from coach.schedule import days_choice_needs_nudge
from conversations import callbacks, keyboards, schedule_input
from conversations.context import services
from conversations.kit import Context, answer_press, answer_stale, pressed, reply, text_of, user_id
from conversations.texts import onboarding as texts
from conversations.texts.common import STALE_BUTTON
from locales import _, day_name
from usecases import settings

TIME_CHOICES = (time(7, 0), time(8, 0), time(12, 0), time(17, 0), time(18, 0), time(19, 0), time(20, 0), time(21, 0))


def _above(problem: str, question: str) -> str:
    return f"{problem}\n\n{question}" if problem else question


# ------------------------------------------------------------------------------------------- keyboards ---


def days_text(days: Sequence[int]) -> str:
    return f"{_(texts.DAYS_QUESTION)}\n\n{chosen_days_text(days)}"


def chosen_days_text(days: Sequence[int]) -> str:
    """'Chosen: Mon, Wed, Fri' (or none yet), under the days question or typed days."""
    return _(texts.DAYS_CHOSEN).format(days=schedule_input.format_days(days)) if days else _(texts.DAYS_NONE_CHOSEN)


def days_markup(flow: str, days: Sequence[int]) -> InlineKeyboardMarkup:
    """Weekday toggles (a tick shows the current choice) and Done."""

    def button(day: int) -> tuple[str, str]:
        name = day_name(day, short=True)
        label = _(texts.DAY_TICKED).format(day=name) if day in days else name
        return label, callbacks.make(flow, "day", day)

    return keyboards.choices(
        [
            [button(d) for d in range(4)],
            [button(d) for d in range(4, 7)],
            [(_(texts.DAYS_DONE), callbacks.make(flow, "days", "ok"))],
        ]
    )


def few_days_markup(flow: str) -> InlineKeyboardMarkup:
    return keyboards.choices(
        [
            [
                (_(texts.DAYS_ADD_MORE), callbacks.make(flow, "days", "more")),
                (_(texts.DAYS_KEEP), callbacks.make(flow, "days", "keep")),
            ]
        ]
    )


def time_markup(flow: str) -> InlineKeyboardMarkup:
    buttons = [(schedule_input.format_time(t), callbacks.make(flow, "time", t.strftime("%H%M"))) for t in TIME_CHOICES]
    return keyboards.choices([buttons[:4], buttons[4:]])


def time_from_data(data: str | None) -> time | None:
    """'0730' -> 07:30; None for anything malformed (callback data is never trusted)."""
    if data is None or len(data) != 4 or not data.isdigit():
        return None
    return schedule_input.parse_time(f"{data[:2]}:{data[2:]}").value


def zone_markup(flow: str, default_zone: str) -> InlineKeyboardMarkup:
    zones = schedule_input.offered_zones(default_zone)
    buttons = [
        (schedule_input.zone_label(z), callbacks.make(flow, "tz", schedule_input.zone_to_data(z))) for z in zones
    ]
    return keyboards.choices([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def zone_confirm_text(now_utc: datetime, zone: str) -> str:
    local = schedule_input.local_now(now_utc, zone)
    weekday = day_name(local.weekday())
    return _(texts.ZONE_CONFIRM).format(clock=local.strftime("%H:%M"), weekday=weekday, zone=html.escape(zone))


def zone_confirm_markup(flow: str) -> InlineKeyboardMarkup:
    return keyboards.choices(
        [[(_(texts.ZONE_YES), callbacks.make(flow, "zok", "yes")), (_(texts.ZONE_NO), callbacks.make(flow,
            "zok", "no"))]]
    )


def zone_from_message(update: Update) -> schedule_input.ZoneReading:
    """A zone from a typed city / IANA name or a shared location."""
    message = update.effective_message
    if message is not None and message.location is not None:
        return schedule_input.zone_at(message.location.latitude, message.location.longitude)
    return schedule_input.resolve_zone(text_of(update))


# ------------------------------------------------------------------------------------ reading answers ---


async def toggle_day_press(update: Update, context: Context, flow: str) -> None:
    """A weekday tapped: store the new choice at once and redraw the picker in place."""
    press = pressed(update)
    day = press.int_arg(0) if press else None
    if day is None or day not in schedule_input.WEEKDAYS:
        await answer_press(update, _(texts.DAYS_HINT))
        return
    svc = services(context)
    days = await settings.toggle_day(svc.db, user_id(update), day, svc.clock())
    await answer_press(update)
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_text(days_text(days), reply_markup=days_markup(flow, days))
    except TelegramError:  # an identical redraw is refused by Telegram; the choice is stored either way
        pass


async def typed_days(update: Update, context: Context, flow: str) -> bool:
    """Days typed at the days question ("Mon, Wed and Fri", "weekdays"): ticked and stored, and the picker
    shown again with them for Done. False when the text names no day (the flow gives its hint)."""
    days = schedule_input.parse_days(text_of(update))
    if days is None:
        return False
    svc = services(context)
    await settings.set_days(svc.db, user_id(update), days, svc.clock())
    await reply(update, f"{_(texts.DAYS_TYPED)}\n\n{chosen_days_text(days)}", days_markup(flow, days))
    return True


async def days_done_input(update: Update, context: Context, flow: str) -> tuple[int, ...] | None:
    """Done / Keep my choice / Add days: the accepted days, or None when the picker dealt with the press
    itself (no day yet, the fewer-than-3 nudge, the picker shown again, or a malformed press)."""
    press = pressed(update)
    action = press.arg(0) if press else None
    if action not in ("ok", "keep", "more"):
        await answer_stale(update, _(STALE_BUTTON))
        return None
    chosen = await settings.load_settings(services(context).db, user_id(update))
    days = chosen.days if chosen else ()
    if action == "more":
        await answer_press(update)
        await reply(update, days_text(days), days_markup(flow, days))
        return None
    if not days:
        await answer_press(update, _(texts.DAYS_PICK_ONE))
        return None
    await answer_press(update)
    if action == "ok" and days_choice_needs_nudge(days):
        await reply(update, texts.days_few(len(days)), few_days_markup(flow))
        return None
    return days


async def time_input(update: Update, flow: str) -> time | None:
    """A reminder time from a button or typed text; otherwise a hint and the time buttons again (None)."""
    if update.callback_query is not None:
        press = pressed(update)
        chosen = time_from_data(press.arg(0) if press else None)
        await _taken(update, chosen is not None)
        return chosen
    reading = schedule_input.parse_time(text_of(update))
    if reading.value is None:
        await reply(update, _above(texts.problem_text(reading.problem), _(texts.TIME_QUESTION)), time_markup(flow))
    return reading.value


async def zone_input(update: Update, context: Context, flow: str) -> str | None:
    """A timezone from a button, a typed city or IANA name, or a shared location; otherwise a hint (None)."""
    if update.callback_query is not None:
        press = pressed(update)
        zone = schedule_input.zone_from_data(press.arg(0) if press else None)
        await _taken(update, zone is not None)
        return zone
    reading = zone_from_message(update)
    if reading.zone is None:
        markup = zone_markup(flow, services(context).default_timezone)
        await reply(update, _above(texts.problem_text(reading.problem), _(texts.ZONE_QUESTION)), markup)
    return reading.zone


async def _taken(update: Update, taken: bool) -> None:
    """Answer a picker's press: taken, or one that names nothing (forged): stale, its buttons left in place
    and the question being asked shown again (``conversations.pending``)."""
    if taken:
        await answer_press(update)
    else:
        await answer_stale(update, _(STALE_BUTTON))


async def zone_confirm_input(update: Update) -> bool | None:
    """'Is that your local time?': True / False, or None for a malformed press."""
    press = pressed(update)
    if press is None or press.arg(0) not in ("yes", "no"):
        await answer_stale(update, _(STALE_BUTTON))
        return None
    await answer_press(update)
    return press.arg(0) == "yes"
