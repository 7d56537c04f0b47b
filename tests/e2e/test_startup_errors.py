"""Bad configuration stops start-up with one clear line naming the variable, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.process import TEST_TOKEN, run_once


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"TELEGRAM_BOT_TOKEN": "12345-not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"DATABASE_URL": "mysql://root@127.0.0.1/backcoach"}, "DATABASE_URL"),
        ({"DEFAULT_TIMEZONE": "Europe/Atlantis"}, "DEFAULT_TIMEZONE"),
    ],
)
def test_bad_setting_is_one_line_naming_the_variable(tmp_path: Path, env: dict[str, str], variable: str) -> None:
    status, output = run_once(tmp_path, env)
    assert status == 2
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith(f"Configuration error: {variable}")
    assert "Traceback" not in output


def test_unreachable_bot_api_is_one_clear_line(tmp_path: Path) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
    }
    status, output = run_once(tmp_path, env, timeout=60)
    assert status == 2
    assert "Could not reach the Bot API at TELEGRAM_BASE_URL" in output
    assert "Traceback" not in output
    assert TEST_TOKEN not in output
