"""Generators for the project's invented data: demo and benchmark inboxes, gold label files
and the notebooks.

Each module is a small program, run as ``python -m innspill_data.<module>``; the content it
writes (invented submissions, gold markup) lives as YAML next to the code in ``data/``, so the
modules hold only logic. Everything they write is deterministic: a rerun without changes gives
byte-identical files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent  # the project root (editable install)
CONTENT = Path(__file__).resolve().parent / "data"


def read_yaml(name: str) -> Any:
    """A data file of this package (``data/<name>``)."""
    return yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))
