"""Stage ``ingest``: every file under ``data/raw/`` → submissions + a ledger.

:mod:`.stage` holds ``run`` and ``ingest_inbox``; the other modules are its parts (readers,
sandbox, metadata, dedup, ledger).
"""

from pipeline.ingest.stage import (
    READERS,
    IngestResult,
    context_from_params,
    ingest_inbox,
    ingest_metrics,
    read_file,
    run,
)

__all__ = ["READERS", "IngestResult", "context_from_params", "ingest_inbox", "ingest_metrics",
           "read_file", "run"]
