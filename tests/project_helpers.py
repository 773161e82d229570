"""Constants and helpers the test modules import by name.

They live here rather than in ``conftest.py``: with several ``conftest.py`` files in the tree,
``from conftest import ...`` resolves to whichever was imported first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DVC = Path(sys.executable).parent / "dvc"
# What an analyst's checkout holds; data/raw is only the demo inbox, never a real one.
PROJECT_FILES = ["pipeline", "notebooks", "data/raw/demo", "data/labels", "dvc.yaml", "dvc.lock",
                 "params.yaml", ".dvcignore", ".dvc/config"]
# A fixed generation date so the report is byte-identical between runs.
SOURCE_DATE_EPOCH = "1777593600"  # 2026-05-01, after the demo inbox


def run_dvc(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the venv's ``dvc`` in ``cwd`` with the copy's own ``pipeline`` package first."""
    env = {**os.environ, "PYTHONPATH": str(cwd), "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([str(DVC), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=1800)
