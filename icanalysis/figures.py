"""Paper figures: one shared style, a few general plot helpers, and byte-reproducible export.

``export_figure`` writes PDF, SVG and a 300-dpi PNG whose metadata carry no date or software version,
each atomically, plus ``<name>.provenance.json`` (inputs with sha256, package version, figure size;
sorted keys, no timestamps). Exporting the same figure twice gives identical bytes.

References: Okabe & Ito 2008 (colour-universal design palette); the project's shared NOTEBOOKS.md (reproducible-notebook recipe).
"""

from __future__ import annotations

import hashlib
import io as _bytes_io
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Literal

import pandas as pd

from . import io

OKABE_ITO: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
)
# Chosen for distance under colour-vision deficiency: the smallest CAM02-UCS difference between any two of them,
# with normal vision and simulated deuteranopia, protanopia and tritanopia (colorspacious, severity 100), is
# above 20 (tests/test_figures.py); the earlier green/orange/vermillion/grey set fell to 15.
STANCE_COLOURS: dict[str, str] = {
    "favour": "#0072B2", "mixed": "#882255", "against": "#D55E00", "none": "#DDDDDD",
}
WIDTHS: dict[str, float] = {"single": 3.5, "double": 7.2}
DPI = 300
GROW_STEPS = 6
SVG_HASHSALT = "icanalysis"


def set_style() -> None:
    """Shared matplotlib rcParams (DejaVu Sans, Okabe-Ito, fixed sizes, reproducible SVG) and pandas display."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": 8,
        "axes.titlesize": 9,
        "axes.labelsize": 8,
        "xtick.labelsize": 7,
        "ytick.labelsize": 7,
        "legend.fontsize": 7,
        "axes.prop_cycle": cycler(color=list(OKABE_ITO)),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.figsize": (WIDTHS["single"], 2.4),
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "savefig.bbox": "standard",
        "svg.hashsalt": SVG_HASHSALT,
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "path.simplify": True,
    })
    pd.set_option("display.precision", 3)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.max_colwidth", 60)


def _sha256(path: Path) -> str:
    return hashlib.sha256(io.read_bytes(path)).hexdigest()


def _portable(path: Path) -> str:
    """``path`` relative to the current project's root when it lies inside it (same provenance on every
    machine), else as given."""
    from .paths import NoProject, current_project

    try:
        return path.resolve().relative_to(current_project().root).as_posix()
    except (ValueError, NoProject):
        return str(path)


def processed_inputs(*names: str, folder: str | Path | None = None) -> dict[str, Path]:
    """name -> path of processed tables (CSV or Parquet, whichever exists), for ``export_figure(inputs=...)``."""
    base = io.processed_folder(folder)
    return {name: io.table_path(name, base) for name in names}


def _code_version() -> str:
    try:
        return metadata.version("icanalysis")
    except metadata.PackageNotFoundError:
        return "unknown (package not installed)"


def export_figure(
    fig: object,
    name: str,
    out_dir: str | Path,
    *,
    inputs: Mapping[str, str | Path],
    width: Literal["single", "double"] = "single",
    data: pd.DataFrame | None = None,
) -> None:
    """Write ``name``.pdf/.svg/.png (300 dpi), ``name``.csv (the numbers drawn) and ``name``.provenance.json.

    The figure is set to the journal column width (single 3.5 in, double 7.2 in), keeping its height; titles
    and axis labels wider than that are wrapped, and a figure with any text still outside the canvas is refused
    (ValueError) before anything is written.

    Args:
        inputs: label -> path of each data file the figure was drawn from (hashed into the provenance).
        data: the table drawn (default: the one the plot helpers attach to the figure; none: no CSV).
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"export_figure expects a matplotlib Figure, got {type(fig).__name__}")
    if width not in WIDTHS:
        raise ValueError(f"width must be one of {sorted(WIDTHS)}, got {width!r}")
    if not name or "/" in name or "\\" in name:
        raise ValueError(f"name must be a plain file stem, got {name!r}")
    out = Path(out_dir)
    metadata_by_format = {
        "pdf": {"CreationDate": None, "Producer": None, "Creator": None},
        "svg": {"Date": None},
        "png": {"Software": None},
    }
    # Settle the layout once, then freeze it: a layout engine re-run on every save drifts in the last
    # float digits, which changes SVG clip-path ids between otherwise identical exports.
    # A figure whose texts do not fit its height grows (by a quarter, up to GROW_STEPS times) rather than clip.
    engine = fig.get_layout_engine()
    height, originals = _export_start(fig)
    try:
        for _ in range(GROW_STEPS + 1):
            fig.set_layout_engine(engine)
            fig.set_size_inches(WIDTHS[width], height)
            _fit_texts(fig)
            _settle(fig)
            fig.set_layout_engine("none")
            outside = text_outside_canvas(fig)
            if not outside:
                break
            height = round(height * 1.25, 3)
        # what this export set, so that the next export of the same figure starts where this one did
        fig._icanalysis_export_state = (height, float(fig.get_size_inches()[1]),  # type: ignore[attr-defined]
                                        [(t, original, t.get_text()) for t, original in originals])
        if outside:
            raise ValueError(f"figure {name!r}: text would be cut off at the {width} width: {outside[:3]}; "
                             "shorten it or choose width='double'")
        with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "pdf.fonttype": 42, "ps.fonttype": 42}):
            for fmt, meta in metadata_by_format.items():
                buffer = _bytes_io.BytesIO()
                fig.savefig(buffer, format=fmt, dpi=DPI, metadata=meta)
                io.atomic_write_bytes(out / f"{name}.{fmt}", buffer.getvalue())
    finally:
        fig.set_layout_engine(engine)
    table = data if data is not None else getattr(fig, FIGURE_DATA_ATTR, None)
    if table is not None:
        io.atomic_write_text(out / f"{name}.csv", table.to_csv(index=False, lineterminator="\n"))
    provenance = {
        "figure": name,
        "formats": sorted(metadata_by_format),
        "size_in": [round(float(x), 3) for x in fig.get_size_inches()],
        "width": width,
        "dpi": DPI,
        "data": f"{name}.csv" if table is not None else None,
        "code_version": _code_version(),
        "inputs": {label: {"path": _portable(Path(path)), "sha256": _sha256(Path(path))}
                   for label, path in inputs.items()},
    }
    io.write_json(out / f"{name}.provenance.json", provenance)


# --- plot helpers ---------------------------------------------------------------------------------

def _new_figure(width: Literal["single", "double"], height: float):  # type: ignore[no-untyped-def]
    import matplotlib.pyplot as plt

    if width not in WIDTHS:
        raise ValueError(f"width must be one of {sorted(WIDTHS)}, got {width!r}")
    fig, ax = plt.subplots(figsize=(WIDTHS[width], height), layout="constrained")
    return fig, ax


FIGURE_DATA_ATTR = "_icanalysis_data"  # the table a helper drew, written beside the figure by export_figure
WRAP_CHARS = 28  # category labels longer than this are wrapped onto a second line


def _attach(fig, table: pd.DataFrame):  # type: ignore[no-untyped-def]
    setattr(fig, FIGURE_DATA_ATTR, table)
    return fig


def _display(column: str | None, values: Sequence[object], counts: Sequence[object] | None = None) -> list[str]:
    """Tick labels: the human label of each value (``labels.csv``), wrapped, with ``(n=..)`` when counts given."""
    import textwrap

    from .labels import label

    out = []
    for i, value in enumerate(values):
        text = label(column, value) if column else str(value)
        if counts is not None:
            text = f"{text} (n={int(counts[i])})"  # type: ignore[call-overload]
        out.append(textwrap.fill(text, WRAP_CHARS))
    return out


def _in_display_order(data: pd.DataFrame, column: str, by: str | None = None) -> pd.DataFrame:
    """Rows of ``data`` in the labels' order of ``column`` when it has labels, else by ``by`` (ascending)."""
    from .labels import columns, sort_table

    if column in columns():
        return sort_table(data, column)
    return data.sort_values(by, kind="stable") if by else data


def bar_shares(
    df: pd.DataFrame,
    category: str,
    value: str,
    *,
    lo: str | None = None,
    hi: str | None = None,
    n: str | None = None,
    xlabel: str = "share",
    title: str | None = None,
    width: Literal["single", "double"] = "single",
    height: float = 2.4,
):  # type: ignore[no-untyped-def]
    """Horizontal bars of ``value`` per ``category`` (e.g. quote_share per role), with optional CI whiskers
    (``lo``/``hi``) and the group size (``n``: a column of counts, shown as ``(n=..)`` in the labels). Categories
    with labels (roles, tiers, stances, frames) are shown by label in the one display order, top to bottom."""
    fig, ax = _new_figure(width, height)
    data = _in_display_order(df, category, by=value).iloc[::-1]  # barh draws the first row at the bottom
    err = None
    if lo is not None and hi is not None:
        err = [(data[value] - data[lo]).clip(lower=0).to_numpy(), (data[hi] - data[value]).clip(lower=0).to_numpy()]
    ticks = _display(category, data[category].tolist(), data[n].tolist() if n else None)
    ax.barh(range(len(data)), data[value], xerr=err, color=OKABE_ITO[4], error_kw={"linewidth": 0.8})
    _ = ax.set_yticks(range(len(data)), ticks)
    _ = ax.set_xlabel(xlabel)
    if title:
        _ = ax.set_title(title)
    return _attach(fig, data.iloc[::-1].reset_index(drop=True))


def stacked_stance_by_role(
    table: pd.DataFrame,
    *,
    stances: Sequence[str] = ("favour", "mixed", "against", "none"),
    title: str | None = None,
    width: Literal["single", "double"] = "single",
    height: float = 2.4,
):  # type: ignore[no-untyped-def]
    """100% stacked bars: rows of ``table`` (e.g. roles from ``power.role_crosstab(..., 'stance')``) by stance,
    each row labelled with its number of quotes; rows in the labels' order of the index name."""
    from .labels import label

    fig, ax = _new_figure(width, height)
    counts = table.reindex(columns=list(stances), fill_value=0)
    column = str(table.index.name or "speaker_role")
    counts = _in_display_order(counts.rename_axis(column).reset_index(), column).set_index(column).iloc[::-1]
    totals = counts.sum(axis=1)
    shares = counts.div(totals.replace(0, 1), axis=0)
    left = pd.Series(0.0, index=shares.index)
    positions = range(len(shares))
    for stance in stances:
        ax.barh(positions, shares[stance], left=left, label=label("stance", stance),
                color=STANCE_COLOURS.get(stance, "#777777"), edgecolor="#555555", linewidth=0.3)
        left = left + shares[stance]
    _ = ax.set_yticks(positions, _display(column, shares.index.tolist(), totals.tolist()))
    _ = ax.set_xlabel("share of quotes")
    _ = ax.set_xlim(0, 1)
    _ = ax.legend(ncols=2, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    if title:
        _ = ax.set_title(title, pad=30)
    return _attach(fig, counts.iloc[::-1].assign(n=totals.iloc[::-1]).reset_index())


def frame_heatmap(
    table: pd.DataFrame,
    *,
    title: str | None = None,
    fmt: str = "{:.2f}",
    cbar_label: str = "share",
    columns_are: str = "frame",
    n: pd.Series | None = None,
    width: Literal["single", "double"] = "double",
    height: float = 2.8,
):  # type: ignore[no-untyped-def]
    """Heatmap of a numeric table (e.g. frame shares: groups x frames) with annotated cells, human labels on both
    axes (``columns_are``: the labels' column of the table's columns; rows by the index name), each row's group
    size when ``n`` (counts on the table's index) is given, and a labelled colour bar."""
    from .labels import columns

    fig, ax = _new_figure(width, height)
    row_column = str(table.index.name or "")
    if row_column in columns():
        table = _in_display_order(table.rename_axis(row_column).reset_index(), row_column).set_index(row_column)
    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="cividis", aspect="auto", vmin=0)
    _ = ax.set_xticks(range(table.shape[1]), _display(columns_are, list(table.columns)), rotation=45, ha="right")
    counts = n.reindex(table.index).fillna(0).tolist() if n is not None else None
    _ = ax.set_yticks(range(table.shape[0]), _display(row_column if row_column in columns() else None,
                                                      list(table.index), counts))
    vmax = values.max() if values.size else 1
    for (i, j), v in pd.DataFrame(values).stack().items():
        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=6,
                color="black" if v > 0.6 * vmax else "white")
    bar = fig.colorbar(image, ax=ax, shrink=0.8)
    bar.set_label(cbar_label)
    if title:
        _ = ax.set_title(title)
    drawn = table.assign(n=counts) if counts is not None else table
    return _attach(fig, drawn.reset_index())


def coverage_over_time(
    table: pd.DataFrame,
    *,
    period: str = "period",
    value: str = "n_articles",
    ylabel: str = "articles",
    title: str | None = None,
    width: Literal["single", "double"] = "double",
    height: float = 2.4,
):  # type: ignore[no-untyped-def]
    """Vertical bars of ``value`` per ``period`` in time order (e.g. :func:`timeline.coverage`); at most about
    twelve period labels are shown."""
    fig, ax = _new_figure(width, height)
    ax.bar(range(len(table)), table[value], color=OKABE_ITO[4])
    step = max(1, -(-len(table) // 12))
    ticks = list(range(0, len(table), step))
    _ = ax.set_xticks(ticks, [str(table[period].iloc[i]) for i in ticks], rotation=45, ha="right")
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _ = ax.set_ylabel(ylabel)
    if title:
        _ = ax.set_title(title)
    return _attach(fig, table.reset_index(drop=True))


def text_outside_canvas(fig) -> list[str]:  # type: ignore[no-untyped-def]
    """The visible texts of ``fig`` (titles, labels, tick labels, legends, annotations) that do not lie wholly
    inside the canvas, as drawn; empty when nothing is clipped."""
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    canvas = fig.bbox
    tick_labels: set[int] = set()
    drawn: set[int] = set()  # a tick outside the view limits keeps a label that is never drawn
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            pad = (hi - lo) * 1e-9
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                labels = (tick.label1, tick.label2)
                tick_labels.update(map(id, labels))
                if lo - pad <= tick.get_loc() <= hi + pad:
                    drawn.update(map(id, labels))
    outside = []
    for artist in fig.findobj(Text):
        if not artist.get_visible() or not artist.get_text().strip():
            continue
        if id(artist) in tick_labels and id(artist) not in drawn:
            continue
        box = artist.get_window_extent(renderer)
        if box.x0 < canvas.x0 - 0.5 or box.y0 < canvas.y0 - 0.5 or box.x1 > canvas.x1 + 0.5 or box.y1 > canvas.y1 + 0.5:
            outside.append(artist.get_text())
    return outside


def _settle(fig, passes: int = 40) -> None:  # type: ignore[no-untyped-def]
    """Run the layout engine until the axes stop moving (constrained layout with a colour bar or a legend
    outside the axes converges over several passes; a fixed count left the second export of a figure a
    fraction of a point off the first)."""
    before = None
    for _ in range(passes):
        fig.draw_without_rendering()
        now = [tuple(round(float(b), 9) for b in ax.get_position().bounds) for ax in fig.axes]
        if now == before:
            return
        before = now


def _export_start(fig) -> tuple[float, list]:  # type: ignore[no-untyped-def]
    """The height and texts an export starts from: the figure as drawn, except that what an earlier export
    changed (a wrapped title, a grown height) and nobody has changed since goes back to what it was before, so
    exporting a figure twice gives the same files, and an edit between two exports is kept."""
    state = getattr(fig, "_icanalysis_export_state", None)
    height = float(fig.get_size_inches()[1])
    texts = [(t, t.get_text()) for t in _wrappable(fig)]
    if state is None:
        return height, texts
    before, after, changed = state
    if height == after:
        height = before
    restored = {id(t): original for t, original, set_to in changed if t.get_text() == set_to}
    for text, _ in texts:
        if id(text) in restored:
            text.set_text(restored[id(text)])
    return height, [(t, t.get_text()) for t, _ in texts]


def _wrappable(fig) -> list:  # type: ignore[no-untyped-def]
    """The suptitle, axes titles and axis labels of ``fig``."""
    texts = [fig._suptitle] if getattr(fig, "_suptitle", None) is not None else []
    for ax in fig.axes:
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label]
    return texts


def _fit_texts(fig) -> None:  # type: ignore[no-untyped-def]
    """Wrap titles and axis labels wider than the axes they belong to (the figure for a suptitle), so that
    no text is cut off at the journal width."""
    import textwrap

    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    pairs = [(fig._suptitle, fig.bbox.width * 0.95)] if getattr(fig, "_suptitle", None) is not None else []
    for ax in fig.axes:
        box = ax.get_window_extent(renderer)
        pairs += [(ax.title, box.width), (ax.xaxis.label, box.width), (ax.yaxis.label, box.height)]
    for text, limit in pairs:
        content = text.get_text().replace("\n", " ")
        extent = text.get_window_extent(renderer)
        size = extent.height if text is not None and text.get_rotation() % 180 == 90 else extent.width
        if content and size > limit > 0:
            chars = max(12, int(len(content) * limit / size * 0.95))
            text.set_text(textwrap.fill(content, chars))


# --- notebook display -----------------------------------------------------------------------------

class Table:
    """A table for a notebook: readable HTML in the browser (cells wrap between words, numbers right-aligned,
    a scroll box for long tables) and the plain text :func:`table_text` gives as its text form, which nbval
    compares (its HTML is not compared: pandas' markup changes between versions)."""

    def __init__(self, df: pd.DataFrame, *, digits: int = 3, index: bool = True, max_colwidth: int = 70) -> None:
        self.df, self.digits, self.index, self.max_colwidth = df, digits, index, max_colwidth

    def __repr__(self) -> str:
        return table_text(self.df, digits=self.digits, index=self.index, max_colwidth=self.max_colwidth)

    def _repr_html_(self) -> str:
        import hashlib

        if self.df.empty:
            return f"<p><em>{repr(self)}</em></p>"
        uid = hashlib.sha256(self.df.to_csv().encode("utf-8")).hexdigest()[:12]  # no random id in the output
        styler = self.df.style.set_uuid(uid).format(precision=self.digits, na_rep="")
        if not self.index:
            styler = styler.hide(axis="index")
        styler = styler.set_table_styles([
            {"selector": "td, th", "props": "text-align: left; vertical-align: top; white-space: normal; "
                                             "word-break: normal; overflow-wrap: anywhere; max-width: 38em; "
                                             "padding: 2px 8px;"},
            {"selector": "td.data", "props": "font-variant-numeric: tabular-nums;"},
        ])
        numeric = [c for c in self.df.columns if pd.api.types.is_numeric_dtype(self.df[c])
                   and not pd.api.types.is_bool_dtype(self.df[c])]
        if numeric:
            styler = styler.set_properties(subset=numeric, **{"text-align": "right"})
        body = styler.to_html()
        return f'<div style="max-height: 32em; overflow: auto;">{body}</div>'


def table_text(df: pd.DataFrame | pd.Series, *, digits: int = 3, index: bool = True, max_colwidth: int = 70) -> str:
    """A table as plain text with floats rounded (stable across pandas versions, unlike HTML); long text cells
    cut to ``max_colwidth`` characters with an ellipsis."""
    if isinstance(df, pd.Series):
        df = df.to_frame()
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame or Series, got {type(df).__name__}")
    if df.empty:
        return f"(no rows; columns: {', '.join(map(str, df.columns))})"
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_float_dtype(series):
            out[col] = series.round(digits)
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            out[col] = series.map(
                lambda v: v if not isinstance(v, str) or len(v) <= max_colwidth else v[: max_colwidth - 1] + "…"
            )
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250,
                           "display.max_colwidth", max_colwidth + 1):
        return out.to_string(index=index, float_format=lambda x: f"{x:.{digits}f}")


def print_table(df: pd.DataFrame | pd.Series, *, digits: int = 3, index: bool = True, max_colwidth: int = 70) -> None:
    """Show a table: in a notebook as a :class:`Table` (HTML in the browser, the plain text as its text form),
    elsewhere printed as plain text. Returns None, so a notebook cell shows only the table."""
    text = table_text(df, digits=digits, index=index, max_colwidth=max_colwidth)  # also checks the type
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebooks' dependencies
        get_ipython = None  # type: ignore[assignment]
    if get_ipython is not None and get_ipython() is not None:
        from IPython.display import display

        frame = df.to_frame() if isinstance(df, pd.Series) else df
        display(Table(frame, digits=digits, index=index, max_colwidth=max_colwidth))
    else:
        print(text)


def show_figure(
    fig: object,
    name: str,
    out_dir: str | Path,
    *,
    inputs: Mapping[str, str | Path],
    width: Literal["single", "double"] = "single",
    data: pd.DataFrame | None = None,
) -> None:
    """Export ``fig`` with :func:`export_figure`, close it, and display it once inline (returns None).

    Closing before displaying keeps the inline backend from showing the figure a second time, and
    returning None keeps a ``<Figure ...>`` repr out of the cell's output.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    export_figure(fig, name, out_dir, inputs=inputs, width=width, data=data)
    plt.close(fig)  # type: ignore[arg-type]
    display(fig)
