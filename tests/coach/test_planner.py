"""Session planner (clinical.md sections 1, 5 and 6): warm-up first, one exercise per slot, today's dose."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from coach.catalogue import SESSION_SLOTS, Catalogue, Slot
from coach.dose import Dose
from coach.equipment import NEEDS, Kit, lacks, needs
from coach.planner import ProgrammeLocked, plan_session
from coach.records import ExerciseProgress, Profile, SessionKind
from coach.screening import Decision

TODAY = date(2026, 3, 2)


def test_rule_always_warm_up_first_full_session(cleared: Profile) -> None:
    plan = plan_session(cleared, {}, TODAY)
    assert plan.kind is SessionKind.FULL
    warmup_count = len(plan.warmup)
    assert warmup_count == 5
    assert all(item.slot is Slot.WARMUP for item in plan.items[:warmup_count])
    assert all(item.slot is not Slot.WARMUP for item in plan.items[warmup_count:])


def test_rule_always_warm_up_first_is_about_five_minutes(cleared: Profile) -> None:
    seconds = sum(item.seconds for item in plan_session(cleared, {}, TODAY).warmup)
    assert 4 * 60 <= seconds <= 7 * 60


def test_rule_session_shape_one_exercise_per_slot_at_level_1(cleared: Profile) -> None:
    plan = plan_session(cleared, {}, TODAY)
    assert [i.slot for i in plan.exercises] == [
        Slot.ANTERIOR_CORE, Slot.BACK_EXTENSORS, Slot.SIDE_CORE, Slot.GLUTES,
    ]
    assert all(i.exercise.level <= 1 for i in plan.exercises)


def test_rule_session_shape_rotation_or_hinge_slot_from_level_2(cleared: Profile) -> None:
    plan = plan_session(replace(cleared, level=2), {}, TODAY)
    assert [i.slot for i in plan.exercises] == list(SESSION_SLOTS)
    assert 4 <= len(plan.exercises) <= 5


def test_rule_start_at_5_reps_or_short_holds(cleared: Profile) -> None:
    for item in plan_session(cleared, {}, TODAY).exercises:
        assert item.dose == item.exercise.start
        assert item.dose.reps <= 6 or item.dose.hold_seconds <= 10


def test_plan_uses_todays_dose_from_progress(cleared: Profile, catalogue: Catalogue) -> None:
    progress = {"bird_dog": ExerciseProgress("bird_dog", "bird_dog", Dose(7, 1, 5))}
    item = next(i for i in plan_session(cleared, progress, TODAY).exercises if i.track == "bird_dog")
    assert (item.exercise.id, item.dose) == ("bird_dog", Dose(7, 1, 5))


def test_plan_snaps_an_unknown_dose_down_onto_the_ladder(cleared: Profile) -> None:
    progress = {"bird_dog": ExerciseProgress("bird_dog", "bird_dog", Dose(6, 1, 5))}
    item = next(i for i in plan_session(cleared, progress, TODAY).exercises if i.track == "bird_dog")
    assert item.dose == Dose(5, 1, 5)


def test_plan_rotates_tracks_inside_a_slot_least_recently_done_first(cleared: Profile) -> None:
    progress = {
        "drawing_in": ExerciseProgress("drawing_in", "abdominal_drawing_in", Dose(5, 1, 5), last_done=TODAY),
        "curl_up": ExerciseProgress("curl_up", "mcgill_curl_up", Dose(5, 1, 5), last_done=date(2026, 2, 27)),
    }
    anterior = plan_session(cleared, progress, TODAY).exercises[0]
    assert anterior.exercise.id == "front_plank_knees"  # never done: most due
    progress["front_plank"] = ExerciseProgress(
        "front_plank", "front_plank_knees", Dose(3, 1, 10), last_done=date(2026, 2, 28)
    )
    assert plan_session(cleared, progress, TODAY).exercises[0].exercise.id == "mcgill_curl_up"


def test_rule_level_4_appears_only_when_unlocked(cleared: Profile) -> None:
    progress = {"hinge": ExerciseProgress("hinge", "romanian_deadlift", Dose(6, 1, 0)),
                "rotation": ExerciseProgress("rotation", "band_rotation", Dose(6, 1, 0), last_done=TODAY)}
    locked = plan_session(replace(cleared, level=3), progress, TODAY)
    ids = {i.exercise.id for i in locked.items}
    assert "romanian_deadlift" not in ids and "bent_over_row" not in ids
    assert "hip_hinge" in ids  # steps back to the hardest open card of the chain
    unlocked = plan_session(replace(cleared, level=4, level4_unlocked=True), progress, TODAY)
    assert "romanian_deadlift" in {i.exercise.id for i in unlocked.items}


def test_rule_level_4_needs_unlock_even_at_level_4(cleared: Profile) -> None:
    plan = plan_session(replace(cleared, level=4, level4_unlocked=False), {}, TODAY)
    assert not any(i.exercise.locked for i in plan.items)


def test_plan_after_a_level_drop_uses_the_easier_card_at_its_top_dose(
    cleared: Profile, catalogue: Catalogue
) -> None:
    progress = {"drawing_in": ExerciseProgress("drawing_in", "dead_bug", Dose(6, 1, 3))}
    item = plan_session(cleared, progress, TODAY).exercises[0]
    assert (item.exercise.id, item.dose) == ("toe_taps", catalogue["toe_taps"].top)


def test_plan_skips_excluded_exercises(cleared: Profile) -> None:
    plan = plan_session(replace(cleared, level=2, excluded=frozenset({"pallof_press"})), {}, TODAY)
    assert "pallof_press" not in {i.exercise.id for i in plan.items}
    assert plan.exercises[-1].exercise.id == "hip_hinge"


def test_rule_minimum_session_is_five_minutes_warm_up_first(cleared: Profile) -> None:
    plan = plan_session(replace(cleared, level=2), {}, TODAY, minimum=True)
    assert plan.kind is SessionKind.MINIMUM
    assert plan.items[0].slot is Slot.WARMUP and plan.items[1].slot is Slot.WARMUP
    assert len(plan.exercises) == 2
    assert all(i.dose.sets == 1 for i in plan.exercises)
    assert plan.estimated_minutes <= 5


def test_rule_see_your_doctor_first_gentle_session_while_check_open() -> None:
    plan = plan_session(Profile(level=1, doctor_cleared=False), {}, TODAY)
    assert plan.kind is SessionKind.GENTLE
    assert plan.items and all(i.exercise.level == 0 for i in plan.items)


def test_rule_pain_pause_gives_gentle_session(cleared: Profile) -> None:
    plan = plan_session(replace(cleared, paused=True), {}, TODAY)
    assert plan.kind is SessionKind.GENTLE
    assert not plan.exercises


def test_rule_red_flags_lock_the_planner() -> None:
    profile = Profile(level=1, doctor_cleared=True, screening=Decision.DOCTOR_BEFORE_STARTING)
    with pytest.raises(ProgrammeLocked) as info:
        plan_session(profile, {}, TODAY)
    assert info.value.decision is Decision.DOCTOR_BEFORE_STARTING
    cleared_again = replace(profile, red_flag_cleared=True)
    assert plan_session(cleared_again, {}, TODAY).kind is SessionKind.FULL


def test_plan_is_deterministic(cleared: Profile) -> None:
    progress = {"bridge": ExerciseProgress("bridge", "glute_bridge", Dose(7, 1, 3), last_done=TODAY)}
    assert plan_session(cleared, progress, TODAY) == plan_session(cleared, dict(progress), TODAY)


def test_plan_estimate_adds_up_the_items(cleared: Profile) -> None:
    plan = plan_session(replace(cleared, level=2), {}, TODAY)
    assert plan.estimated_minutes * 60 >= sum(i.seconds for i in plan.items) > (plan.estimated_minutes - 1) * 60


def test_rule_two_reds_level_0_is_the_gentle_session(cleared: Profile) -> None:
    plan = plan_session(replace(cleared, level=0), {}, TODAY)
    assert plan.kind is SessionKind.GENTLE and not plan.exercises


# ------------------------------------------------------------------------------------- equipment ---

KIT_SETS = [frozenset(s) for s in ([], [Kit.BAND], [Kit.WEIGHTS], [Kit.BENCH], [Kit.BAND, Kit.WEIGHTS], list(Kit))]


@pytest.mark.parametrize("owned", KIT_SETS)
@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_rule_equipment_the_planner_never_plans_a_card_whose_equipment_the_user_lacks(
    cleared: Profile, catalogue: Catalogue, owned: frozenset[Kit], level: int
) -> None:
    """Issue 13 item 3: whatever the level and progress, no planned card needs kit the user does not have;
    a mat and a broom handle count as always available."""
    profile = replace(cleared, level=level, level4_unlocked=True, technique_confirmed=True, equipment=owned)
    cards = [c for c in catalogue.exercises.values() if c.level == level]
    everywhere = {c.track: ExerciseProgress(c.track, c.id, c.top) for c in cards}
    for progress in ({}, everywhere):
        plan = plan_session(profile, progress, TODAY)
        assert plan.exercises, "every level still plans a session without equipment"
        for item in plan.items:
            assert needs(item.exercise.equipment) <= owned, (item.exercise.id, owned)


def test_rule_equipment_with_a_band_the_pallof_press_is_planned_without_it_the_hinge(
    cleared: Profile,
) -> None:
    level2 = replace(cleared, level=2)
    with_band = plan_session(replace(level2, equipment=frozenset({Kit.BAND})), {}, TODAY)
    without = plan_session(replace(level2, equipment=frozenset()), {}, TODAY)
    hinge_slot = [i.exercise.id for i in with_band.exercises if i.slot is Slot.ROTATION_HINGE]
    assert hinge_slot == ["pallof_press"]
    assert [i.exercise.id for i in without.exercises if i.slot is Slot.ROTATION_HINGE] == ["hip_hinge"]
    not_asked = plan_session(level2, {}, TODAY)  # users from before the question: nothing left out
    assert [i.exercise.id for i in not_asked.exercises] == [i.exercise.id for i in with_band.exercises]


def test_rule_equipment_every_catalogue_phrase_is_known_and_mat_and_stick_are_free(catalogue: Catalogue) -> None:
    phrases = {p for c in catalogue.exercises.values() for p in c.equipment}
    assert phrases <= set(NEEDS)
    assert needs(["mat", "a broom handle or light stick"]) == frozenset()
    assert lacks(["resistance band"], frozenset()) and not lacks(["resistance band"], None)
