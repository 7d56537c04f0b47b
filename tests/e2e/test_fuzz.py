"""Hostile input, end to end: a few thousand seeded random inputs over every flow through the real bot process.

The fuzzer (``tests.support.fuzz``) mixes real, replayed and forged button presses, commands inside every
flow, random, 4,096-character and zero-width text, edits, media, blocking and group messages. The bot must
never raise (no traceback in its log), must react to every input in a private chat, and must never write what
users typed or their names into its log. ``python -m bench.fuzz`` runs 50,000 and prints the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from botapi_emulator import EmulatorThread
from tests.e2e.users import add_onboarded_user, database_path
from tests.support.fuzz import CANARY, fuzz
from tests.support.process import BotProcess

SEED = 14
INPUTS = 2_000
FRESH_USERS = (7001, 7002, 7003)
ONBOARDED_USERS = (7101, 7102, 7103, 7104, 7105)


def test_thousands_of_hostile_inputs_raise_nothing_and_each_gets_a_reaction(
    start_bot: Callable[..., BotProcess], emulator: EmulatorThread, tmp_path: Path
) -> None:
    bot = start_bot()
    for user_id in ONBOARDED_USERS:
        add_onboarded_user(database_path(tmp_path), user_id)
    report = fuzz(emulator.control_url, [*FRESH_USERS, *ONBOARDED_USERS], INPUTS, SEED)
    log = bot.output
    print(f"fuzz: {report.inputs} inputs, {report.reactions}/{report.private_inputs} private ones answered, "
          f"{log.count('Traceback')} tracebacks, {report.seconds:.1f} s; {report.kinds}")
    assert report.inputs >= INPUTS
    assert log.count("Traceback") == 0, log[-5000:]
    assert report.missing == [], report.missing[:20]
    assert report.reactions == report.private_inputs
    assert CANARY not in log
