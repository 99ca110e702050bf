"""Coverage over time and by outlet: articles per week or month, per outlet, and whose voices are quoted when.

Pure functions over the ``articles`` and ``quotes`` tables. Undated articles are never dropped silently: every
table that needs dates says how many articles it could not place (``undated``), and :func:`dating` gives the
counts a report states first.
"""

from __future__ import annotations

import pandas as pd

FREQUENCIES = ("week", "month", "year")


def _dates(articles: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(articles["published"].replace("", pd.NA), format="%Y-%m-%d", errors="coerce")


def _period(dates: pd.Series, freq: str) -> pd.Series:
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {list(FREQUENCIES)}, got {freq!r}")
    if freq == "week":
        return dates.dt.to_period("W-SUN").map(lambda p: p.start_time.date().isoformat() if pd.notna(p) else "")
    fmt = "%Y-%m" if freq == "month" else "%Y"
    return dates.dt.strftime(fmt).fillna("")


def dating(articles: pd.DataFrame) -> dict[str, object]:
    """How many articles are dated, undated, and the first and last date (ISO) among the dated ones."""
    dates = _dates(articles)
    dated = dates.dropna()
    return {"n_articles": int(len(articles)), "n_dated": int(len(dated)), "n_undated": int(dates.isna().sum()),
            "first": dated.min().date().isoformat() if len(dated) else "",
            "last": dated.max().date().isoformat() if len(dated) else ""}


def coverage(articles: pd.DataFrame, freq: str = "month", *, canonical_only: bool = False) -> pd.DataFrame:
    """Articles per period (``week`` starting Monday, ``month``, ``year``), every period between the first and
    the last filled (0 where nothing appeared). ``canonical_only``: count a syndicated story once."""
    table = articles[articles["is_canonical"].astype(str) == "True"] if canonical_only else articles
    dates = _dates(table).dropna()
    if dates.empty:
        return pd.DataFrame({"period": pd.Series(dtype=str), "n_articles": pd.Series(dtype=int)})
    periods = _period(dates, freq)
    counts = periods.value_counts()
    spec = {"week": "W-MON", "month": "MS", "year": "YS"}[freq]
    start = dates.min().to_period("W-SUN").start_time if freq == "week" else dates.min()
    full = _period(pd.Series(pd.date_range(start.normalize(), dates.max(), freq=spec)), freq)
    full = pd.Series(sorted(set(full) | set(counts.index)))
    return pd.DataFrame({"period": full, "n_articles": full.map(counts).fillna(0).astype(int)})


def by_outlet(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles per outlet (``(no outlet)`` for empty), with copies of other articles and the date range."""
    table = articles.assign(outlet=articles["outlet"].replace("", "(no outlet)"), _date=_dates(articles))
    rows = []
    for outlet, group in table.groupby("outlet", sort=True):
        dated = group["_date"].dropna()
        rows.append({"outlet": outlet, "n_articles": len(group),
                     "n_copies": int((group["is_canonical"].astype(str) == "False").sum()),
                     "n_undated": int(group["_date"].isna().sum()),
                     "first": dated.min().date().isoformat() if len(dated) else "",
                     "last": dated.max().date().isoformat() if len(dated) else ""})
    out = pd.DataFrame(rows, columns=["outlet", "n_articles", "n_copies", "n_undated", "first", "last"])
    return out.sort_values(["n_articles", "outlet"], ascending=[False, True], kind="stable").reset_index(drop=True)


def voices_over_time(quotes: pd.DataFrame, articles: pd.DataFrame, by: str = "power_tier", freq: str = "month",
                     *, collapse_copies: bool = True) -> pd.DataFrame:
    """Quotes per period and group (``by``: a quotes column such as ``power_tier`` or ``speaker_role``), periods
    as rows, groups as columns; quotes of undated articles are left out (count them with :func:`dating`)."""
    if by not in quotes.columns:
        raise ValueError(f"quotes has no column {by!r}")
    table = quotes[~quotes["is_copy"].astype(str).eq("True")] if collapse_copies else quotes
    dates = dict(zip(articles["article_id"], _dates(articles), strict=True))
    when = table["article_id"].map(dates)
    table = table.assign(period=_period(pd.to_datetime(when), freq))
    table = table[table["period"] != ""]
    group = table[by].fillna("").astype(str).replace("", "(unknown)")
    return pd.crosstab(table["period"], group).rename_axis(index="period", columns=by)
