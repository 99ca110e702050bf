"""The ``icanalysis`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import paths
from .loading import InputError, LoadSettings

if TYPE_CHECKING:
    import pandas as pd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="icanalysis")
def main() -> None:
    """Press coverage of intimacy coordination: clean, deduplicate, extract quotes, analyse."""


PROJECT_OPTION = click.option(
    "--project", "project_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Project folder (made by `icanalysis init`); default: $ICANALYSIS_PROJECT, else the project or repository "
         "checkout at or above the current folder.")


def _project(project_dir: Path | None) -> paths.Project:
    try:
        return paths.current_project(project_dir)
    except paths.NoProject as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


@main.command()
@PROJECT_OPTION
@click.option("--raw", "raw_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of input articles (.txt, .html, .jsonl, .csv) and an optional manifest.csv "
                   "(default: the project's raw/, data/raw in the repository).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder for the processed tables and the run report (default: the project's processed/).")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True,
              help="Table format (Parquet for large corpora).")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show progress bars.")
@click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes for the per-article stages (0 = every core). Results do not depend on it.")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True,
              help="Articles per work unit.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run the per-article stages here or as Dask partitions.")
@click.option("--scheduler", default=None, help="Dask scheduler address (with --engine dask); default: local processes.")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse the per-article results of files unchanged since the last run.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Cache folder (default: OUT/.cache).")
@click.option("--coder", type=click.Choice(["model", "rules"]), default="model", show_default=True,
              help="Stance and frame coder: the learned model or the cue rules.")
@click.option("--codebook", "codebook", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Speaker codebook CSV (columns of icanalysis/data/speakers.csv) that extends the bundled one "
                   "(default: the project's speakers.csv if it exists).")
@click.option("--corrections", "corrections", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Corrections CSV applied after attribution (default: the project's corrections.csv if it exists).")
@click.option("--follow-links", is_flag=True, default=False,
              help="Read symbolic links to files that stay inside the raw folder (others are always refused).")
@click.option("--strict", is_flag=True, default=False,
              help="Exit with status 3 when an article was quarantined (its processing raised); the tables are "
                   "written either way.")
def run(project_dir: Path | None, raw_dir: Path | None, out_dir: Path | None, fmt: str, progress: bool, workers: int,
        batch_size: int, engine: str, scheduler: str | None, cache: bool, cache_dir: Path | None, coder: str,
        codebook: Path | None, corrections: Path | None, follow_links: bool, strict: bool) -> None:
    """Build the processed tables and the run report from a raw folder."""
    from .coder import CodingSettings
    from .pipeline import RunSettings
    from .pipeline import run as run_pipeline

    if raw_dir is None or out_dir is None:
        project = _project(project_dir)
        raw_dir = raw_dir if raw_dir is not None else project.raw
        out_dir = out_dir if out_dir is not None else project.processed
        if corrections is None and project.corrections.is_file():
            corrections = project.corrections
        if codebook is None and project.codebook.is_file():
            codebook = project.codebook

    folder = str(cache_dir if cache_dir is not None else Path(out_dir) / ".cache") if cache else None
    settings = RunSettings(fmt=fmt, progress=progress, workers=workers, batch_size=batch_size, engine=engine,
                           scheduler=scheduler, keep_texts=False, cache_dir=folder,
                           coding=CodingSettings(coder=coder), load=LoadSettings(follow_links=follow_links),
                           corrections=str(corrections) if corrections is not None else None,
                           codebook=str(codebook) if codebook is not None else None)
    from .pipeline import NothingLoaded
    from .tableset import OutputBusy

    try:
        result = run_pipeline(raw_dir, out_dir, settings)
    except (InputError, OutputBusy) as exc:
        click.echo(f"error: {exc}", err=True)
        if isinstance(exc, NothingLoaded):
            click.echo(f"the run report says why for every input: {out_dir / 'run_report.md'}; the formats read are "
                       ".txt/.text, .html/.htm, .jsonl, .csv, .docx and Nexis/Factiva exports (README: Adding your own "
                       "articles)", err=True)
        sys.exit(2)
    except PermissionError as exc:  # a read-only --out or cache folder
        click.echo(f"error: cannot write {exc.filename}: {exc.strerror}; choose a folder you can write to", err=True)
        sys.exit(2)
    summary = result.summary
    for entry in summary["warnings"]:
        click.echo(f"warning: {entry['file']} {entry['record']}: {entry['reason']}: {entry['detail']}", err=True)
    for entry in summary["skipped"]:
        if entry["reason"] != "not_an_article":
            click.echo(f"skipped: {entry['file']} {entry['record']}: {entry['reason']}: {entry['detail']}",
                       err=True)
    rows = ", ".join(f"{name} {n}" for name, n in summary["rows"].items())
    execution = result.execution
    if execution.get("cache_dir"):
        click.echo(f"cache {execution['cache_dir']}: {execution['files_reused']} files reused, "
                   f"{execution['files_computed']} computed", err=True)
        if execution.get("cache_corrupt_segments"):
            click.echo(f"cache: {execution['cache_corrupt_segments']} segment(s) failed their checksum and were "
                       "recomputed", err=True)
        if execution.get("cache_index_rebuilt"):
            click.echo("cache: the index could not be read and was rebuilt (every file recomputed)", err=True)
    click.echo(f"wrote {out_dir}: {rows}; run report: {out_dir / 'run_report.md'}")
    if "corrections" in summary:
        done = summary["corrections"]
        click.echo(f"corrections {done['file']}: {done['applied']} applied, {done['not_applied']} not applied "
                   "(see the run report's warnings)", err=True)
    n_quarantined = sum(entry["reason"] == "quarantined" for entry in summary["skipped"])
    if n_quarantined:
        click.echo(f"{n_quarantined} article(s) quarantined: their processing raised; see the run report", err=True)
        if strict:
            sys.exit(3)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="CSV file to write (default: standard output).")
def quotes(inputs: tuple[Path, ...], output: Path | None) -> None:
    """Extract attributed quotes from plain-text or HTML article files into CSV."""
    from .pipeline import quotes_for_files

    try:
        table, problems = quotes_for_files(list(inputs))
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for problem in problems:
        click.echo(f"skipped: {problem}", err=True)
    data = table.to_csv(index=False, lineterminator="\n")
    if output is None:
        click.echo(data, nl=False)
    else:
        from .io import atomic_write_text

        atomic_write_text(output, data)
        click.echo(f"wrote {len(table)} quotes to {output}", err=True)


@main.command()
@click.option("--n", "n", type=click.IntRange(min=1), required=True, help="Number of articles.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Empty folder for the archive and its truth/ tables.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same bytes.")
@click.option("--format", "fmt", type=click.Choice(["txt", "jsonl"]), default="txt", show_default=True,
              help="One .txt per article plus manifest.csv, or one articles.jsonl.")
@click.option("--overwrite", is_flag=True, help="Allow writing into a non-empty folder.")
def synth(n: int, out_dir: Path, seed: int, fmt: str, overwrite: bool) -> None:
    """Write a synthetic archive with known quotes, speakers, copies and boilerplate (for benchmarks)."""
    from .synth import SynthSettings, write_archive

    try:
        counts = write_archive(n, out_dir, settings=SynthSettings(seed=seed), fmt=fmt, overwrite=overwrite)
    except (ValueError, FileExistsError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"wrote {out_dir}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), err=True)


@main.command()
@PROJECT_OPTION
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of numbered notebooks (NN_name.ipynb); default: the project's notebooks/.")
@click.option("--store/--no-store", default=True, show_default=True,
              help="Save the executed outputs into the notebooks (the figures are exported either way).")
def notebooks(project_dir: Path | None, folder: Path | None, store: bool) -> None:
    """Execute the numbered notebooks in order on the project's processed tables and export its figures."""
    import os

    from .notebook_runner import execute_notebook, numbered_notebooks

    project = _project(project_dir)
    report = project.processed / "run_report.json"
    if not report.is_file():
        click.echo(f"error: no processed tables in {project.processed} (no run_report.json): run `icanalysis run` "
                   "first", err=True)
        sys.exit(2)
    from .pipeline import raw_fingerprint

    built_from = json.loads(report.read_text(encoding="utf-8"))
    if built_from.get("raw_dir") == project.raw.name and project.raw.is_dir() \
            and built_from.get("raw_fingerprint") not in (None, raw_fingerprint(project.raw)):
        click.echo(f"error: the tables in {project.processed} are stale: {project.raw} changed since they were "
                   "built; run `icanalysis run` first", err=True)
        sys.exit(2)
    folder = folder if folder is not None else project.notebooks
    found = numbered_notebooks(folder)
    if not found:
        click.echo(f"error: no numbered notebooks (NN_name.ipynb) in {folder}", err=True)
        sys.exit(2)
    before = os.environ.get(paths.PROJECT_ENV)
    os.environ[paths.PROJECT_ENV] = str(project.root)  # the kernels read this project, whatever their folder
    try:
        for path in found:
            click.echo(f"executing {path.name}", err=True)
            execute_notebook(path, store=store)
    finally:
        if before is None:
            os.environ.pop(paths.PROJECT_ENV, None)
        else:
            os.environ[paths.PROJECT_ENV] = before
    click.echo(f"executed {len(found)} notebooks; figures in {project.figures}", err=True)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default=None, help="Project name (default: the folder's name).")
@click.option("--notebooks-from", "notebooks_from", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of numbered notebooks to copy (default: the checkout's notebooks/; needed when the "
                   "package was installed from a wheel, which carries no notebooks).")
def init(folder: Path, name: str | None, notebooks_from: Path | None) -> None:
    """Create a project: raw/ for your articles, processed/, figures/, the numbered notebooks, a config file."""
    from .project import InitError, init_project

    try:
        project = init_project(folder, name=name, notebooks_from=notebooks_from)
    except InitError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"created project {project.name!r} in {project.root}: put articles in {project.raw}, then "
               f"`icanalysis run --project {folder}` and `icanalysis notebooks --project {folder}`", err=True)


@main.command()
@PROJECT_OPTION
@click.option("--n", "n", type=click.IntRange(min=1), default=100, show_default=True, help="Quotes in the sample.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the sample (same seed, same sample).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Sheet to write, .csv (default: PROJECT/review/review_sample.csv); an Excel copy (.xlsx) is "
                   "written beside it. Never overwritten.")
def review(project_dir: Path | None, n: int, seed: int, output: Path | None) -> None:
    """Draw a review sheet: a stratified sample of quotes with their codings, to mark y/n in a spreadsheet."""
    from .io import atomic_write_text, read_processed
    from .review import ReviewError, draw_sample, write_workbook

    project = _project(project_dir)
    target = output if output is not None else project.root / "review" / "review_sample.csv"
    target = target.with_suffix(".csv")
    for sheet_path in (target, target.with_suffix(".xlsx")):
        if sheet_path.exists():
            click.echo(f"error: {sheet_path} exists (it may hold marks): choose another --output", err=True)
            sys.exit(2)
    try:
        sheet = draw_sample(read_processed("quotes", project.processed), read_processed("paragraphs", project.processed),
                            n=n, seed=seed)
    except (ReviewError, FileNotFoundError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(sheet, target.with_suffix(".xlsx"))  # first: if it fails, no CSV is left to block a retry
    atomic_write_text(target, "\ufeff" + sheet.to_csv(index=False, lineterminator="\n"))  # BOM: Excel reads UTF-8
    click.echo(f"wrote {target} and {target.with_suffix('.xlsx').name}: {len(sheet)} quotes from "
               f"{sheet['article_id'].nunique()} articles (seed {seed}); mark each *_ok column y or n in either, "
               "then `icanalysis validate` it", err=True)


@main.command()
@PROJECT_OPTION
@click.option("--corrections/--no-corrections", "to_corrections", default=True, show_default=True,
              help="Add the reviewers' answers (correct_* of codings marked n) to the project's corrections.csv.")
@click.argument("sheets", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(project_dir: Path | None, to_corrections: bool, sheets: tuple[Path, ...]) -> None:
    """Accuracy of each coding from a marked review sheet (Wilson 95% intervals); with two sheets of the same
    sample, agreement between the reviewers (Krippendorff's alpha). Written to PROJECT/processed/validation.json
    and the run report; the answers become corrections, applied by the next run."""
    from .exports import summary_of
    from .io import atomic_write_text, read_processed, write_json
    from .pipeline import quotes_digest, report_markdown
    from .review import ReviewError, accuracy, agreement, read_marks

    project = _project(project_dir)
    try:
        marks = [read_marks(sheet) for sheet in sheets]
    except ReviewError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    ids = [list(m["review_id"]) for m in marks]
    if any(other != ids[0] for other in ids[1:]):
        click.echo(f"error: {', '.join(s.name for s in sheets)} are not sheets of the same sample (their review_id "
                   "columns differ)", err=True)
        sys.exit(2)
    def records(frame: pd.DataFrame) -> list[dict]:  # JSON has no NaN: a coding nobody marked is null
        return [{k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
                for row in frame.round(4).to_dict("records")]

    table = accuracy(marks[0])
    result: dict[str, object] = {"sheet": sheets[0].name, "accuracy": records(table)}
    click.echo(table.round(3).to_string(index=False))
    if len(marks) > 1:
        alphas = agreement(marks)
        result["agreement"] = {"sheets": [s.name for s in sheets], "alpha": records(alphas)}
        click.echo(alphas.round(3).to_string(index=False))
    report_path = project.processed / "run_report.json"
    summary = summary_of(project.processed) or None
    if summary is not None:
        result["reviewed_run"] = {"input_fingerprint": summary["input_fingerprint"],
                                  "code_version": summary["code_version"],
                                  "quotes_sha256": quotes_digest(project.processed)}
        result["same_codings"] = True
    project.processed.mkdir(parents=True, exist_ok=True)
    write_json(project.processed / "validation.json", result)
    if summary is not None:
        summary["validation"] = result
        write_json(report_path, summary)
        atomic_write_text(project.processed / "run_report.md", report_markdown(summary))
    click.echo(f"wrote {project.processed / 'validation.json'} and the run report", err=True)
    if to_corrections:
        _answers_to_corrections(project, marks, sheets[0].name, read_processed("quotes", project.processed))


def _answers_to_corrections(project: paths.Project, marks: list[pd.DataFrame], source: str,
                            quotes: pd.DataFrame) -> None:
    """Append the reviewers' answers to the project's corrections file (rows already there are not repeated)."""
    import csv
    import io

    from .corrections import COLUMNS, correction_records
    from .io import atomic_write_text
    from .review import corrections_from_marks

    rows, problems = corrections_from_marks(marks, quotes, source)
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
    if rows.empty:
        return
    path = project.corrections
    records, unreadable = correction_records(path) if path.is_file() else ([], [])
    if any(s.reason == "corrections_unreadable" for s in unreadable):
        click.echo(f"warning: {path} cannot be read ({unreadable[0].detail}): the answers were not added to it; "
                   "mend it, then validate again", err=True)
        return
    key = ("article_id", "quote", "field", "value")
    known = {tuple(rec.get(k, "") for k in key) for _, rec in records}
    fresh = [r for r in rows.astype(str).to_dict("records") if tuple(r[k] for k in key) not in known]
    if not fresh:
        click.echo(f"{path.name}: the answers are already in it", err=True)
        return
    # appended, never rewritten: every line already in the file (even one this reader cannot use) stays
    text = path.read_bytes().decode("utf-8-sig") if path.is_file() else ""
    header = next(csv.reader([text.splitlines()[0]])) if text.strip() else list(COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if not text.strip():
        writer.writerow(header)
    writer.writerows([[r.get(column.strip(), "") for column in header] for r in fresh])
    prefix = "" if not text or text.endswith("\n") else "\n"
    atomic_write_text(path, text + prefix + out.getvalue())
    click.echo(f"{path}: {len(fresh)} correction(s) added from the answers; `icanalysis run` applies them",
               err=True)


EXPORT_SUFFIX = {"qdpx": ".qdpx", "xlsx": ".xlsx", "html": ".html", "csv": ""}


@main.command()
@PROJECT_OPTION
@click.option("--to", "fmt", type=click.Choice(sorted(EXPORT_SUFFIX)), required=True,
              help="qdpx: REFI-QDA project (NVivo, ATLAS.ti, MAXQDA); xlsx: the tables as a workbook; html: a "
                   "self-contained report of the run; csv: the tables as Excel-safe CSV (UTF-8 with BOM).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (csv: a folder); default: PROJECT/exports/<project name>.<format>.")
def export(project_dir: Path | None, fmt: str, output: Path | None) -> None:
    """Export the project's processed tables for the tools researchers use (written atomically)."""
    import json

    from . import exports
    from .io import atomic_write_bytes, atomic_write_text, read_processed
    from .paths import data_file

    project = _project(project_dir)
    target = output if output is not None else project.root / "exports" / f"{project.name}{EXPORT_SUFFIX[fmt]}"
    if project.raw.resolve() in (target.resolve(), *target.resolve().parents):
        click.echo(f"error: {target} lies in the raw folder, which is never written: choose another --output",
                   err=True)
        sys.exit(2)
    names = ["articles", "quotes", "speakers", "duplicates", "removed", "speaker_merges", "run_report"]
    if fmt in ("xlsx", "csv"):
        names += ["paragraphs", "sentences"]
    try:
        tables = {name: read_processed(name, project.processed) for name in names}
    except FileNotFoundError as exc:
        click.echo(f"error: {exc}: run `icanalysis run` on the project first", err=True)
        sys.exit(2)
    if fmt == "csv":
        for name, table in tables.items():
            atomic_write_bytes(target / f"{name}.csv", exports.excel_csv(table))
        click.echo(f"wrote {len(tables)} tables to {target} (UTF-8 with BOM, CRLF: Excel reads them as written)",
                   err=True)
        return
    if fmt == "xlsx":
        data, notes = exports.workbook(tables)
        for note in notes:
            click.echo(f"note: {note}", err=True)
        atomic_write_bytes(target, data)
    elif fmt == "html":
        validation_path = project.processed / "validation.json"
        validation = json.loads(validation_path.read_text(encoding="utf-8")) if validation_path.is_file() else None
        coder = json.loads(data_file("coder_validation.json").read_text(encoding="utf-8"))
        atomic_write_text(target, exports.report_html(tables, project_name=project.name,
                                                      summary=exports.summary_of(project.processed),
                                                      validation=validation, coder_validation=coder,
                                                      figures_dir=project.figures))
    else:
        from .pipeline import load_corpus
        from .qdpx import build_qdpx, qdpx_problems
        from .settings import RunSettings

        try:
            loaded, _, _ = load_corpus(project.raw, RunSettings(progress=False))
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        texts = {a.meta["article_id"]: a.text for a in loaded}
        for problem in qdpx_problems(tables["articles"], tables["quotes"], texts):
            click.echo(f"warning: {problem}", err=True)
        from .findings import frame_labels

        atomic_write_bytes(target, build_qdpx(tables["articles"], tables["quotes"], texts, project_name=project.name,
                                              frame_labels=frame_labels()))
    click.echo(f"wrote {target}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
