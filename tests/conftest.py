"""Shared test fixtures: the project root, the shared/ folder when present, and one
run of the whole DVC pipeline on the demo inbox in a temporary copy of the project.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.project_helpers import PROJECT_FILES, ROOT, SHARED, run_dvc


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` exists beside a developer's and CI's checkout, never on a user's machine."""
    if not SHARED.exists():
        pytest.skip("../shared/ finnes ikke her")
    return SHARED


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory) -> Path:
    """A temporary copy of the project after ``dvc repro`` on the demo inbox.

    Runs once per test session (a few minutes); the end-to-end test and the notebook
    test both read its outputs and must not modify them.
    """
    work = tmp_path_factory.mktemp("innspill")
    for rel in PROJECT_FILES:
        src = ROOT / rel
        if not src.exists():
            continue
        dst = work / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc",
                                                                    "*.executed.ipynb"))
        else:
            shutil.copy2(src, dst)
    (work / ".dvc" / ".gitignore").write_text("/config.local\n/tmp\n/cache\n")
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    result = run_dvc(["repro"], work)
    tail = f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    assert result.returncode == 0, f"dvc repro failed:\n{tail}"
    return work
