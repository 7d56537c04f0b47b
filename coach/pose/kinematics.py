"""Forward kinematics: joint angles and a root position in, every body point's world position out.

A pose vector ``q`` holds the root position (x, y, z in body heights) followed by every angle of
``coach.pose.body.DOFS`` in degrees. ``forward`` walks the joint tree once; ``jacobian`` gives how a point moves
for a small change of each entry of ``q`` (from the joint axes, no finite differences), which the contact
solver needs. Both are plain functions of ``q``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from coach.pose import body
from coach.pose.geometry import IDENTITY, Mat, Vec, add, apply, column, compose, cross, rotation, scale, sub

ROOT_SIZE = len(body.ROOT_POSITION)
SIZE = ROOT_SIZE + len(body.DOFS)
INDEX = MappingProxyType(
    {**{name: i for i, name in enumerate(body.ROOT_POSITION)},
     **{dof.name: ROOT_SIZE + i for i, dof in enumerate(body.DOFS)}}
)
_DEG = math.pi / 180.0


def _dof_slots() -> dict[str, tuple[tuple[int, int, int], ...]]:
    """Per joint: (index in q, local axis, sign) of each of its angles."""
    return {j.name: tuple((INDEX[d.name], d.axis, d.sign) for d in j.dofs) for j in body.JOINTS}


def _ancestry() -> dict[str, tuple[str, ...]]:
    """Per joint: itself and every joint above it, root last."""
    chains: dict[str, tuple[str, ...]] = {}
    for joint in body.JOINTS:
        chains[joint.name] = (joint.name, *(chains[joint.parent] if joint.parent else ()))
    return chains


_SLOTS = _dof_slots()
_CHAINS = _ancestry()


@dataclass(frozen=True)
class JointFrame:
    origin: Vec
    rotation: Mat
    axes: tuple[tuple[int, Vec], ...]  # (index in q, world axis) of each of the joint's angles


def neutral() -> list[float]:
    """A pose vector with every angle at zero: standing, root at the origin."""
    return [0.0] * SIZE


def vector(values: Mapping[str, float]) -> list[float]:
    """A pose vector from named values (root position and angles); missing names are zero."""
    q = neutral()
    for name, value in values.items():
        q[INDEX[name]] = value
    return q


def named(q: Sequence[float]) -> dict[str, float]:
    """The inverse of ``vector``."""
    return {name: q[i] for name, i in INDEX.items()}


def frames(q: Sequence[float]) -> dict[str, JointFrame]:
    """Every joint's origin, orientation and angle axes in world coordinates."""
    result: dict[str, JointFrame] = {}
    for joint in body.JOINTS:
        if joint.parent is None:
            origin: Vec = (q[0], q[1], q[2])
            rot = IDENTITY
        else:
            parent = result[joint.parent]
            origin = add(parent.origin, apply(parent.rotation, joint.offset))
            rot = parent.rotation
        axes = []
        for index, axis, sign in _SLOTS[joint.name]:
            axes.append((index, scale(column(rot, axis), sign)))
            rot = compose(rot, rotation(axis, sign * q[index]))
        result[joint.name] = JointFrame(origin, rot, tuple(axes))
    return result


def forward(q: Sequence[float], joint_frames: Mapping[str, JointFrame] | None = None) -> dict[str, Vec]:
    """The world position of every named body point (``body.POINTS``)."""
    fr = joint_frames if joint_frames is not None else frames(q)
    return {
        name: add(fr[p.joint].origin, apply(fr[p.joint].rotation, p.offset)) for name, p in body.POINTS.items()
    }


def jacobian(point: str, position: Vec, joint_frames: Mapping[str, JointFrame]) -> dict[int, Vec]:
    """How ``point`` moves per unit change of each entry of q (per degree for angles); absent entries: zero."""
    rows: dict[int, Vec] = {0: (1.0, 0.0, 0.0), 1: (0.0, 1.0, 0.0), 2: (0.0, 0.0, 1.0)}
    for joint in _CHAINS[body.POINTS[point].joint]:
        frame = joint_frames[joint]
        lever = sub(position, frame.origin)
        for index, axis in frame.axes:
            rows[index] = scale(cross(axis, lever), _DEG)
    return rows
