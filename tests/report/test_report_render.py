"""The rendered report on the synthetic fixture: sections, counts, privacy, hostile text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from report_fixtures import (
    HOSTILE_FORMULA,
    LONG_WORD,
    PRIVATE_STRINGS,
    make_metrics,
    make_tables,
)

from pipeline.config import ReportParams
from pipeline.report import labels as L
from pipeline.report import render_report
from pipeline.report.context import counted_mask
from pipeline.report.safe import EXCEL_MAX_CELL_CHARS, FORMULA_PREFIXES, redacted_view
from pipeline.report.xlsx import DATA_SHEETS, REPORT_SHEETS, Sheet, workbook_key
from pipeline.taxonomy import load_taxonomy

GENERATED = dt.date(2026, 2, 1)


@pytest.fixture(scope="module")
def raw():
    return make_tables()


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy("arbeidsliv")


@pytest.fixture(scope="module")
def out(tmp_path_factory, raw, taxonomy) -> Path:
    out = tmp_path_factory.mktemp("reports")
    render_report(redacted_view(raw), taxonomy, make_metrics(), ReportParams(), out, GENERATED)
    return out


@pytest.fixture(scope="module")
def html(out) -> str:
    return (out / "rapport.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def document(out):
    return docx.Document(str(out / "rapport.docx"))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_all_files_written(out):
    for name in ("rapport.html", "rapport.docx", "rapport.xlsx", "innspill.xlsx", "metrics.json"):
        assert (out / name).stat().st_size > 0
    figures = {p.stem for p in (out / "figures").glob("*.png")}
    assert {"tema", "innsendertype", "fylke", "fylke_kart",
            "lukket_seriositetskrav_vedtatt"} <= figures
    assert {"forslag_organisert_arbeidsliv", "forslag_ny_teknologi"} <= figures
    for png in (out / "figures").glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert b"Software" not in png.read_bytes()
    assert (out / "plots" / "tema.csv").read_text(encoding="utf-8").startswith("tema,innspill\n")


def test_html_is_self_contained(html):
    assert "<script" not in html.lower()
    assert not re.search(r'(src|href)="(?!data:|#)', html), "no external resources"
    assert html.count("data:image/png;base64,") >= 6
    assert "@media print" in html and "@page" in html and "overflow-wrap:anywhere" in html
    assert 'name="viewport"' in html and 'lang="nb"' in html


def test_every_section_in_html(html, taxonomy):
    for title in L.SECTIONS.values():
        assert f">{title}<" in html, title
    for theme in taxonomy.themes:
        assert f'id="tema-{theme.number}">{theme.number}. {theme.title}<' in html
        for q in theme.questions:
            assert q.short in html
    assert "Har din kommune vedtatt seriøsitetskrav?" in html


def test_every_section_in_docx(document, taxonomy):
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith(("Heading", "Title"))]
    texts = {t for _, t in headings}
    for key, title in L.SECTIONS.items():
        if key != "innhold":
            assert title in texts, title
    for theme in taxonomy.themes:
        assert ("Heading 1", f"{theme.number}. {theme.title}") in headings
    assert document.tables, "DOCX has real tables"
    assert len(document.inline_shapes) >= 6, "DOCX has the figures"
    assert document.core_properties.title == ReportParams().title


def test_front_page_counts_match_tables(html, raw):
    subs = raw.submissions
    text = _text(html)
    assert f"{len(subs)} innspill mottatt" in text
    assert f"{int(counted_mask(subs).sum())} innspill talt med" in text
    assert f"{len(raw.ledger)} filer i innboksen" in text
    assert f"{len(raw.topics)} gjentatte forslag" in text
    assert "3. januar 2026 – 12. januar 2026" in text
    assert "generert 1. februar 2026" in text


def test_theme_and_proposal_counts_match_tables(html, raw, taxonomy):
    subs = raw.submissions[counted_mask(raw.submissions)]
    text = _text(html)
    for theme in taxonomy.themes:
        n = int(subs["themes"].map(lambda ts, t=theme.id: t in ts).sum())
        assert f"{n} av {len(subs)} innspill" in text, theme.id
    segs = raw.segments
    for topic in raw.topics.itertuples():
        ids = set(segs.loc[segs["topic_id"] == topic.topic_id, "submission_id"]) \
            & set(subs["submission_id"])
        orgs = {o for o in subs.set_index("submission_id").loc[sorted(ids), "organisation"] if o}
        block = html.split(f'id="forslag-{topic.topic_id}"', 1)[1].split("</div>", 1)[0]
        assert f'<span class="count">{len(ids)}</span> innspill fra {len(orgs)} ' in block


def test_closed_question_tally(html):
    section = _text(html.split('id="lukkede"', 1)[1].split('id="kampanjer"', 1)[0])
    for label, n in (("Ja", 2), ("Nei", 1), ("Under arbeid", 1), ("Uklart", 0)):
        assert re.search(rf"{label} {n} ", section), label
    assert "Bergen" in section and "Asker" in section and "Trondheim" in section
    assert "Kristiansand" in section, "an answer tagged to the booklet question counts too"
    assert "har vedtatt seriøsitetskrav etter Skiensmodellen" in section


def test_campaign_shown_once_with_senders(html):
    section = _text(html.split('id="kampanjer"', 1)[1].split('id="nye-tema"', 1)[0])
    assert section.count("Kampanje 1:") == 1 and "3 avsendere" in section
    assert "Fagforbundet Oslo, Fagforbundet Viken" in section


def test_new_themes_and_missing_metrics(html):
    section = _text(html.split('id="nye-tema"', 1)[1].split('id="metode"', 1)[0])
    assert "Bedre og billigere kollektivtransport" in section
    method = _text(html.split('id="metode"', 1)[1].split('id="vedlegg"', 1)[0])
    assert "ikke målt" in method  # eval_cluster is empty in the fixture
    assert "demo/stor.pdf" in method and "for stor" in method
    assert "nb_core_news_sm" in method


def test_appendix_traces_every_topic_segment(html, raw):
    appendix = html.split('id="vedlegg"', 1)[1]
    for seg in raw.segments[raw.segments["topic_id"] >= 0].itertuples():
        assert seg.submission_id in appendix


def _all_output_bytes(out: Path):
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        yield str(path), data
        if data[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for name in z.namelist():
                    yield f"{path}!{name}", z.read(name)


def test_no_private_data_anywhere_in_output(out):
    for where, data in _all_output_bytes(out):
        for secret in PRIVATE_STRINGS:
            assert secret.encode("utf-8") not in data, f"{secret!r} leaked into {where}"


def test_hostile_text_is_literal_in_html(html):
    assert "<script" not in html and "<img src=x" not in html and "<b>html</b>" not in html
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "**Fet** [lenke](javascript:alert(1))" in html
    assert "a" * 2000 not in html, "the long word is capped"
    assert 'href="javascript' not in html


def test_xlsx_sheets_headers_and_neutralised_cells(out):
    data = openpyxl.load_workbook(out / "innspill.xlsx")
    tables = openpyxl.load_workbook(out / "rapport.xlsx")
    assert data.sheetnames == list(DATA_SHEETS)
    assert tables.sheetnames == list(REPORT_SHEETS)
    worksheets = data.worksheets + tables.worksheets
    heads = {ws.title: [c.value for c in ws[1]] for ws in worksheets}
    assert heads["Innspill"][0] == "Innspill-ID" and "Tekst (anonymisert)" in heads["Innspill"]
    assert "Forslagsgruppe" in heads["Segmenter"] and "Forslag" in heads["Segmenter"]
    assert heads["Forslag"][:2] == ["Forslagsgruppe-ID", "Forslag"]
    seen_formula_text = False
    for ws in worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref, ws.title
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_PREFIXES), (ws.title, cell.value[:20])
                    assert len(cell.value) <= EXCEL_MAX_CELL_CHARS
                    seen_formula_text |= cell.value.startswith("'" + HOSTILE_FORMULA)
    assert seen_formula_text, "the hostile formula is kept as visible text"
    for name in ("innspill.xlsx", "rapport.xlsx"):
        with zipfile.ZipFile(out / name) as z:
            for member in z.namelist():
                if member.startswith("xl/worksheets/"):
                    assert b"<f>" not in z.read(member)


def test_xlsx_has_no_unredacted_text(out, raw):
    cells = set()
    for name in ("innspill.xlsx", "rapport.xlsx"):
        book = openpyxl.load_workbook(out / name, read_only=True)
        cells |= {str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                  for c in row if c is not None}
    assert not (set(raw.submissions["text"]) & cells)
    assert LONG_WORD not in cells


def test_metrics_json_merges_stages_and_report(out):
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    for stage in L.METRIC_STAGES:
        assert stage in metrics
    assert metrics["prepare"]["backend"] == "nb_core_news_sm"
    assert metrics["eval_cluster"] == {}
    report = metrics["report"]
    assert report["n_submissions"] == 10 and report["n_counted_submissions"] == 9
    assert report["closed_questions"]["seriositetskrav_vedtatt"] == {
        "ja": 2, "nei": 1, "under_arbeid": 1, "uklart": 0}
    assert report["missing_metrics"] == ["eval_cluster"]


def test_capped_appendix_points_to_the_workbook(tmp_path, raw, taxonomy):
    """With a cap, HTML and DOCX say how many formulations are left out and where they are;
    the workbook still has every segment (issue 9)."""
    render_report(redacted_view(raw), taxonomy, make_metrics(),
                  ReportParams(appendix_quotes_per_topic=1), tmp_path, GENERATED)
    more = "… og 3 formuleringer til – alle står i innspill.xlsx, arket «Segmenter» " \
           "(forslagsgruppe 0)."
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    appendix = html.split('id="vedlegg"', 1)[1]
    assert more in appendix and "den mest typiske formuleringen" in appendix
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "rapport.docx")).paragraphs]
    assert more in paragraphs
    book = openpyxl.load_workbook(tmp_path / "innspill.xlsx", read_only=True)
    seg_ids = [row[0] for row in book["Segmenter"].iter_rows(min_row=2, values_only=True)]
    assert sorted(seg_ids) == sorted(raw.segments["segment_id"])


def test_xlsx_members_have_fixed_timestamps(out):
    """xlsxwriter's in-memory mode stamps members itself (write_workbook does not re-zip)."""
    for name in ("innspill.xlsx", "rapport.xlsx"):
        with zipfile.ZipFile(out / name) as z:
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    with zipfile.ZipFile(out / "rapport.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_data_workbook_is_kept_until_its_content_changes(tmp_path, raw, taxonomy,
                                                             monkeypatch):
    """innspill.xlsx comes from the cache after a report parameter change (it does not
    depend on one), byte-identical to a fresh one; a changed segment writes it again and
    only the newest is kept (issue 20: the report at scale)."""
    from pipeline.report import stage

    written: list[list[str]] = []
    real_write = stage.write_workbook

    def counting_write(sheets, properties):
        written.append([s.name for s in sheets])
        return real_write(sheets, properties)

    monkeypatch.setattr(stage, "write_workbook", counting_write)
    cache = tmp_path / "cache"
    view = redacted_view(raw)
    first, second, fresh = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    render_report(view, taxonomy, make_metrics(), ReportParams(), first, GENERATED,
                  cache_dir=cache)
    assert written == [list(REPORT_SHEETS), list(DATA_SHEETS)]
    [kept] = cache.glob("innspill-*.xlsx")

    written.clear()
    render_report(view, taxonomy, make_metrics(), ReportParams(max_quote_chars=120), second,
                  GENERATED, cache_dir=cache)
    assert written == [list(REPORT_SHEETS)], "the data workbook came from the cache"
    render_report(view, taxonomy, make_metrics(), ReportParams(max_quote_chars=120), fresh,
                  GENERATED)
    assert (second / "innspill.xlsx").read_bytes() == (fresh / "innspill.xlsx").read_bytes()
    assert (first / "innspill.xlsx").read_bytes() == (second / "innspill.xlsx").read_bytes()
    assert (first / "rapport.xlsx").read_bytes() != (second / "rapport.xlsx").read_bytes()

    written.clear()
    segments = view.segments.copy()
    segments.loc[segments.index[0], "text_redacted"] = "En helt ny setning om arbeidstid."
    changed = dataclasses.replace(view, segments=segments)
    render_report(changed, taxonomy, make_metrics(), ReportParams(), first, GENERATED,
                  cache_dir=cache)
    assert written == [list(REPORT_SHEETS), list(DATA_SHEETS)]
    assert list(cache.glob("innspill-*.xlsx")) != [kept]
    assert len(list(cache.glob("innspill-*"))) == 1, "only the newest workbook is kept"
    book = openpyxl.load_workbook(first / "innspill.xlsx", read_only=True)
    texts = [row[3] for row in book[L.SEGMENTS_SHEET].iter_rows(min_row=2, values_only=True)]
    assert "En helt ny setning om arbeidstid." in texts


def test_workbook_key_follows_every_cell():
    """The key hashes the cells as they are written: 1, 1.0 and True differ, so do the
    properties; equal content gives equal keys."""
    def book(value, title="a"):
        return [Sheet("Ark", ("A", "B"), (["x", "y"], [value, None]))], {"title": title}

    keys = {workbook_key(*book(v)) for v in (1, 1.0, True, "1")}
    assert len(keys) == 4
    assert workbook_key(*book(1)) == workbook_key(*book(1))
    assert workbook_key(*book(1)) != workbook_key(*book(1, title="b"))
    with pytest.raises(ValueError, match="ulikt lange"):
        Sheet("Ark", ("A", "B"), (["x"], [1, 2]))
    with pytest.raises(ValueError, match="overskrifter"):
        Sheet("Ark", ("A",), (["x"], [1]))
