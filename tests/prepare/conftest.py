"""Fixtures shared by the prepare tests."""

from __future__ import annotations

import pytest

from pipeline.redact import Redactor
from pipeline.spacy_backend import load_backend
from tests.prepare.redact_helpers import KEEP


@pytest.fixture(scope="module")
def redactors() -> list[Redactor]:
    """One redactor per backend (model and blank fallback), both keeping ``KEEP``."""
    return [
        Redactor(load_backend("nb_core_news_sm").nlp, keep_names=KEEP),
        Redactor(load_backend("blank").nlp, keep_names=KEEP),
    ]
