"""No code of ours leans on python-telegram-bot's private modules or on its in-memory ConversationHandler."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "botapi_emulator", "coach", "conversations", "storage", "bench")


def _sources() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("forbidden", ["telegram.ext._", "ConversationHandler", "_ACTIVE_FLOW", "_conversations"])
def test_no_source_file_uses(forbidden: str) -> None:
    offenders = [str(path.relative_to(ROOT)) for path in _sources() if forbidden in path.read_text()]
    assert offenders == []


def test_the_search_covers_the_flows() -> None:
    assert ROOT / "conversations" / "pending.py" in _sources()  # the grep above looks where the code is
