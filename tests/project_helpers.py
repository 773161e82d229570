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
# data/metrics holds the committed evaluation metrics: as on a fresh clone, `dvc repro` then
# skips the eval_* stages whose code, labels and params are those of dvc.lock (they take
# ~7 of the ~10 minutes); tests/test_end_to_end.py checks that dvc.lock is current for them.
PROJECT_FILES = ["pipeline", "notebooks", "data/raw/demo", "data/labels", "data/metrics",
                 "dvc.yaml", "dvc.lock", "params.yaml", ".dvcignore", ".dvc/config"]
# The evaluation stages that read only committed files (eval_answer also reads the tag
# stage's question_scores.parquet, which a fresh clone does not have).
EVAL_STAGES_ON_COMMITTED_FILES = ("eval_prepare", "eval_tag", "eval_cluster")
# A fixed generation date so the report is byte-identical between runs.
SOURCE_DATE_EPOCH = "1777593600"  # 2026-05-01, after the demo inbox


def run_dvc(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the venv's ``dvc`` in ``cwd`` with the copy's own ``pipeline`` package first."""
    env = {**os.environ, "PYTHONPATH": str(cwd), "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([str(DVC), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=1800)
