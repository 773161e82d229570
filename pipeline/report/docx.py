"""The same report as an editable Word document (python-docx, real Heading styles)."""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Set as AbstractSet

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from pipeline.report import labels as L
from pipeline.report.context import Count, Proposal, Quote, ReportContext
from pipeline.report.output import normalise_zip

ACCENT = RGBColor(0x00, 0x72, 0xB2)
MUTED = RGBColor(0x55, 0x55, 0x55)
FIGURE_WIDTH = Cm(15.5)


def _clean(text: str) -> str:
    # XML 1.0 forbids most control characters; python-docx would raise on them.
    return "".join(ch for ch in str(text) if ch in "\t\n" or ord(ch) >= 32)


class _Doc:
    def __init__(self, ctx: ReportContext, created: dt.datetime):
        self.ctx = ctx
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin = section.bottom_margin = Cm(2.0)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Calibri")
        props = self.doc.core_properties
        props.title = ctx.front.title
        props.subject = ctx.front.subtitle
        props.author = "innspill"
        props.last_modified_by = "innspill"
        props.comments = "Anonymisert tekst. Generert av innspill-pipelinen."
        props.language = "nb-NO"
        props.created = created
        props.modified = created
        props.revision = 1
        self.doc.styles["Heading 1"].paragraph_format.page_break_before = True
        # Paragraphs are appended by hand (see add_paragraph): style name -> style id, resolved
        # once, and the body's final section properties, which every paragraph goes before.
        self._style_ids: dict[str, str | None] = {}
        self._body = self.doc.element.body
        self._sect_pr = self._body.sectPr
        # Run formatting (w:rPr) per combination, built once with python-docx (see run()).
        self._run_props: dict[tuple, object] = {}

    def add_paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        """Append a paragraph to the body; the same XML as ``Document.add_paragraph``.

        python-docx resolves a style *name* on every call (a scan over all styles) and finds
        the insertion point by scanning the whole body, which is quadratic in the number of
        paragraphs (the appendix alone has thousands). Here the style id is looked up once per
        name and the paragraph goes straight in front of the final ``w:sectPr``.

        :param text: text of a single run (none when empty), added as python-docx does
        :param style: paragraph style name (e.g. ``"Quote"``); ``None`` is the default style
        :returns: the new paragraph
        """
        p = OxmlElement("w:p")
        if style is not None:
            if style not in self._style_ids:
                self._style_ids[style] = self.doc.styles.get_style_id(
                    style, WD_STYLE_TYPE.PARAGRAPH)
            p.style = self._style_ids[style]
        if self._sect_pr is not None:
            self._sect_pr.addprevious(p)
        else:
            self._body.append(p)
        para = Paragraph(p, self.doc)
        if text:
            self.run(para, text)
        return para

    def run(self, para: Paragraph, text: str, bold: bool | None = None,
            italic: bool | None = None, size: Length | None = None,
            color: RGBColor | None = None) -> Run:
        """Append a run to ``para``; the same XML as ``add_run`` plus python-docx formatting.

        python-docx writes run text character by character and builds each formatting
        attribute with several element searches, seconds at the report's tens of thousands
        of runs. Text without tab or line break becomes one ``w:t`` directly (as python-docx
        would write it), and each combination of formatting is built once through the
        python-docx API and copied after that.

        :param para: the paragraph to append to
        :param text: the run's text (already cleaned of XML-invalid characters)
        :param bold: ``run.bold`` (``None`` leaves it unset; ``False`` writes it off)
        :param italic: ``run.italic``, as ``bold``
        :param size: ``run.font.size``
        :param color: ``run.font.color.rgb``
        :returns: the new run
        """
        if "\t" in text or "\n" in text or "\r" in text:
            run = para.add_run(text)
        else:
            run = para.add_run()
            if text:
                run._r.add_t(text)
        key = (bold, italic, size, color)
        if key == (None, None, None, None):
            return run
        props = self._run_props.get(key)
        if props is not None:
            run._r.insert(0, copy.deepcopy(props))  # w:rPr is the run's first child
            return run
        if bold is not None:
            run.bold = bold
        if italic is not None:
            run.italic = italic
        if color is not None:
            run.font.color.rgb = color
        if size is not None:
            run.font.size = size
        self._run_props[key] = copy.deepcopy(run._r.rPr)
        return run

    def toc(self) -> None:
        """A Word table-of-contents field (Word fills it in on «Oppdater felt»)."""
        para = self.add_paragraph()
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), 'TOC \\o "1-2" \\h \\z \\u')
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "Høyreklikk her og velg «Oppdater felt» for å vise innholdsfortegnelsen."
        run.append(text)
        field.append(run)
        para._p.append(field)

    # -- small building blocks
    def p(self, text: str = "", style: str | None = None, muted: bool = False, bold: bool = False):
        para = self.add_paragraph(style=style)
        if text:
            self.run(para, _clean(text), bold=bold, size=Pt(9.5) if muted else None,
                     color=MUTED if muted else None)
        return para

    def h(self, text: str, level: int):
        return self.add_paragraph(_clean(text), "Title" if level == 0 else f"Heading {level}")

    def quote(self, q: Quote) -> None:
        if q.stance:
            note = f" · standpunkt: {q.stance_label} – avgjørende setning: «{q.evidence}»"
        else:
            note = f" · tolket som: {q.note}" if q.note else ""
        para = self.add_paragraph(style="Quote")
        self.run(para, _clean(f"«{q.text}»"))
        self.run(para, _clean(f"  Innspill {q.submission_id}{note}"),
                 italic=False, size=Pt(8.5), color=MUTED)

    def table(self, headers: list[str], rows: list[list[str]],
              numeric: AbstractSet[int] = frozenset()):
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Light Grid Accent 1"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for i, h in enumerate(headers):
            cell = table.rows[0].cells[i]
            cell.text = _clean(h)
            if i in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for row in rows:
            cells = table.add_row().cells
            for i, value in enumerate(row):
                cells[i].text = _clean(value)
                if i in numeric:
                    cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.add_paragraph()
        return table

    def counts(self, items: tuple[Count, ...], head: str, of: str = "innspill") -> None:
        if not items:
            self.p("Ingen.", muted=True)
            return
        self.table([head, f"Antall {of}", "Andel"],
                   [[c.label, L.fmt_int(c.n), c.share] for c in items], numeric={1, 2})

    def figure(self, name: str) -> None:
        fig = self.ctx.figures.get(name)
        if fig is None:
            return
        self.add_paragraph().add_run().add_picture(io.BytesIO(fig.png), width=FIGURE_WIDTH)
        cap = self.p(fig.title, style="Caption")
        cap.alignment = WD_ALIGN_PARAGRAPH.LEFT

    def proposal(self, p: Proposal, level: int = 3) -> None:
        self.h(p.label, level)
        orgs = "organisasjon" if p.n_organisations == 1 else "organisasjoner"
        line = f"{L.fmt_int(p.n_submissions)} innspill fra {L.fmt_int(p.n_organisations)} {orgs}"
        if p.n_campaign_submissions:
            line += f" (herav {L.fmt_int(p.n_campaign_submissions)} fra kampanjer)"
        self.p(line + f" · {L.fmt_int(p.n_segments)} formuleringer.", bold=True)
        if p.quote:
            self.quote(p.quote)
        bits = []
        if p.submitter_types:
            bits.append("Innsendere: " + ", ".join(f"{c.label} {c.n}" for c in p.submitter_types))
        if p.fylker:
            bits.append("Fylker: " + ", ".join(f"{c.label} {c.n}" for c in p.fylker))
        if p.organisations:
            bits.append("Organisasjoner: " + ", ".join(p.organisations))
        if bits:
            self.p(". ".join(bits) + ".", muted=True)


def _question_sections(d: _Doc, ctx: ReportContext) -> None:
    """The chapter «Svar per spørsmål i heftet» (the same content as the HTML)."""
    d.h(L.SECTIONS["sporsmal"], 1)
    d.p(L.QUESTIONS_INTRO)
    for q in ctx.questions:
        d.h(f"{q.short} ({q.theme_title})", 2)
        d.p(f"«{q.text}»", muted=True)
        if not q.answered:
            d.p(L.NO_ANSWERS, muted=True)
            continue
        d.p(q.summary)
        if q.yes_no:
            d.counts(q.stances, "Standpunkt")
        d.counts(q.submitter_types, "Innsender")
        d.counts(q.fylker, "Fylke")
        d.p("Gjentatte forslag som svarer på spørsmålet", bold=True)
        if not q.proposals:
            d.p(L.NO_PROPOSALS, muted=True)
        for p in q.proposals:
            d.p(f"{p.label} – {L.fmt_int(p.n)} innspill", style="List Bullet")
        d.p("Utvalgte svar", bold=True)
        for x in q.quotes:
            d.quote(x)


def build_docx(ctx: ReportContext, created: dt.datetime) -> bytes:
    """The report as DOCX bytes (byte-identical for identical context)."""
    d = _Doc(ctx, created)
    f, S = ctx.front, L.SECTIONS
    org = d.p(f.organiser.upper(), bold=True)
    for run in org.runs:
        run.font.color.rgb = ACCENT
    d.h(f.title, 0)
    d.p(f.subtitle, style="Subtitle")
    d.p(f"Innspill mottatt {f.period}. Rapporten er generert {f.generated}.")
    d.table(["Innspill mottatt", "Talt med", "Filer", "Gjentatte forslag", "Kampanjer"],
            [[L.fmt_int(f.n_submissions), L.fmt_int(f.n_counted), L.fmt_int(f.n_files),
              L.fmt_int(f.n_topics), L.fmt_int(f.n_campaigns)]], numeric={0, 1, 2, 3, 4})
    d.p("Etter type innsender", bold=True)
    d.counts(f.by_submitter, "Innsender")
    d.p("Etter filformat", bold=True)
    d.counts(f.by_format, "Format")
    d.p(S["innhold"], bold=True)
    d.toc()

    d.h(S["sammendrag"], 1)
    for line in ctx.summary:
        d.p(line)
    d.figure("tema")

    d.h(S["hovedfunn"], 1)
    d.p("De forslagene flest innspill står bak, per tema. Tallet er antall ulike innspill som "
        "inneholder forslaget (kampanjekopier telles per avsender).")
    for hl in ctx.highlights:
        d.h(f"{hl.theme_number}. {hl.theme_title}", 2)
        if not hl.proposals:
            d.p("Ingen gjentatte forslag under dette temaet.", muted=True)
        for p in hl.proposals:
            orgs = "organisasjon" if p.n_organisations == 1 else "organisasjoner"
            para = d.p(style="List Number")
            para.add_run(_clean(p.label)).bold = True
            para.add_run(f" – {L.fmt_int(p.n_submissions)} innspill, "
                         f"{L.fmt_int(p.n_organisations)} {orgs}.")
            if p.quote:
                d.quote(p.quote)

    for t in ctx.themes:
        d.h(f"{t.number}. {t.title}", 1)
        d.p(t.description, muted=True)
        d.p(f"{L.fmt_int(t.n_submissions)} av {L.fmt_int(f.n_counted)} innspill ({t.share}) "
            "handler om dette temaet.")
        d.h("Heftets spørsmål", 2)
        d.table(["Spørsmål", "Innspill", "Andel av alle", "Setninger"],
                [[f"{q.short}: {q.text}", L.fmt_int(q.n_submissions), q.share,
                  L.fmt_int(q.n_segments)] for q in t.questions], numeric={1, 2, 3})
        d.h("Forslag", 2)
        if not t.proposals:
            d.p("Ingen gjentatte forslag under dette temaet.", muted=True)
        for p in t.proposals:
            d.proposal(p)
        d.figure(f"forslag_{t.id}")
        d.h("Hvem og hvor", 2)
        d.counts(t.submitter_types, "Innsender")
        d.counts(t.fylker, "Fylke")

    _question_sections(d, ctx)

    d.h(S["lukkede"], 1)
    for c in ctx.closed_questions:
        d.h(f"«{c.text}»", 2)
        d.p(c.intro)
        d.counts(c.tally, "Svar", "kommuner")
        d.figure(f"lukket_{c.id}")
        for k in c.kommuner:
            d.h(f"{k.kommune}{f' ({k.fylke})' if k.fylke else ''} – {k.answer_label}", 3)
            for q in k.sentences:
                d.quote(q)
    if not ctx.closed_questions:
        d.p("Taksonomien har ingen ja/nei-spørsmål.", muted=True)

    d.h(S["kampanjer"], 1)
    d.p("En kampanje er samme eller nesten samme tekst sendt av flere. Den vises én gang her, "
        f"med antall avsendere. {L.fmt_int(f.n_campaign_submissions)} innspill hører til "
        f"{L.fmt_int(f.n_campaigns)} kampanjer.")
    for i, campaign in enumerate(ctx.campaigns, start=1):
        d.h(f"Kampanje {i}: {L.fmt_int(campaign.n_senders)} avsendere", 3)
        if campaign.quote:
            d.quote(campaign.quote)
        d.p("Organisasjoner: " + (", ".join(campaign.organisations) or "ingen oppgitt") + ".",
            muted=True)
        d.p("Innspill: " + ", ".join(campaign.submission_ids), muted=True)
    d.h("Duplikater", 2)
    if ctx.duplicates:
        d.table(["Første innspill", "Kopier"],
                [[g.original_id, ", ".join(g.duplicate_ids)] for g in ctx.duplicates])
    else:
        d.p("Ingen duplikater.", muted=True)

    d.h(S["nye_tema"], 1)
    d.p(f"{L.fmt_int(ctx.n_off_theme)} innspill ({ctx.off_theme_share}) handler ikke om noen av "
        "heftets tre tema. Gjentatte forslag utenfor temaene:")
    for p in ctx.new_topics:
        d.proposal(p, level=2)
    if not ctx.new_topics:
        d.p("Ingen gjentatte forslag utenfor de tre temaene.", muted=True)

    m = ctx.method
    d.h(S["metode"], 1)
    d.p("Alle filer i innboksen er lest inn og ført i en logg. Teksten er delt i setninger, "
        "personopplysninger er fjernet, og hver setning er koblet til heftets tema og spørsmål. "
        "Like forslag fra ulike innspill er gruppert, og hver gruppe teller hvor mange innspill "
        f"og organisasjoner som står bak. Språkbehandling: {m.nlp_backend}.")
    d.h("Filer i innboksen", 2)
    d.counts(m.ledger, "Status", "filer")
    if m.file_issues:
        d.h("Filer som ikke ble lest inn", 3)
        d.table(["Fil", "Status", "Årsak"], [[x.path, x.status, x.reason] for x in m.file_issues])
    d.h("Versjoner", 2)
    if m.versions:
        d.table(["Steg", "Hva", "Verdi"], [[r.stage_label, r.name, r.value] for r in m.versions])
    else:
        d.p("Ikke målt.", muted=True)
    d.h("Kvalitetsmål", 2)
    d.p("Målt mot håndmerkede fasitsett. Presisjon: hvor stor del av det verktøyet fant som var "
        "riktig. Treffsikkerhet (recall): hvor stor del av det riktige verktøyet fant. F1: et "
        f"samlet mål av de to (1 er perfekt). {L.ALL_METRICS}",
        muted=True)
    d.table(["Steg", "Mål", "Verdi"], [[r.stage_label, r.name, r.value] for r in m.metrics],
            numeric={2})
    d.h("Forbehold", 2)
    for caveat in m.caveats:
        d.p(caveat, style="List Bullet")
    for name in ("innsendertype", "fylke_kart", "fylke"):
        d.figure(name)

    d.h(S["vedlegg"], 1)
    d.p(L.APPENDIX_INTRO + (f" {ctx.appendix_note}" if ctx.appendix_note else ""))
    for g in ctx.appendix:
        d.h(g.label + (f" ({g.theme_title})" if g.theme_title else ""), 2)
        for q in g.items:
            para = d.p(style="List Bullet")
            d.run(para, _clean(f"{q.submission_id}: "), bold=True)
            d.run(para, _clean(q.text))
        if g.more:
            d.p(g.more, muted=True)
    d.p(f"Generert {f.generated} av innspill-pipelinen fra anonymisert tekst.", muted=True)

    buf = io.BytesIO()
    d.doc.save(buf)
    return normalise_zip(buf.getvalue())
