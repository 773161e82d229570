"""Stage ``prepare``: language, segments, lemmas, proposals and redaction.

:mod:`.stage` holds ``run`` and the pure ``prepare_frames``; the other modules are its
components (backend, language, segment, proposals, proposal_model, units, redact).
"""

from pipeline.prepare.stage import (
    PrepareCache,
    PreparedResult,
    leaks,
    prepare_frames,
    run,
    settings_digest,
)

__all__ = ["PrepareCache", "PreparedResult", "leaks", "prepare_frames", "run",
           "settings_digest"]
