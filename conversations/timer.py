"""The hold timer of a session card (`sess:timer:<sid>:<i>`): one message counting a hold down.

The card offers **Start the timer** when its hold is long enough to need one (``session.TIMER_MIN_HOLD_SECONDS``).
The count-down edits one message every ``TIMER_STEP_SECONDS`` (never more often: Telegram's limits on edits);
a second press while it runs gets a short note. It runs as a task of its own, so the card's buttons keep working.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler

from conversations import session
from conversations.kit import Context, answer_press
from conversations.session import ITEM
from conversations.texts import session as texts
from usecases import records

TIMER_STEP_SECONDS = 5


async def start_timer(update: Update, context: Context) -> str:
    """Count a hold down by editing one message every few seconds (never more often)."""
    press = session.parse_press(update)
    log = await session.at_item(update, context, press) if press else None
    if press is None or log is None or press.index is None or update.effective_chat is None:
        return ITEM
    running: set[tuple[int, int]] = context.bot_data.setdefault("backcoach.timers", set())
    key = (update.effective_chat.id, press.index)
    if key in running:
        await answer_press(update, texts.TIMER_ALREADY)
        return ITEM
    await answer_press(update)
    seconds = records.item_dose(log.plan[press.index]).hold_seconds
    running.add(key)
    context.application.create_task(_count_down(update, seconds, lambda: running.discard(key)))
    return ITEM


async def _count_down(update: Update, seconds: int, finished: Callable[[], None]) -> None:
    try:
        assert update.effective_chat is not None
        bot = update.get_bot()
        message = await bot.send_message(update.effective_chat.id, texts.timer_running(seconds))
        left = seconds
        while left > 0:
            step = min(TIMER_STEP_SECONDS, left)
            await asyncio.sleep(step)
            left -= step
            text = texts.timer_running(left) if left else texts.TIMER_DONE
            await _safely(message.edit_text(text))
    except TelegramError:
        pass
    finally:
        finished()


async def _safely(call: Awaitable[Any]) -> None:
    try:
        await call
    except TelegramError:
        pass


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The timer button of the session cards."""
    return [session.on_button("timer", start_timer)]
