"""The report's figures: one matplotlib style, colour-blind-safe, readable in grayscale.

Every figure is drawn from the :class:`~pipeline.report.context.ReportContext` (so it
shows exactly the numbers the text shows) and rendered to PNG bytes with the Agg
backend and stripped metadata, so identical inputs give identical bytes. Each figure
also carries its numbers as rows, written to ``reports/plots/*.csv`` for ``dvc plots``.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from pipeline.report import labels as L  # noqa: E402
from pipeline.report.context import Count, ReportContext  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo", "---", "+++")
MAIN = OKABE_ITO[0]
ANSWER_STYLE = {  # colour, hatch: also readable in grayscale
    "ja": ("#009E73", ""),
    "nei": ("#D55E00", "///"),
    "under_arbeid": ("#E69F00", "..."),
    "delvis": ("#E69F00", "\\\\"),
    "uklart": ("#BBBBBB", "xxx"),
}
DPI = 150

STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.axisbelow": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "hatch.color": "#FFFFFF",
    "hatch.linewidth": 1.2,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": "innspill",
    "path.simplify": True,
}


@dataclass(frozen=True)
class Figure:
    """A rendered figure: PNG bytes plus the numbers behind it."""

    name: str
    title: str
    alt: str
    png: bytes
    columns: tuple[str, ...] = ()
    rows: tuple[tuple, ...] = field(default_factory=tuple)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches="tight",
                pad_inches=0.15)
    plt.close(fig)
    return buf.getvalue()


def _wrap(label: str, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(label, width, max_lines=2, placeholder=" …")) or label


def _hbar(title: str, xlabel: str, counts: list[tuple[str, int]], *, colours=None,
          hatches=None, width: float = 7.0) -> bytes:
    with plt.rc_context(STYLE):
        n = max(len(counts), 1)
        fig, ax = plt.subplots(figsize=(width, 0.9 + 0.42 * n))
        labels = [_wrap(c[0]) for c in counts][::-1]
        values = [c[1] for c in counts][::-1]
        colours = (colours or [MAIN] * len(counts))[::-1]
        hatches = (hatches or [""] * len(counts))[::-1]
        bars = ax.barh(range(len(values)), values, color=colours, edgecolor="#333333",
                       linewidth=0.6)
        for bar, hatch in zip(bars, hatches, strict=True):
            bar.set_hatch(hatch)
        ax.set_yticks(range(len(values)), labels)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        top = max(values, default=0)
        ax.set_xlim(0, max(top * 1.15, 1))
        # A linear axis' default AutoLocator is a MaxNLocator; the stubs type the base class.
        cast(MaxNLocator, ax.xaxis.get_major_locator()).set_params(integer=True)
        for i, v in enumerate(values):
            ax.text(v + max(top, 1) * 0.01, i, L.fmt_int(v), va="center", fontsize=9)
        if not counts:
            ax.text(0.5, 0.5, "Ingen data", transform=ax.transAxes, ha="center")
        return _png(fig)


# Tile grid: (column, row) of each county, roughly where it lies.
FYLKE_TILES: dict[str, tuple[int, int]] = {
    "Troms": (3, 0), "Finnmark": (4, 0),
    "Nordland": (2, 1),
    "Møre og Romsdal": (0, 2), "Trøndelag": (1, 2),
    "Vestland": (0, 3), "Innlandet": (1, 3),
    "Rogaland": (0, 4), "Buskerud": (1, 4), "Oslo": (2, 4), "Akershus": (3, 4),
    "Agder": (0, 5), "Telemark": (1, 5), "Vestfold": (2, 5), "Østfold": (3, 5),
}


def _luminance(colour) -> float:
    r, g, b = matplotlib.colors.to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _tile_map(title: str, counts: dict[str, int]) -> bytes:
    cmap = plt.get_cmap("Blues")  # one hue, lightness rises with the count: grayscale-safe
    top = max([counts.get(f, 0) for f in FYLKE_TILES] + [1])
    with plt.rc_context({**STYLE, "axes.grid": False}):
        fig, ax = plt.subplots(figsize=(6.4, 6.2))
        for fylke, (col, row) in FYLKE_TILES.items():
            n = counts.get(fylke, 0)
            shade = 0.25 + 0.7 * n / top if n else 0.0
            face = cmap(shade) if n else "#F2F2F2"
            ax.add_patch(Rectangle((col, -row), 0.94, 0.94, facecolor=face, edgecolor="#555555",
                                   linewidth=0.8))
            colour = "white" if n and _luminance(face) < 0.5 else "#111111"
            name = fylke.replace("Møre og Romsdal", "Møre og\nRomsdal")
            ax.text(col + 0.47, -row + 0.62, name, ha="center", va="center", fontsize=8,
                    color=colour)
            ax.text(col + 0.47, -row + 0.3, L.fmt_int(n), ha="center", va="center",
                    fontsize=13, fontweight="bold", color=colour)
        ax.set_xlim(-0.1, 5.0)
        ax.set_ylim(-5.1, 1.0)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title)
        other = sum(n for f, n in counts.items() if f not in FYLKE_TILES)
        note = "Ruter plassert omtrent som fylkene ligger. Mørkere = flere innspill."
        if other:
            note += f" Uten kjent fylke: {L.fmt_int(other)}."
        ax.text(0, -5.25, note, fontsize=8, va="top", color="#444444")
        return _png(fig)


def _counts(items: tuple[Count, ...]) -> list[tuple[str, int]]:
    return [(c.label, c.n) for c in items]


def build_figures(ctx: ReportContext) -> dict[str, Figure]:
    """All figures for the report, keyed by file stem."""
    figs: dict[str, Figure] = {}
    n_counted = ctx.front.n_counted

    theme_counts = [(f"{t.number}. {t.short_title}", t.n_submissions) for t in ctx.themes]
    if ctx.n_off_theme:
        theme_counts.append(("Utenfor de tre temaene", ctx.n_off_theme))
    figs["tema"] = Figure(
        "tema", "Innspill per tema",
        "Stolpediagram: antall innspill per tema. " + "; ".join(
            f"{k}: {v}" for k, v in theme_counts),
        _hbar(f"Innspill per tema (av {L.fmt_int(n_counted)} innspill)", "Antall innspill",
              theme_counts, colours=list(OKABE_ITO[: len(theme_counts)]),
              hatches=list(HATCHES[: len(theme_counts)])),
        ("tema", "innspill"), tuple(theme_counts),
    )
    submitters = _counts(ctx.front.by_submitter)
    figs["innsendertype"] = Figure(
        "innsendertype", "Innspill per type innsender",
        "Stolpediagram: antall innspill per type innsender. " + "; ".join(
            f"{k}: {v}" for k, v in submitters),
        _hbar("Hvem sendte innspill?", "Antall innspill", submitters),
        ("innsendertype", "innspill"), tuple(submitters),
    )
    fylker = [(c.label, c.n) for c in ctx.front.by_fylke]
    figs["fylke"] = Figure(
        "fylke", "Innspill per fylke",
        "Stolpediagram: antall innspill per fylke. " + "; ".join(f"{k}: {v}" for k, v in fylker),
        _hbar("Innspill per fylke", "Antall innspill", fylker),
        ("fylke", "innspill"), tuple(fylker),
    )
    canonical = {f.lower(): f for f in FYLKE_TILES}
    fylke_map: dict[str, int] = {}
    for c in ctx.front.by_fylke:
        key = canonical.get(c.key.strip().lower(), c.key or L.UNKNOWN_PLACE)
        fylke_map[key] = fylke_map.get(key, 0) + c.n
    figs["fylke_kart"] = Figure(
        "fylke_kart", "Innspill per fylke (rutekart)",
        "Rutekart over de 15 fylkene med antall innspill i hver rute. " + "; ".join(
            f"{f}: {fylke_map.get(f, 0)}" for f in FYLKE_TILES),
        _tile_map("Innspill per fylke", fylke_map),
    )
    for t in ctx.themes:
        top = t.proposals[:8]
        counts = [(p.label, p.n_submissions) for p in top]
        figs[f"forslag_{t.id}"] = Figure(
            f"forslag_{t.id}", f"Mest støttede forslag – {t.short_title}",
            f"Stolpediagram: antall innspill bak hvert forslag under tema {t.number}. " + "; ".join(
                f"{k}: {v}" for k, v in counts),
            _hbar(f"Mest støttede forslag: {t.short_title}",
                  "Antall innspill som støtter forslaget", counts,
                  colours=[OKABE_ITO[(t.number - 1) % 8]] * len(counts),
                  hatches=[HATCHES[(t.number - 1) % 8]] * len(counts)),
            ("forslag", "innspill"), tuple(counts),
        )
    for question in ctx.closed_questions:
        counts = [(x.label, x.n) for x in question.tally]
        figs[f"lukket_{question.id}"] = Figure(
            f"lukket_{question.id}", question.text,
            f"Stolpediagram: antall kommuner per svar på «{question.text}». " + "; ".join(
                f"{k}: {v}" for k, v in counts),
            _hbar(question.text, "Antall kommuner", counts,
                  colours=[ANSWER_STYLE[x.key][0] for x in question.tally],
                  hatches=[ANSWER_STYLE[x.key][1] for x in question.tally]),
            ("svar", "kommuner"), tuple(counts),
        )
    return figs


def plot_tables(ctx: ReportContext) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """The numbers behind the figures as tables for ``reports/plots/<name>.csv`` (DVC plots)."""
    themes = [(f"{t.number}. {t.short_title}", t.n_submissions) for t in ctx.themes]
    if ctx.n_off_theme:
        themes.append(("Utenfor de tre temaene", ctx.n_off_theme))
    proposals = [
        (p.label, p.theme_title, p.n_submissions, p.n_organisations)
        for t in ctx.themes for p in t.proposals
    ] + [(p.label, "Nytt tema", p.n_submissions, p.n_organisations) for p in ctx.new_topics]
    out: dict[str, tuple[tuple[str, ...], list[tuple]]] = {
        "tema": (("tema", "innspill"), themes),
        "innsendertype": (("innsendertype", "innspill"), _counts(ctx.front.by_submitter)),
        "fylke": (("fylke", "innspill"), _counts(ctx.front.by_fylke)),
        "forslag": (("forslag", "tema", "innspill", "organisasjoner"), proposals),
    }
    for c in ctx.closed_questions:
        out[f"lukket_{c.id}"] = (("svar", "kommuner"), [(x.label, x.n) for x in c.tally])
    return out
