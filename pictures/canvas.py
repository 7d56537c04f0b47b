"""The drawing surface: an orthographic camera, strokes (the unit of drawing) and how they hit pixels.

Everything is drawn at ``style.SUPERSAMPLE`` times the final size with Pillow's primitives (lines with round
ends, discs, filled polygons) and shrunk with a Lanczos filter afterwards, for smooth edges.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from PIL import ImageDraw

from coach.pose.describe import Camera
from coach.pose.geometry import Vec, cross, dot
from pictures import style
from pictures.style import Colour


@dataclass(frozen=True)
class View:
    """The camera's screen axes in world coordinates (orthographic)."""

    right: Vec
    up: Vec
    toward: Vec  # from the scene to the camera: larger depth is nearer

    @classmethod
    def of(cls, camera: Camera) -> View:
        yaw, tilt = math.radians(camera.yaw), math.radians(camera.elevation)
        toward = (math.sin(yaw) * math.cos(tilt), math.sin(tilt), math.cos(yaw) * math.cos(tilt))
        right = (math.cos(yaw), 0.0, -math.sin(yaw))
        return cls(right, cross(toward, right), toward)

    def project(self, p: Vec) -> tuple[float, float, float]:
        return dot(p, self.right), dot(p, self.up), dot(p, self.toward)


@dataclass(frozen=True)
class Stroke:
    """One thing to draw: a polyline with round ends, a disc (one point) or a filled polygon."""

    depth: float
    points: tuple[Vec, ...]
    width: float  # body heights; for a disc, its diameter
    colour: Colour
    fill: bool = False


@dataclass(frozen=True)
class Layout:
    """Where world points land on the picture: a view, a scale and the pixel of the world origin."""

    view: View
    size: tuple[int, int]
    pixels_per_unit: float
    origin: tuple[float, float]

    def pixel(self, p: Vec, factor: int = 1) -> tuple[float, float]:
        u, v, _ = self.view.project(p)
        x = self.origin[0] + u * self.pixels_per_unit
        y = self.origin[1] - v * self.pixels_per_unit
        return x * factor, y * factor


def fit(view: View, size: tuple[int, int], extents: Iterable[tuple[Vec, float]]) -> Layout:
    """A layout showing every (point, radius) with a margin, centred."""
    us, vs = [], []
    for p, r in extents:
        u, v, _ = view.project(p)
        us += [u - r, u + r]
        vs += [v - r, v + r]
    width, height = size
    margin = style.MARGIN * height
    span_u, span_v = max(max(us) - min(us), 1e-6), max(max(vs) - min(vs), 1e-6)
    ppu = min((width - 2 * margin) / span_u, (height - 2 * margin) / span_v)
    origin_x = width / 2 - (max(us) + min(us)) / 2 * ppu
    origin_y = height / 2 + (max(vs) + min(vs)) / 2 * ppu
    return Layout(view, size, ppu, (origin_x, origin_y))




def paint(canvas: ImageDraw.ImageDraw, layout: Layout, strokes: Iterable[Stroke]) -> None:
    """Draw strokes in order on a canvas ``style.SUPERSAMPLE`` times the layout's size."""
    factor = style.SUPERSAMPLE
    for stroke in strokes:
        xy = [layout.pixel(p, factor) for p in stroke.points]
        width = stroke.width * layout.pixels_per_unit * factor
        if stroke.fill and len(xy) > 2:
            canvas.polygon(xy, fill=stroke.colour)
        if len(xy) > 1:
            canvas.line(xy, fill=stroke.colour, width=max(1, round(width)), joint="curve")
        radius = width / 2
        for x, y in xy:
            canvas.ellipse((x - radius, y - radius, x + radius, y + radius), fill=stroke.colour)
