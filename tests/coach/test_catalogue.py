"""Exercise catalogue: the library of clinical.md section 6 and its validating loader."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from coach import rules
from coach.catalogue import (
    DEFAULT_PATH,
    Catalogue,
    CatalogueError,
    Motion,
    Sides,
    Slot,
    load_catalogue,
    parse_catalogue,
)
from coach.dose import Dose, ladder

ARTICLE_FUNDAMENTALS = {
    "abdominal_drawing_in": "pulling the abdominals away from the belt line",
    "prone_arm_leg_raise": "lying on the stomach lifting the opposite arm and leg",
    "front_plank_toes": "a plank on elbows and toes",
    "band_rotation": "core rotation with a resistance band, arms and back straight",
    "back_extension": "hyperextensions",
}

LIBRARY = {
    0: {"march_in_place", "cat_camel", "pelvic_tilt", "knee_rolls", "bottom_to_heels"},
    1: {"abdominal_drawing_in", "toe_taps", "glute_bridge", "bird_dog", "mcgill_curl_up",
        "side_plank_knees", "front_plank_knees"},
    2: {"dead_bug", "prone_arm_leg_raise", "front_plank_toes", "side_plank_feet", "single_leg_bridge",
        "pallof_press", "hip_hinge"},
    3: {"band_rotation", "back_extension"},
    4: {"romanian_deadlift", "bent_over_row"},
}

CHAINS = [
    ["abdominal_drawing_in", "toe_taps", "dead_bug"],
    ["front_plank_knees", "front_plank_toes"],
    ["side_plank_knees", "side_plank_feet"],
    ["pelvic_tilt", "glute_bridge", "single_leg_bridge"],
    ["bird_dog", "prone_arm_leg_raise", "back_extension"],
    ["pallof_press", "band_rotation"],
    ["hip_hinge", "romanian_deadlift"],
    ["hip_hinge", "bent_over_row"],
]


def test_rule_library_has_the_23_exercises_at_their_levels(catalogue: Catalogue) -> None:
    assert len(catalogue) >= 23
    for level, ids in LIBRARY.items():
        for exercise_id in ids:
            assert catalogue[exercise_id].level == level, exercise_id


def test_rule_article_fundamentals_are_all_present(catalogue: Catalogue) -> None:
    for exercise_id in ARTICLE_FUNDAMENTALS:
        assert exercise_id in catalogue
        assert catalogue[exercise_id].level <= rules.LEVEL_OPEN_MAX  # reachable without the weighted gate


def test_rule_chains_run_easier_to_harder(catalogue: Catalogue) -> None:
    for chain in CHAINS:
        for easier, harder in itertools.pairwise(chain):
            assert harder in catalogue[easier].harder, (easier, harder)
            assert easier in catalogue[harder].easier, (easier, harder)


def test_rule_chains_have_no_cycles(catalogue: Catalogue) -> None:
    def reachable(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(catalogue[start].harder)
        while todo:
            nxt = todo.pop()
            if nxt not in seen:
                seen.add(nxt)
                todo.extend(catalogue[nxt].harder)
        return seen

    for card in catalogue:
        assert card.id not in reachable(card.id)


def test_rule_every_exercise_above_level_0_has_an_easier_way_out(catalogue: Catalogue) -> None:
    for card in catalogue:
        if card.level > 0:
            assert card.easier, card.id
            assert all(catalogue[e].level <= card.level for e in card.easier)


def test_rule_weighted_exercises_are_level_4_and_locked(catalogue: Catalogue) -> None:
    for card in catalogue:
        assert card.locked == (card.level == 4), card.id
    assert catalogue["romanian_deadlift"].locked and catalogue["bent_over_row"].locked


def test_rule_every_card_is_complete(catalogue: Catalogue) -> None:
    for card in catalogue:
        assert 3 <= len(card.steps) <= 6, card.id
        assert card.name and card.mistake and card.skip_if and card.source, card.id
        assert card.start.fits_within(card.top), card.id
        assert card.numbered_steps()[0].startswith("1. ")


def test_rule_warmup_level_is_about_five_minutes(catalogue: Catalogue) -> None:
    seconds = sum(card.start.seconds() for card in catalogue.warmup())
    assert {c.id for c in catalogue.warmup()} == LIBRARY[0]
    assert 4 * 60 <= seconds <= 7 * 60


def test_rule_sessions_slots_cover_the_session_shape(catalogue: Catalogue) -> None:
    for slot in Slot:
        assert catalogue.in_slot(slot), slot
    assert catalogue["hip_hinge"].slot is Slot.ROTATION_HINGE
    assert catalogue["pallof_press"].slot is Slot.ROTATION_HINGE


def test_tracks_are_linear_chains(catalogue: Catalogue) -> None:
    assert [c.id for c in catalogue.track("drawing_in")] == CHAINS[0]
    assert [c.id for c in catalogue.track("bird_dog")] == CHAINS[4]


def test_default_catalogue_is_cached() -> None:
    assert load_catalogue() is load_catalogue()


def test_load_catalogue_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(DEFAULT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert len(load_catalogue(path)) == len(load_catalogue())


# ------------------------------------------------------------------------------- validation messages ---

CARD = """
[[exercise]]
id = "{id}"
name = "Test card"
level = {level}
slot = "{slot}"
equipment = []
{sides}start = {{ reps = {start_reps}, sets = 1, hold_seconds = 0 }}
top = {{ reps = 10, sets = 2, hold_seconds = 5 }}
steps = {steps}
mistake = "m"
{breathing}easier = {easier}
harder = {harder}
skip_if = "s"
source = "test"
{extra}
"""


def card(**overrides: object) -> str:
    values: dict[str, object] = {
        "id": "a", "level": 0, "slot": "warmup", "start_reps": 5, "steps": '["one", "two", "three"]',
        "easier": "[]", "harder": "[]", "extra": "", "breathing": 'breathing = "b"\n', "sides": 'sides = "none"\n',
    }
    values.update(overrides)
    return CARD.format(**values)


def rejects(text: str, card_id: str, field: str) -> CatalogueError:
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(text)
    assert info.value.card_id == card_id
    assert info.value.field == field
    assert repr(card_id) in str(info.value) and repr(field) in str(info.value)
    return info.value


def test_a_valid_minimal_card_loads() -> None:
    assert len(parse_catalogue(card())) == 1


def test_loader_rejects_unknown_neighbour_naming_card_and_field() -> None:
    error = rejects(card(harder='["ghost"]'), "a", "harder")
    assert "ghost" in str(error)


def test_loader_rejects_a_card_without_a_breathing_cue() -> None:
    rejects(card(breathing=""), "a", "breathing")
    rejects(card(breathing='breathing = " "\n'), "a", "breathing")


def test_loader_rejects_a_card_without_its_sides_or_with_unknown_ones() -> None:
    rejects(card(sides=""), "a", "sides")
    assert "choose one of none, each" in str(rejects(card(sides='sides = "both"\n'), "a", "sides"))


def test_loader_rejects_an_unknown_motion_and_a_moving_card_without_its_seconds() -> None:
    rejects(card(extra='motion = "wiggle"'), "a", "motion")
    error = rejects(card(extra='motion = "move"'), "a", "motion")  # start hold_seconds = 0: no time to move for
    assert "hold_seconds" in str(error)
    assert parse_catalogue(card()).exercises["a"].motion is Motion.HOLD  # hold unless the card says move


def test_rule_timer_marching_moves_and_the_side_exercises_say_their_sides(catalogue: Catalogue) -> None:
    """Issue 13 item 4: the catalogue data the timer follows: marching is moved, not held; side planks and
    the single-leg bridge do the whole dose on each side; the bird dog takes turns, one each side a rep."""
    assert catalogue["march_in_place"].motion is Motion.MOVE
    assert all(c.motion is Motion.HOLD for c in catalogue if c.id != "march_in_place")
    assert {c.id for c in catalogue if c.sides is Sides.EACH} >= {"side_plank_knees", "side_plank_feet",
                                                                    "single_leg_bridge"}
    assert catalogue["bird_dog"].sides is Sides.ALTERNATE and catalogue["front_plank_knees"].sides is Sides.NONE


def test_rule_every_card_says_how_to_breathe(catalogue: Catalogue) -> None:
    """Issue 13: a breathing cue on every card (16 of 23 had none); never holding the breath is the point."""
    assert all("breath" in card.breathing.lower() for card in catalogue)


def test_loader_rejects_empty_steps() -> None:
    rejects(card(steps="[]"), "a", "steps")


def test_loader_rejects_too_few_steps() -> None:
    rejects(card(steps='["only one"]'), "a", "steps")


def test_loader_rejects_start_dose_above_top_dose() -> None:
    rejects(card(start_reps=12), "a", "start")


def test_loader_rejects_level_4_card_that_is_not_locked() -> None:
    text = card() + card(id="b", level=4, slot="glutes", easier='["a"]')
    text = text.replace('harder = []', 'harder = ["b"]', 1)
    rejects(text, "b", "locked")


def test_loader_rejects_locked_card_below_level_4() -> None:
    rejects(card(extra="locked = true"), "a", "locked")


def test_loader_rejects_card_above_level_0_without_easier_way_out() -> None:
    rejects(card(level=1, slot="glutes"), "a", "easier")


def test_loader_rejects_one_sided_neighbour() -> None:
    text = card() + card(id="b", level=1, slot="glutes", easier='["a"]')
    rejects(text, "b", "easier")


def test_loader_rejects_cycle() -> None:
    text = (
        card(id="a", level=1, slot="glutes", easier='["b"]', harder='["b"]')
        + card(id="b", level=1, slot="glutes", easier='["a"]', harder='["a"]')
    )
    error = rejects(text, "a", "harder")
    assert "loops" in str(error)


def test_loader_rejects_unknown_slot() -> None:
    rejects(card(slot="arms"), "a", "slot")


def test_loader_rejects_duplicate_id() -> None:
    rejects(card() + card(), "a", "id")


def test_loader_rejects_bad_toml_clearly() -> None:
    with pytest.raises(CatalogueError, match="syntax"):
        parse_catalogue("[[exercise]\n")


def test_dose_ladder_moves_one_step_at_a_time() -> None:
    rungs = ladder(Dose(5, 1, 5), Dose(10, 2, 10))
    assert rungs[0] == Dose(5, 1, 5) and rungs[-1] == Dose(10, 2, 10)
    for a, b in itertools.pairwise(rungs):
        changes = [b.reps - a.reps, b.hold_seconds - a.hold_seconds, b.sets - a.sets]
        assert sum(1 for c in changes if c) == 1
        assert 1 <= changes[0] <= 2 or changes[1] == 5 or changes[2] == 1


def test_rule_sitting_tips_come_one_per_session_until_all_are_seen() -> None:
    """Issue 13 item 3: the article's sitting advice reaches the user, one tip per session summary, in order."""
    from coach.education import SITTING_TIPS, tip_after_session

    shown = [tip_after_session(n) for n in range(len(SITTING_TIPS) + 2)]
    assert shown[: len(SITTING_TIPS)] == list(SITTING_TIPS)
    assert shown[len(SITTING_TIPS):] == [None, None]
