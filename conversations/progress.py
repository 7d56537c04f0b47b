"""/status and /progress: level, pause state, this week against the goal, the last 5 weeks and a chart.

Both are single commands (no conversation): read the user's profile, sessions and pain scores in one short
read-only transaction, let `coach.schedule` count (week status, tolerant streak, adherence), and render.
Weeks are ISO weeks of the user's own calendar: the profile's timezone (or the bot's default) and the clock
in `services(context)`. A user who has not finished onboarding is pointed to /start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CallbackContext, CommandHandler

from coach import rules
from coach.records import SessionRecord
from coach.schedule import DAYS_IN_WEEK, local_instant, week_start, week_status, weekly_streak
from conversations.charts import WEEKS_SHOWN, has_data, render_progress_chart, summarise_weeks
from conversations.common import reply
from conversations.context import Services, services
from conversations.texts import progress as texts
from storage.models import PainCheckin, Profile, SessionLog
from storage.repositories import pain, profiles, session_logs
from storage.values import SessionStatus

Context = CallbackContext[Any, Any, Any, Any]

# How far back /status looks for the weekly streak. *Design choice*: two years of sessions (at most one a day
# counts) is a small read, and a streak longer than that is shown as that long.
STREAK_LOOKBACK_WEEKS = 104


@dataclass(frozen=True)
class History:
    """What /status and /progress show, read from the database, on the user's local calendar."""

    profile: Profile
    today: date
    goal: int
    sessions: tuple[SessionRecord, ...]
    pain: tuple[tuple[date, int], ...]  # (local date, score) of every check-in in the window
    paused_since: date | None


def onboarded(profile: Profile | None) -> bool:
    """Has the user finished onboarding (so there is a programme to report on)?"""
    return profile is not None and profile.onboarded_at is not None


def user_zone(profile: Profile, default_timezone: str) -> ZoneInfo:
    """The user's zone; the bot's default if they have none (or an unknown one)."""
    for name in (profile.timezone, default_timezone):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def weekly_goal(profile: Profile) -> int:
    """The user's weekly goal, or the default if the stored one is not a valid choice."""
    goal = profile.weekly_goal
    return goal if goal in rules.WEEKLY_GOAL_CHOICES else rules.WEEKLY_GOAL_DEFAULT


def session_records(logs: Iterable[SessionLog]) -> tuple[SessionRecord, ...]:
    """Session rows as the coach sees them: a day, and whether the session was completed."""
    return tuple(
        SessionRecord(local_date=log.local_date, completed=log.status == SessionStatus.COMPLETED) for log in logs
    )


def local_scores(checkins: Iterable[PainCheckin], zone: ZoneInfo) -> tuple[tuple[date, int], ...]:
    """Pain check-ins as (local date, score)."""
    return tuple((checkin.recorded_at.astimezone(zone).date(), checkin.score) for checkin in checkins)


async def load_history(svc: Services, user_id: int, weeks: int, with_pain: bool) -> History | None:
    """The last ``weeks`` weeks of the user (None before onboarding is finished), in one transaction."""
    now = svc.clock()
    async with svc.db.session() as session:
        profile = await profiles.get_profile(session, user_id)
        if profile is None or not onboarded(profile):
            return None
        zone = user_zone(profile, svc.default_timezone)
        today = now.astimezone(zone).date()
        first = week_start(today) - timedelta(days=DAYS_IN_WEEK * (weeks - 1))
        logs = await session_logs.recent_sessions(session, user_id, since=first, until=today)
        checkins = []
        if with_pain:
            since = local_instant(first, time(0), zone)
            until = local_instant(week_start(today) + timedelta(days=DAYS_IN_WEEK), time(0), zone)
            checkins = await pain.pain_in_window(session, user_id, since=since, until=until)
    paused_at: datetime | None = profile.paused_at
    return History(
        profile=profile,
        today=today,
        goal=weekly_goal(profile),
        sessions=session_records(logs),
        pain=local_scores(checkins, zone),
        paused_since=paused_at.astimezone(zone).date() if paused_at else None,
    )


async def status(update: Update, context: Context) -> None:
    """/status: level, pause, this week against the goal, and the weekly streak."""
    if update.effective_user is None:
        return
    history = await load_history(services(context), update.effective_user.id, STREAK_LOOKBACK_WEEKS, False)
    if history is None:
        await reply(update, texts.SET_UP_FIRST)
        return
    week = week_status(history.sessions, history.today, history.goal)
    streak = weekly_streak(history.sessions, history.today, history.goal)
    profile = history.profile
    text = texts.status_text(profile.level, history.paused_since, profile.paused, week.done, week.goal, streak)
    await reply(update, text)


async def show_progress(update: Update, context: Context) -> None:
    """/progress: the last 5 weeks as text, then as a chart."""
    if update.effective_user is None or update.effective_chat is None:
        return
    history = await load_history(services(context), update.effective_user.id, WEEKS_SHOWN, True)
    if history is None:
        await reply(update, texts.SET_UP_FIRST)
        return
    weeks = summarise_weeks(history.sessions, history.pain, history.today, history.goal, WEEKS_SHOWN)
    if not has_data(weeks):
        await reply(update, texts.NO_DATA)
        return
    await reply(update, texts.progress_text(weeks))
    bot, chat_id = update.get_bot(), update.effective_chat.id
    await bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    chart = await render_progress_chart(weeks, texts.CHART_TITLE)
    await bot.send_photo(chat_id, photo=chart, caption=texts.CHART_CAPTION)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The handlers of this flow."""
    return [CommandHandler("status", status), CommandHandler("progress", show_progress)]
