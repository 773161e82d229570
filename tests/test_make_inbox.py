"""The benchmark inbox generator: reproducible, N respected, every file readable by ingest."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from innspill_data.bench_inbox import make_inbox
from pipeline.config import load_params
from pipeline.ingest import ingest_inbox

N = 60


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("inbox")
    return out, make_inbox(N, out, seed=7)


def test_same_seed_same_bytes(inbox, tmp_path):
    out, _ = inbox
    again = tmp_path / "again"
    make_inbox(N, again, seed=7)
    assert digest(again) == digest(out)
    other = tmp_path / "other"
    make_inbox(N, other, seed=8)
    assert digest(other) != digest(out)


def test_n_respected(inbox):
    out, summary = inbox
    assert summary["submissions"] == N
    assert sum(m["submissions"] for m in summary["manifest"]) == N
    assert summary["files"] == len(summary["manifest"]) == len(digest(out))
    # Several formats, and form exports hold several rows each.
    assert {"eml", "txt", "csv", "xlsx", "json"} <= set(summary["files_per_format"])
    for fmt in ("csv", "xlsx", "json"):
        assert summary["submissions_per_format"][fmt] > summary["files_per_format"][fmt]


def test_every_file_ingests_ok(inbox, project_root):
    out, summary = inbox
    params = load_params(project_root / "params.yaml")
    result = ingest_inbox(out, params, cache_dir=None)
    ledger = result.ledger.set_index("path")
    duplicates = {m["path"] for m in summary["manifest"] if m["duplicate_of"]}
    for m in summary["manifest"]:
        row = ledger.loc[m["path"]]
        expected = "duplicate" if m["path"] in duplicates else "ok"
        assert row["status"] == expected, (m["path"], row["reason"])
        if expected == "ok":
            assert row["n_submissions"] == m["submissions"], m["path"]
    assert len(result.submissions) + len(duplicates) == N


def test_sizes_scale_and_contain_campaigns_and_noise(tmp_path):
    summary = make_inbox(600, tmp_path / "big", seed=3)
    assert summary["submissions"] == 600
    assert summary["campaign_copies"] > 0
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in (tmp_path / "big").rglob("*.txt"))
    assert "@eksempel.no" in text or "@epost.example" in text or "@example.com" in text


def test_realistic_diversity_makes_nearly_every_sentence_distinct(tmp_path):
    """The default inbox does not flatter the caches: ≥ 90 % distinct sentences (campaign
    copies included), where recombining the pools as they are repeats most of them."""
    realistic = make_inbox(600, tmp_path / "realistic", seed=3, filler_dir=None)
    pool = make_inbox(600, tmp_path / "pool", seed=3, diversity="pool", filler_dir=None)
    assert (realistic["diversity"], realistic["filler"]) == ("realistic", "none")
    assert realistic["distinct_sentence_share"] >= 0.9
    assert pool["distinct_sentence_share"] < realistic["distinct_sentence_share"] - 0.2
    assert realistic["submissions"] == pool["submissions"] == 600
    with pytest.raises(ValueError, match="diversity"):
        make_inbox(10, tmp_path / "bad", diversity="unique")


def test_real_prose_from_norne_when_present(tmp_path):
    from innspill_data.bench_inbox import default_filler_dir, load_filler

    where = default_filler_dir()
    if where is None:
        pytest.skip("../shared/data/norne is not on this machine")
    documents = load_filler(where)
    summary = make_inbox(200, tmp_path / "inbox", seed=5)
    assert summary["filler"] == "norne" and summary["distinct_sentence_share"] >= 0.9
    prose = {s for docs in documents.values() for doc in docs for s in doc}
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for pattern in ("*.txt", "*.csv", "*.json")
                     for p in (tmp_path / "inbox").rglob(pattern))
    assert any(s in text for s in prose)  # NorNE sentences are read, never committed
