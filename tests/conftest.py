"""Shared test fixtures: the project root and the shared/ folder when present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` exists beside a developer's and CI's checkout, never on a user's machine."""
    if not SHARED.exists():
        pytest.skip("../shared/ finnes ikke her")
    return SHARED
