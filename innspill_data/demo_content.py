"""The demo inbox's content, read from ``data/demo_codes.yaml`` and ``data/demo_submissions.yaml``.

Everything in those files is invented (see their headers). This module only expands the
shorthand they use, so the writers in :mod:`innspill_data.demo_inbox` (and the benchmark
inbox, which borrows sentences) get complete records:

* a text may be a campaign copy (``campaign_copy``): the campaign template filled in with the
  local party's name and date, then small local edits;
* an expected submission (one row of ``EXPECTED.json``) leaves out its defaults: ``fylke``
  follows from ``kommune``, ``off_topic`` from ``themes``, and a campaign member takes the
  campaign's ``member`` fields;
* an exact duplicate e-mail (``duplicate_of``) takes every key it does not give from the
  original.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from typing import Any

from innspill_data import read_yaml

# The keys of one expected submission, in the order EXPECTED.json writes them.
SUB_KEYS = ("submitter_type", "organisation", "kommune", "fylke", "themes", "off_topic",
            "language", "proposals", "campaign", "seriositetskrav", "via", "check_phrase",
            "pii", "note")
_SUB_INPUT_KEYS = set(SUB_KEYS) - {"off_topic"}


@dataclass(frozen=True)
class DemoContent:
    """The demo inbox: code lists and every invented file, with the shorthand expanded."""

    themes: dict[str, str]
    submitter_types: tuple[str, ...]
    proposal_tags: dict[str, str]
    kommune_fylke: dict[str, str]
    mailbox: tuple[str, str]
    public_contacts: list[str]
    form_topics: dict[str, str | None]  # theme label in a form export -> theme id
    campaign: dict[str, Any]
    emails: list[dict]
    letters: list[dict]
    web_page: dict
    json_export: dict  # records: [{"record": {...}, "expected": sub}]
    empty_file: dict
    nettskjema: dict  # headers, rows: [{"values": [...], "expected": sub | None}]
    forms: dict  # headers, widths, rows: [{"start", "minutes", "values", "expected"}]
    docs: dict  # README head and EXPECTED.json's description and conventions


def campaign_text(template: str, lag: str, dato: str, edits=()) -> str:
    """The campaign text with small, local edits (each edit must hit)."""
    text = template.format(lag=lag, dato=dato)
    for old, new in edits:
        if old not in text:
            raise ValueError(f"campaign edit for {lag} does not match: {old!r}")
        text = text.replace(old, new, 1)
    return text


def _resolve_texts(node: Any, template: str) -> Any:
    """Replace every campaign-copy mapping in ``node`` with the text it describes."""
    if isinstance(node, list):
        return [_resolve_texts(x, template) for x in node]
    if not isinstance(node, dict):
        return node
    if "campaign_copy" not in node:
        return {k: _resolve_texts(v, template) for k, v in node.items()}
    unknown = set(node) - {"before", "campaign_copy", "after"}
    spec = node["campaign_copy"]
    unknown |= set(spec) - {"lag", "dato", "edits", "drop_blank_lines", "strip"}
    if unknown:
        raise ValueError(f"unknown keys in a campaign copy: {sorted(unknown)}")
    text = campaign_text(template, spec["lag"], spec["dato"], spec.get("edits", ()))
    if spec.get("drop_blank_lines"):  # a Word document has no empty paragraphs
        text = text.replace("\n\n", "\n")
    if spec.get("strip"):
        text = text.strip()
    return node.get("before", "") + text + node.get("after", "")


class _Expander:
    def __init__(self, codes: dict) -> None:
        self.codes = codes
        self.member = dict(codes["campaign"]["member"], campaign=codes["campaign"]["id"])

    def sub(self, spec: dict) -> dict:
        """One complete expected submission from its short form."""
        unknown = set(spec) - _SUB_INPUT_KEYS
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)} in {spec}")
        if spec.get("campaign") not in (None, self.member["campaign"]):
            raise ValueError(f"unknown campaign {spec['campaign']!r}")
        full = {**self.member, **spec} if spec.get("campaign") else dict(spec)
        if full["submitter_type"] not in self.codes["submitter_types"]:
            raise ValueError(f"unknown submitter_type {full['submitter_type']!r}")
        kommune = full.get("kommune")
        fylke = full.get("fylke")
        if fylke is None and kommune is not None:
            fylke = self.codes["kommune_fylke"][kommune]
        serio = full.get("seriositetskrav")
        out = {
            "submitter_type": full["submitter_type"],
            "organisation": full.get("organisation"),
            "kommune": kommune,
            "fylke": fylke,
            "themes": list(full["themes"]),
            "off_topic": not full["themes"],
            "language": full.get("language", "nb"),
            "proposals": list(full.get("proposals", ())),
            "campaign": full.get("campaign"),
            "seriositetskrav": None if serio is None else {"kommune": serio["kommune"],
                                                           "svar": serio["svar"]},
            "via": full.get("via"),
            "check_phrase": full["check_phrase"],
            "pii": list(full.get("pii", ())),
            "note": full.get("note"),
        }
        assert tuple(out) == SUB_KEYS
        return out

    def subs(self, spec: dict) -> dict:
        spec["subs"] = [self.sub(s) for s in spec.get("subs", ())]
        return spec


def _rows(section: dict, expand: _Expander) -> dict:
    """A form export: the column headers, and each row's values in column order."""
    fields = list(section["columns"])
    for row in section["rows"]:
        unknown = set(row["answer"]) - set(fields)
        if unknown:
            raise ValueError(f"{section['path']}: unknown fields {sorted(unknown)}")
        # An empty answer is left out of the data file; the export has an empty cell.
        row["values"] = [row["answer"].get(f, "") for f in fields]
        row["expected"] = expand.sub(row["expected"]) if row["expected"] else None
    return section


@cache
def load_content() -> DemoContent:
    """The demo inbox's content (read once; treat it as read-only)."""
    codes = read_yaml("demo_codes.yaml")
    data = _resolve_texts(read_yaml("demo_submissions.yaml"), codes["campaign"]["text"])
    expand = _Expander(codes)

    by_path = {"demo/" + e["path"]: e for e in data["emails"]}
    for e in data["emails"]:
        if e.get("duplicate_of"):
            for key, value in by_path[e["duplicate_of"]].items():
                e.setdefault(key, copy.deepcopy(value))
    emails = [expand.subs(e) for e in data["emails"]]
    letters = [expand.subs(lt) for lt in data["letters"]]
    for r in data["json_export"]["records"]:
        r["expected"] = expand.sub(r["expected"])

    nettskjema = _rows(data["nettskjema"], expand)
    nettskjema["headers"] = [nettskjema["id_column"], *nettskjema["columns"].values()]
    forms = _rows(data["forms"], expand)
    forms["headers"] = [*forms["generated_columns"], *forms["columns"].values()]

    return DemoContent(
        themes=codes["themes"],
        submitter_types=tuple(codes["submitter_types"]),
        proposal_tags=codes["proposal_tags"],
        kommune_fylke=codes["kommune_fylke"],
        mailbox=tuple(codes["mailbox"]),
        public_contacts=codes["public_contacts"],
        form_topics=codes["form_topics"],
        campaign=codes["campaign"],
        emails=emails,
        letters=letters,
        web_page=expand.subs(data["web_page"]),
        json_export=data["json_export"],
        empty_file=data["empty_file"],
        nettskjema=nettskjema,
        forms=forms,
        docs=read_yaml("demo_docs.yaml"),
    )
