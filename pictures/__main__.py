"""``python -m pictures [--out DIR] [--cache DIR]``: write the review sheet and every animation (see review)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pictures import MAX_BYTES
from pictures.review import DEFAULT_OUT, report, review


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pictures", description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"where to write (default {DEFAULT_OUT})")
    parser.add_argument("--cache", type=Path, default=None, help="cache directory (default: see pictures)")
    args = parser.parse_args(argv)
    path, entries = review(args.out, args.cache)
    print("\n".join(report(path, entries)))
    return 1 if any(entry.gif.stat().st_size > MAX_BYTES for entry in entries) else 0


if __name__ == "__main__":
    sys.exit(main())
