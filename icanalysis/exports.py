"""Exports for the tools researchers already use: Excel workbooks, Excel-safe CSV, a self-contained HTML report
of a run, and (with :mod:`qdpx`) a REFI-QDA project for NVivo, ATLAS.ti and MAXQDA.

Every function here takes tables (and texts) and returns bytes or text; ``icanalysis export`` (cli.py) reads the
project's processed tables and writes the result atomically.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path

import pandas as pd

from . import labels, timeline

EXCEL_MAX_ROWS = 1_048_575  # data rows per sheet (one row is the header)
EXCEL_MAX_CELL = 32_767  # characters per cell
SHEET_ORDER = ("articles", "quotes", "speakers", "duplicates", "removed", "paragraphs", "sentences",
               "speaker_merges", "run_report")
LABELLED = {"power_tier": "power_tier", "speaker_role": "speaker_role", "role": "speaker_role", "stance": "stance",
            "kind": "kind", "attribution": "attribution"}  # table column -> its labels' column


def _or_unknown(values: pd.Series) -> pd.Series:
    """``values`` as text with a missing or empty value shown as ``unknown``."""
    return values.fillna("").astype(str).replace("", "unknown")


def excel_text(value: str) -> str:
    """``value`` without the control characters an XLSX file cannot hold (form feeds from PDF text, vertical
    tabs), which openpyxl refuses."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value)


def as_text_cell(cell: object) -> object:
    """Mark a cell whose text starts with ``=`` as text, so Excel shows it instead of running it as a formula."""
    if isinstance(getattr(cell, "value", None), str) and cell.value.startswith("="):  # type: ignore[attr-defined]
        cell.data_type = "s"  # type: ignore[attr-defined]
    return cell


def excel_csv(table: pd.DataFrame) -> bytes:
    """``table`` as CSV in UTF-8 with a byte-order mark and CRLF line ends, which Excel opens with curly quotes
    and accents intact (plain UTF-8 CSV is read as Windows-1252 by Excel)."""
    return table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def workbook(tables: Mapping[str, pd.DataFrame], *, row_limit: int = EXCEL_MAX_ROWS) -> tuple[bytes, list[str]]:
    """An XLSX workbook with one sheet per table (``SHEET_ORDER`` first), a ``README`` sheet listing them and a
    ``labels`` sheet with the human label of every category value. Returns the bytes and notes on what Excel's
    limits changed: a table over ``row_limit`` rows continues on sheets ``name (2)``...; a cell over 32,767
    characters is cut (the note names table, row and column)."""
    from openpyxl import Workbook

    notes: list[str] = []
    book = Workbook(write_only=True)
    names = [n for n in SHEET_ORDER if n in tables] + sorted(n for n in tables if n not in SHEET_ORDER)
    index = book.create_sheet("README")
    index.append(["sheet", "table", "rows", "note"])
    sheets: list[tuple[str, str, pd.DataFrame]] = []
    for name in names:
        table = tables[name]
        parts = max(1, -(-len(table) // row_limit))
        for part in range(parts):
            title = name if part == 0 else f"{name} ({part + 1})"
            sheets.append((title[:31], name, table.iloc[part * row_limit:(part + 1) * row_limit]))
        if parts > 1:
            notes.append(f"{name}: {len(table)} rows, over Excel's limit: split over {parts} sheets")
    for title, name, _part in sheets:
        index.append([title, name, len(_part), "continued" if title != name else ""])
    from openpyxl.cell import WriteOnlyCell

    for title, name, part in sheets:
        sheet = book.create_sheet(title)
        header = [str(c) for c in part.columns]
        sheet.append(header)
        for i, row in enumerate(part.itertuples(index=False), start=2):
            cells = []
            for column, value in zip(header, row, strict=True):
                if value is None or (isinstance(value, float) and pd.isna(value)):
                    value = None
                elif not isinstance(value, (str, int, float, bool)):
                    value = str(value)
                if isinstance(value, str):
                    value = excel_text(value)
                    if len(value) > EXCEL_MAX_CELL:
                        notes.append(f"{name} row {i} column {column}: {len(value)} characters, cut to "
                                     f"{EXCEL_MAX_CELL}")
                        value = value[:EXCEL_MAX_CELL]
                    value = as_text_cell(WriteOnlyCell(sheet, value=value))
                cells.append(value)
            sheet.append(cells)
    legend = book.create_sheet("labels")
    legend.append(["column", "value", "label"])
    for column in labels.columns():
        for value in labels.values(column):
            legend.append([column, value, labels.label(column, value)])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), notes


# --- the HTML report ----------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}th,td{border:1px solid #ddd;padding:.25em .6em;
text-align:left;vertical-align:top}th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1em 0}figure img{max-width:min(100%,820px);border:1px solid #eee}figcaption{font-size:.85em;color:#555}
.note{color:#555;font-size:.9em}nav a{margin-right:1em}
"""


def _table_html(table: pd.DataFrame, *, digits: int = 3) -> str:
    """An HTML table with category values shown by label and numbers right-aligned."""
    if table.empty:
        return '<p class="note">(none)</p>'
    head = "".join(f"<th>{html.escape(str(c).replace('_', ' ').capitalize())}</th>" for c in table.columns)
    rows = []
    for record in table.itertuples(index=False):
        cells = []
        for column, value in zip(table.columns, record, strict=True):
            if isinstance(value, float):
                cells.append(f'<td class="num">{"" if pd.isna(value) else f"{value:.{digits}f}"}</td>')
            elif isinstance(value, (int,)) and not isinstance(value, bool):
                cells.append(f'<td class="num">{value}</td>')
            else:
                text = labels.label(LABELLED[str(column)], value) if column in LABELLED else str(value)
                cells.append(f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _figure_html(fig: object, caption: str) -> str:
    import matplotlib.pyplot as plt

    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})  # type: ignore[attr-defined]
    plt.close(fig)  # type: ignore[arg-type]
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def _counts(series: pd.Series, column: str, name: str = "n") -> pd.DataFrame:
    counts = series.fillna("").astype(str).value_counts()
    order = labels.ordered(column, counts.index) if column in labels.columns() else list(counts.index)
    return pd.DataFrame({column: order, name: [int(counts[v]) for v in order]})


def report_html(tables: Mapping[str, pd.DataFrame], *, project_name: str, summary: Mapping[str, object],
                validation: Mapping[str, object] | None = None, coder_validation: Mapping[str, object] | None = None,
                figures_dir: Path | None = None) -> str:
    """A self-contained HTML report of one run (no external files, no scripts): corpus and coverage over time and
    by outlet, what cleaning removed, duplicates found, who is quoted, tone, stance and frames, the notebooks'
    exported figures (PNG, inline) and the accuracy figures beside them."""
    from . import figures
    from .framing import FRAME_IDS

    figures.set_style()
    articles, quotes = tables["articles"], tables["quotes"]
    original = quotes[~quotes["is_copy"].astype(str).eq("True")]
    dated = timeline.dating(articles)
    parts = [f"<h1>{html.escape(project_name)}: run report</h1>",
             '<nav><a href="#corpus">Corpus</a><a href="#cleaning">Cleaning</a><a href="#reuse">Reuse</a>'
             '<a href="#voices">Voices</a><a href="#codings">Tone, stance, frames</a><a href="#figures">Figures</a>'
             '<a href="#accuracy">Accuracy</a><a href="#inputs">Inputs</a></nav>',
             f'<p class="note">code version {html.escape(str(summary.get("code_version", "")))}; input fingerprint '
             f'<code>{html.escape(str(summary.get("input_fingerprint", ""))[:16])}</code></p>']
    # corpus, time and outlets
    parts.append('<h2 id="corpus">Corpus</h2>')
    parts.append(f"<p>{dated['n_articles']} articles, {dated['n_dated']} dated"
                 + (f" ({dated['first']} to {dated['last']})" if dated["n_dated"] else "")
                 + f"; {dated['n_undated']} undated, left out of the views over time.</p>")
    monthly = timeline.coverage(articles, "month")
    if len(monthly):
        fig = figures.coverage_over_time(monthly, title="Articles per month")
        parts.append(_figure_html(fig, "Articles per month (dated articles only)"))
        parts.append(_table_html(monthly))
    parts.append("<h3>By outlet</h3>" + _table_html(timeline.by_outlet(articles)))
    # cleaning
    removed = tables.get("removed")
    parts.append('<h2 id="cleaning">What cleaning removed</h2>')
    if removed is not None:
        parts.append(_table_html(_counts(removed["rule_kind"], "rule_kind", "lines or prefixes")))
    # reuse
    duplicates = tables.get("duplicates", pd.DataFrame(columns=["level", "relation"]))
    parts.append('<h2 id="reuse">Syndicated and copied text</h2>')
    parts.append(_table_html(duplicates.groupby(["level", "relation"]).size().rename("pairs").reset_index()
                             if len(duplicates) else duplicates))
    # voices
    parts.append('<h2 id="voices">Who is quoted</h2>')
    parts.append(f"<p>{len(quotes)} quotes ({len(quotes) - len(original)} in copied text, counted once below).</p>")
    tier = _or_unknown(original["power_tier"])
    parts.append(_table_html(_counts(tier, "power_tier", "quotes")))
    parts.append(_table_html(_counts(_or_unknown(original["speaker_role"]), "speaker_role", "quotes")))
    speakers = tables.get("speakers")
    if speakers is not None and len(speakers):
        top = speakers.sort_values(["n_quotes", "speaker"], ascending=[False, True], kind="stable").head(20)
        top = top[["speaker", "role", "power_tier", "n_quotes", "n_articles"]]
        parts.append("<h3>Most quoted</h3>" + _table_html(top.fillna({"role": "", "power_tier": ""})))
    voices = timeline.voices_over_time(quotes, articles, "power_tier", "month")
    if len(voices):
        parts.append("<h3>Voices over time (quotes per month by power tier)</h3>"
                     + _table_html(voices.reset_index()))
    # codings
    parts.append('<h2 id="codings">Tone, stance and frames</h2>')
    if len(original):
        tone = original.groupby(tier)[["vader_compound", "polarity"]].mean().reset_index()
        parts.append("<h3>Mean tone by power tier</h3>" + _table_html(labels.sort_table(tone, "power_tier")))
        stance = pd.crosstab(tier, original["stance"].fillna("none")).reset_index()
        stance = stance[["power_tier", *labels.ordered("stance", [c for c in stance.columns if c != "power_tier"])]]
        stance.columns = ["power_tier", *(labels.label("stance", c) for c in stance.columns[1:])]
        parts.append("<h3>Stance toward intimacy coordinators by power tier</h3>"
                     + _table_html(labels.sort_table(stance, "power_tier")))
        frames = pd.DataFrame({"frame": [labels.label("frame", f) for f in FRAME_IDS],
                               "share_of_quotes": [float(original[f].astype(str).eq("True").mean()) for f in FRAME_IDS]})
        parts.append("<h3>Frames (share of quotes)</h3>" + _table_html(frames))
    # figures from the notebooks
    parts.append('<h2 id="figures">Figures</h2>')
    pngs = sorted(figures_dir.glob("*.png")) if figures_dir is not None and figures_dir.is_dir() else []
    if not pngs:
        parts.append('<p class="note">No exported figures yet: run <code>icanalysis notebooks</code> first.</p>')
    for png in pngs:
        data = base64.b64encode(png.read_bytes()).decode("ascii")
        parts.append(f'<figure><img alt="{html.escape(png.stem)}" src="data:image/png;base64,{data}">'
                     f"<figcaption>{html.escape(png.stem)} (data: {html.escape(png.stem)}.csv)</figcaption></figure>")
    # accuracy
    parts.append('<h2 id="accuracy">Accuracy</h2>')
    if validation:
        rows = pd.DataFrame(list(validation.get("accuracy", [])))  # type: ignore[call-overload]
        parts.append(f"<p>Measured on this corpus by hand review (sheet "
                     f"{html.escape(str(validation.get('sheet', '')))}):</p>" + _table_html(rows))
    else:
        parts.append('<p class="note">Not measured on this corpus yet: <code>icanalysis review</code>, mark the '
                     "sheet, <code>icanalysis validate</code>.</p>")
    if coder_validation:
        blind = coder_validation.get("blind_model", {})
        blind = blind if isinstance(blind, dict) else {}
        parts.append(f"<p>Stance and frame model on {coder_validation.get('blind_articles')} articles written and "
                     f"coded blind to it ({coder_validation.get('blind_units')} sentences):</p>"
                     + _table_html(pd.DataFrame([{"measure": k, "value": v} for k, v in blind.items()
                                                 if isinstance(v, (int, float))])))
    # inputs
    parts.append('<h2 id="inputs">Inputs</h2>')
    files = summary.get("files", {})
    files = files if isinstance(files, dict) else {}
    parts.append(_table_html(pd.DataFrame([{"status": k, "files": v} for k, v in files.items()])))
    warnings = summary.get("warnings", [])
    skipped = summary.get("skipped", [])
    warnings, skipped = (w if isinstance(w, list) else [] for w in (warnings, skipped))
    parts.append(f"<p>{len(skipped)} skipped or ignored, {len(warnings)} warnings: see run_report.md.</p>")
    body = "\n".join(parts)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(project_name)}'
            f"</title><style>{_CSS}</style></head><body>\n{body}\n</body></html>\n")


def summary_of(processed: Path) -> dict[str, object]:
    """The run report of a processed folder (empty when there is none)."""
    path = Path(processed) / "run_report.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
