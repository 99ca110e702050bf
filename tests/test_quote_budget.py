"""Quote scanning does bounded work per paragraph: a paragraph crowded with quotation marks (an HTML page of
quote entities, a scraped table) is not searched, is reported, and does not stop the other paragraphs' quotes.
The test counts the work (cue searches), not the time."""

from __future__ import annotations

import pandas as pd

from icanalysis.pipeline import RunSettings, run
from icanalysis.quotes import QuoteSettings, extract_quotes
from icanalysis.quotes import cues as cues_module

NORMAL = "“We rehearsed every scene twice,” director Ann Lee said."


def _crowded(n: int) -> str:
    return "Table: " + " ".join("“a”" if i % 3 else '"b' for i in range(n)) + " end."


def test_a_crowded_paragraph_costs_no_cue_search_and_the_others_keep_their_quotes(monkeypatch):
    calls = []
    real = cues_module._rule_cue
    monkeypatch.setattr(cues_module, "_rule_cue", lambda *a, **k: calls.append(1) or real(*a, **k))
    settings = QuoteSettings(max_marks_per_paragraph=50, parser="none")
    text = NORMAL + "\n\n" + _crowded(5_000) + "\n\n" + NORMAL
    rows = extract_quotes(text, "t", settings=settings)
    direct = rows[rows["kind"] == "direct"]
    assert direct["quote"].tolist() == ["We rehearsed every scene twice,"] * 2
    assert len(calls) == 2  # one cue search per quote of the normal paragraphs, none in the crowded one
    calls.clear()
    extract_quotes(" ".join([NORMAL] * 20), "t", settings=settings)  # 40 marks, under the budget: searched
    assert len(calls) == 20


def test_the_run_report_says_which_article_was_not_searched(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.txt").write_text(NORMAL + "\n\n" + _crowded(2_000) + "\n", encoding="utf-8")
    run(raw, tmp_path / "out", RunSettings(progress=False))
    report = pd.read_csv(tmp_path / "out" / "run_report.csv", keep_default_na=False)
    row = report[report["reason"] == "quotes_not_searched"]
    assert row["file"].tolist() == ["page.txt"] and "more than 400 quotation marks" in row["detail"].iloc[0]
