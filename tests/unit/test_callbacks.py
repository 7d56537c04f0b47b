"""Callback data: built within Telegram's 64 bytes, parsed defensively, matched per flow."""

from __future__ import annotations

import re

import pytest

from conversations import callbacks


def test_round_trip() -> None:
    data = callbacks.make("sess", "done", 12, 3)
    assert data == "sess:done:12:3"
    parsed = callbacks.parse(data)
    assert parsed is not None
    assert (parsed.flow, parsed.action, parsed.int_arg(0), parsed.int_arg(1)) == ("sess", "done", 12, 3)


@pytest.mark.parametrize("data", [None, "", "sess", ":done", "sess:", "sess:done:<b>", "x" * 70, "a:b:c d"])
def test_malformed_data_is_rejected(data: str | None) -> None:
    assert callbacks.parse(data) is None


def test_missing_or_non_numeric_arguments_are_none() -> None:
    parsed = callbacks.parse("pain:score:abc")
    assert parsed is not None
    assert parsed.int_arg(0) is None
    assert parsed.int_arg(5) is None
    assert parsed.arg(0) == "abc" and parsed.arg(1) is None


def test_too_long_or_odd_parts_cannot_be_built() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        callbacks.make("sess", "done", "x" * 64)
    with pytest.raises(ValueError, match="letters"):
        callbacks.make("sess", "do ne")


def test_patterns_match_only_their_flow_and_action() -> None:
    flow = re.compile(callbacks.pattern("sess"))
    assert flow.match("sess:done:1") and not flow.match("session:x") and not flow.match("onb:sess:1")
    action = re.compile(callbacks.pattern("sess", "done"))
    assert action.match("sess:done:1") and action.match("sess:done")
    assert not action.match("sess:donex:1")
