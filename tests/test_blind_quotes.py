"""Quote extraction on passages written blind to the rules (tests/house_styles_blind/blind.yaml).

A helper who never saw icanalysis/ or the other test passages wrote 40 passages in house styles of many
outlets (wire, trade, tabloid, broadsheet, Q&A, podcast transcripts, press releases, social-media roundups,
blogs, broken scrapes). They were scored once with the rules frozen; that first score is the honest
estimate for unseen text and is recorded in tests/floors.toml [blind]. Rules must not be tuned to this set:
a failure here is a finding to report, and a fix must generalise (check it on new passages).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml
from conftest import floors

from icanalysis.evaluate import score_quotes
from icanalysis.quotes import extract_quotes
from icanalysis.speakers import load_codebook, resolve_speakers

BLIND = Path(__file__).parent / "house_styles_blind" / "blind.yaml"


def load() -> list[dict]:
    return yaml.safe_load(BLIND.read_text(encoding="utf-8"))["passages"]


def gold_and_pred() -> tuple[pd.DataFrame, pd.DataFrame]:
    gold, preds = [], []
    for passage in load():
        text = passage["text"]
        for kind in ("quotes", "indirect"):
            for q in passage.get(kind) or []:
                start = text.index(q["quote"])
                gold.append({"article_id": passage["id"], "start": start, "end": start + len(q["quote"]),
                             "quote": q["quote"], "is_quote": "yes",
                             "kind": "direct" if kind == "quotes" else "indirect", "speaker": q["speaker"]})
        quotes = extract_quotes(text, passage["id"])
        preds.append(resolve_speakers(quotes, load_codebook())[0])
    return pd.DataFrame(gold), pd.concat(preds, ignore_index=True)


def test_blind_passages_meet_their_first_score():
    gold, pred = gold_and_pred()
    scores = score_quotes(pred, gold)
    indirect = scores["indirect"]
    print(f"blind direct: P {scores['precision']:.3f} R {scores['recall']:.3f} F1 {scores['f1']:.3f} "
          f"speaker {scores['speaker_accuracy']:.3f} attributed F1 {scores['attributed_f1']:.3f}; "
          f"indirect F1 {indirect['f1']:.3f} speaker {indirect['speaker_accuracy']:.3f}")
    floor = floors("blind")
    assert scores["f1"] >= floor["direct_f1"]
    assert scores["speaker_accuracy"] >= floor["speaker_accuracy"]
    assert scores["attributed_f1"] >= floor["attributed_f1"]
    assert indirect["f1"] >= floor["indirect_f1"]
