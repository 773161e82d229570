"""The inbox guard that runs before ``dvc repro`` (issue 16, cases 3, 6 and 7): DVC hashes
data/raw itself, so a FIFO, a bad symlink or a non-UTF-8 name must stop the run first, with
a Norwegian sentence that names the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipeline.ingest.guard import problems
from tests.ingest_fixtures import LETTER, write

ROOT = Path(__file__).resolve().parents[2]


def test_a_clean_inbox_passes(tmp_path):
    write(tmp_path / "data/raw", "brev.txt", LETTER)
    os.symlink(tmp_path / "data/raw/brev.txt", tmp_path / "data/raw/lenke.txt")  # inside: fine
    assert problems(tmp_path / "data/raw", tmp_path) == []


def test_each_hazard_is_named(tmp_path):
    raw = tmp_path / "data/raw"
    write(raw, "brev.txt", LETTER)
    os.mkfifo(raw / "kø")
    os.symlink("/dev/zero", raw / "null")
    os.symlink("/etc", raw / "etc")
    os.symlink(raw / "borte.txt", raw / "død.txt")
    os.symlink(raw / "b", raw / "a")
    os.symlink(raw / "a", raw / "b")
    (raw / os.fsdecode(b"s\xf8knad.txt")).write_text(LETTER, encoding="utf-8")
    found = problems(raw, tmp_path)
    text = "\n".join(found)
    assert "kø er en spesialfil (FIFO)" in text
    assert "null er en symbolsk lenke som peker ut av innboksen" in text
    assert "etc er en symbolsk lenke som peker ut av innboksen" in text
    assert "død.txt er en brutt symbolsk lenke" in text
    assert "a er en symbolsk lenke i en løkke" in text
    assert "s\\xf8knad.txt har et filnavn DVC ikke kan lese" in text
    assert "brev.txt" not in text
    assert len(found) == 7


def test_dvcignore_is_respected(tmp_path):
    raw = tmp_path / "data/raw"
    write(raw, "brev.txt", LETTER)
    os.mkfifo(raw / "kø")
    (tmp_path / ".dvcignore").write_text("data/raw/kø\n", encoding="utf-8")
    assert problems(raw, tmp_path) == []


def test_missing_inbox(tmp_path):
    [message] = problems(tmp_path / "data/raw", tmp_path)
    assert message.startswith("Fant ikke innboksen")


def test_guard_command_exits_2_with_a_norwegian_message(tmp_path):
    raw = tmp_path / "data/raw"
    raw.mkdir(parents=True)
    os.mkfifo(raw / "kø")
    done = subprocess.run([sys.executable, "-m", "pipeline.ingest.guard"], cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("Stopp: data/raw/kø er en spesialfil (FIFO)")
    assert "Traceback" not in done.stderr


def test_a_second_dvc_repro_is_named(tmp_path):
    import fcntl

    from pipeline.ingest.guard import dvc_running

    assert dvc_running(tmp_path) == ""
    lock = tmp_path / ".dvc/tmp/lock"
    lock.parent.mkdir(parents=True)
    lock.touch()
    assert dvc_running(tmp_path) == ""  # a lock file left behind is no running DVC
    with open(lock, "a+") as held:  # as DVC holds it while it runs (zc.lockfile: flock)
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert dvc_running(tmp_path).startswith("En annen dvc repro kjører allerede")
