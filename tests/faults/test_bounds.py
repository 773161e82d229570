"""Time and memory bounds per file (issue 16, cases 1, 2 and 12): one hostile file costs at
most ``ingest.max_seconds_per_file`` and its worker's memory cap, and the run goes on."""

from __future__ import annotations

import os
import random
import time

import pytest

from pipeline.config import Params
from pipeline.ingest import read_file, readers
from pipeline.ingest.model import Limits, RawSubmission, ReadContext
from pipeline.ingest.readers import documents
from pipeline.ingest.readers.documents import read_docx, read_pdf
from tests.faults.fixtures import cpu_heavy_pdf, nested_html
from tests.faults.helpers import params, row, run_inbox
from tests.ingest_fixtures import docx_bytes, write


def test_cpu_heavy_pdf_is_stopped_after_the_time_limit(tmp_path):
    write(tmp_path / "raw", "tung.pdf", cpu_heavy_pdf(pages=200))  # minutes to extract
    started = time.monotonic()
    result = run_inbox(tmp_path / "raw", max_seconds_per_file=2)
    assert time.monotonic() - started < 30
    bad = row(result, "tung.pdf")
    assert bad.status == "quarantined" and bad.reason == "brukte mer enn 2 s – ikke lest"


def test_deeply_nested_html_is_stopped_after_the_time_limit(tmp_path):
    write(tmp_path / "raw", "dyp.html", nested_html(100_000))
    result = run_inbox(tmp_path / "raw", max_seconds_per_file=2)
    assert row(result, "dyp.html").reason == "brukte mer enn 2 s – ikke lest"


def test_time_verdicts_are_not_cached(tmp_path):
    """A slow machine today must not quarantine the file forever."""
    write(tmp_path / "raw", "dyp.html", nested_html(100_000))
    cache = tmp_path / "cache"
    run_inbox(tmp_path / "raw", cache_dir=cache, max_seconds_per_file=1)
    assert not list(cache.rglob("*.json")) or all(
        "brukte mer enn" not in p.read_text(encoding="utf-8") for p in cache.rglob("*.json"))


def _greedy_reader(blob, name, ctx):
    """Stands in for a reader that builds gigabytes from a small file."""
    if b"SLUK" in blob:
        hog = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB
        return [RawSubmission(text=str(len(hog)), format="txt")]
    return [RawSubmission(text=blob.decode("utf-8"), format="txt")]


def _dying_reader(blob, name, ctx):
    """Stands in for a library that crashes the interpreter (a segfault in C code)."""
    if b"KRASJ" in blob:
        os._exit(139)
    return [RawSubmission(text=blob.decode("utf-8"), format="txt")]


def test_memory_cap_quarantines_a_greedy_file(tmp_path, monkeypatch):
    # Workers are forked, so the patched reader is what they run.
    monkeypatch.setitem(readers.READERS, "txt", _greedy_reader)
    write(tmp_path / "raw", "grådig.txt", "SLUK " * 100)
    result = run_inbox(tmp_path / "raw", max_memory_mb_per_file=256)
    bad = row(result, "grådig.txt")
    assert bad.status == "quarantined" and bad.reason == "brukte mer enn 256 MB minne – ikke lest"


def test_a_crashing_reader_loses_only_its_file(tmp_path, monkeypatch):
    monkeypatch.setitem(readers.READERS, "txt", _dying_reader)
    write(tmp_path / "raw", "krasj.txt", "KRASJ " * 100)
    result = run_inbox(tmp_path / "raw")
    bad = row(result, "krasj.txt")
    assert bad.status == "quarantined" and "stoppet uventet" in bad.reason


def test_lone_surrogate_in_json_does_not_stop_the_run(tmp_path):
    """JSON may escape a lone surrogate ("\\ud800"); no UTF-8 writer can store it."""
    text = b"Vi vil ha heltid for alle i kommunen og faste stillinger. " * 3
    write(tmp_path / "raw", "surrogat.json", b'{"tekst": "' + text + b'\\ud800"}')
    cache = tmp_path / "cache"
    result = run_inbox(tmp_path / "raw", cache_dir=cache)
    assert row(result, "surrogat.json").status == "ok"
    sub = result.submissions.set_index("source_file").loc["surrogat.json"]
    assert sub.text.endswith("\ufffd")
    assert not list(cache.rglob("*.tmp"))  # no half-written cache entry left behind
    again = run_inbox(tmp_path / "raw", cache_dir=cache)
    assert again.n_cached == again.n_parsed + again.n_cached  # everything from the cache


def test_text_is_capped_while_it_is_extracted(tmp_path, monkeypatch):
    """No reader builds the whole text of a huge document to keep the first part."""
    words = ["heltid", "faste", "stillinger", "lærlinger", "innleie", "tariff", "kommune",
             "anbud", "lønn", "ferie"]
    rng = random.Random(16)  # varied text: a repeated one would look like a zip bomb
    paragraphs = [" ".join(rng.choice(words) for _ in range(100)) for _ in range(2000)]
    blob = docx_bytes(paragraphs)  # ~1.5 million characters
    ctx = ReadContext(limits=Limits(max_text_chars=5000))
    built = []
    real = documents._docx_paragraph
    monkeypatch.setattr(documents, "_docx_paragraph",
                        lambda p: built.append(1) or real(p))
    subs = read_docx(blob, "stor.docx", ctx, zf=None)
    assert len(subs[0].text) <= 2 * 5000
    assert "tekst kuttet ved 5000 tegn" in subs[0].notes
    assert len(built) < 30  # stopped after ~15 paragraphs, not 2000
    result = read_file(blob, "stor.docx", ctx)
    assert result.status == "ok"


def test_pdf_stops_reading_pages_past_the_limit():
    from tests.ingest_fixtures import pdf_bytes

    ctx = ReadContext(limits=Limits(max_text_chars=1000))
    text = "Faste stillinger og heltid for alle. " * 80
    blob = pdf_bytes(text)
    subs = read_pdf(blob, "brev.pdf", ctx)
    assert len(subs[0].text) <= 2000 and subs[0].notes == ["tekst kuttet ved 1000 tegn"]


def test_params_bounds_are_validated():
    for bad in ({"max_seconds_per_file": 0}, {"max_memory_mb_per_file": -1},
                {"read_workers": 0}):
        with pytest.raises(ValueError):
            Params.model_validate({"ingest": bad})
    assert params(max_seconds_per_file=5).ingest.max_seconds_per_file == 5
