"""From a pose description to the poses of an animation: solved keyframes, a timeline, in-between frames.

Keyframes are solved in order (``coach.pose.solve``): the first keyframe's first contact is put at x = 0 in the
figure's mid plane, and a planted contact (hand, foot, knee, elbow) a keyframe shares with the one before it
stays where it was, unless the keyframe lets it ``slide``. An in-between frame eases from one solved keyframe to
the next (smoothstep) and is solved again so that the contacts both keyframes share still touch and planted
ones do not slide. The timeline holds each keyframe briefly and loops back to the first; its length is 2 to 4
seconds whatever the number of keyframes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from coach.pose import body, kinematics
from coach.pose.describe import Contact, PoseDescription, PoseError, load_poses
from coach.pose.geometry import Vec, distance
from coach.pose.props import plane, provider
from coach.pose.solve import Constraint, Pin, SolveError, Touch, solve

FRAME_MS = 80  # 12.5 frames a second: smooth enough for slow exercise moves, small enough for a GIF
HOLD_MS = 480
MOVE_MS = 720
MIN_MS, MAX_MS = 2000, 4000
MOVE_DEGREES = 8.0  # a part whose angles all change less than this between two keyframes is holding still
MOVE_DISTANCE = 0.035  # body heights (6 cm): ... unless its end travels further than this
_X, _Z = kinematics.INDEX["x"], kinematics.INDEX["z"]


@dataclass(frozen=True)
class Pose:
    """One solved figure: the pose vector, every body point, what touches what."""

    q: tuple[float, ...]
    points: Mapping[str, Vec]
    contacts: tuple[Contact, ...]
    belly: float

    def angle(self, name: str) -> float:
        return self.q[kinematics.INDEX[name]]


@dataclass(frozen=True)
class Frame:
    pose: Pose
    duration_ms: int
    segment: int  # the keyframe this frame is at or moving away from
    keyframe: bool  # True when the frame is that keyframe itself


def moved(a: Pose, b: Pose) -> frozenset[str]:
    """The body parts (``body.PARTS``) that move between two poses: their angles change, or their far end
    travels (the belly moves the trunk)."""
    parts = {
        part for part, names in body.PART_ANGLES.items()
        if any(abs(a.angle(n) - b.angle(n)) > MOVE_DEGREES for n in names)
        or any(distance(a.points[end], b.points[end]) > MOVE_DISTANCE for end in body.PART_ENDS[part])
    }
    if abs(a.belly - b.belly) > 0.25:
        parts.add("trunk")
    return frozenset(parts)


def accents(description: PoseDescription, keys: Sequence[Pose]) -> tuple[frozenset[str], ...]:
    """Per keyframe, the declared moving parts that move on the way to the next one (drawn in the accent)."""
    declared = frozenset(description.moving)
    return tuple(declared & moved(key, keys[(i + 1) % len(keys)]) for i, key in enumerate(keys))


def _pose(q: Sequence[float], contacts: tuple[Contact, ...], belly: float) -> Pose:
    return Pose(tuple(q), kinematics.forward(q), contacts, belly)


def _touches(description: PoseDescription, contacts: Sequence[Contact]) -> list[Constraint]:
    """Contacts on static surfaces become constraints; the stick follows the body and is only checked."""
    result: list[Constraint] = []
    for contact in contacts:
        prop = provider(description.props, contact.surface)
        where = plane(prop) if prop is not None else None
        if where is not None:
            result.append(Touch(contact.point, where[0], where[1]))
    return result


def _pins(contacts: Sequence[Contact], before: Pose, after: Pose | None, s: float) -> list[Constraint]:
    """Planted contacts keep their place on the surface, moving straight from ``before`` to ``after``."""
    pins: list[Constraint] = []
    for contact in contacts:
        if contact.point not in body.PLANTED:
            continue
        a = before.points[contact.point]
        b = after.points[contact.point] if after is not None else a
        pins += [Pin(contact.point, 0, a[0] + (b[0] - a[0]) * s), Pin(contact.point, 2, a[2] + (b[2] - a[2]) * s)]
    return pins


def solve_keyframes(description: PoseDescription) -> tuple[Pose, ...]:
    """Every keyframe of a description, solved; ``PoseError`` names the keyframe whose contacts fail.

    A keyframe starts from the solved keyframe before it plus the change its description makes, so a joint
    the description leaves alone keeps the angle the solver gave it; ``like`` reuses the earlier solution.
    """
    solved: list[Pose] = []
    names = [key.name for key in description.keyframes]
    for index, key in enumerate(description.keyframes):
        if key.like is not None:
            solved.append(solved[names.index(key.like)])
            continue
        goal = kinematics.vector(key.angles)
        constraints = _touches(description, key.contacts)
        held: set[int] = set()
        start = None
        if not solved:
            constraints.append(Pin(key.contacts[0].point, 0, 0.0))
            held.add(_Z)
        else:
            before = kinematics.vector(description.keyframes[index - 1].angles)
            goal = [s + (g - b) for s, g, b in zip(solved[-1].q, goal, before, strict=True)]
            constraints += _keep([c for c in key.contacts if c.point not in key.slide], solved[-1], goal, held)
            start = solved[-1].q
        try:
            q = solve(goal, constraints, held, start)
        except SolveError as exc:
            raise PoseError(description.card_id, f"keyframe[{index + 1}].contacts", str(exc)) from None
        solved.append(_pose(q, key.contacts, key.belly))
    return tuple(solved)


def _keep(contacts: Sequence[Contact], previous: Pose, goal: list[float], held: set[int]) -> list[Constraint]:
    """Contacts shared with the previous keyframe stay put; with none shared, the root keeps its place."""
    shared = [c for c in contacts if c in previous.contacts]
    if not any(c.point in body.PLANTED for c in shared):
        goal[_X], goal[_Z] = previous.q[_X], previous.q[_Z]
        held |= {_X, _Z}
    return _pins(shared, previous, None, 0.0)


def between(description: PoseDescription, a: Pose, b: Pose, s: float) -> Pose:
    """The pose a fraction ``s`` (0..1, already eased) of the way from keyframe ``a`` to keyframe ``b``."""
    if s <= 0.0:
        return a
    if s >= 1.0:
        return b
    goal = [x + (y - x) * s for x, y in zip(a.q, b.q, strict=True)]
    shared = tuple(c for c in a.contacts if c in b.contacts)
    constraints = _touches(description, shared) + _pins(shared, a, b, s)
    held = set() if any(c.point in body.PLANTED for c in shared) else {_X, _Z}
    q = solve(goal, constraints, held, goal)
    return _pose(q, shared, a.belly + (b.belly - a.belly) * s)


def ease(u: float) -> float:
    """Smoothstep: starts and ends at rest."""
    return u * u * (3.0 - 2.0 * u)


@dataclass(frozen=True)
class Timeline:
    """How long each keyframe is held and each move takes, in milliseconds, for ``count`` keyframes.

    The natural length (``HOLD_MS`` + ``MOVE_MS`` per keyframe) is squeezed or stretched into 2 to 4 s.
    """

    count: int

    @property
    def budget_ms(self) -> float:
        """Time per keyframe: its hold plus the move to the next one."""
        natural = self.count * (HOLD_MS + MOVE_MS)
        return min(max(natural, MIN_MS), MAX_MS) / self.count

    @property
    def steps(self) -> int:
        """Frames per move, the departing keyframe included."""
        return max(3, round(self.budget_ms * MOVE_MS / (HOLD_MS + MOVE_MS) / FRAME_MS))

    @property
    def hold_ms(self) -> int:
        return int((self.budget_ms - self.steps * FRAME_MS) // 10) * 10

    @property
    def duration_ms(self) -> int:
        return self.count * (self.hold_ms + self.steps * FRAME_MS)


def animate(description: PoseDescription, keyposes: Sequence[Pose] | None = None) -> tuple[Frame, ...]:
    """Every frame of the looping animation, each with its display time."""
    keys = tuple(keyposes) if keyposes is not None else solve_keyframes(description)
    timeline = Timeline(len(keys))
    frames: list[Frame] = []
    for index, key in enumerate(keys):
        following = keys[(index + 1) % len(keys)]
        frames.append(Frame(key, timeline.hold_ms + FRAME_MS, index, True))
        for step in range(1, timeline.steps):
            try:
                pose = between(description, key, following, ease(step / timeline.steps))
            except SolveError as exc:
                move = f"keyframe[{index + 1}] to keyframe[{(index + 1) % len(keys) + 1}]"
                raise PoseError(description.card_id, move, str(exc)) from None
            frames.append(Frame(pose, FRAME_MS, index, False))
    return tuple(frames)


@cache
def keyposes(card_id: str) -> tuple[Pose, ...]:
    """The bundled description's solved keyframes for a card (cached)."""
    return solve_keyframes(load_poses()[card_id])


@cache
def frames(card_id: str) -> tuple[Frame, ...]:
    """The bundled description's animation frames for a card (cached)."""
    return animate(load_poses()[card_id], keyposes(card_id))


def pose_at(description: PoseDescription, keys: Sequence[Pose], t_ms: float) -> Pose:
    """The pose at any time of the loop (for property tests between the drawn frames)."""
    timeline = Timeline(len(keys))
    t = t_ms % timeline.duration_ms
    span = timeline.hold_ms + timeline.steps * FRAME_MS
    index, into = int(t // span), t % span
    key, following = keys[index], keys[(index + 1) % len(keys)]
    if into <= timeline.hold_ms:
        return key
    return between(description, key, following, ease((into - timeline.hold_ms) / (timeline.steps * FRAME_MS)))
