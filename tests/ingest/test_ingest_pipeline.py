"""Duplicates, campaigns, the parse cache, the ledger invariant and a property test."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import tables
from pipeline.config import Params
from pipeline.ingest import context_from_params, ingest_inbox, read_file, run, sandbox
from pipeline.ingest.ledger import ledger_row
from tests.ingest_fixtures import LETTER, eml_bytes, write

RESOLUTION = (
    "Uttalelse om faste stillinger. Årsmøtet i {lag} krever at regjeringen strammer inn "
    "reglene for innleie fra bemanningsbyråer, at hovedregelen om faste ansettelser "
    "styrkes, og at offentlige oppdragsgivere stiller krav om lønns- og arbeidsvilkår, "
    "lærlinger og solidaransvar i hele leverandørkjeden. Vi krever også at "
    "Arbeidstilsynet får flere ressurser til tilsyn med useriøse aktører."
)


def test_exact_duplicates_and_campaigns(tmp_path):
    write(tmp_path, "a.txt", RESOLUTION.format(lag="Bodø Arbeiderparti"))
    write(tmp_path, "b.eml", eml_bytes(RESOLUTION.format(lag="Bodø Arbeiderparti")))
    write(tmp_path, "c.txt", RESOLUTION.format(lag="Lier Arbeiderparti"))
    write(tmp_path, "d.txt", RESOLUTION.format(lag="Sogndal Arbeidarparti") + " Og mer heltid!")
    write(tmp_path, "e.txt", LETTER)
    subs = ingest_inbox(tmp_path, Params(), cache_dir=None).submissions.set_index("source_file")
    assert subs.loc["b.eml", "duplicate_of"] == subs.loc["a.txt", "submission_id"]
    assert subs.loc["a.txt", "duplicate_of"] == ""
    campaign = subs.loc["a.txt", "campaign_id"]
    assert campaign.startswith("kampanje-")
    assert set(subs.loc[["a.txt", "b.eml", "c.txt", "d.txt"], "campaign_id"]) == {campaign}
    assert subs.loc["e.txt", "campaign_id"] == ""


def test_campaign_ids_are_deterministic(tmp_path):
    for i, lag in enumerate(["Bodø Arbeiderparti", "Lier Arbeiderparti", "Hole Arbeiderparti"]):
        write(tmp_path, f"{i}.txt", RESOLUTION.format(lag=lag))
    first = ingest_inbox(tmp_path, Params(), cache_dir=None).submissions
    second = ingest_inbox(tmp_path, Params(), cache_dir=None).submissions
    assert list(first.campaign_id) == list(second.campaign_id)
    assert first.campaign_id.nunique() == 1


def test_cache_parses_only_new_files(tmp_path, monkeypatch):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    for i in range(3):
        write(raw, f"{i}.txt", f"Innspill nummer {i} om heltid i kommunen.")
    # Files are read in worker processes (sandbox.py): count what the pool is given.
    calls = []
    real = sandbox.ReadPool.map
    monkeypatch.setattr(sandbox.ReadPool, "map",
                        lambda self, items: calls.extend(n for _, n in items) or real(self, items))
    first = ingest_inbox(raw, Params(), cache_dir=cache)
    assert first.n_parsed == 3 and len(calls) == 3
    write(raw, "ny.txt", "Et nytt innspill om lærlinger.")
    calls.clear()
    second = ingest_inbox(raw, Params(), cache_dir=cache)
    assert calls == ["ny.txt"] and second.n_cached == 3
    assert list(second.submissions.text)[:3] == list(first.submissions.text)



def test_rows_cache_append_and_merge_equals_a_rebuild(tmp_path, monkeypatch):
    """After a new file, only its rows are built; the table equals one built without any
    cache (campaigns, duplicates and dates included), and a moved file is built again."""
    import os

    import pandas as pd

    from pipeline.ingest import stage as ingest_stage

    raw, cache = tmp_path / "raw", tmp_path / "cache"
    for i, lag in enumerate(["Bodø Arbeiderparti", "Lier Arbeiderparti"]):
        write(raw, f"{i}.txt", RESOLUTION.format(lag=lag))
    write(raw, "brev.eml", eml_bytes(LETTER))
    write(raw, "udatert.txt", "Et innspill uten dato om lærlinger i kommunen.")
    os.utime(raw / "udatert.txt", (1_700_000_000, 1_700_000_000))  # dated by mtime
    built: list[str] = []
    real = ingest_stage.build_submissions
    monkeypatch.setattr(ingest_stage, "build_submissions",
                        lambda result, rel, *args: built.append(rel) or real(result, rel, *args))
    ingest_inbox(raw, Params(), cache_dir=cache)
    assert sorted(built) == ["0.txt", "1.txt", "brev.eml", "udatert.txt"]
    write(raw, "2.txt", RESOLUTION.format(lag="Hole Arbeiderparti"))
    built.clear()
    merged = ingest_inbox(raw, Params(), cache_dir=cache)
    assert built == ["2.txt"]
    rebuilt = ingest_inbox(raw, Params(), cache_dir=None)
    pd.testing.assert_frame_equal(merged.submissions, rebuilt.submissions, check_exact=True)
    pd.testing.assert_frame_equal(merged.ledger, rebuilt.ledger, check_exact=True)
    assert merged.date_sources == rebuilt.date_sources
    campaigns = merged.submissions["campaign_id"]
    assert (campaigns != "").sum() == 3 and campaigns[campaigns != ""].nunique() == 1
    assert merged.submissions["received_at"].notna().all()
    (raw / "udatert.txt").rename(raw / "flyttet.txt")  # the path is in the row: built again
    built.clear()
    moved = ingest_inbox(raw, Params(), cache_dir=cache)
    assert built == ["flyttet.txt"]
    assert "flyttet.txt" in set(moved.submissions["source_file"])


def test_run_writes_tables_metrics_and_summary(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "data/raw/a.txt", LETTER)
    write(tmp_path, "data/raw/tom.txt", "")
    write(tmp_path, "data/raw/README.md", "Om innboksen")
    run(Params())
    assert capsys.readouterr().out.strip() == \
        "ingest: 3 filer → 1 innspill, 1 i karantene, 0 duplikat, 1 hoppet over"
    loaded = tables.load_tables(tmp_path / "data/processed")
    assert len(loaded.submissions) == 1 and len(loaded.ledger) == 3
    metrics = json.loads((tmp_path / "data/metrics/ingest.json").read_text())
    assert metrics["files_by_status"] == {"duplicate": 0, "ok": 1, "quarantined": 1, "skipped": 1}
    assert metrics["submissions_by_format"] == {"txt": 1}
    before = (tmp_path / "data/metrics/ingest.json").read_bytes()
    run(Params())  # a second run (from the cache) gives identical bytes
    assert (tmp_path / "data/metrics/ingest.json").read_bytes() == before


TEXTS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1",
                             "utf-32", "cp865", "mac_roman"])
NAMES = st.sampled_from(["a.txt", "a.eml", "a.docx", "a.pdf", "a.csv", "a.json", "a.html",
                         "a.xlsx", "a.msg", "a.odt", "a.md", "a", "a.bin"])
CTX = context_from_params(Params())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blob=st.binary(max_size=2000), name=NAMES)
def test_random_bytes_never_raise(blob, name):
    _assert_one_row(blob, name)


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, encoding=ENCODINGS, name=NAMES)
def test_random_text_in_random_encodings_never_raises(text, encoding, name):
    try:
        blob = text.encode(encoding)
    except UnicodeEncodeError:
        blob = text.encode(encoding, errors="replace")
    _assert_one_row(blob, name)


MAGICS = [b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
          b"From: a@b\nSubject: x\n\n", b"\xef\xbb\xbf{"]


@pytest.mark.parametrize("prefix", MAGICS)
@settings(max_examples=40, deadline=None)
@given(tail=st.binary(max_size=1000))
def test_random_bytes_behind_magic_never_raise(prefix, tail):
    _assert_one_row(prefix + tail, "x.bin")


def _assert_one_row(blob: bytes, name: str) -> None:
    result = read_file(blob, name, CTX)
    assert result.status in ("ok", "quarantined")
    if result.status == "quarantined":
        assert result.reason
    else:
        assert result.submissions
    row = ledger_row(name, "sha", len(blob), result.status, result.reason,
                     len(result.submissions))
    assert row["status"] == result.status
