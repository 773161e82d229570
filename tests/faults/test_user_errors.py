"""The user's own mistakes end with one Norwegian sentence, not a traceback (issue 16, item 6)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import tables
from pipeline.__main__ import main
from tests.ingest_fixtures import LETTER, write

ROOT = Path(__file__).resolve().parents[2]


def test_missing_inbox_is_an_error_naming_the_key(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pipeline", "ingest"], cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("Feil: Fant ikke innboksen data/raw/ (paths.raw i params.yaml)")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("code, start", [
    (errno.EROFS, "Feil: Kan ikke skrive (data/processed/submissions.parquet): mappen er "
                  "skrivebeskyttet"),
    (errno.EACCES, "Feil: Kan ikke skrive (data/processed/submissions.parquet)"),
    (errno.ENOSPC, "Feil: Disken er full (data/processed/submissions.parquet): frigjør plass"),
])
def test_unwritable_output_is_one_sentence(tmp_path, monkeypatch, capsys, code, start):
    write(tmp_path / "data/raw", "brev.txt", LETTER)
    monkeypatch.chdir(tmp_path)

    def refuse(frame, directory, name, *args, **kwargs):
        raise OSError(code, os.strerror(code), f"{directory}/{name}")

    monkeypatch.setattr(tables, "write_table", refuse)
    assert main(["ingest"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(start) and len(err.strip().splitlines()) == 1


def test_other_os_errors_are_not_disguised(tmp_path, monkeypatch):
    write(tmp_path / "data/raw", "brev.txt", LETTER)
    monkeypatch.chdir(tmp_path)

    def broken(*args, **kwargs):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(tables, "write_table", broken)
    with pytest.raises(OSError):
        main(["ingest"])
