"""TextPreparer's cache: the labelled sets are prepared once, not on every tag run."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import load_params
from pipeline.tag.evaluate import TextPreparer

ROOT = Path(__file__).resolve().parents[2]

TEXTS = ["Kommunen må vedta seriøsitetskrav ved offentlige anbud.",
         "Dei tilsette i heimetenesta må få heile stillingar.",
         "Kommunen må vedta seriøsitetskrav ved offentlige anbud."]


def _preparer(params, cache_dir):
    p = params.prepare
    return TextPreparer(p.model, p.min_segment_chars, p.max_segment_chars, p.batch_size,
                        cache_dir=cache_dir)


def test_cached_lemmas_and_segments_equal_fresh_ones(tmp_path, monkeypatch):
    params = load_params(ROOT / "params.yaml")
    params = params.model_copy(update={"paths": params.paths.model_copy(
        update={"cache": tmp_path / "cache"})})
    fresh = _preparer(params, None)
    expected = fresh.lemmatize(TEXTS)
    cached = _preparer(params, tmp_path / "cache")
    assert cached.lemmatize(TEXTS) == expected
    assert (tmp_path / "cache/lemmas/lemmas.sqlite").exists()

    calls: list[int] = []
    original = cached.nlp.pipe

    def counting(texts, **kwargs):
        texts = list(texts)
        calls.append(len(texts))
        return original(texts, **kwargs)

    monkeypatch.setattr(cached.nlp, "pipe", counting)
    assert cached.lemmatize(TEXTS) == expected
    assert cached.lemmatize([*TEXTS, "Ny tekst om plattformarbeid."])[:3] == expected
    assert calls == [1]  # only the new text went through spaCy

    ids = ["a", "b"]
    letters = ["Vi vil ha faste stillinger.\nKommunen må vedta seriøsitetskrav.",
               "Med vennleg helsing styret."]
    first = cached.segment(ids, letters, params)
    again = cached.segment(ids, letters, params)
    assert first.equals(again)
    assert first.equals(fresh.segment(ids, letters, params))
    assert (tmp_path / "cache/prepare/prepare.sqlite").exists()
