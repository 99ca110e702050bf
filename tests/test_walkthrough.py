"""The README's walk-through, step by step, as a researcher runs it: a new project, a real Nexis and Factiva
download plus two text files, run, notebooks, a correction, a review sample, validation."""

from __future__ import annotations

import csv
import json
import shutil

import pandas as pd
from click.testing import CliRunner
from conftest import TESTS

from icanalysis import paths
from icanalysis.cli import main

STORY = """Sets are safer, coordinators say

By Maria Lopez
Published March 3, 2025, 10:20 a.m. ET

“Nobody should be alone in that room,” said Ita O'Brien, an intimacy coordinator.

The producers said the budget was tight. “It is one more salary,” said Tom Reed, a producer.

Correction: An earlier version of this article misspelled a name.
"""


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def test_the_readme_walk_through(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.PROJECT_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    # 1. a project, and the researcher's downloads in its raw folder
    invoke("init", "study")
    raw = tmp_path / "study" / "raw"
    for source in (TESTS / "fixtures" / "nexis" / "sample.TXT", TESTS / "fixtures" / "nexis" / "sample.DOCX",
                   TESTS / "fixtures" / "factiva" / "sample.html"):
        shutil.copy(source, raw / source.name)
    (raw / "story-a.txt").write_text(STORY, encoding="utf-8")
    (raw / "story-b.txt").write_text(STORY.replace("Maria Lopez", "Sam Hill").replace("tight", "stretched"),
                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path / "study")
    # 2. run: every document of every export is an article with its metadata
    invoke("run", "--no-progress")
    processed = tmp_path / "study" / "processed"
    articles = pd.read_csv(processed / "articles.csv", keep_default_na=False)
    assert set(articles["format"]) == {"nexis_txt", "nexis_docx", "factiva_html", "txt"}
    story = articles.set_index("article_id").loc["story-a"]
    assert (story["title"], story["author"], story["published"]) == (
        "Sets are safer, coordinators say", "Maria Lopez", "2025-03-03")
    assert (articles["format"] == "factiva_html").sum() == 2 and (articles["outlet"] != "").mean() > 0.9
    # 3. the notebooks on this project: findings true to its data
    invoke("notebooks")
    cells = json.loads((tmp_path / "study" / "notebooks" / "01_corpus_and_reuse.ipynb").read_text())["cells"]
    assert f"The corpus is {len(articles)} articles" in "".join(cells[-1]["outputs"][0]["data"]["text/markdown"])
    assert list((tmp_path / "study" / "figures").glob("*.pdf"))
    # 4. correct a speaker, re-run: applied and reported
    quotes = pd.read_csv(processed / "quotes.csv", keep_default_na=False)
    reed = quotes[(quotes["article_id"] == "story-a") & quotes["quote"].str.startswith("It is one more")].iloc[0]
    assert reed["speaker"] == "Tom Reed"
    with open(tmp_path / "study" / "corrections.csv", "a", encoding="utf-8", newline="") as handle:  # init wrote its header
        csv.writer(handle).writerow(["story-a", reed["quote"], "", "speaker", "Tom Reid", "spelling"])  # 6 of 7 fields
    rerun = invoke("run", "--no-progress")
    assert "1 applied, 0 not applied" in rerun.output
    fixed = pd.read_csv(processed / "quotes.csv", keep_default_na=False)
    assert fixed.loc[fixed["quote_id"] == reed["quote_id"], ["speaker", "attribution"]].values.tolist() == [
        ["Tom Reid", "corrected"]]
    # 5. review a sample, mark it, validate: accuracy with intervals in the run report
    invoke("review", "--n", "10")
    from openpyxl import load_workbook

    book_path = tmp_path / "study" / "review" / "review_sample.xlsx"
    book = load_workbook(book_path)  # marked in the Excel workbook, as the README's walk-through does
    sheet = book["review"]
    header = [c.value for c in sheet[1]]
    for column in [i + 1 for i, name in enumerate(header) if name.endswith("_ok")]:
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row, column, "y")
    sheet.cell(2, header.index("stance_ok") + 1, "n")
    book.save(book_path)
    invoke("validate", "review/review_sample.xlsx")
    report = json.loads((processed / "run_report.json").read_text(encoding="utf-8"))
    stance = next(r for r in report["validation"]["accuracy"] if r["coding"] == "stance")
    assert (stance["n_marked"], stance["n_correct"]) == (10, 9) and 0 < stance["ci_low"] < 0.9 < stance["ci_high"]
    assert "Accuracy on this corpus" in (processed / "run_report.md").read_text(encoding="utf-8")
