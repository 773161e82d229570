"""Validate the municipality/county gazetteer shipped in ``pipeline/gazetteer/data``.

Checks ``kommuner.csv`` and ``fylker.csv`` against the structure in force from
1 January 2024 (15 counties, 357 municipalities):

* exact headers;
* county numbers: 2 digits, unique, the 15 expected number/name pairs;
* municipality numbers: 4 digits, unique, and the first two digits equal the number of the
  county given in the row;
* the number of municipalities per county, and 357 in all;
* names: non-empty, no stray whitespace, Unicode NFC; a municipality name is repeated only
  for the known homonyms (Herøy, Våler);
* ``alternative_names`` / ``former``: pipe-separated, no empty or repeated parts, no part
  equal to the row's own name; an alternative name must not be another municipality's
  name, alternative name or former name (that would make look-ups ambiguous); a former name
  must not be a current municipality name unless it carries a "(County)" qualifier.

Overlaps that are expected (a name shared by a municipality and a county, e.g. Oslo, or
Romsa/Tromssa for both Tromsø and Troms; a former municipality split between several new
ones, e.g. Snillfjord) are printed as notes, not errors.

Prints the count per county at the end. Exit status 0 when valid, 1 otherwise.

Usage: ``python -m innspill_data.gazetteer_check [DATA_DIR]``
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from innspill_data import ROOT

DATA = ROOT / "pipeline" / "gazetteer" / "data"

KOMMUNE_HEADER = ["kommunenummer", "kommune", "fylke", "alternative_names", "former"]
FYLKE_HEADER = ["fylkesnummer", "fylke", "alternative_names", "former"]

# fylkesnummer -> (fylke, number of kommuner) as of 2024-01-01.
EXPECTED: dict[str, tuple[str, int]] = {
    "03": ("Oslo", 1),
    "11": ("Rogaland", 23),
    "15": ("Møre og Romsdal", 27),
    "18": ("Nordland", 41),
    "31": ("Østfold", 12),
    "32": ("Akershus", 21),
    "33": ("Buskerud", 18),
    "34": ("Innlandet", 46),
    "39": ("Vestfold", 6),
    "40": ("Telemark", 17),
    "42": ("Agder", 25),
    "46": ("Vestland", 43),
    "50": ("Trøndelag", 38),
    "55": ("Troms", 21),
    "56": ("Finnmark", 18),
}
EXPECTED_TOTAL = 357
HOMONYMS = {"Herøy", "Våler"}
QUALIFIED = re.compile(r"^(?P<name>.+) \((?P<qualifier>[^()]+)\)$")


def _read(path: Path, header: list[str], errors: list[str]) -> list[dict[str, str]]:
    if not path.exists():
        errors.append(f"{path}: missing")
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        rows = list(reader)
    if not rows or rows[0] != header:
        errors.append(f"{path.name}: header {rows[0] if rows else None} != {header}")
        return []
    out = []
    for lineno, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            errors.append(f"{path.name}:{lineno}: {len(row)} fields, expected {len(header)}")
            continue
        out.append({"_line": str(lineno), **dict(zip(header, row, strict=True))})
    return out


def _check_text(where: str, value: str, errors: list[str], *, required: bool) -> None:
    if required and not value:
        errors.append(f"{where}: empty")
    if value != value.strip() or "  " in value:
        errors.append(f"{where}: stray whitespace in {value!r}")
    if unicodedata.normalize("NFC", value) != value:
        errors.append(f"{where}: not Unicode NFC: {value!r}")


def _split(where: str, value: str, own: str, errors: list[str]) -> list[str]:
    if not value:
        return []
    parts = value.split("|")
    for p in parts:
        _check_text(where, p, errors, required=True)
    if len(parts) != len(set(parts)):
        errors.append(f"{where}: repeated name in {value!r}")
    if own in parts:
        errors.append(f"{where}: lists the row's own name {own!r}")
    return parts


def check(data: Path) -> tuple[list[str], list[str], Counter]:
    errors: list[str] = []
    notes: list[str] = []

    # ---- fylker.csv ----------------------------------------------------------------------
    fylker = _read(data / "fylker.csv", FYLKE_HEADER, errors)
    fylke_nr: dict[str, str] = {}
    fylke_names: dict[str, str] = {}  # any county name/alt name -> fylke
    for r in fylker:
        where = f"fylker.csv:{r['_line']}"
        nr, name = r["fylkesnummer"], r["fylke"]
        _check_text(where, name, errors, required=True)
        if not re.fullmatch(r"\d{2}", nr):
            errors.append(f"{where}: fylkesnummer {nr!r} is not 2 digits")
        if nr in fylke_nr:
            errors.append(f"{where}: duplicate fylkesnummer {nr}")
        if name in fylke_nr.values():
            errors.append(f"{where}: duplicate fylke {name!r}")
        fylke_nr[nr] = name
        if EXPECTED.get(nr, (None,))[0] != name:
            errors.append(f"{where}: {nr} {name!r} is not one of the 2024 counties")
        for alt in [name, *_split(where, r["alternative_names"], name, errors)]:
            fylke_names[alt] = name
        _split(where, r["former"], name, errors)
    if set(fylke_nr) != set(EXPECTED):
        errors.append(f"fylker.csv: numbers {sorted(fylke_nr)} != {sorted(EXPECTED)}")
    nr_of_fylke = {v: k for k, v in fylke_nr.items()}

    # ---- kommuner.csv --------------------------------------------------------------------
    kommuner = _read(data / "kommuner.csv", KOMMUNE_HEADER, errors)
    seen_nr: set[str] = set()
    per_fylke: Counter = Counter()
    by_name: dict[str, list[str]] = defaultdict(list)  # primary name -> numbers
    alt_owner: dict[str, list[str]] = defaultdict(list)  # alternative name -> numbers
    former_owner: dict[str, list[str]] = defaultdict(list)
    for r in kommuner:
        where = f"kommuner.csv:{r['_line']}"
        nr, name, fylke = r["kommunenummer"], r["kommune"], r["fylke"]
        _check_text(where, name, errors, required=True)
        if not re.fullmatch(r"\d{4}", nr):
            errors.append(f"{where}: kommunenummer {nr!r} is not 4 digits")
        if nr in seen_nr:
            errors.append(f"{where}: duplicate kommunenummer {nr}")
        seen_nr.add(nr)
        if fylke not in nr_of_fylke:
            errors.append(f"{where}: unknown fylke {fylke!r}")
        elif nr[:2] != nr_of_fylke[fylke]:
            errors.append(f"{where}: {nr} {name} has prefix {nr[:2]}, but {fylke} is "
                          f"{nr_of_fylke[fylke]}")
        per_fylke[fylke] += 1
        by_name[name].append(nr)
        for alt in _split(where, r["alternative_names"], name, errors):
            alt_owner[alt].append(nr)
        for old in _split(where, r["former"], name, errors):
            former_owner[old].append(nr)

    for name, nrs in sorted(by_name.items()):
        if len(nrs) > 1 and name not in HOMONYMS:
            errors.append(f"kommune name {name!r} used by {nrs}")
        elif len(nrs) > 1:
            notes.append(f"homonym {name!r}: {', '.join(nrs)} (qualified forms in "
                         f"alternative_names)")
    for alt, nrs in sorted(alt_owner.items()):
        if len(nrs) > 1:
            errors.append(f"alternative name {alt!r} given to several kommuner: {nrs}")
        if alt in by_name and by_name[alt] != nrs:
            errors.append(f"alternative name {alt!r} of {nrs} is the name of {by_name[alt]}")
        if alt in former_owner and former_owner[alt] != nrs:
            errors.append(f"alternative name {alt!r} of {nrs} is a former name of "
                          f"{former_owner[alt]}")
    for old, nrs in sorted(former_owner.items()):
        if old in by_name and not QUALIFIED.match(old):
            errors.append(f"former name {old!r} of {nrs} is a current kommune; qualify it, "
                          f"e.g. '{old} (County)'")
        if len(nrs) > 1:
            notes.append(f"former kommune {old!r} was split between {', '.join(nrs)}")
    for name in sorted(set(by_name) | set(alt_owner)):
        if name in fylke_names:
            notes.append(f"{name!r} names both a kommune and the fylke {fylke_names[name]}")

    for nr, (fylke, want) in EXPECTED.items():
        if per_fylke[fylke] != want:
            errors.append(f"{fylke} ({nr}) has {per_fylke[fylke]} kommuner, expected {want}")
    total = sum(per_fylke.values())
    if total != EXPECTED_TOTAL:
        errors.append(f"{total} kommuner in all, expected {EXPECTED_TOTAL}")
    return errors, notes, per_fylke


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else DATA
    errors, notes, per_fylke = check(data)
    for n in notes:
        print(f"note: {n}")
    print()
    print(f"{'nr':<4}{'fylke':<18}{'kommuner':>9}")
    for nr, (fylke, _want) in EXPECTED.items():
        print(f"{nr:<4}{fylke:<18}{per_fylke[fylke]:>9}")
    print(f"{'':<4}{'total':<18}{sum(per_fylke.values()):>9}")
    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print(f"  {e}", file=sys.stderr)
        return 1
    print("\ngazetteer OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
