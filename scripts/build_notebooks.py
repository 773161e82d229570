"""Generate the data team's notebooks in ``notebooks/`` from the cell lists below.

The cell lists are the source of truth: edit them here and run::

    .venv/bin/python scripts/build_notebooks.py          # write notebooks/*.ipynb
    .venv/bin/python scripts/build_notebooks.py --check  # exit 1 if a notebook is out of date

Output is deterministic (fixed cell ids, no outputs, no execution counts), so a rebuild
without changes gives byte-identical files. ``tests/test_notebooks.py`` checks that the
stored notebooks have no outputs, match this script and execute against the demo outputs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from textwrap import dedent

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "pygments_lexer": "ipython3"}

# Every notebook starts here: Jupyter runs a notebook in its own folder (notebooks/), the
# pipeline expects the project root (relative paths in params.yaml), and the package must be
# importable even when it is not pip-installed.
SETUP = """
# Prosjektroten er mappen med params.yaml; alle stier i params.yaml er relative til den.
import os
import sys
from pathlib import Path

ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "params.yaml").exists())
os.chdir(ROOT)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
print(f"Prosjektrot: {ROOT}")
"""

LOAD = """
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from pipeline.config import load_params
from pipeline.tables import load_tables
from pipeline.taxonomy import load_taxonomy

pd.set_option("display.max_colwidth", 160)
params = load_params()
taxonomy = load_taxonomy(params.taxonomy)
tables = load_tables(params.paths.processed, taxonomy.theme_ids)
submissions = tables.submissions
segments = tables.segments if tables.segments is not None else pd.DataFrame()
topics = tables.topics if tables.topics is not None else pd.DataFrame()
print(f"{len(submissions)} innspill, {len(segments)} segmenter, {len(topics)} gjentatte forslag")
"""


def md(text: str) -> tuple[str, str]:
    return ("markdown", dedent(text).strip())


def code(text: str) -> tuple[str, str]:
    return ("code", dedent(text).strip())


EXPLORE = [
    md("""
        # Utforsk innspillene

        **Formål:** et første blikk på innspillene slik pipelinen har lest dem: når de kom,
        i hvilket format, fra hvem og hvor, hvor lange de er, hvilket språk de er skrevet på,
        og søk i teksten.

        **Krever:** at `make repro` (eller `.venv/bin/dvc repro`) er kjørt, slik at
        `data/processed/` finnes. Tabellene leses bare gjennom
        `pipeline.tables.load_tables()`, den dokumenterte inngangen til dataene.

        **Personvern:** notatboken viser bare sladdet tekst (`text_redacted`). Kolonnene
        `text`, `text_original` og `private_*` inneholder persondata; ikke vis eller del dem.
        Lagre notatboken uten utdata (`tests/test_notebooks.py` sjekker det).
        """),
    code(SETUP),
    code(LOAD),
    md("""
        ## Filene i innboksen

        Hver fil under `data/raw/` har én rad i `ingest_ledger.csv`, med status og en
        forklaring når filen ikke ble lest (`quarantined`, `duplicate`, `skipped`).
        """),
    code("""
        ledger = tables.ledger
        display(ledger["status"].value_counts().rename("filer").to_frame())
        ledger.loc[ledger["status"] != "ok", ["path", "status", "reason"]]
        """),
    md("""
        ## Innspill over tid

        Antall innspill per uke etter mottakstidspunkt (`received_at`, norsk tid). Innspill
        uten kjent tidspunkt er utelatt.
        """),
    code("""
        received = submissions["received_at"].dropna().dt.tz_convert("Europe/Oslo")
        print(f"{submissions['received_at'].isna().sum()} innspill uten tidspunkt")
        if received.empty:
            print("Ingen innspill med kjent tidspunkt.")
        else:
            per_week = pd.Series(1, index=received).sort_index().resample("W-MON").sum()
            ax = per_week.plot(kind="bar", figsize=(10, 3), color="#c8102e")
            ax.set_xticklabels([d.strftime("%d.%m.%y") for d in per_week.index], rotation=45)
            ax.set(title="Innspill per uke", xlabel="uke som slutter", ylabel="innspill")
            plt.show()
        """),
    md("""
        ## Format, innsendertype og fylke

        Tomme verdier (ikke funnet i innspillet) vises som «(ukjent)».
        """),
    code("""
        def counts(frame: pd.DataFrame, column: str) -> pd.Series:
            values = frame[column].fillna("").replace("", "(ukjent)")
            return values.value_counts().sort_values()

        columns = [c for c in ("format", "submitter_type", "fylke") if c in submissions.columns]
        fig, axes = plt.subplots(1, len(columns), figsize=(5 * len(columns), 5), squeeze=False)
        for ax, column in zip(axes[0], columns):
            counts(submissions, column).plot(kind="barh", ax=ax, color="#4a4a4a")
            ax.set(title=column, xlabel="innspill", ylabel="")
        plt.tight_layout()
        plt.show()
        """),
    md("""
        ## Duplikater og kampanjer

        `duplicate_of` peker på første kopi av et innspill som kom flere ganger;
        `campaign_id` samler nesten like brev (se `ingest.near_duplicate_threshold`).
        """),
    code("""
        print(f"{(submissions['duplicate_of'] != '').sum()} duplikater")
        campaigns = submissions.loc[submissions["campaign_id"] != "", "campaign_id"]
        print(f"{campaigns.nunique()} kampanjer med til sammen {len(campaigns)} innspill")
        campaigns.value_counts().rename("innspill").to_frame()
        """),
    md("""
        ## Tekstlengde

        Lengden på den sladdede teksten i tegn og ord, og antall segmenter (setninger og
        punkter) per innspill.
        """),
    code("""
        lengths = pd.DataFrame({
            "tegn": submissions["text_redacted"].str.len(),
            "ord": submissions["text_redacted"].str.split().str.len(),
        })
        if not segments.empty:
            per_submission = segments.groupby("submission_id").size()
            lengths["segmenter"] = (
                submissions["submission_id"].map(per_submission).fillna(0).astype(int)
            )
        display(lengths.describe().round(1))
        ax = lengths["ord"].plot(kind="hist", bins=30, figsize=(8, 3), color="#4a4a4a")
        ax.set(title="Ord per innspill", xlabel="ord", ylabel="innspill")
        plt.show()
        """),
    md("""
        ## Språk

        Bokmål (`nb`), nynorsk (`nn`), engelsk (`en`) eller annet, per innspill og per segment.
        """),
    code("""
        languages = pd.DataFrame({
            "innspill": submissions["language"].replace("", "(ukjent)").value_counts(),
            "segmenter": (segments["language"].replace("", "(ukjent)").value_counts()
                          if not segments.empty else pd.Series(dtype=int)),
        }).fillna(0).astype(int)
        languages
        """),
    md("""
        ## Søk i sladdet tekst

        `pipeline.explore.search_redacted()` søker bare i `text_redacted` og returnerer aldri
        usladdet tekst eller `private_*`-kolonner. Søket skiller ikke mellom store og små
        bokstaver; `regex=True` tolker søket som et regulært uttrykk. Kolonnen `snippet`
        viser første treff i sammenheng, markert med «».
        """),
    code("""
        from pipeline.explore import search_redacted

        search_redacted(submissions, "heltid").head(20)
        """),
    code("""
        # I segmentene, med regulært uttrykk: ord som begynner på «bemanning».
        if segments.empty:
            print("Ingen segmenter ennå: kjør prepare-steget.")
        else:
            display(search_redacted(segments, r"\\bbemanning\\w*", regex=True).head(20))
        """),
]

THEMES = [
    md("""
        # Tema: skårer, terskler og usikre avgjørelser

        **Formål:** se hvordan tema-taggeren (`pipeline/tag`) fordeler segmentene på
        heftets tre tema: skårene (`score_*`) mot terskelen fra `params.yaml`, treffsikkerhet
        mot de håndmerkede fasitsettene, segmentene der taggeren er mest usikker, og hvordan
        du retter en feil i `data/labels/overrides.csv`.

        **Krever:** at `make repro` er kjørt (`data/processed/segments_tagged.parquet`
        eller nyere) og fasitsettene `data/labels/eval/themes_*.jsonl`. Fasitsettene
        segmenteres og bygges inn med pipelinens egne funksjoner; første kjøring uten
        innbyggings-cache (`.cache/innspill/embeddings`) tar et par minutter.
        """),
    code(SETUP),
    code(LOAD),
    md("""
        ## Terskler

        Et segment får et tema når skåren er minst like høy som temaets terskel
        (`tag.threshold`, eller `tag.thresholds` for enkelttema). Taggeren bygges med
        `pipeline.tag.build_tagger()`, akkurat som i `tag`-steget.
        """),
    code("""
        from pipeline.schema import score_column
        from pipeline.tag import build_tagger

        tagger = build_tagger(params, taxonomy)
        theme_ids = list(taxonomy.theme_ids)
        thresholds = {t: tagger.threshold_for(t) for t in theme_ids}
        pd.DataFrame({
            "tema": [taxonomy.theme(t).short_title or taxonomy.theme(t).title for t in theme_ids],
            "terskel": [thresholds[t] for t in theme_ids],
        }, index=theme_ids)
        """),
    md("""
        ## Fordeling av skårene

        Histogram over `score_<tema>` for alle segmenter; den stiplede linjen er terskelen.
        Mange segmenter tett ved linjen betyr at små endringer i vekter eller terskel
        flytter mange avgjørelser.
        """),
    code("""
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
        """),
    code("""
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
        """),
    md("""
        ## Mot fasit

        Fasitsettene i `data/labels/eval/` er håndmerket og brukes aldri av `tag`-steget.
        Vi bruker funksjonene til `eval_tag`-steget (`pipeline/tag/evaluate.py`) og
        måler taggeren slik den er satt opp i `params.yaml` på testdelen (`split == "test"`).
        `dvc metrics show` viser de samme tallene med innstilte vekter og terskler.
        """),
    code("""
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
        """),
    code("""
        print(f"Makro-F1: {result['segments']['macro_f1']:.2f} (segmenter), "
              f"{result['submissions']['macro_f1']:.2f} (innspill)")
        print(f"Falske treff utenfor tema: {result['segments']['off_topic_fpr']:.0%} (segmenter), "
              f"{result['submissions']['off_topic_fpr']:.0%} (innspill)")
        """),
    md("""
        ### Forvekslingsmatriser

        Én 2×2-tabell per tema: rader er fasit, kolonner er taggerens avgjørelse.
        """),
    code("""
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
        """),
    code("""
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
        """),
    md("""
        ## Der taggeren er mest usikker

        Segmenter med skår nær terskelen (innenfor ±0,05), nærmeste først.
        `tagged` sier om segmentet fikk temaet. Dette er de beste kandidatene for manuell
        kontroll.
        """),
    code("""
        from pipeline.explore import uncertain_segments

        near = uncertain_segments(segments, thresholds, margin=0.05) if not segments.empty \\
            else uncertain_segments(pd.DataFrame(columns=["segment_id", "text_redacted"]),
                                    thresholds)
        print(f"{len(near)} segment/tema-par nær terskelen")
        near.head(25)
        """),
    md("""
        ## Slik retter du et tema: `data/labels/overrides.csv`

        Én rad per rettelse, med kolonnene `id,theme_id,action,comment`:

        - `id`: en `segment_id` eller en `submission_id` (fra tabellene over);
        - `theme_id`: et av `organisert_arbeidsliv`, `ny_teknologi`, `offentlig_arbeidsgiver`;
        - `action`: `add` (legg til temaet) eller `remove` (fjern det);
        - `comment`: fritekst, f.eks. hvem som kontrollerte og hvorfor.

        Eksempel:

        ```
        id,theme_id,action,comment
        <segment_id>,ny_teknologi,add,handler om algoritmisk styring (KN)
        ```

        Kjør deretter `dvc repro`: `tag`-steget setter skåren til 1,0 (`add`) eller 0,0
        (`remove`), og alt som bygger på temaene (forslag, rapport) kjøres på nytt.
        Rettelser på segmenter brukes også som treningseksempler for taggerens klassifikator.
        En id som ikke finnes lenger (innboksen er endret) rapporteres i `dvc metrics show`,
        men stopper ikke kjøringen.
        """),
    code("""
        from pipeline.tag.overrides import read_overrides

        overrides_path = params.paths.labels / "overrides.csv"
        display(read_overrides(overrides_path))
        if not near.empty:
            row = near.iloc[0]
            action = "remove" if row.tagged else "add"
            print("Forslag til rad for det mest usikre segmentet (skrives ikke automatisk):")
            print(f"{row.segment_id},{row.theme_id},{action},kontrollert manuelt")
        """),
]

TOPICS = [
    md("""
        # Forslag: emnemodellen

        **Formål:** se hvordan `cluster`-steget (`pipeline/cluster`) grupperer gjentatte
        forslag med BERTopic: BERTopics interaktive figurer (emnekart, stolpediagram,
        hierarki, dokumentkart), hvordan `min_cluster_size` påvirker antall forslag og andel
        uten gruppe, og hvordan du gir nytt navn til eller slår sammen forslag i
        `data/labels/topics.yaml`.

        **Krever:** at `make repro` er kjørt (`data/processed/segments_clustered.parquet` og
        `topics.parquet`). Modellen tilpasses på nytt her med `cluster`-stegets egne
        fabrikkfunksjoner og de samme parameterne; innbyggingene leses fra cachen
        `.cache/innspill/embeddings` som `cluster`-steget fylte. Figurene er Plotly og vises
        når notatboken kjøres i JupyterLab (`make notebook`).
        """),
    code(SETUP),
    code(LOAD),
    md("""
        ## Forslagene slik `cluster`-steget fant dem

        `topics.parquet`: én rad per gjentatt forslag, sortert etter hvor mange innspill som
        står bak. Etikettene er allerede rettet etter `data/labels/topics.yaml`.
        """),
    code("""
        if topics.empty:
            print("Ingen gjentatte forslag i topics.parquet.")
        else:
            display(topics[["topic_id", "label", "theme", "n_submissions", "n_organisations",
                            "n_segments", "keywords"]])
        """),
    md("""
        ## Modellen tilpasset på nytt

        `pipeline.explore.topic_inputs()` velger de samme enhetene som steget (forslag,
        kampanjekopier én gang) og leser innbyggingene fra cachen;
        `pipeline.explore.refit_topics()` kjører `pipeline.cluster.model.fit_topics()` med
        `params.cluster`. Samme parametre gir samme grupper som steget, men nummerert
        annerledes og før rettelsene i `topics.yaml`. Justert Rand-indeks 1,0 betyr full
        overensstemmelse med `segments_clustered.parquet`.
        """),
    code("""
        import warnings

        from sklearn.metrics import adjusted_rand_score

        from pipeline.explore import refit_topics, topic_inputs
        from pipeline.embeddings import embedding_cache

        # BERTopic's internal pandas warnings say nothing about our data.
        warnings.filterwarnings("ignore", category=pd.errors.SettingWithCopyWarning,
                                module="bertopic")
        cache = embedding_cache(params)
        inputs = topic_inputs(segments, submissions, params, cache) if not segments.empty \\
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
        """),
    md("""
        ## BERTopics figurer

        Figurene krever en tilpasset modell; emnekartet trenger minst fire forslag og
        hierarkiet minst tre. Med et lite korpus vises en merknad i stedet.
        """),
    md("""
        ### Stolpediagram: nøkkelord per forslag
        """),
    code("""
        if model is None or n_topics < 1:
            print("Ingen forslag å vise.")
        else:
            display(model.visualize_barchart(top_n_topics=min(8, n_topics),
                                             n_words=min(8, params.cluster.top_n_words)))
        """),
    md("""
        ### Emnekart: hvor like forslagene er hverandre
        """),
    code("""
        if model is None or n_topics < 4:
            print(f"Emnekartet krever minst fire forslag (fant {n_topics}).")
        else:
            display(model.visualize_topics())
        """),
    md("""
        ### Hierarki: hvilke forslag som ligger nær hverandre

        Nyttig når du vurderer å slå sammen forslag i `topics.yaml`.
        """),
    code("""
        if model is None or n_topics < 3:
            print(f"Hierarkiet krever minst tre forslag (fant {n_topics}).")
        else:
            hierarchy = model.hierarchical_topics(inputs.docs)
            display(model.visualize_hierarchy(hierarchical_topics=hierarchy))
        """),
    md("""
        ### Dokumentkart: hvert forslag som et punkt

        Innbyggingene projiseres til to dimensjoner med UMAP (seedet). Hold musepekeren over
        et punkt for å se den sladdede teksten.
        """),
    code("""
        if model is None or len(inputs.units) < 5:
            print("Dokumentkartet krever en tilpasset modell og minst fem enheter.")
        else:
            from umap import UMAP

            from pipeline.cluster.model import center

            vectors = center(inputs.embeddings) if params.cluster.center_embeddings \\
                else inputs.embeddings
            reduced = UMAP(n_neighbors=min(15, len(vectors) - 1), n_components=2, min_dist=0.0,
                           metric="cosine", random_state=params.seed).fit_transform(vectors)
            display(model.visualize_documents(inputs.units["text_redacted"].tolist(),
                                              reduced_embeddings=reduced))
        """),
    md("""
        ## Effekten av `min_cluster_size`

        `min_cluster_size` er minste antall enheter i et forslag (`auto` skalerer med
        korpuset). Lavere verdi gir flere og smalere forslag; høyere gir færre og bredere,
        og flere forslag uten gruppe. Prøv verdier her før du endrer `params.yaml`.
        """),
    code("""
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
        """),
    md("""
        ## Gi nytt navn, slå sammen og skill ut forslag: `data/labels/topics.yaml`

        Oppføringene peker aldri på BERTopics nummer (de endrer seg mellom kjøringer), men på
        innhold: en `segment_id`, et sitat fra et segment, eller forslagets etikett fra
        forrige kjøring. Slik overlever rettelsene nye kjøringer.

        ```yaml
        rename:            # nytt navn på et forslag
          - match: "<segment_id, sitat eller gammel etikett>"
            label: "Heltid som hovedregel i kommunene"
        merge:             # slå sammen to eller flere forslag
          - topics: ["<etikett A>", "<etikett B>"]
            label: "Felles etikett"
        split_off:         # skill ut segmenter som eget forslag
          - segments: ["<segment_id>", "<sitat>"]
            label: "Eget forslag"
        ```

        Kjør deretter `dvc repro`: `cluster`-steget og rapporten kjøres på nytt. Oppføringer
        som ikke passer lenger rapporteres som foreldet (`overrides_stale` i
        `dvc metrics show`), men stopper ikke kjøringen.
        """),
    code("""
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
        """),
]

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "01_utforsk_innspill.ipynb": EXPLORE,
    "02_tema.ipynb": THEMES,
    "03_forslag.ipynb": TOPICS,
}


def build(name: str) -> nbformat.NotebookNode:
    """The notebook ``name`` (a key of :data:`NOTEBOOKS`), without outputs."""
    stem = name.split("_", 1)[0]
    cells = []
    for i, (kind, source) in enumerate(NOTEBOOKS[name]):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        cell = make(source)
        cell["id"] = f"nb{stem}-{i:02d}"
        cells.append(cell)
    notebook = nbformat.v4.new_notebook(
        cells=cells, metadata={"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    nbformat.validate(notebook)
    return notebook


def render(name: str) -> str:
    """The notebook ``name`` as the exact text written to disk."""
    return nbformat.writes(build(name)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that notebooks/ is up to date (exit 1 if not)")
    args = parser.parse_args(argv)
    stale = []
    for name in NOTEBOOKS:
        path = NOTEBOOK_DIR / name
        text = render(name)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            NOTEBOOK_DIR.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"skrev {path.relative_to(ROOT)}")
    if args.check and stale:
        print(f"Utdaterte notatbøker (kjør scripts/build_notebooks.py): {', '.join(stale)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
