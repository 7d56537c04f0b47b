"""Dependencies point one way: conversations -> usecases -> coach + storage; bot -> everything; pictures draws
coach's poses and knows nothing of Telegram or the database; locales (the catalogues and the user's language) is
below them all.

Read from the source with ``ast`` (every ``import`` and ``from ... import``, also inside functions), so a
layer that starts leaning on one above it, or on Telegram below the handlers, fails here by name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: What each layer may not import (top-level package names).
OURS = {"coach", "storage", "usecases", "conversations", "bot", "pictures", "botapi_emulator", "locales"}
FORBIDDEN = {
    # The catalogues and the current language: below everything, like a library (everything may translate).
    "locales": {"telegram", "sqlalchemy", "sqlmodel"} | (OURS - {"locales"}),
    "coach": {"telegram", "storage", "usecases", "conversations", "bot", "sqlalchemy", "sqlmodel"},
    "storage": {"telegram", "usecases", "conversations", "bot"},
    "usecases": {"telegram", "conversations", "bot"},
    "conversations": {"bot"},
    "pictures": {"telegram", "storage", "usecases", "conversations", "bot", "sqlalchemy", "sqlmodel"},
}


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer: str) -> None:
    files = sorted((ROOT / layer).rglob("*.py"))
    assert files, layer
    wrong = {str(p.relative_to(ROOT)): sorted(_imported(p) & FORBIDDEN[layer]) for p in files}
    assert {path: names for path, names in wrong.items() if names} == {}
