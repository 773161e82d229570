"""Constants shared by the redaction tests (a module, not conftest: tests import them)."""

from __future__ import annotations

KEEP = ["Arild Grande", "Lars Raaum", "Ståle Grøtte", "arbeid@arbeiderpartiet.no"]
"""Names and an address that are never redacted (public contacts, as in params.yaml)."""
