"""The /pain advice bands, the /resume rule and "an exercise that hurt today is not offered again today"
(clinical.md section 4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from coach import rules
from coach.planner import gentle_session, plan_session
from coach.progression import FlareCare, ResumeVerdict, flare_care, may_resume
from coach.records import Profile, SessionKind

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(("score", "care"), [
    (10, FlareCare.REST_AND_RELIEF),
    (8, FlareCare.REST_AND_RELIEF),
    (7, FlareCare.GENTLE_DAY),
    (4, FlareCare.GENTLE_DAY),
    (3, FlareCare.KEEP_MOVING),
    (0, FlareCare.KEEP_MOVING),
])
def test_pain_advice_follows_the_score_rest_and_relief_from_8(score: int, care: FlareCare) -> None:
    assert flare_care(score) is care


def test_resume_keeps_the_pause_at_7_or_more_whatever_the_usual_pain() -> None:
    assert may_resume(7, usual=6) is ResumeVerdict.KEEP_HIGH_PAIN
    assert may_resume(10, usual=9) is ResumeVerdict.KEEP_HIGH_PAIN
    assert may_resume(rules.RESUME_KEEP_PAUSE_FROM, usual=None) is ResumeVerdict.KEEP_HIGH_PAIN


def test_resume_keeps_the_pause_more_than_2_above_usual() -> None:
    assert may_resume(5, usual=2) is ResumeVerdict.KEEP_ABOVE_USUAL
    assert may_resume(3, usual=0) is ResumeVerdict.KEEP_ABOVE_USUAL


@pytest.mark.parametrize(("score", "usual"), [(4, 2), (3, 2), (0, 2), (6, 5), (6, None)])
def test_resume_lifts_the_pause_at_most_2_above_usual_and_under_7(score: int, usual: int | None) -> None:
    assert may_resume(score, usual) is ResumeVerdict.RESUME


def test_an_exercise_that_hurt_today_is_left_out_of_a_new_full_plan(cleared: Profile) -> None:
    full = plan_session(cleared, {}, TODAY)
    hurt = full.exercises[0].exercise.id
    again = plan_session(cleared, {}, TODAY, avoid={hurt})
    assert again.kind is SessionKind.FULL
    assert hurt not in {item.exercise.id for item in again.items}
    assert len(again.items) == len(full.items) - 1  # left out, nothing harder put in its place


def test_a_warm_up_move_that_hurt_today_is_left_out_of_the_gentle_extra_and_the_short_session(
    cleared: Profile,
) -> None:
    gentle = gentle_session(TODAY)
    hurt = gentle.items[1].exercise.id
    assert hurt not in {item.exercise.id for item in gentle_session(TODAY, avoid=[hurt]).items}
    short = plan_session(cleared, {}, TODAY, minimum=True, avoid={hurt})
    assert hurt not in {item.exercise.id for item in short.items}
    paused = plan_session(replace(cleared, paused=True), {}, TODAY, avoid={hurt})
    assert paused.kind is SessionKind.GENTLE and hurt not in {item.exercise.id for item in paused.items}
