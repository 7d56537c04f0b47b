"""Exercise pictures: a looping GIF and a still strip of keyframes per catalogue card, drawn from its pose.

The pose model and the pose descriptions live in ``coach.pose`` (pure); this package draws them with Pillow and
keeps what it drew in a cache directory, one file per (card id, picture version). The version is a hash of the
card's pose description, the figure model's version and the renderer's version, so a changed pose gets a new
picture and an unchanged one is read from disk, never drawn twice. Files are written atomically (a temporary
file renamed into place), so two processes rendering the same card both end with a whole file.

    pictures.animation("bird_dog")   # Path of the GIF (2-4 s loop, at most 300 KB)
    pictures.strip("bird_dog")       # Path of the PNG strip of its keyframes
    pictures.version("bird_dog")     # the picture version, e.g. for storing a Telegram file_id per version
    pictures.cached_animation("bird_dog")  # the GIF's Path if already drawn, else None (draws nothing)

The cache directory is ``$BACKCOACH_PICTURES_CACHE`` or ``data/pictures/cache``; every function takes
``cache_dir`` to use another one. ``python -m pictures`` writes the review sheet (see ``pictures.review``);
``pictures.shelf`` keeps the animations a running bot may send, drawn ahead of any update.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from coach.pose import body, describe, motion
from pictures import render, style

CACHE_ENV = "BACKCOACH_PICTURES_CACHE"
DEFAULT_CACHE = Path("data/pictures/cache")
MAX_BYTES = 300 * 1024

_renders: Counter[str] = Counter()


def cache_root(cache_dir: Path | str | None = None) -> Path:
    """The cache directory in use: the argument, else ``$BACKCOACH_PICTURES_CACHE``, else the default."""
    if cache_dir is not None:
        return Path(cache_dir)
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE)


def version(card_id: str) -> str:
    """The picture version of a card: changes when its pose description, the figure or the renderer change."""
    description = describe.load_poses()[card_id]
    text = "\n".join((describe.fingerprint(description), body.MODEL_VERSION, style.RENDERER_VERSION))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def animation(card_id: str, cache_dir: Path | str | None = None) -> Path:
    """The card's looping animation (GIF), drawn now only if this version is not in the cache yet."""
    description = describe.load_poses()[card_id]
    return _cached(card_id, "gif", cache_dir,
                   lambda: render.animation_gif(description, motion.frames(card_id), motion.keyposes(card_id)))


def strip(card_id: str, cache_dir: Path | str | None = None) -> Path:
    """The card's keyframes side by side (PNG), drawn now only if this version is not in the cache yet."""
    description = describe.load_poses()[card_id]
    return _cached(card_id, "png", cache_dir, lambda: render.strip_png(description, motion.keyposes(card_id)))


def cached_animation(card_id: str, cache_dir: Path | str | None = None) -> Path | None:
    """The card's animation if this version is in the cache already; None otherwise (nothing is drawn)."""
    path = _path(card_id, "gif", cache_dir)
    return path if path.exists() else None


def render_count(kind: str | None = None) -> int:
    """How many pictures this process has drawn (``"gif"``, ``"png"`` or all): cache hits draw none."""
    return _renders[kind] if kind else sum(_renders.values())


def _path(card_id: str, kind: str, cache_dir: Path | str | None) -> Path:
    return cache_root(cache_dir) / f"{card_id}-{version(card_id)}.{kind}"


def _cached(card_id: str, kind: str, cache_dir: Path | str | None, draw: Callable[[], bytes]) -> Path:
    path = _path(card_id, kind, cache_dir)
    root = path.parent
    if path.exists():
        return path
    data = draw()
    _renders[kind] += 1
    root.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=root, prefix=f".{card_id}-", suffix=f".{kind}")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
