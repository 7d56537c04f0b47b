"""The in-session pain rule (clinical.md section 4; article rule 2: exercises must not provoke pain)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach import rules
from coach.catalogue import load_catalogue
from coach.records import CheckinContext
from coach.safety import (
    ADVICE_TEXT,
    END_KINDS,
    Action,
    Advice,
    InSessionReport,
    PainKind,
    advice_text,
    after_session_checkin,
    assess_in_session,
    easier_version_today,
    is_leg_symptom,
)

PROPERTY = settings(
    max_examples=2000 if os.environ.get("COACH_THOROUGH") == "1" else 100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
WARMUP = {card.id for card in load_catalogue().warmup()}


@pytest.mark.parametrize("score", [None, 0, 3, 6, 7, 8])
def test_rule_in_session_sharp_or_shooting_pain_ends_the_session_at_any_score(score: int | None) -> None:
    decision = assess_in_session(InSessionReport(PainKind.SHARP_OR_SHOOTING, score=score))
    assert decision.action is Action.END_SESSION and decision.ends_session
    assert decision.advice is Advice.END_SHARP
    assert decision.skip_rest_of_session and decision.use_easier_next_time
    assert not decision.recheck_red_flags


@pytest.mark.parametrize("score", [None, 2, 6, 8])
def test_rule_in_session_pain_into_a_leg_ends_the_session_and_asks_the_cauda_equina_questions(
    score: int | None,
) -> None:
    decision = assess_in_session(InSessionReport(PainKind.INTO_LEG, score=score))
    assert decision.ends_session and decision.advice is Advice.END_LEG
    assert decision.recheck_red_flags


@pytest.mark.parametrize("score", [None, 1, 6, 7])
def test_rule_in_session_numbness_or_tingling_ends_the_session_and_asks_the_cauda_equina_questions(
    score: int | None,
) -> None:
    decision = assess_in_session(InSessionReport(PainKind.NUMBNESS, score=score))
    assert decision.ends_session and decision.advice is Advice.END_NUMBNESS
    assert decision.recheck_red_flags
    assert is_leg_symptom(PainKind.NUMBNESS) and is_leg_symptom("into_leg")
    assert not is_leg_symptom(PainKind.SHARP_OR_SHOOTING) and not is_leg_symptom(None)


def test_rule_in_session_dull_ache_6_stops_only_that_exercise() -> None:
    decision = assess_in_session(InSessionReport(PainKind.DULL_ACHE_FADES, score=6))
    assert decision.action is Action.STOP_EXERCISE and not decision.ends_session
    assert decision.advice is Advice.STOP_TOO_HIGH
    assert decision.skip_rest_of_session and decision.use_easier_next_time


@pytest.mark.parametrize("score", [7, 8, 10])
def test_rule_in_session_dull_ache_7_or_more_ends_the_session(score: int) -> None:
    decision = assess_in_session(InSessionReport(PainKind.DULL_ACHE_FADES, score=score))
    assert decision.ends_session and decision.advice is Advice.END_TOO_HIGH
    assert not decision.recheck_red_flags


def test_rule_in_session_a_score_of_7_rep_by_rep_ends_the_session() -> None:
    assert assess_in_session(InSessionReport(PainKind.EFFORT, rep_scores=(3, 7, 4))).ends_session


def test_rule_in_session_a_mild_dull_ache_may_go_on() -> None:
    for score in (None, 0, 4, 5):
        decision = assess_in_session(InSessionReport(PainKind.DULL_ACHE_FADES, score=score))
        assert decision.action is Action.CONTINUE and not decision.ends_session


def test_rule_exercises_must_not_provoke_pain_climbing_rep_by_rep_stops() -> None:
    decision = assess_in_session(InSessionReport(PainKind.DULL_ACHE_FADES, rep_scores=(2, 3, 4)))
    assert decision.advice is Advice.STOP_CLIMBING
    assert decision.use_easier_next_time and not decision.ends_session


def test_rule_exercises_must_not_provoke_pain_a_single_rise_is_not_climbing() -> None:
    assert assess_in_session(InSessionReport(PainKind.EFFORT, rep_scores=(3, 2, 3))).action is Action.CONTINUE


def test_rule_mild_discomfort_or_fading_ache_is_fine() -> None:
    for kind in (PainKind.NONE, PainKind.EFFORT, PainKind.DULL_ACHE_FADES):
        decision = assess_in_session(InSessionReport(kind, score=2))
        assert decision.action is Action.CONTINUE
        assert not decision.skip_rest_of_session and not decision.use_easier_next_time


def test_rule_safety_advice_is_fixed_text_for_every_advice() -> None:
    assert set(ADVICE_TEXT) == set(Advice)
    for advice in Advice:
        text = advice_text(advice)
        if advice is not Advice.CARRY_ON:
            assert text.startswith("Stop this exercise now")
        if advice.name.startswith("END_"):
            assert "end today's session" in text and "Rest" in text
        assert "no need" not in text  # never tells a user they need no care


def test_rule_safety_advice_after_sharp_or_high_pain_says_what_to_watch_for() -> None:
    for advice in (Advice.END_SHARP, Advice.END_TOO_HIGH):
        assert "emergency care" in advice_text(advice) and "passing urine" in advice_text(advice)


def test_rule_in_session_the_easier_version_is_never_one_already_in_todays_sessions() -> None:
    assert easier_version_today("toe_taps", WARMUP) == "abdominal_drawing_in"
    assert easier_version_today("toe_taps", WARMUP | {"abdominal_drawing_in"}) is None
    assert easier_version_today("abdominal_drawing_in", WARMUP) is None  # pelvic tilt: done in the warm-up
    assert easier_version_today("hip_hinge", {"glute_bridge"}) == "bottom_to_heels"  # the next neighbour
    assert easier_version_today("march_in_place", set()) is None  # the warm-up has no easier version
    assert easier_version_today("no_such_exercise", set()) is None


def test_rule_in_session_a_score_given_is_not_asked_again_after_the_session() -> None:
    known = after_session_checkin([4, 8, 3])
    assert known.known_worst == 8
    assert known.questions == (CheckinContext.AFTER,)
    unknown = after_session_checkin([])
    assert unknown.known_worst is None
    assert unknown.questions == (CheckinContext.WORST_DURING, CheckinContext.AFTER)


@PROPERTY
@given(st.sampled_from(PainKind), st.one_of(st.none(), st.integers(0, 10)), st.lists(st.integers(0, 10), max_size=8))
def test_rule_in_session_a_sharp_leg_or_numb_report_or_a_score_of_7_or_more_always_ends_the_session(
    kind: PainKind, score: int | None, reps: list[int]
) -> None:
    decision = assess_in_session(InSessionReport(kind, score, reps))
    must_end = kind in {PainKind.SHARP_OR_SHOOTING, PainKind.INTO_LEG, PainKind.NUMBNESS} or any(
        s >= 7 for s in [*reps, *([score] if score is not None else [])]
    )
    assert decision.ends_session == must_end
    assert decision.recheck_red_flags == (kind in {PainKind.INTO_LEG, PainKind.NUMBNESS})


@PROPERTY
@given(st.sampled_from(PainKind), st.integers(0, 10), st.lists(st.integers(0, 10), max_size=8))
def test_rule_every_stop_skips_the_exercise_and_eases_it_next_time(
    kind: PainKind, score: int, reps: list[int]
) -> None:
    decision = assess_in_session(InSessionReport(kind, score, reps))
    stopped = decision.action is not Action.CONTINUE
    assert decision.skip_rest_of_session == stopped == decision.use_easier_next_time
    if kind in END_KINDS or score > rules.IN_SESSION_STOP_ABOVE:
        assert stopped
