"""A check of the inbox that runs before ``dvc repro`` (``make repro``).

DVC hashes ``data/raw/`` itself before any stage runs, and it follows what the ingest stage
never follows: it blocks forever on a FIFO, hangs on a link to ``/dev/zero``, hashes all of
``/etc`` behind a link to a folder, fails in English on a broken link or a link loop, and
crashes on a file name that is not UTF-8. The ingest stage handles every one of these
(they get a ledger row), but it never gets the chance. So this guard walks the inbox first
and stops with one Norwegian sentence per file that names it and says what to do.

Paths listed in ``.dvcignore`` are left alone: DVC does not look at them either.
``python -m pipeline.ingest.guard`` exits 0 when the inbox is safe for DVC, 2 otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pipeline.config import ConfigError, load_params
from pipeline.ingest.ledger import walk_inbox

FIX = "fjern den fra {raw}/ (eller legg stien i .dvcignore) og kjør igjen"


def _ignored(project: Path):
    """A predicate for paths (relative to the project) that ``.dvcignore`` excludes."""
    path = project / ".dvcignore"
    try:
        import pathspec

        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
    except (ImportError, OSError, ValueError):
        return lambda rel: False
    return spec.match_file


def _link_problem(path: Path, raw: Path) -> str:
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return "er en brutt symbolsk lenke"
    except (OSError, RuntimeError):
        return "er en symbolsk lenke i en løkke"
    if not target.is_relative_to(raw.resolve()):
        return "er en symbolsk lenke som peker ut av innboksen (DVC ville fulgt den)"
    if target.is_dir():
        return "er en symbolsk lenke til en mappe (DVC ville lest alt i den to ganger)"
    return ""


def _unencodable(name: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name)


def problems(raw: Path, project: Path = Path(".")) -> list[str]:
    """One Norwegian sentence per path under ``raw`` that would stop or hang ``dvc repro``."""
    if not raw.exists():
        return [f"Fant ikke innboksen {raw}/: opprett mappen og legg innspillene der "
                f"(eller rett paths.raw i params.yaml)."]
    if not raw.is_dir():
        return [f"{raw} er ikke en mappe: paths.raw i params.yaml må peke på innboksmappen."]
    ignored = _ignored(project)
    fix = FIX.format(raw=raw.as_posix())
    out: list[str] = []
    for entry in walk_inbox(raw):
        shown = f"{raw.as_posix()}/{entry.rel}"
        try:
            rel_to_project = os.path.relpath(entry.path, project)
        except ValueError:
            rel_to_project = str(entry.path)
        if ignored(rel_to_project):
            continue
        if entry.error:
            out.append(f"{shown}: {entry.error}; gi lesetilgang eller {fix}.")
        elif entry.special:
            out.append(f"{shown} er en spesialfil ({entry.special}) som DVC ville blitt "
                       f"hengende på: {fix}.")
        elif entry.is_symlink and (problem := _link_problem(entry.path, raw)):
            out.append(f"{shown} {problem}: {fix}.")
        elif _unencodable(entry.path.relative_to(raw).as_posix()):
            # DVC cannot encode names that are not UTF-8 (or hold control characters).
            out.append(f"{shown} har et filnavn DVC ikke kan lese (tegn som ikke er UTF-8 "
                       f"eller kontrolltegn): gi filen et nytt navn og kjør igjen.")
    return out


def dvc_running(project: Path = Path(".")) -> str:
    """A Norwegian sentence when another ``dvc repro`` holds this checkout's lock ("" if not).

    DVC refuses a second run itself, but in English; the guard says it first. The lock is
    only tested (``flock`` without waiting) and released at once.
    """
    path = project / ".dvc" / "tmp" / "lock"
    if not path.exists():
        return ""
    try:
        import fcntl

        with open(path, "a+") as fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return ("En annen dvc repro kjører allerede i denne mappen: vent til den er "
                        "ferdig (eller stopp den) og kjør igjen.")
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    except (ImportError, OSError):  # no flock here: DVC's own refusal still holds
        return ""
    return ""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        params = load_params(args[0] if args else "params.yaml")
    except ConfigError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    found = [m for m in [dvc_running()] if m] or problems(Path(params.paths.raw))
    for line in found:
        print(f"Stopp: {line}", file=sys.stderr)
    return 2 if found else 0


if __name__ == "__main__":
    sys.exit(main())
