"""Accuracy on your own corpus: draw a review sample of the automatic codings, read the marks back.

``icanalysis review`` writes a reproducible sample of quotes (speaker, role, power tier, stance, frames, with the
paragraph they sit in) to a CSV and an Excel workbook (drop-downs for the marks) a researcher fills in:
``y`` or ``n`` per coding, and the right answer where it is wrong. ``icanalysis validate`` turns one filled
sheet into per-coding accuracy with Wilson 95% intervals, two sheets of the same sample (two reviewers) into
Krippendorff's alpha per coding as well, and the answers into rows of the project's corrections file.

The sample is stratified by article with proportional allocation (every article contributes in proportion to
its quotes, at least one where the sample allows), so the plain share of correct marks estimates the accuracy
over all quotes of the corpus; the seed makes it reproducible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

CODINGS: tuple[str, ...] = ("speaker", "speaker_role", "power_tier", "stance", "frames")
MARKS = {"y": True, "yes": True, "1": True, "true": True, "n": False, "no": False, "0": False, "false": False}
SHEET_COLUMNS = ("review_id", "article_id", "quote_id", "quote", "context", *CODINGS,
                 *(f"{c}_ok" for c in CODINGS), *(f"correct_{c}" for c in CODINGS), "reviewer_note")


class ReviewError(ValueError):
    """A review sheet that cannot be read: the message names the file, the row and the column."""


def _allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Proportional allocation of ``n`` over strata of ``sizes`` (largest remainder; never above a stratum)."""
    n = min(n, int(sizes.sum()))
    exact = sizes / sizes.sum() * n
    alloc = np.floor(exact).astype(int)
    order = (exact - alloc).sort_values(ascending=False, kind="stable").index
    for key in order[: n - int(alloc.sum())]:
        alloc[key] += 1
    return alloc.clip(upper=sizes)


def draw_sample(quotes: pd.DataFrame, paragraphs: pd.DataFrame, *, n: int = 100, seed: int = 0) -> pd.DataFrame:
    """A review sheet of ``n`` quotes (stratified by article, seeded) with empty mark columns."""
    if quotes.empty:
        raise ReviewError("there are no quotes to review: run `icanalysis run` on a corpus with quotes first")
    rng = np.random.default_rng(seed)
    sizes = quotes.groupby("article_id", sort=True).size()
    picks = []
    for article, k in _allocate(sizes, n).items():
        rows = quotes[quotes["article_id"] == article]
        if k:
            picks.append(rows.iloc[np.sort(rng.choice(len(rows), size=int(k), replace=False))])
    sample = pd.concat(picks).reset_index(drop=True)
    paras = paragraphs.set_index(["article_id", "para_index"])["text"]
    context = [str(paras.get((a, int(p)), "")) if pd.notna(p) else ""
               for a, p in zip(sample["article_id"], sample["para_index"], strict=True)]
    sheet = pd.DataFrame({"review_id": [f"r{i + 1:04d}" for i in range(len(sample))],
                          "article_id": sample["article_id"], "quote_id": sample["quote_id"],
                          "quote": sample["quote"], "context": [c[:800] for c in context]})
    for coding in CODINGS:
        sheet[coding] = sample[coding].fillna("").astype(str)
    for column in SHEET_COLUMNS[len(sheet.columns):]:
        sheet[column] = ""
    return sheet[list(SHEET_COLUMNS)]


def write_workbook(sheet: pd.DataFrame, path: Path) -> None:
    """``sheet`` as an Excel workbook (atomically): header frozen, quote and context wrapped, a y/n drop-down in
    every ``*_ok`` column and the valid values in the ``correct_*`` columns that have a closed list."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from .exports import as_text_cell, excel_text
    from .io import atomic_write_bytes
    from .speakers import POWER_TIERS, ROLES
    from .stance import STANCES

    book = Workbook()
    ws = book.active
    ws.title = "review"
    ws.append(list(sheet.columns))
    for row in sheet.itertuples(index=False):
        ws.append([excel_text(str(v)) for v in row])
        for cell in ws[ws.max_row]:
            as_text_cell(cell)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    last = len(sheet) + 1
    widths = {"quote": 50, "context": 80, "reviewer_note": 30}
    lists = {"correct_speaker_role": ROLES, "correct_power_tier": POWER_TIERS, "correct_stance": STANCES}
    for i, name in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = widths.get(name, 16)
        if name in widths:
            for cell in ws[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        choices = ("y", "n") if name.endswith("_ok") else lists.get(name)
        if choices and last > 1:
            check = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
            check.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(check)
    buffer = BytesIO()
    book.save(buffer)
    atomic_write_bytes(Path(path), buffer.getvalue())


def _read_sheet(path: Path) -> pd.DataFrame:
    from zipfile import BadZipFile

    from openpyxl.utils.exceptions import InvalidFileException

    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl").fillna("")
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, KeyError, UnicodeDecodeError, BadZipFile, InvalidFileException,
            pd.errors.ParserError) as exc:
        raise ReviewError(f"{path}: not a readable review sheet ({type(exc).__name__}: {exc})") from exc


def read_marks(path: Path) -> pd.DataFrame:
    """A filled review sheet (the CSV or the XLSX ``icanalysis review`` wrote) as review_id, article_id,
    quote_id, quote, one boolean-or-NaN column per coding (NaN: not marked) and the reviewer's answers
    (``correct_*``, text). Raises :class:`ReviewError` naming the file, row and column of any mark that is
    not y/n (yes/no, 1/0, true/false)."""
    path = Path(path)
    sheet = _read_sheet(path)
    missing = [c for c in ("review_id", *(f"{c}_ok" for c in CODINGS)) if c not in sheet.columns]
    if missing:
        raise ReviewError(f"{path}: missing column(s) {missing}; draw a sheet with `icanalysis review`")
    out = pd.DataFrame({"review_id": sheet["review_id"].astype(str)})
    for column in ("article_id", "quote_id", "quote"):
        out[column] = sheet[column].astype(str) if column in sheet.columns else ""
    for coding in CODINGS:
        values = []
        for row, raw in enumerate(sheet[f"{coding}_ok"].astype(str), start=2):
            mark = raw.strip().lower()
            if mark and mark not in MARKS:
                raise ReviewError(f"{path}: line {row} ({sheet['review_id'].iloc[row - 2]}), column {coding}_ok: "
                                  f"{raw!r} is not a mark (y or n; leave it empty when not reviewed)")
            values.append(MARKS[mark] if mark else math.nan)
        out[coding] = values
        answer = f"correct_{coding}"
        out[answer] = sheet[answer].astype(str).str.strip() if answer in sheet.columns else ""
    return out


def _marked_wrong(mark: object) -> bool:
    return isinstance(mark, (bool, np.bool_)) and not mark


NOT_A_QUOTE = "not a quote"  # written in correct_speaker: the passage is no quote at all


def corrections_from_marks(sheets: Sequence[pd.DataFrame], quotes: pd.DataFrame, source: str
                           ) -> tuple[pd.DataFrame, list[str]]:
    """Rows for a corrections file (:mod:`corrections`) from the answers of marked sheets: a coding marked wrong
    with an answer in ``correct_*`` (``not a quote`` in ``correct_speaker`` removes the quote). With several
    sheets, an answer is taken where the reviewers who gave one agree; conflicting answers are listed, not
    taken. Returns the rows and one problem line per answer not taken (naming the sheet row and column)."""
    from .corrections import COLUMNS, check_value
    from .textnorm import category_id

    starts = dict(zip(quotes["quote_id"].astype(str), quotes["start"], strict=True)) if len(quotes) else {}
    rows, problems = [], []
    first = sheets[0]
    for i, unit in enumerate(first.itertuples(index=False)):
        for coding in CODINGS:
            answers = {str(s.iloc[i][f"correct_{coding}"]) for s in sheets
                       if _marked_wrong(s.iloc[i][coding]) and str(s.iloc[i][f"correct_{coding}"])}
            where = f"{source}: line {i + 2} ({unit.review_id}), column correct_{coding}"
            if len(answers) > 1:
                problems.append(f"{where}: the reviewers disagree ({sorted(answers)}): not taken")
                continue
            if not answers:
                continue
            value = answers.pop()
            field = "not_a_quote" if coding == "speaker" and value.casefold() == NOT_A_QUOTE else coding
            value = category_id(value) if field in ("speaker_role", "power_tier") else value
            value = "yes" if field == "not_a_quote" else value
            problem = check_value(field, value)
            if problem:
                problems.append(f"{where}: {problem}: not taken")
                continue
            start = starts.get(str(unit.quote_id), "")
            rows.append({"article_id": unit.article_id, "quote": unit.quote, "quote_start": start, "field": field,
                         "value": value, "note": f"review {unit.review_id}", "speaker": ""})
    return pd.DataFrame(rows, columns=list(COLUMNS)), problems


def wilson(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for ``k`` successes in ``n`` trials (scipy's binomtest)."""
    from scipy.stats import binomtest

    if n == 0:
        return math.nan, math.nan
    ci = binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
    return float(ci.low), float(ci.high)


def accuracy(marks: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Per coding: marked quotes, correct, accuracy, Wilson interval."""
    rows = []
    for coding in CODINGS:
        marked = marks[coding].dropna()
        k, n = int(marked.astype(bool).sum()), len(marked)
        lo, hi = wilson(k, n, level)
        rows.append({"coding": coding, "n_marked": n, "n_correct": k, "accuracy": k / n if n else math.nan,
                     "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows)


def agreement(sheets: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) per coding between reviewers of the same sample (matched by review_id)."""
    from .validation import krippendorff_alpha_nominal

    merged = sheets[0].set_index("review_id")
    rows = []
    for coding in CODINGS:
        table = pd.DataFrame({f"r{i}": s.set_index("review_id")[coding].reindex(merged.index)
                              for i, s in enumerate(sheets)})
        table = table.dropna(how="all")
        rows.append({"coding": coding, "n_units": len(table),
                     "alpha": krippendorff_alpha_nominal(table) if len(table) else math.nan})
    return pd.DataFrame(rows)
