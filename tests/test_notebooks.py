"""The data team's notebooks (``notebooks/*.ipynb``) are stored clean and keep running.

- stored without outputs or execution counts (the enforcement; nbstripout in
  ``.pre-commit-config.yaml`` only makes it convenient);
- identical in content to their jupytext sources ``notebooks/*.py`` (the source of truth;
  ``python -m innspill_data.notebooks`` generates the ``.ipynb``);
- read data only through ``pipeline.tables.load_tables()`` and never show personal data;
- executed end to end with nbclient (slow) against the demo outputs, in a temporary copy of
  the project so nothing in the working tree changes.
"""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest

from innspill_data import notebooks as build

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
EXPECTED = ("01_utforsk_innspill.ipynb", "02_tema.ipynb", "03_forslag.ipynb")
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 900  # seconds; the theme notebook embeds the labelled sets on a cold cache


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def _ids(paths) -> list[str]:
    return [p.name for p in paths]


def test_all_notebooks_are_present():
    assert set(EXPECTED) <= {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebooks_have_no_outputs(path):
    notebook = _read(path)
    nbformat.validate(notebook)
    dirty = [
        i for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, (
        f"{path.name}: cellene {dirty} har utdata eller kjøringsnummer. Tøm dem før commit "
        f"(`nbstripout {path.relative_to(ROOT)}` eller `make notebooks`)."
    )
    assert "widgets" not in notebook.metadata, f"{path.name}: widget-tilstand er lagret"


def test_every_notebook_has_its_jupytext_source():
    assert {p.with_suffix(".ipynb").name for p in build.sources()} == {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("source", build.sources(), ids=_ids(build.sources()))
def test_notebooks_match_their_source(source):
    """Cell types and sources equal the ``.py`` source's (metadata may differ after a save)."""
    stored = [(c.cell_type, c.source) for c in _read(source.with_suffix(".ipynb")).cells]
    generated = [(c.cell_type, c.source) for c in build.build(source).cells]
    assert stored == generated, (
        f"{source.with_suffix('.ipynb').name} avviker fra {source.name}: endre kilden og kjør "
        "`make notebooks` (`.venv/bin/python -m innspill_data.notebooks`)."
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_first_cell_says_what_and_what_it_needs(path):
    first = _read(path).cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# ")
    assert "**Formål:**" in first.source
    assert "**Krever:**" in first.source and "make repro" in first.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebooks_use_the_documented_loader_and_no_personal_data(path):
    code = "\n".join(c.source for c in _read(path).cells if c.cell_type == "code")
    assert "load_tables(" in code
    for forbidden in ("read_parquet", "read_table(", "private_", "text_original",
                      '["text"]', "'text'"):
        assert forbidden not in code, f"{path.name} bruker {forbidden!r}"


# ------------------------------------------------------------------ execution (slow)
@pytest.mark.slow
@pytest.mark.parametrize("name", EXPECTED)
def test_notebooks_execute(demo_project, name):
    """Run the notebook top to bottom, from ``notebooks/`` as JupyterLab does."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    path = demo_project / "notebooks" / name
    notebook = nbformat.read(path, as_version=4)
    # The kernel is this interpreter's ipykernel (the venv), never a system-wide "python3".
    specs = KernelSpecManager(kernel_dirs=[])
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    client = NotebookClient(notebook, km=manager, kernel_name="python3", timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    try:
        client.execute()
    finally:
        nbformat.write(notebook, path.with_suffix(".executed.ipynb"))  # for debugging
    print(f"{name}: {time.perf_counter() - started:.0f} s")
    errors = [o for c in notebook.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
