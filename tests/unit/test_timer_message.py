"""The timer's one message (``conversations.timer``): redrawn at each tick with Done / It hurts under it, and
stopped without buttons once the session has moved past the item (Done pressed on the card or the timer)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from coach.catalogue import load_catalogue
from coach.dose import Dose
from coach.timer import timer_plan
from conversations import timer
from conversations.texts import session as texts

START = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


class FakeMessage:
    def __init__(self, shown: list[tuple[str, Any]]) -> None:
        self.shown = shown

    async def edit_text(self, text: str, reply_markup: Any = None) -> None:
        self.shown.append((text, reply_markup))


class FakeBot:
    def __init__(self) -> None:
        self.shown: list[tuple[str, Any]] = []

    async def send_message(self, chat_id: int, text: str, reply_markup: Any = None) -> FakeMessage:
        self.shown.append((text, reply_markup))
        return FakeMessage(self.shown)


def running() -> timer.Running:
    plan = timer_plan(load_catalogue()["side_plank_knees"], Dose(1, 1, 10), START)  # left 10, switch 5, right 10
    return timer.Running(plan, "Side plank on knees", timer.timer_buttons(1, 7), pace=0)


async def test_the_timer_runs_to_times_up_with_done_and_it_hurts_on_every_frame() -> None:
    bot, ended = FakeBot(), []

    async def here() -> bool:
        return True

    await timer.run_timer(bot, 1, running(), here, lambda: ended.append(True))  # type: ignore[arg-type]
    texts_shown = [text for text, _ in bot.shown]
    assert "<b>Left side</b>: hold, <b>10 s</b> left" in texts_shown[0] and "Switch to the right side" in texts_shown[2]
    assert "Time's up" in texts_shown[-1] and ended == [True]
    labels = {tuple(b.text for b in row) for _, markup in bot.shown for row in markup.inline_keyboard}
    assert labels == {(texts.DONE, texts.HURTS)}


async def test_the_timer_stops_and_drops_its_buttons_once_the_session_moved_on() -> None:
    bot, ended, answers = FakeBot(), [], iter([True, False])

    async def here() -> bool:
        return next(answers)

    await timer.run_timer(bot, 1, running(), here, lambda: ended.append(True))  # type: ignore[arg-type]
    assert bot.shown[-1] == (texts.TIMER_STOPPED, None) and len(bot.shown) == 3 and ended == [True]
