"""Stage ``cluster``: group recurring proposals into topics and count who stands behind them.

:mod:`.stage` holds ``run`` and the pure ``cluster_frames``; the other modules are its
components (units, text, model, polarity, incremental, overrides).
"""

from pipeline.cluster.stage import cluster_frames, describe_topics, run

__all__ = ["cluster_frames", "describe_topics", "run"]
