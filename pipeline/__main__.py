"""Command line: ``python -m pipeline <stage> [--params params.yaml]``.

The CLI is thin on purpose: it loads the parameters once and calls the stage's
``run(params)``. ``dvc.yaml`` calls exactly these commands.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before the heavy imports: a stage's time includes them

import argparse  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from pipeline.config import ConfigError, load_params  # noqa: E402

TIMINGS_ENV = "INNSPILL_TIMINGS"
"""If set, a file to which each stage appends ``{"stage": …, "seconds": …}`` (benchmarks)."""

# stage name -> (module, one-line description in Norwegian for --help)
STAGES: dict[str, tuple[str, str]] = {
    "ingest": ("pipeline.ingest.stage", "les alle filer i data/raw/ til én tabell med innspill"),
    "prepare": ("pipeline.prepare.stage", "språk, segmenter, lemmaer, forslag og anonymisering"),
    "tag": ("pipeline.tag.stage", "knytt segmenter og innspill til heftets tema og spørsmål"),
    "cluster": ("pipeline.cluster.stage", "grupper gjentatte forslag og tell hvem som står bak"),
    "answer": ("pipeline.answer.stage", "svar per spørsmål i heftet og standpunkt på ja/nei"),
    "report": ("pipeline.report.stage", "rapport (HTML/DOCX), Excel-ark og figurer"),
    "eval_prepare": ("pipeline.prepare.evaluate", "mål språk, forslag og anonymisering mot fasit"),
    "eval_tag": ("pipeline.tag.evaluate", "mål temakoblingen mot fasit (tunet på egen del)"),
    "eval_cluster": ("pipeline.cluster.evaluate", "mål grupperingen av forslag mot fasit"),
    "eval_answer": ("pipeline.answer.evaluate", "mål spørsmålskobling og standpunkt mot fasit"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="innspill: fra innboks til rapport for arbeidslivsutvalget.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Steg:\n" + "\n".join(f"  {n:<13} {d}" for n, (_, d) in STAGES.items()),
    )
    parser.add_argument(
        "stage", choices=sorted(STAGES), metavar="STEG", help="steget som skal kjøres"
    )
    parser.add_argument(
        "--params", default="params.yaml", help="parameterfil (standard: params.yaml)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="vis detaljerte logger")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        params = load_params(args.params)
    except ConfigError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    from pipeline.common import UserError, os_error_message

    module = importlib.import_module(STAGES[args.stage][0])
    try:
        module.run(params)
    except UserError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a read-only folder or a full disk: say what to do, no traceback
        message = os_error_message(exc)
        if message is None:
            raise
        print(f"Feil: {message}", file=sys.stderr)
        return 2
    if timings := os.environ.get(TIMINGS_ENV):
        # the benchmark's per-stage split of a `dvc repro`; never part of any output
        with open(timings, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"stage": args.stage,
                                 "seconds": round(time.perf_counter() - STARTED, 2)}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
