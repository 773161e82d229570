"""Shared test fixtures: the project root, the shared/ folder when present, and one
run of the whole DVC pipeline on the demo inbox in a temporary copy of the project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DVC = Path(sys.executable).parent / "dvc"
# What an analyst's checkout holds; data/raw is only the demo inbox, never a real one.
PROJECT_FILES = ["pipeline", "notebooks", "data/raw/demo", "data/labels", "dvc.yaml", "dvc.lock",
                 "params.yaml", ".dvcignore", ".dvc/config"]
# A fixed generation date so the report is byte-identical between runs.
SOURCE_DATE_EPOCH = "1777593600"  # 2026-05-01, after the demo inbox


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` exists beside a developer's and CI's checkout, never on a user's machine."""
    if not SHARED.exists():
        pytest.skip("../shared/ finnes ikke her")
    return SHARED


def run_dvc(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the venv's ``dvc`` in ``cwd`` with the copy's own ``pipeline`` package first."""
    env = {**os.environ, "PYTHONPATH": str(cwd), "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([str(DVC), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=1800)


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
