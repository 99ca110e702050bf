"""The pipeline: raw folder -> processed tables and a run report. Stages are called in order; I/O via io."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from . import io, tableset
from .cache import TABLES as STORED_TABLES
from .cache import SegmentStore, TaskCache
from .cleaning import paragraphs_frame, removed_frame
from .corrections import CorrectionSet, add_quotes, apply_corrections, read_corrections
from .dedup import FEATURE_COLUMNS, find_duplicates, matchable_bands
from .loading import (
    Article,
    InputError,
    Skip,
    articles_table,
    check_unique_ids,
    load_file,
    match_manifest,
    parse_manifest,
)
from .quotes import QUOTE_COLUMNS, QuoteRow, quotes_frame
from .schemas import REPORT_COLUMNS, check_columns
from .settings import EXECUTION_ONLY, RunSettings
from .stages import process_article

SHARED_QUOTE_ALL_PAIRS = 20  # articles in a quote cluster up to which every pair is listed


@dataclass
class RunResult:
    """The tables of a run. ``texts`` holds the source texts only with ``RunSettings.keep_texts``;
    ``execution`` says how the run went (cache use), and is kept out of the reproducible run report."""

    tables: dict[str, pd.DataFrame]
    texts: dict[str, str]
    report: pd.DataFrame
    summary: dict
    execution: dict = field(default_factory=dict)


def safe_name(name: str) -> str:
    """A file name that can be printed and written to a table: bytes that are not UTF-8 (old disks, other
    systems) shown as ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def discover_all(raw_dir: Path, *, follow_links: bool = False) -> tuple[list[str], list[Skip]]:
    """Relative POSIX paths of the regular files under ``raw_dir`` to load, sorted, and a run-report row for
    every other entry a plain directory walk finds: hidden files and folders (ignored), symbolic links
    (refused: they may lead out of the raw folder), FIFOs, sockets and devices, names that are not valid UTF-8,
    and folders that cannot be read. Nothing is followed out of the raw folder."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise InputError(f"{raw_dir}: raw folder does not exist or is not a folder")
    files: list[str] = []
    skips: list[Skip] = []

    def unreadable(exc: OSError) -> None:
        rel = os.path.relpath(exc.filename, raw_dir) if exc.filename else "."
        skips.append(Skip(safe_name(rel), "", "skipped", "unreadable_folder", f"{type(exc).__name__}: {exc.strerror}"))

    for top, dirs, names in os.walk(raw_dir, onerror=unreadable, followlinks=False):
        rel_top = Path(top).relative_to(raw_dir)
        for d in sorted(dirs):
            rel = (rel_top / d).as_posix()
            if (Path(top) / d).is_symlink():
                skips.append(Skip(safe_name(rel), "", "skipped", "symlink",
                                  "a link to a folder: not followed (it may lead out of the raw folder)"))
            elif d.startswith("."):
                skips.append(Skip(safe_name(rel), "", "ignored", "hidden", "hidden folder: not read"))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (Path(top) / d).is_symlink())
        for name in sorted(names):
            rel = (rel_top / name).as_posix()
            path = Path(top) / name
            if safe_name(rel) != rel:
                skips.append(Skip(safe_name(rel), "", "skipped", "undecodable_name",
                                  "file name is not valid UTF-8: rename the file to load it"))
            elif path.is_symlink():
                inside = False
                if follow_links:
                    try:
                        target = path.resolve(strict=True)
                    except (OSError, RuntimeError):  # dangling, or a loop of links
                        target = None
                    inside = target is not None and raw_dir.resolve() in target.parents and target.is_file()
                if inside:
                    files.append(rel)
                else:
                    skips.append(Skip(rel, "", "skipped", "symlink", "a symbolic link: not followed (it leads out "
                                      "of the raw folder or nowhere)" if follow_links else "a symbolic link: not "
                                      "followed (it may lead out of the raw folder); copy the file in, or pass "
                                      "--follow-links for links that stay inside it"))
            elif name.startswith("."):
                skips.append(Skip(rel, "", "ignored", "hidden", "hidden file: not read"))
            elif not stat.S_ISREG(path.lstat().st_mode):
                skips.append(Skip(rel, "", "skipped", "not_a_regular_file", "a FIFO, socket or device: not read"))
            else:
                files.append(rel)
    return sorted(files), skips


def discover(raw_dir: Path) -> list[str]:
    """Relative POSIX paths of the regular files under ``raw_dir`` to load (see :func:`discover_all`)."""
    return discover_all(raw_dir)[0]


@dataclass(frozen=True)
class FileTask:
    """One raw file to load and process (picklable: sent to worker processes)."""

    rel: str
    path: str
    manifest_row: dict[str, str] | None
    has_manifest: bool


@dataclass
class FileOutput:
    """What one file produced: its articles' metadata, skips, texts (if kept) and row counts per table."""

    metas: list[dict[str, str]]
    skips: list[Skip]
    texts: dict[str, str]
    rows: dict[str, int]


@dataclass
class BatchOutput:
    """Per-article tables of a batch of files (rows in input order), and what each file contributed."""

    files: list[FileOutput]
    tables: dict[str, pd.DataFrame]


PER_ARTICLE_TABLES = ("paragraphs", "removed", "quotes", "sentences")


def plan(raw_dir: Path, settings: RunSettings) -> tuple[list[FileTask], list[Skip], list[str]]:
    """Discover files and check the manifest in the main process; raise :class:`InputError` if fatal."""
    raw_dir = Path(raw_dir)
    files, skips = discover_all(raw_dir, follow_links=settings.load.follow_links)
    manifest = None
    if settings.load.manifest_name in files:
        manifest = parse_manifest(io.read_bytes(raw_dir / settings.load.manifest_name),
                                  name=settings.load.manifest_name, raw_dir=raw_dir)
        skips.extend(manifest.warnings)
        files.remove(settings.load.manifest_name)
    by_file, missing = match_manifest(files, manifest)
    skips.extend(missing)
    tasks = []
    for rel in files:
        if Path(rel).name in settings.load.ignore_names:
            skips.append(Skip(rel, "", "ignored", "not_an_article", "listed in LoadSettings.ignore_names"))
            continue
        tasks.append(FileTask(rel, str(raw_dir / rel), by_file.get(rel), manifest is not None))
    return tasks, skips, [settings.load.manifest_name] if manifest is not None else []


def load_task(task: FileTask, settings: RunSettings) -> tuple[list[Article], list[Skip]]:
    """Read one file (never more than the size limit into memory: the limit is checked on the bytes read, so
    files whose size the system misreports are caught too) and decode it; a file that cannot be read is a
    run-report row, not a stop."""
    limit = settings.load.max_file_bytes
    try:
        with open(task.path, "rb") as handle:
            stated = os.fstat(handle.fileno()).st_size
            data = handle.read(limit + 1)
    except OSError as exc:
        return [], [Skip(task.rel, "", "skipped", "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")]
    if len(data) > limit:
        size = f"{stated / 1e6:.1f} MB" if stated > limit else "more bytes than its stated size, and"
        return [], [Skip(task.rel, "", "skipped", "too_large",
                         f"{size} exceeds max_file_bytes={limit / 1e6:.1f} MB")]
    return load_file(task.rel, data, manifest_row=task.manifest_row, has_manifest=task.has_manifest,
                     settings=settings.load)


def load_corpus(raw_dir: Path, settings: RunSettings) -> tuple[list[Article], list[Skip], list[str]]:
    """Read and decode every file of the raw folder; raise :class:`InputError` on fatal problems."""
    tasks, skips, manifest_files = plan(raw_dir, settings)
    articles: list[Article] = []
    for task in tasks:
        found, file_skips = load_task(task, settings)
        articles.extend(found)
        skips.extend(file_skips)
    check_unique_ids(articles)
    return articles, skips, manifest_files


_INT_COLUMNS = ("para_index", "line_no", "start", "end", "n_words", "sent_index", "cue_start", "mention_start")


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:  # the dtypes a non-empty table has, so that batches concatenate alike
        frame = frame.astype({c: ("int64" if c in _INT_COLUMNS else "str") for c in columns})
    return frame


def _tables(paragraphs: list[dict], removed: list[dict], quotes: list[QuoteRow], sentences: list[dict],
            settings: RunSettings) -> dict[str, pd.DataFrame]:
    """The per-article tables of the rows of a batch (codings and dedup features computed per batch)."""
    from .analysis import code_quotes, code_units
    from .dedup import article_features, paragraph_features
    from .speakers import quote_features

    para = paragraphs_frame(paragraphs)
    if para.empty:
        para = _frame([], list(para.columns))
    sentence_columns = ["article_id", "para_index", "sent_index", "start", "end", "text"]
    quote_table = quotes_frame(quotes)
    if quote_table.empty:
        quote_table = _frame([], list(QUOTE_COLUMNS))
    coded_sentences = code_units(_frame(sentences, sentence_columns), text_column="text", coding=settings.coding)
    features = paragraph_features(para, settings.dedup)
    coded_quotes = code_quotes(quote_table, coded_sentences)
    return {"paragraphs": para, "removed": _frame(removed, list(removed_frame([]).columns)),
            "quotes": coded_quotes, "quote_features": quote_features(coded_quotes),
            "sentences": coded_sentences,
            "features": features, "article_features": article_features(features, settings.dedup)}


def quarantined(rel: str, article_id: str, exc: BaseException) -> Skip:
    """The run-report row of an article whose processing raised: left out of every table, the run goes on."""
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    place = f" in {Path(where.filename).name}:{where.lineno} {where.name}" if where else ""
    return Skip(rel, article_id, "skipped", "quarantined", f"{type(exc).__name__}{place}: {str(exc)[:300]}")


def process_batch(tasks: list[FileTask], settings: RunSettings) -> BatchOutput:
    """Load and process a batch of files (runs in a worker process when ``workers > 1``)."""
    files: list[FileOutput] = []
    rows: dict[str, list] = {name: [] for name in PER_ARTICLE_TABLES}
    for task in tasks:
        articles, file_skips = load_task(task, settings)
        counts = dict.fromkeys(STORED_TABLES, 0)
        texts = {}
        kept = []
        for article in articles:
            try:
                found = process_article(article.text, article.meta, settings)
            except Exception as exc:  # noqa: BLE001 - one bad article never stops a run: quarantined, reported
                file_skips.append(quarantined(task.rel, article.meta["article_id"], exc))
                continue
            kept.append(article.meta)
            file_skips.extend(Skip(task.rel, article.meta["article_id"], "warning", "quotes_not_searched", note)
                              for note in found.notes)
            if settings.keep_texts:
                texts[article.meta["article_id"]] = article.text
            for name in PER_ARTICLE_TABLES:
                part = getattr(found, name)
                rows[name].extend(part)
                counts[name] += len(part)
            counts["article_features"] += bool(found.paragraphs)
        counts["features"], counts["quote_features"] = counts["paragraphs"], counts["quotes"]
        files.append(FileOutput(kept, file_skips, texts, counts))
    return BatchOutput(files, _tables(rows["paragraphs"], rows["removed"], rows["quotes"], rows["sentences"],
                                      settings))


def store_batch(items: list[tuple[FileTask, str | None]], settings: RunSettings, *, folder: str | None
                ) -> tuple[str, BatchOutput]:
    """Process a batch of ``(task, cache key)`` and name its segment (from the files' cache keys, or their
    paths); with ``folder``, write the segment there and return the batch without its tables."""
    out = process_batch([task for task, _ in items], settings)
    name = TaskCache.segment_name([key or f"uncached:{task.rel}" for task, key in items])
    if folder is not None:
        SegmentStore(Path(folder)).put(name, out.tables)
        out = BatchOutput(out.files, {})
    return name, out


STREAMED_TABLES = ("paragraphs", "removed", "sentences")  # never held whole by ``run``


@dataclass
class PerArticle:
    """The per-article results of a run: file metadata in memory, table rows in a segment store on disk.

    ``pieces[table]`` lists ``(segment, start, stop)`` slices of the store in input order.
    """

    metas: list[dict[str, str]]
    skips: list[Skip]
    texts: dict[str, str]
    store: SegmentStore
    pieces: dict[str, list[list]]
    execution: dict

    def frames(self, table: str, columns: list[str] | None = None) -> Iterator[pd.DataFrame]:
        for name, start, stop in self.pieces[table]:
            yield self.store.read(name, table, columns).iloc[start:stop]

    def rows(self, table: str) -> int:
        return sum(stop - start for _, start, stop in self.pieces[table])

    def concat(self, table: str, columns: list[str] | None = None) -> pd.DataFrame:
        frames = list(self.frames(table, columns))
        if not frames:
            empty = _tables([], [], [], [], RunSettings())[table]
            return empty.loc[:, columns] if columns is not None else empty
        return frames[0].reset_index(drop=True) if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _cache_salt(settings: RunSettings) -> str:
    from .cache import code_fingerprint

    relevant = {k: v for k, v in json.loads(json.dumps(asdict(settings), default=str)).items()
                if k not in EXECUTION_ONLY and k != "fmt"}
    return json.dumps([relevant, code_fingerprint()], sort_keys=True)


def _ranges(files: list[FileOutput]) -> list[dict[str, tuple[int, int]]]:
    """Each file's rows in its batch's tables."""
    ranges, offsets = [], dict.fromkeys(STORED_TABLES, 0)
    for f in files:
        ranges.append({t: (offsets[t], offsets[t] + f.rows[t]) for t in STORED_TABLES})
        for t in STORED_TABLES:
            offsets[t] += f.rows[t]
    return ranges


def _per_article(tasks: list[FileTask], settings: RunSettings, store: SegmentStore,
                 cache: TaskCache | None) -> PerArticle:
    """Run (or take from the cache) the per-article stages of every file, in input order.

    Each computed batch is written to ``store`` as soon as it arrives and dropped from memory.
    """
    from .engines import iter_batches

    keys: list[str | None] = [None] * len(tasks)
    entries: list = [None] * len(tasks)
    if cache is not None:
        for i, task in enumerate(tasks):
            try:
                if Path(task.path).stat().st_size > settings.load.max_file_bytes:
                    continue
                keys[i] = cache.key(task.rel, task.path, task.manifest_row, task.has_manifest)
            except OSError:  # unreadable: load_task reports it
                continue
            entries[i] = cache.get(keys[i])  # type: ignore[arg-type]
            cache.kept.add(keys[i])  # type: ignore[arg-type]
    todo = [(task, key) for task, key, entry in zip(tasks, keys, entries, strict=True) if entry is None]

    def computed() -> Iterator[tuple[str, dict[str, tuple[int, int]], FileOutput]]:
        pending = iter(todo)
        # local workers write their batch's segment themselves (the tables never travel back to this
        # process); Dask workers may not see this machine's disk, so their tables come back here
        folder = None if settings.engine == "dask" else str(store.folder)
        for name, out in iter_batches(partial(store_batch, folder=folder), todo, settings):
            batch = [next(pending) for _ in out.files]
            ranges = _ranges(out.files)
            if out.tables:
                store.put(name, out.tables)
            stored = [i for i, (_, key) in enumerate(batch)  # a quarantined file is tried again next run
                      if key is not None and not any(s.reason == "quarantined" for s in out.files[i].skips)]
            if cache is not None and stored:
                cache.index([batch[i][1] for i in stored], name, [ranges[i] for i in stored],  # type: ignore[misc]
                            [out.files[i].metas for i in stored], [out.files[i].skips for i in stored])
            for found, found_ranges in zip(out.files, ranges, strict=True):
                yield name, found_ranges, found

    result = PerArticle([], [], {}, store, {name: [] for name in STORED_TABLES},
                        {"files_reused": len(tasks) - len(todo), "files_computed": len(todo),
                         "cache_dir": settings.cache_dir,
                         "cache_corrupt_segments": len(cache.corrupt) if cache is not None else 0,
                         "cache_index_rebuilt": bool(cache is not None and cache.index_rebuilt)})

    def add(table: str, name: str, start: int, stop: int) -> None:
        parts = result.pieces[table]
        if parts and parts[-1][0] == name and parts[-1][2] == start:
            parts[-1][2] = stop
        elif stop > start:
            parts.append([name, start, stop])

    fresh = computed()
    for task, entry in zip(tasks, entries, strict=True):
        if entry is not None:
            name, ranges = entry.segment, entry.ranges
            result.metas.extend(entry.metas)
            result.skips.extend(entry.skips)
            if settings.keep_texts:
                result.texts.update({a.meta["article_id"]: a.text for a in load_task(task, settings)[0]})
        else:
            name, ranges, found = next(fresh)
            result.metas.extend(found.metas)
            result.skips.extend(found.skips)
            result.texts.update(found.texts)
        for table in STORED_TABLES:
            add(table, name, *ranges[table])
    for _ in fresh:  # pragma: no cover - every computed file was consumed above
        raise RuntimeError("a computed batch was not matched to its files")
    return result


@dataclass
class _Built:
    """Everything but the streamed tables, and how to finish each chunk of those."""

    result: RunResult
    per_article: PerArticle
    finish: dict[str, Callable[[pd.DataFrame], pd.DataFrame]]

    def chunks(self, table: str) -> Iterator[pd.DataFrame]:
        for frame in self.per_article.frames(table):
            yield self.finish[table](frame)

    def empty(self, table: str) -> pd.DataFrame:
        """The table with no rows (its columns and dtypes), read from the first segment only."""
        first = next(self.per_article.frames(table), None)
        return self.finish[table](first.iloc[:0] if first is not None else self.per_article.concat(table))


class NothingLoaded(InputError):
    """No file of the raw folder gave an article. Carries the skips, so that the run can still write its report
    (an empty table set and a run report saying why each file was not read)."""

    def __init__(self, raw_dir: Path, skips: list[Skip], manifest_files: list[str]) -> None:
        self.raw_dir, self.skips, self.manifest_files = Path(raw_dir), skips, manifest_files
        reasons = Counter(s.reason for s in skips)
        listed = "; ".join(f"{s.file}: {s.reason} ({s.detail})" for s in skips[:5])
        more = f"; and {len(skips) - 5} more" if len(skips) > 5 else ""
        super().__init__(f"{raw_dir}: no article could be loaded from {len(skips)} input(s) ("
                         + ", ".join(f"{n} {r}" for r, n in sorted(reasons.items())) + f"): {listed}{more}")


def _empty_result(error: NothingLoaded, settings: RunSettings) -> RunResult:
    """The result of a run that loaded nothing: every table with its columns and no rows, and the report."""
    from .schemas import SCHEMAS

    tables = {name: pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
              for name, columns in SCHEMAS.items() if name != "run_report"}
    result = RunResult(tables, {}, _report([], error.skips, error.manifest_files, tables), {}, {"stages": []})
    result.summary = _summary(result, error.raw_dir, settings, {name: 0 for name in tables})
    return result


@contextmanager
def _step(settings: RunSettings, name: str, timings: list[dict[str, object]], *, stage: str,
          rows: int) -> Iterator[None]:
    """Name a stage on stderr while it runs, with its wall time when done (quiet with ``progress=False``), and
    record ``{stage, rows, seconds}`` in ``timings`` (written to ``run_timings.json``, outside the reproducible
    table set: wall times differ from run to run)."""
    import sys
    import time

    start = time.perf_counter()
    if settings.progress:
        print(f"icanalysis: {name} ...", file=sys.stderr, flush=True)
    yield
    seconds = time.perf_counter() - start
    timings.append({"stage": stage, "rows": rows, "seconds": round(seconds, 3)})
    if settings.progress:
        print(f"icanalysis: {name}: done in {seconds:.1f} s", file=sys.stderr, flush=True)


def _build(raw_dir: Path, planned: tuple[list[FileTask], list[Skip], list[str]], settings: RunSettings,
           store: SegmentStore, cache: TaskCache | None) -> _Built:
    tasks, skips, manifest_files = planned
    timings: list[dict[str, object]] = []
    with _step(settings, f"per-article stages on {len(tasks)} files (loading, cleaning, quotes, sentences, codings)",
               timings, stage="per_article", rows=len(tasks)):
        per_article = _per_article(tasks, settings, store, cache)
    metas = per_article.metas
    check_unique_ids([Article(m, "") for m in metas])
    if not metas:
        raise NothingLoaded(raw_dir, skips + per_article.skips, manifest_files)
    skips = skips + per_article.skips
    table = articles_table([Article(m, "") for m in metas])
    # the band keys as one uint64 matrix, the rest of the features as a table
    features = per_article.concat("features", [c for c in FEATURE_COLUMNS if c != "bands"])
    bands = (matchable_bands(per_article.frames("features", ["n_tokens", "bands"]), settings.dedup)
             if settings.engine != "dask" else None)  # Dask computes its own band keys where it runs
    removed_ids = per_article.concat("removed", ["article_id"])
    table["n_paragraphs"] = table["article_id"].map(features.groupby("article_id").size()).fillna(0).astype(int)
    table["n_removed"] = table["article_id"].map(removed_ids.groupby("article_id").size()).fillna(0).astype(int)
    del removed_ids

    with _step(settings, f"near-duplicate search over {len(features)} paragraphs", timings, stage="dedup",
               rows=len(features)):
        if settings.engine == "dask":
            from .engines import dask_find_duplicates

            dedup = dask_find_duplicates(features, table, settings)
        else:
            dedup = find_duplicates(features, table, settings.dedup,
                                    per_article=per_article.concat("article_features"), bands=bands)
    del features, bands
    table = table.merge(dedup.article_flags, on="article_id", how="left")
    flags = dedup.paragraph_flags
    # (article_id, para_index) of every copied paragraph: the flags follow the paragraphs' order
    where = per_article.concat("paragraphs", ["para_id", "article_id", "para_index"])
    if where["para_id"].tolist() != flags["para_id"].tolist():
        raise RuntimeError("paragraph flags out of step with the paragraphs")
    hit = (flags["copy_of"] != "").to_numpy()
    copied = pd.MultiIndex.from_arrays([where["article_id"].to_numpy()[hit],
                                        where["para_index"].to_numpy().astype("int64")[hit]])
    del where
    # built once: their hash tables are then reused by every chunk (a dict or an isin hashes it again each time)
    canonical = pd.Series(table["is_canonical"].astype(bool).to_numpy(), index=table["article_id"].to_numpy())
    mark_copies = partial(_mark_copies, copied=copied.drop_duplicates(), canonical=canonical)
    tables = {"articles": check_columns(table, "articles"), "duplicates": dedup.duplicates}
    corrections = read_corrections(Path(settings.corrections)) if settings.corrections is not None else None
    quotes, added = per_article.concat("quotes"), 0
    add_skips: list[Skip] = []
    if corrections is not None and corrections.added_articles:
        wanted = corrections.added_articles
        quotes, added, add_skips = add_quotes(
            quotes, corrections,
            pd.concat([f[f["article_id"].isin(wanted)] for f in per_article.frames("paragraphs")], ignore_index=True),
            pd.concat([f[f["article_id"].isin(wanted)] for f in per_article.frames("sentences")], ignore_index=True))
    with _step(settings, f"speakers, quote clusters and corrections over {len(quotes)} quotes", timings,
               stage="speakers", rows=len(quotes)):
        attributed, correction_skips, done = attribute_quotes(mark_copies(quotes), tables, corrections,
                                                              settings.codebook,
                                                              prepared=per_article.concat("quote_features"))
    correction_skips = [*add_skips, *correction_skips]
    if done:
        refused = sum(s.reason != "correction_overlap" for s in add_skips)  # an overlap is added, with a warning
        done.update({"added_quotes": added, "applied": int(done["applied"]) + added,  # type: ignore[call-overload]
                     "not_applied": int(done["not_applied"]) + refused})  # type: ignore[call-overload]
    tables.update(attributed)
    tables["duplicates"] = check_columns(tables["duplicates"], "duplicates")
    report = _report(metas, [*skips, *correction_skips], manifest_files, tables)
    result = RunResult(tables, per_article.texts, report, {}, {**per_article.execution, "stages": timings})
    rows = {name: len(frame) for name, frame in tables.items()}
    rows.update({name: per_article.rows(name) for name in STREAMED_TABLES})
    result.summary = _summary(result, raw_dir, settings, rows)
    if done:
        result.summary["corrections"] = done
    if settings.codebook is not None:
        result.summary["codebook"] = {"file": Path(settings.codebook).name,
                                      "sha256": hashlib.sha256(Path(settings.codebook).read_bytes()).hexdigest()}
    finish: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {"paragraphs": partial(_finish_paragraphs, flags=_Aligned(flags)),
              "removed": lambda frame: check_columns(frame.reindex(columns=removed_frame([]).columns)
                                                     .reset_index(drop=True), "removed"),
              "sentences": lambda frame: check_columns(mark_copies(frame), "sentences")}
    return _Built(result, per_article, finish)


class _Aligned:
    """Rows of a table handed out in order, chunk by chunk (the paragraph flags follow the paragraphs' order)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame.reset_index(drop=True)
        self.at = 0

    def take(self, n: int) -> pd.DataFrame:
        part = self.frame.iloc[self.at:self.at + n].reset_index(drop=True)
        self.at += n
        return part


def _finish_paragraphs(frame: pd.DataFrame, flags: _Aligned) -> pd.DataFrame:
    out = frame.reindex(columns=paragraphs_frame([]).columns).reset_index(drop=True)
    part = flags.take(len(out))
    if out["para_id"].tolist() != part["para_id"].tolist():
        raise RuntimeError("paragraph flags out of step with the paragraphs")
    for column in ("copy_of", "copy_match", "copy_score"):
        out[column] = part[column]
    return check_columns(out, "paragraphs")


def _mark_copies(frame: pd.DataFrame, copied: pd.MultiIndex, canonical: pd.Series) -> pd.DataFrame:
    """``is_copy``: the row's paragraph (``copied``: article_id, para_index, unique) was copied from another
    article, or its article is not canonical (``canonical``: article_id -> is_canonical)."""
    frame = frame.reset_index(drop=True)
    if len(frame):
        keys = pd.MultiIndex.from_arrays([frame["article_id"].to_numpy(object), frame["para_index"].to_numpy("int64")])
        in_copy = pd.Series(copied.get_indexer(keys) >= 0, index=frame.index)
        frame["is_copy"] = in_copy | ~frame["article_id"].map(canonical).astype(bool)
    else:
        frame["is_copy"] = pd.Series(dtype=bool)
    return frame


@contextmanager
def _stores(settings: RunSettings) -> Iterator[tuple[SegmentStore, TaskCache | None]]:
    """The segment store of a run: the cache's (kept, pruned to the input at the end) or a temporary one."""
    if settings.cache_dir is not None:
        cache = TaskCache(Path(settings.cache_dir), _cache_salt(settings))
        try:
            yield cache.store, cache
            cache.prune(set(cache.kept))
        finally:
            cache.close()
    else:
        with tempfile.TemporaryDirectory(prefix="icanalysis-segments-") as folder:
            yield SegmentStore(Path(folder)), None


def build(raw_dir: Path, settings: RunSettings = RunSettings()) -> RunResult:
    """Run every stage and return every table in memory (nothing is written but the cache, if one is set).

    For corpora too large for memory use :func:`run`, which streams the largest tables to disk.
    """
    _check_codebook(settings)
    planned = plan(raw_dir, settings)  # fatal input problems are raised before anything is created
    with _stores(settings) as (store, cache):
        built = _build(raw_dir, planned, settings, store, cache)
        for table in STREAMED_TABLES:
            chunks = list(built.chunks(table))
            built.result.tables[table] = (pd.concat(chunks, ignore_index=True) if len(chunks) > 1
                                          else chunks[0] if chunks else built.empty(table))
    return built.result


def attribute_quotes(quotes: pd.DataFrame, tables: dict[str, pd.DataFrame], corrections: CorrectionSet | None = None,
                     codebook: str | None = None, prepared: pd.DataFrame | None = None
                     ) -> tuple[dict[str, pd.DataFrame], list[Skip], dict[str, object]]:
    """Cross-article stages of the quotes (``is_copy`` already marked; quotes a researcher added already in):
    canonical speakers, quote clusters, the researcher's speaker and quote corrections (:mod:`corrections`),
    shared-quote pairs. Returns the tables, run-report rows for corrections that could not be used, and what
    the corrections file was and did. ``prepared``: the quotes' ``speakers.quote_features`` (from the workers)."""
    from .speakers import combined_codebook, resolve_speakers, speaker_table

    if quotes.empty:  # an archive without a single quote is normal: the table keeps every column
        from .analysis import CODING_COLUMNS

        quotes = quotes.reindex(columns=list(dict.fromkeys([*QUOTE_COLUMNS, *CODING_COLUMNS, *quotes.columns,
                                                            "is_copy"])))
    quotes, speakers, merges = resolve_speakers(quotes, combined_codebook(codebook), prepared=prepared)
    skips: list[Skip] = []
    info: dict[str, object] = {}
    if corrections is not None:
        quotes, applied, unmatched = apply_corrections(quotes, corrections)
        skips = [*corrections.skips, *unmatched]
        organisations = dict(zip(speakers["speaker"], speakers["organisation"], strict=True))
        speakers = speaker_table(quotes, organisations)
        info = {"file": corrections.file, "sha256": corrections.sha256, "applied": applied,
                "not_applied": len(skips)}
    shared = shared_quote_pairs(quotes, tables["duplicates"], tables["articles"])
    return ({"quotes": check_columns(quotes, "quotes"), "speakers": check_columns(speakers, "speakers"),
             "speaker_merges": check_columns(merges, "speaker_merges"),
             "duplicates": pd.concat([tables["duplicates"], shared], ignore_index=True)}, skips, info)


def shared_quote_pairs(quotes: pd.DataFrame, duplicates: pd.DataFrame,
                       articles: pd.DataFrame) -> pd.DataFrame:
    """Articles carrying a statement an earlier article reported (not already copies): ``shared_quotes`` rows.

    Within a quote cluster every pair of articles is listed (the later one as ``article_a``; earliest
    published, undated last, then id), up to ``SHARED_QUOTE_ALL_PAIRS`` articles; a statement reprinted by
    more outlets pairs each of them with the earliest report only, so rows grow linearly with the corpus.
    """
    from .dedup import _order_key
    from .schemas import DUPLICATE_COLUMNS

    related = {frozenset((a, b)) for a, b in zip(duplicates["article_a"], duplicates["article_b"], strict=True)}
    meta = {r["article_id"]: r for r in articles[["article_id", "published"]].fillna("").astype(str)
            .to_dict("records")}
    direct = quotes[quotes["kind"] == "direct"]
    members: dict[str, set[str]] = defaultdict(set)
    for cluster, aid in zip(direct["quote_cluster"], direct["article_id"], strict=True):
        members[cluster].add(aid)
    pairs: dict[tuple[str, str], set[str]] = {}
    for cluster in sorted(members):
        ids = sorted(members[cluster], key=lambda aid: _order_key(meta[aid]))
        sources = ids[:-1] if len(ids) <= SHARED_QUOTE_ALL_PAIRS else ids[:1]
        for i, source in enumerate(sources):
            for later in ids[i + 1:]:
                if frozenset((source, later)) not in related:
                    pairs.setdefault((later, source), set()).add(str(cluster))
    rows = [{"level": "article", "item_a": a, "item_b": b, "article_a": a, "article_b": b,
             "relation": "shared_quotes", "method": f"quote_cluster:{len(c)}", "jaccard": float("nan"),
             "containment_a": float("nan"), "containment_b": float("nan"),
             "direction_basis": "published" if meta[a]["published"] and meta[b]["published"] else "article_id"}
            for (a, b), c in sorted(pairs.items())]
    return pd.DataFrame(rows, columns=list(DUPLICATE_COLUMNS))


def _report(metas: list[dict[str, str]], skips: list[Skip], manifest_files: list[str],
            tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    articles = tables["articles"]
    counts = dict(zip(articles["article_id"].tolist(),
                      zip(articles["n_paragraphs"].tolist(), articles["n_removed"].tolist(), strict=True), strict=True))
    rows: list[dict[str, object]] = [{"file": f, "record": "", "status": "manifest", "reason": "",
                                      "detail": "read as the manifest",
                                      "article_id": "", "n_paragraphs": "", "n_removed": ""} for f in manifest_files]
    for meta in metas:
        aid = meta["article_id"]
        rows.append({"file": meta["source_file"], "record": meta["record"], "status": "loaded",
                     "reason": "", "detail": meta["encoding_note"], "article_id": aid,
                     "n_paragraphs": int(counts[aid][0]), "n_removed": int(counts[aid][1])})
    for skip in skips:
        rows.append({**skip.as_dict(), "article_id": skip.record if skip.reason == "not_in_manifest" else "",
                     "n_paragraphs": "", "n_removed": ""})
    report = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    return report.sort_values(["file", "record", "status", "reason"], kind="stable").reset_index(drop=True)


def _check_codebook(settings: RunSettings) -> None:
    """A researcher's codebook that cannot be used stops the run before any work, naming the file."""
    if settings.codebook is None:
        return
    from .speakers import combined_codebook

    try:
        combined_codebook(settings.codebook)
    except (OSError, ValueError) as exc:
        raise InputError(f"speaker codebook: {exc}") from exc


def raw_fingerprint(raw_dir: Path) -> str:
    """SHA-256 over the relative path and the bytes' SHA-256 of every file :func:`discover_all` would load:
    ``icanalysis notebooks`` compares it with the run report's to tell when the raw folder changed since the
    tables were built."""
    digest = hashlib.sha256()
    for rel in discover_all(Path(raw_dir))[0]:
        file_digest = hashlib.sha256()
        try:
            with open(Path(raw_dir, rel), "rb") as handle:  # in blocks: never a whole large file in memory
                for block in iter(lambda: handle.read(1 << 20), b""):
                    file_digest.update(block)
            content = file_digest.hexdigest()
        except OSError:
            content = "unreadable"
        digest.update(rel.encode() + b"\0" + content.encode() + b"\0")
    return digest.hexdigest()


def _summary(result: RunResult, raw_dir: Path, settings: RunSettings, rows: dict[str, int]) -> dict:
    from importlib.metadata import PackageNotFoundError, version

    try:
        code_version = version("icanalysis")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        code_version = "unknown"
    report = result.report
    fingerprint = hashlib.sha256()  # over (id, SHA-256 of the text) pairs: needs no text kept in memory
    articles = result.tables["articles"]
    for aid, digest in sorted(zip(articles["article_id"], articles["text_sha256"], strict=True)):
        fingerprint.update(aid.encode() + b"\0" + digest.encode() + b"\0")
    return {
        "code_version": code_version,
        "raw_dir": Path(raw_dir).name,
        "input_fingerprint": fingerprint.hexdigest(),
        "raw_fingerprint": raw_fingerprint(raw_dir),
        "files": {status: int(n) for status, n in report["status"].value_counts().sort_index().items()},
        "skipped": report[report["status"].isin(["skipped", "ignored"])][["file", "record", "reason", "detail"]]
        .to_dict("records"),
        "warnings": report[report["status"] == "warning"][["file", "record", "reason", "detail"]]
        .to_dict("records"),
        "rows": dict(sorted(rows.items())),
        "duplicates": _duplicate_counts(result.tables["duplicates"]),
        "articles": _article_lines(articles, result.tables.get("quotes")),
        "settings": {k: v for k, v in json.loads(json.dumps(asdict(settings), default=str)).items()
                     if k not in EXECUTION_ONLY},
    }


REPORT_ARTICLE_LIMIT = 200  # the run report lists each article up to this many (articles.csv has them all)
TIMINGS_FILE = "run_timings.json"  # wall time and rows per stage: the one output that differs between runs


def _duplicate_counts(duplicates: pd.DataFrame) -> dict[str, int]:
    """Pairs found, per ``level/relation`` (e.g. ``article/syndicated_copy``)."""
    if duplicates.empty:
        return {}
    counts = duplicates.groupby(["level", "relation"]).size()
    return {f"{level}/{relation}": int(n) for (level, relation), n in sorted(counts.items())}


def _article_lines(articles: pd.DataFrame, quotes: pd.DataFrame | None) -> list[dict[str, object]]:
    """One line per article for the run report (none above ``REPORT_ARTICLE_LIMIT`` articles)."""
    if len(articles) > REPORT_ARTICLE_LIMIT:
        return []
    n_quotes = quotes.groupby("article_id").size() if quotes is not None and len(quotes) else pd.Series(dtype=int)
    return [{"article_id": r.article_id, "outlet": r.outlet, "published": r.published,
             "paragraphs": int(r.n_paragraphs), "removed": int(r.n_removed),
             "quotes": int(n_quotes.get(r.article_id, 0)), "copy_of": "" if bool(r.is_canonical) else r.canonical_id}
            for r in articles.itertuples(index=False)]


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
    lines += ["", "## Duplicates found", ""]
    lines += [f"- {kind}: {n}" for kind, n in summary.get("duplicates", {}).items()] or ["- none"]
    lines += ["", "## Articles", ""]
    listed = summary.get("articles", [])
    if listed:
        lines += ["| article | outlet | published | paragraphs | removed | quotes | copy of |", "|---|---|---|---|---|---|---|"]
        lines += [f"| `{a['article_id']}` | {a['outlet']} | {a['published']} | {a['paragraphs']} | {a['removed']} | "
                  f"{a['quotes']} | {a['copy_of']} |" for a in listed]
    else:
        lines.append(f"More than {REPORT_ARTICLE_LIMIT} articles: one row each in articles.csv.")
    if "validation" in summary:
        lines += validation_markdown(summary["validation"])
    return "\n".join(lines) + "\n"


def validation_markdown(validation: dict) -> list[str]:
    """The run report's section on accuracy measured by hand (``icanalysis validate``)."""
    same = ("the codings of this run" if validation.get("same_codings") else
            "the codings of an earlier run: they have changed since (inputs, corrections, code or settings), so "
            "review a new sample to measure these")
    lines = ["", "## Accuracy on this corpus (icanalysis validate)", "",
             f"Sheet `{validation['sheet']}`, reviewed on {same}.", "",
             "| coding | marked | correct | accuracy | 95% CI (Wilson) |", "|---|---|---|---|---|"]
    for row in validation["accuracy"]:
        if row["n_marked"] and row["accuracy"] is not None:
            lines.append(f"| {row['coding']} | {row['n_marked']} | {row['n_correct']} | {row['accuracy']:.3f} | "
                         f"{row['ci_low']:.3f}-{row['ci_high']:.3f} |")
        else:
            lines.append(f"| {row['coding']} | 0 | 0 | not marked | |")
    for row in validation.get("agreement", {}).get("alpha", []):
        lines.append(f"\nKrippendorff's alpha, {row['coding']}: {row['alpha']:.3f} over {row['n_units']} quotes"
                     if row["n_units"] and row["alpha"] is not None
                     else f"\nKrippendorff's alpha, {row['coding']}: not computable (no quote marked twice, or no "
                          "variation in the marks)")
    return lines


def quotes_digest(folder: Path) -> str:
    """SHA-256 of the quotes table in ``folder`` (CSV or Parquet): which codings a review sample measured."""
    path = io.table_path("quotes", Path(folder))
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def attach_validation(summary: dict, folder: Path, staged: Path) -> None:
    """Carry ``folder``'s ``validation.json`` (if any) into the run report ``summary``, saying whether it
    measured the quotes this run wrote (``staged``: where they are) or earlier codings."""
    path = Path(folder) / "validation.json"
    if path.is_file():
        try:
            validation = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            summary["warnings"].append({"file": "validation.json", "record": "", "reason": "validation_unreadable",
                                        "detail": str(exc)})
            return
        reviewed = validation.get("reviewed_run", {}).get("quotes_sha256", "")
        validation["same_codings"] = bool(reviewed) and reviewed == quotes_digest(staged)
        summary["validation"] = validation


def write_outputs(result: RunResult, out_dir: Path, fmt: str = "csv") -> list[Path]:
    """Write every table of ``result`` and the run report as one set (:mod:`tableset`; see :func:`run` for
    large corpora)."""
    out_dir = Path(out_dir)
    with tableset.staged(out_dir, stale=_stale(result, out_dir, fmt)) as staging:
        written = [io.write_table(table, staging / name, fmt) for name, table in sorted(result.tables.items())]
        written += _write_report(result, staging)
    return [out_dir / path.name for path in written]


def _stale(result: RunResult, out_dir: Path, fmt: str) -> tuple[str, ...]:
    """Tables an earlier run left in the other format: removed when the new set is committed."""
    return tuple(f"{name}.{other}" for name in result.summary["rows"] for other in io.TABLE_FORMATS
                 if other != fmt and (Path(out_dir) / f"{name}.{other}").exists())


def _write_report(result: RunResult, folder: Path) -> list[Path]:
    """The run report (Markdown, JSON, CSV)."""
    io.atomic_write_text(folder / "run_report.md", report_markdown(result.summary))
    io.write_json(folder / "run_report.json", result.summary)
    return [io.write_table(result.report, folder / "run_report", "csv"), folder / "run_report.json",
            folder / "run_report.md"]


def check_out_dir(raw_dir: Path, out_dir: Path, cache_dir: str | Path | None = None) -> None:
    """Refuse an output (or cache) folder that is the raw folder, lies inside it or contains it: nothing under
    the raw folder is ever written, and a run must never read its own outputs as inputs."""
    raw = Path(raw_dir).resolve()
    for label, folder in (("--out", out_dir), ("--cache-dir", cache_dir)):
        if folder is None:
            continue
        target = Path(folder).resolve()
        if target.exists() and not target.is_dir():
            raise InputError(f"{label} {folder} is a file, not a folder: choose a folder for the outputs")
        if target == raw or raw in target.parents or target in raw.parents:
            raise InputError(f"{label} {folder} overlaps the raw folder {raw_dir}: outputs must live outside "
                             "the raw folder (and not contain it); choose another folder")


def run(raw_dir: Path, out_dir: Path, settings: RunSettings = RunSettings()) -> RunResult:
    """Build every table from ``raw_dir`` and write them to ``out_dir`` as one set (:mod:`tableset`).

    The paragraphs, removed lines and sentences are streamed from the segment store to their files chunk by
    chunk, so memory holds only the other tables (which the returned result carries; the streamed tables are
    in the files, their row counts in ``result.summary["rows"]``). The files are the same as
    ``write_outputs(build(...))`` writes.
    """
    out_dir = Path(out_dir)
    check_out_dir(raw_dir, out_dir, settings.cache_dir)
    _check_codebook(settings)
    planned = plan(raw_dir, settings)  # fatal input problems are raised before anything is created
    with _stores(settings) as (store, cache):
        try:
            built = _build(raw_dir, planned, settings, store, cache)
        except NothingLoaded as nothing:
            write_outputs(_empty_result(nothing, settings), out_dir, settings.fmt)  # the report says why
            raise
        stages = built.result.execution["stages"]
        with _step(settings, f"writing the tables to {out_dir}", stages, stage="write",
                   rows=sum(built.result.summary["rows"].values())), \
                tableset.staged(out_dir, stale=_stale(built.result, out_dir, settings.fmt)) as staging:
            for name, table in sorted(built.result.tables.items()):
                io.write_table(table, staging / name, settings.fmt)
            for name in STREAMED_TABLES:
                writer = io.TableWriter(staging / name, settings.fmt)
                try:
                    for chunk in built.chunks(name):
                        writer.append(chunk)
                    writer.close(empty=built.empty(name))
                except BaseException:
                    writer.abort()
                    raise
            attach_validation(built.result.summary, out_dir, staging)
            _write_report(built.result, staging)
    io.write_json(out_dir / TIMINGS_FILE, {"stages": stages, "total_seconds": round(sum(
        float(t["seconds"]) for t in stages), 3), "execution": {k: v for k, v in built.result.execution.items()
                                                                  if k != "stages"}})
    return built.result


QUOTES_CLI_COLUMNS = ("article_id", "quote_id", "kind", "start", "end", "quote", "speaker", "mention", "cue",
                      "attribution", "speaker_role", "role_source", "power_tier", "gender", "para_index",
                      "quote_cluster", "status")


def quotes_for_files(paths_: list[Path], settings: RunSettings = RunSettings()) -> tuple[pd.DataFrame, list[str]]:
    """Quotes of arbitrary text/HTML files (``icanalysis quotes``): cleaned, extracted, speakers resolved.

    ``article_id`` is the file name without extension; offsets point into the decoded file (text) or the
    extracted main text (HTML). Returns the table and a list of problems for files that were skipped.
    """
    from .speakers import load_codebook, resolve_speakers

    frames, problems = [], []
    seen: dict[str, Path] = {}
    for path in paths_:
        path = Path(path)
        if path.stem in seen:
            raise InputError(f"two inputs share the article id {path.stem!r}: {seen[path.stem]} and {path}")
        seen[path.stem] = path
        task = FileTask(path.name, str(path), None, False)
        articles, skips = load_task(task, settings)
        problems += [f"{path}: {s.reason}: {s.detail}" for s in skips if s.status != "warning"]
        for article in articles:
            meta = {**article.meta, "article_id": path.stem}
            frames.append(quotes_frame(process_article(article.text, meta, settings).quotes))
    quotes = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if quotes.empty:
        return pd.DataFrame(columns=list(QUOTES_CLI_COLUMNS)), problems
    resolved, _, _ = resolve_speakers(quotes, load_codebook())
    return resolved.loc[:, list(QUOTES_CLI_COLUMNS)], problems
