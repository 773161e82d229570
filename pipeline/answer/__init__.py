"""Stage ``answer``: which booklet questions each segment answers, and the stance of the
answers to the yes/no questions.

:mod:`.stage` holds ``run`` and the pure ``answer_frames``; the other modules are its parts
(:mod:`.question_model` question classifier, :mod:`.assign` its threshold rule and direct
answers, :mod:`.stance` stance model, :mod:`.labels` labelled sets, :mod:`.models` fitting
them) and :mod:`.evaluate` (stage ``eval_answer``).
"""

from pipeline.answer.stage import answer_frames, run

__all__ = ["answer_frames", "run"]
