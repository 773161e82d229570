"""Stage by stage: what adding one file costs in a project whose caches are warm.

``benchmarks/run.py`` times ``dvc repro`` after one new file, but only after a cold run of a
whole generated inbox (hours at 10 000 realistic submissions). This script reuses a project
kept by ``run.py --keep``: it copies it (file times kept), optionally puts another
``pipeline/`` in the copy (to compare two versions of the code on the same data), runs every
stage once so the caches are warm for that code, adds ``NEW_FILE`` under ``data/raw/ekstra/``
and times each stage as ``python -m pipeline <stage>``, then once more the report after a
report parameter changed. Prints a Markdown table with the load average::

    python benchmarks/add_file.py /tmp/bench10k/innspill_10000 new.eml --workdir /tmp/af \\
        --code /path/to/other/checkout --label before

Wall times include imports; DVC's own work (hashing, the lock file) is not in them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import STAGES, Measure, measure, set_param  # noqa: E402


def _run_stages(project: Path, logs: Path, env: dict, prefix: str) -> list[Measure]:
    py = sys.executable
    results = []
    for stage in STAGES:
        m = measure(f"{prefix} {stage}", [py, "-m", "pipeline", stage], project, logs, env)
        if not m.ok:
            raise SystemExit(f"{prefix} {stage} failed ({m.returncode}):\n{m.log[-2000:]}")
        results.append(m)
    return results


def add_file(project: Path, new_file: Path, workdir: Path, code: Path | None = None,
             label: str = "") -> str:
    """Copy ``project`` into ``workdir``, warm it, add ``new_file`` and time each stage;
    returns the Markdown table."""
    copy = workdir / f"project{'_' + label if label else ''}"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(project, copy, symlinks=True)  # copy2: file times kept (dates by mtime)
    if code is not None:
        shutil.rmtree(copy / "pipeline")
        shutil.copytree(code / "pipeline", copy / "pipeline",
                        ignore=shutil.ignore_patterns("__pycache__"))
    logs = workdir / f"logs{'_' + label if label else ''}"
    logs.mkdir(parents=True, exist_ok=True)
    bindir = str(Path(sys.executable).parent)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1",
               PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    _run_stages(copy, logs, env, "warm")
    target = copy / "data" / "raw" / "ekstra" / new_file.name
    if target.exists():
        raise SystemExit(f"{target} finnes alt i prosjektet: velg en annen ny fil")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(new_file, target)
    load_before = os.getloadavg()[0]
    added = _run_stages(copy, logs, env, "added")
    params_file = copy / "params.yaml"
    current = yaml.safe_load(params_file.read_text(encoding="utf-8"))["report"]["max_quote_chars"]
    set_param(params_file, "report.max_quote_chars", int(current) + 1)
    param = measure("report param", [sys.executable, "-m", "pipeline", "report"], copy, logs,
                    env)
    load_after = os.getloadavg()[0]
    rows = [f"| {m.name.split()[-1]} | {m.seconds:.1f} s | {m.peak_rss_mb:.0f} MB |"
            for m in added]
    total = sum(m.seconds for m in added)
    return "\n".join([
        f"{label or 'run'}: {new_file.name} added to {project} "
        f"(load average {load_before:.2f} before, {load_after:.2f} after)",
        "",
        "| stage | wall time | peak RSS |",
        "|---|---|---|",
        *rows,
        f"| **stages together** | **{total:.1f} s** | |",
        f"| report after a report parameter change | {param.seconds:.1f} s "
        f"| {param.peak_rss_mb:.0f} MB |",
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", type=Path, help="a project kept by run.py --keep")
    ap.add_argument("new_file", type=Path, help="the file to add (not already in the inbox)")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="where the copy goes (default: a new temporary folder)")
    ap.add_argument("--code", type=Path, default=None,
                    help="a checkout whose pipeline/ replaces the project's in the copy")
    ap.add_argument("--label", default="", help="names the copy and the table")
    args = ap.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="innspill-addfile-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(add_file(args.project, args.new_file, workdir, args.code, args.label))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
