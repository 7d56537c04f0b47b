"""List the benchmarks: ``python -m bench``. Run one with ``python -m bench.<name> --help``."""

from __future__ import annotations

BENCHMARKS = {
    "fanout": "reminder fan-out at Telegram's limits, the tick's database time, start-up time and peak RSS",
    "updates": "many users in check-in conversations at once, BackCoach beside a bare PTB echo bot",
    "sqlite_driver": "one unit of work through the two SQLite drivers (in-loop and aiosqlite), side by side",
    "echo_bot": "the bare PTB echo bot used as the yardstick by bench.updates (not run on its own)",
    "pictures": "every exercise picture drawn from scratch (budget 60 s), the largest GIF, the cached pass",
}


def main() -> None:
    for name, what in BENCHMARKS.items():
        print(f"python -m bench.{name:<10} {what}")


if __name__ == "__main__":
    main()
