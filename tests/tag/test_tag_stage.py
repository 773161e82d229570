"""Stage ``tag`` end to end on small prepared tables: files, contract, metrics, overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipeline import tables
from pipeline.config import load_params
from pipeline.schema import THEME_IDS, empty_segments, empty_submissions, score_column
from pipeline.tag import run
from pipeline.tag.learned import ThemeDecisionLayer
from pipeline.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]

SUBMISSIONS = {
    "sub-a": ["Vi vil ha flere faste stillinger og mindre innleie i byggebransjen.",
              "Kommunen må vedta seriøsitetskrav ved offentlige anbud."],
    "sub-b": ["Dei tilsette i heimetenesta må få heile stillingar og meir tillit.",
              "Med vennleg helsing styret."],
    "sub-c": ["Vi ønsker ny gang- og sykkelvei langs fylkesveien."],
}


def _prepared_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    subs = empty_submissions()
    sub_rows = []
    for sid, parts in SUBMISSIONS.items():
        text = "\n".join(parts)
        sub_rows.append({
            "submission_id": sid, "source_file": f"demo/{sid}.txt", "source_part": "",
            "received_at": pd.Timestamp("2025-01-01", tz="UTC"), "submitter_type": "lokallag",
            "organisation": "", "fylke": "", "kommune": "", "language": "nb", "text": text,
            "text_redacted": text, "duplicate_of": "", "campaign_id": "", "themes": [],
            **{score_column(t): float("nan") for t in THEME_IDS},
            "chosen_theme": "ny_teknologi" if sid == "sub-c" else "", "question_hint": "",
        })
    subs = pd.concat([subs, pd.DataFrame(sub_rows)], ignore_index=True)
    seg_rows = []
    for sid, parts in SUBMISSIONS.items():
        start = 0
        for pos, part in enumerate(parts):
            seg_rows.append({
                "segment_id": f"{sid}-{pos}", "submission_id": sid, "position": pos,
                "start": start, "end": start + len(part), "text_redacted": part,
                "language": "nb", "lemmas": part.lower().rstrip(".").split(),
                "is_proposal": True, "themes": [],
                **{score_column(t): float("nan") for t in THEME_IDS},
                "question_id": "", "topic_id": -1, "is_heading": False,
            })
            start += len(part) + 1
    segs = pd.concat([empty_segments(), pd.DataFrame(seg_rows)], ignore_index=True)
    return subs, segs


def test_tag_stage_writes_contract_tables_and_metrics(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    params = load_params(ROOT / "params.yaml")
    paths = params.paths.model_copy(update={
        "processed": tmp_path / "processed", "labels": tmp_path / "labels",
        "cache": tmp_path / "cache"})
    params = params.model_copy(update={"paths": paths})
    subs, segs = _prepared_tables()
    tables.write_table(subs, paths.processed, tables.SUBMISSIONS_PREPARED)
    tables.write_table(segs, paths.processed, tables.SEGMENTS)
    paths.labels.mkdir()
    (paths.labels / "overrides.csv").write_text(
        "id,theme_id,action,comment\nsub-b,ny_teknologi,add,test\nno-such-id,ny_teknologi,add,\n",
        encoding="utf-8")
    # one labelled question/stance set present (the others are skipped): scored for the
    # answer stage, its labels never copied
    (paths.labels / "eval").mkdir()
    (paths.labels / params.answer.eval.dev_file).write_text(
        '{"id": "d1", "text": "Kommunen har vedtatt seriøsitetskrav.", '
        '"question_ids": ["oa_seriositetskrav"], "stance": "ja", "evidence": "vedtatt"}\n',
        encoding="utf-8")

    run(params)

    inbox = tables.read_table(paths.processed, tables.QUESTION_SCORES)
    labelled = tables.read_table(paths.processed, tables.LABELLED_QUESTION_SCORES)
    n_questions = len(load_taxonomy(params.taxonomy).question_ids)
    for scores in (inbox, labelled):
        assert set(scores.columns) == {"source", "id", "question_id", "score"}
    assert set(inbox["source"]) == {""} and "" not in set(labelled["source"])
    assert len(inbox) == len(segs) * n_questions
    assert set(inbox["id"]) == set(segs["segment_id"])
    dev = labelled[labelled["source"] == params.answer.eval.dev_file]
    assert len(dev) == n_questions and set(dev["id"]) == {"d1"}
    best = dev.sort_values("score").iloc[-1]
    assert best["question_id"] == "oa_seriositetskrav"

    seg = tables.read_table(paths.processed, tables.SEGMENTS_TAGGED)
    sub = tables.read_table(paths.processed, tables.SUBMISSIONS_TAGGED).set_index("submission_id")
    assert "organisert_arbeidsliv" in sub.loc["sub-a", "themes"]
    assert "offentlig_arbeidsgiver" in sub.loc["sub-b", "themes"]
    assert "ny_teknologi" in sub.loc["sub-b", "themes"]  # override
    assert sub.loc["sub-c", "themes"] == []  # chosen theme alone is not enough
    assert seg["explanation"].str.len().gt(0).all()
    assert seg.loc[seg.segment_id == "sub-a-0", "question_id"].item() == "oa_faste_stillinger"
    metrics = json.loads((tmp_path / "data/metrics/tag.json").read_text(encoding="utf-8"))
    assert metrics["overrides_stale_ids"] == ["no-such-id"]
    assert metrics["overrides_applied"] == 1
    assert metrics["classifier_used"] is False
    first = (tmp_path / "data/metrics/tag.json").read_bytes()
    tables_before = {name: (paths.processed / name).read_bytes()
                     for name in (tables.SEGMENTS_TAGGED, tables.SUBMISSIONS_TAGGED)}
    assert list((paths.cache / "tag-models").glob("*.pkl"))
    fits: list[int] = []
    original_fit = ThemeDecisionLayer.fit

    def counting_fit(self, *args, **kwargs):
        fits.append(1)
        return original_fit(self, *args, **kwargs)

    monkeypatch.setattr(ThemeDecisionLayer, "fit", counting_fit)
    run(params)
    # the same training data: the layer is read back, not refitted, and tags the same
    assert fits == []
    assert (tmp_path / "data/metrics/tag.json").read_bytes() == first
    for name, content in tables_before.items():
        assert (paths.processed / name).read_bytes() == content, name

    # A new file in the inbox changes the inbox's scores but not a byte of the labelled
    # sets' file, so DVC does not rerun eval_answer (it reads only that file).
    labelled_file = paths.processed / tables.LABELLED_QUESTION_SCORES
    before = labelled_file.read_bytes()
    added = segs.iloc[[0]].assign(segment_id="sub-d-0", submission_id="sub-d",
                                  text_redacted="Plattformarbeidere må få rettigheter.")
    tables.write_table(pd.concat([subs, subs.iloc[[0]].assign(submission_id="sub-d")],
                                 ignore_index=True), paths.processed, tables.SUBMISSIONS_PREPARED)
    tables.write_table(pd.concat([segs, added], ignore_index=True), paths.processed,
                       tables.SEGMENTS)
    run(params)
    assert labelled_file.read_bytes() == before
    inbox = tables.read_table(paths.processed, tables.QUESTION_SCORES)
    assert "sub-d-0" in set(inbox["id"])
