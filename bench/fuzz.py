"""Benchmark: 50,000 hostile inputs over every flow against the real bot process; prints what it found.

    python -m bench.fuzz [--inputs 50000] [--users 16] [--seed 14] [--keep-log PATH]

The same fuzzer as the suite's test (``tests.support.fuzz``: real, replayed and forged presses, commands
inside every flow, random, long and zero-width text, edits, media, blocking, groups), at a larger scale.
Half the users start from nothing (onboarding), half are onboarded already (sessions, check-ins, /pain).
Printed: inputs sent, private inputs and how many got a reaction, tracebacks and ERROR lines in the bot's log,
whether a canary word users typed ever reached the log, wall time and inputs per second. Figures, not asserts.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
from pathlib import Path

from botapi_emulator import EmulatorThread
from tests.e2e.users import add_onboarded_user
from tests.support.fuzz import CANARY, FuzzReport, fuzz
from tests.support.process import TEST_TOKEN, BotProcess

FIRST_USER_ID = 900_000
CHAT_RATE = 25.0


def run(inputs: int, users: int, seed: int, keep_log: Path | None) -> list[str]:
    """Start an emulator and the bot, fuzz, and return the figures."""
    workdir = Path(tempfile.mkdtemp(prefix="backcoach-fuzz-"))
    try:
        with EmulatorThread(chat_rate=CHAT_RATE) as emulator:
            env = {
                "TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_BASE_URL": emulator.base_url, "LOG_LEVEL": "INFO",
                "DATABASE_URL": f"sqlite:///{workdir / 'backcoach.db'}", "CHAT_SEND_RATE": str(CHAT_RATE),
                "FLOOD_UPDATES": "100000",  # the fuzzer types at machine speed: no flood limit in its way
            }
            bot = BotProcess(workdir, env).start()
            ids = [FIRST_USER_ID + i for i in range(users)]
            for user_id in ids[users // 2 :]:
                add_onboarded_user(workdir / "backcoach.db", user_id)
            try:
                report = fuzz(emulator.control_url, ids, inputs, seed)
            finally:
                bot.stop()
            log = bot.output
            if keep_log is not None:
                shutil.copyfile(bot.log_path, keep_log)
        return figures(report, log, users, seed) + culprits(report, log)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def figures(report: FuzzReport, log: str, users: int, seed: int) -> list[str]:
    rate = report.inputs / report.seconds if report.seconds else 0.0
    errors = sum(1 for line in log.splitlines() if " ERROR " in line or " CRITICAL " in line)
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(report.kinds.items(), key=lambda kv: -kv[1]))
    return [
        f"fuzz: seed {seed}, {users} users, {report.inputs} inputs in {report.seconds:.1f} s ({rate:.0f}/s)",
        f"  private inputs answered: {report.reactions} of {report.private_inputs}"
        + (f" (missing: {report.missing[:5]})" if report.missing else ""),
        f"  tracebacks in the bot's log: {log.count('Traceback')}; ERROR/CRITICAL lines: {errors}",
        f"  what users typed in the log: {'YES' if CANARY in log else 'never'}",
        f"  inputs by kind: {kinds}",
    ]


def culprits(report: FuzzReport, log: str) -> list[str]:
    """The inputs behind the bot's ERROR lines (their update ids are in the log; the data only here)."""
    found = re.findall(r"(?:ERROR|CRITICAL) .*?update_id=(\d+)", log)
    return [f"  error on update {uid}: {report.trail.get(int(uid), '?')}" for uid in found[:20]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=50_000)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep-log", type=Path, default=None, help="copy the bot's log here")
    args = parser.parse_args()
    for line in run(args.inputs, args.users, args.seed, args.keep_log):
        print(line)


if __name__ == "__main__":
    main()
