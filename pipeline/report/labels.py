"""Norwegian words and number/date formats the report shows (one place for all of them)."""

from __future__ import annotations

import datetime as dt

SUBMITTER_LABELS: dict[str, str] = {
    "lokallag": "Lokallag",
    "fylkesparti": "Fylkesparti",
    "fagforening": "Fagforening",
    "kommunepolitiker": "Kommunepolitiker",
    "privatperson": "Privatperson",
    "annen_organisasjon": "Annen organisasjon",
    "ukjent": "Ukjent",
}
LANGUAGE_LABELS: dict[str, str] = {
    "nb": "Bokmål", "nn": "Nynorsk", "en": "Engelsk", "other": "Annet språk", "": "Ukjent",
}
STATUS_LABELS: dict[str, str] = {
    "ok": "Lest inn",
    "quarantined": "I karantene",
    "duplicate": "Duplikat (samme fil)",
    "skipped": "Hoppet over",
}
ANSWER_LABELS: dict[str, str] = {
    "ja": "Ja",
    "nei": "Nei",
    "under_arbeid": "Under arbeid",
    "uklart": "Uklart",
}
"""Answers of the seriøsitetskrav fallback (regexes), without the answer stage's table."""
STANCE_LABELS: dict[str, str] = {"ja": "Ja", "nei": "Nei", "delvis": "Delvis", "uklart": "Uklart"}
"""Stances on a yes/no question (:data:`pipeline.schema.STANCES`), in that order."""
STAGE_LABELS: dict[str, str] = {
    "ingest": "Innlesing av filer",
    "prepare": "Språkbehandling og anonymisering",
    "eval_prepare": "Kvalitetsmåling: språk, forslag og anonymisering",
    "tag": "Kobling til tema og spørsmål",
    "eval_tag": "Kvalitetsmåling: temakobling",
    "cluster": "Gruppering av forslag",
    "eval_cluster": "Kvalitetsmåling: gruppering",
    "answer": "Svar per spørsmål og standpunkt",
    "eval_answer": "Kvalitetsmåling: spørsmål og standpunkt",
}
METRIC_STAGES: tuple[str, ...] = tuple(STAGE_LABELS)

HEADLINE_METRICS: tuple[tuple[str, str, str], ...] = (
    # (stage, dotted key in that stage's metrics, what the committee reads)
    ("prepare", "leak_check.submissions_with_sender_leak",
     "Innspill der avsenderens navn eller e-post står igjen etter anonymisering"),
    ("eval_prepare", "model.pii_heldout.overall.recall",
     "Anonymisering: andel personopplysninger fjernet (eget testsett, ikke brukt i utviklingen)"),
    ("eval_prepare", "model.pii_heldout.per_type.NAVN.recall",
     "Anonymisering: andel personnavn fjernet (samme testsett)"),
    ("eval_prepare", "model.pii_heldout.overall.precision",
     "Anonymisering: andel av det som ble fjernet, som faktisk var personopplysninger"),
    ("eval_prepare", "language.combined.test.accuracy",
     "Språkgjenkjenning (bokmål, nynorsk, engelsk, annet): andel riktig"),
    ("eval_prepare", "model.proposals.test.overall.f1",
     "Gjenkjenning av forslag i setninger: F1"),
    ("eval_tag", "test.submissions.macro_f1",
     "Kobling av innspill til tema: F1 (snitt av temaene)"),
    ("eval_tag", "test.submissions.off_topic_fpr",
     "Innspill utenfor temaene som likevel ble koblet til et tema: andel"),
    ("eval_tag", "independent.submissions.macro_f1",
     "Kobling av innspill til tema, eget testsett skrevet uten kjennskap til verktøyet: "
     "F1 (snitt av temaene)"),
    ("eval_tag", "independent.submissions.off_topic_fpr",
     "Samme testsett: innspill utenfor temaene som likevel ble koblet til et tema: andel"),
    ("eval_tag", "realtext_fpr",
     "Ekte tekst utenfor temaene (aviser, blogger, Stortinget) som likevel ble koblet til et "
     "tema: andel av setningene"),
    ("eval_tag", "test.segments.question_accuracy",
     "Kobling av setninger til riktig spørsmål i heftet: andel riktig"),
    ("eval_cluster", "inbox_independent.ours.recovered_big_share",
     "Gruppering av like forslag: andel av forslagsgruppene (minst 6 svar) som ble funnet "
     "igjen i et uavhengig testsett sendt gjennom hele analysen"),
    ("eval_cluster", "inbox_independent.ours.ari",
     "Gruppering, samme testsett: samsvar med fasit (ARI, 1 er perfekt)"),
    ("eval_cluster", "inbox_independent.ours.members_without_topic_share",
     "Gruppering, samme testsett: andel av svarene i en gruppe som ikke fikk noen gruppe"),
    ("eval_cluster", "inbox_independent.umap_hdbscan_whole.recovered_big_share",
     "Til sammenligning: enkel metode (hele svar, UMAP + HDBSCAN), andel grupper funnet igjen"),
    ("eval_cluster", "inbox_dev.ours.recovered_big_share",
     "Gruppering i utviklingssettet (brukt under utviklingen): andel grupper funnet igjen"),
    ("eval_answer", "independent.questions.precision",
     "Svar per spørsmål: andel av koblingene til et spørsmål som var riktige (testsett "
     "skrevet av andre, uten kjennskap til verktøyet)"),
    ("eval_answer", "independent.questions.recall",
     "Svar per spørsmål, samme testsett: andel av svarene på et spørsmål som ble funnet"),
    ("eval_answer", "independent.stance.macro_f1",
     "Standpunkt på ja/nei-spørsmålene (ja, nei, delvis, uklart), samme testsett: F1 "
     "(snitt av de fire)"),
)
"""The quality measures the report shows, in plain Norwegian; Excel lists every metric."""
NOT_MEASURED = "ikke målt"
UNKNOWN_PLACE = "Ukjent"

MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
          "september", "oktober", "november", "desember")


def fmt_int(n: int | float) -> str:
    """``12345`` → ``12 345`` (Norwegian thousands separator, non-breaking)."""
    return f"{int(n):,}".replace(",", "\u00a0")


def fmt_pct(part: int | float, whole: int | float) -> str:
    """Share as a whole percent in Norwegian style (``42 %``); ``–`` when ``whole`` is 0."""
    if not whole:
        return "–"
    return f"{round(100 * part / whole)}\u00a0%"


def fmt_number(value: object) -> str:
    """A metric value for a table: floats with a decimal comma, lists joined."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, int):
        return fmt_int(value)
    if isinstance(value, float):
        if not value % 1:
            return fmt_int(value)
        return f"{value:.3f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, list | tuple):
        return ", ".join(fmt_number(v) for v in value)
    return str(value)


def fmt_date(day: dt.date | None) -> str:
    """``2026-01-03`` → ``3. januar 2026``."""
    if day is None:
        return "ukjent dato"
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def plural(n: int, one: str, many: str) -> str:
    return f"{fmt_int(n)} {one if n == 1 else many}"

SECTIONS: dict[str, str] = {
    "innhold": "Innhold",
    "sammendrag": "Sammendrag",
    "hovedfunn": "Hovedfunn",
    "sporsmal": "Svar per spørsmål i heftet",
    "lukkede": "Heftets ja/nei-spørsmål",
    "kampanjer": "Kampanjer og duplikater",
    "nye_tema": "Nye tema",
    "metode": "Metode og datakvalitet",
    "vedlegg": "Vedlegg: alle forslag med kilder",
}
"""Chapter titles shared by the HTML and DOCX renderers (and checked by the tests)."""

QUESTIONS_INTRO = (
    "Hvert av heftets spørsmål med svarene på det. Et innspill svarer på et spørsmål når en "
    "setning tar for seg det spørsmålet spør om – ikke bare deler et ord med det – eller står "
    "under spørsmålet i et skjema. På ja/nei-spørsmålene er hvert svar lest som ja, nei, "
    "delvis eller uklart; tallene teller innspill, ett standpunkt per innspill.")
NO_ANSWERS = "Ingen innspill svarer på dette spørsmålet."
NO_PROPOSALS = "Ingen gjentatte forslag blant svarene."

WORKBOOK_NAME = "innspill.xlsx"  # every submission, segment, answer and file
REPORT_WORKBOOK_NAME = "rapport.xlsx"  # the report's tables
SUBMISSIONS_SHEET = "Innspill"
SEGMENTS_SHEET = "Segmenter"
ANSWERS_SHEET = "Svar per spørsmål"
FILES_SHEET = "Filer"
METRICS_SHEET = "Målinger"
ALL_METRICS = f"Alle målinger står i {REPORT_WORKBOOK_NAME}, arket «{METRICS_SHEET}»."
APPENDIX_INTRO = ("Hvert forslag med innspillets ID, slik at alle funn kan spores til kilden i "
                  f"{WORKBOOK_NAME} (arket «{SUBMISSIONS_SHEET}»).")
APPENDIX_UNGROUPED = "Enkeltforslag som ikke er gruppert"
APPENDIX_MORE_UNGROUPED = (f"… og {{n}} til – alle står i {WORKBOOK_NAME}, arket "
                           f"«{SEGMENTS_SHEET}» («Forslag» er ja, «Forslagsgruppe-ID» er tom).")


def appendix_capped(cap: int) -> str:
    """The appendix's extra intro sentence when groups are cut to ``cap`` quotes.

    :param cap: ``report.appendix_quotes_per_topic`` (at least 1)
    """
    shown = ("den mest typiske formuleringen" if cap == 1
             else f"de {fmt_int(cap)} mest typiske formuleringene")
    return (f"Store forslagsgrupper viser {shown}; resten står i {WORKBOOK_NAME}, arket "
            f"«{SEGMENTS_SHEET}», som har alle.")


def appendix_more_topic(topic_id: int) -> str:
    """The line under a capped appendix group, with ``{n}`` for the count not shown.

    :param topic_id: the group's id, as in the workbook's «Forslagsgruppe-ID» column
    :returns: e.g. "… og {n} til – alle står i innspill.xlsx, arket «Segmenter»
        (forslagsgruppe 17)."
    """
    return (f"… og {{n}} til – alle står i {WORKBOOK_NAME}, arket «{SEGMENTS_SHEET}» "
            f"(forslagsgruppe {topic_id}).")
