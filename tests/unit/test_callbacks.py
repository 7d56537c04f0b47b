"""Callback data: built within Telegram's 64 bytes and its declared shape, parsed defensively, matched per flow."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations import callbacks
from conversations.callbacks import SHAPES


def test_round_trip() -> None:
    data = callbacks.make("sess", "done", 12, 3)
    assert data == "sess:done:12:3"
    parsed = callbacks.parse(data)
    assert parsed is not None
    assert (parsed.flow, parsed.action, parsed.int_arg(0), parsed.int_arg(1)) == ("sess", "done", 12, 3)


@pytest.mark.parametrize("data", [None, "", "sess", ":done", "sess:", "sess:done:<b>", "x" * 70, "a:b:c d", 7])
def test_malformed_data_is_rejected(data: object) -> None:
    assert callbacks.parse(data) is None


@pytest.mark.parametrize(
    "data",
    [
        "pain:score:99", "pain:score:11", "pain:score:-1", "pain:score:--4", "pain:score:+3", "pain:score:abc",
        "pain:score", "pain:score:5:5", "pain:rf:99:no", "pain:rf:6:no", "pain:rf:0:maybe", "sess:done:0:3",
        "sess:done:12:64", "sess:done:12:-1", "chk:now:3:11", "chk:fu:3:perhaps", "ob:q:not_a_question:yes",
        "ob:day:7", "set:time:2460", "rem:snooze:20261399", "rem:lvl:1:9:yes", "del:yes:1:-5",
        "sess:nosuch:1", "nosuch:done:1:1", "sess:done:99999999999999999999:1", "ob:tz:a..b",
    ],
)
def test_a_value_out_of_its_range_or_shape_is_refused(data: str) -> None:
    assert callbacks.parse(data) is None
    assert not callbacks.pattern(data.split(":")[0])(data)


@pytest.mark.parametrize(
    "data", ["pain:score:0", "pain:score:10", "pain:rf:3:not_sure", "sess:rf:5:2:0:yes", "ob:tz:America.New_York",
             "ob:clr:yes:0", "rem:skip:20261204", "set:time:0730", "del:no:42:1733300000000000", "ob:q:ce_bladder:no"],
)
def test_every_shape_takes_what_the_bot_makes(data: str) -> None:
    parsed = callbacks.parse(data)
    assert parsed is not None
    assert callbacks.make(parsed.flow, parsed.action, *parsed.args) == data


def test_a_button_without_a_declared_shape_cannot_be_built() -> None:
    with pytest.raises(ValueError, match="shape"):
        callbacks.make("sess", "nosuch", 1)
    with pytest.raises(ValueError, match="shape"):
        callbacks.make("pain", "score", 11)


def test_too_long_or_odd_parts_cannot_be_built() -> None:
    with pytest.raises(ValueError, match="letters"):
        callbacks.make("sess", "do ne")


def test_patterns_match_only_their_flow_and_action() -> None:
    flow = callbacks.pattern("sess")
    assert flow("sess:done:1:1") and not flow("session:x") and not flow("ob:day:1")
    action = callbacks.pattern("sess", "done")
    assert action("sess:done:1:2") and not action("sess:skip:1:2") and not action("sess:donex:1:2")
    both = callbacks.pattern("ob", "day", "days")
    assert both("ob:day:3") and both("ob:days:ok") and not both("ob:time:0730")


@given(st.text(max_size=80))
def test_parse_never_raises_and_what_it_takes_fits(data: str) -> None:
    parsed = callbacks.parse(data)
    if parsed is not None:
        assert callbacks.fits(parsed.flow, parsed.action, parsed.args)


@given(st.sampled_from([(flow, action) for flow in SHAPES for action in SHAPES[flow]]), st.lists(
    st.sampled_from(["0", "1", "10", "11", "63", "64", "-1", "--4", "+3", "yes", "no", "x", "", "9" * 20]), max_size=5,
))
def test_forged_arguments_never_raise(button: tuple[str, str], args: list[str]) -> None:
    data = ":".join([*button, *args])
    parsed = callbacks.parse(data)
    for index in range(6):
        if parsed is not None:
            parsed.int_arg(index)
            parsed.arg(index)
