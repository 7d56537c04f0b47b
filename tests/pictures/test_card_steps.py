"""The pictures match the cards' numbered steps (the checks a physiotherapist would make on the stills).

Bird dog, prone raise and dead bug: the opposite arm and leg. Side planks: on the forearm, elbow under the
shoulder, hips lifted into one straight line. Back extension: a small lift, to neutral only. Bridges and planks:
a straight line. Hinges and the row: the back stays neutral. Distances are body heights (1.0 = standing).
"""

from __future__ import annotations

import math

import pytest

from coach.pose import keyposes, load_poses
from coach.pose.describe import Contact
from coach.pose.geometry import Vec, dot, norm, sub
from coach.pose.motion import Pose

POSES = load_poses()


def angle(a: Vec, vertex: Vec, b: Vec) -> float:
    u, v = sub(a, vertex), sub(b, vertex)
    return math.degrees(math.acos(max(-1.0, min(1.0, dot(u, v) / (norm(u) * norm(v))))))


def keys(card_id: str) -> list[tuple[str, Pose]]:
    return [(key.name, pose) for key, pose in zip(POSES[card_id].keyframes, keyposes(card_id), strict=True)]


def straight(pose: Pose, far: str) -> float:
    """The angle at the lower hip between the far point (knee or ankle) and the shoulder: 180 is straight."""
    return angle(pose.points[f"left_{far}"], pose.points["left_hip"], pose.points["left_shoulder"])


def spine(pose: Pose) -> float:
    return pose.angle("lumbar") + pose.angle("thoracic")


@pytest.mark.parametrize("card_id", ["bird_dog", "prone_arm_leg_raise", "dead_bug"])
def test_the_opposite_arm_and_leg_move_together(card_id: str) -> None:
    (_, start), *rest = keys(card_id)
    for name, pose in rest:
        arms = {s for s in ("left", "right") if abs(pose.angle(f"{s}_shoulder") - start.angle(f"{s}_shoulder")) > 10}
        legs = {s for s in ("left", "right") if abs(pose.angle(f"{s}_hip") - start.angle(f"{s}_hip")) > 10}
        if name == "back":
            assert not arms and not legs
        else:
            assert len(arms) == len(legs) == 1 and arms != legs, f"{card_id} {name!r}: arms {arms}, legs {legs}"


def test_bird_dog_reaches_level_with_a_flat_back_on_the_other_hand_and_knee() -> None:
    for name, pose in keys("bird_dog"):
        assert abs(pose.angle("lumbar")) <= 8 and abs(pose.angle("thoracic")) <= 8, name
        if name in ("start", "back"):
            assert {"left_hand", "right_hand", "left_knee", "right_knee"} <= {c.point for c in pose.contacts}
            continue
        arm = next(s for s in ("left", "right") if Contact(f"{s}_hand") not in pose.contacts)
        leg = next(s for s in ("left", "right") if Contact(f"{s}_knee") not in pose.contacts)
        p = pose.points
        assert arm != leg
        assert p[f"{arm}_fingertips"][0] > p[f"{arm}_shoulder"][0] + 0.3  # reaching forward...
        assert abs(p[f"{arm}_fingertips"][1] - p[f"{arm}_shoulder"][1]) < 0.12  # ...level with the body
        assert p[f"{leg}_toes"][0] < p[f"{leg}_hip"][0] - 0.35
        assert abs(p[f"{leg}_ankle"][1] - p[f"{leg}_hip"][1]) < 0.12


@pytest.mark.parametrize(("card_id", "far"), [("side_plank_knees", "knee"), ("side_plank_feet", "ankle")])
def test_side_plank_on_the_forearm_then_hips_lifted_in_one_line(card_id: str, far: str) -> None:
    (_, start), (_, top) = keys(card_id)
    for pose in (start, top):
        assert {Contact("left_elbow"), Contact("left_hand")} <= set(pose.contacts)  # on the forearm
    assert Contact("left_hip") in start.contacts
    p = top.points
    assert math.hypot(p["left_elbow"][0] - p["left_shoulder"][0], p["left_elbow"][2] - p["left_shoulder"][2]) < 0.06
    assert p["left_hip"][1] > start.points["left_hip"][1] + 0.025  # hips lifted off the floor
    assert straight(top, far) >= 160


def test_back_extension_lifts_the_chest_a_few_centimetres_to_neutral_only() -> None:
    (_, start), (_, lifted) = keys("back_extension")
    rise = lifted.points["upper_back"][1] - start.points["upper_back"][1]
    assert 0.01 <= rise <= 0.045  # 2 to 8 cm for a 1.7 m person
    assert spine(lifted) >= -30  # a small extension, never an arch
    assert {Contact("left_hip"), Contact("right_hip")} <= set(lifted.contacts)


@pytest.mark.parametrize(("card_id", "far"), [
    ("glute_bridge", "knee"), ("single_leg_bridge", "knee"), ("front_plank_knees", "knee"),
    ("front_plank_toes", "ankle"),
])
def test_bridges_and_planks_end_in_a_straight_line_without_arching(card_id: str, far: str) -> None:
    name, top = keys(card_id)[-1]
    assert straight(top, far) >= 160, name
    assert abs(spine(top)) <= 10


@pytest.mark.parametrize("card_id", ["hip_hinge", "romanian_deadlift", "bent_over_row"])
def test_hinges_and_the_row_keep_the_back_neutral(card_id: str) -> None:
    for name, pose in keys(card_id):
        assert abs(pose.angle("lumbar")) <= 8 and abs(pose.angle("thoracic")) <= 8, name


def test_the_hip_hinge_leans_forward_from_the_hips_with_the_stick_on_three_points() -> None:
    (_, start), (_, hinged) = keys("hip_hinge")
    assert hinged.angle("left_hip") - start.angle("left_hip") >= 45
    touching = {c.point for c in hinged.contacts if c.surface == "stick"}
    assert touching == {"head", "upper_back", "pelvis"}


def test_the_deadlift_weight_goes_just_below_the_knees() -> None:
    _, bottom = keys("romanian_deadlift")[-1]
    hands = (bottom.points["left_hand"][1] + bottom.points["right_hand"][1]) / 2
    assert hands <= bottom.points["left_knee"][1] + 0.03


def test_cat_camel_rounds_then_sags_on_still_hands_and_knees() -> None:
    (_, start), (_, rounded), (_, sagged) = keys("cat_camel")
    assert spine(rounded) >= 35 and spine(sagged) <= -20
    for point in ("left_hand", "right_knee"):
        assert rounded.points[point] == pytest.approx(start.points[point], abs=1e-3)


def test_the_row_pulls_the_elbow_up_with_hand_and_knee_on_the_bench() -> None:
    (_, hanging), (_, pulled) = keys("bent_over_row")
    for pose in (hanging, pulled):
        assert {Contact("left_knee", "bench"), Contact("left_hand", "bench")} <= set(pose.contacts)
    assert pulled.points["right_elbow"][1] > hanging.points["right_elbow"][1] + 0.1


def test_marching_lifts_one_knee_at_a_time_on_the_other_foot() -> None:
    for name, pose in keys("march_in_place"):
        planted = {c.point for c in pose.contacts}
        lifted = [s for s in ("left", "right") if f"{s}_heel" not in planted]
        assert len(lifted) == (0 if name in ("stand tall", "back") else 1), name
        for side in lifted:
            assert pose.points[f"{side}_knee"][1] > pose.points[f"{side}_hip"][1] - 0.15
