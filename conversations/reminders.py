"""Reminder messages and their buttons: Start now (the session flow's ``sess:start``), Snooze 1 hour, Skip today.

The ticker (``bot.scheduler``) sends what this module composes; the buttons come back here with the prefix
``rem``: ``rem:snooze:<yyyymmdd>`` and ``rem:skip:<yyyymmdd>`` carry the user's local date of the reminder,
so a press on an earlier day's reminder gets the polite stale-button answer. The weekly summary may
propose the next level (``coach.progression.propose_level_up``): ``rem:lvl:<from>:<to>:yes|no``; the proposal
is checked again when pressed, and only applied if the coach still proposes it (the user decides). At level 3,
once every other requirement of the level-4 gate is met (``coach.progression.level4_gate``), it offers the
loaded lifts instead, only to a user who confirms good technique or a trainer: ``rem:l4:yes|no``.

The next-morning follow-up row is written by the check-in flow (``usecases.reminder_rows``) and sent by
the ticker through ``conversations.checkin.start_followup``.

The doctor reminder (a week after the doctor check's "not yet") asks whether they have seen a doctor:
``rem:doc:yes`` records the check as /settings does (strengthening opens), ``rem:doc:no`` only says that
/settings takes the answer any time (the reminder is sent once and not again).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from coach import rules
from coach.progression import (
    GateClosed,
    GateRequirement,
    LevelChange,
    apply_level,
    level4_gate,
    progress_holds,
    propose_level_up,
    unlock_level4,
)
from coach.schedule import local_instant, week_start, week_status
from conversations import callbacks, keyboards
from conversations.context import services
from conversations.kit import Context, answer_press, drop_buttons, pressed, reply, user_id
from conversations.texts import reminders as texts
from conversations.texts.common import STALE_BUTTON
from storage import models
from storage.repositories import pain, profiles, reminders, session_logs
from storage.values import ReminderKind
from usecases import records, settings
from usecases.progress import PAIN_SHOWN

FLOW = "rem"
SNOOZE_FOR = timedelta(hours=1)
DATE_FORMAT = "%Y%m%d"
HOLDS_LOOKBACK = timedelta(days=14)
#: Sessions read for the level-4 gate: its hip-hinge greens may be older than the two green weeks.
LEVEL4_HISTORY_DAYS = 90


# ------------------------------------------------------------------------------------------- messages ---


def session_buttons(local_day: date) -> InlineKeyboardMarkup:
    """Start now / Snooze 1 hour / Skip today for the reminder of ``local_day``."""
    stamp = local_day.strftime(DATE_FORMAT)
    return keyboards.choices([
        [(texts.START_NOW, callbacks.make("sess", "start"))],
        [
            (texts.SNOOZE, callbacks.make(FLOW, "snooze", stamp)),
            (texts.SKIP_TODAY, callbacks.make(FLOW, "skip", stamp)),
        ],
    ])


def session_text(profile: models.Profile | None) -> str:
    """The session reminder; a gentle one while /pain has paused progression."""
    return texts.SESSION_GENTLE if profile is not None and profile.paused else texts.SESSION


async def weekly_summary(
    session: AsyncSession, profile: models.Profile, zone: ZoneInfo, now: datetime
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Sessions against the weekly goal, the pain trend against last week, and any level-up on offer."""
    today = now.astimezone(zone).date()
    monday = week_start(today)
    logs = await session_logs.recent_sessions(session, profile.user_id, since=monday, until=today)
    status = week_status(records.session_records(logs), today, profile.weekly_goal)
    this_week = await _average_pain(session, profile.user_id, zone, monday, now)
    last_week = await _average_pain(session, profile.user_id, zone, monday - timedelta(days=7), None)
    met = texts.WEEKLY_MET if status.met else texts.WEEKLY_NOT_MET
    body = texts.WEEKLY.format(done=status.done, goal=status.goal, met=met, pain=_trend(this_week, last_week))
    change = await proposed_level(session, profile.user_id, zone, now)
    if change is not None:
        return body + texts.LEVEL_UP_OFFER.format(level=change.to_level), _level_buttons(change)
    if await level4_on_offer(session, profile.user_id, zone, now):
        return body + texts.LEVEL4_OFFER, _level4_buttons()
    return body + texts.WEEKLY_CLOSING, None


async def proposed_level(session: AsyncSession, user_id: int, zone: ZoneInfo, now: datetime) -> LevelChange | None:
    """The level-up the coach proposes now (two good weeks, no holds), or None."""
    state = await records.load_user_state(session, user_id, str(zone.key), now)
    since = state.today - timedelta(days=rules.LEVEL_UP_MIN_DAYS - 1)
    logs = await session_logs.recent_sessions(session, user_id, since=since, until=state.today)
    window = await pain.pain_in_window(session, user_id, since=now - HOLDS_LOOKBACK, until=now + timedelta(seconds=1))
    holds = progress_holds(state.profile, records.pain_records(window), now)
    return propose_level_up(state.profile, records.session_records(logs), state.today, holds)


async def level4_on_offer(session: AsyncSession, user_id: int, zone: ZoneInfo, now: datetime) -> bool:
    """At level 3 with every level-4 requirement met but the technique (which only the user can confirm)."""
    state = await records.load_user_state(session, user_id, str(zone.key), now)
    if state.profile.level != rules.LEVEL_OPEN_MAX or state.profile.level4_unlocked or state.profile.paused:
        return False
    since = state.today - timedelta(days=LEVEL4_HISTORY_DAYS)
    logs = await session_logs.recent_sessions(session, user_id, since=since, until=state.today)
    missing = level4_gate(state.profile, records.session_records(logs), state.today).missing
    return set(missing) <= {GateRequirement.TECHNIQUE_CONFIRMED}


def _level4_buttons() -> InlineKeyboardMarkup:
    return keyboards.choices([
        [(texts.LEVEL4_YES, callbacks.make(FLOW, "l4", "yes"))],
        [(texts.LEVEL4_NO, callbacks.make(FLOW, "l4", "no"))],
    ])


def _level_buttons(change: LevelChange) -> InlineKeyboardMarkup:
    levels = (change.from_level, change.to_level)
    return keyboards.choices([[
        (texts.LEVEL_UP_YES, callbacks.make(FLOW, "lvl", *levels, "yes")),
        (texts.LEVEL_UP_NO, callbacks.make(FLOW, "lvl", *levels, "no")),
    ]])


async def _average_pain(
    session: AsyncSession, user_id: int, zone: ZoneInfo, monday: date, until: datetime | None
) -> float | None:
    start = local_instant(monday, time(0), zone)
    end = until or local_instant(monday + timedelta(days=7), time(0), zone)
    rows = await pain.pain_in_window(session, user_id, since=start, until=end, contexts=[PAIN_SHOWN])  # never mixed
    return sum(row.score for row in rows) / len(rows) if rows else None


def _trend(now: float | None, before: float | None) -> str:
    if now is None:
        return texts.PAIN_NONE
    if before is None:
        return texts.PAIN_ONLY.format(now=now)
    if now <= before - 1:
        return texts.PAIN_LOWER.format(now=now, before=before)
    if now >= before + 1:
        return texts.PAIN_HIGHER.format(now=now, before=before)
    return texts.PAIN_SAME.format(now=now)


# ------------------------------------------------------------------------------------------ buttons ---


async def _stale(update: Update) -> None:
    await answer_press(update, STALE_BUTTON)


async def _today_of(context: Context, user_id: int) -> tuple[date, datetime]:
    svc = services(context)
    now = svc.clock()
    async with svc.db.reading() as session:
        profile = await profiles.get_profile(session, user_id)
    return records.local_date(profile, svc.default_timezone, now), now


async def _pressed_today(update: Update, context: Context) -> date | None:
    """The reminder's local date if it is the user's today, else None (a stale button)."""
    press = pressed(update)
    if press is None:
        return None
    today, _ = await _today_of(context, user_id(update))
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
    now = svc.clock()
    async with svc.db.session() as session:
        row = await reminders.get_reminder(session, user_id(update), ReminderKind.SESSION)
        if row is None or row.id is None or not row.enabled:
            row = None
        else:
            await reminders.snooze_reminder(session, row.id, now + SNOOZE_FOR, now=now)
    if row is None:
        return await _stale(update)
    await _close(update, texts.SNOOZED)


async def skip_pressed(update: Update, context: Context) -> None:
    """Skip today: recorded, so neither the snoozed reminder nor the nudge comes today."""
    today = await _pressed_today(update, context)
    if today is None:
        return await _stale(update)
    svc = services(context)
    async with svc.db.session() as session:
        await reminders.record_skip(session, user_id=user_id(update), local_date=today, now=svc.clock())
    await _close(update, texts.SKIPPED)


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
        return await _close(update, texts.LEVEL_UP_DECLINED)
    svc = services(context)
    now, uid = svc.clock(), user_id(update)
    async with svc.db.session() as session:
        row = await profiles.get_profile(session, uid)
        zone = records.user_zone(row, svc.default_timezone)
        change = await proposed_level(session, uid, zone, now)
        if change is None or (change.from_level, change.to_level) != (press.int_arg(0), press.int_arg(1)):
            change = None
        else:
            state = await records.load_user_state(session, uid, svc.default_timezone, now)
            profile, fitted = apply_level(state.profile, state.progress, change, state.today)
            await profiles.update_profile(session, uid, now=now, **records.profile_changes(profile))
            await records.save_progress(session, uid, fitted, state.progress, now)
    if change is None:
        return await _stale(update)
    await _close(update, texts.LEVEL_UP_DONE.format(level=change.to_level))


async def level4_pressed(update: Update, context: Context) -> None:
    """Level 4: the user confirms good technique or a trainer; unlocked only if the gate is otherwise open."""
    answered = _yes_or_no(update, 0)
    if answered is None:
        return await _stale(update)
    if answered[1] == "no":
        return await _close(update, texts.LEVEL4_DECLINED)
    svc = services(context)
    now, uid = svc.clock(), user_id(update)
    async with svc.db.session() as session:
        zone = records.user_zone(await profiles.get_profile(session, uid), svc.default_timezone)
        unlocked = await level4_on_offer(session, uid, zone, now)
        if unlocked:
            state = await records.load_user_state(session, uid, svc.default_timezone, now)
            since = state.today - timedelta(days=LEVEL4_HISTORY_DAYS)
            logs = await session_logs.recent_sessions(session, uid, since=since, until=state.today)
            confirmed = replace(state.profile, technique_confirmed=True)
            try:
                profile = unlock_level4(confirmed, records.session_records(logs), state.today)
            except GateClosed:
                return await _stale(update)
            change = LevelChange(state.profile.level, profile.level)
            profile, fitted = apply_level(profile, state.progress, change, state.today)
            await profiles.update_profile(
                session, uid, now=now, technique_confirmed_at=now, **records.profile_changes(profile)
            )
            await records.save_progress(session, uid, fitted, state.progress, now)
    if not unlocked:
        return await _stale(update)
    await _close(update, texts.LEVEL4_DONE)


def doctor_buttons() -> InlineKeyboardMarkup:
    """The doctor reminder's answers."""
    return keyboards.choices([
        [(texts.DOCTOR_FINE, callbacks.make(FLOW, "doc", "yes"))],
        [(texts.DOCTOR_NOT_YET, callbacks.make(FLOW, "doc", "no"))],
    ])


async def doctor_pressed(update: Update, context: Context) -> None:
    """Yes: the doctor check is recorded with its date (strengthening opens); Not yet: /settings any time."""
    answered = _yes_or_no(update, 0)
    if answered is None:
        return await _stale(update)
    if answered[1] == "no":
        return await _close(update, texts.DOCTOR_NOT_YET_NOTED)
    svc = services(context)
    chosen = await settings.load_settings(svc.db, user_id(update))
    if chosen is None or not chosen.onboarded:
        return await _stale(update)
    if not chosen.doctor_cleared:
        await settings.record_doctor_check(svc.db, user_id(update), svc.clock())
    await _close(update, texts.DOCTOR_CONFIRMED)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The reminder buttons (Start now belongs to the session flow)."""
    return [
        CallbackQueryHandler(doctor_pressed, pattern=callbacks.pattern(FLOW, "doc")),
        CallbackQueryHandler(snooze_pressed, pattern=callbacks.pattern(FLOW, "snooze")),
        CallbackQueryHandler(skip_pressed, pattern=callbacks.pattern(FLOW, "skip")),
        CallbackQueryHandler(level_pressed, pattern=callbacks.pattern(FLOW, "lvl")),
        CallbackQueryHandler(level4_pressed, pattern=callbacks.pattern(FLOW, "l4")),
    ]
