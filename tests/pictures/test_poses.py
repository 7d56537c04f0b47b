"""Pose descriptions: one per catalogue card, checked on load with errors that name the card and the field."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from coach.catalogue import load_catalogue
from coach.pose import PoseError, keyposes, load_poses, parse_poses
from coach.pose.describe import DEFAULT_PATH, MAX_KEYFRAMES, MIN_KEYFRAMES, fingerprint
from coach.pose.motion import accents, moved

POSES = load_poses()
CATALOGUE = load_catalogue()

GOOD_CARD = """
[card.demo]
props = ["mat"]
moving = ["trunk"]
[[card.demo.keyframe]]
name = "start"
body = { pitch = -90 }
angles = { hip = 50, knee = 100 }
contacts = ["head", "upper_back", "pelvis", "feet"]
[[card.demo.keyframe]]
name = "hips up"
body = { pitch = -90 }
angles = { hip = 0, knee = 80 }
contacts = ["head", "upper_back", "feet"]
"""


def test_every_catalogue_card_has_a_pose() -> None:
    missing = {card.id for card in CATALOGUE} - set(POSES)
    assert not missing, f"cards without a pose description in {DEFAULT_PATH.name}: {sorted(missing)}"


def test_no_pose_names_an_unknown_card() -> None:
    unknown = set(POSES) - {card.id for card in CATALOGUE}
    assert not unknown, f"pose descriptions for cards the catalogue does not have: {sorted(unknown)}"


@pytest.mark.parametrize("card_id", sorted(POSES))
def test_every_pose_solves_with_its_keyframes(card_id: str) -> None:
    description = POSES[card_id]
    assert MIN_KEYFRAMES <= len(description.keyframes) <= MAX_KEYFRAMES
    assert len(keyposes(card_id)) == len(description.keyframes)


@pytest.mark.parametrize("card_id", sorted(POSES))
def test_the_parts_declared_moving_really_move(card_id: str) -> None:
    keys = keyposes(card_id)
    moving = set().union(*(moved(a, b) for a, b in zip(keys, keys[1:] + keys[:1], strict=True)))
    assert set(POSES[card_id].moving) <= moving
    assert any(accents(POSES[card_id], keys)), "some keyframe must show an accent"


def test_a_good_description_parses() -> None:
    demo = parse_poses(GOOD_CARD)["demo"]
    assert [k.name for k in demo.keyframes] == ["start", "hips up"]
    assert demo.keyframes[0].angles["left_hip"] == demo.keyframes[0].angles["right_hip"] == 50.0


def test_a_sided_angle_wins_over_the_bare_one() -> None:
    text = GOOD_CARD.replace("angles = { hip = 50, knee = 100 }", "angles = { left_hip = 30, hip = 50, knee = 100 }")
    start = parse_poses(text)["demo"].keyframes[0]
    assert (start.angles["left_hip"], start.angles["right_hip"]) == (30.0, 50.0)


def test_like_repeats_an_earlier_keyframe_named_back() -> None:
    text = GOOD_CARD + '[[card.demo.keyframe]]\nlike = "start"\n'
    back = parse_poses(text)["demo"].keyframes[2]
    start = parse_poses(text)["demo"].keyframes[0]
    assert (back.name, back.like, back.angles, back.contacts) == ("back", "start", start.angles, start.contacts)


BAD = [
    ("knee = 100", "knee = 170", "keyframe[1].angles.knee", "outside"),
    ("knee = 100", "kneee = 100", "keyframe[1].angles.kneee", "unknown joint angle"),
    ('"feet"]\n[[', '"fet"]\n[[', "keyframe[1].contacts", "unknown body point"),
    ('"head", "upper_back", "feet"]', '"head", "upper_back@bench"]', "keyframe[2].contacts", "no 'bench'"),
    ('moving = ["trunk"]', 'moving = ["tail"]', "moving", "must list the parts"),
    ('props = ["mat"]', 'props = [{ kind = "trampoline" }]', "props[0].kind", "unknown prop"),
    ('name = "hips up"', 'name = "start"', "keyframe[2].name", "used twice"),
    ("body = { pitch = -90 }\nangles = { hip = 0", "body = { tilt = 3 }\nangles = { hip = 0", "keyframe[2].body.tilt",
     "body takes"),
    ('props = ["mat"]', 'props = ["mat"]\ncamera = { elevation = 120 }', "camera.elevation", "0 (level) to 90"),
]


@pytest.mark.parametrize(("old", "new", "field", "problem"), BAD, ids=[case[2] for case in BAD])
def test_a_mistake_names_the_card_and_the_field(old: str, new: str, field: str, problem: str) -> None:
    assert old in GOOD_CARD
    with pytest.raises(PoseError) as caught:
        parse_poses(GOOD_CARD.replace(old, new, 1))
    assert caught.value.card_id == "demo"
    assert caught.value.field == field
    assert problem in str(caught.value)


def test_one_keyframe_is_not_a_movement() -> None:
    one = GOOD_CARD[: GOOD_CARD.index("[[card.demo.keyframe]]\nname = \"hips up\"")]
    with pytest.raises(PoseError, match="field 'keyframe'"):
        parse_poses(one)


def test_contacts_that_cannot_be_met_name_the_keyframe() -> None:
    text = GOOD_CARD.replace('contacts = ["head", "upper_back", "feet"]', 'contacts = ["head", "feet", "hands"]')
    text = text.replace("angles = { hip = 0, knee = 80 }", "angles = { hip = 0, knee = 80, shoulder = 180 }")
    from coach.pose import solve_keyframes

    with pytest.raises(PoseError) as caught:
        solve_keyframes(parse_poses(text)["demo"])
    assert (caught.value.card_id, caught.value.field) == ("demo", "keyframe[2].contacts")


def test_the_fingerprint_follows_the_description() -> None:
    demo = parse_poses(GOOD_CARD)["demo"]
    assert fingerprint(demo) == fingerprint(parse_poses(GOOD_CARD)["demo"])
    changed = dataclasses.replace(demo, moving=("trunk", "left_leg"))
    assert fingerprint(changed) != fingerprint(demo)


def test_the_bundled_file_loads_from_a_path_too() -> None:
    assert set(load_poses(Path(DEFAULT_PATH))) == set(POSES)
