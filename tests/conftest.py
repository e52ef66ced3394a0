"""Shared test helpers: where ../shared/data is, and a skip when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from layers.catalogue import PROJECT_DIR

SHARED_DATA = PROJECT_DIR.parent / "shared" / "data"
REAL_DATA = SHARED_DATA / "real"


def requires_shared(path: Path) -> pytest.MarkDecorator:
    """Skip, with the reason, when a file of ../shared/data is not beside the project."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not found: ../shared/data is not beside this clone")
