"""Accuracy gate: stance and frame rules scored against coder A on the gold coding units.

Floors live in tests/floors.toml ([stance], [framing]) and are only ever raised. Coder A is the
reference; agreement of the rules with coder B and Krippendorff's alpha between A and B are printed
(run ``pytest -s tests/test_coding_gate.py``) so a floor can be read against human agreement.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from conftest import floors as read_floors

from icanalysis.framing import FRAME_IDS, code_frames
from icanalysis.stance import STANCES, code_stance
from icanalysis.validation import (
    frame_alphas,
    krippendorff_alpha_nominal,
    multilabel_scores,
    per_class_scores,
    split_labels,
)

GOLD = Path(__file__).parent / "gold"


def test_gold_coding_files_are_present() -> None:
    missing = [p.name for p in (GOLD / "coding_units.csv", GOLD / "coding_a.csv", GOLD / "coding_b.csv")
               if not p.exists()]
    assert not missing, f"gold coding file(s) missing: {missing}: the stance and frame gates cannot run"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(GOLD / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def coded() -> pd.DataFrame:
    units = _read("coding_units.csv")
    a = _read("coding_a.csv").set_index("unit_id")
    b = _read("coding_b.csv").set_index("unit_id")
    assert set(a.index) == set(units["unit_id"]), "coding_a.csv does not cover exactly the coding units"
    assert set(b.index) == set(units["unit_id"]), "coding_b.csv does not cover exactly the coding units"
    stance = code_stance(units["text"], groups=units["article_id"])
    frames = code_frames(units["text"])
    return pd.DataFrame({
        "unit_id": units["unit_id"],
        "pred_stance": stance["stance"],
        "pred_frames": frames["frames"],
        "a_stance": a.loc[units["unit_id"], "stance"].to_numpy(),
        "a_frames": a.loc[units["unit_id"], "frames"].to_numpy(),
        "b_stance": b.loc[units["unit_id"], "stance"].to_numpy(),
        "b_frames": b.loc[units["unit_id"], "frames"].to_numpy(),
    })


def test_stance_gate(coded: pd.DataFrame) -> None:
    vs_a = per_class_scores(coded["pred_stance"], coded["a_stance"], STANCES)
    vs_b = per_class_scores(coded["pred_stance"], coded["b_stance"], STANCES)
    alpha = krippendorff_alpha_nominal(coded[["a_stance", "b_stance"]])
    human = per_class_scores(coded["b_stance"], coded["a_stance"], STANCES)
    print(f"\nstance, rules vs coder A (n={len(coded)} units):\n{vs_a.round(3)}")
    print(f"stance, rules vs coder B: macro-F1 {vs_b.loc['macro', 'f1']:.3f}")
    print(f"stance, coder B vs coder A: macro-F1 {human.loc['macro', 'f1']:.3f}; alpha(A,B) = {alpha:.3f}")
    assert -1.0 <= alpha <= 1.0
    floor = read_floors("stance")
    assert vs_a.loc["macro", "f1"] >= floor["macro_f1"], f"stance macro-F1 {vs_a.loc['macro', 'f1']:.3f} < floor"
    for label in STANCES:
        assert vs_a.loc[label, "f1"] >= floor[f"f1_{label}"], f"stance {label} F1 {vs_a.loc[label, 'f1']:.3f} < floor"


def test_framing_gate(coded: pd.DataFrame) -> None:
    pred = split_labels(coded["pred_frames"])
    a, b = split_labels(coded["a_frames"]), split_labels(coded["b_frames"])
    vs_a = multilabel_scores(pred, a, FRAME_IDS)
    vs_b = multilabel_scores(pred, b, FRAME_IDS)
    human = multilabel_scores(b, a, FRAME_IDS)
    alphas = frame_alphas(a, b, FRAME_IDS)
    print(f"\nframes, rules vs coder A (n={len(coded)} units):\n{vs_a.round(3)}")
    print(f"frames, rules vs coder B: macro-F1 {vs_b.loc['macro', 'f1']:.3f}")
    print(f"frames, coder B vs coder A:\n{human['f1'].round(3)}\nalpha(A,B) per frame:\n{alphas.round(3)}")
    for value in alphas:
        assert math.isnan(value) or -1.0 <= value <= 1.0
    floor = read_floors("framing")
    assert vs_a.loc["macro", "f1"] >= floor["macro_f1"], f"frames macro-F1 {vs_a.loc['macro', 'f1']:.3f} < floor"
    for frame in FRAME_IDS:
        assert vs_a.loc[frame, "f1"] >= floor[f"f1_{frame}"], f"frame {frame} F1 {vs_a.loc[frame, 'f1']:.3f} < floor"


# --- held-out invented units in other outlets' styles (tests/stance_styles.yaml) ---------------------------

STYLES = Path(__file__).parent / "stance_styles.yaml"


def score_styles(path: Path = STYLES) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Stance and frame scores of the rules on the invented units; also the per-unit table.

    Each unit's ``context`` sentences are coded before it in the same group (reading order), unscored.
    Frame macro-F1 is over the frames that occur in the set's labels.
    """
    import yaml

    units = yaml.safe_load(path.read_text(encoding="utf-8"))["units"]
    texts, groups, scored = [], [], []
    for unit in units:
        for sentence in unit.get("context") or []:
            assert isinstance(sentence, str) and sentence.rstrip().endswith((".", "!", "?", '"', "”", "’")), (
                f"{unit['id']}: context item {sentence!r} is not a whole sentence (unquoted comma in a YAML list?)"
            )
            texts.append(sentence)
            groups.append(unit["id"])
            scored.append(False)
        texts.append(unit["text"])
        groups.append(unit["id"])
        scored.append(True)
    texts_s = pd.Series(texts)
    stance = code_stance(texts_s, groups=pd.Series(groups))
    frames = code_frames(texts_s)
    keep = pd.Series(scored)
    table = pd.DataFrame({
        "id": [u["id"] for u in units],
        "text": [u["text"] for u in units],
        "gold_stance": [u["stance"] for u in units],
        "pred_stance": stance.loc[keep, "stance"].to_numpy(),
        "cues": stance.loc[keep, "cues"].to_numpy(),
        "gold_frames": ["|".join(u["frames"]) for u in units],
        "pred_frames": frames.loc[keep, "frames"].to_numpy(),
    })
    stance_scores = per_class_scores(table["pred_stance"], table["gold_stance"], STANCES)
    gold_sets = split_labels(table["gold_frames"])
    present = [f for f in FRAME_IDS if any(f in g for g in gold_sets)]
    frame_scores = multilabel_scores(split_labels(table["pred_frames"]), gold_sets, FRAME_IDS).loc[[*present, "micro"]]
    frame_scores = frame_scores.astype(float)
    frame_scores.loc["macro"] = frame_scores.loc[present].mean()
    return stance_scores, frame_scores, table


def test_stance_styles_gate() -> None:
    stance_scores, frame_scores, _ = score_styles()
    print(f"\nstance_styles.yaml, stance:\n{stance_scores.round(3)}\nframes:\n{frame_scores.round(3)}")
    floor = read_floors("stance_styles")
    assert stance_scores.loc["macro", "f1"] >= floor["stance_macro_f1"], (
        f"held-out stance macro-F1 {stance_scores.loc['macro', 'f1']:.3f} < floor"
    )
    assert frame_scores.loc["macro", "f1"] >= floor["frames_macro_f1"], (
        f"held-out frames macro-F1 {frame_scores.loc['macro', 'f1']:.3f} < floor"
    )
