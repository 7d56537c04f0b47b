"""Pose descriptions: what every exercise card looks like, read from ``poses.toml`` and checked on load.

One ``[card.<id>]`` table per catalogue card: the camera, the props, the body parts that move (drawn in the
accent colour) and the keyframes in the order the animation plays them (it loops back to the first). A keyframe
names a shared ``[posture.<name>]`` or none, then its own angles and root orientation (``body``) on top, and the
body points that touch the floor or a prop (``contacts``, ``point`` or ``point@surface``); ``slide`` lets a
planted contact land somewhere new, ``arrow`` adds a cue for a small movement, ``belly`` relaxes the tummy, and
``like = "start"`` repeats an earlier keyframe (a "back to the start" step). Any mistake raises ``PoseError``
naming the card and the field, as the catalogue does (contacts that cannot be met are reported when solved).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any

from coach.catalogue import CatalogueError
from coach.pose import body
from coach.pose.props import FLOOR, Prop, PropError, parse_prop, provider

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "poses.toml"
MIN_KEYFRAMES = 2
MAX_KEYFRAMES = 5
KEYFRAME_FIELDS = frozenset({"name", "posture", "body", "angles", "contacts", "belly", "like", "slide", "arrow"})


class PoseError(CatalogueError):
    """A pose description is wrong. The message names the card and the field, as the catalogue's do."""

    WHAT = "pose of card"


@dataclass(frozen=True)
class Contact:
    point: str
    surface: str = FLOOR

    def __str__(self) -> str:
        return self.point if self.surface == FLOOR else f"{self.point}@{self.surface}"


#: Directions an arrow may point, in world coordinates (the figure faces +x in the side view).
DIRECTIONS: Mapping[str, tuple[float, float, float]] = {
    "up": (0.0, 1.0, 0.0), "down": (0.0, -1.0, 0.0), "forward": (1.0, 0.0, 0.0), "back": (-1.0, 0.0, 0.0),
}


@dataclass(frozen=True)
class Arrow:
    """A cue for a small movement: an arrow at a body point, in a direction (drawn at its keyframe)."""

    point: str
    toward: str


@dataclass(frozen=True)
class Keyframe:
    name: str
    angles: Mapping[str, float]  # every angle of body.DOFS by name (the tilts zero), degrees
    contacts: tuple[Contact, ...]
    belly: float = 0.0  # 0 flat (drawn in) to 1 relaxed: the one soft-tissue cue, for abdominal drawing-in
    like: str | None = None  # the earlier keyframe this one returns to
    slide: frozenset[str] = frozenset()  # planted points that may land somewhere new (not held in place)
    arrow: Arrow | None = None


@dataclass(frozen=True)
class Camera:
    yaw: float = 0.0  # degrees about the vertical; 0 looks at the figure's right side
    elevation: float = 0.0  # degrees above the horizon; 90 looks straight down


@dataclass(frozen=True)
class PoseDescription:
    card_id: str
    camera: Camera
    props: tuple[Prop, ...]
    moving: tuple[str, ...]
    keyframes: tuple[Keyframe, ...]
    ghost: bool = True  # draw the first keyframe faintly behind the animation


def fingerprint(description: PoseDescription) -> str:
    """A canonical text of everything a picture is drawn from (hashed into the picture version)."""
    return json.dumps(_plain(description), sort_keys=True, separators=(",", ":"))


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {"type": type(value).__name__, **{f.name: _plain(getattr(value, f.name)) for f in fields(value)}}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(_plain(v) for v in value)
    return value


def load_poses(path: Path | str | None = None) -> Mapping[str, PoseDescription]:
    """Every card's pose description by card id; without ``path`` the bundled file (parsed once)."""
    if path is None:
        return _default_poses()
    return parse_poses(Path(path).read_text(encoding="utf-8"))


@cache
def _default_poses() -> Mapping[str, PoseDescription]:
    return parse_poses(DEFAULT_PATH.read_text(encoding="utf-8"))


def parse_poses(text: str) -> Mapping[str, PoseDescription]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PoseError("(file)", "(syntax)", str(exc)) from exc
    if unknown := sorted(set(data) - {"posture", "card"}):
        raise PoseError("(file)", unknown[0], "unknown table (use [posture.<name>] and [card.<id>])")
    postures = data.get("posture", {})
    cards = data.get("card")
    if not isinstance(cards, dict) or not cards:
        raise PoseError("(file)", "card", "no [card.<id>] tables found")
    return {card_id: _Reader(card_id, postures).card(raw) for card_id, raw in cards.items()}


@dataclass(frozen=True)
class _Reader:
    card_id: str
    postures: Mapping[str, Any]

    def fail(self, where: str, problem: str) -> PoseError:
        return PoseError(self.card_id, where, problem)

    def card(self, raw: Any) -> PoseDescription:
        if not isinstance(raw, dict):
            raise self.fail("(card)", "must be a table")
        if unknown := sorted(set(raw) - {"camera", "props", "moving", "keyframe", "ghost"}):
            raise self.fail(unknown[0], "unknown field")
        props = self.props(raw.get("props", []))
        moving = raw.get("moving")
        if not isinstance(moving, list) or not moving or any(part not in body.PARTS for part in moving):
            raise self.fail("moving", f"must list the parts that move, from: {', '.join(body.PARTS)}")
        ghost = raw.get("ghost", True)
        if not isinstance(ghost, bool):
            raise self.fail("ghost", "must be true or false")
        keyframes = self.keyframes(raw.get("keyframe"), props)
        return PoseDescription(self.card_id, self.camera(raw.get("camera", {})), props, tuple(moving), keyframes, ghost)

    def camera(self, raw: Any) -> Camera:
        if not isinstance(raw, dict) or set(raw) - {"yaw", "elevation"}:
            raise self.fail("camera", "must be a table like { yaw = 30, elevation = 0 }")
        values = {key: self.number(f"camera.{key}", value) for key, value in raw.items()}
        camera = Camera(**values)
        if not 0.0 <= camera.elevation <= 90.0:
            raise self.fail("camera.elevation", "must be 0 (level) to 90 (from above)")
        return camera

    def props(self, raw: Any) -> tuple[Prop, ...]:
        if not isinstance(raw, list):
            raise self.fail("props", "must be a list")
        result = []
        for index, item in enumerate(raw):
            try:
                result.append(parse_prop(item))
            except PropError as exc:
                raise self.fail(f"props[{index}].{exc.field}", str(exc)) from None
        return tuple(result)

    def keyframes(self, raw: Any, props: tuple[Prop, ...]) -> tuple[Keyframe, ...]:
        if not isinstance(raw, list) or not MIN_KEYFRAMES <= len(raw) <= MAX_KEYFRAMES:
            raise self.fail("keyframe", f"needs {MIN_KEYFRAMES} to {MAX_KEYFRAMES} [[card.<id>.keyframe]] tables")
        done: dict[str, Keyframe] = {}
        for index, item in enumerate(raw, start=1):
            frame = self.keyframe(item, f"keyframe[{index}]", done, props)
            if frame.name in done:
                raise self.fail(f"keyframe[{index}].name", f"{frame.name!r} is used twice")
            done[frame.name] = frame
        frames = tuple(done.values())
        if all(f.angles == frames[0].angles and f.belly == frames[0].belly for f in frames):
            raise self.fail("keyframe", "every keyframe is the same pose: nothing moves")
        return frames

    def keyframe(self, raw: Any, where: str, done: Mapping[str, Keyframe], props: tuple[Prop, ...]) -> Keyframe:
        if not isinstance(raw, dict):
            raise self.fail(where, "must be a table")
        if unknown := sorted(set(raw) - KEYFRAME_FIELDS):
            raise self.fail(f"{where}.{unknown[0]}", "unknown field")
        name = raw.get("name", "back" if "like" in raw else None)
        if not isinstance(name, str) or not name.strip():
            raise self.fail(f"{where}.name", "missing or empty text")
        if "like" in raw:
            return self.repeat(raw, where, name.strip(), done)
        layers = self.layers(raw, where)
        angles = {dof.name: 0.0 for dof in body.DOFS}
        for label, table in layers:
            angles.update(self.angles(table, label))
        listed = raw.get("contacts", self.posture(raw, where).get("contacts"))
        contacts = self.contacts(listed, f"{where}.contacts", props)
        belly = self.number(f"{where}.belly", raw.get("belly", 0.0))
        if not 0.0 <= belly <= 1.0:
            raise self.fail(f"{where}.belly", "must be 0 (drawn in) to 1 (relaxed)")
        slide = frozenset(c.point for c in self.contacts(raw.get("slide", []), f"{where}.slide", props, empty=True))
        return Keyframe(name.strip(), angles, contacts, belly, slide=slide, arrow=self.arrow(raw, where))

    def arrow(self, raw: Mapping[str, Any], where: str) -> Arrow | None:
        value = raw.get("arrow")
        if value is None:
            return None
        if not isinstance(value, dict) or set(value) != {"at", "toward"}:
            raise self.fail(f"{where}.arrow", "must be a table like { at = \"lower_back\", toward = \"down\" }")
        if value["at"] not in body.POINTS:
            raise self.fail(f"{where}.arrow.at", f"unknown body point {value['at']!r}")
        if value["toward"] not in DIRECTIONS:
            raise self.fail(f"{where}.arrow.toward", f"must be one of {', '.join(DIRECTIONS)}")
        return Arrow(value["at"], value["toward"])

    def repeat(self, raw: Mapping[str, Any], where: str, name: str, done: Mapping[str, Keyframe]) -> Keyframe:
        if set(raw) - {"name", "like"}:
            raise self.fail(f"{where}.like", "a repeated keyframe takes only a name and like")
        original = done.get(raw["like"])
        if original is None:
            raise self.fail(f"{where}.like", f"no earlier keyframe named {raw['like']!r}")
        return Keyframe(name, original.angles, original.contacts, original.belly, like=original.name)

    def posture(self, raw: Mapping[str, Any], where: str) -> Mapping[str, Any]:
        name = raw.get("posture")
        if name is None:
            return {}
        posture = self.postures.get(name)
        if not isinstance(posture, dict):
            raise self.fail(f"{where}.posture", f"unknown posture {name!r}")
        if unknown := sorted(set(posture) - {"body", "angles", "contacts"}):
            raise PoseError(f"posture {name}", unknown[0], "unknown field")
        return posture

    def layers(self, raw: Mapping[str, Any], where: str) -> list[tuple[str, Mapping[str, Any]]]:
        """The angle tables in the order they apply: the posture's, then the keyframe's own."""
        posture = self.posture(raw, where)
        found: list[tuple[str, Mapping[str, Any]]] = []
        for label, table in ((f"{where}.posture", posture), (where, raw)):
            for key in ("body", "angles"):
                value = table.get(key, {})
                if not isinstance(value, dict):
                    raise self.fail(f"{label}.{key}", "must be a table of degrees")
                found.append((f"{label}.{key}", value))
        return found

    def angles(self, table: Mapping[str, Any], label: str) -> dict[str, float]:
        """Resolve one table: a bare joint name (``hip``) sets both sides; sided names win over bare ones."""
        allowed_body = label.endswith(".body")
        resolved: dict[str, float] = {}
        for key in sorted(table, key=lambda k: k.startswith(body.SIDES)):
            value = self.number(f"{label}.{key}", table[key])
            names = self.angle_names(key, label, allowed_body)
            for name in names:
                dof = body.DOF_BY_NAME[name]
                if not dof.low <= value <= dof.high:
                    raise self.fail(f"{label}.{key}", f"{value:g} is outside {dof.low:g} to {dof.high:g} degrees")
                resolved[name] = value
        return resolved

    def angle_names(self, key: str, label: str, allowed_body: bool) -> tuple[str, ...]:
        if allowed_body:
            if key not in body.ORIENTATION:
                raise self.fail(f"{label}.{key}", f"body takes {', '.join(body.ORIENTATION)}")
            return (key,)
        if key in body.SIDED_ANGLES:
            return tuple(f"{side}_{key}" for side in body.SIDES)
        if key in body.DOF_BY_NAME and key not in body.ORIENTATION and not key.startswith("tilt"):
            return (key,)
        raise self.fail(f"{label}.{key}", "unknown joint angle")

    def contacts(self, raw: Any, field: str, props: tuple[Prop, ...], empty: bool = False) -> tuple[Contact, ...]:
        if not isinstance(raw, list) or not (raw or empty):
            raise self.fail(field, "every keyframe needs its contacts (what holds the body up)")
        result: list[Contact] = []
        for item in raw:
            point, _, surface = str(item).partition("@")
            surface = surface or FLOOR
            points = body.CONTACT_GROUPS.get(point, (point,))
            if any(p not in body.POINTS for p in points):
                raise self.fail(field, f"unknown body point {point!r}")
            if provider(props, surface) is None:
                raise self.fail(field, f"{item!r}: the card has no {surface!r} in its props")
            result.extend(Contact(p, surface) for p in points if Contact(p, surface) not in result)
        return tuple(result)

    def number(self, where: str, value: Any) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self.fail(where, "must be a number")
        return float(value)
