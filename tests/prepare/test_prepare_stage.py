"""The prepare stage on a small DataFrame: contract, offsets, lemmas, leak check."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import tables
from pipeline.config import Params
from pipeline.prepare import leaks, prepare_frames
from pipeline.schema import THEME_IDS, score_column
from pipeline.spacy_backend import load_backend

TEXTS = [
    "Hei!\n\nVi i Sagene Ap foreslår at kommunen innfører heltid. Kari Hansen er enig.\n\n"
    "Forslag:\n1. Forby innleie i byggebransjen\n2. Krav om tariffavtale\n\n"
    "Mvh\nOla Nordmann\nola.nordmann@eksempel.no\ntlf 912 34 567",
    "Eg meiner at tillitsvalde må vere med frå starten. Arild Grande var her.\n\n"
    "Vennleg helsing\nSigrid Vik",
    "We propose that unions get a seat on the board. Contact me at emily@example.com.",
    "",
]
SENDERS = [
    ("Ola Nordmann", "ola.nordmann@eksempel.no"),
    ("Sigrid Vik", ""),
    ("Emily Carter", "emily@example.com"),
    ("Tromsø Arbeiderparti", ""),
]


def _submissions() -> pd.DataFrame:
    rows = []
    for i, (text, (name, email)) in enumerate(zip(TEXTS, SENDERS, strict=True)):
        rows.append(
            {
                "submission_id": f"s{i}",
                "source_file": f"demo/{i}.txt",
                "source_part": "",
                "received_at": pd.Timestamp("2026-03-01", tz="UTC"),
                "submitter_type": "ukjent",
                "organisation": "",
                "fylke": "",
                "kommune": "",
                "language": "",
                "text": text,
                "text_redacted": "",
                "duplicate_of": "",
                "campaign_id": "",
                "themes": [],
                **{score_column(t): float("nan") for t in THEME_IDS},
                "private_sender_name": name,
                "private_sender_email": email,
                "format": "txt",
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module", params=["nb_core_news_sm", "this_model_does_not_exist"])
def result(request):
    backend = load_backend(request.param)
    return prepare_frames(_submissions(), backend, Params(), keep=["Arild Grande"])


def test_contract_and_metrics(result, tmp_path):
    tables.write_table(result.submissions, tmp_path, tables.SUBMISSIONS_PREPARED)
    tables.write_table(result.segments, tmp_path, tables.SEGMENTS)
    back = tables.read_table(tmp_path, tables.SEGMENTS)
    assert len(back) == len(result.segments) > 0
    m = result.metrics
    assert m["backend"]
    assert m["leak_check"]["submissions_with_sender_leak"] == 0
    assert m["leak_check"]["segments_with_sender_leak"] == 0
    assert m["redactions"]["[E-POST]"] >= 2 and m["redactions"]["[TELEFON]"] >= 1


def test_languages(result):
    assert result.submissions["language"].tolist()[:3] == ["nb", "nn", "en"]


def test_offsets_and_redaction(result):
    texts = dict(zip(result.submissions["submission_id"], TEXTS, strict=True))
    for row in result.segments.itertuples():
        source = texts[row.submission_id][row.start : row.end]
        assert source and source == source.strip()
        assert "Ola" not in row.text_redacted and "Sigrid" not in row.text_redacted
        assert not any(w in ("ola", "nordmann", "912", "sigrid") for w in row.lemmas)
    red = " ".join(result.submissions["text_redacted"])
    for secret in (
        "Ola Nordmann",
        "ola.nordmann@eksempel.no",
        "912 34 567",
        "Kari Hansen",
        "Sigrid Vik",
        "emily@example.com",
    ):
        assert secret not in red
    assert "Arild Grande" in red and "Sagene Ap" in red


def test_segments_flags(result):
    seg = result.segments
    items = seg[seg["text_redacted"].str.startswith("1. Forby")]
    assert len(items) == 1 and bool(items["is_proposal"].iloc[0])
    assert seg["is_heading"].any()
    after = seg[seg["text_redacted"].str.startswith("2. Krav")]
    assert after["heading"].iloc[0] == "Forslag:"
    assert (seg["topic_id"] == -1).all() and (seg["question_id"] == "").all()
    assert seg["is_proposal"].sum() >= 3


def test_leak_helper():
    assert leaks("hei Ola  Nordmann", "Ola Nordmann", "") == ["name"]
    assert leaks("skriv til OLA@X.NO", "", "ola@x.no") == ["email"]
    assert leaks("Tromsø Arbeiderparti mener", "Tromsø Arbeiderparti", "") == []


def test_stages_import_presidio_only_to_redact():
    """Presidio's import pulls in transformers and torch (about 9 s): the stages that only
    read cached redactions (tag, and prepare when nothing is new) must not pay it, while
    ``from pipeline.redact import Redactor`` still gives the class."""
    import subprocess
    import sys

    code = ("import sys, pipeline.prepare.stage, pipeline.tag.stage, pipeline.answer.stage, "
            "pipeline.redact\n"
            "print('presidio_analyzer' in sys.modules)\n"
            "from pipeline.redact import Redactor, build_registry\n"
            "print('presidio_analyzer' in sys.modules, Redactor.__module__,"
            " build_registry.__module__)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "False"
    assert out[1] == "True pipeline.redact.redactor pipeline.redact.engine"


def test_model_loads_without_other_packages_plugins_unless_it_needs_one(monkeypatch):
    """spaCy's plugin entry points stay unread while the model builds (Presidio's pulls in
    transformers), a model whose component only a plugin provides is loaded with them, and
    the registry is left as it was either way."""
    import spacy

    from pipeline import spacy_backend

    factories = spacy.util.registry._entry_point_factories
    seen: list[bool] = []

    def fake_load(model):
        seen.append(factories.entry_points)
        if model == "needs-plugin" and not factories.entry_points:
            raise ValueError("[E002] Can't find factory for 'transformer'")
        return model

    monkeypatch.setattr(spacy, "load", fake_load)
    assert spacy_backend._load_without_plugins("plain") == "plain"
    assert seen == [False] and factories.entry_points is True
    seen.clear()
    assert spacy_backend._load_without_plugins("needs-plugin") == "needs-plugin"
    assert seen == [False, True] and factories.entry_points is True
