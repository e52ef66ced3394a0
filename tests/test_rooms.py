"""The house has three rooms and imports go one way: ui -> spatial -> layers; streamlit only in app.py and ui/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from layers.catalogue import PROJECT_DIR


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


FILES = sorted(p for room in ("ui", "spatial", "layers") for p in (PROJECT_DIR / room).glob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(PROJECT_DIR)) for p in FILES])
def test_imports_go_one_way(path: Path) -> None:
    room = path.parent.name
    imported = _imports(path)
    forbidden = {
        "ui": {"layers"},
        "spatial": {"ui", "streamlit", "streamlit_folium"},
        "layers": {"ui", "spatial", "streamlit"},
    }
    assert not imported & forbidden[room], f"{path.name} imports {sorted(imported & forbidden[room])}"
