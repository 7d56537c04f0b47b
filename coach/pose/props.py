"""Props an exercise uses, where they stand, and how far a body point is from the surface it should touch.

Props live in world coordinates (body heights, floor at y = 0). Static ones (floor, mat, bench, chair, wall)
give the contact solver a plane to hold a point on; the band, the weights and the stick follow the body and
are placed from its points when drawn. ``gap`` is the one measure of contact used by the solver's checks and the
tests: positive means a gap, negative means the point sinks into the surface.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coach.pose import body
from coach.pose.geometry import Vec, add, cross, dot, norm, point_line_distance, scale, sub

R_STICK = 0.010
FLOOR = "floor"


class PropError(ValueError):
    """A prop table is wrong; ``field`` names the key."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field = field


@dataclass(frozen=True)
class Mat:
    """An exercise mat on the floor, drawn under the figure (a surface named ``mat`` is the floor)."""


@dataclass(frozen=True)
class Wall:
    x: float  # the wall's face; the body stands on the side of x = 0


@dataclass(frozen=True)
class Bench:
    """A box to kneel or lean on (a bench, or a chair seat when ``back`` is set: its backrest's end)."""

    x0: float
    x1: float
    height: float
    width: float = 0.40
    back: str | None = None  # "front" (the +x end) or "rear"


@dataclass(frozen=True)
class Band:
    """A resistance band from a fixed anchor to the hands; the anchor is drawn on a post."""

    anchor: Vec
    hands: tuple[str, ...] = ("left_hand", "right_hand")


@dataclass(frozen=True)
class Weight:
    """A dumbbell or a kettlebell, held in the named hands (its handle between them)."""

    kind: str  # "dumbbell" | "kettlebell"
    hands: tuple[str, ...]


@dataclass(frozen=True)
class Stick:
    """A stick held along the back, touching the back of the head and the pelvis (the hip hinge drill)."""


Prop = Mat | Wall | Bench | Band | Weight | Stick

#: Surface names contacts may use (``point@surface``), and the prop that provides each.
SURFACES: Mapping[str, type] = {FLOOR: Mat, "mat": Mat, "bench": Bench, "chair": Bench, "wall": Wall, "stick": Stick}


def _number(raw: Mapping[str, Any], key: str, default: float | None = None) -> float:
    value = raw.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise PropError(key, "must be a number")
    return float(value)


def _hands(raw: Mapping[str, Any], default: tuple[str, ...]) -> tuple[str, ...]:
    value = raw.get("hands", list(default))
    if not isinstance(value, list) or not value or any(h not in ("left_hand", "right_hand") for h in value):
        raise PropError("hands", "must list left_hand and/or right_hand")
    return tuple(value)


def parse_prop(raw: Any) -> Prop:
    """One prop from the pose file: ``"mat"``, ``"stick"``, or a table with ``kind`` and its placement."""
    if raw in ("mat", "stick"):
        return Mat() if raw == "mat" else Stick()
    if not isinstance(raw, dict) or not isinstance(raw.get("kind"), str):
        raise PropError("kind", "a prop is \"mat\", \"stick\" or a table with a kind")
    kind = raw["kind"]
    known = {"kind", "x", "x0", "x1", "height", "width", "back", "anchor", "hands"}
    if unknown := sorted(set(raw) - known):
        raise PropError(unknown[0], "unknown key")
    if kind == "wall":
        return Wall(_number(raw, "x"))
    if kind in ("bench", "chair"):
        back = raw.get("back", "rear" if kind == "chair" else None)
        if back not in (None, "front", "rear"):
            raise PropError("back", "must be \"front\" or \"rear\"")
        return Bench(_number(raw, "x0"), _number(raw, "x1"), _number(raw, "height"), _number(raw, "width", 0.40), back)
    if kind == "band":
        anchor = raw.get("anchor")
        if not isinstance(anchor, list) or len(anchor) != 3 or not all(isinstance(v, int | float) for v in anchor):
            raise PropError("anchor", "must be [x, y, z]")
        return Band((float(anchor[0]), float(anchor[1]), float(anchor[2])), _hands(raw, ("left_hand", "right_hand")))
    if kind in ("dumbbell", "kettlebell"):
        return Weight(kind, _hands(raw, ("right_hand",)))
    raise PropError("kind", f"unknown prop {kind!r} (mat, stick, wall, bench, chair, band, dumbbell, kettlebell)")


def provider(props: tuple[Prop, ...], surface: str) -> Prop | None:
    """The prop a contact surface belongs to (the floor is always there)."""
    if surface == FLOOR:
        return Mat()
    wanted = SURFACES.get(surface)
    for prop in props:
        if isinstance(prop, Bench) and surface in ("bench", "chair"):
            return prop
        if wanted is not None and isinstance(prop, wanted) and not isinstance(prop, Bench):
            return prop
    return None


def plane(prop: Prop) -> tuple[Vec, Vec] | None:
    """A static surface as (a point on it, its outward normal); None for props that follow the body."""
    if isinstance(prop, Mat):
        return (0.0, 0.0, 0.0), (0.0, 1.0, 0.0)
    if isinstance(prop, Bench):
        return (0.0, prop.height, 0.0), (0.0, 1.0, 0.0)
    if isinstance(prop, Wall):
        return (prop.x, 0.0, 0.0), (-1.0 if prop.x > 0 else 1.0, 0.0, 0.0)
    return None


def stick_line(points: Mapping[str, Vec]) -> tuple[Vec, Vec]:
    """The stick's axis: tangent behind the pelvis and behind the head, in the body's mid plane."""
    up = sub(points["upper_back"], points["pelvis"])
    lateral = sub(points["right_hip"], points["left_hip"])
    forward = cross(up, lateral)
    back = scale(forward, -1.0 / norm(forward))
    low = add(points["pelvis"], scale(back, body.R_TRUNK + R_STICK))
    high = add(points["head"], scale(back, body.R_HEAD + R_STICK))
    return low, high


def gap(point: str, surface: str, points: Mapping[str, Vec], props: tuple[Prop, ...]) -> float:
    """How far ``point``'s surface is from ``surface`` (0 = touching, negative = sunk into it)."""
    prop = provider(props, surface)
    position, radius = points[point], body.POINTS[point].radius
    if prop is None:
        raise KeyError(surface)
    if isinstance(prop, Stick):
        low, high = stick_line(points)
        return point_line_distance(position, low, high) - radius - R_STICK
    where = plane(prop)
    assert where is not None  # every other surface is static
    origin, normal = where
    height = dot(sub(position, origin), normal) - radius
    if isinstance(prop, Bench):
        outside = max(prop.x0 - position[0], position[0] - prop.x1, abs(position[2]) - prop.width / 2, 0.0)
        return max(height, outside) if outside > 0 else height
    return height
