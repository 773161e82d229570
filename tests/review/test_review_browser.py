"""The review app (pipeline/review/) driven in a real headless Chromium through Selenium.

One session on a copy of the demo project (``demo_project``, after ``dvc repro``): an
analyst renames a proposal, merges two, moves a member out of all proposals, removes a
theme, marks a segment as a proposal and marks a word the redaction missed; then ``dvc
repro`` runs in the copy, and the tables and the report must show every correction. On the
small synthetic project, hostile ``<script>`` text (in a segment, a proposal's label and the
analyst's own name) must stay inert, and the guards (foreign Host/Origin, a missing CSRF
token, a malformed labels file) must hold against the live server.

Skipped, saying why, when Chromium, chromedriver or Selenium is missing
(``apt-get install -y chromium chromium-driver``; ``.ci/run`` does it in CI).
"""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import pytest

from tests.project_helpers import ROOT, run_dvc

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser")
                 if Path(p).exists()), shutil.which("chromium"))
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
HEADLESS_FLAGS = ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                  "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--window-size=1280,1000")
HOSTILE_LABEL = "<script>window.__pwned = 3</script>Forslag"
HOSTILE_NAME = '<img src=x onerror="window.__pwned = 4">'

selenium = pytest.importorskip(
    "selenium", reason="Selenium er ikke installert (pip install -e '.[dev]'): "
                       "nettlesertestene hoppes over")
uvicorn = pytest.importorskip("uvicorn", reason="review-tillegget er ikke installert "
                                                "(make review): nettlesertestene hoppes over")
if not CHROMIUM or not CHROMEDRIVER:
    pytest.skip("Chromium/chromedriver finnes ikke (apt-get install -y chromium "
                "chromium-driver): nettlesertestene hoppes over", allow_module_level=True)

from review_fixtures import write_small_project  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from pipeline import tables  # noqa: E402
from pipeline.review.app import create_app  # noqa: E402

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The app served by uvicorn in a thread, on 127.0.0.1."""

    def __init__(self, root: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(root), host="127.0.0.1", port=self.port,
                                log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the review app did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def request(self, method: str, path: str, headers: dict[str, str] | None = None,
                body: str | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (*HEADLESS_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(120)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def _set_name(driver: WebDriver, url: str, name: str) -> None:
    driver.get(url + "/")
    driver.delete_all_cookies()  # cookies are per host, not per port: start afresh
    driver.get(url + "/")
    driver.find_element(By.ID, "navn").send_keys(name)
    _click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#name-form button"))
    assert driver.find_element(By.ID, "analyst").text == name


def _click_and_wait(driver: WebDriver, button: WebElement) -> None:
    """Click a submit button and wait until the next page has replaced this one.

    The old page is marked on its ``window``; a loaded page without the mark is the new
    one. Watching the old ``<html>`` go stale (selenium's ``staleness_of``) is flaky in
    Chromium: mid-navigation it may answer "Node with given id does not belong to the
    document" instead of "stale element", which failed CI once. Errors while the page
    changes are therefore retried, not raised.
    """
    driver.execute_script("window.__innspill_old_page = true;")
    button.click()
    WebDriverWait(driver, 120, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script(
            "return window.__innspill_old_page === undefined"
            " && document.readyState === 'complete';"))


def _submit(driver: WebDriver, form: WebElement) -> None:
    _click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert driver.find_element(By.ID, "saved").is_displayed()


def _main_text(driver: WebDriver) -> str:
    return str(driver.find_element(By.TAG_NAME, "main").text)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _missed_word(subs: pd.DataFrame, segs: pd.DataFrame, report: str) -> tuple[str, str]:
    """A capitalised word of one submission's text, quoted in the report, that occurs in no
    metadata column nor the taxonomy: it stands in for a name the redaction missed.
    Returns (word, submission id)."""
    meta = " ".join(subs[c].fillna("").astype(str).str.cat(sep=" ")
                    for c in ("fylke", "kommune", "organisation", "source_file"))
    meta_words = _words(meta) | _words(
        (ROOT / "pipeline" / "taxonomy" / "arbeidsliv.yaml").read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for sid, text in zip(segs["submission_id"], segs["text_redacted"], strict=True):
        for word in re.findall(r"\b[A-ZÆØÅ][a-zæøå]{6,}\b", text):
            found.setdefault(word, set()).add(sid)
    for word, sids in sorted(found.items()):
        if (len(sids) == 1 and word.casefold() not in meta_words
                and re.search(rf"\b{word}\b", report)):
            return word, next(iter(sids))
    pytest.fail("no suitable word in the demo report")


def test_corrections_in_the_browser_reach_the_tables_and_the_report(
        demo_project: Path, browser: WebDriver,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    started = time.perf_counter()
    project = tmp_path_factory.mktemp("review") / "project"
    shutil.copytree(demo_project, project, symlinks=True,
                    ignore=shutil.ignore_patterns("*.executed.ipynb", "report_again"))
    processed = project / "data" / "processed"
    raw = tables.load_tables(processed)
    topics, segs, subs = raw.topics, raw.segments, raw.submissions
    assert topics is not None and segs is not None
    assert len(topics) >= 4, "the demo needs four recurring proposals for this test"
    report_before = (project / "reports" / "rapport.html").read_text(encoding="utf-8")
    word, word_sub = _missed_word(subs, segs, report_before)

    def members(topic_id: int) -> list[str]:
        return segs.loc[segs["topic_id"] == topic_id, "segment_id"].tolist()

    t_rename, t_target, t_merged, t_move = (int(t) for t in topics["topic_id"].tolist()[:4])
    moved = members(t_move)[-1]
    four = [t_rename, t_target, t_merged, t_move]
    # a tagged segment outside the four proposals loses its first theme
    tagged = segs[segs["themes"].map(len).astype(bool) & ~segs["topic_id"].isin(four)].iloc[0]
    removed_theme = tagged["themes"][0]
    # a segment that is not a proposal becomes one
    flagged = segs[~segs["is_proposal"] & (segs["submission_id"] != tagged["submission_id"])
                   & ~segs["is_heading"]].iloc[0]

    with LiveServer(project) as server:
        url = server.url
        _set_name(browser, url, "Kari Analytiker")
        # overview: counts per theme and question, the proposals with their supporters
        assert browser.find_element(By.ID, "themes").text.count("\n") >= 3
        assert browser.find_element(By.ID, "questions").text.count("\n") >= 3
        links = browser.find_elements(By.CSS_SELECTOR, "#topics a.topic-link")
        assert len(links) == len(topics)

        # rename
        browser.get(f"{url}/forslag/{t_rename}")
        browser.find_element(By.ID, "new-label").send_keys("Doble fagforeningsfradraget nå")
        _submit(browser, browser.find_element(By.ID, "rename-form"))
        assert "Doble fagforeningsfradraget nå" in browser.find_element(By.ID, "pending").text

        # merge
        browser.get(f"{url}/forslag/{t_merged}")
        Select(browser.find_element(By.ID, "merge-into")).select_by_value(str(t_target))
        _submit(browser, browser.find_element(By.ID, "merge-form"))
        assert browser.current_url.startswith(f"{url}/forslag/{t_target}")

        # move a member out of all proposals
        browser.get(f"{url}/forslag/{t_move}")
        form = browser.find_element(By.CSS_SELECTOR, f"#member-{moved} form.move-form")
        Select(form.find_element(By.NAME, "to")).select_by_value("ingen")
        _submit(browser, form)
        assert "ut av alle forslag" in browser.find_element(By.ID, "pending").text

        # remove a theme: shown at once as it will be after dvc repro
        browser.get(f"{url}/innspill/{tagged['submission_id']}")
        seg = browser.find_element(By.ID, f"seg-{tagged['segment_id']}")
        _submit(browser, seg.find_element(
            By.CSS_SELECTOR, f"form.remove-theme[data-theme='{removed_theme}']"))
        seg = browser.find_element(By.ID, f"seg-{tagged['segment_id']}")
        assert not seg.find_elements(By.CSS_SELECTOR,
                                     f"form.remove-theme[data-theme='{removed_theme}']")
        assert "Venter på dvc repro" in seg.text

        # mark a segment as a proposal
        browser.get(f"{url}/innspill/{flagged['submission_id']}")
        seg = browser.find_element(By.ID, f"seg-{flagged['segment_id']}")
        _submit(browser, seg.find_element(By.CSS_SELECTOR, "form.flag-form"))

        # mark a missed name: selecting it fills the field (review.js); hidden at once
        browser.get(f"{url}/innspill/{word_sub}")
        assert word in _main_text(browser)
        quote = next(q for q in browser.find_elements(By.CSS_SELECTOR, ".segment .quote")
                     if word in q.text)
        browser.execute_script(
            "const node = arguments[0], word = arguments[1];"
            "const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);"
            "let text; while ((text = walker.nextNode())) {"
            "  const i = text.data.indexOf(word); if (i >= 0) {"
            "    const range = document.createRange(); range.setStart(text, i);"
            "    range.setEnd(text, i + word.length);"
            "    const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);"
            "    document.dispatchEvent(new MouseEvent('mouseup')); break; } }",
            quote, word)
        assert browser.find_element(By.ID, "redact-text").get_attribute("value") == word
        _submit(browser, browser.find_element(By.ID, "redact-form"))
        assert word not in _main_text(browser)

        browser.get(f"{url}/sok?{urlencode({'q': word})}")
        assert browser.find_element(By.ID, "n-hits").text.startswith("0 treff")
        browser.get(f"{url}/rettelser")
        text = _main_text(browser)
        assert "Kari Analytiker" in text and word not in text and "dvc repro" in text
    browser_seconds = time.perf_counter() - started

    labels = project / "data" / "labels"
    assert "Kari Analytiker" in (labels / "topics.yaml").read_text(encoding="utf-8")
    result = run_dvc(["repro"], project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    after = tables.load_tables(processed)
    assert after.segments is not None and after.topics is not None
    seg_after = after.segments.set_index("segment_id")
    topic_of = seg_after["topic_id"]
    labels_after = dict(zip(after.topics["topic_id"], after.topics["label"], strict=True))
    rep = topics.set_index("topic_id")["representative_segment_ids"]
    # rename and merge name their proposals by a representative segment (matched by content)
    assert labels_after[topic_of[rep[t_rename][0]]] == "Doble fagforeningsfradraget nå"
    kept = [s for s in members(t_rename) if topic_of.get(s) == topic_of[rep[t_rename][0]]]
    assert len(kept) >= len(members(t_rename)) / 2
    merged = {topic_of[rep[t_target][0]], topic_of[rep[t_merged][0]]}
    assert len(merged) == 1
    assert labels_after[merged.pop()] == topics.set_index("topic_id").at[t_target, "label"]
    # moved out of all proposals
    assert topic_of[moved] == -1
    # the theme removed, with the mark in the explanation
    assert removed_theme not in seg_after.at[tagged["segment_id"], "themes"]
    assert "manuelt fjernet" in seg_after.at[tagged["segment_id"], "explanation"]
    # the proposal flag
    assert bool(seg_after.at[flagged["segment_id"], "is_proposal"])
    # the missed word is redacted everywhere, the report and the workbook included
    pattern = re.compile(rf"(?<!\w){word}(?!\w)", re.IGNORECASE)
    assert not after.segments["text_redacted"].str.contains(pattern).any()
    assert not after.submissions["text_redacted"].str.contains(pattern).any()
    assert not any(pattern.search(k) for ks in after.topics["keywords"] for k in ks)
    report = (project / "reports" / "rapport.html").read_text(encoding="utf-8")
    assert not pattern.search(report)
    assert "Doble fagforeningsfradraget nå" in report
    # who made the corrections never reaches the reports
    for out in (project / "reports").rglob("*"):
        if out.is_file() and out.suffix in (".html", ".csv", ".json", ".md"):
            assert "Kari Analytiker" not in out.read_text(encoding="utf-8", errors="ignore")
    print(f"\nbrowser session {browser_seconds:.1f} s, total "
          f"{time.perf_counter() - started:.1f} s")


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small synthetic project (hostile segment text) with a hostile proposal label."""
    root = write_small_project(tmp_path_factory.mktemp("hostile") / "project")
    processed = root / "data" / "processed"
    topics = tables.read_table(processed, tables.TOPICS)
    topics.loc[topics.index[0], "label"] = HOSTILE_LABEL
    tables.write_table(topics, processed, tables.TOPICS)
    return root


def test_hostile_text_stays_inert_and_the_guards_hold(hostile_project: Path,
                                                      browser: WebDriver) -> None:
    with LiveServer(hostile_project) as server:
        url = server.url
        _set_name(browser, url, HOSTILE_NAME)
        for page in ("/", "/innspill/s06", "/forslag/0", "/sok?q=script", "/usikre",
                     "/rettelser"):
            browser.get(url + page)
            assert browser.execute_script("return window.__pwned === undefined"), page
            assert not browser.find_elements(By.CSS_SELECTOR, "main script:not([src]), main img")
        browser.get(f"{url}/innspill/s06")
        assert "<script>alert('xss')</script>" in _main_text(browser)
        browser.get(f"{url}/forslag/0")
        assert browser.find_element(By.ID, "topic-label").text == HOSTILE_LABEL

        # a save in the browser, by the hostile name, lands as text
        browser.find_element(By.ID, "new-label").send_keys("</script><b>Nytt</b>")
        _submit(browser, browser.find_element(By.ID, "rename-form"))
        assert browser.execute_script("return window.__pwned === undefined")

        overrides = hostile_project / "data" / "labels" / "overrides.csv"
        before = overrides.read_text(encoding="utf-8")
        form: dict[str, Any] = {"Content-Type": "application/x-www-form-urlencoded",
                                "Cookie": "innspill_analytiker=Ola"}
        body = urlencode({"item_id": "s01", "theme_id": "ny_teknologi", "action": "add"})
        # a foreign Host or Origin (DNS rebinding, another site's form) is refused
        assert server.request("GET", "/", {"Host": "evil.example"})[0] == 403
        status, _ = server.request("POST", "/tema",
                                   {**form, "Origin": "http://evil.example"}, body)
        assert status == 403
        # no CSRF token: refused, nothing written
        status, text = server.request("POST", "/tema", form, body)
        assert status == 403 and "Skjemaet" in text
        assert overrides.read_text(encoding="utf-8") == before

        # a malformed labels file: a Norwegian error page, the file left as it was
        topics_yaml = hostile_project / "data" / "labels" / "topics.yaml"
        topics_yaml.write_text("rename: [ikke lukket\n", encoding="utf-8")
        browser.get(f"{url}/forslag/0")
        assert "kan ikke leses" in browser.find_element(By.ID, "error").text
        browser.get(f"{url}/rettelser")
        assert "ugyldig YAML" in browser.find_element(By.ID, "error").text
        assert topics_yaml.read_text(encoding="utf-8") == "rename: [ikke lukket\n"
