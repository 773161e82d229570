# Two commands set everything up: `make repro` and `make test`.
# Every install step lives here so a fresh clone (and CI) needs nothing else.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# PyTorch is pinned so pip takes the CPU build where one is on disk; override on other machines.
TORCH_SPEC ?= torch==2.13.0
SPACY_MODEL_VERSION ?= 3.8.0
SPACY_MODEL_URL ?= https://github.com/explosion/spacy-models/releases/download/nb_core_news_sm-$(SPACY_MODEL_VERSION)/nb_core_news_sm-$(SPACY_MODEL_VERSION)-py3-none-any.whl
SHARED_WHEEL := $(firstword $(wildcard ../shared/wheels/nb_core_news_sm-*.whl))
STAMP := $(VENV)/.installed

.PHONY: setup repro test lint notebook notebooks demo clean-venv

setup: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml Makefile scripts/install_spacy_model.sh
	$(BIN)/pip install --quiet "$(TORCH_SPEC)"
	$(BIN)/pip install --quiet -e ".[dev]"
	SHARED_WHEEL="$(SHARED_WHEEL)" SPACY_MODEL_URL="$(SPACY_MODEL_URL)" PIP="$(BIN)/pip" \
		bash scripts/install_spacy_model.sh
	touch $(STAMP)

# dvc.yaml runs `python -m pipeline ...`: the venv must come first on PATH.
# The inbox guard first: DVC hashes data/raw itself and would hang on a FIFO or follow a
# symlink out of it before the ingest stage could skip them (docs/reliability.md).
repro: setup
	$(BIN)/python -m pipeline.ingest.guard
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/dvc repro

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

# The notebooks' source of truth is notebooks/*.py (jupytext); this writes the .ipynb from them.
notebooks: setup
	$(BIN)/python -m innspill_data.notebooks

# The demo inbox data/raw/demo/ from innspill_data/data/demo_*.yaml (byte-identical reruns).
demo: setup
	$(BIN)/python -m innspill_data.demo_inbox

# JUPYTER_PATH first: the venv's "python3" kernel wins over any user-wide kernel of that name.
notebook: setup
	$(BIN)/pip install --quiet -e ".[dev,notebook]"
	JUPYTER_PATH="$(abspath $(VENV))/share/jupyter" $(BIN)/jupyter lab notebooks/

clean-venv:
	rm -rf $(VENV)
