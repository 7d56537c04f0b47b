"""The pictogram style: colours, sizes and the renderer version that goes into every picture's version.

One place to change how every picture looks. Bump ``RENDERER_VERSION`` with any change here or in the drawing
code so that cached pictures are drawn again (the version is part of each cached file's name).
"""

from __future__ import annotations

RENDERER_VERSION = "1"

Colour = tuple[int, int, int]

BACKGROUND: Colour = (255, 255, 255)
BODY: Colour = (52, 67, 82)  # slate: the limbs that stay still, and the trunk
BODY_FAR: Colour = (146, 160, 173)  # the limb on the far side, so left and right read apart
ACCENT: Colour = (232, 106, 23)  # the one accent colour: the parts that move
ACCENT_FAR: Colour = (246, 180, 128)
GHOST: Colour = (222, 228, 234)  # the start pose, faintly behind the animation
FLOOR: Colour = (112, 122, 132)
MAT: Colour = (168, 208, 232)
WOOD: Colour = (176, 132, 88)
WALL: Colour = (200, 204, 210)
METAL: Colour = (78, 84, 92)
BAND: Colour = (40, 160, 110)
LABEL: Colour = (60, 60, 60)

#: Every colour drawn; the GIF palette holds these and their blends with the background and each other.
PALETTE: tuple[Colour, ...] = (
    BACKGROUND, BODY, BODY_FAR, ACCENT, ACCENT_FAR, GHOST, FLOOR, MAT, WOOD, WALL, METAL, BAND, LABEL,
)

ANIMATION_SIZE = (480, 320)  # pixels; Telegram shows animations at about this width in a chat
PANEL_SIZE = (300, 200)  # one keyframe in a still strip
LABEL_HEIGHT = 26
SUPERSAMPLE = 3  # draw at 3x and shrink: smooth edges from Pillow's aliased primitives
MARGIN = 0.07  # of the picture's height, around the figure and its props
FLOOR_WIDTH = 0.012  # body heights
