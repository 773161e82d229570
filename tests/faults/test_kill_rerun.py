"""``kill -9`` in the middle of ingest, then a rerun, gives the same tables as one
uninterrupted run (issue 16, item 3), and leaves no reader process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import yaml

from tests.faults.fixtures import cpu_heavy_pdf
from tests.faults.helpers import GOOD
from tests.ingest_fixtures import LETTER, eml_bytes, write

ROOT = Path(__file__).resolve().parents[2]


# Made once: a MIME boundary is random, and both inboxes must hold the same bytes.
MAIL = eml_bytes("Se vedlegg.", attachments=[
    ("brev.txt", LETTER.replace("Tromsø", "Bodø").encode(), "text/plain")])


def _project(root: Path) -> Path:
    for rel, text in GOOD.items():
        write(root / "data/raw", rel, text)
    write(root / "data/raw", "post.eml", MAIL)
    write(root / "data/raw", "tung.pdf", cpu_heavy_pdf(pages=200))
    params = {"ingest": {"max_seconds_per_file": 4}}
    (root / "params.yaml").write_text(yaml.safe_dump(params), encoding="utf-8")
    return root


def _ingest(cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1777593600"}
    return subprocess.Popen([sys.executable, "-m", "pipeline", "ingest"], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _tables(root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    processed = root / "data/processed"
    subs = pd.read_parquet(processed / "submissions.parquet")
    ledger = pd.read_csv(processed / "ingest_ledger.csv", dtype=str, keep_default_na=False)
    return subs.drop(columns=["received_at"]), ledger


def test_kill_during_ingest_then_rerun_gives_identical_tables(tmp_path):
    clean = _project(tmp_path / "uavbrutt")
    assert _ingest(clean).wait(timeout=120) == 0

    killed = _project(tmp_path / "avbrutt")
    process = _ingest(killed)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while not workers and time.monotonic() < deadline:  # wait until a reader is busy
        time.sleep(0.2)
        workers = _children(process.pid)
    assert workers, "no reader process started"
    time.sleep(1.0)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    time.sleep(0.5)
    for pid in workers:  # the reader died with the stage
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(
            f"/proc/{pid}/stat").read_text().split()[2]
    rerun = _ingest(killed)
    assert rerun.wait(timeout=120) == 0, rerun.stderr.read().decode()
    want_subs, want_ledger = _tables(clean)
    got_subs, got_ledger = _tables(killed)
    pd.testing.assert_frame_equal(got_subs, want_subs)
    pd.testing.assert_frame_equal(got_ledger, want_ledger)
    reason = got_ledger.set_index("path").loc["tung.pdf", "reason"]
    assert reason == "brukte mer enn 4 s – ikke lest"
