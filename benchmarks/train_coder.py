"""Train the stance-and-frames model (icanalysis/data/coder_model.json) and report development figures.

    python3 tasks.py train-coder          # train, write the model file, print cross-validated figures
    python benchmarks/train_coder.py --check   # exit 1 if retraining would change the model file

Training data: the development articles of tests/gold/stance_articles/ (dev*_articles.json, coded by their
coder A) and the five bundled articles' coding units (tests/gold/coding_units.csv, coder A). The blind set
(blind_*) is never read here: benchmarks/eval_coder.py scores it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
SETS = GOLD / "stance_articles"
MODEL = ROOT / "icanalysis" / "data" / "coder_model.json"


def dev_units() -> pd.DataFrame:
    """Every development sentence with coder A's codes, in reading order (bundled units first)."""
    from icanalysis.validation import load_coded_articles

    units = pd.read_csv(GOLD / "coding_units.csv", dtype=str, keep_default_na=False)
    a = pd.read_csv(GOLD / "coding_a.csv", dtype=str, keep_default_na=False).set_index("unit_id")
    bundled = pd.DataFrame({"set": "bundled", "article_id": units["article_id"], "unit_id": units["unit_id"],
                            "text": units["text"], "stance": a.loc[units["unit_id"], "stance"].to_numpy(),
                            "frames": a.loc[units["unit_id"], "frames"].to_numpy()})
    sets = []
    for path in sorted(SETS.glob("dev*_articles.json")):
        coding = path.with_name(path.name.replace("_articles.json", "_coding_a.csv"))
        if not coding.exists():  # a set still being written: said, never silently left out
            print(f"skipping {path.name}: no {coding.name} yet", file=sys.stderr)
            continue
        sets.append(load_coded_articles(path, coding))
    if not sets:
        sys.exit(f"no development sets (dev*_articles.json) in {SETS}")
    return pd.concat([bundled, *sets], ignore_index=True)[["set", "article_id", "unit_id", "text", "stance",
                                                           "frames"]]


def build() -> str:
    from icanalysis import coder_train

    units = dev_units()
    meta = {"name": "icanalysis stance-and-frames model",
            "trained_on": sorted(units["set"].unique().tolist()),
            "training_command": "python3 tasks.py train-coder"}
    return coder_train.dumps(coder_train.train(units, meta=meta))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the model file is up to date")
    args = parser.parse_args()
    text = build()
    if args.check:
        same = MODEL.exists() and MODEL.read_text(encoding="utf-8") == text
        print("model file up to date" if same else f"{MODEL} differs from a retrain")
        sys.exit(0 if same else 1)
    tmp = MODEL.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(MODEL)
    print(f"wrote {MODEL.relative_to(ROOT)} ({len(text) / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
