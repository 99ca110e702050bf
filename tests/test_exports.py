"""Exports: Excel-safe CSV, workbooks within Excel's limits, a self-contained HTML report (checked in a real
browser), and `icanalysis export` on a project for every format."""

from __future__ import annotations

import json
import zipfile

import pandas as pd
import pytest
from browser_support import chromium, page_for
from click.testing import CliRunner
from conftest import PROCESSED, RAW

from icanalysis import exports
from icanalysis.cli import main
from icanalysis.io import read_processed


def test_excel_csv_has_a_bom_crlf_and_keeps_curly_quotes() -> None:
    data = exports.excel_csv(pd.DataFrame({"quote": ["“It’s safe,” she said"], "n": [1]}))
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert pd.read_csv(__import__("io").BytesIO(data), encoding="utf-8-sig")["quote"][0] == "“It’s safe,” she said"


def test_the_workbook_splits_long_tables_cuts_huge_cells_and_says_so() -> None:
    from openpyxl import load_workbook

    tables = {"quotes": pd.DataFrame({"quote": ["a", "b", "x" * 40_000], "n": [1, 2, 3]}),
              "articles": pd.DataFrame({"article_id": ["s1"]})}
    data, notes = exports.workbook(tables, row_limit=2)
    book = load_workbook(__import__("io").BytesIO(data))
    assert book.sheetnames == ["README", "articles", "quotes", "quotes (2)", "labels"]
    assert [c.value for c in book["quotes (2)"][2]] == ["x" * exports.EXCEL_MAX_CELL, 3]
    assert any("split over 2 sheets" in n for n in notes) and any("row 2 column quote" in n for n in notes)
    legend = {(r[0].value, r[1].value): r[2].value for r in book["labels"].iter_rows(min_row=2)}
    assert legend[("stance", "favour")] == "In favour"


def _report() -> str:
    tables = {name: read_processed(name, PROCESSED) for name in
              ("articles", "quotes", "speakers", "duplicates", "removed", "speaker_merges", "run_report")}
    summary = json.loads((PROCESSED / "run_report.json").read_text(encoding="utf-8"))
    return exports.report_html(tables, project_name="Anora <study>", summary=summary, validation=None,
                               coder_validation=None, figures_dir=PROCESSED.parent.parent / "figures")


def test_the_report_is_self_contained_and_states_what_is_missing() -> None:
    page = _report()
    assert "<script" not in page and 'src="http' not in page and "Anora &lt;study&gt;" in page
    assert "3 undated, left out of the views over time" in page  # the bundled study: 2 of 5 articles dated
    assert "Not measured on this corpus yet" in page and page.count("data:image/png;base64,") >= 6
    for section in ("corpus", "cleaning", "reuse", "voices", "codings", "figures", "accuracy", "inputs"):
        assert f'id="{section}"' in page
    assert "Hiring power" in page and "hiring_power</td>" not in page  # labels, not ids
    tone = page.split("Mean tone by power tier")[1].split("<h3>")[0]
    stance = page.split("Stance toward intimacy coordinators by power tier")[1].split("<h3>")[0]
    assert "Unknown" in tone and "Unknown" in stance and "In favour" in stance  # no quote dropped, labelled


def test_the_report_in_a_real_browser(tmp_path) -> None:
    path = tmp_path / "report.html"
    path.write_text(_report(), encoding="utf-8")
    with chromium() as browser, page_for(browser, path.as_uri()) as page:
        assert page.title() == "Anora <study>"
        headings = page.locator("h2").all_inner_texts()
        assert headings[:3] == ["Corpus", "What cleaning removed", "Syndicated and copied text"]
        loaded = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
        assert loaded and all(loaded)
        page.click("text=Accuracy")
        assert page.evaluate("location.hash") == "#accuracy"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from icanalysis.pipeline import RunSettings, run
    from icanalysis.project import init_project

    made = init_project(tmp_path_factory.mktemp("exports") / "study")
    for path in RAW.glob("*"):
        (made.raw / path.name).write_bytes(path.read_bytes())
    run(made.raw, made.processed, RunSettings(progress=False))
    return made


@pytest.mark.parametrize("fmt", ["qdpx", "xlsx", "html", "csv"])
def test_export_writes_each_format_into_the_project(project, fmt) -> None:
    done = CliRunner().invoke(main, ["export", "--project", str(project.root), "--to", fmt])
    assert done.exit_code == 0, done.output
    target = project.root / "exports" / f"study{'' if fmt == 'csv' else '.' + fmt}"
    assert target.exists()
    if fmt == "qdpx":
        from pathlib import Path

        from icanalysis.qdpx import validate_qde

        with zipfile.ZipFile(target) as archive:
            assert validate_qde(archive.read("project.qde"), Path(__file__).parent / "fixtures" / "refi"
                                / "Project-mrt2019.xsd") == []
    if fmt == "csv":
        assert (target / "quotes.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_export_refuses_the_raw_folder(project) -> None:
    done = CliRunner().invoke(main, ["export", "--project", str(project.root), "--to", "html", "-o",
                                     str(project.raw / "report.html")])
    assert done.exit_code == 2 and "raw folder" in done.output
    assert not (project.raw / "report.html").exists()


def test_excel_files_hold_control_characters_and_leading_equals_as_plain_text(tmp_path) -> None:
    from openpyxl import load_workbook

    from icanalysis.review import draw_sample, write_workbook

    awkward = ["page one\x0cpage two", "=SUM(1,2) is not a formula here", "tab\x0bbed"]
    data, _ = exports.workbook({"quotes": pd.DataFrame({"quote": awkward})})
    cells = load_workbook(__import__("io").BytesIO(data))["quotes"]
    assert [(c.value, c.data_type) for c in cells["A"][1:]] == [("page onepage two", "s"),
                                                                ("=SUM(1,2) is not a formula here", "s"),
                                                                ("tabbed", "s")]
    quotes, paragraphs = read_processed("quotes", PROCESSED), read_processed("paragraphs", PROCESSED)
    sheet = draw_sample(quotes, paragraphs, n=3)
    sheet.loc[0, "quote"], sheet.loc[1, "context"] = awkward[0], awkward[1]
    write_workbook(sheet, tmp_path / "review.xlsx")
    review = load_workbook(tmp_path / "review.xlsx")["review"]
    assert review["D2"].value == "page onepage two" and review["E3"].data_type == "s"
