"""Pictures of one card: each frame as an image, the looping GIF, the still strip of keyframes (PNG bytes).

A card's frames share one layout (scale and position fitted to every frame and prop), so the figure does not
jump. GIF frames are mapped onto one fixed palette of the style's colours and their blends, without
dithering: flat pictogram areas then compress to a few kilobytes a frame, and Pillow stores only the part of
each frame that changed.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Sequence
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from coach.pose.describe import Arrow, PoseDescription
from coach.pose.motion import Frame, Pose, accents
from pictures import figure, props, style
from pictures.canvas import Layout, View, fit, paint


def layout(description: PoseDescription, poses: Sequence[Pose], keyposes: Sequence[Pose],
           size: tuple[int, int]) -> tuple[Layout, props.Scene]:
    """One layout for all ``poses`` of a card, and its static props."""
    view = View.of(description.camera)
    scene = props.scene(description, view, keyposes)
    space = list(scene.extents)
    for pose in poses:
        space += figure.extents(pose) + props.extents(description, pose)
    return fit(view, size, space), scene


def picture(description: PoseDescription, pose: Pose, where: Layout, scene: props.Scene,
            accent: Collection[str], ghost: Pose | None = None, cue: Arrow | None = None) -> Image.Image:
    """One image of ``pose``: floor and props, the faint start pose if given, the figure (``accent``: the
    parts drawn in the accent colour), what it holds, and an arrow cue if given."""
    factor = style.SUPERSAMPLE
    width, height = where.size
    image = Image.new("RGB", (width * factor, height * factor), style.BACKGROUND)
    canvas = ImageDraw.Draw(image)
    paint(canvas, where, scene.behind)
    if ghost is not None:
        paint(canvas, where, figure.figure(ghost, where.view, (), ghost=True))
    paint(canvas, where, props.behind_body(description, pose))
    paint(canvas, where, figure.figure(pose, where.view, accent))
    paint(canvas, where, props.before_body(description, pose))
    if cue is not None:
        paint(canvas, where, props.arrow(where.view, pose, cue))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _blend(a: style.Colour, b: style.Colour, k: float) -> style.Colour:
    return (round(a[0] + (b[0] - a[0]) * k), round(a[1] + (b[1] - a[1]) * k), round(a[2] + (b[2] - a[2]) * k))


@cache
def _palette() -> Image.Image:
    """The style's colours and, for every pair, three blends (the anti-aliased edges between them)."""
    colours = list(style.PALETTE)
    for i, a in enumerate(style.PALETTE):
        for b in style.PALETTE[i + 1 :]:
            for k in (0.25, 0.5, 0.75):
                colours.append(_blend(a, b, k))
    unique = list(dict.fromkeys(colours))[:256]
    flat = [channel for colour in unique for channel in colour]
    image = Image.new("P", (1, 1))
    image.putpalette(flat + flat[:3] * (256 - len(unique)))
    return image


def animation_gif(description: PoseDescription, frames: Sequence[Frame], keyposes: Sequence[Pose]) -> bytes:
    """The looping animation as GIF bytes."""
    where, scene = layout(description, [f.pose for f in frames], keyposes, style.ANIMATION_SIZE)
    ghost = keyposes[0] if description.ghost else None
    palette, accent = _palette(), accents(description, keyposes)
    images = [
        picture(description, f.pose, where, scene, accent[f.segment], ghost, _cue(description, f))
        .quantize(palette=palette, dither=Image.Dither.NONE)
        for f in frames
    ]
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], loop=0,
                   duration=[f.duration_ms for f in frames], disposal=1)
    return out.getvalue()


def _cue(description: PoseDescription, frame: Frame) -> Arrow | None:
    """A keyframe's arrow shows while the figure moves towards it and while it is held."""
    keys = description.keyframes
    return keys[frame.segment if frame.keyframe else (frame.segment + 1) % len(keys)].arrow


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def strip_image(description: PoseDescription, keyposes: Sequence[Pose]) -> Image.Image:
    """The keyframes side by side, each numbered and named under it."""
    width, height = style.PANEL_SIZE
    where, scene = layout(description, keyposes, keyposes, style.PANEL_SIZE)
    strip = Image.new("RGB", (width * len(keyposes), height + style.LABEL_HEIGHT), style.BACKGROUND)
    writer = ImageDraw.Draw(strip)
    font, accent = _font(15), accents(description, keyposes)
    for index, (pose, key) in enumerate(zip(keyposes, description.keyframes, strict=True)):
        strip.paste(picture(description, pose, where, scene, accent[index], cue=key.arrow), (index * width, 0))
        writer.text((index * width + 10, height + 4), f"{index + 1}. {key.name}", fill=style.LABEL, font=font)
        if index:
            writer.line([(index * width, 8), (index * width, height - 8)], fill=style.GHOST, width=1)
    return strip


def strip_png(description: PoseDescription, keyposes: Sequence[Pose]) -> bytes:
    out = io.BytesIO()
    strip_image(description, keyposes).save(out, format="PNG", optimize=True)
    return out.getvalue()
