"""Reminder messages and their buttons: Start now (the session flow's ``sess:start``), Snooze 1 hour, Skip today.

The use cases behind them (the weekly summary's facts, snooze, skip, the levels) are ``usecases.reminders``.

The ticker (``bot.scheduler``) sends what this module composes; the buttons come back here with the prefix
``rem``: ``rem:snooze:<yyyymmdd>`` and ``rem:skip:<yyyymmdd>`` carry the user's local date of the reminder,
so a press on an earlier day's reminder gets the polite stale-button answer. The weekly summary may
propose the next level (``coach.progression.propose_level_up``): ``rem:lvl:<from>:<to>:yes|no``; the proposal
is checked again when pressed, and only applied if the coach still proposes it (the user decides). At level 3,
once every other requirement of the level-4 gate is met (``coach.progression.level4_gate``), it offers the
loaded lifts instead, only to a user who confirms good technique or a trainer: ``rem:l4:yes|no``.

The next-morning follow-up row is written by the check-in flow (``usecases.reminder_rows``) and sent by
the ticker (``usecases.checkin.open_followup``, ``conversations.checkin.send_followup``).

The doctor reminder (a week after the doctor check's "not yet") asks whether they have seen a doctor:
``rem:doc:yes`` records the check as /settings does (strengthening opens), ``rem:doc:no`` only says that
/settings takes the answer any time (the reminder is sent once and not again).

The buttons are held like every flow's (``conversations.pending.flow_handler``, asking nothing themselves):
what they write (a snooze, a skipped day, a level, the doctor check: ``usecases.reminders``, ``usecases.settings``)
commits before the reply goes, and the ticker reads it in units of its own. A stale or forged press leaves the
reminder's buttons where they are; while the user is being asked something (onboarding, a session card, a
check-in, /settings) that question comes again after the pop-up, its reply may have been lost. A level offer
pressed again once applied says the level again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from coach.progression import LevelChange
from conversations import callbacks, keyboards
from conversations.context import services
from conversations.kit import Context, answer_press, answer_stale, drop_buttons, pressed, reply, user_id
from conversations.measures import checkup_button
from conversations.pending import Callback, flow_handler
from conversations.texts import reminders as texts
from conversations.texts.common import STALE_BUTTON
from locales import Number, _
from storage import models
from usecases import reminders as reminder_actions
from usecases import settings
from usecases.reminders import WeeklyFacts

FLOW = "rem"
DATE_FORMAT = "%Y%m%d"


# ------------------------------------------------------------------------------------------- messages ---


def session_buttons(local_day: date) -> InlineKeyboardMarkup:
    """Start now / Snooze 1 hour / Skip today for the reminder of ``local_day``."""
    stamp = local_day.strftime(DATE_FORMAT)
    return keyboards.choices([
        [(_(texts.START_NOW), callbacks.make("sess", "start"))],
        [
            (_(texts.SNOOZE), callbacks.make(FLOW, "snooze", stamp)),
            (_(texts.SKIP_TODAY), callbacks.make(FLOW, "skip", stamp)),
        ],
    ])


def session_text(profile: models.Profile | None) -> str:
    """The session reminder; a gentle one while /pain has paused progression."""
    return _(texts.SESSION_GENTLE) if profile is not None and profile.paused else _(texts.SESSION)


def weekly_summary(facts: WeeklyFacts) -> tuple[str, InlineKeyboardMarkup | None]:
    """Sessions against the weekly goal, the pain trend against last week, and any level-up on offer."""
    met = _(texts.WEEKLY_MET) if facts.met else _(texts.WEEKLY_NOT_MET)
    trend = _trend(facts.pain_now, facts.pain_before)
    parts = ", ".join(_(texts.ENDED[status]).format(n=n) for status, n in facts.ended if status in texts.ENDED)
    how = _(texts.WEEKLY_HOW).format(parts=parts) if parts else ""
    body = _(texts.WEEKLY).format(done=facts.done, goal=facts.goal, met=met, how=how, pain=trend)
    body += _(texts.FUNCTION.get(facts.function, ""))
    body += _(texts.SEE_CLINICIAN) if facts.see_clinician else ""
    if facts.level_up is not None:
        offer = _(texts.LEVEL_UP_OFFER).format(level=facts.level_up.to_level)
        return body + offer + _(texts.CHECKUP_OFFER), _level_buttons(facts.level_up)
    if facts.level4:
        return body + _(texts.LEVEL4_OFFER) + _(texts.CHECKUP_OFFER), _level4_buttons()
    return body + _(texts.WEEKLY_CLOSING) + _(texts.CHECKUP_OFFER), keyboards.choices([[checkup_button()]])


def _level4_buttons() -> InlineKeyboardMarkup:
    return keyboards.choices([
        [(_(texts.LEVEL4_YES), callbacks.make(FLOW, "l4", "yes"))],
        [(_(texts.LEVEL4_NO), callbacks.make(FLOW, "l4", "no"))],
        [checkup_button()],
    ])


def _level_buttons(change: LevelChange) -> InlineKeyboardMarkup:
    levels = (change.from_level, change.to_level)
    return keyboards.choices([
        [
            (_(texts.LEVEL_UP_YES), callbacks.make(FLOW, "lvl", *levels, "yes")),
            (_(texts.LEVEL_UP_NO), callbacks.make(FLOW, "lvl", *levels, "no")),
        ],
        [checkup_button()],
    ])


def _trend(now: float | None, before: float | None) -> str:
    if now is None:
        return _(texts.PAIN_NONE)
    if before is None:
        return _(texts.PAIN_ONLY).format(now=Number(now))
    if now <= before - 1:
        return _(texts.PAIN_LOWER).format(now=Number(now), before=Number(before))
    if now >= before + 1:
        return _(texts.PAIN_HIGHER).format(now=Number(now), before=Number(before))
    return _(texts.PAIN_SAME).format(now=Number(now))


# ------------------------------------------------------------------------------------------ buttons ---


async def _stale(update: Update) -> None:
    """An old or forged press: the pop-up, the buttons left alone; the question being asked comes again, if any."""
    await answer_stale(update, _(STALE_BUTTON))


async def _pressed_today(update: Update, context: Context) -> date | None:
    """The reminder's local date if it is the user's today, else None (a stale button)."""
    press = pressed(update)
    if press is None:
        return None
    svc = services(context)
    today = await reminder_actions.today_of(svc.db, user_id(update), svc.clock(), svc.default_timezone)
    return today if press.arg(0) == today.strftime(DATE_FORMAT) else None


async def _close(update: Update, text: str) -> None:
    """The press is taken: its spinner stopped, the reminder's buttons removed, and what was done said."""
    await answer_press(update)
    await drop_buttons(update)
    await reply(update, text)


async def snooze_pressed(update: Update, context: Context) -> None:
    """Snooze 1 hour: the session reminder fires again an hour from now."""
    today = await _pressed_today(update, context)
    if today is None:
        return await _stale(update)
    svc = services(context)
    if not await reminder_actions.snooze(svc.db, user_id(update), svc.clock()):
        return await _stale(update)
    await _close(update, _(texts.SNOOZED))


async def skip_pressed(update: Update, context: Context) -> None:
    """Skip today: recorded, so neither the snoozed reminder nor the nudge comes today."""
    today = await _pressed_today(update, context)
    if today is None:
        return await _stale(update)
    svc = services(context)
    await reminder_actions.skip_day(svc.db, user_id(update), today, svc.clock())
    await _close(update, _(texts.SKIPPED))


def _yes_or_no(update: Update, index: int) -> tuple[callbacks.Callback, str] | None:
    """The press and its yes / no answer (argument ``index``), or None for a malformed press."""
    press = pressed(update)
    if press is None or press.arg(index) not in ("yes", "no"):
        return None
    return press, str(press.arg(index))


async def level_pressed(update: Update, context: Context) -> None:
    """Accept or decline the proposed level: applied only if it is still what the coach proposes."""
    answered = _yes_or_no(update, 2)
    if answered is None:
        return await _stale(update)
    press, answer = answered
    if answer == "no":
        return await _close(update, _(texts.LEVEL_UP_DECLINED))
    svc = services(context)
    offered = (press.int_arg(0), press.int_arg(1))
    level = await reminder_actions.accept_level(svc.db, user_id(update), offered, svc.clock(), svc.default_timezone)
    if level is None:
        return await _stale(update)
    await _close(update, _(texts.LEVEL_UP_DONE).format(level=level))


async def level4_pressed(update: Update, context: Context) -> None:
    """Level 4: the user confirms good technique or a trainer; unlocked only if the gate is otherwise open."""
    answered = _yes_or_no(update, 0)
    if answered is None:
        return await _stale(update)
    if answered[1] == "no":
        return await _close(update, _(texts.LEVEL4_DECLINED))
    svc = services(context)
    unlocked = await reminder_actions.confirm_technique(svc.db, user_id(update), svc.clock(), svc.default_timezone)
    if not unlocked:
        return await _stale(update)
    await _close(update, _(texts.LEVEL4_DONE))


def doctor_buttons() -> InlineKeyboardMarkup:
    """The doctor reminder's answers."""
    return keyboards.choices([
        [(_(texts.DOCTOR_FINE), callbacks.make(FLOW, "doc", "yes"))],
        [(_(texts.DOCTOR_NOT_YET), callbacks.make(FLOW, "doc", "no"))],
    ])


async def doctor_pressed(update: Update, context: Context) -> None:
    """Yes: the doctor check is recorded with its date (strengthening opens); Not yet: /settings any time."""
    answered = _yes_or_no(update, 0)
    if answered is None:
        return await _stale(update)
    if answered[1] == "no":
        return await _close(update, _(texts.DOCTOR_NOT_YET_NOTED))
    svc = services(context)
    chosen = await settings.load_settings(svc.db, user_id(update))
    if chosen is None or not chosen.onboarded:
        return await _stale(update)
    if not chosen.doctor_cleared:
        await settings.record_doctor_check(svc.db, user_id(update), svc.clock())
    await _close(update, _(texts.DOCTOR_CONFIRMED))


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The reminder buttons (Start now belongs to the session flow)."""
    buttons: dict[str, Callback] = {
        "doc": doctor_pressed, "snooze": snooze_pressed, "skip": skip_pressed, "lvl": level_pressed,
        "l4": level4_pressed,
    }
    return [
        CallbackQueryHandler(flow_handler(None, callback), pattern=callbacks.pattern(FLOW, action))
        for action, callback in buttons.items()
    ]
