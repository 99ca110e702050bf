"""An interactive quote browser for notebooks: filter the quotes table by speaker, role, frame and stance.

:func:`filter_quotes` is the pure part (a table in, a table out) and is tested; :func:`quote_browser`
wraps it in ipywidgets dropdowns whose choices come from the table itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .framing import FRAME_IDS

ALL = "(all)"
BROWSER_COLUMNS: tuple[str, ...] = ("quote_id", "speaker", "speaker_role", "stance", "frames", "quote")
_FILTERS: tuple[str, ...] = ("speaker", "speaker_role", "frame", "stance")


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


def quote_browser(quotes: pd.DataFrame, *, columns: Sequence[str] = BROWSER_COLUMNS, max_rows: int = 50):  # type: ignore[no-untyped-def]
    """An ipywidgets box: four dropdowns (speaker, role, frame, stance) over a text listing of matching quotes.

    Display it as the last expression of a cell; the listing updates when a dropdown changes.
    """
    import ipywidgets as widgets

    from .figures import print_table

    _require(quotes, list(columns))
    choices = filter_choices(quotes)
    labels = {"speaker": "speaker", "speaker_role": "role", "frame": "frame", "stance": "stance"}
    dropdowns = {
        key: widgets.Dropdown(options=choices[key], value=ALL, description=labels[key]) for key in _FILTERS
    }
    output = widgets.Output()

    def refresh(_change: object = None) -> None:
        rows = filter_quotes(
            quotes,
            speaker=dropdowns["speaker"].value,
            role=dropdowns["speaker_role"].value,
            frame=dropdowns["frame"].value,
            stance=dropdowns["stance"].value,
        )
        output.clear_output()
        with output:
            print(f"{len(rows)} of {len(quotes)} quotes")
            print_table(rows.loc[:, list(columns)].head(max_rows), index=False, max_colwidth=120)

    for dropdown in dropdowns.values():
        dropdown.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox(list(dropdowns.values())[:2]), widgets.HBox(list(dropdowns.values())[2:]),
                         output])
