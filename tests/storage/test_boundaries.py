"""Storage depends on nothing else in the project: conversations and bot depend on it, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

import storage

FORBIDDEN = {"coach", "bot", "conversations"}


def _imported_top_level_packages(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_storage_imports_no_other_project_package() -> None:
    root = Path(storage.__file__).parent
    offenders = {
        str(path.relative_to(root)): sorted(_imported_top_level_packages(path) & FORBIDDEN)
        for path in root.rglob("*.py")
    }
    assert {name: found for name, found in offenders.items() if found} == {}
