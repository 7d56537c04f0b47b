"""The exercise timer of a session card (`sess:timer:<sid>:<i>`): one message that follows the card.

The card offers **Start the timer** when its holds (or moving time) are long enough to time
(``coach.timer.offers_timer``). The coach lays the timer out (``coach.timer.timer_plan``: each rep, the sides,
a relax or a switch between holds, the rest between sets, "move" for marching) from the instant it starts;
this module only draws it: one message, redrawn every ``TIMER_STEP_SECONDS`` of the timer (never more often:
Telegram's limits on edits), with **Done** and **It hurts** under it so the user never scrolls up to the card.
Those buttons are the card's own (`sess:done|hurt:<sid>:<i>`), so they are checked and answered exactly as the
card's. Once the session has moved past the item (Done, Skip, It hurts, from either message) the timer stops
and its buttons go. The real time between redraws is ``Services.timer_tick_seconds`` (None: real time; the
end-to-end tests set 0, so a timer runs through at once). A second press while it runs gets a short note. It
runs as a task of its own, so the card's buttons keep working.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler

from coach.catalogue import load_catalogue
from coach.timer import Moment, TimerPlan, timer_plan
from conversations import callbacks, keyboards, session
from conversations.context import services
from conversations.kit import Context, answer_press, user_id
from conversations.session import FLOW, ITEM
from conversations.texts import session as texts
from locales import _
from usecases import records
from usecases import session as sessions

#: Seconds of the timer between two redraws of its message (Telegram's limits on edits). *Design choice.*
TIMER_STEP_SECONDS = 5


@dataclass(frozen=True)
class Running:
    """One timer being drawn: its plan, the exercise's name, its message's buttons, and how fast to go."""

    plan: TimerPlan
    name: str
    buttons: InlineKeyboardMarkup
    pace: float  # real seconds per second of the timer (1: real time; 0: at once)


async def start_timer(update: Update, context: Context) -> str:
    """Start the timer of the pressed card (once at a time per item)."""
    press = session.parse_press(update)
    log = await session.at_item(update, context, press) if press else None
    if press is None or log is None or log.id is None or press.index is None or update.effective_chat is None:
        return ITEM
    running: set[tuple[int, int]] = context.bot_data.setdefault("backcoach.timers", set())
    key = (update.effective_chat.id, press.index)
    if key in running:
        await answer_press(update, _(texts.TIMER_ALREADY))
        return ITEM
    await answer_press(update)
    svc = services(context)
    stored = log.plan[press.index]
    exercise = load_catalogue()[stored["exercise_id"]]
    tick = svc.timer_tick_seconds
    timer = Running(
        timer_plan(exercise, records.item_dose(stored), svc.clock()), _(exercise.name),
        timer_buttons(log.id, press.index), 1.0 if tick is None else tick / TIMER_STEP_SECONDS,
    )
    uid, session_id, index = user_id(update), log.id, press.index

    async def still_at_item() -> bool:
        live, _ignored = await sessions.live_session(svc.db, uid, session_id, svc.clock(), svc.default_timezone)
        return live is not None and live.current_index == index

    running.add(key)
    task = run_timer(update.get_bot(), update.effective_chat.id, timer, still_at_item, lambda: running.discard(key))
    context.application.create_task(task)
    return ITEM


def timer_buttons(session_id: int, index: int) -> InlineKeyboardMarkup:
    """The card's own Done and It hurts, under the timer."""
    return keyboards.choices([[
        (_(texts.DONE), callbacks.make(FLOW, "done", session_id, index)),
        (_(texts.HURTS), callbacks.make(FLOW, "hurt", session_id, index)),
    ]])


async def run_timer(
    bot: Bot, chat_id: int, timer: Running, still_at_item: Callable[[], Awaitable[bool]],
    finished: Callable[[], None],
) -> None:
    """Send the timer's message, then redraw it at each of the plan's ticks until the end or until the
    session moves on."""
    plan = timer.plan
    try:
        first = plan.at(plan.started)
        if first is None:
            return
        message = await bot.send_message(chat_id, texts.timer_frame(timer.name, first), reply_markup=timer.buttons)
        loop = asyncio.get_running_loop()
        began = loop.time()
        for tick in plan.ticks(TIMER_STEP_SECONDS)[1:]:
            offset = (tick - plan.started).total_seconds()
            await asyncio.sleep(max(0.0, began + offset * timer.pace - loop.time()))
            if not await still_at_item():
                await _safely(message.edit_text(_(texts.TIMER_STOPPED)))
                return
            await _draw(message, timer, plan.at(tick))
    except TelegramError:
        pass
    finally:
        finished()


async def _draw(message: Message, timer: Running, moment: Moment | None) -> None:
    text = texts.timer_frame(timer.name, moment) if moment is not None else texts.timer_done(timer.name)
    await _safely(message.edit_text(text, reply_markup=timer.buttons))


async def _safely(call: Awaitable[Any]) -> None:
    try:
        await call
    except TelegramError:
        pass


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The timer button of the session cards."""
    return [session.on_button("timer", start_timer)]
