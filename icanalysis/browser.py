"""A quote browser for notebooks: search, filter, sort, page and download the quotes table in one HTML output.

:func:`quote_browser` renders the quotes as one self-contained HTML string (no widgets, no network). The
first page is plain table rows, so a saved notebook shows quotes in viewers that run no JavaScript (GitHub,
nbviewer); ``data/quote_browser.js`` then adds the search box, filters, sortable columns, paging and a CSV
download of the filtered rows. Every row is rendered here, in Python, and embedded as JSON, so the page the
script shows and the static page are the same markup. :func:`filter_quotes` filters the same table in Python.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from . import labels
from .framing import FRAME_IDS
from .paths import data_file

ALL = "(all)"
#: The columns of the downloaded CSV, in order (``outlet``, ``title``, ``published`` come from ``articles``).
CSV_COLUMNS: tuple[str, ...] = (
    "quote_id", "article_id", "outlet", "title", "published", "speaker", "speaker_role", "power_tier", "stance",
    "frames", "kind", "is_copy", "attribution", "para_index", "start", "end", "quote", "context",
)
BROWSER_REQUIRED: tuple[str, ...] = (
    "article_id", "quote_id", "kind", "quote", "speaker", "speaker_role", "power_tier", "stance", "frames", "is_copy",
)
#: The table's columns: (sort key, header, width in %). Every header sorts on click.
TABLE_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("quote", "Quote", 34), ("speaker", "Speaker", 10), ("speaker_role", "Role", 8), ("power_tier", "Power tier", 8),
    ("stance", "Stance", 7), ("frames", "Frames", 11), ("kind", "Kind", 9), ("article", "Article", 13),
)
#: The dropdown filters: (row field, label). ``frame`` matches one id of the '|'-joined ``frames``.
BROWSER_FILTERS: tuple[tuple[str, str], ...] = (
    ("speaker", "Speaker"), ("speaker_role", "Role"), ("power_tier", "Power tier"), ("stance", "Stance"),
    ("frame", "Frame"), ("kind", "Kind"), ("is_copy", "Original or copy"), ("outlet", "Outlet"),
    ("article_id", "Article"),
)
#: The raw ids each row carries as ``data-*`` attributes (the cells show labels).
ROW_ATTRIBUTES: tuple[str, ...] = (
    "quote_id", "article_id", "speaker_role", "power_tier", "stance", "frames", "kind", "is_copy",
)
PAGE_SIZES: tuple[int, ...] = (10, 25, 50, 100)
_LABELLED = ("speaker_role", "power_tier", "stance", "kind", "is_copy", "frame")


def _require(df: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"quotes: missing column(s) {missing}; got {list(df.columns)}")


def filter_quotes(
    quotes: pd.DataFrame,
    *,
    speaker: str | None = None,
    role: str | None = None,
    frame: str | None = None,
    stance: str | None = None,
) -> pd.DataFrame:
    """Rows of ``quotes`` matching every given filter (None or ``"(all)"`` = no filter).

    ``frame`` matches one frame id inside the '|'-joined ``frames`` column; a frame id outside the
    codebook raises, listing the valid ones.
    """
    _require(quotes, ["speaker", "speaker_role", "frames", "stance"])
    if frame not in (None, ALL) and frame not in FRAME_IDS:
        raise ValueError(f"frame {frame!r} is not a frame id; valid: {', '.join(FRAME_IDS)}")
    keep = pd.Series(True, index=quotes.index)
    for column, value in (("speaker", speaker), ("speaker_role", role), ("stance", stance)):
        if value not in (None, ALL):
            keep &= quotes[column].fillna("").astype(str) == value
    if frame not in (None, ALL):
        keep &= quotes["frames"].fillna("").astype(str).str.split("|").map(lambda fs: frame in fs)
    return quotes[keep]


def filter_choices(quotes: pd.DataFrame) -> dict[str, list[str]]:
    """Dropdown options per filter: ``"(all)"`` then the sorted non-empty values found in ``quotes``."""
    _require(quotes, ["speaker", "speaker_role", "frames", "stance"])

    def values(series: pd.Series) -> list[str]:
        return [ALL, *sorted({str(v) for v in series.dropna() if str(v) != ""})]

    frames = quotes["frames"].dropna().astype(str).str.split("|").explode()
    return {
        "speaker": values(quotes["speaker"]),
        "speaker_role": values(quotes["speaker_role"]),
        "frame": [ALL, *[f for f in FRAME_IDS if f in set(frames)]],
        "stance": values(quotes["stance"]),
    }


def quote_context(quotes: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.Series:
    """The paragraph each quote sits in (``paragraphs.text`` by ``article_id`` and ``para_index``), by quote_id.

    Pass it as ``context=`` to :func:`quote_browser`; a quote whose paragraph is missing gets ``""``.
    """
    _require(quotes, ["quote_id", "article_id", "para_index"])
    missing = [c for c in ("article_id", "para_index", "text") if c not in paragraphs.columns]
    if missing:
        raise ValueError(f"paragraphs: missing column(s) {missing}; got {list(paragraphs.columns)}")
    text = {(_text(a), _text(p)): _text(t) for a, p, t in
            zip(paragraphs["article_id"], paragraphs["para_index"], paragraphs["text"], strict=True)}
    keys = zip(quotes["article_id"].map(_text), quotes["para_index"].map(_text), strict=True)
    return pd.Series([text.get(k, "") for k in keys], index=quotes["quote_id"].map(_text), name="context")


@dataclass(frozen=True)
class QuoteBrowser:
    """The browser as one HTML string; Jupyter shows it through ``_repr_html_``, its text form is one line."""

    html: str
    n_quotes: int

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<quote browser: {self.n_quotes} quotes>"


def quote_browser(
    quotes: pd.DataFrame,
    *,
    context: Mapping[str, str] | pd.Series | None = None,
    articles: pd.DataFrame | None = None,
    page_size: int = 25,
) -> QuoteBrowser:
    """A searchable, filterable, sortable table of ``quotes`` with a CSV download; display it in a cell.

    Args:
        context: quote_id -> the text around the quote (:func:`quote_context`), shown under each quote,
            searched and downloaded.
        articles: the articles table; its ``outlet``, ``title`` and ``published`` are shown and filtered.
        page_size: rows per page, and the rows rendered as static HTML for viewers that run no JavaScript.
    """
    _require(quotes, BROWSER_REQUIRED)
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise ValueError(f"page_size must be a positive integer; got {page_size!r}")
    if context is not None and not isinstance(context, (Mapping, pd.Series)):
        raise TypeError(f"context must be a Series or dict quote_id -> text; got {type(context).__name__}")
    if articles is not None and "article_id" not in articles.columns:
        raise ValueError(f"articles: missing column(s) ['article_id']; got {list(articles.columns)}")
    recs = _records(quotes, context, articles)
    ranks = [_ranks(recs, key) for key in _sort_keys(recs)]
    payload = json.dumps(
        {"columns": CSV_COLUMNS, "sorts": [k for k, _, _ in TABLE_COLUMNS], "attrs": ROW_ATTRIBUTES,
         "labels": {c: {v: _label(c, v) for v in _counts(recs, c)} for c in _LABELLED},
         "pageSize": page_size, "filename": "quotes.csv", "rows": [[r[c] for c in CSV_COLUMNS] for r in recs],
         "keys": [list(k) for k in zip(*ranks, strict=True)]},
        ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c")  # no "</script>" or "<!--" can end or confuse the data block
    uid = "qb-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]
    shown = "".join(_row_html(r) for r in recs[:page_size])
    return QuoteBrowser(_page(uid, recs, shown, page_size, payload), len(recs))


def _text(value: object) -> str:
    """A cell as text: '' for missing values, ``4`` for the float 4.0, ``True`` for a boolean."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _records(quotes: pd.DataFrame, context: Any, articles: pd.DataFrame | None) -> list[dict[str, str]]:
    context_of = {} if context is None else {_text(k): _text(v) for k, v in dict(context).items()}
    meta: dict[str, dict[str, str]] = {}
    if articles is not None:
        for art in articles.to_dict("records"):
            meta[_text(art["article_id"])] = {c: _text(art.get(c)) for c in ("outlet", "title", "published")}
    recs = []
    for row in quotes.to_dict("records"):
        rec = {c: _text(row.get(c)) for c in CSV_COLUMNS}
        rec.update(meta.get(rec["article_id"], {}))
        rec["context"] = context_of.get(rec["quote_id"], rec["context"])
        recs.append(rec)
    return recs


def _label(column: str, value: str) -> str:
    return labels.label(column, value) or "—"


def _frames(rec: Mapping[str, str]) -> list[str]:
    return [f for f in rec["frames"].split("|") if f]


def _article(rec: Mapping[str, str]) -> str:
    return rec["title"] or rec["article_id"]


def _rank_of(column: str, values: set[str]) -> dict[str, int]:
    return {str(v): i for i, v in enumerate(labels.ordered(column, sorted(values)))}


def _sort_keys(recs: list[dict[str, str]]) -> list[Callable[[dict[str, str]], Any]]:
    """One key per table column, in :data:`TABLE_COLUMNS` order: labels sort in ``labels.csv`` order."""
    rank = {c: _rank_of(c, {f for r in recs for f in _frames(r)} if c == "frame" else {r[c] for r in recs})
            for c in _LABELLED}
    keys: dict[str, Callable[[dict[str, str]], Any]] = {
        "quote": lambda r: r["quote"].casefold(),
        "speaker": lambda r: (r["speaker"] == "", r["speaker"].casefold()),
        "frames": lambda r: (not _frames(r), [rank["frame"][f] for f in _frames(r)]),
        "article": lambda r: (r["outlet"] == "", r["outlet"].casefold(), _article(r).casefold(), r["article_id"]),
    }
    def by_label(column: str) -> Callable[[dict[str, str]], int]:
        return lambda r: rank[column][r[column]]

    keys.update({column: by_label(column) for column in ("speaker_role", "power_tier", "stance", "kind")})
    return [keys[k] for k, _, _ in TABLE_COLUMNS]


def _ranks(recs: list[dict[str, str]], key: Callable[[dict[str, str]], Any]) -> list[int]:
    """Each row's position when sorted by ``key`` (ties keep the table's order)."""
    out = [0] * len(recs)
    for position, i in enumerate(sorted(range(len(recs)), key=lambda i: (key(recs[i]), i))):
        out[i] = position
    return out


def _counts(recs: list[dict[str, str]], key: str) -> dict[str, int]:
    """How many rows have each value of ``key`` (``frame``: each id of ``frames``), in first-seen order."""
    counts: dict[str, int] = {}
    for rec in recs:
        for value in _frames(rec) if key == "frame" else [rec[key]]:
            counts[value] = counts.get(value, 0) + 1
    return counts


def _row_html(rec: Mapping[str, str]) -> str:
    """One table row; raw ids go in data attributes, labels in the cells. ``rowHtml`` in the script mirrors it."""
    e = html.escape
    attrs = "".join(f' data-{c.replace("_", "-")}="{e(rec[c])}"' for c in ROW_ATTRIBUTES)
    quote = f'<div class="qb-text">{e(rec["quote"])}</div>'
    if rec["is_copy"] == "True":
        quote += f'<span class="qb-badge">{e(_label("is_copy", "True"))}</span>'
    if rec["context"]:
        at = rec["context"].find(rec["quote"]) if rec["quote"] else -1
        ctx = e(rec["context"]) if at < 0 else (
            e(rec["context"][:at]) + "<mark>" + e(rec["quote"]) + "</mark>" + e(rec["context"][at + len(rec["quote"]):]))
        quote += f'<details class="qb-ctx"><summary>Context</summary><div>{ctx}</div></details>'
    source = " · ".join(x for x in (rec["outlet"], rec["published"]) if x)
    article = (f'<div class="qb-meta">{e(source)}</div>' if source else "") + (
        f'<div>{e(_article(rec))}</div><div class="qb-meta">{e(rec["quote_id"])}</div>')
    cells = [quote, e(rec["speaker"] or "—"), *(e(_label(c, rec[c])) for c in ("speaker_role", "power_tier", "stance")),
             "".join(f"<div>{e(_label('frame', f))}</div>" for f in _frames(rec)), e(_label("kind", rec["kind"])),
             article]
    return f"<tr{attrs}>" + "".join(f'<td class="qb-c-{k}">{c}</td>' for (k, _, _), c in
                                    zip(TABLE_COLUMNS, cells, strict=True)) + "</tr>"


def _options(recs: list[dict[str, str]], key: str) -> list[tuple[str, str]]:
    """(value, label with count) of filter ``key``, in display order."""
    counts = _counts(recs, key)
    if key in _LABELLED:
        order = list(_rank_of(key, set(counts)))
        name = {v: _label(key, v) for v in order}
    elif key == "article_id":
        order = sorted(counts)
        title = {r["article_id"]: (r["outlet"] + ": " if r["outlet"] else "") + _article(r) for r in recs}
        name = {v: title[v] for v in order}
    else:
        order = sorted(counts, key=lambda v: (v == "", v.casefold()))
        name = {v: v or ("Unknown outlet" if key == "outlet" else "Unattributed") for v in order}
    return [(v, f"{name[v]} ({counts[v]})") for v in order]


@cache
def _asset(name: str) -> str:
    text = data_file(name).read_text(encoding="utf-8")
    if any(bad in text.lower() for bad in ("</script", "</style", "<!--")):
        raise ValueError(f"{name} must not contain '</script', '</style' or '<!--' (it is inlined in the HTML)")
    return text


def _page(uid: str, recs: list[dict[str, str]], shown: str, page_size: int, payload: str) -> str:
    e = html.escape
    filters = []
    for key, name in BROWSER_FILTERS:
        if key == "outlet" and not any(r["outlet"] for r in recs):
            continue
        options = "".join(f'<option value="={e(v)}">{e(text)}</option>' for v, text in _options(recs, key))
        filters.append(f'<label>{name}<select class="qb-filter" data-key="{key}"><option value="">All</option>'
                       f"{options}</select></label>")
    sizes = "".join(f'<option value="{n}"{" selected" if n == page_size else ""}>{n}</option>'
                    for n in sorted({*PAGE_SIZES, page_size})) + '<option value="0">All</option>'
    cols = "".join(f'<col style="width:{w}%">' for _, _, w in TABLE_COLUMNS)
    heads = "".join(f'<th data-sort="{k}" aria-sort="none" tabindex="0">{h}</th>' for k, h, _ in TABLE_COLUMNS)
    static = (f"Showing the first {min(page_size, len(recs))} of {len(recs)} quotes. Search, filters, sorting, "
              "paging and the CSV download need JavaScript (a trusted notebook in Jupyter, or a web browser).")
    return (
        f'<div class="qb-root" id="{uid}"><style>{_asset("quote_browser.css")}</style>'
        f'<div class="qb-controls" data-qb-js hidden><label class="qb-search">Search quote, speaker or context'
        f'<input type="search" placeholder="e.g. consent"></label>{"".join(filters)}'
        f'<button type="button" class="qb-clear">Clear</button></div>'
        f'<div class="qb-bar"><span class="qb-count">{len(recs)} quotes</span>'
        f'<span data-qb-js hidden><button type="button" class="qb-prev">‹ Previous</button> '
        f'<span class="qb-page"></span> <button type="button" class="qb-next">Next ›</button></span>'
        f'<label data-qb-js hidden>Rows per page <select class="qb-size">{sizes}</select></label>'
        f'<button type="button" class="qb-download" data-qb-js hidden>Download CSV</button></div>'
        f'<div class="qb-scroll"><table class="qb-table"><colgroup>{cols}</colgroup><thead><tr>{heads}</tr></thead>'
        f'<tbody>{shown}</tbody></table></div><p class="qb-note">{e(static)}</p>'
        f'<script type="application/json" class="qb-data">{payload}</script>'
        f'<script>{_asset("quote_browser.js")}</script></div>'
    )
