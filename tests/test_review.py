"""Accuracy on your own corpus: review sheets drawn reproducibly, marks read strictly, Wilson intervals, alpha."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import PROCESSED

from icanalysis.cli import main
from icanalysis.io import read_processed
from icanalysis.review import CODINGS, ReviewError, accuracy, draw_sample, read_marks, wilson


def _tables():
    return read_processed("quotes", PROCESSED), read_processed("paragraphs", PROCESSED)


def test_the_sample_is_reproducible_proportional_and_carries_its_context() -> None:
    quotes, paragraphs = _tables()
    a, b = draw_sample(quotes, paragraphs, n=30, seed=4), draw_sample(quotes, paragraphs, n=30, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 30 and a["quote_id"].is_unique
    assert not a["quote_id"].equals(draw_sample(quotes, paragraphs, n=30, seed=5)["quote_id"])
    share = a["article_id"].value_counts() / 30
    population = quotes["article_id"].value_counts() / len(quotes)
    assert (share - population.reindex(share.index)).abs().max() < 0.05  # proportional allocation
    assert all(q.strip(" ,.") in c for q, c in zip(a["quote"], a["context"], strict=True) if len(c) < 800)
    assert len(draw_sample(quotes, paragraphs, n=10_000)) == len(quotes)


def test_wilson_interval() -> None:
    lo, hi = wilson(8, 10)
    assert lo == pytest.approx(0.4902, abs=1e-3) and hi == pytest.approx(0.9433, abs=1e-3)


def test_marks_are_read_strictly_and_counted(tmp_path) -> None:
    quotes, paragraphs = _tables()
    sheet = draw_sample(quotes, paragraphs, n=10)
    sheet["speaker_ok"] = ["y"] * 8 + ["n", "N"]
    sheet["stance_ok"] = ["yes"] * 5 + [""] * 5
    sheet.to_csv(tmp_path / "marked.csv", index=False)
    table = accuracy(read_marks(tmp_path / "marked.csv")).set_index("coding")
    assert table.loc["speaker", ["n_marked", "n_correct"]].tolist() == [10, 8]
    assert table.loc["stance", ["n_marked", "n_correct"]].tolist() == [5, 5]
    assert table.loc["frames", "n_marked"] == 0
    sheet.loc[3, "frames_ok"] = "maybe"
    sheet.to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(ReviewError, match=r"bad.csv: line 5 \(r0004\), column frames_ok: 'maybe'"):
        read_marks(tmp_path / "bad.csv")


def test_review_then_validate_on_a_project_with_two_reviewers(tmp_path) -> None:
    from icanalysis.pipeline import RunSettings, run
    from icanalysis.project import init_project

    project = init_project(tmp_path / "study")
    for path in (PROCESSED.parent / "raw").glob("*.txt"):
        (project.raw / path.name).write_bytes(path.read_bytes())
    run(project.raw, project.processed, RunSettings(progress=False))
    runner = CliRunner()
    drawn = runner.invoke(main, ["review", "--project", str(project.root), "--n", "12"])
    assert drawn.exit_code == 0, drawn.output
    sheet_path = project.root / "review" / "review_sample.csv"
    again = runner.invoke(main, ["review", "--project", str(project.root)])
    assert again.exit_code == 2 and "exists" in again.output  # marks are never overwritten
    sheet = pd.read_csv(sheet_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for coding in CODINGS:
        sheet[f"{coding}_ok"] = "y"
    sheet.to_csv(tmp_path / "a.csv", index=False)
    sheet.loc[:2, "stance_ok"] = "n"
    sheet.to_csv(tmp_path / "b.csv", index=False)
    done = runner.invoke(main, ["validate", "--project", str(project.root), str(tmp_path / "a.csv"),
                                str(tmp_path / "b.csv")])
    assert done.exit_code == 0, done.output
    result = json.loads((project.processed / "validation.json").read_text(encoding="utf-8"))
    speaker = next(r for r in result["accuracy"] if r["coding"] == "speaker")
    assert speaker["n_marked"] == 12 and speaker["accuracy"] == 1.0 and speaker["ci_low"] < 1.0
    assert {r["coding"] for r in result["agreement"]["alpha"]} == set(CODINGS)


def _reviewed_project(tmp_path):
    from icanalysis.pipeline import RunSettings, run
    from icanalysis.project import init_project

    project = init_project(tmp_path / "study")
    for path in (PROCESSED.parent / "raw").glob("*.txt"):
        (project.raw / path.name).write_bytes(path.read_bytes())
    run(project.raw, project.processed, RunSettings(progress=False))
    drawn = CliRunner().invoke(main, ["review", "--project", str(project.root), "--n", "8"])
    assert drawn.exit_code == 0, drawn.output
    return project


def test_the_excel_sheet_is_marked_and_its_answers_become_corrections_the_next_run_applies(tmp_path) -> None:
    from openpyxl import load_workbook

    from icanalysis.pipeline import RunSettings, run

    project = _reviewed_project(tmp_path)
    book_path = project.root / "review" / "review_sample.xlsx"
    book = load_workbook(book_path)
    ws = book["review"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["review_id", "article_id", "quote_id", "quote", "context"]
    checks = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert any(f == '"y,n"' for f in checks.values())  # a y/n drop-down on the marks
    col = {name: i + 1 for i, name in enumerate(header)}
    for row in range(2, ws.max_row + 1):
        for coding in CODINGS:
            ws.cell(row, col[f"{coding}_ok"], "y")
    ws.cell(2, col["stance_ok"], "n")
    ws.cell(2, col["correct_stance"], "against")
    ws.cell(3, col["speaker_role_ok"], "n")
    ws.cell(3, col["correct_speaker_role"], "wizard")  # not a role: reported, not taken
    ws.cell(4, col["speaker_ok"], "n")
    ws.cell(4, col["correct_speaker"], "Not a quote")
    book.save(book_path)
    first, third = ws.cell(2, col["quote"]).value, ws.cell(4, col["quote"]).value
    done = CliRunner().invoke(main, ["validate", "--project", str(project.root), str(book_path)])
    assert done.exit_code == 0, done.output
    assert "line 3 (r0002), column correct_speaker_role" in done.output and "2 correction(s) added" in done.output
    report = json.loads((project.processed / "run_report.json").read_text(encoding="utf-8"))
    stance = next(r for r in report["validation"]["accuracy"] if r["coding"] == "stance")
    assert (stance["n_marked"], stance["n_correct"]) == (8, 7)
    assert "## Accuracy on this corpus" in (project.processed / "run_report.md").read_text(encoding="utf-8")
    again = CliRunner().invoke(main, ["validate", "--project", str(project.root), str(book_path)])
    assert "already in it" in again.output  # validating twice does not repeat the corrections
    corrections = pd.read_csv(project.corrections, dtype=str, keep_default_na=False)
    assert sorted(corrections["field"]) == ["not_a_quote", "stance"]
    run(project.raw, project.processed, RunSettings(progress=False, corrections=str(project.corrections)))
    quotes = read_processed("quotes", project.processed)
    assert third not in set(quotes["quote"])
    assert quotes.loc[quotes["quote"] == first, "stance"].iloc[0] == "against"
    report = json.loads((project.processed / "run_report.json").read_text(encoding="utf-8"))
    assert report["corrections"]["applied"] == 2
    assert report["validation"]["reviewed_run"]["input_fingerprint"] == report["input_fingerprint"]
    # the corrections changed the codings the sample measured: the report says so instead of claiming them
    assert report["validation"]["same_codings"] is False
    assert "codings of an earlier run" in (project.processed / "run_report.md").read_text(encoding="utf-8")


def test_a_corrupt_workbook_and_sheets_of_different_samples_are_named(tmp_path) -> None:
    project = _reviewed_project(tmp_path)
    broken = tmp_path / "marked.xlsx"
    broken.write_bytes((project.root / "review" / "review_sample.xlsx").read_bytes()[:500])
    with pytest.raises(ReviewError, match="marked.xlsx: not a readable review sheet"):
        read_marks(broken)
    out = CliRunner().invoke(main, ["validate", "--project", str(project.root), str(broken)])
    assert out.exit_code == 2 and "marked.xlsx" in out.output
    sheet = pd.read_csv(project.root / "review" / "review_sample.csv", dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    sheet.to_csv(tmp_path / "a.csv", index=False)
    sheet.iloc[::-1].to_csv(tmp_path / "b.csv", index=False)
    out = CliRunner().invoke(main, ["validate", "--project", str(project.root), str(tmp_path / "a.csv"),
                                    str(tmp_path / "b.csv")])
    assert out.exit_code == 2 and "not sheets of the same sample" in out.output


def test_answers_are_appended_and_every_line_already_in_the_corrections_file_stays(tmp_path) -> None:
    project = _reviewed_project(tmp_path)
    odd = 'story-x,"a line this reader cannot use",,stance,against,,,one,too,many\n'
    project.corrections.write_text("article_id,quote,quote_start,field,value,note\n" + odd, encoding="utf-8")
    sheet_path = project.root / "review" / "review_sample.csv"
    sheet = pd.read_csv(sheet_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    sheet["stance_ok"] = ["n"] + ["y"] * (len(sheet) - 1)
    sheet.loc[0, "correct_stance"] = "mixed"
    sheet.to_csv(sheet_path, index=False)
    done = CliRunner().invoke(main, ["validate", "--project", str(project.root), str(sheet_path)])
    assert done.exit_code == 0, done.output
    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    for name in ("validation.json", "run_report.json"):  # only stance was marked: the others are null, not NaN
        report = json.loads((project.processed / name).read_text(encoding="utf-8"), parse_constant=refuse)
    assert next(r for r in report["validation"]["accuracy"] if r["coding"] == "frames")["accuracy"] is None
    text = project.corrections.read_text(encoding="utf-8")
    assert odd in text and text.count("\n") == 3 and text.rstrip().endswith(f"stance,mixed,review {sheet.loc[0, 'review_id']}")
