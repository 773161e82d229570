#!/usr/bin/env python3
"""Measure the per-document stages on Dask clusters; the distributed table of ``results.md``.

    .venv/bin/python benchmarks/dask_run.py                         # 10 000 submissions
    .venv/bin/python benchmarks/dask_run.py --size 300 --workers 1 2 --out /tmp/d.md

One temporary project copy (as :mod:`benchmarks.run` makes it) with an invented inbox
(``innspill_data.bench_inbox``; realistic diversity unless ``--diversity pool``). The two
stages whose work the compute backend distributes, ``ingest`` (reading and parsing files)
and ``prepare`` (spaCy, language, redaction, segments, lemmas, proposals), run cold (their
caches removed) for each setting:

- ``local``: the local backend, the reference;
- ``LocalCluster``: ``compute.backend: dask`` with ``scheduler_address: null``, so the stage
  starts a ``LocalCluster`` of *k* worker processes itself (``compute.dask.n_workers``);
- ``scheduler + workers``: ``dask scheduler`` and ``dask worker tcp://127.0.0.1:PORT
  --nworkers k --nthreads 1`` started as separate processes before the stage, which reaches
  them through ``INNSPILL_DASK_SCHEDULER`` (``params.yaml`` stays at ``backend: local``).

Per setting: wall time of each stage (a fresh cluster per setting, so the workers' loading of
spaCy, Presidio and lingua is inside the ``prepare`` time), peak RSS of the stage's process tree
plus, for the separate workers, their own polled peak, and whether the ``submissions`` and
``segments`` tables equal the local run's. The table replaces the section between the
``<!-- distributed -->`` markers of ``--out`` (``benchmarks/results.md``), which
``benchmarks/run.py`` keeps when it rewrites the rest.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pandas as pd
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import (  # noqa: E402
    DISTRIBUTED_BEGIN,
    DISTRIBUTED_END,
    MB,
    ROOT,
    Measure,
    _tree_rss,
    commit,
    copy_project,
    machine,
    measure,
    set_param,
    thousands,
)

from innspill_data.bench_inbox import DIVERSITIES, make_inbox  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.md"
BEGIN, END = DISTRIBUTED_BEGIN, DISTRIBUTED_END
STAGES = ("ingest", "prepare")
TABLES = ("submissions.parquet", "segments.parquet")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Poller:
    """Peak summed RSS of some process trees, polled in a thread."""

    def __init__(self, procs: list[psutil.Process], interval: float = 0.2):
        self.procs, self.interval, self.peak = procs, interval, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, sum(_tree_rss(p) for p in self.procs))
            self._done.wait(self.interval)

    def __enter__(self) -> Poller:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()


@contextlib.contextmanager
def separate_cluster(n_workers: int, project: Path, log_dir: Path):
    """``dask scheduler`` and ``dask worker`` as their own processes; yields (address, procs)."""
    bindir = Path(sys.executable).parent
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    # Workers import ``pipeline`` from the project copy, as the stage does.
    env = dict(os.environ, PYTHONPATH=str(project), OMP_NUM_THREADS="1")
    logs = [open(log_dir / f"scheduler_{n_workers}.log", "wb"),  # noqa: SIM115
            open(log_dir / f"workers_{n_workers}.log", "wb")]  # noqa: SIM115
    scheduler = subprocess.Popen(
        [str(bindir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--no-dashboard"], cwd=project, env=env, stdout=logs[0], stderr=subprocess.STDOUT)
    workers = subprocess.Popen(
        [str(bindir / "dask"), "worker", address, "--nworkers", str(n_workers), "--nthreads",
         "1", "--memory-limit", "4GiB", "--no-dashboard"], cwd=project, env=env,
        stdout=logs[1], stderr=subprocess.STDOUT)
    try:
        from dask.distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(n_workers, timeout=120)
        yield address, [psutil.Process(workers.pid)]
    finally:
        for proc in (workers, scheduler):
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()


def clear_caches(project: Path) -> None:
    for name in ("ingest", "prepare"):
        shutil.rmtree(project / ".cache" / "innspill" / name, ignore_errors=True)
    shutil.rmtree(project / "data" / "processed", ignore_errors=True)


def read_tables(project: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(project / "data" / "processed" / name) for name in TABLES}


def same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> bool:
    try:
        for name in TABLES:
            pd.testing.assert_frame_equal(a[name], b[name])
    except AssertionError:
        return False
    return True


def run_setting(label: str, project: Path, logs: Path, env: dict, extra_peak=None
                ) -> list[Measure]:
    clear_caches(project)
    out = []
    for stage in STAGES:
        m = measure(f"{label}_{stage}", [sys.executable, "-m", "pipeline", stage], project,
                    logs, env)
        if extra_peak is not None:
            m.peak_rss_mb += extra_peak() / MB
        out.append(m)
        print(f"[{label}] {stage:<8} {m.seconds:8.1f} s  {m.peak_rss_mb:7.0f} MB"
              + ("" if m.ok else f"  FAILED ({m.returncode})"), flush=True)
        if not m.ok:
            print(m.log[-3000:], flush=True)
            break
    return out


def render(rows: list[dict], info: dict, size: int, seed: int, summary: dict,
           load: tuple[float, float]) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [BEGIN, "## Distributed runs (Dask)", "",
           f"Produced by `benchmarks/dask_run.py --size {size} --seed {seed} --diversity "
           f"{summary['diversity']}` on {now}, project "
           f"commit `{commit()}`; {info['cores']} logical cores, {info['memory_gb']:.1f} GB. "
           f"Inbox: {thousands(summary['submissions'])} submissions in "
           f"{thousands(summary['files'])} files, diversity `{summary['diversity']}` "
           f"({100 * summary['distinct_sentence_share']:.1f} % distinct sentences). Load average "
           f"at start / end: {load[0]:.1f} / {load[1]:.1f}.",
           "",
           "Both stages cold (caches removed) per setting; a fresh cluster per setting, so the "
           "workers' start and model loading are inside the times. Peak RSS: the stage's "
           "process tree, plus the separate workers' own peak. \"Same tables\": "
           "`submissions` and `segments` equal the local run's.",
           "",
           "| setting | workers | ingest (s) | prepare (s) | ingest + prepare (s) | "
           "peak RSS (MB) | same tables |",
           "|---|---|---|---|---|---|---|"]
    for row in rows:
        ms = {m.name.rsplit("_", 1)[-1]: m for m in row["measures"]}
        cells = [f"{ms[s].seconds:.1f}" + ("" if ms[s].ok else " (failed)") if s in ms else "–"
                 for s in STAGES]
        total = sum(m.seconds for m in row["measures"])
        peak = max((m.peak_rss_mb for m in row["measures"]), default=0.0)
        same = {True: "yes", False: "**no**", None: "–"}[row["same"]]
        out.append(f"| {row['setting']} | {row['workers'] or '–'} | " + " | ".join(cells)
                   + f" | {total:.1f} | {thousands(round(peak))} | {same} |")
    out += ["", END]
    return "\n".join(out) + "\n"


def write_section(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        text = head + section + tail
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--diversity", choices=DIVERSITIES, default="realistic",
                    help="text diversity of the inbox (innspill_data.bench_inbox)")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    info = machine()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="innspill-dask-"))
    project, logs = workdir / "project", workdir / "logs"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    logs.mkdir(exist_ok=True)
    copy_project(project)
    summary = make_inbox(args.size, project / "data" / "raw", args.seed,
                         diversity=args.diversity)
    print(f"inbox: {summary['files']} files, {summary['submissions']} submissions", flush=True)
    bindir = str(Path(sys.executable).parent)
    base_env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1",
                    PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    base_env.pop("INNSPILL_DASK_SCHEDULER", None)
    params_file = project / "params.yaml"
    load_start = os.getloadavg()[0]
    rows: list[dict] = []

    rows.append({"setting": "local", "workers": 0,
                 "measures": run_setting("local", project, logs, base_env), "same": None})
    reference = read_tables(project)

    set_param(params_file, "compute.backend", "dask")
    for k in args.workers:
        set_param(params_file, "compute.dask.n_workers", k)
        measures = run_setting(f"localcluster{k}", project, logs, base_env)
        ok = all(m.ok for m in measures)
        rows.append({"setting": "LocalCluster (started by the stage)", "workers": k,
                     "measures": measures, "same": ok and same_tables(reference,
                                                                      read_tables(project))})
    set_param(params_file, "compute.backend", "local")
    for k in args.workers:
        with separate_cluster(k, project, logs) as (address, procs), Poller(procs) as poller:
            env = dict(base_env, INNSPILL_DASK_SCHEDULER=address)
            measures = run_setting(f"separate{k}", project, logs, env,
                                   extra_peak=lambda p=poller: p.peak)
        ok = all(m.ok for m in measures)
        rows.append({"setting": "`dask scheduler` + `dask worker` processes", "workers": k,
                     "measures": measures, "same": ok and same_tables(reference,
                                                                      read_tables(project))})
    section = render(rows, info, args.size, args.seed, summary,
                     (load_start, os.getloadavg()[0]))
    write_section(args.out, section)
    print(section)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all(m.ok for r in rows for m in r["measures"]) else 1


if __name__ == "__main__":
    sys.exit(main())
