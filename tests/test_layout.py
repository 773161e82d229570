"""The package's layout: one package per stage, shared parts on the ground floor.

A stage package (``pipeline/<stage>/``) may import the ground floor (``pipeline/*.py`` and the
shared packages such as ``pipeline.redact`` and ``pipeline.taxonomy``) and its own modules,
never another stage's package: what two stages share moves down to the ground floor.
The ground floor imports no stage either. Imports are read with :mod:`ast`, so lazy imports
inside functions count too.

The analysts' review app (``pipeline/review/``) is a tool above the stages, but it is held to
the ground floor's rule: it imports no stage at all. It reads the tables through
``pipeline.tables`` (``load_tables``, ``redacted_view``) and the correction files through
``pipeline.labels``, the formats the stages read; it previews corrections itself and leaves
applying them to the stages on the next ``dvc repro``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PIPELINE = Path(__file__).resolve().parents[1] / "pipeline"
STAGES = ("ingest", "prepare", "tag", "cluster", "answer", "report")

ALLOWED: dict[tuple[str, str], str] = {
    # The tag stage learns its decision layer from the tune split of the labelled letters,
    # prepared exactly as the prepare stage prepares an inbox (segments, redaction, lemmas):
    # a real dependency of one stage's training data on the other stage.
    ("pipeline/tag/evaluate.py", "prepare"):
        "TextPreparer runs prepare_frames on the labelled texts",
}
"""(module, imported stage) pairs that may cross, each with its reason; kept as short as
the code allows (an entry nobody needs any more fails the test)."""

GROUND_FLOOR_USERS_OF_STAGES = {"__main__.py", "explore.py"}
"""Modules above the stages: the command line dispatches to them, the notebook helpers
refit the cluster stage's model."""


def imported_modules(path: Path) -> set[str]:
    """Every ``pipeline.*`` module ``path`` imports (top level or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # ``from pipeline import tag`` imports the package ``pipeline.tag``
            if node.module == "pipeline":
                found.update(f"pipeline.{a.name}" for a in node.names)
    return {m for m in found if m == "pipeline" or m.startswith("pipeline.")}


def stage_of(module: str) -> str | None:
    """The stage a dotted ``pipeline.<stage>...`` name belongs to, or ``None``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def crossings() -> dict[tuple[str, str], list[str]]:
    """(module path, imported stage) → the imported modules, for every import that leaves
    its own stage (or reaches a stage from the ground floor)."""
    out: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PIPELINE.rglob("*.py")):
        rel = path.relative_to(PIPELINE.parent).as_posix()
        parts = path.relative_to(PIPELINE).parts
        own = parts[0] if len(parts) > 1 and parts[0] in STAGES else None
        if own is None and parts[0] in GROUND_FLOOR_USERS_OF_STAGES:
            continue
        for module in imported_modules(path):
            target = stage_of(module)
            if target is not None and target != own:
                out.setdefault((rel, target), []).append(module)
    return out


def test_stage_packages_exist():
    for stage in STAGES:
        assert (PIPELINE / stage / "__init__.py").exists(), stage
        assert (PIPELINE / stage / "stage.py").exists(), stage


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_package_has_a_thin_init(stage):
    """``__init__.py`` only re-exports from ``stage.py``: no definitions of its own."""
    tree = ast.parse((PIPELINE / stage / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        assert isinstance(node, ast.Import | ast.ImportFrom | ast.Assign | ast.Expr), (
            f"pipeline/{stage}/__init__.py defines {type(node).__name__}")


def test_no_stage_imports_another_stage():
    found = crossings()
    unexpected = {key: sorted(mods) for key, mods in found.items() if key not in ALLOWED}
    assert not unexpected, (
        "a module imports another stage's package (move the shared part to the ground "
        f"floor, pipeline/): {unexpected}")


def test_every_allowed_crossing_is_still_needed():
    stale = set(ALLOWED) - set(crossings())
    assert not stale, f"remove from ALLOWED, no longer imported: {sorted(stale)}"


def test_the_review_app_imports_no_stage():
    """No entry in ALLOWED and not above the stages in GROUND_FLOOR_USERS_OF_STAGES: the
    review app only writes label files, so a stage's code can change without it."""
    review = PIPELINE / "review"
    assert (review / "__init__.py").exists()
    assert "review" not in GROUND_FLOOR_USERS_OF_STAGES
    assert not any(path.startswith("pipeline/review/") for path, _ in ALLOWED)
    found = {path: sorted(m for m in imported_modules(path) if stage_of(m))
             for path in sorted(review.rglob("*.py"))}
    assert not any(found.values()), found


def test_the_import_reader_sees_lazy_imports(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from pipeline.tag import build_tagger\n"
                      "import pipeline.cluster.model\nfrom pipeline import report\n")
    assert imported_modules(source) == {"pipeline.tag", "pipeline.cluster.model", "pipeline",
                                        "pipeline.report"}
