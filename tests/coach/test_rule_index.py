"""The rule index stays true: every name it points at exists and every rule has a test named after it."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from coach.education import SITTING_TIPS, tip_for_day
from coach.rule_index import RULES, RuleRef

TEST_NAMES = {
    name
    for path in Path(__file__).parent.glob("test_*.py")
    for name in re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
}


@pytest.mark.parametrize("ref", RULES, ids=lambda r: f"{r.section}:{r.test_tag}")
def test_rule_index_points_at_real_code(ref: RuleRef) -> None:
    assert ref.source and ref.rule
    for where in ref.where:
        module_name, *attrs = where.split(".")
        target: object = importlib.import_module(f"coach.{module_name}")
        for attr in attrs:
            if isinstance(target, type) and attr in getattr(target, "__dataclass_fields__", {}):
                break  # a dataclass field
            target = getattr(target, attr)


@pytest.mark.parametrize("ref", RULES, ids=lambda r: f"{r.section}:{r.test_tag}")
def test_rule_index_every_rule_has_a_test_named_after_it(ref: RuleRef) -> None:
    assert any(name.startswith(f"test_{ref.test_tag}") for name in TEST_NAMES), ref.test_tag


def test_rule_index_covers_every_article_rule_and_sections_2_to_6() -> None:
    sections = {r.section for r in RULES}
    assert {f"1.{n}" for n in range(1, 9)} <= sections
    assert {"2", "3", "4", "5", "6"} <= sections


def test_rule_correct_sitting_positions_tips_rotate_in_a_fixed_order() -> None:
    assert len(SITTING_TIPS) >= 5
    assert [tip_for_day(n).id for n in range(len(SITTING_TIPS))] == [t.id for t in SITTING_TIPS]
    assert tip_for_day(len(SITTING_TIPS)) == SITTING_TIPS[0]
    for tip in SITTING_TIPS:
        assert tip.text and tip.source and "NHS" in tip.source
