"""Text helpers of the topics: framing removal and readable keywords."""

from __future__ import annotations

from pipeline.cluster.polarity import polarity
from pipeline.cluster.text import proposal_text, strip_framing, surface_keywords


def test_strip_framing_surface_forms_bokmal_and_nynorsk():
    assert (
        strip_framing("Vi i Skien Arbeiderparti mener at kommunen må stille krav.")
        == "Kommunen må stille krav."
    )
    assert strip_framing("Arbeiderpartiet må jobbe for at fradraget dobles") == "Fradraget dobles"
    assert strip_framing("Det er viktig at alle får heltid") == "Alle får heltid"
    assert strip_framing("Me meiner fagforeiningsfrådraget skal doblast.") == (
        "Fagforeiningsfrådraget skal doblast."
    )
    assert strip_framing("Styret i Bodø AP krever at innleie forbys") == "Innleie forbys"
    # two stacked framings
    assert strip_framing("Lokallaget ber om at partiet går inn for å øke fradraget") == (
        "Å øke fradraget"
    )


def test_strip_framing_lemma_strings():
    assert strip_framing("vi i skien arbeiderparti mene at kommune måtte stille krav") == (
        "kommune måtte stille krav"
    )
    assert strip_framing("den være viktig at alle få heltid") == "alle få heltid"
    assert strip_framing("arbeiderpartiet måtte jobbe for at fradrag doble") == "fradrag doble"


def test_strip_framing_leaves_content_alone():
    for text in (
        "Vi vet at mye av arbeidet skal automatiseres.",  # no framing verb
        "Vi mener.",  # nothing would be left
        "Fagforeningsfradraget må dobles.",
        "Partiet bør fjernes fra listen",  # "partiet" is the object here
        "Vilje til endring må til",
    ):
        assert strip_framing(text) == text


def test_proposal_text_strips_list_marker_and_framing():
    assert proposal_text("3. Vi foreslår at fradraget dobles.") == "Fradraget dobles."
    assert proposal_text("Forslag 2: Doble fradraget") == "Doble fradraget"


def test_surface_keywords_map_lemmas_to_written_forms():
    texts = [
        "Fagforeningsfradraget må dobles.",
        "Doble fagforeningsfradraget!",
        "Vi vil doble fagforeningsfradraget for alle",
        "Tillitsvalgte må involveres før KI tas i bruk.",
        "Dei tillitsvalde skal ha medverknad før KI innførast",
        "Selskaper som Wolt må ansette budene",
    ]
    keywords = [
        "fagforeningsfradrage",  # lemmatiser stem
        "doble fagforeningsfradrage",
        "tillitsvalgt",
        "ki",
        "wolt",
        "ansette bud",
        "kommune",  # not in the texts: unchanged
    ]
    assert surface_keywords(keywords, texts) == [
        "fagforeningsfradraget",
        "doble fagforeningsfradraget",
        "tillitsvalgte",  # tie with "tillitsvalde": the form closer to the lemma
        "KI",  # capitals kept where the texts write them inside sentences
        "Wolt",
        "ansette budene",
        "kommune",
    ]


def test_surface_keywords_bigram_from_shared_texts_and_dedup():
    texts = ["Øk fradraget nå.", "Fradraget må økes.", "Fradraget må økes kraftig."]
    # "øke" as written together with "fradrag": "økes" (2) beats "øk" (1)
    assert surface_keywords(["fradrag øke", "fradrag", "fradraget"], texts) == [
        "fradraget økes",
        "fradraget",
    ]
    assert surface_keywords([], texts) == []


def test_polarity_inflected_increase_verbs():
    assert polarity("Fradraget må økes") == 1
    assert polarity("Frådraget bør aukast monaleg") == 1
    assert polarity("Heve maksbeløpet") == 1
    assert polarity("Fradraget bør ikke økes") == -1
    assert polarity("Økonomien er god") == 0
