"""One command: reproducible, atomic, current, and clear about bad input."""

from __future__ import annotations

import os
import re

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import PROCESSED, RAW

from icanalysis import io
from icanalysis.cli import main
from icanalysis.pipeline import TIMINGS_FILE, RunSettings, run, write_outputs
from icanalysis.tableset import LOCK_FILE

BODY = "“It was a choice that I made,” the actor said. The director agreed with the whole crew on set.\n"


def output_bytes(folder):
    """The tables and reports in ``folder``; the run lock file and the wall times of run_timings.json are
    bookkeeping (they differ from run to run), not the reproducible output."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and p.name not in (LOCK_FILE, TIMINGS_FILE)}


def test_two_runs_give_byte_identical_outputs(tmp_path):
    settings = RunSettings(progress=False)
    run(RAW, tmp_path / "one", settings)
    run(RAW, tmp_path / "two", settings)
    assert output_bytes(tmp_path / "one") == output_bytes(tmp_path / "two")


def test_committed_processed_tables_are_current(tmp_path, corpus_result):
    write_outputs(corpus_result, tmp_path, "csv")
    fresh, committed = output_bytes(tmp_path), output_bytes(PROCESSED)
    assert sorted(fresh) == sorted(committed), "run `python3 tasks.py run` and commit data/processed/"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"data/processed is out of date for {stale}: run `python3 tasks.py run`"


def test_parquet_output_reads_back_equal(tmp_path, corpus_result):
    write_outputs(corpus_result, tmp_path, "parquet")
    for name, table in corpus_result.tables.items():
        back = io.read_processed(name, tmp_path)
        assert list(back.columns) == list(table.columns) and len(back) == len(table)
    assert not list(tmp_path.glob("articles.csv"))


def test_interrupted_write_leaves_previous_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "t.csv"
    io.write_table(pd.DataFrame({"a": [1]}), target)
    before = target.read_bytes()

    def broken_replace(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(KeyboardInterrupt):
        io.write_table(pd.DataFrame({"a": [2]}), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # no temporary file left behind


def test_raw_folder_is_never_written(tmp_path):
    """Every command that reads a raw folder, including refused ones, leaves its tree byte for byte as it was."""
    import hashlib

    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "a.txt").write_text(BODY, encoding="utf-8")
    (raw / "sub" / "quotes.csv").write_text("id,text\nq," + BODY, encoding="utf-8")  # named like an output
    (raw / "articles.csv").write_text("id,text\nx," + BODY, encoding="utf-8")

    def tree():
        return {p.relative_to(raw).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir",
                                                p.stat().st_mtime_ns) for p in sorted(raw.rglob("*"))}

    before = tree()
    run(raw, tmp_path / "out", RunSettings(progress=False))
    invoke("run", "--raw", raw, "--out", tmp_path / "out2", "--no-progress", "--format", "parquet")
    invoke("run", "--raw", raw, "--out", raw, "--no-progress", "--format", "parquet")  # refused
    invoke("run", "--raw", raw, "--out", raw / "sub", "--no-progress")  # refused
    invoke("quotes", raw / "a.txt", "-o", tmp_path / "q.csv")
    assert tree() == before


def fail_on(monkeypatch, article_id, exc):
    """Fault injection: processing ``article_id`` raises ``exc``; returns the real stage function."""
    from icanalysis import pipeline

    real = pipeline.process_article

    def failing(text, meta, settings):
        if meta["article_id"] == article_id:
            raise exc
        return real(text, meta, settings)

    monkeypatch.setattr(pipeline, "process_article", failing)
    return real


def invoke(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_cli_run_reports_skips_and_writes_tables(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "manifest.csv").write_text("article_id,file,outlet,title,author,published,url,notes\n"
                                      "a,a.txt,,,,not-a-date,,\nb,b.txt,,,,,,\n", encoding="utf-8")
    (raw / "a.txt").write_text(BODY, encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    result = invoke("run", "--raw", raw, "--out", tmp_path / "out", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "malformed_date" in result.output and "empty.txt" in result.output and "b.txt" in result.output
    report = pd.read_csv(tmp_path / "out" / "run_report.csv", keep_default_na=False)
    assert set(report["file"]) == {"manifest.csv", "a.txt", "b.txt", "empty.txt"}
    assert (tmp_path / "out" / "run_report.md").read_text().startswith("# Run report")


@pytest.mark.parametrize(("manifest", "message"), [
    ("article_id,file\na,a.txt\na,a2.txt\n", "duplicate article_id"),
    ("article_id,file\na,../../etc/passwd\n", "outside the raw folder"),
])
def test_cli_run_fails_with_exit_2_and_names_the_problem(tmp_path, manifest, message):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "manifest.csv").write_text(manifest, encoding="utf-8")
    (raw / "a.txt").write_text(BODY, encoding="utf-8")
    result = invoke("run", "--raw", raw, "--out", tmp_path / "out", "--no-progress")
    assert result.exit_code == 2 and message in result.output and "manifest.csv" in result.output
    assert not (tmp_path / "out").exists()


def test_an_archive_without_quotes_and_with_a_huge_sentence_still_writes_every_table(tmp_path):
    """Empty results are normal: no quote anywhere, and a scraped list with no full stop (longer than the tone
    scorers accept), give complete tables, not a crash."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plain.txt").write_text("The festival opened on Friday with a new programme of films.\n\n"
                                   "Tickets went on sale at the box office in the morning.\n", encoding="utf-8")
    (raw / "table.txt").write_text("Screenings " + " | ".join(f"film {i} at {i % 12} pm" for i in range(400)) + "\n",
                                   encoding="utf-8")
    result = run(raw, tmp_path / "out", RunSettings(progress=False))
    quotes = pd.read_csv(tmp_path / "out" / "quotes.csv")
    assert quotes.empty and {"stance", "frames", "vader_compound", "speaker"} <= set(quotes.columns)
    sentences = pd.read_csv(tmp_path / "out" / "sentences.csv")
    long = sentences[sentences["text"].str.len() > 3000]
    assert len(long) == 1 and long["vader_compound"].isna().all()  # left unscored, not a crash
    assert len(result.tables["articles"]) == 2


def test_an_article_that_raises_is_quarantined_and_the_run_goes_on(tmp_path, monkeypatch):

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a", "b", "c"):
        (raw / f"{name}.txt").write_text(f"{name}: " + BODY, encoding="utf-8")
    fail_on(monkeypatch, "b", RecursionError("pathological input"))
    result = run(raw, tmp_path / "out", RunSettings(progress=False))
    assert sorted(result.tables["articles"]["article_id"]) == ["a", "c"]
    report = pd.read_csv(tmp_path / "out" / "run_report.csv", keep_default_na=False)
    row = report[report["reason"] == "quarantined"]
    assert row["file"].tolist() == ["b.txt"] and row["record"].tolist() == ["b"]
    assert "RecursionError" in row["detail"].iloc[0] and "pathological input" in row["detail"].iloc[0]
    assert set(report["file"]) == {"a.txt", "b.txt", "c.txt"}  # every input accounted for
    strict = invoke("run", "--raw", raw, "--out", tmp_path / "out2", "--no-progress", "--no-cache", "--workers", "1",
                    "--strict")
    assert strict.exit_code == 3 and "1 article(s) quarantined" in strict.output
    assert (tmp_path / "out2" / "quotes.csv").exists()


def test_every_entry_of_the_raw_folder_is_accounted_for_and_links_are_not_followed(tmp_path, monkeypatch):
    from icanalysis import pipeline

    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "a.txt").write_text(BODY, encoding="utf-8")
    (raw / "sub" / "b.txt").write_text(BODY, encoding="utf-8")
    (raw / ".hidden.txt").write_text(BODY, encoding="utf-8")
    secret = tmp_path / "outside.txt"
    secret.write_text("private text outside the raw folder, " + BODY, encoding="utf-8")
    (raw / "link.txt").symlink_to(secret)
    (raw / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (raw / "linked_dir").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(raw / "pipe.txt")
    (raw / os.fsdecode(b"caf\xe9.txt")).write_text(BODY, encoding="utf-8")  # a Latin-1 name from an old disk
    (raw / "locked.txt").write_text(BODY, encoding="utf-8")
    real_open = open

    def no_permission(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "open", no_permission, raising=False)
    result = run(raw, tmp_path / "out", RunSettings(progress=False))
    assert sorted(result.tables["articles"]["article_id"]) == ["a", "b"]
    assert "private text" not in (tmp_path / "out" / "paragraphs.csv").read_text(encoding="utf-8")
    report = pd.read_csv(tmp_path / "out" / "run_report.csv", keep_default_na=False)
    reasons = dict(zip(report["file"], report["reason"], strict=True))
    assert reasons["link.txt"] == reasons["dangling.txt"] == reasons["linked_dir"] == "symlink"
    assert reasons[".hidden.txt"] == "hidden" and reasons["pipe.txt"] == "not_a_regular_file"
    assert reasons["caf\\xe9.txt"] == "undecodable_name" and reasons["locked.txt"] == "unreadable"
    walked = sum(len(dirs) + len(names) for _, dirs, names in os.walk(raw)) - 1  # entries, less the folder sub/
    assert len(report) == walked  # one row per entry a plain walk finds


def test_an_out_that_is_a_file_or_read_only_gets_one_line(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "taken").write_text("not a folder", encoding="utf-8")
    result = invoke("run", "--raw", raw, "--out", tmp_path / "taken", "--no-progress")
    assert result.exit_code == 2 and "is a file, not a folder" in result.output
    from icanalysis import tableset

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "ro"))

    monkeypatch.setattr(tableset.Path, "mkdir", read_only)
    result = invoke("run", "--raw", raw, "--out", tmp_path / "ro", "--no-progress", "--no-cache")
    assert result.exit_code == 2 and result.output.strip().startswith("error: cannot write")
    assert "Traceback" not in result.output


def test_follow_links_reads_only_links_that_stay_inside_the_raw_folder(tmp_path):
    from icanalysis.loading import LoadSettings

    raw = tmp_path / "raw"
    (raw / "store").mkdir(parents=True)
    (raw / "store" / "real.txt").write_text(BODY, encoding="utf-8")
    (raw / "inside.txt").symlink_to(raw / "store" / "real.txt")
    (tmp_path / "outside.txt").write_text("private, " + BODY, encoding="utf-8")
    (raw / "outside.txt").symlink_to(tmp_path / "outside.txt")
    result = run(raw, tmp_path / "out", RunSettings(progress=False, load=LoadSettings(follow_links=True)))
    assert sorted(result.tables["articles"]["article_id"]) == ["inside", "real"]
    report = pd.read_csv(tmp_path / "out" / "run_report.csv", keep_default_na=False)
    assert report.loc[report["file"] == "outside.txt", "reason"].tolist() == ["symlink"]


def test_a_loop_of_links_is_reported_not_a_crash(tmp_path):
    from icanalysis.loading import LoadSettings

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(BODY, encoding="utf-8")
    (raw / "b1.txt").symlink_to(raw / "b2.txt")
    (raw / "b2.txt").symlink_to(raw / "b1.txt")
    for follow in (False, True):
        result = run(raw, tmp_path / f"out{follow}", RunSettings(progress=False, load=LoadSettings(follow_links=follow)))
        assert result.tables["articles"]["article_id"].tolist() == ["a"]


def test_a_quarantined_file_is_tried_again_on_the_next_run(tmp_path, monkeypatch):
    from icanalysis import pipeline

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(BODY, encoding="utf-8")
    (raw / "b.txt").write_text(BODY, encoding="utf-8")
    settings = RunSettings(progress=False, cache_dir=str(tmp_path / "cache"))
    real = fail_on(monkeypatch, "a", MemoryError("passing"))
    assert run(raw, tmp_path / "out", settings).tables["articles"]["article_id"].tolist() == ["b"]
    monkeypatch.setattr(pipeline, "process_article", real)
    again = run(raw, tmp_path / "out", settings)
    assert again.tables["articles"]["article_id"].tolist() == ["a", "b"]
    assert again.execution["files_computed"] == 1 and again.execution["files_reused"] == 1


def test_outputs_are_readable_by_collaborators_under_the_usual_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        from icanalysis.io import _umask_mode

        _umask_mode.cache_clear()
        run(RAW, tmp_path / "out", RunSettings(progress=False))
        modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir() if p.is_file()}
        assert modes["quotes.csv"] == 0o644 and modes["run_report.json"] == 0o644, modes
    finally:
        os.umask(previous)
        _umask_mode.cache_clear()


def test_progress_names_every_stage_and_counts_files_and_is_quiet_when_off(tmp_path, capfd):
    run(RAW, tmp_path / "loud", RunSettings(progress=True))
    err = capfd.readouterr().err
    for step in ("per-article stages on 5 files", "near-duplicate search over", "speakers, quote clusters",
                 "writing the tables"):
        assert f"icanalysis: {step}" in err
    assert re.search(r"5/5 \[.*file/s", err)  # counted in files (not batches of 64), with a files-per-second rate
    run(RAW, tmp_path / "quiet", RunSettings(progress=False))
    assert capfd.readouterr().err == ""


def test_the_run_report_lists_duplicates_found_and_each_article(tmp_path, monkeypatch):
    import icanalysis.pipeline as pipeline

    run(RAW, tmp_path / "out", RunSettings(progress=False))
    report = (tmp_path / "out" / "run_report.md").read_text(encoding="utf-8")
    duplicates = pd.read_csv(tmp_path / "out" / "duplicates.csv")
    for (level, relation), n in duplicates.groupby(["level", "relation"]).size().items():
        assert f"- {level}/{relation}: {n}" in report
    quotes = pd.read_csv(tmp_path / "out" / "quotes.csv")
    for article_id, n in quotes.groupby("article_id").size().items():
        assert f"| `{article_id}` |" in report and f" | {n} | " in report
    monkeypatch.setattr(pipeline, "REPORT_ARTICLE_LIMIT", 2)
    run(RAW, tmp_path / "big", RunSettings(progress=False))
    assert "More than 2 articles: one row each in articles.csv." in (tmp_path / "big" / "run_report.md").read_text()


def test_run_timings_record_every_stage_outside_the_reproducible_set(tmp_path):
    import json

    run(RAW, tmp_path / "out", RunSettings(progress=False))
    timings = json.loads((tmp_path / "out" / TIMINGS_FILE).read_text(encoding="utf-8"))
    assert [t["stage"] for t in timings["stages"]] == ["per_article", "dedup", "speakers", "write"]
    assert timings["stages"][0]["rows"] == 5 and all(t["seconds"] >= 0 for t in timings["stages"])
    assert timings["total_seconds"] >= timings["stages"][0]["seconds"]
    report = json.loads((tmp_path / "out" / "run_report.json").read_text(encoding="utf-8"))
    assert "seconds" not in json.dumps(report)  # the run report stays byte-reproducible


def test_a_run_where_nothing_loads_still_writes_its_report_and_says_why_in_words(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "scan.pdf").write_bytes(b"%PDF-1.4 not read")
    (raw / "blank.txt").write_text("   \n", encoding="utf-8")
    (raw / "bytes.txt").write_bytes(b"\x00\x01\x02\x03 binary")
    out = tmp_path / "out"
    run(RAW, out, RunSettings(progress=False))  # an earlier run's tables are there
    result = CliRunner().invoke(main, ["run", "--raw", str(raw), "--out", str(out), "--no-progress", "--no-cache"])
    assert result.exit_code == 2
    assert "no article could be loaded from 3 input(s)" in result.output and "{'file'" not in result.output
    assert "run_report.md" in result.output and ".docx" in result.output
    report = pd.read_csv(out / "run_report.csv", keep_default_na=False)
    assert sorted(report["file"]) == ["blank.txt", "bytes.txt", "scan.pdf"]
    assert "scan.pdf" in (out / "run_report.md").read_text(encoding="utf-8")
    assert pd.read_csv(out / "quotes.csv").empty  # an empty table set, columns intact, no leftover of an earlier run
