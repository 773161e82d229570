"""innspill: from a consultation inbox to a committee report.

The package is a DVC pipeline of five stages, one package each (``pipeline/<stage>/stage.py``):
``ingest`` → ``prepare`` → ``tag`` → ``cluster`` → ``report``.
Run a stage with ``python -m pipeline <stage>``; run them all with ``dvc repro``.
"""

__version__ = "0.1.0"
