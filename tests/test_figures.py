from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("agg")

from icanalysis import figures  # noqa: E402


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
