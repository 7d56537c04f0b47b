"""Props as strokes: the floor and the static props (computed once per card), the band and weights per pose.

The mat is laid under every point that touches the floor in any keyframe; a bench, chair or wall stands
where the pose description puts it. The band runs from its anchor post to the hands, a dumbbell or kettlebell
sits in the hands, and the stick lies along the back (``coach.pose.props.stick_line``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.pose import body
from coach.pose.describe import DIRECTIONS, Arrow, Camera, PoseDescription
from coach.pose.geometry import Vec, add, cross, norm, scale, sub
from coach.pose.motion import Pose
from coach.pose.props import FLOOR, R_STICK, Band, Bench, Mat, Stick, Wall, Weight, stick_line
from pictures import style
from pictures.canvas import Stroke, View

FAR = -1e9  # depth of things always drawn first
MAT_THICKNESS = 0.014


@dataclass(frozen=True)
class Scene:
    """The static part of a card's pictures: strokes drawn behind everything, and the space they take."""

    behind: tuple[Stroke, ...]
    extents: tuple[tuple[Vec, float], ...]


def _hull(view: View, corners: Sequence[Vec]) -> tuple[Vec, ...]:
    """The corners on the outline of their projection (monotone chain), in order around it."""
    order = sorted(set(corners), key=lambda p: view.project(p)[:2])

    def turn(o: Vec, a: Vec, b: Vec) -> float:
        (ou, ov, _), (au, av, _), (bu, bv, _) = view.project(o), view.project(a), view.project(b)
        return (au - ou) * (bv - ov) - (av - ov) * (bu - ou)

    lower: list[Vec] = []
    upper: list[Vec] = []
    for chain, points in ((lower, order), (upper, list(reversed(order)))):
        for p in points:
            while len(chain) >= 2 and turn(chain[-2], chain[-1], p) <= 1e-12:
                chain.pop()
            chain.append(p)
    return tuple(lower[:-1] + upper[:-1])


def box(view: View, low: Vec, high: Vec, colour: style.Colour) -> Stroke:
    corners = [(x, y, z) for x in (low[0], high[0]) for y in (low[1], high[1]) for z in (low[2], high[2])]
    return Stroke(FAR, _hull(view, corners), 0.004, colour, fill=True)


def _mat(view: View, keyposes: Sequence[Pose]) -> Stroke:
    on_floor = [pose.points[c.point] for pose in keyposes for c in pose.contacts if c.surface in (FLOOR, "mat")]
    on_floor = on_floor or [pose.points["pelvis"] for pose in keyposes]
    xs, zs = [p[0] for p in on_floor], [p[2] for p in on_floor]
    low = (min(xs) - 0.12, -MAT_THICKNESS, min(zs) - 0.22)
    high = (max(xs) + 0.12, 0.0, max(zs) + 0.22)
    return box(view, low, high, style.MAT)


def _bench(view: View, bench: Bench) -> list[Stroke]:
    half = bench.width / 2
    strokes = [box(view, (bench.x0, 0.0, -half), (bench.x1, bench.height, half), style.WOOD)]
    if bench.back is not None:
        x = bench.x1 - 0.04 if bench.back == "front" else bench.x0
        strokes.append(box(view, (x, bench.height, -half), (x + 0.04, bench.height + 0.28, half), style.WOOD))
    return strokes


def _floor(view: View, camera: Camera, keyposes: Sequence[Pose]) -> Stroke:
    """A line along the floor seen level; seen from above, a patch of floor under the figure."""
    centre = keyposes[0].points["pelvis"]
    if camera.elevation <= 15.0:
        along = scale(view.right, 4.0)
        ends = (sub((centre[0], 0.0, centre[2]), along), add((centre[0], 0.0, centre[2]), along))
        return Stroke(FAR, ends, style.FLOOR_WIDTH, style.FLOOR)
    low, high = (centre[0] - 0.8, -0.001, centre[2] - 0.8), (centre[0] + 0.8, 0.0, centre[2] + 0.8)
    return box(view, low, high, style.GHOST)


def scene(description: PoseDescription, view: View, keyposes: Sequence[Pose]) -> Scene:
    """The floor, mat, wall, bench or chair of a card, and the space they need in the picture.

    The floor and the mat may run off the picture's edges (they are the ground, not objects to show whole).
    """
    has_mat = any(isinstance(prop, Mat) for prop in description.props)
    strokes = [] if has_mat and description.camera.elevation > 15.0 else [_floor(view, description.camera, keyposes)]
    needed: list[Stroke] = []
    for prop in description.props:
        if isinstance(prop, Wall):
            thick = 0.04 if prop.x > 0 else -0.04
            needed.append(box(view, (prop.x, 0.0, -0.6), (prop.x + thick, 1.15, 0.6), style.WALL))
        elif isinstance(prop, Bench):
            needed += _bench(view, prop)
        elif isinstance(prop, Mat):
            strokes.append(_mat(view, keyposes))
    extents = tuple((p, 0.0) for s in needed for p in s.points)
    return Scene(tuple(strokes + needed), extents)


def _hands(pose: Pose, hands: Sequence[str]) -> Vec:
    total: Vec = (0.0, 0.0, 0.0)
    for hand in hands:
        total = add(total, pose.points[hand])
    return scale(total, 1.0 / len(hands))


def behind_body(description: PoseDescription, pose: Pose) -> list[Stroke]:
    """The band and its anchor post (the hands hold the band's end, so they are drawn over it)."""
    strokes = []
    for prop in description.props:
        if isinstance(prop, Band):
            ax, ay, az = prop.anchor
            strokes.append(Stroke(FAR, ((ax, 0.0, az), (ax, ay + 0.08, az)), 0.035, style.METAL))
            strokes.append(Stroke(FAR, (prop.anchor, _hands(pose, prop.hands)), 0.016, style.BAND))
    return strokes


def _weight(pose: Pose, weight: Weight) -> list[Stroke]:
    centre = _hands(pose, weight.hands)
    first = weight.hands[0]
    forearm = sub(pose.points[first], pose.points[first.replace("hand", "elbow")])
    forearm = scale(forearm, 1.0 / norm(forearm))
    if weight.kind == "kettlebell":
        bell = add(centre, (0.0, -0.085, 0.0))
        handle = (add(centre, (-0.03, -0.04, 0.0)), add(centre, (-0.025, 0.012, 0.0)),
                  add(centre, (0.025, 0.012, 0.0)), add(centre, (0.03, -0.04, 0.0)))
        return [Stroke(0.0, handle, 0.014, style.METAL), Stroke(0.0, (bell,), 0.11, style.METAL)]
    lateral = sub(pose.points["right_hip"], pose.points["left_hip"])
    bar = cross(forearm, lateral)
    bar = scale(bar, 1.0 / norm(bar))
    ends = [add(centre, scale(bar, k * 0.065)) for k in (-1.0, 1.0)]
    plates = [Stroke(0.0, (add(e, scale(forearm, -0.035)), add(e, scale(forearm, 0.035))), 0.035, style.METAL)
              for e in ends]
    return [Stroke(0.0, tuple(ends), 0.018, style.METAL), *plates]


def extents(description: PoseDescription, pose: Pose) -> list[tuple[Vec, float]]:
    """The space the moving props take at this pose (the band's post, a hanging weight)."""
    found: list[tuple[Vec, float]] = []
    for prop in description.props:
        if isinstance(prop, Band):
            found += [(prop.anchor, 0.1), ((prop.anchor[0], 0.0, prop.anchor[2]), 0.0)]
        elif isinstance(prop, Weight):
            found.append((add(_hands(pose, prop.hands), (0.0, -0.06, 0.0)), 0.09))
    return found


ARROW_GAP, ARROW_LENGTH, ARROW_HEAD = 0.03, 0.13, 0.045


def arrow(view: View, pose: Pose, cue: Arrow) -> list[Stroke]:
    """An accent arrow at a body point: above the body pressing down, or from its surface outwards."""
    direction = DIRECTIONS[cue.toward]
    centre, radius = pose.points[cue.point], body.POINTS[cue.point].radius
    if direction[1] < 0:
        tip = add(centre, scale(direction, -(radius + ARROW_GAP)))
        tail = add(tip, scale(direction, -ARROW_LENGTH))
    else:
        tail = add(centre, scale(direction, radius + ARROW_GAP))
        tip = add(tail, scale(direction, ARROW_LENGTH))
    side = cross(direction, view.toward)
    side = scale(side, ARROW_HEAD * 0.6 / max(norm(side), 1e-9))
    base = add(tip, scale(direction, -ARROW_HEAD))
    head = (tip, add(base, side), sub(base, side))
    return [Stroke(1e9, (tail, base), 0.022, style.ACCENT), Stroke(1e9, head, 0.004, style.ACCENT, fill=True)]


def before_body(description: PoseDescription, pose: Pose) -> list[Stroke]:
    """What the figure holds: weights in the hands, the stick along the back."""
    strokes: list[Stroke] = []
    for prop in description.props:
        if isinstance(prop, Weight):
            strokes += _weight(pose, prop)
        elif isinstance(prop, Stick):
            low, high = stick_line(pose.points)
            along = sub(high, low)
            along = scale(along, 1.0 / norm(along))
            ends = (add(low, scale(along, -0.07)), add(high, scale(along, body.R_HEAD)))
            strokes.append(Stroke(0.0, ends, 2.4 * R_STICK, style.WOOD))
    return strokes
