#!/usr/bin/env python3
"""Benchmark the pipeline on invented inboxes of several sizes; write ``benchmarks/results.md``.

    .venv/bin/python benchmarks/run.py                    # 1 000, 10 000 and 50 000 submissions
    .venv/bin/python benchmarks/run.py --sizes 200        # a quick check of the runner
    .venv/bin/python benchmarks/run.py --diversity pool   # the repetitive inboxes of before

For each size, in a fresh temporary copy of the project (``pipeline/``, ``dvc.yaml``,
``params.yaml``, ``data/labels/``, ``.dvc/config``; ``git init``) with an inbox from
``innspill_data.bench_inbox`` in ``data/raw/``:

1. **Cold run**: every stage of the report's chain
   (``ingest prepare tag cluster answer report``) as its own subprocess
   ``python -m pipeline <stage>``, with wall time and peak RSS of the process tree (psutil
   polling, and the kernel's ``ru_maxrss`` for the stage process). Caches start empty. The
   ``eval_*`` stages do not depend on the inbox and are not measured (they run once, untimed,
   so that ``dvc repro`` has what the report stage depends on).
2. ``dvc commit`` records the run, then three ``dvc repro`` runs are timed: nothing changed,
   one file added to ``data/raw/``, and one parameter of the report stage changed
   (``report.max_quote_chars``).

The inboxes have realistic text diversity by default (``--diversity``, see
:mod:`innspill_data.bench_inbox`). Beside the times, the run states how repetitive the inbox
really was (the share of distinct segments, normalised) and how often each distinct text was
embedded across all stages (rows of the embedding cache per distinct text; the goal is one).

The machine (cores, memory, CPU model), the date and the commit of the project are written
with the tables. Targets (issue 9) are checked where the size makes them meaningful.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import yaml

from innspill_data.bench_inbox import DIVERSITIES, MIN_SEGMENT_CHARS, make_inbox

ROOT = Path(__file__).resolve().parents[1]

STAGES = ("ingest", "prepare", "tag", "cluster", "answer", "report")
EVAL_STAGES = ("eval_prepare", "eval_tag", "eval_cluster", "eval_answer")
COPY = ("pipeline", "dvc.yaml", "params.yaml", "data/labels", ".dvc/config", ".dvcignore")
RESULTS = ROOT / "benchmarks" / "results.md"
MB = 1024 * 1024
# Issue 9's targets on the 2-core reference machine.
TARGET_E2E_10K_S = 15 * 60
TARGET_ADD_ONE_S = 60
TARGET_REPORT_PARAM_S = 30
TARGET_PEAK_MB = 4096
# benchmarks/dask_run.py writes its table between these markers of results.md
DISTRIBUTED_BEGIN, DISTRIBUTED_END = "<!-- distributed -->", "<!-- /distributed -->"


@dataclass
class Measure:
    """One timed subprocess."""

    name: str
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    returncode: int = 0
    log: str = ""
    stages_run: list[str] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)  # from INNSPILL_TIMINGS

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def measure(name: str, cmd: list[str], cwd: Path, log_dir: Path, env: dict,
            interval: float = 0.1) -> Measure:
    """Run ``cmd``; wall time and peak RSS of its whole process tree.

    Stages started by ``cmd`` append their own wall time to the file named by
    ``INNSPILL_TIMINGS`` in ``env`` (see ``pipeline/__main__.py``): the split of a
    ``dvc repro`` by stage, the rest being DVC's own work.
    """
    log_path = log_dir / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.log"
    timings = Path(env["INNSPILL_TIMINGS"]) if env.get("INNSPILL_TIMINGS") else None
    offset = timings.stat().st_size if timings and timings.exists() else 0
    peak = 0
    with open(log_path, "wb") as log:
        t0 = time.perf_counter()
        popen = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        proc = psutil.Process(popen.pid)
        done = threading.Event()

        def poll() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(proc))
                done.wait(interval)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        _, status, usage = os.wait4(popen.pid, 0)
        seconds = time.perf_counter() - t0
        done.set()
        poller.join()
        popen.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss (KiB on Linux): the largest single process, polled sums can miss short peaks.
    peak = max(peak, usage.ru_maxrss * 1024)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    ran = re.findall(r"Running stage '([^']+)'", text)
    split: dict[str, float] = {}
    if timings and timings.exists():
        with open(timings, encoding="utf-8") as fh:
            fh.seek(offset)
            for line in fh:
                entry = json.loads(line)
                split[entry["stage"]] = split.get(entry["stage"], 0.0) + entry["seconds"]
    return Measure(name, seconds, peak / MB, popen.returncode, text, ran, split)


def copy_project(dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for rel in COPY:
        src = ROOT / rel
        if not src.exists():
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target, ignore=ignore)
        else:
            shutil.copy2(src, target)
    (dest / ".dvc" / ".gitignore").write_text("/config.local\n/tmp\n/cache\n")
    (dest / ".gitignore").write_text("/.cache\n")
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)


def set_param(params_file: Path, dotted: str, value) -> None:
    """Set ``a.b.c`` in params.yaml by a line edit, keeping the comments and their column.

    Keys are matched at their section's own indentation only, so ``compute.backend`` never
    hits a ``backend:`` nested deeper; a header may carry a comment (``compute:  # ...``).
    """
    keys = dotted.split(".")
    lines = params_file.read_text(encoding="utf-8").splitlines(keepends=True)
    depth, parent_indent = 0, -1
    child_indent: int | None = 0
    for i, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if indent <= parent_indent:
            break  # left the section without finding the key
        if child_indent is None:
            child_indent = indent  # the first line of a section sets its keys' indent
        match = re.match(r"([A-Za-z_][\w-]*):([^#\n]*?)(\s*#.*)?$", stripped.rstrip("\n"))
        if indent != child_indent or match is None or match.group(1) != keys[depth]:
            continue
        if depth < len(keys) - 1:
            depth, parent_indent, child_indent = depth + 1, indent, None
            continue
        new = f"{' ' * indent}{keys[-1]}: {value}"
        if match.group(3):  # the comment where it was, or two spaces after a longer value
            comment = match.group(3).lstrip()
            column = len(line.rstrip("\n")) - len(comment)
            new = (new.ljust(column) if len(new) < column else new + "  ") + comment
        lines[i] = new + "\n"
        params_file.write_text("".join(lines), encoding="utf-8")
        return
    raise KeyError(f"{dotted} not found in {params_file}")


def thousands(n: float) -> str:
    """``12 345``: a space between thousands, as in the tables."""
    return f"{n:,.0f}".replace(",", " ")


def count_rows(project: Path) -> dict:
    import pyarrow.parquet as pq

    out = {}
    for name, file in (("submissions", "submissions.parquet"), ("segments", "segments.parquet"),
                       ("topics", "topics.parquet")):
        path = project / "data" / "processed" / file
        out[name] = pq.ParquetFile(path).metadata.num_rows if path.exists() else None
    return out


def text_stats(project: Path) -> dict:
    """How repetitive the inbox was, and how often each distinct text was embedded.

    ``distinct_segment_share``: distinct ``match_key`` of the segments' redacted text (what
    the stages embed) over all segments; ``distinct_content_share`` the same over segments of
    at least 25 characters (greetings, sign-offs and list leads repeat in any real inbox).
    ``embedded``: rows of every embedding cache in the project (one per (kind, text) computed,
    since a computed vector is stored), by kind; ``embedded_per_distinct_text``: those rows
    over the distinct texts among them.
    """
    import sqlite3

    import pyarrow.parquet as pq

    from pipeline.cluster.text import match_key

    out: dict = {}
    path = project / "data" / "processed" / "segments.parquet"
    if path.exists():
        texts = pq.read_table(path, columns=["text_redacted"]).column(0).to_pylist()
        keys = [match_key(t) for t in texts]
        # no greetings, sign-offs, "Forslag:": shorter than the prepare stage's minimum segment
        content = [k for k in keys if len(k) >= MIN_SEGMENT_CHARS]
        out["segments"] = len(texts)
        out["distinct_segment_share"] = len(set(keys)) / len(keys) if keys else None
        out["distinct_content_share"] = len(set(content)) / len(content) if content else None
    by_kind: dict[str, int] = {}
    distinct: set[str] = set()
    for db in sorted((project / ".cache").glob("**/vectors.sqlite")):
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            for kind, n in con.execute("SELECT kind, COUNT(*) FROM vectors GROUP BY kind"):
                by_kind[kind] = by_kind.get(kind, 0) + n
            distinct.update(db.parent.name + k for (k,) in con.execute("SELECT key FROM vectors"))
        finally:
            con.close()
    out["embedded"] = by_kind
    total = sum(by_kind.values())
    out["embedded_per_distinct_text"] = total / len(distinct) if distinct else None
    return out


@dataclass
class SizeResult:
    size: int
    files: int = 0
    inbox_mb: float = 0.0
    generate_s: float = 0.0
    stages: list[Measure] = field(default_factory=list)
    incremental: list[Measure] = field(default_factory=list)
    rows: dict = field(default_factory=dict)
    text: dict = field(default_factory=dict)  # text_stats() after the cold run
    error: str = ""
    load: list[float] = field(default_factory=list)  # 1-min load average: start, end

    @property
    def cold_total(self) -> float:
        return sum(m.seconds for m in self.stages)

    @property
    def cold_peak(self) -> float:
        return max((m.peak_rss_mb for m in self.stages), default=0.0)

    def stage(self, name: str) -> Measure | None:
        return next((m for m in self.stages if m.name == name), None)

    def inc(self, name: str) -> Measure | None:
        return next((m for m in self.incremental if m.name == name), None)


def tail(text: str, n: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-n:])


def bench_size(size: int, seed: int, workdir: Path, keep: bool,
               diversity: str = "realistic") -> SizeResult:
    res = SizeResult(size, load=[os.getloadavg()[0]])
    project = workdir / f"innspill_{size}"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    logs = workdir / f"logs_{size}"
    logs.mkdir(exist_ok=True)
    copy_project(project)
    t0 = time.perf_counter()
    summary = make_inbox(size, project / "data" / "raw", seed, diversity=diversity)
    res.generate_s = time.perf_counter() - t0
    res.files, res.inbox_mb = summary["files"], summary["bytes"] / 1e6
    print(f"[{size}] inbox: {res.files} files, {res.inbox_mb:.1f} MB "
          f"({res.generate_s:.1f} s)", flush=True)

    # dvc.yaml says `python -m pipeline …`: that must be this interpreter (the venv's).
    bindir = str(Path(sys.executable).parent)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", TQDM_MININTERVAL="5",
               PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
               VIRTUAL_ENV=str(Path(bindir).parent),
               INNSPILL_TIMINGS=str(logs / "timings.jsonl"))
    py = sys.executable
    dvc = str(Path(sys.executable).with_name("dvc"))
    # Untimed: the eval stages do not read the inbox, but the report stage reads their
    # metrics. The project's committed metrics are used when present (they depend on code,
    # labels and params only, all copied as they are); else the stages run.
    for stage in EVAL_STAGES:
        committed = ROOT / "data" / "metrics" / f"{stage}.json"
        if committed.exists():
            target = project / "data" / "metrics" / committed.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(committed, target)
            continue
        m = measure(stage, [py, "-m", "pipeline", stage], project, logs, env)
        print(f"[{size}] {stage} (untimed) {m.seconds:.1f} s"
              + ("" if m.ok else f"  FAILED ({m.returncode})"), flush=True)
        if not m.ok:
            res.error = f"stage {stage} failed:\n{tail(m.log)}"
            return res
    for stage in STAGES:
        m = measure(stage, [py, "-m", "pipeline", stage], project, logs, env)
        res.stages.append(m)
        print(f"[{size}] {stage:<8} {m.seconds:8.1f} s  {m.peak_rss_mb:7.0f} MB"
              + ("" if m.ok else f"  FAILED ({m.returncode})"), flush=True)
        if not m.ok:
            res.error = f"stage {stage} failed:\n{tail(m.log)}"
            break
    res.rows = count_rows(project)
    res.text = text_stats(project)
    if res.error:
        return res

    # Record the cold run in dvc.lock (the eval stages ran before it, untimed).
    m = measure("dvc commit", [dvc, "commit", "--force"], project, logs, env)
    if not m.ok:
        res.error = f"dvc commit failed:\n{tail(m.log)}"
        return res

    def repro(name: str) -> Measure:
        m = measure(name, [dvc, "repro"], project, logs, env)
        res.incremental.append(m)
        print(f"[{size}] {name:<28} {m.seconds:8.1f} s  {m.peak_rss_mb:7.0f} MB  "
              f"stages: {', '.join(m.stages_run) or '-'}"
              + ("" if m.ok else f"  FAILED ({m.returncode})"), flush=True)
        if not m.ok:
            res.error = f"dvc repro ({name}) failed:\n{tail(m.log)}"
        return m

    if not repro("dvc repro, nothing changed").ok:
        return res
    extra = make_inbox(1, workdir / f"extra_{size}", seed + 1_000_003, diversity=diversity)
    src = workdir / f"extra_{size}" / extra["manifest"][0]["path"]
    dest = project / "data" / "raw" / "ekstra" / ("ny_" + src.name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)
    if not repro("dvc repro, 1 file added").ok:
        return res
    params_file = project / "params.yaml"
    current = yaml.safe_load(params_file.read_text(encoding="utf-8"))["report"]["max_quote_chars"]
    set_param(params_file, "report.max_quote_chars", int(current) + 1)
    repro("dvc repro, report param changed")
    if not keep:
        shutil.rmtree(project, ignore_errors=True)
    return res


# ------------------------------------------------------------------------------ report
def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    vm = psutil.virtual_memory()
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    return {"cpu": model or platform.processor() or "?", "cores": os.cpu_count(),
            "usable_cores": affinity, "physical_cores": psutil.cpu_count(logical=False),
            "memory_gb": vm.total / 1024**3, "os": platform.platform(),
            "python": platform.python_version()}


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()
    sha = git("rev-parse", "--short", "HEAD") or "?"
    dirty = bool(git("status", "--porcelain", "--untracked-files=no", "--", "pipeline",
                     "dvc.yaml", "params.yaml"))
    untracked = bool(git("status", "--porcelain", "--", "pipeline").strip())
    note = " (with uncommitted changes in pipeline/, dvc.yaml or params.yaml)" if (
        dirty or untracked) else ""
    return sha + note


def fmt_s(x: float | None) -> str:
    return "–" if x is None else f"{x:,.1f}".replace(",", " ")


def fmt_mb(x: float | None) -> str:
    return "–" if x is None else f"{x:,.0f}".replace(",", " ")


def verdict(ok: bool) -> str:
    return "✅" if ok else "❌"


def text_cells(text: dict) -> str:
    share = text.get("distinct_segment_share")
    content = text.get("distinct_content_share")
    embedded = text.get("embedded") or {}
    per = text.get("embedded_per_distinct_text")
    kinds = ", ".join(f"{k} {n:,}".replace(",", " ") for k, n in sorted(embedded.items()))
    return (f"{100 * share:.1f} % / {100 * (content or 0):.1f} % | " if share is not None
            else "– | ") + (
        f"{sum(embedded.values()):,}".replace(",", " ") + f" ({kinds}) | " if embedded
        else "– | ") + (f"{per:.2f} |" if per is not None else "– |")


def render(results: list[SizeResult], info: dict, seed: int,
           diversity: str = "realistic") -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sizes = [r.size for r in results]
    out = [
        "# Benchmark results",
        "",
        f"Produced by `benchmarks/run.py --sizes {' '.join(map(str, sizes))} --seed {seed} "
        f"--diversity {diversity}` "
        f"on {now}, project commit `{commit()}`.",
        "",
        f"- Machine: {info['cpu']}; {info['cores']} logical cores ({info['usable_cores']} usable, "
        f"{info['physical_cores']} physical); {info['memory_gb']:.1f} GB memory",
        f"- {info['os']}, Python {info['python']}",
        "- Inboxes: invented, from `python -m innspill_data.bench_inbox N OUT --seed S` (about "
        "55 % of the submissions are form-export rows, the rest single files: e-mails, text "
        "files, Word, PDF, HTML; campaign copies and exact duplicates included). Text "
        f"diversity `{diversity}`: "
        + ("each sentence from the pools varied, real prose (NorNE) as context when present"
           if diversity == "realistic" else "the sentence pools recombined as they are")
        + "; the share of distinct segments is in the throughput table.",
        "- Cold run: each stage as its own subprocess (`python -m pipeline <stage>`), empty "
        "caches. Peak RSS is the largest sum over the stage's process tree (polled every 0.1 s) "
        "or the kernel's max RSS of the stage process, whichever is larger. `eval_*` stages are "
        "excluded.",
        "- Load (1-min load average at the start / end of each size): " + "; ".join(
            f"{r.size}: " + " / ".join(f"{x:.1f}" for x in r.load) for r in results)
        + ". A load above the core count means other processes shared the machine and the "
        "times are inflated.",
        "",
        "## Cold run per stage",
        "",
    ]
    head = "| stage | " + " | ".join(f"{s:,} subm. (s)".replace(",", " ") + " | peak RSS (MB)"
                                     for s in sizes) + " |"
    out += [head, "|---" * (1 + 2 * len(sizes)) + "|"]
    for stage in STAGES:
        cells = []
        for r in results:
            m = r.stage(stage)
            if m is None:
                cells += ["–", "–"]
            else:
                cells += [fmt_s(m.seconds) + ("" if m.ok else " (failed)"), fmt_mb(m.peak_rss_mb)]
        out.append(f"| {stage} | " + " | ".join(cells) + " |")
    cells = []
    for r in results:
        cells += [f"**{fmt_s(r.cold_total)}**", f"**{fmt_mb(r.cold_peak)}**"]
    out.append("| **total** | " + " | ".join(cells) + " |")
    out += ["", "## Throughput", "",
            "| submissions | files | inbox (MB) | generate (s) | segments | topics | "
            "segments/s (prepare) | segments/s (end to end) | submissions/s (end to end) | "
            "distinct segments (all / ≥ 25 characters) | texts embedded | "
            "embeddings per distinct text |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        segs = r.rows.get("segments")
        prep = r.stage("prepare")
        seg_prep = f"{segs / prep.seconds:,.1f}" if segs and prep and prep.ok else "–"
        seg_e2e = f"{segs / r.cold_total:,.1f}" if segs and r.cold_total else "–"
        sub_e2e = f"{r.size / r.cold_total:,.1f}" if r.cold_total else "–"
        out.append(f"| {r.size:,} | {r.files:,} | {r.inbox_mb:.1f} | {r.generate_s:.1f} | "
                   f"{segs if segs is not None else '–'} | "
                   f"{r.rows.get('topics') if r.rows.get('topics') is not None else '–'} | "
                   f"{seg_prep} | {seg_e2e} | {sub_e2e} | ".replace(",", " ")
                   + text_cells(r.text))
    out += ["", "## Incremental re-runs (`dvc repro` after the cold run)", "",
            "| change | " + " | ".join(f"{s:,} subm. (s)".replace(",", " ") + " | peak RSS (MB)"
                                       for s in sizes) + " | stages re-run |",
            "|---" * (2 + 2 * len(sizes)) + "|"]
    names = ["dvc repro, nothing changed", "dvc repro, 1 file added",
             "dvc repro, report param changed"]
    for name in names:
        cells, ran = [], ""
        for r in results:
            m = r.inc(name)
            cells += ([fmt_s(m.seconds) + ("" if m.ok else " (failed)"), fmt_mb(m.peak_rss_mb)]
                      if m else ["–", "–"])
            if m and not ran:
                ran = ", ".join(m.stages_run) or "none"
        label = name.replace("dvc repro, ", "")
        if "param" in label:
            label = "report param changed (`report.max_quote_chars` + 1)"
        out.append(f"| {label} | " + " | ".join(cells) + f" | {ran or '–'} |")
    out += ["", "Where a re-run's time goes (each stage's own wall time, imports included; "
            "the rest is DVC: hashing dependencies and outputs, the lock file):", "",
            "| change | size | " + " | ".join(STAGES) + " | DVC and the rest |",
            "|---" * (3 + len(STAGES)) + "|"]
    for name in names[1:]:
        for r in results:
            m = r.inc(name)
            if not m or not m.ok:
                continue
            rest = m.seconds - sum(m.stage_seconds.values())
            label = name.replace("dvc repro, ", "")
            out.append(f"| {label} | {r.size:,} | ".replace(",", " ")
                       + " | ".join(fmt_s(m.stage_seconds.get(s)) for s in STAGES)
                       + f" | {fmt_s(rest)} |")
    out += ["", "## Targets (issue 9, 2-core machine)", "",
            "| target | size | measured | met |", "|---|---|---|---|"]
    for r in results:
        if r.size == 10_000 and r.stages and not r.error:
            out.append(f"| end to end ≤ 15 min | {r.size:,} | {fmt_s(r.cold_total)} s | "
                       f"{verdict(r.cold_total <= TARGET_E2E_10K_S)} |".replace(",", " "))
        if r.stages:
            out.append(f"| peak memory ≤ 4 GB | {r.size:,} | {fmt_mb(r.cold_peak)} MB | "
                       f"{verdict(r.cold_peak <= TARGET_PEAK_MB)} |".replace(",", " "))
        m = r.inc("dvc repro, 1 file added")
        if m and m.ok:
            out.append(f"| add 1 file ≤ 60 s | {r.size:,} | {fmt_s(m.seconds)} s | "
                       f"{verdict(m.seconds <= TARGET_ADD_ONE_S)} |".replace(",", " "))
        m = r.inc("dvc repro, report param changed")
        if m and m.ok:
            out.append(f"| report-only change ≤ 30 s | {r.size:,} | {fmt_s(m.seconds)} s | "
                       f"{verdict(m.seconds <= TARGET_REPORT_PARAM_S)} |".replace(",", " "))
    if any(r.size != 10_000 for r in results):
        out += ["", "The end-to-end target is stated for 10 000 submissions; the other "
                "targets are checked at every size."]
    errors = [r for r in results if r.error]
    if errors:
        out += ["", "## Failures", ""]
        for r in errors:
            out += [f"### {r.size:,} submissions".replace(",", " "), "", "```",
                    r.error, "```", ""]
    return "\n".join(out).rstrip() + "\n"


def distributed_section(path: Path) -> str:
    """The Dask table that ``benchmarks/dask_run.py`` wrote into ``path`` (kept on rewrite)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if DISTRIBUTED_BEGIN not in text or DISTRIBUTED_END not in text:
        return ""
    inner = text.split(DISTRIBUTED_BEGIN, 1)[1].split(DISTRIBUTED_END, 1)[0]
    return "\n" + DISTRIBUTED_BEGIN + inner + DISTRIBUTED_END + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", type=Path, help="where the temporary project copies go")
    ap.add_argument("--keep", action="store_true", help="keep the project copies")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--json", type=Path, help="also write the raw figures as JSON")
    ap.add_argument("--diversity", choices=DIVERSITIES, default="realistic",
                    help="text diversity of the inboxes (innspill_data.bench_inbox)")
    args = ap.parse_args(argv)
    info = machine()
    tmp = None
    if args.workdir:
        workdir = args.workdir
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = tmp = Path(tempfile.mkdtemp(prefix="innspill-bench-"))
    results = []
    try:
        for size in args.sizes:
            results.append(bench_size(size, args.seed, workdir, args.keep, args.diversity))
            results[-1].load.append(os.getloadavg()[0])
            args.out.write_text(render(results, info, args.seed, args.diversity)
                                + distributed_section(args.out), encoding="utf-8")
    finally:
        if tmp is not None and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif args.keep:
            print(f"project copies kept in {workdir}")
    if args.json:
        raw = [{"size": r.size, "files": r.files, "inbox_mb": r.inbox_mb,
                "generate_s": r.generate_s, "rows": r.rows, "text": r.text, "error": r.error,
                "stages": [{"name": m.name, "seconds": m.seconds, "peak_rss_mb": m.peak_rss_mb,
                            "returncode": m.returncode} for m in r.stages],
                "incremental": [{"name": m.name, "seconds": m.seconds,
                                 "peak_rss_mb": m.peak_rss_mb, "stages_run": m.stages_run,
                                 "returncode": m.returncode} for m in r.incremental]}
               for r in results]
        args.json.write_text(json.dumps({"machine": info, "results": raw}, indent=1) + "\n")
    print(f"wrote {args.out}")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
