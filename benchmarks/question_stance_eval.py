"""Question assignment and stance on the yes/no questions, on the dev and independent sets.

    python benchmarks/question_stance_eval.py [--out benchmarks/question_stance_eval.md]

Same measurement as the ``eval_answer`` stage (:mod:`pipeline.answer.evaluate`), written
as a Markdown table. Dev: models fitted on the training files without the dev set.
Independent: the pipeline's models (as the ``answer`` stage fits them); the independent
sets are never used for fitting. Needs the tag stage's
``question_scores_labelled.parquet`` (``dvc repro tag``). The file's hand-written history
(the section ``## Før og etter``) is kept when the table is rewritten.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from pipeline import tables
from pipeline.answer.evaluate import evaluate
from pipeline.config import load_params

HISTORY = "## Før og etter"


def history_of(path: Path) -> str:
    """The hand-written section ``## Før og etter`` of an earlier output, or ``""``."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    start = text.find(HISTORY)
    if start < 0:
        return ""
    end = text.find("```json", start)
    return text[start:end if end >= 0 else len(text)].rstrip() + "\n"


def to_markdown(result: dict[str, Any], seconds: float, history: str = "") -> str:
    lines = ["# Spørsmål og standpunkt: målt kvalitet", "",
             "Kommando: `python benchmarks/question_stance_eval.py` "
             f"({seconds:.0f} s; spørsmålsskårene fra tag-steget).", "",
             "| sett | segmenter | spørsmål presisjon | spørsmål treff | spørsmål F1 | "
             "ikke-svar med spørsmål | terskel / margin | standpunkt n | makro-F1 | "
             "nøyaktighet | F1 ja | F1 nei | F1 delvis | F1 uklart | "
             "avgjørende setning treffer fasit |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    parts = [("utvikling (trent uten utviklingssettet)", result.get("dev")),
             ("uavhengig, alle (trent som i answer-steget)", result.get("independent"))]
    parts += [(f"uavhengig: `{name.rsplit('/', 1)[-1]}`", r)
              for name, r in result.get("independent_by_file", {}).items()]
    for label, r in parts:
        if not r:
            continue
        q, s = r["questions"], r["stance"]
        f1 = s["f1"]
        lines.append(
            f"| {label} | {r['n_segments']} | {q['precision']:.3f} | {q['recall']:.3f} | "
            f"{q['f1']:.3f} | {q['negatives_with_answer_share']:.3f} | "
            f"{r['question_threshold']} / {r['question_margin']} | {s['n']} | "
            f"{s['macro_f1']:.3f} | {s['accuracy']:.3f} | {f1['ja']:.3f} | {f1['nei']:.3f} | "
            f"{f1['delvis']:.3f} | {f1['uklart']:.3f} | {s['evidence_overlap']:.3f} |")
    lines += ["", "Spørsmål: presisjon og treff over par (segment, spørsmål); et spørsmål "
              "i det uavhengige settet som taksonomien deler i to, er funnet når en av delene "
              "er funnet. Ikke-svar med spørsmål: andelen segmenter som ikke svarer på noe "
              "spørsmål, men fikk ett. Standpunkt: gitt fasitspørsmålet "
              "(standpunktmodellen alene).", ""]
    if history:
        lines += [history]
    lines += ["```json", json.dumps(result, indent=1, ensure_ascii=False), "```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="benchmarks/question_stance_eval.md")
    parser.add_argument("--dev-only", action="store_true",
                        help="only the development set (while building)")
    args = parser.parse_args()
    params = load_params()
    start = time.perf_counter()
    scores = tables.read_table(params.paths.processed, tables.LABELLED_QUESTION_SCORES)
    result = evaluate(params, scores, independent=not args.dev_only)
    text = to_markdown(result, time.perf_counter() - start, history_of(Path(args.out)))
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
