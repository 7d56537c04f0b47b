"""List the benchmarks: ``python -m bench``. Run one with ``python -m bench.<name> --help``."""

from __future__ import annotations

BENCHMARKS = {
    "latency": "reply latency of 20 users beside a flood, a chat held by a 429 and a fan-out of 10,000 reminders",
    "fanout": "reminder fan-out at Telegram's limits, the tick's database time, start-up time and peak RSS",
    "updates": "many users in check-in conversations at once, BackCoach beside a bare PTB echo bot; SQL per update",
    "echo_bot": "the bare PTB echo bot used as the yardstick by bench.updates (not run on its own)",
    "counted_bot": "BackCoach with its SQL statements and transactions counted, run by bench.updates",
    "fuzz": "50,000 hostile inputs over every flow through the real bot: reactions, tracebacks, time",
    "pictures": "every exercise picture drawn from scratch (budget 60 s), the largest GIF, the cached pass",
}


def main() -> None:
    for name, what in BENCHMARKS.items():
        print(f"python -m bench.{name:<12} {what}")


if __name__ == "__main__":
    main()
