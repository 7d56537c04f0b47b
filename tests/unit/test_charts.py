"""The /progress chart is a real PNG image, drawn without blocking the event loop."""

from __future__ import annotations

import asyncio
import struct
import threading
from datetime import date

import pytest

from coach.records import CheckinContext, SessionRecord
from conversations import charts
from conversations.charts import progress_chart_png, render_progress_chart, summarise_weeks
from usecases.progress import PainScore

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TODAY = date(2026, 11, 25)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def sample_weeks() -> list[charts.WeekSummary]:
    sessions = [SessionRecord(local_date=date(2026, 11, d), completed=True) for d in (2, 4, 6, 9, 10, 11, 12, 13, 24)]
    before, after = CheckinContext.BEFORE, CheckinContext.AFTER
    pain = [PainScore(date(2026, 11, 3), before, 5), PainScore(date(2026, 11, 10), after, 3)]
    pain += [PainScore(date(2026, 11, 24), before, 4), PainScore(date(2026, 11, 24), after, 2)]
    return summarise_weeks(sessions, pain, TODAY, goal=4)


def test_chart_is_a_png_of_readable_size() -> None:
    data = progress_chart_png(sample_weeks())
    assert data.startswith(PNG_SIGNATURE)
    assert data.endswith(b"IEND\xaeB`\x82")
    assert len(data) > 10_000  # bars, a line, labels and a title: not an empty canvas
    width, height = png_size(data)
    assert width >= 600 and height >= 300


def test_chart_has_two_panels_with_one_scale_each_and_a_line_per_pain_context() -> None:
    figure = charts.chart_figure(sample_weeks(), "Your last 5 weeks")
    sessions, pain = figure.axes  # two panels, and no twin y-axis (it would be a third Axes)
    assert sessions.get_ylabel() == "Sessions" and pain.get_ylabel() == "Pain (0-10)"
    assert [line.get_label() for line in pain.get_lines()] == ["Before a session", "Right after a session"]
    assert [label.get_text() for label in pain.get_xticklabels()] == [
        "26 Oct", "2 Nov", "9 Nov", "16 Nov", "23 Nov\n(this week)"
    ]
    before = pain.get_lines()[0]
    assert list(before.get_ydata()) == [5.0, 4.0]  # only the weeks with a score before a session
    goal = [line for line in sessions.get_lines() if line.get_label().startswith("Your goal")]
    assert len(goal) == 1 and list(goal[0].get_ydata()) == [4, 4]


def test_chart_without_any_pain_scores_or_sessions_still_draws() -> None:
    empty = summarise_weeks([], [], TODAY, goal=5)
    assert progress_chart_png(empty).startswith(PNG_SIGNATURE)


def test_rendering_runs_in_a_worker_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    real = charts.progress_chart_png

    def spy(weeks: list[charts.WeekSummary], title: str) -> bytes:
        threads.append(threading.current_thread().name)
        return real(weeks, title)

    monkeypatch.setattr(charts, "progress_chart_png", spy)
    data = asyncio.run(render_progress_chart(sample_weeks(), "A title"))
    assert data.startswith(PNG_SIGNATURE)
    assert threads and threads[0] != threading.main_thread().name
