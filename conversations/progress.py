"""/status and /progress: level, pause state, this week against the goal, the last 5 weeks and a chart.

Both are single commands (no question asked): ``usecases.progress.load_history`` reads the user's profile,
sessions and pain scores in one short read-only unit of work, `coach.schedule` counts (week status, tolerant
streak, adherence), and this module renders. A user who has not finished onboarding is pointed to /start.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CommandHandler

from coach.schedule import week_status, weekly_streak
from conversations.charts import WEEKS_SHOWN, has_data, render_progress_chart, summarise_weeks
from conversations.context import services
from conversations.kit import Context, reply
from conversations.texts import measures as measures_texts
from conversations.texts import progress as texts
from locales import _
from usecases.measures import load_scores
from usecases.progress import STREAK_LOOKBACK_WEEKS, load_history


async def status(update: Update, context: Context) -> None:
    """/status: level, pause (or the safety hold), this week against the goal, and the weekly streak."""
    if update.effective_user is None:
        return
    svc = services(context)
    user, now, zone = update.effective_user.id, svc.clock(), svc.default_timezone
    history = await load_history(svc.db, user, now, zone, weeks=STREAK_LOOKBACK_WEEKS, with_pain=False)
    if history is None:
        await reply(update, _(texts.SET_UP_FIRST))
        return
    week = week_status(history.sessions, history.today, history.goal)
    streak = weekly_streak(history.sessions, history.today, history.goal)
    progression = texts.progression_line(history.access, history.paused, history.paused_since)
    await reply(update, texts.status_text(history.level, progression, week.done, week.goal, streak))


async def show_progress(update: Update, context: Context) -> None:
    """/progress: the last 5 weeks as text, then as a chart."""
    if update.effective_user is None or update.effective_chat is None:
        return
    svc = services(context)
    history = await load_history(
        svc.db, update.effective_user.id, svc.clock(), svc.default_timezone, weeks=WEEKS_SHOWN, with_pain=True
    )
    if history is None:
        await reply(update, _(texts.SET_UP_FIRST))
        return
    shown = history.weeks_since_start(WEEKS_SHOWN)
    weeks = summarise_weeks(history.sessions, history.pain, history.today, history.goal, shown)
    scores = await load_scores(svc.db, update.effective_user.id, svc.default_timezone)
    if not has_data(weeks) and not (scores.peg or scores.psfs):
        await reply(update, _(texts.NO_DATA))
        return
    complete = shown == WEEKS_SHOWN
    function = "\n".join(measures_texts.measures_lines(scores.peg, scores.psfs))
    await reply(update, f"{texts.progress_text(weeks, complete)}\n\n{function}")
    bot, chat_id = update.get_bot(), update.effective_chat.id
    await bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    chart = await render_progress_chart(weeks, _(texts.CHART_TITLE) if complete else _(texts.CHART_TITLE_NEW))
    await bot.send_photo(chat_id, photo=chart, caption=_(texts.CHART_CAPTION), filename="progress.png")


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The handlers of this flow."""
    return [CommandHandler("status", status), CommandHandler("progress", show_progress)]
