"""Generate the data team's notebooks ``notebooks/*.ipynb`` from their jupytext sources.

Each notebook's source of truth is ``notebooks/<name>.py`` in jupytext's "percent" format
(``# %%`` starts a code cell, ``# %% [markdown]`` a Markdown cell). Edit the ``.py`` (in an
editor, or in JupyterLab with "Open With > Jupytext Notebook") and run::

    .venv/bin/python -m innspill_data.notebooks          # write notebooks/*.ipynb (make notebooks)
    .venv/bin/python -m innspill_data.notebooks --check  # exit 1 if a notebook is out of date

Output is deterministic (fixed cell ids, no outputs, no execution counts), so a rebuild
without changes gives byte-identical files. ``tests/test_notebooks.py`` checks that the
stored notebooks have no outputs, match their sources and execute against the demo outputs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat

from innspill_data import ROOT

NOTEBOOK_DIR = ROOT / "notebooks"
# jupytext keeps the kernel in the source's header but never language_info; Jupyter writes
# this much of it, so the stored notebooks do not change when someone saves one in JupyterLab.
LANGUAGE_INFO = {"name": "python", "pygments_lexer": "ipython3"}


def sources() -> list[Path]:
    """The notebooks' jupytext sources, ``notebooks/*.py``."""
    return sorted(NOTEBOOK_DIR.glob("*.py"))


def build(source: Path) -> nbformat.NotebookNode:
    """The notebook of the jupytext source ``source``, without outputs."""
    text = jupytext.read(source, fmt="py:percent")
    stem = source.stem.split("_", 1)[0]
    cells = []
    for i, parsed in enumerate(text.cells):
        if parsed.cell_type not in ("markdown", "code"):
            raise ValueError(f"{source.name}: cell {i} is a {parsed.cell_type} cell")
        make = (nbformat.v4.new_markdown_cell if parsed.cell_type == "markdown"
                else nbformat.v4.new_code_cell)
        cell = make(parsed.source)
        cell["id"] = f"nb{stem}-{i:02d}"  # stable ids: a rebuild gives the same bytes
        cells.append(cell)
    notebook = nbformat.v4.new_notebook(
        cells=cells,
        metadata={"kernelspec": text.metadata["kernelspec"], "language_info": LANGUAGE_INFO})
    nbformat.validate(notebook)
    return notebook


def render(source: Path) -> str:
    """The notebook of ``source`` as the exact text written to disk."""
    return nbformat.writes(build(source)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that notebooks/*.ipynb are up to date (exit 1 if not)")
    args = parser.parse_args(argv)
    stale = []
    for source in sources():
        path = source.with_suffix(".ipynb")
        text = render(source)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
            print(f"skrev {path.relative_to(ROOT)}")
    if args.check and stale:
        print("Utdaterte notatbøker (kjør python -m innspill_data.notebooks): "
              f"{', '.join(stale)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
