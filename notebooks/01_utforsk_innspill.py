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
# # Utforsk innspillene
#
# **Formål:** et første blikk på innspillene slik pipelinen har lest dem: når de kom,
# i hvilket format, fra hvem og hvor, hvor lange de er, hvilket språk de er skrevet på,
# og søk i teksten.
#
# **Krever:** at `make repro` (eller `.venv/bin/dvc repro`) er kjørt, slik at
# `data/processed/` finnes. Tabellene leses bare gjennom
# `pipeline.tables.load_tables()`, den dokumenterte inngangen til dataene.
#
# **Personvern:** notatboken viser bare sladdet tekst (`text_redacted`). Kolonnene
# `text`, `text_original` og `private_*` inneholder persondata; ikke vis eller del dem.
# Lagre notatboken uten utdata (`tests/test_notebooks.py` sjekker det).

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
# ## Filene i innboksen
#
# Hver fil under `data/raw/` har én rad i `ingest_ledger.csv`, med status og en
# forklaring når filen ikke ble lest (`quarantined`, `duplicate`, `skipped`).

# %%
ledger = tables.ledger
display(ledger["status"].value_counts().rename("filer").to_frame())
ledger.loc[ledger["status"] != "ok", ["path", "status", "reason"]]

# %% [markdown]
# ## Innspill over tid
#
# Antall innspill per uke etter mottakstidspunkt (`received_at`, norsk tid). Innspill
# uten kjent tidspunkt er utelatt.

# %%
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


# %% [markdown]
# ## Format, innsendertype og fylke
#
# Tomme verdier (ikke funnet i innspillet) vises som «(ukjent)».

# %%
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

# %% [markdown]
# ## Duplikater og kampanjer
#
# `duplicate_of` peker på første kopi av et innspill som kom flere ganger;
# `campaign_id` samler nesten like brev (se `ingest.near_duplicate_threshold`).

# %%
print(f"{(submissions['duplicate_of'] != '').sum()} duplikater")
campaigns = submissions.loc[submissions["campaign_id"] != "", "campaign_id"]
print(f"{campaigns.nunique()} kampanjer med til sammen {len(campaigns)} innspill")
campaigns.value_counts().rename("innspill").to_frame()

# %% [markdown]
# ## Tekstlengde
#
# Lengden på den sladdede teksten i tegn og ord, og antall segmenter (setninger og
# punkter) per innspill.

# %%
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

# %% [markdown]
# ## Språk
#
# Bokmål (`nb`), nynorsk (`nn`), engelsk (`en`) eller annet, per innspill og per segment.

# %%
languages = pd.DataFrame({
    "innspill": submissions["language"].replace("", "(ukjent)").value_counts(),
    "segmenter": (segments["language"].replace("", "(ukjent)").value_counts()
                  if not segments.empty else pd.Series(dtype=int)),
}).fillna(0).astype(int)
languages

# %% [markdown]
# ## Søk i sladdet tekst
#
# `pipeline.explore.search_redacted()` søker bare i `text_redacted` og returnerer aldri
# usladdet tekst eller `private_*`-kolonner. Søket skiller ikke mellom store og små
# bokstaver; `regex=True` tolker søket som et regulært uttrykk. Kolonnen `snippet`
# viser første treff i sammenheng, markert med «».

# %%
from pipeline.explore import search_redacted

search_redacted(submissions, "heltid").head(20)

# %%
# I segmentene, med regulært uttrykk: ord som begynner på «bemanning».
if segments.empty:
    print("Ingen segmenter ennå: kjør prepare-steget.")
else:
    display(search_redacted(segments, r"\bbemanning\w*", regex=True).head(20))
