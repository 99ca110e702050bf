from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("agg")

from icanalysis import figures  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Every test's figures are closed after it (pyplot keeps them open otherwise)."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture()
def input_file(tmp_path: Path) -> Path:
    path = tmp_path / "shares.csv"
    path.write_text("role,share\nactor,0.5\n", encoding="utf-8")
    return path


def _figures() -> list:
    figures.set_style()
    shares = pd.DataFrame({"role": ["actor", "director", "IC"], "share": [0.5, 0.3, 0.2],
                           "lo": [0.4, 0.2, 0.1], "hi": [0.6, 0.4, 0.3]})
    stance = pd.DataFrame({"favour": [3, 1], "against": [0, 2], "none": [1, 1]}, index=["IC", "director"])
    heat = pd.DataFrame([[0.1, 0.5], [0.3, 0.0]], index=["a", "b"], columns=["safety", "cost"])
    return [figures.bar_shares(shares, "role", "share", lo="lo", hi="hi", title="t"),
            figures.stacked_stance_by_role(stance, title="s"),
            figures.frame_heatmap(heat, title="h")]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_export_twice_is_byte_identical(tmp_path: Path, input_file: Path, index: int) -> None:
    fig = _figures()[index]
    first, second = tmp_path / "one", tmp_path / "two"
    assert figures.export_figure(fig, "fig", first, inputs={"shares": str(input_file)}) is None
    figures.export_figure(fig, "fig", second, inputs={"shares": str(input_file)})
    for suffix in ("pdf", "svg", "png", "provenance.json"):
        assert (first / f"fig.{suffix}").read_bytes() == (second / f"fig.{suffix}").read_bytes(), suffix


def test_export_metadata_and_provenance(tmp_path: Path, input_file: Path) -> None:
    fig = _figures()[0]
    figures.export_figure(fig, "fig", tmp_path, inputs={"shares": str(input_file)}, width="double")
    svg = (tmp_path / "fig.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    pdf = (tmp_path / "fig.pdf").read_bytes()
    assert b"CreationDate" not in pdf and b"Matplotlib" not in pdf
    assert b"Software" not in (tmp_path / "fig.png").read_bytes()
    prov_text = (tmp_path / "fig.provenance.json").read_text(encoding="utf-8")
    prov = json.loads(prov_text)
    assert prov["size_in"][0] == 7.2
    assert len(prov["inputs"]["shares"]["sha256"]) == 64
    assert prov_text == json.dumps(prov, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert not list(tmp_path.glob("*.tmp"))


def test_export_rejects_bad_arguments(tmp_path: Path) -> None:
    fig = _figures()[0]
    with pytest.raises(ValueError, match="single"):
        figures.export_figure(fig, "fig", tmp_path, inputs={}, width="wide")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        figures.export_figure("not a figure", "fig", tmp_path, inputs={})


def test_set_style_sets_reproducibility_params() -> None:
    figures.set_style()
    rc = matplotlib.rcParams
    assert rc["svg.hashsalt"] and rc["pdf.fonttype"] == 42 and rc["ps.fonttype"] == 42
    assert rc["font.sans-serif"][0] == "DejaVu Sans"


def _long_label_figures() -> list:
    """The helpers on real category values with long labels and titles, at the single-column width."""
    figures.set_style()
    roles = ["social_media_user", "intimacy_coordinator", "director", "producer", "actor", "critic"]
    shares = pd.DataFrame({"speaker_role": roles, "quote_share": [0.1, 0.3, 0.2, 0.15, 0.2, 0.05],
                           "lo": [0.0] * 6, "hi": [0.5] * 6, "n_quotes": [3, 35, 12, 9, 11, 1]})
    stance = pd.DataFrame({"favour": [3, 1, 4], "mixed": [1, 0, 0], "against": [0, 2, 1], "none": [1, 1, 5]},
                          index=pd.Index(["intimacy_coordinator", "director", "social_media_user"],
                                         name="speaker_role"))
    heat = pd.DataFrame([[0.1, 0.5, 0.2], [0.3, 0.0, 0.9]], columns=["standards_professionalisation",
                                                                      "safety_consent", "sex_work_portrayal"],
                        index=pd.Index(["intimacy_coordinator", "producer"], name="speaker_role"))
    long_title = "Mean tone of quotes by the role of the speaker, all articles of the corpus, copies collapsed"
    return [figures.bar_shares(shares, "speaker_role", "quote_share", lo="lo", hi="hi", n="n_quotes",
                               xlabel="mean VADER compound of the quotes (95% bootstrap CI, copies collapsed)",
                               title=long_title),
            figures.stacked_stance_by_role(stance, title=long_title),
            figures.frame_heatmap(heat, title=long_title, cbar_label="share of sentences")]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_no_text_is_cut_off_at_the_journal_width(tmp_path: Path, input_file: Path, index: int) -> None:
    import matplotlib.pyplot as plt

    fig = _long_label_figures()[index]
    width = "double" if index == 2 else "single"
    figures.export_figure(fig, f"f{index}", tmp_path, inputs={"x": input_file}, width=width)
    assert figures.text_outside_canvas(fig) == []
    plt.close(fig)


def test_a_figure_with_text_outside_the_canvas_is_refused_before_anything_is_written(tmp_path: Path,
                                                                                      input_file: Path) -> None:
    fig = _long_label_figures()[0]
    fig.axes[0].text(1.6, 0.5, "far outside", transform=fig.axes[0].transAxes)
    with pytest.raises(ValueError, match="cut off"):
        figures.export_figure(fig, "bad", tmp_path, inputs={"x": input_file})
    assert not list(tmp_path.glob("bad.*"))


def test_labels_one_order_group_sizes_and_the_data_beside_the_figure(tmp_path: Path, input_file: Path) -> None:
    from icanalysis import labels

    fig = _long_label_figures()[0]
    ticks = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()][::-1]  # top to bottom
    order = [r for r in labels.values("speaker_role") if r in
             {"social_media_user", "intimacy_coordinator", "director", "producer", "actor", "critic"}]
    assert ticks == [f"{labels.label('speaker_role', r)} (n={n})" for r, n in
                     zip(order, [12, 9, 11, 35, 1, 3], strict=True)]
    figures.export_figure(fig, "roles", tmp_path, inputs={"x": input_file})
    drawn = pd.read_csv(tmp_path / "roles.csv", keep_default_na=False)
    assert drawn["speaker_role"].tolist() == order and "quote_share" in drawn.columns
    assert json.loads((tmp_path / "roles.provenance.json").read_text())["data"] == "roles.csv"
    heat = _long_label_figures()[2]
    assert heat.axes[1].get_ylabel() == "share of sentences"  # the colour bar says what it shows
    assert "Standards and professionalisation" in [t.get_text().replace("\n", " ") for t in heat.axes[0].get_xticklabels()]
    legend = [t.get_text() for t in _long_label_figures()[1].axes[0].get_legend().get_texts()]
    assert legend == [labels.label("stance", s) for s in ("favour", "mixed", "against", "none")]


def test_the_stance_palette_stays_distinguishable_under_colour_vision_deficiency() -> None:
    import itertools

    import numpy as np
    from colorspacious import cspace_convert, deltaE

    colours = [np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)]) / 255 for h in figures.STANCE_COLOURS.values()]
    for kind in (None, "deuteranomaly", "protanomaly", "tritanomaly"):
        seen = colours if kind is None else [
            np.clip(cspace_convert(c, {"name": "sRGB1+CVD", "cvd_type": kind, "severity": 100}, "sRGB1"), 0, 1)
            for c in colours]
        smallest = min(deltaE(a, b, input_space="sRGB1") for a, b in itertools.combinations(seen, 2))
        assert smallest > 20, (kind, smallest)
    # the old palette (green favour beside grey none) is what this test exists to catch
    old = [np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)]) / 255 for h in ("#009E73", "#E69F00", "#D55E00", "#BBBBBB")]
    deutan = [np.clip(cspace_convert(c, {"name": "sRGB1+CVD", "cvd_type": "deuteranomaly", "severity": 100},
                                     "sRGB1"), 0, 1) for c in old]
    assert min(deltaE(a, b, input_space="sRGB1") for a, b in itertools.combinations(deutan, 2)) < 20


def test_notebook_tables_are_html_in_the_browser_and_stable_text_for_nbval() -> None:
    long = "a quote long enough to be cut in the text form but whole in the browser " * 2
    table = pd.DataFrame({"speaker": ["Zendaya Coleman"], "quote": [long], "score": [0.123456]})
    shown = figures.Table(table, index=False)
    assert repr(shown) == figures.table_text(table, index=False) and "0.123" in repr(shown) and "…" in repr(shown)
    page = shown._repr_html_()
    assert long.strip() in page and page == figures.Table(table, index=False)._repr_html_()  # whole, deterministic
    assert "white-space: normal" in page and "text-align: right" in page
    assert "(no rows" in repr(figures.Table(table.iloc[0:0]))
    with pytest.raises(TypeError, match="DataFrame or Series"):
        figures.table_text([1, 2])  # type: ignore[arg-type]


def test_an_edit_between_two_exports_is_kept(tmp_path: Path, input_file: Path) -> None:
    fig = _long_label_figures()[0]
    figures.export_figure(fig, "a", tmp_path, inputs={"x": input_file})
    fig.axes[0].set_title("Second title")
    figures.export_figure(fig, "b", tmp_path, inputs={"x": input_file})
    assert fig.axes[0].get_title() == "Second title"  # kept, not reset to the first export's title
    assert (tmp_path / "a.png").read_bytes() != (tmp_path / "b.png").read_bytes()
    figures.export_figure(fig, "c", tmp_path, inputs={"x": input_file})
    assert (tmp_path / "b.png").read_bytes() == (tmp_path / "c.png").read_bytes()
