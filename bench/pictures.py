"""Benchmark: draw every exercise picture from scratch, and read them back from the cache.

    python -m bench.pictures [--cards bird_dog,cat_camel]

Solves every card's poses and renders its animation (GIF) and keyframe strip (PNG) into a fresh temporary
cache, one card after the other in this one process, then asks for every picture again (cache hits). Printed:
per card its keyframes, frames, solve and render times and file sizes; the total wall-clock and CPU time of
rendering everything from scratch (the issue's budget: under 60 s on the 2-core machine); the largest
animation against the 300 KB limit; and the time of the cached pass. Figures, not asserts.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pictures
from coach.catalogue import load_catalogue
from coach.pose import frames, keyposes, load_poses


@dataclass(frozen=True)
class Row:
    card_id: str
    keyframes: int
    frames: int
    solve_s: float
    render_s: float
    gif_kb: float
    strip_kb: float


def measure(card_id: str, cache: Path) -> Row:
    started = time.perf_counter()
    count = len(frames(card_id))
    solved = time.perf_counter()
    gif, strip = pictures.animation(card_id, cache), pictures.strip(card_id, cache)
    done = time.perf_counter()
    return Row(card_id, len(keyposes(card_id)), count, solved - started, done - solved,
               gif.stat().st_size / 1024, strip.stat().st_size / 1024)


def report(rows: list[Row], wall_s: float, cpu_s: float, cached_s: float) -> list[str]:
    lines = [f"{'card':<22} {'keys':>4} {'frames':>6} {'solve s':>8} {'render s':>8} {'GIF KB':>7} {'PNG KB':>7}"]
    for r in rows:
        lines.append(f"{r.card_id:<22} {r.keyframes:>4} {r.frames:>6} {r.solve_s:>8.2f} {r.render_s:>8.2f} "
                     f"{r.gif_kb:>7.1f} {r.strip_kb:>7.1f}")
    largest = max(rows, key=lambda r: r.gif_kb)
    lines += [
        f"rendered {len(rows)} cards from scratch in {wall_s:.1f} s wall, {cpu_s:.1f} s CPU (budget: 60 s)",
        f"  solving {sum(r.solve_s for r in rows):.1f} s, drawing and encoding {sum(r.render_s for r in rows):.1f} s",
        f"largest animation: {largest.card_id} {largest.gif_kb:.1f} KB (limit {pictures.MAX_BYTES // 1024} KB)",
        f"every picture again from the cache: {cached_s * 1000:.0f} ms, {pictures.render_count()} drawn in all",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", default="", help="comma-separated card ids (default: the whole catalogue)")
    args = parser.parse_args(argv)
    cards = [c for c in args.cards.split(",") if c] or [card.id for card in load_catalogue()]
    load_poses()  # parsing the pose file is not drawing: keep it out of the timings
    with tempfile.TemporaryDirectory() as directory:
        cache = Path(directory)
        wall, cpu = time.perf_counter(), time.process_time()
        rows = [measure(card_id, cache) for card_id in cards]
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        again = time.perf_counter()
        for card_id in cards:
            pictures.animation(card_id, cache), pictures.strip(card_id, cache)
        cached = time.perf_counter() - again
    print("\n".join(report(rows, wall, cpu, cached)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
