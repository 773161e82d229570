"""The review app's writers (pipeline/review/store.py): every save lands in the format the
stages read, concurrent saves from threads and processes lose nothing, and a malformed file
is refused and left exactly as it was."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest

pytest.importorskip("filelock", reason="review-tillegget er ikke installert (filelock mangler)")

from pipeline import labels as lab  # noqa: E402
from pipeline.cluster.overrides import read_overrides as read_topic_overrides  # noqa: E402
from pipeline.review.store import LabelStore  # noqa: E402
from pipeline.tag.overrides import read_overrides as read_theme_overrides  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FILES = (lab.OVERRIDES, lab.TOPICS, lab.REDACTIONS, lab.PROPOSAL_FLAGS)


@pytest.fixture()
def labels_dir(tmp_path: Path) -> Path:
    """A copy of the committed labels files."""
    out = tmp_path / "labels"
    out.mkdir()
    for name in FILES:
        (out / name).write_bytes((ROOT / "data" / "labels" / name).read_bytes())
    return out


def test_theme_corrections_are_read_by_the_tag_stage(labels_dir):
    store = LabelStore(labels_dir)
    store.add_theme("abc-001", "ny_teknologi", "remove", by="Kari", comment="ikke # tema\nher")
    store.add_theme("abc", "organisert_arbeidsliv", "add", by="Kari #2")
    frame = read_theme_overrides(labels_dir / lab.OVERRIDES)
    assert frame[["id", "theme_id", "action", "comment"]].values.tolist() == [
        ["abc-001", "ny_teknologi", "remove", "ikke  tema her"],
        ["abc", "organisert_arbeidsliv", "add", ""]]
    rows = store.read_all()["themes"]
    assert rows[0]["by"] == "Kari" and rows[1]["by"] == "Kari 2"
    assert rows[0]["at"].endswith("Z") and rows[0]["at"][:2] == "20"
    with pytest.raises(lab.LabelsError):
        store.add_theme("abc", "ny_teknologi", "bytt", by="Kari")


def test_an_older_header_is_extended_and_its_rows_kept(tmp_path):
    (tmp_path / lab.OVERRIDES).write_text(
        "# comment kept\nid,theme_id,action,comment\nx,ny_teknologi,add,gammel\n")
    LabelStore(tmp_path).add_theme("y", "ny_teknologi", "remove", by="Ola")
    text = (tmp_path / lab.OVERRIDES).read_text()
    assert text.startswith("# comment kept\nid,theme_id,action,comment,by,at\n")
    rows = LabelStore(tmp_path).read_all()["themes"]
    assert [(r["id"], r["comment"], r["by"]) for r in rows] == [("x", "gammel", ""),
                                                                 ("y", "", "Ola")]


def test_hand_written_lines_are_kept_as_they_are(tmp_path):
    original = ("# who may edit: the analysts\ntext,placeholder\n"
                "Kari Nordmann,[NAVN]\n# checked 1 May\n\"Hansen, Ola\",[NAVN]")
    (tmp_path / lab.REDACTIONS).write_text(original, encoding="utf-8")
    LabelStore(tmp_path).add_redaction("Per", by="Ola")
    text = (tmp_path / lab.REDACTIONS).read_text(encoding="utf-8")
    assert text.startswith("# who may edit: the analysts\ntext,placeholder,comment,by,at\n"
                           "Kari Nordmann,[NAVN]\n# checked 1 May\n\"Hansen, Ola\",[NAVN]\n")
    assert [t for t, _ in lab.read_redactions(tmp_path / lab.REDACTIONS)] == [
        "Kari Nordmann", "Hansen, Ola", "Per"]


def test_topic_entries_keep_the_comment_block_and_are_read_by_the_cluster_stage(labels_dir):
    store = LabelStore(labels_dir)
    store.add_topic_entry("rename", {"match": "seg-1", "label": "Doble «fradraget»: nå"},
                          by="Kari")
    store.add_topic_entry("move", {"segments": ["seg-2"], "to": None}, by="Ola")
    store.add_topic_entry("split_off", {"segments": ["seg-3", "seg-4"], "label": "Nytt"},
                          by="Ola")
    text = (labels_dir / lab.TOPICS).read_text(encoding="utf-8")
    assert text.startswith("# Analysts' corrections") and "# move:" in text
    data = read_topic_overrides(labels_dir / lab.TOPICS)
    assert data["rename"][0]["label"] == "Doble «fradraget»: nå"
    assert data["rename"][0]["by"] == "Kari"
    assert data["move"] == [{"segments": ["seg-2"], "to": None, "by": "Ola",
                             "at": data["move"][0]["at"]}]
    assert data["split_off"][0]["segments"] == ["seg-3", "seg-4"]
    with pytest.raises(lab.LabelsError):
        store.add_topic_entry("delete", {}, by="Ola")


def test_redactions_and_flags_are_read_by_the_prepare_stage(labels_dir):
    store = LabelStore(labels_dir)
    store.add_redaction("  Tobbe\n  Pølsemaker ", by="Kari")
    store.add_redaction("#tobbe98", by="Kari", placeholder="[E-POST]")
    store.add_redaction("tlf 9999", by="Kari", placeholder="[TELEFON]")
    for bad in (" ", "x"):
        with pytest.raises(lab.LabelsError):
            store.add_redaction(bad, by="Kari")
    with pytest.raises(lab.LabelsError):
        store.add_redaction("Kari", by="Kari", placeholder="<script>")
    assert lab.read_redactions(labels_dir / lab.REDACTIONS) == [
        ("Tobbe Pølsemaker", "[NAVN]"), ("#tobbe98", "[E-POST]"), ("tlf 9999", "[TELEFON]")]
    store.set_proposal_flag("s-000", True, by="Kari")
    store.set_proposal_flag("s-000", False, by="Ola")
    assert lab.read_proposal_flags(labels_dir / lab.PROPOSAL_FLAGS) == {"s-000": False}


@pytest.mark.parametrize("name, content", [
    (lab.TOPICS, "rename: [unclosed\n"),
    (lab.TOPICS, "rename:\n  - 1\n"),
    (lab.TOPICS, "renme: []\n"),
    (lab.OVERRIDES, "foo,bar\n1,2\n"),
    (lab.OVERRIDES, 'id,theme_id,action\n"x,ny_teknologi,add\n'),
    (lab.OVERRIDES, "id,theme_id,action\nx,ny_teknologi\n"),
    (lab.REDACTIONS, "text,placeholder\nKari,[HEMMELIG]\n"),
    (lab.PROPOSAL_FLAGS, "segment_id,is_proposal\nabc,kanskje\n"),
])
def test_a_malformed_file_is_refused_and_left_untouched(labels_dir, name, content):
    path = labels_dir / name
    path.write_text(content, encoding="utf-8")
    store = LabelStore(labels_dir)
    save = {
        lab.TOPICS: lambda: store.add_topic_entry("rename", {"match": "x", "label": "y"},
                                                  by="Kari"),
        lab.OVERRIDES: lambda: store.add_theme("x", "ny_teknologi", "add", by="Kari"),
        lab.REDACTIONS: lambda: store.add_redaction("Ola", by="Kari"),
        lab.PROPOSAL_FLAGS: lambda: store.set_proposal_flag("x", True, by="Kari"),
    }[name]
    with pytest.raises(lab.LabelsError) as err:
        save()
    assert str(path) in str(err.value)
    assert path.read_text(encoding="utf-8") == content
    with pytest.raises(lab.LabelsError):
        store.read_all()
    assert not list(labels_dir.glob(".*.tmp"))


def _write_many(args: tuple[str, str, int]) -> None:
    directory, who, n = args
    store = LabelStore(Path(directory))
    for i in range(n):
        store.add_theme(f"{who}-{i}", "ny_teknologi", "add", by=who)
        store.add_topic_entry("rename", {"match": f"{who}-{i}", "label": f"L {i}"}, by=who)
        store.add_redaction(f"Navn{who}{i}", by=who)
        store.set_proposal_flag(f"{who}-{i}", i % 2 == 0, by=who)


def test_concurrent_writers_lose_nothing(labels_dir):
    """Three threads in this process and two other processes save at the same time."""
    n = 15
    threads = [threading.Thread(target=_write_many, args=((str(labels_dir), f"t{k}", n),))
               for k in range(3)]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        result = pool.map_async(_write_many, [(str(labels_dir), f"p{k}", n) for k in range(2)])
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        result.get(timeout=300)
    expected = {f"{w}-{i}" for w in ("t0", "t1", "t2", "p0", "p1") for i in range(n)}
    frame = read_theme_overrides(labels_dir / lab.OVERRIDES)
    assert set(frame["id"]) == expected and len(frame) == len(expected)
    topics = read_topic_overrides(labels_dir / lab.TOPICS)
    assert {e["match"] for e in topics["rename"]} == expected
    assert len(topics["rename"]) == len(expected)
    assert len(lab.read_redactions(labels_dir / lab.REDACTIONS)) == len(expected)
    assert set(lab.read_proposal_flags(labels_dir / lab.PROPOSAL_FLAGS)) == expected
    assert not list(labels_dir.glob(".*.tmp"))
