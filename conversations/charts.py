"""The /progress summary and chart: sessions against the goal and pain by context per week, drawn as a PNG.

- `summarise_weeks` is pure: completed sessions and pain scores on the user's local calendar in, one
  `WeekSummary` per week out (oldest first, the week in progress last). Counting and adherence come from
  `coach.schedule`, so /progress agrees with /status and with the coach's own decisions. Pain is averaged per
  context (before a session, right after it, the next morning), never across contexts (clinical.md section 4).
- `progress_chart_png` draws two small panels with matplotlib's Agg backend into PNG bytes in memory: the
  sessions of each week as bars against the goal, and below, on its own 0-10 axis, one line per pain context
  (no twin y-axes: each panel has one scale). `render_progress_chart` runs it in a worker thread so the event
  loop keeps serving other users while it draws.

The chart uses matplotlib's object-oriented `Figure` (never `pyplot`): pyplot keeps global state that is not
thread-safe, while a `Figure` of our own belongs to one call and is simply released when it returns.
matplotlib is imported on the first chart, not at start-up: it is the largest import of the whole bot (about a
quarter of a second) and most processes draw a chart rarely, if ever.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from babel.dates import format_date

from coach import rules
from coach.records import CheckinContext, SessionRecord
from coach.schedule import DAYS_IN_WEEK, adherence, sessions_done, week_start
from conversations.texts.progress import PAIN_CONTEXT_NAMES
from locales import _, current
from usecases.progress import PAIN_CONTEXTS, PainScore

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WEEKS_SHOWN = 5  # this week and the 4 before it
PAIN_AXIS_MAX = rules.PAIN_MAX

SESSION_COLOUR = "#4C9BE8"
PAIN_STYLE: Mapping[CheckinContext, tuple[str, str]] = {  # colour and marker of each pain line
    CheckinContext.BEFORE: ("#7B61C9", "o"),
    CheckinContext.WORST_DURING: ("#D6443A", "^"),
    CheckinContext.AFTER: ("#E89A3C", "s"),
    CheckinContext.NEXT_MORNING: ("#2E9E6B", "D"),
}


@dataclass(frozen=True)
class WeekSummary:
    """One ISO week (Monday to Sunday) of the user's local calendar."""

    monday: date
    sessions: int
    goal: int
    adherence: float  # 0.0 to 1.0 of the weekly goal
    pain: Mapping[CheckinContext, float] = field(default_factory=dict)  # average per context, contexts with scores
    pain_scores: int = 0  # how many scores the averages are made of
    current: bool = False  # the week in progress


def average_by_context(scores: Iterable[PainScore]) -> dict[CheckinContext, float]:
    """The mean score of each shown context that has one, in `PAIN_CONTEXTS` order; contexts never mixed."""
    by_context: dict[CheckinContext, list[int]] = {}
    for score in scores:
        by_context.setdefault(score.context, []).append(score.score)
    return {c: sum(by_context[c]) / len(by_context[c]) for c in PAIN_CONTEXTS if c in by_context}


def summarise_weeks(
    sessions: Iterable[SessionRecord],
    pain: Iterable[PainScore],
    today: date,
    goal: int,
    weeks: int = WEEKS_SHOWN,
) -> list[WeekSummary]:
    """The last ``weeks`` weeks up to ``today``'s, oldest first.

    Pain is averaged per context (`PAIN_CONTEXTS`; others are left out): scores given in different contexts
    are never averaged together (clinical.md section 4). Adherence is measured against the whole week's goal,
    also for the week in progress, so it reads "2 of 4 so far" rather than a share of the days gone by.
    """
    records = tuple(sessions)
    scores = tuple(score for score in pain if score.context in PAIN_CONTEXTS)
    this_monday = week_start(today)
    summaries = []
    for back in range(weeks - 1, -1, -1):
        monday = this_monday - timedelta(days=DAYS_IN_WEEK * back)
        sunday = monday + timedelta(days=DAYS_IN_WEEK - 1)
        week_scores = [score for score in scores if monday <= score.day <= sunday]
        summaries.append(
            WeekSummary(
                monday=monday,
                sessions=sessions_done(records, monday, sunday),
                goal=goal,
                adherence=adherence(records, monday, sunday, goal),
                pain=average_by_context(week_scores),
                pain_scores=len(week_scores),
                current=back == 0,
            )
        )
    return summaries


def has_data(weeks: Sequence[WeekSummary]) -> bool:
    """Is there anything to show: a session done or a pain score given in these weeks?"""
    return any(week.sessions or week.pain_scores for week in weeks)


def week_label(week: WeekSummary) -> str:
    """The x-axis label of a week: its Monday ("12 Oct"), dated also for the week in progress."""
    day = format_date(week.monday, "d MMM", locale=current().value)
    return f"{day}\n{_('(this week)')}" if week.current else day


CHAT_SIZE = (8.0, 6.5)  # inches: a phone screen's chart
REPORT_SIZE = (8.0, 4.6)  # inches: the chart of the one-page clinician report


def progress_chart_png(
    weeks: Sequence[WeekSummary], title: str | None = None, size: tuple[float, float] = CHAT_SIZE
) -> bytes:
    """Two panels as PNG bytes: sessions per week against the goal, and pain (0-10) by context per week."""
    figure = chart_figure(weeks, _("Your last 5 weeks") if title is None else title, size)
    try:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        figure.clear()  # free the artists now; the Figure is ours alone, so nothing global to close


def chart_figure(weeks: Sequence[WeekSummary], title: str, size: tuple[float, float] = CHAT_SIZE) -> Figure:
    """The chart as a matplotlib Figure of our own: the sessions panel above, the pain panel below."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # No display: render to memory only. We never import pyplot (see above), but anything else that does in
    # this process gets the Agg backend too.
    matplotlib.use("Agg")
    figure = Figure(figsize=size, dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    _draw(figure, weeks, title)
    return figure


async def render_progress_chart(weeks: Sequence[WeekSummary], title: str | None = None) -> bytes:
    """`progress_chart_png` in a worker thread, so drawing never blocks the event loop."""
    return await asyncio.to_thread(progress_chart_png, weeks, title)


def _draw(figure: Figure, weeks: Sequence[WeekSummary], title: str) -> None:
    sessions_axis, pain_axis = figure.subplots(2, 1, sharex=True, height_ratios=(1, 1.2))
    if title:
        figure.suptitle(title, fontsize=13, fontweight="bold")
    positions = list(range(len(weeks)))
    _draw_sessions(sessions_axis, weeks, positions)
    _draw_pain(pain_axis, weeks, positions)
    pain_axis.set_xticks(positions, [week_label(w) for w in weeks], fontsize=10)
    pain_axis.set_xlabel(_("Week starting"), fontsize=10)
    for axis in (sessions_axis, pain_axis):
        axis.spines[["top", "right"]].set_visible(False)


def _draw_sessions(axis: Axes, weeks: Sequence[WeekSummary], positions: list[int]) -> None:
    from matplotlib.ticker import MaxNLocator

    goal = max((week.goal for week in weeks), default=rules.WEEKLY_GOAL_DEFAULT)
    bars = axis.bar(positions, [w.sessions for w in weeks], width=0.6, color=SESSION_COLOUR, label=_("Sessions done"))
    axis.bar_label(bars, padding=2, fontsize=10)
    axis.axhline(goal, color="#555555", linestyle="--", linewidth=1,
        label=_("Your goal ({goal} a week)").format(goal=goal))
    axis.set_ylim(0, max(goal, *(w.sessions for w in weeks)) + 1.5)
    axis.set_ylabel(_("Sessions"), fontsize=11)
    axis.yaxis.set_major_locator(MaxNLocator(integer=True))
    axis.set_title(_("Sessions each week"), fontsize=11, loc="left")
    axis.legend(loc="upper left", fontsize=9, frameon=False, ncol=2)


def _draw_pain(axis: Axes, weeks: Sequence[WeekSummary], positions: list[int]) -> None:
    for context in PAIN_CONTEXTS:
        scored = [(x, w.pain[context]) for x, w in zip(positions, weeks, strict=True) if context in w.pain]
        if not scored:
            continue
        colour, marker = PAIN_STYLE[context]
        axis.plot(  # weeks without a score are left out; the line joins the weeks that have one
            [x for x, _score in scored], [p for _x, p in scored], color=colour, marker=marker, linewidth=2,
            label=_(PAIN_CONTEXT_NAMES[context]).capitalize(),
        )
    axis.set_ylim(0, PAIN_AXIS_MAX + 0.5)
    axis.set_yticks(range(0, PAIN_AXIS_MAX + 1, 2))
    axis.set_ylabel(_("Pain (0-10)"), fontsize=11)
    axis.set_title(_("Average pain each week, by when you rated it"), fontsize=11, loc="left")
    if axis.get_legend_handles_labels()[0]:
        axis.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=4, fontsize=9, frameon=False)
    else:
        axis.text(0.5, 0.5, _("No pain scores "
                              "yet"), transform=axis.transAxes, ha="center", va="center", color="#777777")
