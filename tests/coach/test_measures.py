"""Outcome measures: PEG-3 and PSFS scores, their trends, when the PSFS is due, and reading an activity."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coach.measures import Trend, mean, peg_trend, psfs_due, psfs_trend, read_activity
from coach.progression import suggest_clinician_no_improvement
from coach.records import CheckinContext, PainCheckin, SessionRecord


def test_a_scale_score_is_the_mean_of_its_items() -> None:
    assert mean([6, 7, 5]) == 6.0
    with pytest.raises(ValueError):
        mean([])


def test_peg_improves_by_30_percent_and_at_least_one_point() -> None:
    assert peg_trend(6.0, 4.2) is Trend.IMPROVING  # -1.8 = 30%
    assert peg_trend(6.0, 4.5) is Trend.SAME  # -25%
    assert peg_trend(2.0, 1.3) is Trend.SAME  # 35%, but under one point
    assert peg_trend(2.0, 1.0) is Trend.IMPROVING
    assert peg_trend(5.0, 6.5) is Trend.WORSE
    assert peg_trend(None, 3.0) is Trend.UNKNOWN and peg_trend(3.0, None) is Trend.UNKNOWN


def test_psfs_is_higher_when_better_and_two_points_count() -> None:
    assert psfs_trend(3.0, 5.0) is Trend.IMPROVING
    assert psfs_trend(3.0, 4.5) is Trend.SAME
    assert psfs_trend(5.0, 3.0) is Trend.WORSE


def test_psfs_is_rated_again_every_two_weeks() -> None:
    today = date(2026, 12, 4)
    assert psfs_due(None, today)
    assert not psfs_due(today - timedelta(days=13), today)
    assert psfs_due(today - timedelta(days=14), today)


def test_an_activity_is_a_short_name_with_words() -> None:
    assert read_activity("  lifting   my child ") == "lifting my child"
    assert read_activity("x" * 2000) is None
    assert read_activity("🙂🙂🙂") is None
    assert read_activity("...") is None
    assert read_activity("") is None
    assert read_activity("a") is None and read_activity("ok") is None  # a stray key, not an activity
    assert read_activity("run") == "run"


def _no_improvement(peg: tuple[float, float] | None, pain_now: int) -> bool:
    today = date(2026, 12, 4)
    started = today - timedelta(days=28)
    sessions = [SessionRecord(local_date=started + timedelta(days=d), completed=True) for d in range(28)]
    now = datetime(2026, 12, 4, 12, tzinfo=UTC)
    checkins = [PainCheckin(CheckinContext.NEXT_MORNING, pain_now, now - timedelta(days=1))]
    return suggest_clinician_no_improvement(
        checkins, sessions, started_on=started, today=today, now=now, baseline_pain=6, weekly_goal=4, peg=peg
    )


def test_the_no_improvement_rule_uses_peg_when_there_is_one() -> None:
    assert _no_improvement(None, pain_now=6)  # pain alone: no change, see a clinician
    assert not _no_improvement((6.0, 3.0), pain_now=6)  # function much better: no suggestion
    assert _no_improvement((6.0, 5.5), pain_now=2)  # pain lower but PEG not meaningfully: suggest
