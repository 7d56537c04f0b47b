"""/status and /progress: level, pause state, this week against the goal, the last 5 weeks and a chart.

Both are single commands (no conversation): read the user's profile, sessions and pain scores in one short
read-only transaction (rows become coach records through `usecases.records`, so a session stopped for
pain counts as done here exactly as it does for the coach), let `coach.schedule` count (week status, tolerant
streak, adherence), and render. Weeks are ISO weeks of the user's own calendar: the profile's timezone (or the
bot's default) and the clock in `services(context)`. A user who has not finished onboarding is pointed to
/start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CallbackContext, CommandHandler

from coach import rules
from coach.records import SessionRecord
from coach.schedule import DAYS_IN_WEEK, local_instant, week_start, week_status, weekly_streak
from coach.screening import Access
from conversations.charts import WEEKS_SHOWN, has_data, render_progress_chart, summarise_weeks
from conversations.context import Services, services
from conversations.kit import reply
from conversations.texts import progress as texts
from storage.models import PainCheckin
from storage.repositories import pain, session_logs
from usecases import records

Context = CallbackContext[Any, Any, Any, Any]

# How far back /status looks for the weekly streak. *Design choice*: two years of sessions (at most one a day
# counts) is a small read, and a streak longer than that is shown as that long.
STREAK_LOOKBACK_WEEKS = 104


@dataclass(frozen=True)
class History:
    """What /status and /progress show, read from the database, on the user's local calendar."""

    level: int
    access: Access
    paused: bool
    paused_since: date | None
    today: date
    goal: int
    sessions: tuple[SessionRecord, ...]
    pain: tuple[tuple[date, int], ...]  # (local date, score) of every check-in in the window
    started: date  # the local date onboarding finished: weeks before it are not the user's

    def weeks_since_start(self, most: int) -> int:
        """How many weeks /progress shows: up to ``most``, never a week from before the user started."""
        weeks = (week_start(self.today) - week_start(self.started)).days // DAYS_IN_WEEK + 1
        return max(1, min(most, weeks))


def weekly_goal(goal: int) -> int:
    """The user's weekly goal, or the default if the stored one is not a valid choice."""
    return goal if goal in rules.WEEKLY_GOAL_CHOICES else rules.WEEKLY_GOAL_DEFAULT


def local_scores(checkins: Iterable[PainCheckin], zone: ZoneInfo) -> tuple[tuple[date, int], ...]:
    """Pain check-ins as (local date, score)."""
    return tuple((checkin.recorded_at.astimezone(zone).date(), checkin.score) for checkin in checkins)


async def load_history(svc: Services, user_id: int, weeks: int, with_pain: bool) -> History | None:
    """The last ``weeks`` weeks of the user (None before onboarding is finished), in one transaction."""
    async with svc.db.session() as session:
        state = await records.load_user_state(session, user_id, svc.default_timezone, svc.clock())
        if state.row is None or not state.onboarded:
            return None
        zone = records.user_zone(state.row, svc.default_timezone)
        first = week_start(state.today) - timedelta(days=DAYS_IN_WEEK * (weeks - 1))
        logs = await session_logs.recent_sessions(session, user_id, since=first, until=state.today)
        checkins = []
        if with_pain:
            since = local_instant(first, time(0), zone)
            until = local_instant(week_start(state.today) + timedelta(days=DAYS_IN_WEEK), time(0), zone)
            checkins = await pain.pain_in_window(session, user_id, since=since, until=until)
    paused_at: datetime | None = state.row.paused_at
    onboarded_at: datetime | None = state.row.onboarded_at
    return History(
        level=state.profile.level,
        access=state.profile.access,
        paused=state.profile.paused,
        paused_since=paused_at.astimezone(zone).date() if paused_at else None,
        today=state.today,
        goal=weekly_goal(state.profile.weekly_goal),
        sessions=tuple(records.session_records(logs)),
        pain=local_scores(checkins, zone),
        started=onboarded_at.astimezone(zone).date() if onboarded_at else state.today,
    )


async def status(update: Update, context: Context) -> None:
    """/status: level, pause (or the safety hold), this week against the goal, and the weekly streak."""
    if update.effective_user is None:
        return
    history = await load_history(services(context), update.effective_user.id, STREAK_LOOKBACK_WEEKS, False)
    if history is None:
        await reply(update, texts.SET_UP_FIRST)
        return
    week = week_status(history.sessions, history.today, history.goal)
    streak = weekly_streak(history.sessions, history.today, history.goal)
    progression = texts.progression_line(history.access, history.paused, history.paused_since)
    await reply(update, texts.status_text(history.level, progression, week.done, week.goal, streak))


async def show_progress(update: Update, context: Context) -> None:
    """/progress: the last 5 weeks as text, then as a chart."""
    if update.effective_user is None or update.effective_chat is None:
        return
    history = await load_history(services(context), update.effective_user.id, WEEKS_SHOWN, True)
    if history is None:
        await reply(update, texts.SET_UP_FIRST)
        return
    shown = history.weeks_since_start(WEEKS_SHOWN)
    weeks = summarise_weeks(history.sessions, history.pain, history.today, history.goal, shown)
    if not has_data(weeks):
        await reply(update, texts.NO_DATA)
        return
    complete = shown == WEEKS_SHOWN
    await reply(update, texts.progress_text(weeks, complete))
    bot, chat_id = update.get_bot(), update.effective_chat.id
    await bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    chart = await render_progress_chart(weeks, texts.CHART_TITLE if complete else texts.CHART_TITLE_NEW)
    await bot.send_photo(chat_id, photo=chart, caption=texts.CHART_CAPTION, filename="progress.png")


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The handlers of this flow."""
    return [CommandHandler("status", status), CommandHandler("progress", show_progress)]
