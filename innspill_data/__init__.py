"""Generators for the project's invented data: demo and benchmark inboxes, gold label files
and the notebooks.

Each module (but the loader ``demo_content``) is a small program, run as
``python -m innspill_data.<module>``; the content it writes (invented submissions, gold markup)
lives as YAML next to the code in ``data/``, so the modules hold only logic. Everything they
write is deterministic: a rerun without changes gives byte-identical files.

The generators write into the project they belong to (``ROOT``), so they are meant to run from
a checkout with the editable install of ``make setup``, never from an installed wheel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent  # the project root
CONTENT = Path(__file__).resolve().parent / "data"


def read_yaml(name: str) -> Any:
    """A data file of this package (``data/<name>``)."""
    return yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))
