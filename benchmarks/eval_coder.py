"""Stance and frame coding measured: human agreement, development figures, and the blind set.

    python benchmarks/eval_coder.py            # agreement + cross-validated development figures
    python benchmarks/eval_coder.py --blind    # ... and the blind set (tests/gold/stance_articles/blind_*)

Development figures are out-of-fold: the development articles are split into folds by article, and each
fold is coded by a model trained on the others (icanalysis.coder_train.cross_validate), with the thresholds
the shipped model uses. They are development figures, not unseen-text figures: the features and settings
were chosen while looking at them. The blind set was written and coded by a helper who never saw the coder
and is scored with the shipped model as it is. The cue rules (the previous coder) are scored beside it.

Writes benchmarks/results/coder.json and .md, and (with --blind) icanalysis/data/coder_validation.json, the
figures notebooks show next to every stance and frame table.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_coder import ROOT, SETS, dev_units  # noqa: E402

from icanalysis import coder, coder_train  # noqa: E402
from icanalysis.framing import FRAME_IDS  # noqa: E402
from icanalysis.stance import STANCES  # noqa: E402
from icanalysis.validation import (  # noqa: E402
    frame_alphas,
    krippendorff_alpha_nominal,
    load_coded_articles,
    score_codings,
    split_labels,
)

RESULTS = ROOT / "benchmarks" / "results"
CARD = ROOT / "icanalysis" / "data" / "coder_validation.json"


def agreement(prefix: str) -> dict[str, object]:
    """Coder B against coder A over the sets named ``prefix*`` that have both codings."""
    pairs = []
    for path in sorted(SETS.glob(f"{prefix}*_articles.json")):
        b_path = path.with_name(path.name.replace("_articles.json", "_coding_b.csv"))
        if b_path.exists():
            a = load_coded_articles(path, path.with_name(path.name.replace("_articles.json", "_coding_a.csv")))
            b = load_coded_articles(path, b_path)
            pairs.append((a, b))
    if not pairs:
        return {}
    a = pd.concat([p[0] for p in pairs], ignore_index=True)
    b = pd.concat([p[1] for p in pairs], ignore_index=True)
    b_as_pred = b.assign(stance_topic=b["stance"] != "none")
    scores = score_codings(b_as_pred, a)
    alphas = frame_alphas(split_labels(a["frames"]), split_labels(b["frames"]), FRAME_IDS)
    return {"units": len(a), "articles": int(a["article_id"].nunique()),
            "stance_alpha": round(krippendorff_alpha_nominal(pd.DataFrame({"a": a["stance"], "b": b["stance"]})), 3),
            "frame_alpha_mean": round(float(alphas.dropna().mean()), 3),
            "frame_alpha": {k: round(float(v), 3) for k, v in alphas.items() if not np.isnan(v)},
            "b_vs_a": {k: round(v, 3) for k, v in scores.items()}}


def coded_by_model(units: pd.DataFrame, settings: coder.CodingSettings) -> pd.DataFrame:
    return coder.code_sentences(units["text"], groups=units["article_id"], settings=settings)


def development(units: pd.DataFrame) -> dict[str, object]:
    """Out-of-fold codings of the development units with the shipped model's thresholds."""
    model = coder.load_model()
    p_stance, p_frames = coder_train.cross_validate(units)
    pred = pd.DataFrame({
        "stance": [STANCES[i] for i in p_stance.argmax(axis=1)],
        "stance_topic": 1.0 - p_stance[:, STANCES.index("none")] >= model.topic_threshold,
        "frames": ["|".join(f for j, f in enumerate(FRAME_IDS) if row[j] >= model.frames[f][1]) for row in p_frames],
    })
    out = {"all": score_codings(pred, units)}
    for name in sorted(units["set"].unique()):
        mask = (units["set"] == name).to_numpy()
        out[name] = score_codings(pred[mask].reset_index(drop=True), units[mask].reset_index(drop=True))
    return {k: {m: round(v, 3) for m, v in s.items()} for k, s in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blind", action="store_true", help="also score the blind set")
    args = parser.parse_args()
    units = dev_units()
    results: dict[str, object] = {
        "development_units": len(units), "development_articles": int(units["article_id"].nunique()),
        "agreement_development": agreement("dev"),
        "development_cross_validated": development(units),
        "rules_on_development": {k: round(v, 3) for k, v in score_codings(
            coded_by_model(units, coder.CodingSettings(coder="rules")), units).items()},
    }
    if args.blind:
        blind = load_coded_articles(SETS / "blind_articles.json", SETS / "blind_coding_a.csv")
        results["blind_units"], results["blind_articles"] = len(blind), int(blind["article_id"].nunique())
        results["blind_model"] = {k: round(v, 3) for k, v in score_codings(
            coded_by_model(blind, coder.CodingSettings()), blind).items()}
        results["blind_rules"] = {k: round(v, 3) for k, v in score_codings(
            coded_by_model(blind, coder.CodingSettings(coder="rules")), blind).items()}
        results["agreement_blind"] = agreement("blind")
        card = {k: results[k] for k in ("blind_units", "blind_articles", "blind_model", "agreement_blind",
                                        "development_units", "development_articles")}
        card["development_cross_validated"] = results["development_cross_validated"]["all"]  # type: ignore[index]
        card["model_sha256"] = coder.model_sha256()  # the card describes this model file only
        CARD.write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "coder.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
