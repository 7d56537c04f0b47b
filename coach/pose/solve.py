"""The contact solver: the pose closest to the one described that keeps its contacts where they belong.

A pose file gives angles by eye; the solver moves them as little as possible so that the declared contacts sit
exactly on their surfaces (hands and knees on the floor in the bird dog) and so that a point that stays put
between two keyframes does not slide. It minimises the weighted squared change of the pose vector
(``coach.pose.body.Dof.weight``; the root's position is nearly free) subject to the contacts, by repeated
projection onto the linearised constraints (each step goes to the point of the linearised constraints nearest
the described pose), within a trust region and damped when it swings. Angles that end outside their range are
fixed at the limit and the rest solved again; a body point that would sink into the floor is held on it.
Contacts that cannot be met raise ``SolveError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coach.pose import body
from coach.pose.geometry import Vec, dot, solve_symmetric, sub
from coach.pose.kinematics import INDEX, ROOT_SIZE, SIZE, forward, frames, jacobian

TOLERANCE = 1e-4  # body heights (0.2 mm): what "exactly" means for a contact the solver holds
FLOOR_SLACK = 0.002  # body heights (3 mm): how far a point may sink into the floor before it is held on it
MAX_STEPS = 80
UNDAMPED = 12
SETTLED = 1e-4  # degrees (or body heights): a step this small means the search has arrived
MAX_TURN = 12.0  # degrees per step: a trust region, so a far start does not throw the search off
MAX_SHIFT = 0.05  # body heights per step
_WEIGHTS = [0.01] * ROOT_SIZE + [dof.weight for dof in body.DOFS]
_RANGES = {INDEX[dof.name]: (dof.low, dof.high) for dof in body.DOFS}
_DESCRIBED = frozenset(INDEX[name] for name in body.ORIENTATION)  # the solver corrects with the tilts instead


class SolveError(ValueError):
    """The contacts cannot all be met from the described pose."""


@dataclass(frozen=True)
class Touch:
    """Hold a point's surface on a plane (origin, outward normal)."""

    point: str
    origin: Vec
    normal: Vec

    def residual(self, position: Vec) -> float:
        return dot(sub(position, self.origin), self.normal) - body.POINTS[self.point].radius

    def row(self, jac: dict[int, Vec]) -> dict[int, float]:
        return {i: dot(self.normal, v) for i, v in jac.items()}


@dataclass(frozen=True)
class Pin:
    """Hold one world coordinate of a point (0: x, 2: z) at a value: the point does not slide."""

    point: str
    axis: int
    value: float

    def residual(self, position: Vec) -> float:
        return position[self.axis] - self.value

    def row(self, jac: dict[int, Vec]) -> dict[int, float]:
        return {i: v[self.axis] for i, v in jac.items()}


Constraint = Touch | Pin
FLOOR_NORMAL: Vec = (0.0, 1.0, 0.0)


def solve(
    target: Sequence[float], constraints: Sequence[Constraint], fixed: Iterable[int] = (),
    start: Sequence[float] | None = None,
) -> list[float]:
    """The pose vector nearest ``target`` meeting every constraint, within joint ranges and above the floor.

    ``start`` (a nearby pose that already meets most constraints, such as the previous keyframe) makes the
    search begin there instead of at the target.
    """
    goal, held, cons = list(target), set(fixed) | _DESCRIBED, list(constraints)
    begin = list(start) if start is not None else list(goal)
    for index in held:
        begin[index] = goal[index]
    for _ in range(12):
        q = _project(goal, cons, held, begin)
        begin = q
        outside = [i for i, (low, high) in _RANGES.items() if i not in held and not low <= q[i] <= high]
        for i in outside:
            low, high = _RANGES[i]
            goal[i] = begin[i] = min(max(q[i], low), high)
            held.add(i)
        sinking = _below_floor(q, {c.point for c in cons if isinstance(c, Touch)})
        cons.extend(Touch(p, (0.0, 0.0, 0.0), FLOOR_NORMAL) for p in sinking)
        if not outside and not sinking:
            return q
    raise SolveError("the joint ranges and contacts could not be met together")


def _below_floor(q: Sequence[float], touching: set[str]) -> list[str]:
    points = forward(q)
    return [
        name for name, p in points.items()
        if name not in touching and p[1] - body.POINTS[name].radius < -FLOOR_SLACK
    ]


def _project(goal: Sequence[float], cons: Sequence[Constraint], held: set[int], begin: Sequence[float]) -> list[float]:
    """Search from ``begin`` for the pose nearest ``goal`` on the constraints.

    Each step goes to the nearest point on the constraints linearised where the search stands. On a curved
    constraint set that can swing back and forth, so after ``UNDAMPED`` steps each step goes half way; if the
    search has still not settled, the pose it reached is projected onto the constraints and kept.
    """
    if not cons:
        return list(goal)
    q = list(begin)
    inverse = [0.0 if i in held else 1.0 / w for i, w in enumerate(_WEIGHTS)]
    for step in range(MAX_STEPS):
        residuals, rows = _linearise(q, cons)
        proposed = _limit(q, _step(goal, q, residuals, rows, inverse))
        moved = max(abs(a - b) for a, b in zip(q, proposed, strict=True))
        if max(map(abs, residuals)) < TOLERANCE and moved < SETTLED:
            return q
        share = 1.0 if step < UNDAMPED else 0.5
        q = [a + (b - a) * share for a, b in zip(q, proposed, strict=True)]
    for _ in range(MAX_STEPS // 4):
        residuals, rows = _linearise(q, cons)
        if max(map(abs, residuals)) < TOLERANCE:
            return q
        q = _limit(q, _step(q, q, residuals, rows, inverse))
    name, worst = max(((c.point, abs(r)) for c, r in zip(cons, residuals, strict=True)), key=lambda cr: cr[1])
    raise SolveError(f"cannot hold {name} in place (off by {worst:.3f} body heights)")


def _linearise(q: Sequence[float], cons: Sequence[Constraint]) -> tuple[list[float], list[dict[int, float]]]:
    """The constraints' residuals at ``q`` and their rows of the Jacobian."""
    joint_frames = frames(q)
    points = forward(q, joint_frames)
    residuals = [c.residual(points[c.point]) for c in cons]
    return residuals, [c.row(jacobian(c.point, points[c.point], joint_frames)) for c in cons]


def _limit(q: Sequence[float], proposed: Sequence[float]) -> list[float]:
    """Shorten a step so no angle turns more than MAX_TURN degrees and the root moves at most MAX_SHIFT."""
    ratio = 1.0
    for i, (a, b) in enumerate(zip(q, proposed, strict=True)):
        cap = MAX_SHIFT if i < ROOT_SIZE else MAX_TURN
        if abs(b - a) > cap:
            ratio = min(ratio, cap / abs(b - a))
    return [a + (b - a) * ratio for a, b in zip(q, proposed, strict=True)]


def _step(
    goal: Sequence[float], q: Sequence[float], residuals: Sequence[float],
    rows: Sequence[dict[int, float]], inverse: Sequence[float],
) -> list[float]:
    """One projection: the point nearest ``goal`` on the constraints linearised at ``q``."""
    m = len(rows)
    matrix = [[0.0] * m for _ in range(m)]
    for a in range(m):
        for b in range(a, m):
            value = sum(v * rows[b].get(i, 0.0) * inverse[i] for i, v in rows[a].items())
            matrix[a][b] = matrix[b][a] = value
    rhs = [-residuals[a] - sum(v * (goal[i] - q[i]) for i, v in rows[a].items()) for a in range(m)]
    multipliers = solve_symmetric(matrix, rhs)
    result = list(goal)
    for a, row in enumerate(rows):
        for i, v in row.items():
            result[i] += inverse[i] * v * multipliers[a]
    assert len(result) == SIZE
    return result
