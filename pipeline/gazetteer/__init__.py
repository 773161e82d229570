"""Today's Norwegian municipalities and counties, matched in organisation names,
signatures and form columns (ingest), and known as places, not persons, by the redaction.

Data: ``pipeline/gazetteer/data/kommuner.csv`` (``kommunenummer,kommune,fylke,
alternative_names,former``) and ``fylker.csv`` (``fylkesnummer,fylke,alternative_names,former``).

Matching is deliberately conservative, because a wrong county is worse than none:

* whole words only, and case-sensitive in running text (``Os``, ``Nes``, ``Hole``,
  ``Vik`` are also ordinary words or parts of words);
* names that are ordinary words, or very short, only count in running text next to a
  cue (``i Hole``, ``Hole kommune``, ``Hole Arbeiderparti``);
* a name shared by several municipalities (``Herøy``, ``Våler``) is resolved by a county
  named in the same text; otherwise the municipality is returned without a county;
* a former county (``Hordaland``, ``Viken``) maps to today's county only when that is
  unambiguous.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
_WORD = r"[\wæøåÆØÅ]"
# Municipality names that are also common Norwegian words (or too short to trust alone).
COMMON_WORD_NAMES = frozenset({
    "Os", "Nes", "Hole", "Strand", "Gran", "Berg", "Lyngen", "Vinje", "Bamble", "Vik",
    "Bø", "Sel", "Lund", "Moss", "Time", "Sola", "Rana", "Hå", "Flå",
    "Leka", "Grue", "Ski", "Re", "Hol", "Ål", "Vang", "Lom", "Skjåk", "Frosta", "Lesja", "Seljord",
    "Fyresdal", "Lunner", "Bygland", "Hemnes", "Stad", "Nord", "Sande", "Aure", "Hitra",
    "Frøya", "Værøy", "Røst", "Ørland", "Indre", "Verdal", "Bremanger", "Tana", "Loppa", "Moskenes",
    "Stor-Elvdal", "Vestby", "Enebakk", "Gjesdal", "Fjord", "Smøla", "Rauma", "Modum", "Tysnes",
    "Vega", "Bindal", "Meløy", "Sund", "Askøy", "Austevoll", "Osen", "Åfjord", "Grong", "Snåsa",
    "Karasjok", "Kautokeino", "Lebesby", "Gamvik", "Berlevåg", "Båtsfjord", "Vardø", "Vadsø",
    "Hasvik", "Måsøy", "Tydal", "Holtålen", "Rennebu", "Oppdal", "Rindal", "Surnadal",
})
# City districts that local party branches are named after ("Sagene Arbeiderparti").
BYDELER = {
    "Oslo": ("Gamle Oslo", "Grünerløkka", "Sagene", "St. Hanshaugen", "Frogner", "Ullern",
             "Vestre Aker", "Nordre Aker", "Bjerke", "Grorud", "Stovner", "Alna", "Østensjø",
             "Nordstrand", "Søndre Nordstrand"),
    "Bergen": ("Arna", "Bergenhus", "Fana", "Fyllingsdalen", "Laksevåg", "Ytrebygda", "Årstad",
               "Åsane"),
    "Trondheim": ("Midtbyen", "Østbyen", "Lerkendal", "Heimdal"),
    "Stavanger": ("Hundvåg", "Tasta", "Eiganes og Våland", "Storhaug", "Hillevåg", "Hinna",
                  "Madla"),
}
CUE_BEFORE = r"(?:\bi|\bfra|\bfrå|\bfor|\bav|\bpå|\btil)\s+"
CUE_AFTER = (r"\s+(?:kommune|kommunestyre\w*|bystyre\w*|Arbeiderparti\w*|Arbeidarparti\w*|Ap\b"
             r"|AUF\b|lokallag\w*|partilag\w*|fylke\w*)")


@dataclass(frozen=True)
class Place:
    """A match: ``kommune`` may be empty when only a county was found."""

    kommune: str = ""
    fylke: str = ""


def _split_names(value: str | None) -> list[str]:
    return [n.strip() for n in re.split(r"[;|]", value or "") if n.strip()]


class Gazetteer:
    """Name → municipality/county lookup (see the module docstring for the rules)."""

    def __init__(self, kommuner: list[dict[str, str]], fylker: list[dict[str, str]]):
        self.fylke_by_name: dict[str, str] = {}
        former: dict[str, set[str]] = {}
        for row in fylker:
            fylke = row["fylke"].strip()
            for name in [fylke, *_split_names(row.get("alternative_names"))]:
                self.fylke_by_name[name] = fylke
            for name in _split_names(row.get("former")):
                former.setdefault(name, set()).add(fylke)
        for name, targets in former.items():
            if name not in self.fylke_by_name and len(targets) == 1:
                self.fylke_by_name[name] = next(iter(targets))
        self.kommuner_by_name: dict[str, list[tuple[str, str]]] = {}
        former_kommuner: dict[str, set[tuple[str, str]]] = {}
        for row in kommuner:
            kommune, fylke = row["kommune"].strip(), row["fylke"].strip()
            plain = re.sub(r"\s*\(.*\)$", "", kommune)  # "Herøy (Nordland)" -> "Herøy"
            for name in {kommune, plain, *_split_names(row.get("alternative_names"))}:
                entries = self.kommuner_by_name.setdefault(name, [])
                if (kommune, fylke) not in entries:
                    entries.append((kommune, fylke))
            for name in _split_names(row.get("former")):
                former_kommuner.setdefault(name, set()).add((kommune, fylke))
        for city, districts in BYDELER.items():
            for district in districts:
                if district not in self.kommuner_by_name and city in self.kommuner_by_name:
                    self.kommuner_by_name[district] = list(self.kommuner_by_name[city])
        # Merged municipalities ("Finnøy" → Stavanger) still name places; today's names win.
        for name, places in former_kommuner.items():
            if name not in self.kommuner_by_name:
                self.kommuner_by_name[name] = sorted(places)
        self.place_names: frozenset[str] = frozenset(self.kommuner_by_name) | frozenset(
            self.fylke_by_name)
        self._kommune_re = self._compile(self.kommuner_by_name)
        self._fylke_re = self._compile(self.fylke_by_name)
        self._lower_kommune = {k.casefold(): k for k in self.kommuner_by_name}
        self._lower_fylke = {k.casefold(): k for k in self.fylke_by_name}

    @staticmethod
    def _compile(names) -> re.Pattern[str] | None:
        if not names:
            return None
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"(?<!{_WORD})(?<!-)({alternatives})(?!{_WORD})(?!-{_WORD})")

    # ----------------------------------------------------------------- lookups
    def lookup_fylke(self, value: str) -> str:
        """A county from a form column value ("Vestland", "vestland fylke")."""
        value = re.sub(r"\s+fylke(?:skommune)?$", "", (value or "").strip(), flags=re.I)
        name = self._lower_fylke.get(value.casefold())
        return self.fylke_by_name[name] if name else ""

    def lookup_kommune(self, value: str, fylke: str = "") -> Place:
        """A municipality from a form column value ("Tromsø", "tromsø kommune", "5501 Tromsø")."""
        value = re.sub(r"^\d{4}\s+|\s+(?:kommune|herad)$", "", (value or "").strip(), flags=re.I)
        name = self._lower_kommune.get(value.casefold())
        if name:
            return self._resolve(name, fylke)
        fylke_only = self.lookup_fylke(value)
        return Place("", fylke_only or fylke)

    def _resolve(self, name: str, fylke_hint: str) -> Place:
        entries = self.kommuner_by_name[name]
        if len(entries) == 1:
            return Place(*entries[0])
        for kommune, fylke in entries:
            if fylke == fylke_hint:
                return Place(kommune, fylke)
        return Place(name, "")  # ambiguous: the name is right, the county unknown

    def find(self, text: str, strict: bool = True) -> Place:
        """The first place named in ``text``.

        ``strict`` (running text): common-word names need a cue such as "i …" or
        "… kommune". Organisation names are titles; pass ``strict=False`` for them.
        """
        if not text or self._kommune_re is None:
            return Place()
        fylker = [m.group(1) for m in self._fylke_re.finditer(text)] if self._fylke_re else []
        fylke_hint = self.fylke_by_name[fylker[0]] if fylker else ""
        for match in self._kommune_re.finditer(text):
            name = match.group(1)
            if strict and (name in COMMON_WORD_NAMES or len(name) <= 3):
                before = text[max(0, match.start() - 6):match.start()]
                after = text[match.end():match.end() + 25]
                if not (re.search(CUE_BEFORE + "$", before) or re.match(CUE_AFTER, after)):
                    continue
            place = self._resolve(name, fylke_hint)
            # "Oslo" is both; a bare county name that is also a municipality is the municipality.
            return place
        return Place("", fylke_hint)


@lru_cache(maxsize=1)
def load_gazetteer(data_dir: Path = DATA_DIR) -> Gazetteer:
    """The packaged gazetteer (empty, with a warning, if the data files are missing)."""
    def rows(name: str) -> list[dict[str, str]]:
        path = data_dir / name
        if not path.exists():
            return []
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [dict(r) for r in csv.DictReader(fh)]

    return Gazetteer(rows("kommuner.csv"), rows("fylker.csv"))
