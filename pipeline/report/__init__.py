"""Stage ``report``: the committee's HTML/DOCX report, the analysts' workbook and figures.

:mod:`.stage` holds ``run`` and ``render_report``; the other modules build the context
(:mod:`.context`, with :mod:`.questions` and :mod:`.serious`, reading only
:func:`.safe.redacted_view`) and render it.
"""

from pipeline.report.stage import generation_date, read_stage_metrics, render_report, run

__all__ = ["generation_date", "read_stage_metrics", "render_report", "run"]
