"""`icanalysis quotes` works on arbitrary files, writes the promised columns, and names bad inputs."""

from __future__ import annotations

import pandas as pd
from click.testing import CliRunner
from conftest import RAW

from icanalysis.cli import main

REQUIRED = ["article_id", "start", "end", "quote", "speaker", "mention", "cue", "attribution", "kind",
            "speaker_role"]


def test_quotes_command_on_text_and_html_files(tmp_path):
    story = tmp_path / "wire_story.txt"
    story.write_text("Director Ann Lee defended the shoot.\n\n“We rehearsed every scene twice,” Lee said. "
                     "“Nobody was surprised on the day.”\n", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<html><body><article><p>Producer Bo Park spoke on Monday about the production.</p>"
                    "<p>\"The coordinator was on set every day of the shoot,\" Park said in an interview.</p>"
                    "</article></body></html>", encoding="utf-8")
    out = tmp_path / "quotes.csv"
    result = CliRunner().invoke(main, ["quotes", str(story), str(page), "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, keep_default_na=False)
    assert set(REQUIRED) <= set(table.columns)
    direct = table[table["kind"] == "direct"]
    assert direct["quote"].tolist() == ["We rehearsed every scene twice,", "Nobody was surprised on the day.",
                                        "The coordinator was on set every day of the shoot,"]
    assert direct["speaker"].tolist() == ["Ann Lee", "Ann Lee", "Bo Park"]
    assert set(table["article_id"]) == {"wire_story", "page"}
    text = story.read_text(encoding="utf-8")
    for row in direct[direct["article_id"] == "wire_story"].itertuples():
        assert text[row.start:row.end] == row.quote


def test_quotes_command_on_the_bundled_corpus_writes_to_stdout():
    result = CliRunner().invoke(main, ["quotes", str(RAW / "001_db6e46dcb133de79.txt")])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("article_id,quote_id,kind,start,end,quote,speaker")
    assert "Marci Liroff" in result.output


def test_quotes_command_names_a_skipped_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["quotes", str(empty)])
    assert result.exit_code == 0 and "empty.txt" in result.output and "empty" in result.output


def test_quotes_command_refuses_two_files_with_one_id(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "x.txt").write_text("“Hello there, everyone,” she said.", encoding="utf-8")
    result = CliRunner().invoke(main, ["quotes", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt")])
    assert result.exit_code == 2 and "share the article id 'x'" in result.output


def test_notebooks_command_refuses_missing_processed_tables_with_one_line(tmp_path):
    from icanalysis.project import init_project

    project = init_project(tmp_path / "study")
    result = CliRunner().invoke(main, ["notebooks", "--no-store", "--project", str(project.root)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: no processed tables in {project.processed} (no run_report.json): run `icanalysis run` first"]


def test_notebooks_command_refuses_tables_older_than_the_raw_folder(tmp_path):
    from icanalysis.pipeline import RunSettings, run
    from icanalysis.project import init_project

    project = init_project(tmp_path / "study")
    empty = tmp_path / "no_notebooks"
    empty.mkdir()
    (project.raw / "a.txt").write_text("“We rehearsed it twice,” the director said on Monday.\n", encoding="utf-8")
    run(project.raw, project.processed, RunSettings(progress=False))
    args = ["notebooks", "--no-store", "--project", str(project.root), "--folder", str(empty)]
    current = CliRunner().invoke(main, args)
    assert "no numbered notebooks" in current.output  # got past the staleness check
    (project.raw / "b.txt").write_text("A new article arrived after the run.\n", encoding="utf-8")
    stale = CliRunner().invoke(main, args)
    assert stale.exit_code == 2 and "are stale" in stale.output and "run `icanalysis run` first" in stale.output
