"""The pipeline: raw folder -> processed tables and a run report. Stages are called in order; I/O via io."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from . import io
from .cleaning import CleanSettings, clean_text, paragraphs_frame, removed_frame
from .dedup import DedupSettings, find_duplicates
from .loading import (Article, InputError, LoadSettings, Skip, articles_table, check_unique_ids, load_file,
                      match_manifest, parse_manifest)
from .schemas import REPORT_COLUMNS, check_columns


@dataclass(frozen=True)
class RunSettings:
    """Everything a run depends on; written into the run report."""

    load: LoadSettings = field(default_factory=LoadSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    fmt: str = "csv"
    progress: bool = True

    def __post_init__(self) -> None:
        if self.fmt not in io.TABLE_FORMATS:
            raise ValueError(f"RunSettings.fmt {self.fmt!r} must be one of {io.TABLE_FORMATS}")


@dataclass
class RunResult:
    tables: dict[str, pd.DataFrame]
    texts: dict[str, str]
    report: pd.DataFrame
    summary: dict


def discover(raw_dir: Path) -> list[str]:
    """Relative POSIX paths of every file under ``raw_dir`` (hidden files and folders excluded), sorted."""
    if not raw_dir.is_dir():
        raise InputError(f"{raw_dir}: raw folder does not exist or is not a folder")
    files = []
    for path in raw_dir.rglob("*"):
        rel = path.relative_to(raw_dir)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            files.append(rel.as_posix())
    return sorted(files)


def _progress(items: list[str], enabled: bool, desc: str) -> Iterator[str]:
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc=desc, unit="file", disable=len(items) < 50, leave=False)


def load_corpus(raw_dir: Path, settings: RunSettings) -> tuple[list[Article], list[Skip], list[str]]:
    """Read and decode every file of the raw folder; raise :class:`InputError` on fatal problems."""
    raw_dir = Path(raw_dir)
    files = discover(raw_dir)
    manifest = None
    skips: list[Skip] = []
    if settings.load.manifest_name in files:
        manifest = parse_manifest(io.read_bytes(raw_dir / settings.load.manifest_name),
                                  name=settings.load.manifest_name, raw_dir=raw_dir)
        skips.extend(manifest.warnings)
        files.remove(settings.load.manifest_name)
    by_file, missing = match_manifest(files, manifest)
    skips.extend(missing)
    articles: list[Article] = []
    for rel in _progress(files, settings.progress, "load+clean"):
        if Path(rel).name in settings.load.ignore_names:
            skips.append(Skip(rel, "", "ignored", "not_an_article", "listed in LoadSettings.ignore_names"))
            continue
        path = raw_dir / rel
        size = path.stat().st_size
        if size > settings.load.max_file_bytes:  # never read a huge file into memory
            skips.append(Skip(rel, "", "skipped", "too_large",
                              f"{size / 1e6:.1f} MB exceeds max_file_bytes="
                              f"{settings.load.max_file_bytes / 1e6:.1f} MB"))
            continue
        found, file_skips = load_file(rel, io.read_bytes(path), manifest_row=by_file.get(rel),
                                      has_manifest=manifest is not None, settings=settings.load)
        articles.extend(found)
        skips.extend(file_skips)
    check_unique_ids(articles)
    return articles, skips, [settings.load.manifest_name] if manifest is not None else []


def build(raw_dir: Path, settings: RunSettings = RunSettings(),
          extra_stages: tuple[Callable[[RunResult], None], ...] = ()) -> RunResult:
    """Run every stage in memory and return the tables (nothing is written)."""
    articles, skips, manifest_files = load_corpus(raw_dir, settings)
    if not articles:
        raise InputError(f"{raw_dir}: no article could be loaded (see the skips: "
                         f"{[s.as_dict() for s in skips][:5]})")
    texts = {a.meta["article_id"]: a.text for a in articles}
    para_rows: list[dict] = []
    removed_rows: list[dict] = []
    for article in articles:
        paragraphs, removed = clean_text(article.text, article.meta["article_id"], meta=article.meta,
                                         settings=settings.clean)
        para_rows.extend(paragraphs)
        removed_rows.extend(removed)
    table = articles_table(articles)
    paragraphs = paragraphs_frame(para_rows)
    removed = removed_frame(removed_rows)
    table["n_paragraphs"] = table["article_id"].map(paragraphs.groupby("article_id").size()).fillna(0).astype(int)
    table["n_removed"] = table["article_id"].map(removed.groupby("article_id").size()).fillna(0).astype(int)

    dedup = find_duplicates(paragraphs, table, settings.dedup)
    table = table.merge(dedup.article_flags, on="article_id", how="left")
    paragraphs = paragraphs.merge(dedup.paragraph_flags, on="para_id", how="left")

    tables = {
        "articles": check_columns(table, "articles"),
        "paragraphs": check_columns(paragraphs, "paragraphs"),
        "removed": check_columns(removed, "removed"),
        "duplicates": check_columns(dedup.duplicates, "duplicates"),
    }
    report = _report(articles, skips, manifest_files, tables)
    result = RunResult(tables, texts, report, {})
    for stage in extra_stages:
        stage(result)
    result.summary = _summary(result, raw_dir, settings)
    return result


def _report(articles: list[Article], skips: list[Skip], manifest_files: list[str],
            tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    counts = tables["articles"].set_index("article_id")[["n_paragraphs", "n_removed"]]
    rows = [{"file": f, "record": "", "status": "manifest", "reason": "", "detail": "read as the manifest",
             "article_id": "", "n_paragraphs": "", "n_removed": ""} for f in manifest_files]
    for article in articles:
        aid = article.meta["article_id"]
        rows.append({"file": article.meta["source_file"], "record": article.meta["record"], "status": "loaded",
                     "reason": "", "detail": article.meta["encoding_note"], "article_id": aid,
                     "n_paragraphs": int(counts.at[aid, "n_paragraphs"]),
                     "n_removed": int(counts.at[aid, "n_removed"])})
    for skip in skips:
        rows.append({**skip.as_dict(), "article_id": skip.record if skip.reason == "not_in_manifest" else "",
                     "n_paragraphs": "", "n_removed": ""})
    report = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    return report.sort_values(["file", "record", "status", "reason"], kind="stable").reset_index(drop=True)


def _summary(result: RunResult, raw_dir: Path, settings: RunSettings) -> dict:
    from importlib.metadata import PackageNotFoundError, version

    try:
        code_version = version("icanalysis")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        code_version = "unknown"
    report = result.report
    fingerprint = hashlib.sha256()
    for aid in sorted(result.texts):
        fingerprint.update(aid.encode() + b"\0" + result.texts[aid].encode() + b"\0")
    return {
        "code_version": code_version,
        "raw_dir": Path(raw_dir).name,
        "input_fingerprint": fingerprint.hexdigest(),
        "files": {status: int(n) for status, n in report["status"].value_counts().sort_index().items()},
        "skipped": report[report["status"].isin(["skipped", "ignored"])][["file", "record", "reason", "detail"]]
        .to_dict("records"),
        "warnings": report[report["status"] == "warning"][["file", "record", "reason", "detail"]]
        .to_dict("records"),
        "rows": {name: len(table) for name, table in sorted(result.tables.items())},
        "settings": json.loads(json.dumps(asdict(settings), default=str)),
    }


def report_markdown(summary: dict) -> str:
    """The human-readable run report."""
    lines = ["# Run report", "", f"Input folder: `{summary['raw_dir']}`; code version {summary['code_version']};",
             f"input fingerprint `{summary['input_fingerprint'][:16]}`.", "", "## Files", ""]
    lines += [f"- {status}: {n}" for status, n in summary["files"].items()]
    lines += ["", "## Tables", "", "| table | rows |", "|---|---|"]
    lines += [f"| {name} | {n} |" for name, n in summary["rows"].items()]
    for title, key in (("Skipped or ignored", "skipped"), ("Warnings", "warnings")):
        lines += ["", f"## {title}", ""]
        entries = summary[key]
        lines += [f"- `{e['file']}` {e['record']}: {e['reason']} ({e['detail']})" for e in entries] or ["- none"]
    return "\n".join(lines) + "\n"


def write_outputs(result: RunResult, out_dir: Path, fmt: str = "csv") -> list[Path]:
    """Write every table and the run report atomically; stale tables of the other format are removed."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in sorted(result.tables.items()):
        written.append(io.write_table(table, out_dir / name, fmt))
        for other in io.TABLE_FORMATS:
            stale = out_dir / f"{name}.{other}"
            if other != fmt and stale.exists():
                stale.unlink()
    written.append(io.write_table(result.report, out_dir / "run_report", "csv"))
    io.write_json(out_dir / "run_report.json", result.summary)
    io.atomic_write_text(out_dir / "run_report.md", report_markdown(result.summary))
    return written + [out_dir / "run_report.json", out_dir / "run_report.md"]


def run(raw_dir: Path, out_dir: Path, settings: RunSettings = RunSettings(),
        extra_stages: tuple[Callable[[RunResult], None], ...] = ()) -> RunResult:
    """Build every table from ``raw_dir`` and write them to ``out_dir``."""
    result = build(raw_dir, settings, extra_stages)
    write_outputs(result, out_dir, settings.fmt)
    return result


def default_stages() -> tuple[Callable[[RunResult], None], ...]:
    """Stages after cleaning and dedup that ``icanalysis run`` adds to the tables."""
    return ()
