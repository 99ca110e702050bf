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
STANCE_COLOURS: dict[str, str] = {
    "favour": "#009E73", "mixed": "#E69F00", "against": "#D55E00", "none": "#BBBBBB",
}
WIDTHS: dict[str, float] = {"single": 3.5, "double": 7.2}
DPI = 300
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
) -> None:
    """Write ``name``.pdf/.svg/.png (300 dpi) and ``name``.provenance.json to ``out_dir``.

    The figure is set to the journal column width (single 3.5 in, double 7.2 in), keeping its height.

    Args:
        inputs: label -> path of each data file the figure was drawn from (hashed into the provenance).
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
    fig.set_size_inches(WIDTHS[width], fig.get_size_inches()[1])
    metadata_by_format = {
        "pdf": {"CreationDate": None, "Producer": None, "Creator": None},
        "svg": {"Date": None},
        "png": {"Software": None},
    }
    # Settle the layout once, then freeze it: a layout engine re-run on every save drifts in the last
    # float digits, which changes SVG clip-path ids between otherwise identical exports.
    engine = fig.get_layout_engine()
    for _ in range(3):  # constrained layout with colorbars needs a few passes to settle
        fig.draw_without_rendering()
    fig.set_layout_engine("none")
    try:
        with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "pdf.fonttype": 42, "ps.fonttype": 42}):
            for fmt, meta in metadata_by_format.items():
                buffer = _bytes_io.BytesIO()
                fig.savefig(buffer, format=fmt, dpi=DPI, metadata=meta)
                io.atomic_write_bytes(out / f"{name}.{fmt}", buffer.getvalue())
    finally:
        fig.set_layout_engine(engine)
    provenance = {
        "figure": name,
        "formats": sorted(metadata_by_format),
        "size_in": [round(float(x), 3) for x in fig.get_size_inches()],
        "width": width,
        "dpi": DPI,
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


def bar_shares(
    df: pd.DataFrame,
    category: str,
    value: str,
    *,
    lo: str | None = None,
    hi: str | None = None,
    xlabel: str = "share",
    title: str | None = None,
    width: Literal["single", "double"] = "single",
    height: float = 2.4,
):  # type: ignore[no-untyped-def]
    """Horizontal bars of ``value`` per ``category`` (e.g. quote_share per role), with optional CI whiskers."""
    fig, ax = _new_figure(width, height)
    data = df.sort_values(value, kind="stable")
    err = None
    if lo is not None and hi is not None:
        err = [(data[value] - data[lo]).clip(lower=0).to_numpy(), (data[hi] - data[value]).clip(lower=0).to_numpy()]
    ax.barh(data[category].astype(str), data[value], xerr=err, color=OKABE_ITO[4], error_kw={"linewidth": 0.8})
    _ = ax.set_xlabel(xlabel)
    if title:
        _ = ax.set_title(title)
    return fig


def stacked_stance_by_role(
    table: pd.DataFrame,
    *,
    stances: Sequence[str] = ("favour", "mixed", "against", "none"),
    title: str | None = None,
    width: Literal["single", "double"] = "single",
    height: float = 2.4,
):  # type: ignore[no-untyped-def]
    """100% stacked bars: rows of ``table`` (e.g. roles from ``power.role_crosstab(..., 'stance')``) by stance."""
    fig, ax = _new_figure(width, height)
    counts = table.reindex(columns=list(stances), fill_value=0)
    shares = counts.div(counts.sum(axis=1).replace(0, 1), axis=0)
    left = pd.Series(0.0, index=shares.index)
    labels = [str(i) for i in shares.index]
    for stance in stances:
        ax.barh(labels, shares[stance], left=left, label=stance, color=STANCE_COLOURS.get(stance, "#777777"))
        left = left + shares[stance]
    _ = ax.set_xlabel("share of quotes")
    _ = ax.set_xlim(0, 1)
    _ = ax.legend(ncols=len(stances), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    if title:
        _ = ax.set_title(title, pad=18)
    return fig


def frame_heatmap(
    table: pd.DataFrame,
    *,
    title: str | None = None,
    fmt: str = "{:.2f}",
    width: Literal["single", "double"] = "double",
    height: float = 2.8,
):  # type: ignore[no-untyped-def]
    """Heatmap of a numeric table (e.g. frame shares: groups x frames) with annotated cells."""
    fig, ax = _new_figure(width, height)
    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="cividis", aspect="auto", vmin=0)
    _ = ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns], rotation=45, ha="right")
    _ = ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index])
    vmax = values.max() if values.size else 1
    for (i, j), v in pd.DataFrame(values).stack().items():
        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=6,
                color="black" if v > 0.6 * vmax else "white")
    _ = fig.colorbar(image, ax=ax, shrink=0.8)
    if title:
        _ = ax.set_title(title)
    return fig


# --- notebook display -----------------------------------------------------------------------------

def print_table(df: pd.DataFrame | pd.Series, *, digits: int = 3, index: bool = True, max_colwidth: int = 70) -> None:
    """Print a table as plain text with floats rounded (stable across pandas versions, unlike HTML).

    Long text cells are cut to ``max_colwidth`` characters (with an ellipsis). Returns None, so a notebook
    cell shows only the printed text.
    """
    if isinstance(df, pd.Series):
        df = df.to_frame()
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"print_table expects a pandas DataFrame or Series, got {type(df).__name__}")
    if df.empty:
        print(f"(no rows; columns: {', '.join(map(str, df.columns))})")
        return
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
        print(out.to_string(index=index, float_format=lambda x: f"{x:.{digits}f}"))


def show_figure(
    fig: object,
    name: str,
    out_dir: str | Path,
    *,
    inputs: Mapping[str, str | Path],
    width: Literal["single", "double"] = "single",
) -> None:
    """Export ``fig`` with :func:`export_figure`, close it, and display it once inline (returns None).

    Closing before displaying keeps the inline backend from showing the figure a second time, and
    returning None keeps a ``<Figure ...>`` repr out of the cell's output.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    export_figure(fig, name, out_dir, inputs=inputs, width=width)
    plt.close(fig)  # type: ignore[arg-type]
    display(fig)
