"""Corrections a researcher makes stick: applied on every run, matched by the quote's text when offsets move,
and every row that does not apply is reported."""

from __future__ import annotations

import csv

import pandas as pd
from click.testing import CliRunner
from conftest import RAW

from icanalysis.cli import main
from icanalysis.project import init_project


def _studied(tmp_path):
    """A project holding the bundled corpus, run once."""
    project = init_project(tmp_path / "study")
    for path in RAW.glob("*.txt"):
        (project.raw / path.name).write_bytes(path.read_bytes())
    _run(project)
    return project


def _run(project):
    result = CliRunner().invoke(main, ["run", "--project", str(project.root), "--no-progress", "--no-cache"])
    assert result.exit_code == 0, result.output
    return result


def test_corrections_apply_survive_moved_offsets_and_report_what_did_not_apply(tmp_path):
    project = _studied(tmp_path)
    quotes = pd.read_csv(project.processed / "quotes.csv", dtype={"start": int}, keep_default_na=False)
    direct = quotes[quotes["kind"] == "direct"].reset_index(drop=True)
    a, b, c, d = (direct.iloc[i] for i in (0, 1, 2, 3))
    rows = [
        [a.article_id, a.quote, a.start, "speaker", "Jane Roe", "the name is in the photo caption"],
        [b.article_id, b.quote, b.start, "speaker_role", "intimacy_coordinator", ""],
        [c.article_id, c.quote, "", "stance", "against", ""],
        [c.article_id, c.quote, "", "frames", "cost_resources|power_hierarchy", ""],
        [d.article_id, d.quote, d.start, "not_a_quote", "yes", "a title of a work"],
        [a.article_id, "words nobody said", "", "stance", "favour", ""],
        [a.article_id, a.quote, "", "mood", "happy", ""],
    ]
    with open(project.corrections, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article_id", "quote", "quote_start", "field", "value", "note"])
        writer.writerows(rows)
    # the article is edited upstream: every offset moves, the corrections still find their quotes
    target = project.raw / f"{a.article_id}.txt"
    target.write_text("An editor's note added at the top.\n\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    out = _run(project)
    assert "5 applied, 2 not applied" in out.output
    fixed = pd.read_csv(project.processed / "quotes.csv", keep_default_na=False)
    row = fixed[fixed["quote"] == a.quote].iloc[0]
    assert (row["speaker"], row["attribution"]) == ("Jane Roe", "corrected")
    assert int(row["start"]) != int(a.start)  # found by its text, though its offsets moved
    assert fixed[fixed["quote"] == b.quote].iloc[0][["speaker_role", "role_source"]].tolist() == [
        "intimacy_coordinator", "corrected"]
    c_row = fixed[fixed["quote"] == c.quote].iloc[0]
    assert (c_row["stance"], c_row["stance_cues"], c_row["frame_cues"]) == ("against", "corrected", "corrected")
    assert c_row["frames"] == "power_hierarchy|cost_resources" and bool(c_row["cost_resources"])
    assert d.quote not in set(fixed["quote"]) and len(fixed) == len(quotes) - 1
    speakers = pd.read_csv(project.processed / "speakers.csv", keep_default_na=False)
    assert speakers.loc[speakers["speaker"] == "Jane Roe", "n_quotes"].tolist() == [1]
    report = pd.read_csv(project.processed / "run_report.csv", keep_default_na=False)
    problems = report[report["file"] == "corrections.csv"][["record", "reason"]].values.tolist()
    assert sorted(problems) == [["line 7", "correction_unmatched"], ["line 8", "correction_invalid"]]


def test_invalid_values_are_named_with_the_valid_ones(tmp_path):
    from icanalysis.corrections import read_corrections

    path = tmp_path / "corrections.csv"
    path.write_text("article_id,quote,quote_start,field,value,note\n"
                    "a,x,,power_tier,hiring_power,\n"     # valid: the tables' id
                    "a,x,,power_tier,Hiring power,\n"     # valid: the label's spelling reads as the same id
                    "a,x,,power_tier,boss,\n"
                    "a,x,,speaker_role,wizard,\n"
                    "a,x,abc,stance,favour,\n", encoding="utf-8")
    found = read_corrections(path)
    rows, skips = found.rows, found.skips
    assert [(r.line, r.value) for r in rows] == [(2, "hiring_power"), (3, "hiring_power")]
    assert [(s.record, s.reason) for s in skips] == [("line 4", "correction_invalid"), ("line 5", "correction_invalid"),
                                                     ("line 6", "correction_invalid")]
    assert "hiring_power" in skips[0].detail and "intimacy_coordinator" in skips[1].detail


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article_id", "quote", "quote_start", "field", "value", "note", "speaker"])
        writer.writerows(rows)


def test_added_quotes_merges_and_splits_go_through_resolution_and_coding(tmp_path):
    project = _studied(tmp_path)
    quotes = pd.read_csv(project.processed / "quotes.csv", keep_default_na=False)
    sentences = pd.read_csv(project.processed / "sentences.csv", keep_default_na=False)
    counts = quotes[quotes["speaker"] != ""].groupby("speaker")["article_id"].nunique()
    spread = counts[counts >= 2].index[0]  # a speaker quoted in two or more articles
    articles = sorted(set(quotes.loc[quotes["speaker"] == spread, "article_id"]))
    other = quotes[(quotes["speaker"] != "") & (quotes["speaker"] != spread)]["speaker"].iloc[0]
    # a sentence no quote covers: the researcher says it is a quote the extractor missed
    covered = {(a, s) for a, s, e in zip(quotes["article_id"], quotes["start"], quotes["end"], strict=True)}
    free = sentences[[(a, s) not in covered for a, s in zip(sentences["article_id"], sentences["start"],
                                                              strict=True)]]
    free = free[free["text"].str.split().str.len() >= 6].iloc[0]
    missed = " ".join(str(free["text"]).split()[1:5]).upper()  # any case, any spacing
    _write(project.corrections, [
        [free["article_id"], missed, "", "add_quote", "Ita O'Brien", "quote in a photo caption", ""],
        ["", "", "", "merge_speaker", "The Merged Name", "", other],
        [articles[0], "", "", "split_speaker", "Someone Else", "a namesake", spread],
        [free["article_id"], "words nobody wrote here", "", "add_quote", "X", "", ""],
        ["", "", "", "merge_speaker", "Y", "", "Nobody Of That Name"],
        [articles[0], "", "", "split_speaker", "Z", "", ""],
    ])
    out = _run(project)
    assert "3 applied, 3 not applied" in out.output
    fixed = pd.read_csv(project.processed / "quotes.csv", keep_default_na=False)
    added = fixed[fixed["status"] == "added"]
    assert len(added) == 1 and added.iloc[0]["quote_id"] == f"{free['article_id']}:a001"
    row = added.iloc[0]
    text = (project.raw / f"{row.article_id}.txt").read_text(encoding="utf-8")
    assert text[int(row.start):int(row.end)] == row.quote and row.quote.upper() == missed
    # resolved through the codebook (an intimacy coordinator) and coded like every quote
    assert (row.speaker, row.speaker_role, row.role_source) == ("Ita O'Brien", "intimacy_coordinator", "codebook")
    assert row.stance in ("favour", "against", "mixed", "none") and str(row.polarity) != ""
    assert other not in set(fixed["speaker"]) and "The Merged Name" in set(fixed["speaker"])
    moved = fixed[(fixed["article_id"] == articles[0]) & (fixed["speaker"] == "Someone Else")]
    assert len(moved) and set(moved["attribution"]) == {"corrected"}
    assert set(fixed.loc[fixed["speaker"] == spread, "article_id"]) == set(articles[1:])
    speakers = pd.read_csv(project.processed / "speakers.csv", keep_default_na=False)
    assert {"Someone Else", "The Merged Name", "Ita O'Brien"} <= set(speakers["speaker"])
    report = pd.read_csv(project.processed / "run_report.csv", keep_default_na=False)
    problems = report[report["file"] == "corrections.csv"][["record", "reason"]].values.tolist()
    assert sorted(problems) == [["line 5", "correction_unmatched"], ["line 6", "correction_unmatched"],
                                ["line 7", "correction_invalid"]]


def test_an_older_six_column_file_takes_seven_field_rows_and_a_bad_row_loses_nothing(tmp_path):
    from icanalysis.corrections import read_corrections

    path = tmp_path / "corrections.csv"
    path.write_text("article_id,quote,quote_start,field,value,note\n"          # the header before `speaker`
                    "a,x,,stance,favour,\n"
                    ",,,merge_speaker,Amanda Blumenthal,one person,Amanda Blumenthall\n"  # seven fields
                    "a,x,,stance,against,,,too,many\n"
                    "a,y,,stance\n", encoding="utf-8")                          # short: padded, then invalid
    found = read_corrections(path)
    assert [(r.line, r.field, r.speaker) for r in found.rows] == [(2, "stance", ""),
                                                                  (3, "merge_speaker", "Amanda Blumenthall")]
    assert [(s.record, s.reason) for s in found.skips] == [("line 4", "correction_invalid"),
                                                           ("line 5", "correction_invalid")]
    assert "9 fields" in found.skips[0].detail


def test_an_added_quote_that_is_already_there_is_not_added_twice_and_an_overlap_is_reported(tmp_path):
    project = _studied(tmp_path)
    quotes = pd.read_csv(project.processed / "quotes.csv", keep_default_na=False)
    q = quotes[(quotes["kind"] == "direct") & (quotes["quote"].str.split().str.len() >= 6)].iloc[0]
    inner = " ".join(q.quote.split()[1:4])  # three words inside an extracted quote
    _write(project.corrections, [[q.article_id, q.quote, "", "add_quote", "Ita O'Brien", "", ""],
                                 [q.article_id, inner, "", "add_quote", "Ita O'Brien", "", ""],
                                 [q.article_id, inner, "", "add_quote", "Ita O'Brien", "", ""]])
    out = _run(project)
    assert "1 applied, 2 not applied" in out.output  # the overlapping one is applied, with a warning
    fixed = pd.read_csv(project.processed / "quotes.csv", keep_default_na=False)
    assert (fixed["status"] == "added").sum() == 1
    article = fixed[fixed["article_id"] == q.article_id]
    assert article["start"].astype(int).is_monotonic_increasing  # added quotes sit in reading order
    report = pd.read_csv(project.processed / "run_report.csv", keep_default_na=False)
    reasons = sorted(report[report["file"] == "corrections.csv"]["reason"])
    assert reasons == ["correction_overlap", "correction_unmatched", "correction_unmatched"]
