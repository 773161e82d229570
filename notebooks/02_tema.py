# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Tema: skårer, terskler og usikre avgjørelser
#
# **Formål:** se hvordan tema-taggeren (`pipeline/tag`) fordeler segmentene på
# heftets tre tema: skårene (`score_*`) mot terskelen fra `params.yaml`, treffsikkerhet
# mot de håndmerkede fasitsettene, segmentene der taggeren er mest usikker, og hvordan
# du retter en feil i `data/labels/overrides.csv`.
#
# **Krever:** at `make repro` er kjørt (`data/processed/segments_tagged.parquet`
# eller nyere) og fasitsettene `data/labels/eval/themes_*.jsonl`. Fasitsettene
# segmenteres og bygges inn med pipelinens egne funksjoner; første kjøring uten
# innbyggings-cache (`.cache/innspill/embeddings`) tar et par minutter.

# %%
# open_project() finner prosjektroten (mappen med params.yaml), går dit, så stiene i
# params.yaml gjelder, og leser tabellene gjennom `pipeline.tables.load_tables()`.
# Pakken `pipeline` er installert i prosjektets miljø (`make setup`).
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from pipeline.explore import open_project

pd.set_option("display.max_colwidth", 160)
project = open_project()
params, taxonomy, tables = project.params, project.taxonomy, project.tables
submissions, segments, topics = project.submissions, project.segments, project.topics
print(project.summary())

# %% [markdown]
# ## Terskler
#
# Et segment får et tema når skåren er minst like høy som temaets terskel
# (`tag.threshold`, eller `tag.thresholds` for enkelttema). Taggeren bygges med
# `pipeline.tag.build_tagger()`, akkurat som i `tag`-steget.

# %%
from pipeline.schema import score_column
from pipeline.tag import build_tagger

tagger = build_tagger(params, taxonomy)
theme_ids = list(taxonomy.theme_ids)
thresholds = {t: tagger.threshold_for(t) for t in theme_ids}
pd.DataFrame({
    "tema": [taxonomy.theme(t).short_title or taxonomy.theme(t).title for t in theme_ids],
    "terskel": [thresholds[t] for t in theme_ids],
}, index=theme_ids)

# %% [markdown]
# ## Fordeling av skårene
#
# Histogram over `score_<tema>` for alle segmenter; den stiplede linjen er terskelen.
# Mange segmenter tett ved linjen betyr at små endringer i vekter eller terskel
# flytter mange avgjørelser.

# %%
if segments.empty:
    print("Ingen segmenter ennå: kjør prepare- og tag-steget.")
else:
    fig, axes = plt.subplots(1, len(theme_ids), figsize=(5 * len(theme_ids), 3),
                             sharey=True, squeeze=False)
    for ax, theme_id in zip(axes[0], theme_ids):
        segments[score_column(theme_id)].dropna().plot(
            kind="hist", bins=40, range=(0, 1), ax=ax, color="#4a4a4a")
        ax.axvline(thresholds[theme_id], color="#c8102e", linestyle="--")
        ax.set(title=taxonomy.theme(theme_id).short_title or theme_id, xlabel="skår")
    plt.tight_layout()
    plt.show()


# %%
# Hvor mange segmenter og innspill som fikk hvert tema (et segment kan få flere).
def per_theme(frame: pd.DataFrame) -> pd.Series:
    if frame.empty:
        return pd.Series(0, index=theme_ids)
    return pd.Series({t: int(frame["themes"].map(lambda ts, t=t: t in ts).sum())
                      for t in theme_ids})

if not segments.empty:
    print(f"{(segments['themes'].map(len) == 0).mean():.0%} av segmentene har ikke tema")
print(f"{(submissions['themes'].map(len) == 0).mean():.0%} av innspillene har ikke tema")
pd.DataFrame({"segmenter": per_theme(segments), "innspill": per_theme(submissions)})

# %% [markdown]
# ## Mot fasit
#
# Fasitsettene i `data/labels/eval/` er håndmerket og brukes aldri av `tag`-steget.
# Vi bruker funksjonene til `eval_tag`-steget (`pipeline/tag/evaluate.py`) og
# måler taggeren slik den er satt opp i `params.yaml` på testdelen (`split == "test"`).
# `dvc metrics show` viser de samme tallene med innstilte vekter og terskler.

# %%
from pipeline.tag.evaluate import TextPreparer, evaluate, load_eval_data, predict_split

preparer = TextPreparer(params.prepare.model, params.prepare.min_segment_chars,
                        params.prepare.max_segment_chars, params.prepare.batch_size)
eval_data = load_eval_data(params.paths.labels / "eval", tagger, preparer, params)
test = eval_data.split("test")
result = evaluate(tagger, test)
pd.DataFrame({
    (level, measure): {t: result[level]["per_theme"][t][measure] for t in theme_ids}
    for level in ("segments", "submissions")
    for measure in ("precision", "recall", "f1", "support")
}).round(2)

# %%
print(f"Makro-F1: {result['segments']['macro_f1']:.2f} (segmenter), "
      f"{result['submissions']['macro_f1']:.2f} (innspill)")
print(f"Falske treff utenfor tema: {result['segments']['off_topic_fpr']:.0%} (segmenter), "
      f"{result['submissions']['off_topic_fpr']:.0%} (innspill)")

# %% [markdown]
# ### Forvekslingsmatriser
#
# Én 2×2-tabell per tema: rader er fasit, kolonner er taggerens avgjørelse.

# %%
from sklearn.metrics import multilabel_confusion_matrix

prediction = predict_split(tagger, test)


def confusion(gold, pred) -> pd.DataFrame:
    matrices = multilabel_confusion_matrix(gold, pred, labels=range(len(theme_ids)))
    frames = {
        t: pd.DataFrame(m, index=["fasit: nei", "fasit: ja"],
                        columns=["tagget: nei", "tagget: ja"])
        for t, m in zip(theme_ids, matrices)
    }
    return pd.concat(frames, axis=1)


print("Segmenter")
display(confusion(test.segment_gold, prediction["segment_pred"]))
print("Innspill")
display(confusion(test.submission_gold, prediction["submission_pred"]))

# %%
# Feilene på segmentnivå: falske positive (FP) og falske negative (FN) per tema.
errors = []
for j, theme_id in enumerate(theme_ids):
    gold = test.segment_gold[:, j] == 1
    pred = prediction["segment_pred"][:, j] == 1
    for kind, mask in (("FP", pred & ~gold), ("FN", gold & ~pred)):
        for i in mask.nonzero()[0]:
            errors.append({"tema": theme_id, "feil": kind,
                           "skår": round(float(prediction["segment_scores"][i, j]), 3),
                           "terskel": thresholds[theme_id],
                           "tekst": test.segments["text_redacted"].iloc[i]})
errors = pd.DataFrame(errors, columns=["tema", "feil", "skår", "terskel", "tekst"])
print(f"{len(errors)} feil på {len(test.segments)} segmenter")
errors.head(20)

# %% [markdown]
# ## Der taggeren er mest usikker
#
# Segmenter med skår nær terskelen (innenfor ±0,05), nærmeste først.
# `tagged` sier om segmentet fikk temaet. Dette er de beste kandidatene for manuell
# kontroll.

# %%
from pipeline.explore import uncertain_segments

near = uncertain_segments(segments, thresholds, margin=0.05) if not segments.empty \
    else uncertain_segments(pd.DataFrame(columns=["segment_id", "text_redacted"]),
                            thresholds)
print(f"{len(near)} segment/tema-par nær terskelen")
near.head(25)

# %% [markdown]
# ## Slik retter du et tema: `data/labels/overrides.csv`
#
# Én rad per rettelse, med kolonnene `id,theme_id,action,comment`:
#
# - `id`: en `segment_id` eller en `submission_id` (fra tabellene over);
# - `theme_id`: et av `organisert_arbeidsliv`, `ny_teknologi`, `offentlig_arbeidsgiver`;
# - `action`: `add` (legg til temaet) eller `remove` (fjern det);
# - `comment`: fritekst, f.eks. hvem som kontrollerte og hvorfor.
#
# Eksempel:
#
# ```
# id,theme_id,action,comment
# <segment_id>,ny_teknologi,add,handler om algoritmisk styring (KN)
# ```
#
# Kjør deretter `dvc repro`: `tag`-steget setter skåren til 1,0 (`add`) eller 0,0
# (`remove`), og alt som bygger på temaene (forslag, rapport) kjøres på nytt.
# Rettelser på segmenter brukes også som treningseksempler for taggerens klassifikator.
# En id som ikke finnes lenger (innboksen er endret) rapporteres i `dvc metrics show`,
# men stopper ikke kjøringen.

# %%
from pipeline.tag.overrides import read_overrides

overrides_path = params.paths.labels / "overrides.csv"
display(read_overrides(overrides_path))
if not near.empty:
    row = near.iloc[0]
    action = "remove" if row.tagged else "add"
    print("Forslag til rad for det mest usikre segmentet (skrives ikke automatisk):")
    print(f"{row.segment_id},{row.theme_id},{action},kontrollert manuelt")
