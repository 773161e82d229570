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
# # Forslag: emnemodellen
#
# **Formål:** se hvordan `cluster`-steget (`pipeline/cluster`) grupperer gjentatte
# forslag med BERTopic: BERTopics interaktive figurer (emnekart, stolpediagram,
# hierarki, dokumentkart), hvordan `min_cluster_size` påvirker antall forslag og andel
# uten gruppe, og hvordan du gir nytt navn til eller slår sammen forslag i
# `data/labels/topics.yaml`.
#
# **Krever:** at `make repro` er kjørt (`data/processed/segments_clustered.parquet` og
# `topics.parquet`). Modellen tilpasses på nytt her med `cluster`-stegets egne
# fabrikkfunksjoner og de samme parameterne; innbyggingene leses fra cachen
# `.cache/innspill/embeddings` som `cluster`-steget fylte. Figurene er Plotly og vises
# når notatboken kjøres i JupyterLab (`make notebook`).

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
# ## Forslagene slik `cluster`-steget fant dem
#
# `topics.parquet`: én rad per gjentatt forslag, sortert etter hvor mange innspill som
# står bak. Etikettene er allerede rettet etter `data/labels/topics.yaml`.

# %%
if topics.empty:
    print("Ingen gjentatte forslag i topics.parquet.")
else:
    display(topics[["topic_id", "label", "theme", "n_submissions", "n_organisations",
                    "n_segments", "keywords"]])

# %% [markdown]
# ## Modellen tilpasset på nytt
#
# `pipeline.explore.topic_inputs()` velger de samme enhetene som steget (forslag,
# kampanjekopier én gang) og leser innbyggingene fra cachen;
# `pipeline.explore.refit_topics()` kjører `pipeline.cluster.model.fit_topics()` med
# `params.cluster`. Samme parametre gir samme grupper som steget, men nummerert
# annerledes og før rettelsene i `topics.yaml`. Justert Rand-indeks 1,0 betyr full
# overensstemmelse med `segments_clustered.parquet`.

# %%
import warnings

from sklearn.metrics import adjusted_rand_score

from pipeline.explore import refit_topics, topic_inputs
from pipeline.embeddings import embedding_cache

# BERTopic's internal pandas warnings say nothing about our data.
warnings.filterwarnings("ignore", category=pd.errors.SettingWithCopyWarning,
                        module="bertopic")
cache = embedding_cache(params)
inputs = topic_inputs(segments, submissions, params, cache) if not segments.empty \
    else None
if inputs is None or inputs.units.empty:
    print("Ingen forslag å gruppere.")
    fit, model, n_topics = None, None, 0
else:
    fit = refit_topics(inputs, params, cache)
    model = fit.model
    n_topics = len(set(fit.topics.tolist()) - {-1})
    print(f"{len(inputs.units)} enheter ({inputs.source}), innbygginger fra cache: "
          f"{cache.hits}, nye: {cache.misses}")
    print(f"{n_topics} forslag, {fit.outlier_share_after:.0%} uten gruppe, "
          f"min_cluster_size = {fit.min_cluster_size}, UMAP: {fit.used_umap}")
    stage_topic = segments.set_index("segment_id")["topic_id"]
    stage = inputs.units["segment_id"].map(stage_topic).to_numpy()
    print(f"Samsvar med cluster-steget (justert Rand-indeks): "
          f"{adjusted_rand_score(stage, fit.topics):.2f}")

# %% [markdown]
# ## BERTopics figurer
#
# Figurene krever en tilpasset modell; emnekartet trenger minst fire forslag og
# hierarkiet minst tre. Med et lite korpus vises en merknad i stedet.

# %% [markdown]
# ### Stolpediagram: nøkkelord per forslag

# %%
if model is None or n_topics < 1:
    print("Ingen forslag å vise.")
else:
    display(model.visualize_barchart(top_n_topics=min(8, n_topics),
                                     n_words=min(8, params.cluster.top_n_words)))

# %% [markdown]
# ### Emnekart: hvor like forslagene er hverandre

# %%
if model is None or n_topics < 4:
    print(f"Emnekartet krever minst fire forslag (fant {n_topics}).")
else:
    display(model.visualize_topics())

# %% [markdown]
# ### Hierarki: hvilke forslag som ligger nær hverandre
#
# Nyttig når du vurderer å slå sammen forslag i `topics.yaml`.

# %%
if model is None or n_topics < 3:
    print(f"Hierarkiet krever minst tre forslag (fant {n_topics}).")
else:
    hierarchy = model.hierarchical_topics(inputs.docs)
    display(model.visualize_hierarchy(hierarchical_topics=hierarchy))

# %% [markdown]
# ### Dokumentkart: hvert forslag som et punkt
#
# Innbyggingene projiseres til to dimensjoner med UMAP (seedet). Hold musepekeren over
# et punkt for å se den sladdede teksten.

# %%
if model is None or len(inputs.units) < 5:
    print("Dokumentkartet krever en tilpasset modell og minst fem enheter.")
else:
    from umap import UMAP

    from pipeline.cluster.model import center

    vectors = center(inputs.embeddings) if params.cluster.center_embeddings \
        else inputs.embeddings
    reduced = UMAP(n_neighbors=min(15, len(vectors) - 1), n_components=2, min_dist=0.0,
                   metric="cosine", random_state=params.seed).fit_transform(vectors)
    display(model.visualize_documents(inputs.units["text_redacted"].tolist(),
                                      reduced_embeddings=reduced))

# %% [markdown]
# ## Effekten av `min_cluster_size`
#
# `min_cluster_size` er minste antall enheter i et forslag (`auto` skalerer med
# korpuset). Lavere verdi gir flere og smalere forslag; høyere gir færre og bredere,
# og flere forslag uten gruppe. Prøv verdier her før du endrer `params.yaml`.

# %%
from pipeline.explore import min_cluster_size_sweep

if inputs is None or len(inputs.units) < 3:
    print("For få enheter til å prøve parametre.")
else:
    sizes = [s for s in (2, 3, 4, 5, 8, 12, 20) if s <= len(inputs.units)]
    sweep = min_cluster_size_sweep(inputs, params, sizes)
    display(sweep.round(3))
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.plot(sweep["min_cluster_size"], sweep["n_topics"], marker="o", color="#c8102e")
    ax.set(xlabel="min_cluster_size", ylabel="antall forslag")
    ax2 = ax.twinx()
    ax2.plot(sweep["min_cluster_size"], sweep["outlier_share_after"], marker="s",
             color="#4a4a4a")
    ax2.set(ylabel="andel uten gruppe")
    plt.show()

# %% [markdown]
# ## Gi nytt navn, slå sammen og skill ut forslag: `data/labels/topics.yaml`
#
# Oppføringene peker aldri på BERTopics nummer (de endrer seg mellom kjøringer), men på
# innhold: en `segment_id`, et sitat fra et segment, eller forslagets etikett fra
# forrige kjøring. Slik overlever rettelsene nye kjøringer.
#
# ```yaml
# rename:            # nytt navn på et forslag
#   - match: "<segment_id, sitat eller gammel etikett>"
#     label: "Heltid som hovedregel i kommunene"
# merge:             # slå sammen to eller flere forslag
#   - topics: ["<etikett A>", "<etikett B>"]
#     label: "Felles etikett"
# split_off:         # skill ut segmenter som eget forslag
#   - segments: ["<segment_id>", "<sitat>"]
#     label: "Eget forslag"
# ```
#
# Kjør deretter `dvc repro`: `cluster`-steget og rapporten kjøres på nytt. Oppføringer
# som ikke passer lenger rapporteres som foreldet (`overrides_stale` i
# `dvc metrics show`), men stopper ikke kjøringen.

# %%
import yaml

from pipeline.cluster.overrides import read_overrides

print(yaml.safe_dump(read_overrides(params.paths.labels / "topics.yaml"),
                     allow_unicode=True, sort_keys=False))
if not topics.empty:
    first = topics.iloc[0]
    example = {"rename": [{"match": first["representative_segment_ids"][0],
                           "label": f"{first['label']} (nytt navn)"}]}
    if len(topics) >= 2:
        example["merge"] = [{"topics": topics["label"].iloc[:2].tolist(),
                             "label": "Felles etikett"}]
    print("Eksempel (skrives ikke automatisk):")
    print(yaml.safe_dump(example, allow_unicode=True, sort_keys=False))
