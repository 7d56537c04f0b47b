"""The review sheet: every card's keyframes on one PNG, and every animation in one folder, for a person to check.

``python -m pictures`` (``make pictures``) renders through the cache, so a second run only copies files. The
contact sheet has one row per catalogue card, in catalogue order: its name, id and keyframe count, then its
keyframe strip. A card whose animation is over the size limit is reported, and the command exits non-zero.
"""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from coach.catalogue import load_catalogue
from coach.pose import load_poses
from pictures import MAX_BYTES, animation, strip, style

DEFAULT_OUT = Path("data/pictures")
NAME_WIDTH = 280
NAME_CHARACTERS = 26  # a card name wraps to fit the name column
ROW_GAP = 12


@dataclass(frozen=True)
class Entry:
    card_id: str
    name: str
    keyframes: int
    gif: Path
    strip: Path

    @property
    def gif_kb(self) -> float:
        return self.gif.stat().st_size / 1024


def collect(out_dir: Path, cache_dir: Path | None = None) -> list[Entry]:
    """Render (or read from the cache) every card's pictures and copy its animation into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    poses = load_poses()
    entries = []
    for card in load_catalogue():
        gif = animation(card.id, cache_dir)
        shutil.copyfile(gif, out_dir / f"{card.id}.gif")
        entries.append(Entry(card.id, card.name, len(poses[card.id].keyframes), gif, strip(card.id, cache_dir)))
    return entries


def contact_sheet(entries: list[Entry]) -> Image.Image:
    """One row per card: its name and id on the left, its keyframe strip on the right."""
    strips = [Image.open(entry.strip) for entry in entries]
    width = NAME_WIDTH + max(s.width for s in strips)
    height = sum(s.height + ROW_GAP for s in strips)
    sheet = Image.new("RGB", (width, height), style.BACKGROUND)
    writer = ImageDraw.Draw(sheet)
    title, small = ImageFont.load_default(size=18), ImageFont.load_default(size=14)
    top = 0
    for entry, image in zip(entries, strips, strict=True):
        name = textwrap.fill(entry.name, NAME_CHARACTERS)
        writer.multiline_text((12, top + 12), name, fill=style.BODY, font=title, spacing=4)
        below = top + 20 + 24 * (name.count("\n") + 1)
        writer.text((12, below), f"{entry.card_id}\n{entry.keyframes} keyframes", fill=style.LABEL, font=small)
        sheet.paste(image, (NAME_WIDTH, top))
        top += image.height + ROW_GAP
        writer.line([(0, top - ROW_GAP // 2), (width, top - ROW_GAP // 2)], fill=style.GHOST, width=1)
    return sheet


def review(out_dir: Path = DEFAULT_OUT, cache_dir: Path | None = None) -> tuple[Path, list[Entry]]:
    """Write the contact sheet and the animations; return the sheet's path and what went into it."""
    entries = collect(out_dir, cache_dir)
    path = out_dir / "contact-sheet.png"
    contact_sheet(entries).save(path, optimize=True)
    return path, entries


def report(path: Path, entries: list[Entry]) -> list[str]:
    """The lines ``python -m pictures`` prints: the sheet's path, then each card with its keyframe count."""
    lines = [f"contact sheet: {path}"]
    for entry in entries:
        flag = "  OVER THE LIMIT" if entry.gif.stat().st_size > MAX_BYTES else ""
        lines.append(f"  {entry.card_id:<22} {entry.keyframes} keyframes  {entry.gif_kb:6.1f} KB{flag}")
    return lines
