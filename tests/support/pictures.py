"""A picture cache of tiny stand-in animations, so tests that send cards with pictures never draw any.

The bot finds every card's animation under the name the real cache uses (``<card>-<version>.gif``, the version
from ``pictures.version``), so ``PICTURES=cached`` (or ``on``) with ``BACKCOACH_PICTURES_CACHE`` pointing here
sends them exactly as it would send drawn ones. Each card's stand-in is a different 2-frame GIF of a few
hundred bytes, so each has its own upload.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

import pictures
from coach.catalogue import load_catalogue


def tiny_gif(shade: int) -> bytes:
    """A 2-frame looping GIF, 24x16, one second a frame, tinted by ``shade``."""
    frames = [Image.new("RGB", (24, 16), (shade % 256, 120, 200 - i * 80)) for i in range(2)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], loop=0, duration=1000)
    return out.getvalue()


def tiny_cache(directory: Path) -> Path:
    """Fill ``directory`` with a stand-in animation for every catalogue card; the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    for number, card in enumerate(load_catalogue()):
        (directory / f"{card.id}-{pictures.version(card.id)}.gif").write_bytes(tiny_gif(number * 11))
    return directory
