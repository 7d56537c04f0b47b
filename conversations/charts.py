"""The /progress summary and chart: sessions, adherence and average pain per week, drawn as a PNG.

- `summarise_weeks` is pure: completed sessions and pain scores on the user's local calendar in, one
  `WeekSummary` per week out (oldest first, the week in progress last). Counting and adherence come from
  `coach.schedule`, so /progress agrees with /status and with the coach's own decisions.
- `progress_chart_png` draws the weeks (bars for sessions, a line for average pain 0-10) with matplotlib's
  Agg backend into PNG bytes in memory; `render_progress_chart` runs it in a worker thread so the event loop
  keeps serving other users while it draws.

The chart uses matplotlib's object-oriented `Figure` (never `pyplot`): pyplot keeps global state that is not
thread-safe, while a `Figure` of our own belongs to one call and is simply released when it returns.
matplotlib is imported on the first chart, not at start-up: it is the largest import of the whole bot (about a
quarter of a second) and most processes draw a chart rarely, if ever.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from coach import rules
from coach.records import SessionRecord
from coach.schedule import DAYS_IN_WEEK, adherence, sessions_done, week_start

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WEEKS_SHOWN = 5  # this week and the 4 before it
PAIN_AXIS_MAX = rules.PAIN_MAX


@dataclass(frozen=True)
class WeekSummary:
    """One ISO week (Monday to Sunday) of the user's local calendar."""

    monday: date
    sessions: int
    goal: int
    adherence: float  # 0.0 to 1.0 of the weekly goal
    average_pain: float | None  # mean of the week's pain scores (one context), None without any
    pain_scores: int  # how many scores the average is made of
    current: bool = False  # the week in progress


def summarise_weeks(
    sessions: Iterable[SessionRecord],
    pain: Iterable[tuple[date, int]],
    today: date,
    goal: int,
    weeks: int = WEEKS_SHOWN,
) -> list[WeekSummary]:
    """The last ``weeks`` weeks up to ``today``'s, oldest first.

    ``pain`` holds (local date, score) pairs of one context (``usecases.progress.PAIN_SHOWN``): scores given
    in different contexts are never averaged together (clinical.md section 4). Adherence is measured against
    the whole week's goal, also for the week in progress, so it reads "2 of 4 so far" rather than a share of
    the days gone by.
    """
    records = tuple(sessions)
    scores = tuple(pain)
    this_monday = week_start(today)
    summaries = []
    for back in range(weeks - 1, -1, -1):
        monday = this_monday - timedelta(days=DAYS_IN_WEEK * back)
        sunday = monday + timedelta(days=DAYS_IN_WEEK - 1)
        week_scores = [score for day, score in scores if monday <= day <= sunday]
        summaries.append(
            WeekSummary(
                monday=monday,
                sessions=sessions_done(records, monday, sunday),
                goal=goal,
                adherence=adherence(records, monday, sunday, goal),
                average_pain=sum(week_scores) / len(week_scores) if week_scores else None,
                pain_scores=len(week_scores),
                current=back == 0,
            )
        )
    return summaries


def has_data(weeks: Sequence[WeekSummary]) -> bool:
    """Is there anything to show: a session done or a pain score given in these weeks?"""
    return any(week.sessions or week.pain_scores for week in weeks)


def week_label(week: WeekSummary) -> str:
    """The x-axis label of a week: its Monday ("12 Oct"), or "This week"."""
    return "This week" if week.current else f"{week.monday.day} {week.monday:%b}"


def progress_chart_png(weeks: Sequence[WeekSummary], title: str = "Your last 5 weeks") -> bytes:
    """Sessions per week as bars and average pain (0-10) as a line, as PNG bytes."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # No display: render to memory only. We never import pyplot (see above), but anything else that does in
    # this process gets the Agg backend too.
    matplotlib.use("Agg")
    figure = Figure(figsize=(8, 4.5), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    try:
        _draw(figure, weeks, title)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        figure.clear()  # free the artists now; the Figure is ours alone, so nothing global to close


async def render_progress_chart(weeks: Sequence[WeekSummary], title: str = "Your last 5 weeks") -> bytes:
    """`progress_chart_png` in a worker thread, so drawing never blocks the event loop."""
    return await asyncio.to_thread(progress_chart_png, weeks, title)


def _draw(figure: Figure, weeks: Sequence[WeekSummary], title: str) -> None:
    from matplotlib.ticker import MaxNLocator

    positions = list(range(len(weeks)))
    sessions_axis = figure.subplots()
    goal = max((week.goal for week in weeks), default=rules.WEEKLY_GOAL_DEFAULT)
    bars = sessions_axis.bar(positions, [w.sessions for w in weeks], width=0.6, color="#4C9BE8", label="Sessions")
    sessions_axis.bar_label(bars, padding=2, fontsize=10)
    sessions_axis.axhline(goal, color="#4C9BE8", linestyle="--", linewidth=1, label=f"Goal ({goal} a week)")
    sessions_axis.set_ylim(0, max(goal, *(w.sessions for w in weeks)) + 1.5)
    sessions_axis.set_ylabel("Sessions done", fontsize=11)
    sessions_axis.set_xticks(positions, [week_label(w) for w in weeks], fontsize=10)
    sessions_axis.set_xlabel("Week starting", fontsize=10)
    sessions_axis.yaxis.set_major_locator(MaxNLocator(integer=True))

    pain_axis = sessions_axis.twinx()
    scored = [(x, w.average_pain) for x, w in zip(positions, weeks, strict=True) if w.average_pain is not None]
    pain_axis.plot(  # weeks without a score are left out; the line joins the weeks that have one
        [x for x, _ in scored], [p for _, p in scored], color="#E8704C", marker="o", linewidth=2, label="Average pain"
    )
    pain_axis.set_ylim(0, PAIN_AXIS_MAX + 0.5)
    pain_axis.set_yticks(range(0, PAIN_AXIS_MAX + 1, 2))
    pain_axis.set_ylabel("Average pain (0-10)", fontsize=11)

    handles = [*sessions_axis.get_legend_handles_labels()[0], *pain_axis.get_legend_handles_labels()[0]]
    sessions_axis.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=10)
    sessions_axis.set_title(title, fontsize=13, fontweight="bold")
    sessions_axis.spines["top"].set_visible(False)
    pain_axis.spines["top"].set_visible(False)
