"""Red flags and the doctor-consultation rule (clinical.md section 2; article rule 1)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.emergency import numbers_for
from coach.screening import (
    CAUDA_EQUINA_QUESTIONS,
    CHECKLIST,
    DECISION_ADVICE,
    PAIN_RECHECK_QUESTIONS,
    RED_FLAG_QUESTIONS,
    RETIRED_QUESTIONS,
    URGENT_DECISIONS,
    Access,
    Answer,
    Decision,
    Form,
    Group,
    IncompleteScreening,
    clearance_flags,
    decide,
    decision_advice,
    decision_of_flags,
    doctor_check,
    first_unanswered,
    is_urgent,
    needs_clearance,
    new_flags,
    programme_access,
    question,
    stops_at_once,
)

ALL_NO = {q.id: Answer.NO for q in RED_FLAG_QUESTIONS}

PROPERTY = settings(
    max_examples=2000 if os.environ.get("COACH_THOROUGH") == "1" else 100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def with_answer(question_id: str, answer: Answer) -> dict[str, Answer]:
    return {**ALL_NO, question_id: answer}


def test_rule_red_flags_all_no_is_clear() -> None:
    result = decide(ALL_NO)
    assert result.decision is Decision.CLEAR and result.flagged == ()


@pytest.mark.parametrize(
    ("question_id", "decision"),
    [("ce_bladder", Decision.EMERGENCY_NOW), ("ce_bowel", Decision.EMERGENCY_NOW),
     ("ce_saddle", Decision.EMERGENCY_NOW), ("ce_sexual", Decision.EMERGENCY_NOW),
     ("ce_leg_weak", Decision.EMERGENCY_NOW), ("ce_both_legs", Decision.EMERGENCY_NOW),
     ("inf_hot_shivery", Decision.DOCTOR_TODAY), ("inf_immune_medicine", Decision.DOCTOR_TODAY),
     ("inf_antibiotics", Decision.DOCTOR_TODAY), ("inf_injected", Decision.DOCTOR_TODAY),
     ("fx_fall", Decision.DOCTOR_BEFORE_STARTING), ("fx_osteoporosis", Decision.DOCTOR_BEFORE_STARTING),
     ("fx_steroids", Decision.DOCTOR_BEFORE_STARTING),
     ("ca_treated", Decision.DOCTOR_BEFORE_STARTING), ("ca_weight_loss", Decision.DOCTOR_BEFORE_STARTING),
     ("ca_night_pain", Decision.DOCTOR_BEFORE_STARTING),
     ("ia_morning_stiffness", Decision.SEE_DOCTOR_START_GENTLY),
     ("ex_pregnancy", Decision.CLINICIAN_GO_AHEAD), ("ex_spine_surgery", Decision.CLINICIAN_GO_AHEAD),
     ("ex_known_condition", Decision.CLINICIAN_GO_AHEAD), ("ex_severe_constant", Decision.CLINICIAN_GO_AHEAD)],
)
def test_rule_red_flags_each_question_maps_to_its_group_action(question_id: str, decision: Decision) -> None:
    result = decide(with_answer(question_id, Answer.YES))
    assert result.decision is decision
    assert result.flagged == (question_id,)


@pytest.mark.parametrize(
    ("question_id", "decision"),
    [("ce_legs", Decision.EMERGENCY_NOW), ("inf_fever", Decision.DOCTOR_TODAY),
     ("inf_immune", Decision.DOCTOR_TODAY), ("inf_recent", Decision.DOCTOR_TODAY),
     ("fx_impact", Decision.DOCTOR_BEFORE_STARTING), ("fx_bones", Decision.DOCTOR_BEFORE_STARTING),
     ("ca_history", Decision.DOCTOR_BEFORE_STARTING), ("ca_weight", Decision.DOCTOR_BEFORE_STARTING),
     ("ca_night", Decision.DOCTOR_BEFORE_STARTING), ("ca_first_age", Decision.DOCTOR_BEFORE_STARTING),
     ("ex_pregnant", Decision.CLINICIAN_GO_AHEAD), ("ex_surgery", Decision.CLINICIAN_GO_AHEAD),
     ("ex_diagnosis", Decision.CLINICIAN_GO_AHEAD), ("ex_severe", Decision.CLINICIAN_GO_AHEAD)],
)
@pytest.mark.parametrize("answer", [Answer.YES, Answer.NOT_SURE])
def test_rule_red_flags_stored_answers_to_retired_questions_still_decide_as_they_did(
    question_id: str, decision: Decision, answer: Answer
) -> None:
    """Answers given to an earlier version of the screen (one by one, "not sure" counting as yes) keep their
    group and reading: an existing user's stored answers decide exactly as before."""
    assert question_id in {q.id for q in RETIRED_QUESTIONS}
    result = decide({**ALL_NO, question_id: answer})
    assert result.decision is decision and result.flagged == (question_id,)
    assert decide({**ALL_NO, question_id: Answer.NO}).decision is Decision.CLEAR


def test_rule_red_flags_not_sure_counts_as_yes_for_the_cauda_equina_questions_only() -> None:
    for q in CAUDA_EQUINA_QUESTIONS:
        assert q.form is Form.ONE_BY_ONE
        assert decide(with_answer(q.id, Answer.NOT_SURE)) == decide(with_answer(q.id, Answer.YES))
    for q in CHECKLIST:  # ticked or not: the checklist has no "not sure" to give
        assert q.form is Form.CHECKLIST and not q.flags(Answer.NOT_SURE) and q.flags(Answer.YES)


def test_rule_red_flags_a_first_back_pain_counts_only_under_20_or_over_50() -> None:
    assert decide(with_answer("ca_first_episode", Answer.YES)).decision is Decision.CLEAR
    assert decide(with_answer("ca_age", Answer.YES)).decision is Decision.CLEAR
    both = decide({**ALL_NO, "ca_first_episode": Answer.YES, "ca_age": Answer.YES})
    assert both.decision is Decision.DOCTOR_BEFORE_STARTING
    assert both.flagged == ("ca_first_episode", "ca_age")


def test_rule_inflammatory_pattern_sees_the_doctor_and_may_start_gently() -> None:
    result = decide(with_answer("ia_morning_stiffness", Answer.YES))
    assert result.decision is Decision.SEE_DOCTOR_START_GENTLY
    assert clearance_flags(result.flagged) == ()  # no flag row, no lock
    assert not is_urgent(result.decision) and not needs_clearance(result.decision)
    assert programme_access(result.decision, red_flag_cleared=False, doctor_cleared=False) is Access.GENTLE_ONLY
    assert programme_access(result.decision, red_flag_cleared=False, doctor_cleared=True) is Access.FULL
    advice = decision_advice(result.decision, numbers_for("GB"), has_programme=True)
    assert advice.startswith("Please see your doctor about the morning stiffness")
    assert "start the exercises gently" in advice and "paused" not in advice and "999" not in advice
    with_cancer = {**ALL_NO, "ia_morning_stiffness": Answer.YES, "ca_treated": Answer.YES}
    assert decide(with_cancer).decision is Decision.DOCTOR_BEFORE_STARTING
    assert clearance_flags(decide(with_cancer).flagged) == ("ca_treated",)


def test_rule_red_flags_most_severe_group_wins() -> None:
    answers = {**ALL_NO, "ex_pregnancy": Answer.YES, "fx_fall": Answer.YES, "inf_hot_shivery": Answer.YES}
    assert decide(answers).decision is Decision.DOCTOR_TODAY


def test_rule_red_flags_cauda_equina_is_an_emergency_and_stops_at_once() -> None:
    assert stops_at_once("ce_bladder", Answer.NOT_SURE)
    assert stops_at_once("ce_sexual", Answer.YES)
    assert not stops_at_once("ce_bladder", Answer.NO)
    assert not stops_at_once("inf_hot_shivery", Answer.YES)
    # an emergency is decided even before the remaining questions are answered
    assert decide({"ce_bladder": Answer.YES}).decision is Decision.EMERGENCY_NOW


def test_rule_red_flags_a_half_finished_screening_is_never_clear() -> None:
    partial = dict(list(ALL_NO.items())[:8])
    with pytest.raises(IncompleteScreening) as info:
        decide(partial)
    assert "ex_severe_constant" in info.value.missing
    with pytest.raises(IncompleteScreening):
        decide({**partial, "fx_fall": Answer.YES})


def test_rule_red_flags_cauda_equina_one_per_message_the_rest_one_checklist_in_plain_words() -> None:
    ids = [q.id for q in RED_FLAG_QUESTIONS + RETIRED_QUESTIONS]
    assert len(ids) == len(set(ids))
    assert {q.group for q in RED_FLAG_QUESTIONS} == set(Group)
    assert RED_FLAG_QUESTIONS == CAUDA_EQUINA_QUESTIONS + CHECKLIST  # emergencies first
    assert len(CAUDA_EQUINA_QUESTIONS) == 6 and all(q.group is Group.CAUDA_EQUINA for q in CAUDA_EQUINA_QUESTIONS)
    for q in CAUDA_EQUINA_QUESTIONS:
        assert q.text.endswith("?") and q.text.count("?") == 1
    for q in CHECKLIST:  # a statement to tick, with a short button label
        assert q.group is not Group.CAUDA_EQUINA and "?" not in q.text
        assert q.label and len(q.label) <= 34
    assert "recently" not in " ".join(q.text for q in CHECKLIST if q.group is Group.INFECTION)


def test_rule_red_flags_advice_never_diagnoses() -> None:
    for text in DECISION_ADVICE.values():
        assert "you have" not in text.lower()
    assert "emergency" in DECISION_ADVICE[Decision.EMERGENCY_NOW].lower()
    assert "today" in DECISION_ADVICE[Decision.DOCTOR_TODAY]


@pytest.mark.parametrize(
    ("country", "call"),
    [("GB", "call 999 or go to A&E"), ("US", "call 911 or go to the emergency room"),
     ("CA", "call 911 or go to the emergency room"), ("ES", "call 112 or go to the nearest emergency department"),
     (None, "call 112 or your local emergency number")],
)
@pytest.mark.parametrize("has_programme", [True, False])
def test_rule_red_flags_emergency_advice_names_the_country_number_why_and_dont_wait(
    country: str | None, call: str, has_programme: bool
) -> None:
    text = decision_advice(Decision.EMERGENCY_NOW, numbers_for(country), has_programme=has_programme)
    assert text.startswith("Please get emergency care now: " + call)
    assert "nerves at the base of the spine are being squeezed" in text and "same day" in text
    assert "Don't wait to see if it passes." in text
    assert "Do not do any exercises" in text
    assert ("programme" in text) is has_programme


def test_rule_red_flags_same_day_advice_gives_the_non_emergency_line_where_there_is_one() -> None:
    gb = decision_advice(Decision.DOCTOR_TODAY, numbers_for("GB"), has_programme=True)
    assert "contact a doctor today" in gb and "If you can't reach your doctor today, call 111." in gb
    assert "call 999 or go to A&E" in gb and "Don't wait" in gb
    au = decision_advice(Decision.DOCTOR_TODAY, numbers_for("AU"), has_programme=True)
    assert "call healthdirect on 1800 022 222" in au and "call 000" in au
    unknown = decision_advice(Decision.DOCTOR_TODAY, numbers_for(None), has_programme=True)
    assert "out-of-hours doctor" in unknown and "call 112 or your local emergency number" in unknown


@pytest.mark.parametrize("country", ["GB", "US", "DE", "ZA", None])
@pytest.mark.parametrize("decision", list(Decision))
def test_rule_red_flags_advice_never_says_no_care_is_needed_nor_diagnoses(
    decision: Decision, country: str | None
) -> None:
    for has_programme in (True, False):
        text = decision_advice(decision, numbers_for(country), has_programme=has_programme).lower()
        assert "no need" not in text and "don't need" not in text and "nothing needs" not in text
        assert "you have" not in text
        assert has_programme or "programme" not in text


def test_rule_red_flags_clear_says_only_what_a_questionnaire_can() -> None:
    text = decision_advice(Decision.CLEAR, numbers_for("GB"), has_programme=False)
    assert text == "Thank you. None of your answers points to one of the warning signs I ask about."


def test_transitional_decision_advice_is_the_unknown_country_text() -> None:
    for decision in Decision:
        assert DECISION_ADVICE[decision] == decision_advice(decision, numbers_for(None), has_programme=True)
    assert decide(with_answer("ce_bowel", Answer.YES)).advice == DECISION_ADVICE[Decision.EMERGENCY_NOW]


def test_rule_red_flags_pain_recheck_asks_the_cauda_equina_questions() -> None:
    assert PAIN_RECHECK_QUESTIONS
    assert all(q.group is Group.CAUDA_EQUINA for q in PAIN_RECHECK_QUESTIONS)
    answers = {q.id: Answer.NO for q in PAIN_RECHECK_QUESTIONS}
    assert decide(answers, PAIN_RECHECK_QUESTIONS).decision is Decision.CLEAR
    answers["ce_saddle"] = Answer.NOT_SURE
    assert decide(answers, PAIN_RECHECK_QUESTIONS).decision is Decision.EMERGENCY_NOW


def test_first_unanswered_lets_a_flow_resume_where_it_was() -> None:
    assert first_unanswered({}) == RED_FLAG_QUESTIONS[0]
    assert first_unanswered({"ce_bladder": Answer.NO}) == RED_FLAG_QUESTIONS[1]
    assert first_unanswered(ALL_NO) is None


def test_rule_red_flags_lock_the_programme_until_a_clinician_clears_it() -> None:
    for decision in Decision:
        if needs_clearance(decision):
            assert programme_access(decision, red_flag_cleared=False, doctor_cleared=True) is Access.LOCKED
            assert programme_access(decision, red_flag_cleared=True, doctor_cleared=False) is Access.FULL


def test_rule_see_your_doctor_first_not_yet_gives_gentle_start_and_keeps_strengthening_locked() -> None:
    check = doctor_check(Answer.NO, date(2026, 3, 2))
    assert not check.consulted_and_cleared and check.remind_to_book
    assert check.answered_on == date(2026, 3, 2)
    assert programme_access(Decision.CLEAR, False, check.consulted_and_cleared) is Access.GENTLE_ONLY


def test_rule_see_your_doctor_first_not_sure_counts_as_not_yet() -> None:
    assert not doctor_check(Answer.NOT_SURE, date(2026, 3, 2)).consulted_and_cleared


def test_rule_see_your_doctor_first_yes_opens_strengthening() -> None:
    check = doctor_check(Answer.YES, date(2026, 3, 2))
    assert check.consulted_and_cleared and not check.remind_to_book
    assert programme_access(Decision.CLEAR, False, True) is Access.FULL


@PROPERTY
@given(st.dictionaries(st.sampled_from([q.id for q in RED_FLAG_QUESTIONS]), st.sampled_from(Answer)))
def test_rule_red_flags_any_flag_means_not_clear(answers: dict[str, Answer]) -> None:
    full = {**ALL_NO, **answers}
    result = decide(full)
    cautious = any(a is not Answer.NO for q, a in full.items() if question(q).form is Form.ONE_BY_ONE)
    ticked = {q for q, a in full.items() if question(q).form is Form.CHECKLIST and a is Answer.YES}
    counted = ticked - {"ca_first_episode", "ca_age"} if not {"ca_first_episode", "ca_age"} <= ticked else ticked
    assert (result.decision is Decision.CLEAR) == (not cautious and not counted)


# ------------------------------------------------------------------------------- locks and clearance -----

RAISED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_emergency_and_same_day_flags_are_the_urgent_locks() -> None:
    assert {Decision.EMERGENCY_NOW, Decision.DOCTOR_TODAY} == URGENT_DECISIONS
    assert [d for d in Decision if is_urgent(d)] == [Decision.DOCTOR_TODAY, Decision.EMERGENCY_NOW]
    assert decision_of_flags(["ca_history", "ce_saddle"]) is Decision.EMERGENCY_NOW
    assert decision_of_flags(["ex_pregnant"]) is Decision.CLINICIAN_GO_AHEAD
    assert decision_of_flags([]) is Decision.CLEAR


def test_without_a_clearance_every_flag_is_new() -> None:
    flagged = {"ca_history": RAISED, "ce_saddle": RAISED}
    assert new_flags(flagged, None) == ("ce_saddle", "ca_history")  # question order


def test_a_clearance_covers_the_answers_given_before_it() -> None:
    cleared = RAISED + timedelta(days=2)
    assert new_flags({"ce_saddle": RAISED, "ca_history": RAISED}, cleared, ["ce_saddle", "ca_history"]) == ()


def test_an_urgent_answer_given_again_after_a_clearance_is_a_new_flag() -> None:
    cleared = RAISED + timedelta(days=2)
    again = cleared + timedelta(days=1)
    assert new_flags({"ce_saddle": again}, cleared, ["ce_saddle"]) == ("ce_saddle",)


def test_a_non_urgent_answer_already_cleared_stays_cleared_but_a_new_one_does_not() -> None:
    cleared = RAISED + timedelta(days=2)
    again = cleared + timedelta(days=1)
    assert new_flags({"fx_bones": again}, cleared, ["fx_bones"]) == ()
    assert new_flags({"fx_bones": again, "ex_pregnant": again}, cleared, ["fx_bones"]) == ("ex_pregnant",)


@given(
    flagged=st.dictionaries(st.sampled_from([q.id for q in RED_FLAG_QUESTIONS]), st.integers(0, 10), min_size=1),
    cleared_day=st.one_of(st.none(), st.integers(0, 10)),
    covered=st.sets(st.sampled_from([q.id for q in RED_FLAG_QUESTIONS])),
)
@PROPERTY
def test_an_urgent_flag_is_only_ever_covered_by_a_clearance_given_after_it(
    flagged: dict[str, int], cleared_day: int | None, covered: set[str]
) -> None:
    """Property: whatever was cleared before, an urgent answer is covered only if given before the clearance."""
    answered = {qid: RAISED + timedelta(days=day) for qid, day in flagged.items()}
    cleared_at = None if cleared_day is None else RAISED + timedelta(days=cleared_day, hours=12)
    fresh = set(new_flags(answered, cleared_at, covered))
    for qid, at in answered.items():
        urgent = is_urgent(decision_of_flags([qid]))
        if cleared_at is None or (urgent and at > cleared_at):
            assert qid in fresh
        if cleared_at is not None and at <= cleared_at:
            assert qid not in fresh
