"""Properties of every frame of every card's animation: the figure stays a possible human body.

Checked on every frame the GIF shows (all cards, exhaustively) and, with hypothesis, at any moment of any
card's loop (between the drawn frames too): no body part below the floor, every joint within its range, every
declared contact touching its surface, every segment its anatomical length, planted contacts not sliding.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.pose import body, frames, keyposes, load_poses
from coach.pose.geometry import distance
from coach.pose.motion import MAX_MS, MIN_MS, Pose, Timeline, pose_at
from coach.pose.props import gap

POSES = load_poses()
CARDS = sorted(POSES)
FLOOR_TOLERANCE = 0.003  # body heights (5 mm): how far a point may sink into the floor (the solver allows 3 mm)
CONTACT_TOLERANCE = 0.01  # body heights (17 mm): a declared contact touches (the stick is only checked)
ANGLE_TOLERANCE = 1e-6

PROPERTY = settings(
    max_examples=600 if os.environ.get("COACH_THOROUGH") == "1" else 60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def every_frame() -> Iterator[tuple[str, int, Pose]]:
    for card_id in CARDS:
        for index, frame in enumerate(frames(card_id)):
            yield card_id, index, frame.pose


def below_floor(pose: Pose) -> list[str]:
    return [
        f"{name} {p[1] - body.POINTS[name].radius:+.4f}" for name, p in pose.points.items()
        if p[1] - body.POINTS[name].radius < -FLOOR_TOLERANCE
    ]


def out_of_range(pose: Pose) -> list[str]:
    return [
        f"{dof.name}={pose.angle(dof.name):.2f} not in {dof.low:g}..{dof.high:g}" for dof in body.DOFS
        if not dof.low - ANGLE_TOLERANCE <= pose.angle(dof.name) <= dof.high + ANGLE_TOLERANCE
    ]


def loose_contacts(card_id: str, pose: Pose) -> list[str]:
    props = POSES[card_id].props
    gaps = {str(c): gap(c.point, c.surface, pose.points, props) for c in pose.contacts}
    return [f"{name} gap {value:+.4f}" for name, value in gaps.items() if abs(value) > CONTACT_TOLERANCE]


def wrong_lengths(pose: Pose) -> list[str]:
    return [
        f"{a}-{b} {distance(pose.points[a], pose.points[b]):.6f} != {length:.6f}"
        for (a, b), length in body.SEGMENTS.items()
        if abs(distance(pose.points[a], pose.points[b]) - length) > 1e-9
    ]


def check(card_id: str, where: str, pose: Pose) -> None:
    problems = below_floor(pose) + out_of_range(pose) + loose_contacts(card_id, pose) + wrong_lengths(pose)
    assert not problems, f"{card_id} {where}: " + "; ".join(problems)


@pytest.mark.parametrize("card_id", CARDS)
def test_every_drawn_frame_is_a_possible_body(card_id: str) -> None:
    for index, frame in enumerate(frames(card_id)):
        check(card_id, f"frame {index}", frame.pose)


@pytest.mark.parametrize("card_id", CARDS)
def test_every_keyframe_touches_all_its_declared_contacts(card_id: str) -> None:
    for key, pose in zip(POSES[card_id].keyframes, keyposes(card_id), strict=True):
        assert pose.contacts == key.contacts
        assert not loose_contacts(card_id, pose), f"{card_id} keyframe {key.name!r}"


@given(card_id=st.sampled_from(CARDS), moment=st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
@PROPERTY
def test_any_moment_of_any_loop_is_a_possible_body(card_id: str, moment: float) -> None:
    keys = keyposes(card_id)
    t_ms = moment * Timeline(len(keys)).duration_ms
    check(card_id, f"at {t_ms:.0f} ms", pose_at(POSES[card_id], keys, t_ms))


def test_segment_lengths_are_the_same_in_every_frame_of_every_card() -> None:
    lengths = {pair: set() for pair in body.SEGMENTS}
    for _, _, pose in every_frame():
        for a, b in body.SEGMENTS:
            lengths[(a, b)].add(round(distance(pose.points[a], pose.points[b]), 9))
    assert all(len(seen) == 1 for seen in lengths.values())


@pytest.mark.parametrize("card_id", CARDS)
def test_planted_contacts_do_not_slide_while_they_are_held(card_id: str) -> None:
    """A hand, foot, knee or elbow on the floor stays put, unless a keyframe lets it slide to a new place."""
    sliding = set().union(*(key.slide for key in POSES[card_id].keyframes))
    previous: Pose | None = None
    for frame in frames(card_id):
        pose = frame.pose
        if previous is not None:
            for contact in set(pose.contacts) & set(previous.contacts):
                if contact.point in body.PLANTED - sliding:
                    step = distance(pose.points[contact.point], previous.points[contact.point])
                    assert step < 0.02, f"{card_id}: {contact} slides {step:.3f}"
        previous = pose


@pytest.mark.parametrize("card_id", CARDS)
def test_every_loop_lasts_two_to_four_seconds(card_id: str) -> None:
    total = sum(frame.duration_ms for frame in frames(card_id))
    assert MIN_MS <= total <= MAX_MS
    assert total == Timeline(len(POSES[card_id].keyframes)).duration_ms
