"""The 0-10 pain scale (clinical.md section 3)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.pain import (
    is_meaningful_change,
    is_meaningful_improvement,
    pain_score_problem,
    parse_pain_score,
)

PROPERTY = settings(
    max_examples=2000 if os.environ.get("COACH_THOROUGH") == "1" else 100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.mark.parametrize(
    ("text", "score"),
    [("7", 7), (" 7 ", 7), ("7/10", 7), ("7 / 10", 7), ("seven", 7), ("7 out of 10", 7), ("Seven", 7),
     ("0", 0), ("10", 10), ("ten", 10), ("zero", 0), ("3 out of ten", 3), ("5.", 5),
     ("about 7/10", 7), ("around 6", 6), ("It\u2019s a 4", 4), ("maybe five", 5), ("probably a 3 out of 10", 3)],
)
def test_rule_pain_scale_accepts_typed_scores(text: str, score: int) -> None:
    assert parse_pain_score(text) == score
    assert pain_score_problem(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [("11", "0 to 10"), ("-1", "0 to 10"), ("abc", "could not read"), ("", "could not read"),
     ("7.5", "whole number"), ("7/5", "could not read"), ("1 2", "could not read"),
     ("about", "could not read"), ("about 6-7", "could not read"), ("around 12", "0 to 10")],
)
def test_rule_pain_scale_refuses_with_a_reason(text: str, reason: str) -> None:
    assert parse_pain_score(text) is None
    problem = pain_score_problem(text)
    assert problem is not None and reason in problem
    assert "for example" in problem  # every refusal re-asks with an example


@PROPERTY
@given(st.integers(min_value=0, max_value=10))
def test_rule_pain_scale_every_integer_0_to_10_is_accepted(score: int) -> None:
    assert parse_pain_score(str(score)) == score


@PROPERTY
@given(st.integers().filter(lambda n: n < 0 or n > 10))
def test_rule_pain_scale_out_of_range_is_refused(score: int) -> None:
    assert parse_pain_score(str(score)) is None


def test_rule_meaningful_change_is_two_points_or_30_percent() -> None:
    assert is_meaningful_change(8, 6)  # 2 points
    assert not is_meaningful_change(8, 7)  # 1 point is noise
    assert is_meaningful_change(5, 3.5)  # 30% of 5 = 1.5
    assert not is_meaningful_change(5, 4)  # 20%


def test_rule_meaningful_change_is_one_point_at_baseline_4_or_less() -> None:
    assert is_meaningful_change(4, 3)
    assert is_meaningful_change(2, 3)
    assert not is_meaningful_change(4, 4.5)


def test_meaningful_improvement_only_counts_downwards() -> None:
    assert is_meaningful_improvement(8, 5)
    assert not is_meaningful_improvement(5, 8)
