"""Small 3D vector and matrix helpers in plain Python floats, plus a small symmetric linear solver.

The pose model works on a couple of dozen joints at a time, where tuples of floats are as fast as numpy
arrays and keep ``coach`` free of compiled dependencies. Vectors are ``(x, y, z)``; a 3x3 matrix is a tuple of
its three rows. World axes: x forward (to the right of a side-view picture), y up, z towards the viewer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]

IDENTITY: Mat = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def scale(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def norm(a: Vec) -> float:
    return math.sqrt(dot(a, a))


def distance(a: Vec, b: Vec) -> float:
    return norm(sub(a, b))


def apply(m: Mat, v: Vec) -> Vec:
    """The matrix times a column vector."""
    return (dot(m[0], v), dot(m[1], v), dot(m[2], v))


def column(m: Mat, axis: int) -> Vec:
    return (m[0][axis], m[1][axis], m[2][axis])


def compose(a: Mat, b: Mat) -> Mat:
    """The matrix product ``a @ b``."""
    cols = (column(b, 0), column(b, 1), column(b, 2))
    return (
        (dot(a[0], cols[0]), dot(a[0], cols[1]), dot(a[0], cols[2])),
        (dot(a[1], cols[0]), dot(a[1], cols[1]), dot(a[1], cols[2])),
        (dot(a[2], cols[0]), dot(a[2], cols[1]), dot(a[2], cols[2])),
    )


def rotation(axis: int, degrees: float) -> Mat:
    """A right-handed rotation by ``degrees`` about world axis 0 (x), 1 (y) or 2 (z)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    if axis == 0:
        return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))
    if axis == 1:
        return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def point_line_distance(p: Vec, a: Vec, b: Vec) -> float:
    """Distance from ``p`` to the infinite line through ``a`` and ``b``."""
    direction = sub(b, a)
    length = norm(direction)
    if length == 0.0:
        return distance(p, a)
    return norm(cross(sub(p, a), direction)) / length


def solve_symmetric(matrix: Sequence[Sequence[float]], rhs: Sequence[float], drop: float = 1e-12) -> list[float]:
    """Solve ``matrix @ x = rhs`` for a symmetric positive semi-definite matrix (Gaussian elimination in order).

    A pivot below ``drop`` times the largest diagonal entry marks an equation that repeats others (two
    contacts asking the same thing): its unknown is set to zero and the rest solved exactly.
    """
    n = len(rhs)
    rows = [[*map(float, row), float(value)] for row, value in zip(matrix, rhs, strict=True)]
    floor = drop * max((abs(rows[i][i]) for i in range(n)), default=0.0)
    kept = [False] * n
    for col in range(n):
        lead = rows[col]
        if lead[col] <= floor:
            continue
        kept[col] = True
        for r in range(col + 1, n):
            factor = rows[r][col] / lead[col]
            if factor:
                row = rows[r]
                for k in range(col, n + 1):
                    row[k] -= factor * lead[k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        if kept[r]:
            x[r] = (rows[r][n] - sum(rows[r][k] * x[k] for k in range(r + 1, n))) / rows[r][r]
    return x
