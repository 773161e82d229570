"""The review app without a browser (Starlette's test client) on the small synthetic project:
every page renders, only redacted text is shown, searches filter, every save writes its
labels file and is shown as pending, and the guards refuse what they should. The browser
session, with ``dvc repro`` on the demo, is tests/review/test_review_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="review-tillegget er ikke installert (make review)")
pytest.importorskip("httpx", reason="httpx mangler (Starlettes testklient)")

from report_fixtures import HOSTILE_SCRIPT, PRIVATE_STRINGS  # noqa: E402
from review_fixtures import write_small_project  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from pipeline import labels as lab  # noqa: E402
from pipeline import tables  # noqa: E402
from pipeline.review.app import create_app, safe_back, themes_after  # noqa: E402
from pipeline.review.store import LabelStore  # noqa: E402

BASE = "http://127.0.0.1:8765"


@pytest.fixture()
def small_project(tmp_path: Path) -> Path:
    return write_small_project(tmp_path / "project")


@pytest.fixture()
def client(small_project: Path) -> TestClient:
    return TestClient(create_app(small_project), base_url=BASE)


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def _signed_in(client: TestClient, name: str = "Ola Nordmann") -> str:
    token = _csrf(client.get("/").text)
    response = client.post("/navn", data={"navn": name, "csrf": token, "back": "/"},
                           follow_redirects=False)
    assert response.status_code == 303
    return token


def _store(project: Path) -> LabelStore:
    return LabelStore(project / "data" / "labels")


PAGES = ("/", "/usikre", "/rettelser", "/sok", "/sok?q=anbud", "/forslag/0", "/innspill/s01",
         "/innspill/s06", "/navn")


def test_every_page_renders_in_norwegian_with_redacted_text_only(client):
    _signed_in(client)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="nb"' in response.text and "dvc repro" in response.text, url
        for private in (*PRIVATE_STRINGS, "demo/s01.eml", "Bergen Arbeiderparti"):
            assert private not in response.text, (url, private)
    overview = client.get("/").text
    assert "10 innspill, 20 segmenter" in overview
    for label in ("Krav om fast ansettelse i offentlige anbud", "Heltidskultur i helse og omsorg"):
        assert label in overview
    proposal = client.get("/forslag/0").text
    assert proposal.count('class="seg member"') == 4
    assert "Fagforening" in proposal and "Akershus" in proposal
    assert client.get("/forslag/99").status_code == 404
    assert client.get("/innspill/finnes-ikke").status_code == 404
    assert client.get("/finnes-ikke").status_code == 404


def test_hostile_text_is_escaped(client):
    page = client.get("/innspill/s06").text
    assert HOSTILE_SCRIPT not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page
    hits = client.get("/sok", params={"q": "<script>"}).text
    assert "<script>alert" not in hits and 'id="n-hits">1 treff' in hits


@pytest.mark.parametrize("query, expected", [
    ({"sprak": "nn"}, 3), ({"tema": "ny_teknologi"}, 5), ({"innsender": "fagforening"}, 4),
    ({"fylke": "Akershus"}, 4), ({"sporsmal": "oo_heltid"}, 3), ({"q": "ANBUD"}, 4),
    ({"q": "anbud", "fylke": "Oslo"}, 1),
])
def test_search_filters(client, small_project, query, expected):
    segs = tables.load_tables(small_project / "data" / "processed").segments
    assert segs is not None
    page = client.get("/sok", params=query).text
    assert re.search(r'id="n-hits">(\d+) treff', page).group(1) == str(expected)


def test_a_save_needs_the_token_and_a_name(client, small_project):
    token = _csrf(client.get("/").text)
    data = {"item_id": "s01", "theme_id": "ny_teknologi", "action": "add", "back": "/",
            "csrf": token}
    response = client.post("/tema", data={**data, "csrf": "feil"})
    assert response.status_code == 403 and "Skjemaet er utløpt" in response.text
    response = client.post("/tema", data=data)
    assert response.status_code == 400 and "Skriv navnet ditt" in response.text
    assert _store(small_project).read_all()["themes"] == []
    _signed_in(client)
    response = client.post("/tema", data={**data, "back": "//evil.example/"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/?lagret=")
    rows = _store(small_project).read_all()["themes"]
    assert [(r["id"], r["theme_id"], r["action"], r["by"]) for r in rows] == [
        ("s01", "ny_teknologi", "add", "Ola Nordmann")]
    assert client.post("/tema", data={**data, "item_id": "s99"}).status_code == 404
    assert client.post("/tema", data={**data, "theme_id": "vei"}).status_code == 400
    assert len(_store(small_project).read_all()["themes"]) == 1


def test_theme_flag_and_redaction_are_shown_as_pending(client, small_project):
    token = _signed_in(client)
    back = "/innspill/s07"
    page = client.post("/tema", data={"item_id": "s07-1", "theme_id": "ny_teknologi",
                                      "action": "remove", "back": back, "csrf": token}).text
    assert 'id="saved"' in page and "fjernet" in page
    segment = page[page.index('id="seg-s07-1"'):]
    segment = segment[:segment.index('class="flag-form"')]
    assert 'data-theme="ny_teknologi"' not in segment and "Venter på" in segment
    page = client.post("/forslagsflagg", data={"segment_id": "s07-0", "is_proposal": "true",
                                               "back": back, "csrf": token}).text
    flag_form = page[page.index('id="seg-s07-0"'):]
    flag_form = flag_form[flag_form.index('class="flag-form"'):]
    assert "Ikke et forslag" in flag_form[:flag_form.index("</form>")]
    assert lab.read_proposal_flags(small_project / "data/labels" / lab.PROPOSAL_FLAGS) == {
        "s07-0": True}
    assert "bystyret" in page
    page = client.post("/anonymiser", data={"text": "bystyret", "placeholder": "[NAVN]",
                                            "back": back, "csrf": token}).text
    assert "bystyret" not in page and "[NAVN]" in page
    assert 'id="n-hits">0 treff' in client.get("/sok", params={"q": "bystyret"}).text
    assert "bystyret" not in client.get("/rettelser").text
    assert lab.read_redactions(small_project / "data/labels" / lab.REDACTIONS) == [
        ("bystyret", "[NAVN]")]


def test_proposal_corrections_go_to_topics_yaml_matched_by_content(client, small_project):
    token = _signed_in(client, "Kari")
    response = client.post("/forslag/0/navn", data={"label": "Fast <b>ansettelse</b>",
                                                    "csrf": token})
    assert response.status_code == 200 and "Fast &lt;b&gt;ansettelse&lt;/b&gt;" in response.text
    response = client.post("/forslag/3/slaa-sammen", data={"into": "1", "csrf": token},
                           follow_redirects=False)
    assert response.headers["location"].startswith("/forslag/1?")
    client.post("/forslag/2/flytt", data={"segment_id": "s10-0", "to": "ingen", "csrf": token})
    client.post("/forslag/2/flytt", data={"segment_id": "s02-1", "to": "0", "csrf": token})
    client.post("/forslag/0/skill-ut", data={"segment_ids": ["s02-0", "s03-0"],
                                             "label": "Anbud i kommunene", "csrf": token})
    entries = _store(small_project).read_all()["topics"]
    assert [(e["match"], e["label"]) for e in entries["rename"]] == [
        ("s01-1", "Fast <b>ansettelse</b>")]
    assert entries["merge"][0]["topics"] == ["s06-0", "s08-0"]
    assert [(e["segments"], e["to"]) for e in entries["move"]] == [
        (["s10-0"], None), (["s02-1"], "s01-1")]
    assert entries["split_off"][0]["segments"] == ["s02-0", "s03-0"]
    assert {e["by"] for k in entries for e in entries[k]} == {"Kari"}
    pending = client.get("/forslag/0").text
    assert 'id="pending"' in pending and "Anbud i kommunene" in pending
    # refused: not a member, merge with itself, unknown action; nothing more written
    assert client.post("/forslag/2/flytt", data={"segment_id": "s01-1", "to": "ingen",
                                                 "csrf": token}).status_code == 400
    assert client.post("/forslag/1/slaa-sammen", data={"into": "1",
                                                       "csrf": token}).status_code == 400
    assert client.post("/forslag/1/slett", data={"csrf": token}).status_code == 404
    assert client.get("/forslag/1/navn").status_code == 405
    assert len(_store(small_project).read_all()["topics"]["move"]) == 2


def test_foreign_host_and_origin_are_refused(client, small_project):
    assert client.get("/", headers={"host": "innspill.evil.example"}).status_code == 403
    assert client.get("/", headers={"host": "127.0.0.1.evil.example:8765"}).status_code == 403
    assert client.get("/", headers={"origin": "http://evil.example"}).status_code == 403
    assert client.get("/", headers={"origin": "http://127.0.0.1:9999"}).status_code == 403
    assert client.get("/", headers={"origin": BASE}).status_code == 200
    token = _signed_in(client)
    response = client.post("/tema", headers={"origin": "http://evil.example"},
                           data={"item_id": "s01", "theme_id": "ny_teknologi",
                                 "action": "add", "csrf": token})
    assert response.status_code == 403
    assert _store(small_project).read_all()["themes"] == []


def test_a_malformed_labels_file_gives_an_error_page_and_is_kept(client, small_project):
    token = _signed_in(client)
    path = small_project / "data" / "labels" / lab.PROPOSAL_FLAGS
    path.write_text("segment_id,is_proposal\nabc,kanskje\n", encoding="utf-8")
    for response in (client.get("/rettelser"), client.get("/innspill/s01"),
                     client.post("/forslagsflagg", data={"segment_id": "s01-0",
                                                         "is_proposal": "true",
                                                         "csrf": token})):
        assert response.status_code == 500
        assert "kan ikke leses" in response.text and "true/false" in response.text
        assert "git checkout" in response.text
    assert path.read_text(encoding="utf-8") == "segment_id,is_proposal\nabc,kanskje\n"


def test_missing_tables_give_an_error_page(tmp_path):
    write = tmp_path / "tom"
    write.mkdir()
    (write / "params.yaml").write_text("seed: 42\n", encoding="utf-8")
    response = TestClient(create_app(write), base_url=BASE).get("/")
    assert response.status_code == 500 and "dvc repro" in response.text


def test_helpers():
    assert themes_after(["b"], [("a", "add"), ("b", "remove"), ("c", "add"), ("c", "remove")],
                        ("a", "b", "c")) == ["a"]
    for bad in ("//evil.example/", "https://evil.example/", "/\\evil", "", "/x\r\nSet-Cookie: a"):
        assert safe_back(bad) == "/"
    assert safe_back("/sok?q=a") == "/sok?q=a"
