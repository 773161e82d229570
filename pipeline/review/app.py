"""The analysts' review app: a local Starlette site over the latest tables.

It reads the tables through :func:`pipeline.tables.load_tables` and only through
:func:`pipeline.tables.redacted_view`, the report's privacy door: no ``text``,
``text_original`` or ``private_*`` column ever reaches a page, and neither do the metadata
columns the report redacts on its own (file and attachment names, organisation).

Every correction is written at once to ``data/labels/`` (:class:`~.store.LabelStore`); the
stages apply them on the next ``dvc repro``. Until then the pages show them as pending:
texts marked as missed by the redaction are hidden at once (:func:`pipeline.labels.redact_terms`),
theme and proposal-flag corrections are shown as they will be, with a note, and the
proposal corrections are listed on the proposal's page.

Safety: Jinja2 autoescape on every template; a CSRF token (random per app start) on every
form; requests whose ``Host`` or ``Origin`` is not this machine are refused (DNS rebinding,
other sites' forms); the analyst's name is a cookie (``SameSite=Strict``, ``HttpOnly``);
a malformed labels file gives a Norwegian error page and is never overwritten.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit

import jinja2
import numpy as np
import pandas as pd
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from pipeline import labels as lab
from pipeline.config import Params, load_params
from pipeline.review.store import LabelStore, one_line
from pipeline.schema import NO_TOPIC, score_column
from pipeline.tables import RedactedTables, TableError, load_tables, redacted_view
from pipeline.taxonomy import Taxonomy, TaxonomyError, load_taxonomy, taxonomy_path

HERE = Path(__file__).resolve().parent
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
NAME_COOKIE = "innspill_analytiker"
MAX_NAME_CHARS = 80
MAX_RESULTS = 100
QUEUE_SIZE = 25
HIDDEN_METADATA = ("source_file", "source_part", "organisation")
"""Submission columns the report redacts itself (``pipeline/report/metadata.py``): not shown."""
SUBMITTER_LABELS = {
    "lokallag": "Lokallag", "fylkesparti": "Fylkesparti", "fagforening": "Fagforening",
    "kommunepolitiker": "Kommunepolitiker", "privatperson": "Privatperson",
    "annen_organisasjon": "Annen organisasjon", "ukjent": "Ukjent",
}
LANGUAGE_LABELS = {"nb": "bokmål", "nn": "nynorsk", "en": "engelsk", "other": "annet"}
TOPIC_ACTIONS = {"rename": "Nytt navn", "merge": "Slå sammen", "split_off": "Skill ut",
                 "move": "Flytt"}

Handler = Callable[[Request], Awaitable[Response]]


class ReviewError(Exception):
    """A request the app refuses, with a Norwegian message for the error page."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class View:
    """What the pages show: the redacted tables with the pending corrections shown."""

    submissions: pd.DataFrame
    segments: pd.DataFrame
    topics: pd.DataFrame
    pending_themes: dict[str, list[tuple[str, str]]]
    """item id → ``[(theme_id, "add"/"remove")]`` saved since the tables were made."""
    pending_flags: dict[str, bool]


# ------------------------------------------------------------------------ preview
def themes_after(themes: Iterable[str], changes: Iterable[tuple[str, str]],
                 order: tuple[str, ...]) -> list[str]:
    """``themes`` with the analysts' add/remove changes applied in order, in taxonomy order
    (what the tag stage will give the item; its scores are not simulated)."""
    out = set(themes)
    for theme_id, action in changes:
        if action == "add":
            out.add(theme_id)
        else:
            out.discard(theme_id)
    return [t for t in order if t in out]


def pending_theme_changes(rows: Iterable[Mapping[str, str]],
                          theme_ids: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """``overrides.csv`` rows per item id (rows with an unknown theme are left to the stage,
    which reports them)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        if row["theme_id"] in theme_ids:
            out.setdefault(row["id"], []).append((row["theme_id"], row["action"].lower()))
    return out


def _redact_frame(frame: pd.DataFrame, columns: Iterable[str],
                  terms: list[lab.RedactionTerm]) -> pd.DataFrame:
    pattern = lab.redaction_pattern(terms)
    if pattern is None or not len(frame):
        return frame
    frame = frame.copy()
    for column in columns:
        if column in frame.columns:
            frame[column] = frame[column].map(lambda v: lab.redact_terms(v, terms, pattern))
    return frame


# ------------------------------------------------------------------------ project
class Project:
    """One project folder: parameters, taxonomy, tables (re-read when they change)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.params: Params = load_params(self.root / "params.yaml")
        self.taxonomy: Taxonomy = load_taxonomy(self._taxonomy_ref(self.params.taxonomy))
        self.theme_ids: tuple[str, ...] = tuple(self.taxonomy.theme_ids)
        self.processed = self._path(self.params.paths.processed)
        self.labels_dir = self._path(self.params.paths.labels)
        self.store = LabelStore(self.labels_dir)
        self.theme_names = {t.id: t.short_title or t.title for t in self.taxonomy.themes}
        self.questions = {q.id: q.short or q.text for _, q in self.taxonomy.questions()}
        thresholds = self.params.tag.thresholds or {}
        self.thresholds = {t: float(thresholds.get(t, self.params.tag.threshold))
                           for t in self.theme_ids}
        self._lock = threading.Lock()
        self._stamp: tuple[tuple[str, int], ...] = ()
        self._tables: RedactedTables | None = None

    def _path(self, value: Path | str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else self.root / path

    def _taxonomy_ref(self, ref: str) -> str | Path:
        path = taxonomy_path(ref)
        return ref if path.is_absolute() or path.suffix not in (".yaml", ".yml") \
            else self._path(path)

    def tables(self) -> RedactedTables:
        """The redacted tables, re-read when a file in ``data/processed/`` changed."""
        stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in self.processed.glob("*")
                             if p.is_file()))
        with self._lock:
            if self._tables is None or stamp != self._stamp:
                red = redacted_view(load_tables(self.processed, self.theme_ids))
                subs = red.submissions.drop(
                    columns=[c for c in HIDDEN_METADATA if c in red.submissions.columns])
                segs = red.segments
                if "topic_probability" not in segs.columns:
                    segs = segs.assign(topic_probability=np.nan)
                self._tables = RedactedTables(subs, segs, red.topics, red.ledger)
                self._stamp = stamp
            return self._tables

    def view(self) -> View:
        """The tables as the pages show them: redaction terms applied at once, theme and
        proposal-flag corrections as they will be after ``dvc repro``."""
        red = self.tables()
        terms = lab.read_redactions(self.labels_dir / lab.REDACTIONS)
        subs = _redact_frame(red.submissions, ("text_redacted", "theme_explanation"), terms)
        segs = _redact_frame(red.segments, ("text_redacted", "heading", "explanation"), terms)
        topics = _redact_frame(red.topics, ("label",), terms)
        if "keywords" in topics.columns and terms:
            words = lab.redaction_words(terms)
            topics["keywords"] = topics["keywords"].map(
                lambda ks: [k for k in ks if not set(str(k).casefold().split()) & words])
        pending = pending_theme_changes(lab.read_theme_rows(self.labels_dir / lab.OVERRIDES),
                                        self.theme_ids)
        flags = lab.read_proposal_flags(self.labels_dir / lab.PROPOSAL_FLAGS)
        if pending:
            subs, segs = subs.copy(), segs.copy()
            for frame, column in ((subs, "submission_id"), (segs, "segment_id")):
                frame["themes"] = [
                    themes_after(ts, pending[i], self.theme_ids) if i in pending else ts
                    for ts, i in zip(frame["themes"], frame[column], strict=True)]
        if flags and len(segs):
            segs = segs.copy()
            segs["is_proposal"] = [bool(flags.get(s, p)) for s, p in
                                   zip(segs["segment_id"], segs["is_proposal"], strict=True)]
        return View(subs, segs, topics, pending, flags)


# ------------------------------------------------------------------------ helpers
def _score(value: Any) -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "–"
    return "–" if np.isnan(v) else f"{v:.2f}"


def _local_host(host: str) -> bool:
    if not host:
        return False
    try:
        name = urlsplit(f"//{host}").hostname or ""
    except ValueError:
        return False
    return name in LOCAL_HOSTS


def _foreign_request(headers: Mapping[str, str]) -> bool:
    """A request whose ``Host`` is not this machine, or whose ``Origin`` (when sent) is
    another site than the one asked."""
    host = headers.get("host", "")
    if not _local_host(host):
        return True
    origin = headers.get("origin", "")
    if origin:
        try:
            parts = urlsplit(origin)
        except ValueError:
            return True
        return parts.hostname not in LOCAL_HOSTS or parts.netloc != host
    return False


def safe_back(value: object, default: str = "/") -> str:
    """A local path to go back to after a save (never another site: ``//x``, ``\\``)."""
    text = str(value or "")
    if text.startswith("/") and not text.startswith("//") and "\\" not in text \
            and not any(c in text for c in "\r\n\t"):
        return text
    return default


class LocalOnly:
    """ASGI middleware: refuse requests whose Host (or Origin, when sent) is not local."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                       for k, v in scope["headers"]}
            if _foreign_request(headers):
                response = HTMLResponse(
                    "<!doctype html><html lang='nb'><meta charset='utf-8'><title>Avvist</title>"
                    "<p>Avvist: gjennomgangen svarer bare på forespørsler fra denne maskinen "
                    "(127.0.0.1).</p></html>", status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# ------------------------------------------------------------------------ the app
def create_app(root: Path | str = ".") -> Starlette:
    """The review app for the project in ``root`` (its ``params.yaml``, tables, labels)."""
    project = Project(Path(root))
    # Autoescape on for every template (not only *.html): all text is escaped.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                             autoescape=True)
    templates = Jinja2Templates(env=env)
    env.filters["score"] = _score
    env.filters["submitter"] = lambda v: SUBMITTER_LABELS.get(str(v), str(v) or "–")
    env.filters["language"] = lambda v: LANGUAGE_LABELS.get(str(v), str(v) or "–")
    env.globals["theme_names"] = project.theme_names
    env.globals["questions"] = project.questions
    env.globals["topic_actions"] = TOPIC_ACTIONS
    csrf_token = secrets.token_urlsafe(32)

    def analyst(request: Request) -> str:
        return one_line(unquote(request.cookies.get(NAME_COOKIE, "")))[:MAX_NAME_CHARS]

    def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
        context.update(csrf=csrf_token, analyst=analyst(request), path=request.url.path)
        return templates.TemplateResponse(request, name, context, status_code=status)

    def check_token(form: FormData) -> None:
        if not hmac.compare_digest(str(form.get("csrf", "")), csrf_token):
            raise ReviewError("Skjemaet er utløpt eller kom ikke fra denne siden. Last siden "
                              "på nytt og prøv igjen.", 403)

    async def checked_form(request: Request) -> tuple[dict[str, Any], str]:
        form = await request.form()
        check_token(form)
        who = analyst(request)
        if not who:
            raise ReviewError("Skriv navnet ditt først (øverst på siden).", 400)
        fields: dict[str, Any] = {
            k: [str(v) for v in form.getlist(k)] if k == "segment_ids"
            else str(form.get(k, "")).strip() for k in form}
        return fields, who

    def saved(back: str, message: str = "Rettelsen er lagret") -> RedirectResponse:
        back = safe_back(back)
        sep = "&" if "?" in back else "?"
        return RedirectResponse(f"{back}{sep}{urlencode({'lagret': message})}", status_code=303)

    # -- lookups
    def topic_row(view: View, topic_id: int) -> pd.Series:
        hits = view.topics[view.topics["topic_id"] == topic_id]
        if not len(hits):
            raise ReviewError(f"Fant ikke forslag nr. {topic_id}. Tabellene kan ha endret "
                              "seg: gå tilbake til oversikten.", 404)
        return hits.iloc[0]

    def anchor(view: View, topic_id: int, exclude: Iterable[str] = ()) -> str:
        """A segment that names the topic in topics.yaml (matched by content next run)."""
        row = topic_row(view, topic_id)
        skip = set(exclude)
        members = view.segments.loc[view.segments["topic_id"] == topic_id, "segment_id"]
        for sid in [*row["representative_segment_ids"], *members]:
            if sid not in skip:
                return str(sid)
        raise ReviewError("Forslaget har ingen andre medlemmer å kjenne det igjen på.")

    def with_meta(view: View, segs: pd.DataFrame) -> pd.DataFrame:
        meta = view.submissions[["submission_id", "submitter_type", "fylke"]]
        return segs.merge(meta, on="submission_id", how="left")

    def topic_labels(view: View) -> dict[int, str]:
        return {int(t): str(label) for t, label in
                zip(view.topics["topic_id"], view.topics["label"], strict=True)}

    # -- pages
    async def overview(request: Request) -> Response:
        view = project.view()
        subs, segs = view.submissions, view.segments
        themes = [{"id": t, "name": project.theme_names[t],
                   "submissions": sum(t in ts for ts in subs["themes"]),
                   "segments": sum(t in ts for ts in segs["themes"])}
                  for t in project.theme_ids]
        counts = segs["question_id"].replace("", np.nan).dropna().value_counts()
        questions = [{"id": q, "text": project.questions.get(str(q), str(q)), "n": int(n)}
                     for q, n in counts.items()]
        return render(request, "overview.html", n_submissions=len(subs), n_segments=len(segs),
                      themes=themes, questions=questions,
                      topics=view.topics.to_dict("records"))

    async def proposal(request: Request) -> Response:
        topic_id = int(request.path_params["topic_id"])
        view = project.view()
        row = topic_row(view, topic_id)
        members = with_meta(view, view.segments[view.segments["topic_id"] == topic_id])
        others = view.topics[view.topics["topic_id"] != topic_id][["topic_id", "label"]]
        return render(request, "proposal.html", topic=row.to_dict(),
                      members=members.to_dict("records"), others=others.to_dict("records"),
                      pending=pending_topics(project, set(members["segment_id"])))

    async def submission(request: Request) -> Response:
        sid = request.path_params["submission_id"]
        view = project.view()
        hits = view.submissions[view.submissions["submission_id"] == sid]
        if not len(hits):
            raise ReviewError("Fant ikke dette innspillet.", 404)
        segs = view.segments[view.segments["submission_id"] == sid].sort_values("position")
        return render(request, "submission.html", sub=hits.iloc[0].to_dict(),
                      segments=segs.to_dict("records"), topic_labels=topic_labels(view),
                      theme_ids=project.theme_ids, score_column=score_column,
                      pending_themes=view.pending_themes, pending_flags=view.pending_flags,
                      placeholders=lab.REDACTION_PLACEHOLDERS)

    async def search(request: Request) -> Response:
        view = project.view()
        q = request.query_params
        filters = {k: q.get(k, "").strip() for k in
                   ("q", "tema", "sporsmal", "sprak", "innsender", "fylke")}
        segs = with_meta(view, view.segments)
        mask = pd.Series(True, index=segs.index)
        if filters["q"]:
            mask &= segs["text_redacted"].str.contains(filters["q"], case=False, regex=False)
        if filters["tema"]:
            mask &= segs["themes"].map(lambda ts: filters["tema"] in ts).astype(bool)
        for key, column in (("sporsmal", "question_id"), ("sprak", "language"),
                            ("innsender", "submitter_type"), ("fylke", "fylke")):
            if filters[key]:
                mask &= segs[column].fillna("") == filters[key]
        hits = segs[mask]
        options = {
            "sprak": sorted(set(segs["language"].dropna()) - {""}),
            "innsender": sorted(set(view.submissions["submitter_type"].dropna()) - {""}),
            "fylke": sorted(set(view.submissions["fylke"].dropna()) - {""}),
        }
        searched = any(filters.values())
        return render(request, "search.html", filters=filters, options=options,
                      searched=searched, n_hits=len(hits),
                      hits=hits.head(MAX_RESULTS).to_dict("records") if searched else [],
                      max_results=MAX_RESULTS, theme_ids=project.theme_ids)

    async def queue(request: Request) -> Response:
        view = project.view()
        segs = with_meta(view, view.segments)
        themes = [t for t in project.theme_ids if score_column(t) in segs.columns]
        uncertain: list[dict[str, Any]] = []
        if themes and len(segs):
            scores = segs[[score_column(t) for t in themes]].to_numpy(dtype=float)
            margins = np.abs(scores - np.array([project.thresholds[t] for t in themes]))
            known = ~np.isnan(margins).all(axis=1)
            filled = np.where(np.isnan(margins), np.inf, margins)
            ranked = segs.assign(_margin=filled.min(axis=1),
                                 _theme=[themes[i] for i in filled.argmin(axis=1)])
            top = ranked[known].sort_values("_margin", kind="stable")
            uncertain = top.head(QUEUE_SIZE).to_dict("records")
        members = segs[(segs["topic_id"] != NO_TOPIC) & segs["topic_probability"].notna()]
        far = members.sort_values("topic_probability", kind="stable").head(QUEUE_SIZE)
        return render(request, "queue.html", uncertain=uncertain, far=far.to_dict("records"),
                      thresholds=project.thresholds, topic_labels=topic_labels(view))

    async def corrections(request: Request) -> Response:
        return render(request, "corrections.html", all=project.store.read_all(),
                      labels_dir=str(project.labels_dir))

    async def name_page(request: Request) -> Response:
        if request.method == "POST":
            form = await request.form()
            check_token(form)
            name = one_line(form.get("navn", ""))[:MAX_NAME_CHARS]
            if not name:
                raise ReviewError("Skriv inn et navn.")
            response = RedirectResponse(safe_back(form.get("back", "/")), status_code=303)
            response.set_cookie(NAME_COOKIE, quote(name), httponly=True, samesite="strict")
            return response
        return render(request, "name.html", back=safe_back(request.query_params.get("back")))

    # -- saving
    async def save_theme(request: Request) -> Response:
        form, who = await checked_form(request)
        theme_id, item_id, action = form.get("theme_id"), form.get("item_id", ""), \
            form.get("action", "")
        if theme_id not in project.theme_ids:
            raise ReviewError("Ukjent tema.")
        view = project.view()
        if item_id not in set(view.submissions["submission_id"]) \
                and item_id not in set(view.segments["segment_id"]):
            raise ReviewError("Fant ikke innspillet eller segmentet. Last siden på nytt.", 404)
        project.store.add_theme(item_id, theme_id, action, by=who,
                                comment=form.get("comment", ""))
        verb = "lagt til" if action == "add" else "fjernet"
        return saved(form.get("back", "/"), f"Tema {project.theme_names[theme_id]} {verb}")

    async def save_flag(request: Request) -> Response:
        form, who = await checked_form(request)
        segment_id = form.get("segment_id", "")
        if segment_id not in set(project.view().segments["segment_id"]):
            raise ReviewError("Fant ikke segmentet. Last siden på nytt.", 404)
        flag = form.get("is_proposal") == "true"
        project.store.set_proposal_flag(segment_id, flag, by=who)
        return saved(form.get("back", "/"),
                     "Markert som forslag" if flag else "Markert som ikke forslag")

    async def save_redaction(request: Request) -> Response:
        form, who = await checked_form(request)
        project.store.add_redaction(form.get("text", ""), by=who,
                                    placeholder=form.get("placeholder") or lab.DEFAULT_PLACEHOLDER,
                                    comment=form.get("comment", ""))
        return saved(form.get("back", "/"), "Teksten anonymiseres fra nå av")

    async def save_topic(request: Request) -> Response:
        form, who = await checked_form(request)
        topic_id = int(request.path_params["topic_id"])
        action = request.path_params["action"]
        view = project.view()
        back = f"/forslag/{topic_id}"
        topic_row(view, topic_id)
        members = set(view.segments.loc[view.segments["topic_id"] == topic_id, "segment_id"])
        if action == "navn":
            label = one_line(form.get("label", ""))
            if not label:
                raise ReviewError("Skriv inn et nytt navn.")
            project.store.add_topic_entry(
                "rename", {"match": anchor(view, topic_id), "label": label}, by=who)
            return saved(back, "Nytt navn lagret")
        if action == "slaa-sammen":
            try:
                target = int(form.get("into", ""))
            except ValueError as exc:
                raise ReviewError("Velg forslaget det skal slås sammen med.") from exc
            if target == topic_id:
                raise ReviewError("Et forslag kan ikke slås sammen med seg selv.")
            target_row = topic_row(view, target)
            project.store.add_topic_entry(
                "merge", {"topics": [anchor(view, target), anchor(view, topic_id)],
                          "label": str(target_row["label"])}, by=who)
            return saved(f"/forslag/{target}", "Forslagene slås sammen")
        if action == "flytt":
            segment_id = form.get("segment_id", "")
            if segment_id not in members:
                raise ReviewError("Segmentet hører ikke til dette forslaget.")
            to = form.get("to", "")
            entry: dict[str, Any] = {"segments": [segment_id], "to": None}
            if to not in ("", "ingen"):
                try:
                    target = int(to)
                except ValueError as exc:
                    raise ReviewError("Ukjent forslag å flytte til.") from exc
                entry["to"] = anchor(view, target, exclude={segment_id})
            project.store.add_topic_entry("move", entry, by=who)
            return saved(back, "Flyttingen er lagret")
        if action == "skill-ut":
            ids = [s for s in form.get("segment_ids", []) if s in members]
            label = one_line(form.get("label", ""))
            if not ids or not label:
                raise ReviewError("Velg minst ett medlem og skriv et navn på det nye forslaget.")
            project.store.add_topic_entry("split_off", {"segments": ids, "label": label}, by=who)
            return saved(back, "Medlemmene skilles ut i et nytt forslag")
        raise ReviewError("Ukjent handling.", 404)

    # -- errors
    async def review_error(request: Request, exc: Exception) -> Response:
        status = exc.status if isinstance(exc, ReviewError) else 400
        return render(request, "error.html", status=status, message=str(exc))

    async def labels_error(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", status=500, labels_error=True,
                      message=f"En rettelsesfil kan ikke leses, og ingenting er lagret: {exc}")

    async def table_error(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", status=500, message=str(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        message = {404: "Siden finnes ikke.", 405: "Denne adressen tar ikke imot skjemaer."}
        return render(request, "error.html", status=status,
                      message=message.get(status, "Forespørselen kan ikke behandles."))

    routes = [
        Route("/", overview),
        Route("/forslag/{topic_id:int}", proposal),
        Route("/forslag/{topic_id:int}/{action}", save_topic, methods=["POST"]),
        Route("/innspill/{submission_id}", submission),
        Route("/sok", search),
        Route("/usikre", queue),
        Route("/rettelser", corrections),
        Route("/navn", name_page, methods=["GET", "POST"]),
        Route("/tema", save_theme, methods=["POST"]),
        Route("/forslagsflagg", save_flag, methods=["POST"]),
        Route("/anonymiser", save_redaction, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    handlers: Mapping[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        ReviewError: review_error, lab.LabelsError: labels_error, TableError: table_error,
        TaxonomyError: table_error, HTTPException: http_error}
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.add_middleware(LocalOnly)
    app.state.project = project
    return app


def pending_topics(project: Project, member_ids: set[str]) -> list[dict[str, Any]]:
    """``topics.yaml`` entries that name one of ``member_ids`` (shown on a proposal page)."""
    out = []
    for key, entries in project.store.read_all()["topics"].items():
        for entry in entries:
            named = {entry.get("match"), entry.get("to"), *entry.get("topics", []),
                     *entry.get("segments", [])}
            if named & member_ids:
                out.append({"kind": key, **entry})
    return out
