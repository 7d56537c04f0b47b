"""The figure as strokes: thick rounded limbs, the trunk along its spine points, the head, sorted far to near.

A limb on the far side goes behind the trunk and is drawn lighter, so left and right read apart in a side
view; the parts the pose description names as moving take the accent colour. A ghost (the start pose behind
the animation) is the same strokes in one faint colour.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from coach.pose import body
from coach.pose.geometry import Vec, add, cross, norm, scale, sub
from coach.pose.motion import Pose
from pictures import style
from pictures.canvas import Stroke, View
from pictures.style import Colour


def extents(pose: Pose) -> list[tuple[Vec, float]]:
    """Every body point with its radius: the space the figure takes."""
    return [(p, body.POINTS[name].radius) for name, p in pose.points.items()]



def _side_colours(pose: Pose, view: View, moving: Collection[str]) -> dict[str, Colour]:
    """Colour per part: accent if it moves, lighter if it is the far one of a left/right pair."""
    colours: dict[str, Colour] = {}
    for part in body.PARTS:
        near, far = (style.ACCENT, style.ACCENT_FAR) if part in moving else (style.BODY, style.BODY_FAR)
        colours[part] = near
        if part.startswith(body.SIDES):
            side, limb = part.split("_", 1)
            other = "right" if side == "left" else "left"
            root = "shoulder" if limb == "arm" else "hip"
            mine = view.project(pose.points[f"{side}_{root}"])[2]
            theirs = view.project(pose.points[f"{other}_{root}"])[2]
            colours[part] = far if mine < theirs - 0.03 else near
    return colours


def _depth(view: View, points: Sequence[Vec]) -> float:
    return sum(view.project(p)[2] for p in points) / len(points)


def _limb_strokes(pose: Pose, view: View, side: str, colours: dict[str, Colour]) -> list[Stroke]:
    p = pose.points
    arm = (p[f"{side}_shoulder"], p[f"{side}_elbow"], p[f"{side}_wrist"])
    hand = (p[f"{side}_wrist"], p[f"{side}_fingertips"])
    leg = (p[f"{side}_hip"], p[f"{side}_knee"], p[f"{side}_ankle"])
    foot = (p[f"{side}_ankle"], p[f"{side}_heel"], p[f"{side}_toes"])
    arm_colour, leg_colour = colours[f"{side}_arm"], colours[f"{side}_leg"]
    bias = 0.001  # a limb level with the trunk is drawn over it
    return [
        Stroke(_depth(view, arm) + bias, arm, 2 * body.R_LIMB, arm_colour),
        Stroke(_depth(view, arm) + bias, hand, 2 * body.R_HAND, arm_colour),
        Stroke(_depth(view, leg) + bias, leg, 2 * body.R_LIMB, leg_colour),
        Stroke(_depth(view, leg) + bias, foot, 2 * body.R_FOOT, leg_colour, fill=True),
    ]


def _torso_outline(pose: Pose) -> tuple[Vec, ...]:
    """The torso seen from the front: shoulders, a narrower waist, hips (a line when seen from the side)."""
    p = pose.points
    lateral = sub(p["right_hip"], p["left_hip"])
    lateral = scale(lateral, 1.0 / norm(lateral))

    def across(centre: Vec, half: float) -> tuple[Vec, Vec]:
        return add(centre, scale(lateral, -half)), add(centre, scale(lateral, half))

    shoulder_l, shoulder_r = across(p["upper_back"], body.SHOULDER_WIDTH * 0.42)
    waist_l, waist_r = across(p["lower_back"], body.HIP_WIDTH * 0.36)
    hip_l, hip_r = across(p["pelvis"], body.HIP_WIDTH * 0.5)
    return (shoulder_l, shoulder_r, waist_r, hip_r, hip_l, waist_l)


def _trunk_strokes(pose: Pose, view: View, colours: dict[str, Colour]) -> list[Stroke]:
    p = pose.points
    spine = tuple(p[name] for name in body.PARTS["trunk"])
    depth, colour = _depth(view, spine), colours["trunk"]
    strokes = [
        Stroke(depth, _torso_outline(pose), 2 * body.R_LIMB, colour, fill=True),
        Stroke(depth, (p["left_hip"], p["right_hip"]), 2 * body.R_HIP, colour),
        Stroke(depth, (p["left_shoulder"], p["right_shoulder"]), 2 * body.R_LIMB, colour),
        Stroke(depth, spine, 2 * body.R_TRUNK, colour),
        Stroke(depth, (p["upper_back"], p["head"]), 2 * body.R_LIMB, colours["head"]),
        Stroke(depth + 0.0005, (p["head"],), 2 * body.R_HEAD, colours["head"]),
    ]
    if pose.belly > 0.0:
        strokes.append(Stroke(depth, (_belly(pose),), 2 * body.R_TRUNK * (0.75 + 0.25 * pose.belly), colour))
    return strokes


def _belly(pose: Pose) -> Vec:
    """The relaxed tummy: a bulge in front of the lumbar spine, as big as ``belly`` (0 to 1) says."""
    p = pose.points
    up = sub(p["mid_back"], p["lower_back"])
    forward = cross(up, sub(p["right_hip"], p["left_hip"]))
    middle = scale(add(p["mid_back"], p["lower_back"]), 0.5)
    return add(middle, scale(forward, body.R_TRUNK * 0.55 * pose.belly / norm(forward)))


def figure(pose: Pose, view: View, moving: Collection[str], ghost: bool = False) -> list[Stroke]:
    """Every stroke of the figure, far to near; a ghost is drawn in one faint colour."""
    colours = _side_colours(pose, view, moving)
    if ghost:
        colours = dict.fromkeys(colours, style.GHOST)
    strokes = _trunk_strokes(pose, view, colours)
    for side in body.SIDES:
        strokes += _limb_strokes(pose, view, side, colours)
    return sorted(strokes, key=lambda s: s.depth)
