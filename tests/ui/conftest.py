"""AppTest helpers: every test gets its own workspace folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from layers.catalogue import PROJECT_DIR
from layers.workspace import WORKSPACE_ENV

APP = str(PROJECT_DIR / "app.py")


@pytest.fixture(autouse=True)
def own_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's workspace root at a fresh folder."""
    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "workspace"))
    return tmp_path / "workspace"


def open_page(page: str, **state: object) -> AppTest:
    """Run the app, then switch to ``page`` (a file under ui/), with optional session state set first."""
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    return at.switch_page(page).run()


def upload(at: AppTest, name: str, data: bytes, role: str, *, mime: str = "application/octet-stream") -> AppTest:
    """Upload a file for a role on the My data page and press 'Check and save'."""
    at.file_uploader(key="upload_file").upload(name, data, mime)
    at.selectbox(key="upload_role").set_value(role)
    at.button(key="upload_submit").click()
    return at.run()


def project_dir(workspace: Path, owner: str, name: str = "my-project") -> Path:
    """Where a project of this owner lives under the workspace root."""
    return workspace / "owners" / owner / "projects" / name
