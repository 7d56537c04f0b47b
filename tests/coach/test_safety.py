"""The in-session stop rule (clinical.md section 4; article rule 2: exercises must not provoke pain)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.safety import (
    ADVICE_TEXT,
    Action,
    Advice,
    InSessionReport,
    PainKind,
    assess_in_session,
)

PROPERTY = settings(
    max_examples=2000 if os.environ.get("COACH_THOROUGH") == "1" else 100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_rule_exercises_must_not_provoke_pain_sharp_pain_stops_exercise() -> None:
    decision = assess_in_session(InSessionReport(PainKind.SHARP_OR_SHOOTING, score=3))
    assert decision.action is Action.STOP_EXERCISE
    assert decision.advice is Advice.STOP_SHARP
    assert decision.skip_rest_of_session and decision.use_easier_next_time
    assert not decision.recheck_red_flags


def test_rule_exercises_must_not_provoke_pain_leg_pain_stops_and_rechecks_red_flags() -> None:
    decision = assess_in_session(InSessionReport(PainKind.INTO_LEG, score=2))
    assert decision.action is Action.STOP_EXERCISE
    assert decision.advice is Advice.STOP_LEG
    assert decision.recheck_red_flags


def test_rule_exercises_must_not_provoke_pain_score_above_5_stops() -> None:
    assert assess_in_session(InSessionReport(PainKind.DULL_ACHE_FADES, score=6)).advice is Advice.STOP_TOO_HIGH
    assert assess_in_session(InSessionReport(PainKind.EFFORT, score=5)).action is Action.CONTINUE


def test_rule_exercises_must_not_provoke_pain_climbing_rep_by_rep_stops() -> None:
    decision = assess_in_session(InSessionReport(PainKind.DULL_ACHE_FADES, rep_scores=(2, 3, 4)))
    assert decision.advice is Advice.STOP_CLIMBING
    assert decision.use_easier_next_time


def test_rule_exercises_must_not_provoke_pain_a_single_rise_is_not_climbing() -> None:
    assert assess_in_session(InSessionReport(PainKind.EFFORT, rep_scores=(3, 2, 3))).action is Action.CONTINUE


def test_rule_mild_discomfort_or_fading_ache_is_fine() -> None:
    for kind in (PainKind.NONE, PainKind.EFFORT, PainKind.DULL_ACHE_FADES):
        decision = assess_in_session(InSessionReport(kind, score=2))
        assert decision.action is Action.CONTINUE
        assert not decision.skip_rest_of_session and not decision.use_easier_next_time


def test_rule_safety_advice_is_fixed_text_for_every_advice() -> None:
    assert set(ADVICE_TEXT) == set(Advice)
    for advice, text in ADVICE_TEXT.items():
        if advice is not Advice.CARRY_ON:
            assert text.startswith("Stop this exercise now")


@PROPERTY
@given(st.sampled_from(PainKind), st.integers(0, 10), st.lists(st.integers(0, 10), max_size=8))
def test_rule_every_stop_skips_the_exercise_and_eases_it_next_time(
    kind: PainKind, score: int, reps: list[int]
) -> None:
    decision = assess_in_session(InSessionReport(kind, score, reps))
    stopped = decision.action is Action.STOP_EXERCISE
    assert decision.skip_rest_of_session == stopped == decision.use_easier_next_time
    if kind in (PainKind.SHARP_OR_SHOOTING, PainKind.INTO_LEG) or score > 5:
        assert stopped
