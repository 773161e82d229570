"""Stage ``tag``: map every segment and submission to the booklet's themes and questions.

:mod:`.stage` holds ``run``, ``build_tagger`` and the pure ``tag_frames``; the other modules
are its components (lexicon, zero-shot, tagger, learned decision layer, overrides).
"""

from pipeline.tag.stage import ThemeTagger, build_tagger, run, tag_frames

__all__ = ["ThemeTagger", "build_tagger", "run", "tag_frames"]
