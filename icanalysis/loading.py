"""Loading: decode raw files (plain text, saved HTML pages, JSONL/CSV exports) and check the manifest.

Raw bytes come in from :mod:`icanalysis.io`; this module decides what they are and returns articles
plus a list of *skips* (every file or record that was not loaded, with the reason). Mistakes that make a
run meaningless (malformed manifest, duplicate ids, a manifest path outside the raw folder) raise
:class:`InputError`; everything else is a recorded skip or warning.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from .factiva import looks_like_factiva, split_factiva_html
from .nexis import NexisArticle, looks_like_export, split_docx_paragraphs, split_export
from .textmeta import from_text, normalize_date

MANIFEST_COLUMNS = ("article_id", "file", "outlet", "title", "author", "published", "url", "notes")
OPTIONAL_MANIFEST_COLUMNS = ("derived_from",)
ARTICLE_FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl",
                   ".csv": "csv", ".docx": "docx"}
TEXT_FIELDS = ("text", "body", "content", "article_text")
ID_FIELDS = ("article_id", "id", "doc_id")
META_FIELDS = ("outlet", "title", "author", "published", "url", "notes")
_ID_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class InputError(Exception):
    """The input makes the run meaningless (exit code 2). The message names the file and the problem."""


@dataclass(frozen=True)
class LoadSettings:
    """Options for loading.

    Attributes:
        manifest_name: file name of the manifest inside the raw folder.
        max_file_bytes: larger files are skipped (recorded) rather than read: a 50 MB "article" is almost
            always a mis-saved archive or a binary.
        ignore_names: files in the raw folder that are not articles (recorded as ignored).
        binary_control_share: share of control characters in the first 8 KiB above which bytes are binary.
        follow_links: read a symbolic link to a regular file that stays inside the raw folder (links that
            lead out of it, and links to folders, are always refused).
    """

    manifest_name: str = "manifest.csv"
    max_file_bytes: int = 20 * 1024 * 1024
    ignore_names: tuple[str, ...] = ("SHA256SUMS", "README.md", "README.txt", ".gitkeep")
    binary_control_share: float = 0.10
    follow_links: bool = False


@dataclass(frozen=True)
class Skip:
    """A file or record that was not loaded, or loaded with a warning."""

    file: str
    record: str
    status: str  # skipped | ignored | warning
    reason: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"file": self.file, "record": self.record, "status": self.status, "reason": self.reason,
                "detail": self.detail}


@dataclass(frozen=True)
class Article:
    """One decoded article: metadata and the source text its offsets point into."""

    meta: dict[str, str]
    text: str


@dataclass
class Decoded:
    text: str | None
    encoding: str
    note: str = ""
    problem: str = ""
    detail: str = ""


@dataclass
class Manifest:
    rows: pd.DataFrame
    warnings: list[Skip] = field(default_factory=list)


# --------------------------------------------------------------------------------------------- decoding


def looks_binary(data: bytes, *, control_share: float = 0.10) -> bool:
    """True for bytes that are not text: NUL bytes, or many control characters, in the first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > control_share


# Article bodies are long: the csv module's default limit (131,072 characters per field) stopped the reader at the
# first long article and lost every later record. Raised once, process-wide (never lowered), so readers in
# threads cannot reset it under each other.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))

_UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                 (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(value: str) -> tuple[str, int]:
    """``value`` with lone UTF-16 surrogates (valid JSON escapes such as ``\\ud800`` that no text encoding can
    write) replaced by U+FFFD, and how many there were."""
    return _SURROGATE_RE.subn("\ufffd", value)


def decode_bytes(data: bytes, *, control_share: float = 0.10) -> Decoded:
    """Decode as UTF-8; fall back to the encoding charset-normalizer detects, recording the choice."""
    if not data.strip():
        return Decoded(None, "", problem="empty", detail="file has no text (0 bytes or only whitespace)")
    for mark, codec in _UNICODE_BOMS:  # UTF-16/32 hold NUL bytes: read their byte-order mark before the binary test
        if data.startswith(mark):
            try:
                decoded_text = data[len(mark):].decode(codec)
            except UnicodeDecodeError as exc:
                return Decoded(None, "", problem="undecodable",
                               detail=f"{codec} byte-order mark but not {codec} (byte {exc.start + len(mark)})")
            if not decoded_text.strip():
                return Decoded(None, "", problem="empty", detail=f"file has no text (only a {codec} byte-order mark "
                                                                  "and whitespace)")
            return Decoded(decoded_text, codec, note=f"{codec} byte-order mark")
    if looks_binary(data, control_share=control_share):
        return Decoded(None, "", problem="binary", detail="file contains NUL or control bytes: not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        bom = "UTF-8 byte-order mark removed; "
        if not data.strip():
            return Decoded(None, "", problem="empty", detail="file has no text (only a UTF-8 byte-order mark)")
    else:
        bom = ""
    try:
        return Decoded(data.decode("utf-8"), "utf-8", note=bom.rstrip("; "))
    except UnicodeDecodeError as exc:
        first_error = f"not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})"
    high = data.translate(None, bytes(range(128)))
    if len(high) / len(data) < 0.3 and all(b >= 0xC0 and b not in (0xD7, 0xF7) for b in high):
        # Mostly ASCII whose other bytes are all Latin-1 letters (é, ü, ñ, ø ...): Western-European
        # Windows-1252 / Latin-1 (a detector guesses among dozens of code pages from a handful of bytes: "Café"
        # came out cp775). Bytes below 0xC0 (Central-European letters in cp1250, say) go to the detector.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            return Decoded(text, "cp1252", note=f"{bom}{first_error}; decoded as cp1252 (Windows-1252/Latin-1: "
                                                 f"{len(high)} accented letters in mostly ASCII text)")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return Decoded(None, "", problem="undecodable", detail=f"{first_error}; no encoding fits")
    text = str(best)
    return Decoded(text, best.encoding, note=f"{bom}{first_error}; decoded as {best.encoding} (detected)")


# --------------------------------------------------------------------------------------------- manifest


def parse_manifest(data: bytes, *, name: str, raw_dir: Path) -> Manifest:
    """Check and normalise a manifest CSV. Raises :class:`InputError` when it cannot be trusted."""
    decoded = decode_bytes(data)
    if decoded.text is None:
        raise InputError(f"{name}: manifest is {decoded.problem}: {decoded.detail}")
    # strict: an unbalanced quotation mark is an error naming the line, not a field that swallows the rest of
    # the file; each record's first line number is kept for the messages below.
    reader = csv.DictReader(io.StringIO(decoded.text, newline=""), strict=True)
    records, starts = [], []
    try:
        _ = reader.fieldnames  # reads the header, so line_num counts from it
        while True:
            try:
                rec = next(reader)
            except StopIteration:
                break
            records.append(rec)
            starts.append(reader.line_num)  # the record's (last) line, blank lines before it counted
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise InputError(f"{name}: manifest is not valid CSV at line {reader.line_num}: {exc} "
                         "(an unbalanced quotation mark?)") from exc
    missing = [c for c in ("article_id", "file") if c not in header]
    if missing:
        raise InputError(f"{name}: manifest lacks required column(s) {missing}; found {header}; "
                         f"expected {list(MANIFEST_COLUMNS)}")
    unknown = [c for c in header if c not in MANIFEST_COLUMNS + OPTIONAL_MANIFEST_COLUMNS]
    warnings: list[Skip] = []
    if unknown:
        warnings.append(Skip(name, "", "warning", "manifest_unknown_columns",
                             f"ignored unknown column(s) {unknown}"))
    rows = []
    for line_no, rec in zip(starts, records, strict=True):
        if None in rec:
            raise InputError(f"{name}: line {line_no} has more fields than the header")
        if any(value is None for value in rec.values()):
            raise InputError(f"{name}: line {line_no} has fewer fields than the header ({len(header)})")
        row = {c: (rec.get(c) or "").strip() for c in MANIFEST_COLUMNS + OPTIONAL_MANIFEST_COLUMNS}
        if not row["article_id"] or not row["file"]:
            raise InputError(f"{name}: line {line_no} has an empty article_id or file")
        if not _ID_OK.match(row["article_id"]):
            raise InputError(f"{name}: line {line_no}: article_id {row['article_id']!r} must be letters, "
                             "digits, '.', '_' or '-'")
        _check_inside(row["file"], raw_dir, f"{name}: line {line_no}")
        published, problem = normalize_date(row["published"])
        if problem:
            warnings.append(Skip(row["file"], row["article_id"], "warning", "malformed_date",
                                 f"{name} line {line_no}: {problem}; published left empty"))
        row["published"] = published
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS + OPTIONAL_MANIFEST_COLUMNS))
    for column in ("article_id", "file"):
        dup = table[column][table[column].duplicated()].tolist()
        if dup:
            raise InputError(f"{name}: duplicate {column} value(s) {sorted(set(dup))}: each must be unique")
    return Manifest(table, warnings)


def _check_inside(relpath: str, raw_dir: Path, where: str) -> None:
    posix = PurePosixPath(relpath.replace("\\", "/"))
    if posix.is_absolute() or re.match(r"^[A-Za-z]:", relpath) or ".." in posix.parts:
        raise InputError(f"{where}: file path {relpath!r} points outside the raw folder {raw_dir.name}/; "
                         "use a path relative to it")


# --------------------------------------------------------------------------------------------- formats


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Main text and metadata of a saved web page, via trafilatura (its dedup cache kept off)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, deduplicate=False, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    fields: dict = doc if isinstance(doc, dict) else doc.as_dict() if doc is not None else {}
    text = str(fields.get("text") or "")
    if not text.strip():
        return "", {}
    meta = {"title": fields.get("title"), "author": fields.get("author"), "published": fields.get("date"),
            "outlet": fields.get("sitename"), "url": fields.get("url")}
    return text, {key: str(value or "") for key, value in meta.items()}


def iter_records(text: str, fmt: str) -> Iterator[tuple[str, dict[str, str] | None, str]]:
    """Yield ``(record_label, record or None, problem)`` for a JSONL or CSV export."""
    if fmt == "jsonl":
        # Records end at "\n" only: U+2028, U+0085 and friends are legal inside JSON strings (splitlines would
        # cut a record there and lose it).
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"line {n}", None, f"invalid JSON: {exc.msg}"
                continue
            if not isinstance(obj, dict):
                yield f"line {n}", None, "record is not a JSON object"
                continue
            yield f"line {n}", {k: "" if v is None else str(v) for k, v in obj.items()}, ""
    elif fmt == "csv":
        try:
            reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
            for n, rec in enumerate(reader, start=2):
                yield f"line {n}", {k: v or "" for k, v in rec.items() if k is not None}, ""
        except csv.Error as exc:
            yield f"line {reader.line_num}", None, f"invalid CSV from here on: {exc}"
    else:  # pragma: no cover - caller's mistake
        raise ValueError(f"unknown export format {fmt!r}; valid: jsonl, csv")


def _stated(text: str) -> dict[str, str]:
    """Metadata of an article without a manifest row: what its first lines state (:mod:`textmeta`), and
    ``meta_from_text`` naming the fields taken from there."""
    values = from_text(text)
    values["meta_from_text"] = "|".join(k for k in ("title", "author", "published") if k in values)
    return values


def _docx_articles(rel: str, data: bytes, values: dict[str, str]) -> tuple[list[Article], list[Skip]]:
    """A Word file: a Nexis Uni export (many documents, each ending "End of Document") or one article."""
    import zipfile

    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError, OSError) as exc:
        return [], [Skip(rel, "", "skipped", "corrupt_docx", f"not a readable Word file ({type(exc).__name__}: "
                                                             f"{exc}); save it again or export as .txt")]
    decoded = Decoded("", "docx")
    found, header_lines = split_docx_paragraphs(paragraphs)
    if found:
        return _nexis_articles(rel, "", decoded, [], parsed=(found, header_lines), fmt="nexis_docx")
    text = "\n\n".join(p.strip() for p in paragraphs if p.strip())
    if not text:
        return [], [Skip(rel, "", "skipped", "empty", "Word file has no text")]
    if not values:
        values = _stated(text)
    meta = _meta(values.get("article_id") or Path(rel).stem, rel, "", "docx", "extracted", "docx", "", text, values,
                 "article_id" in values)
    return [Article(meta, text)], []


def _export_id(stem: str, fmt: str, item: NexisArticle) -> str:
    """An export document's article id: the file name, the format where it is not plain text (a download saved
    as both ``x.TXT`` and ``x.DOCX`` must not collide) and the document's number. Not Factiva's accession
    number (kept in ``notes``): two overlapping searches hold the same document, which must load twice and be
    flagged as a copy, not stop the run as a duplicate id."""
    kind = {"nexis_docx": "docx-", "factiva_html": "html-"}.get(fmt, "")
    return f"{stem}-{kind}{item.number:03d}"


def _nexis_articles(rel: str, text: str, decoded: Decoded, skips: list[Skip], *,
                    parsed: tuple[list[NexisArticle], int] | None = None, fmt: str = "nexis_txt"
                    ) -> tuple[list[Article], list[Skip]]:
    """The articles of a Nexis export, with the header and metadata lines accounted for in ``skips``."""
    found, header_lines = parsed if parsed is not None else split_export(text)
    stem = Path(rel).stem
    articles = []
    for item in found:
        label = f"document {item.number}"
        if not item.body.strip():
            skips.append(Skip(rel, label, "skipped", "empty_record", "Nexis document without body text"))
            continue
        notes = "; ".join(f"{k}: {v}" for k, v in item.fields.items()
                          if k in ("SECTION", "LENGTH", "DATELINE", "DOCUMENT"))
        published, date_problem = normalize_date(item.published)
        if date_problem:
            skips.append(Skip(rel, label, "warning", "malformed_date", f"{date_problem}; published left empty"))
        values = {"outlet": item.outlet, "title": item.title, "author": item.author, "published": published,
                  "notes": notes}
        meta = _meta(_export_id(stem, fmt, item), rel, label, fmt, "record_text", decoded.encoding,
                     decoded.note, item.body, values, False)
        articles.append(Article(meta, item.body))
    source = "Factiva" if fmt.startswith("factiva") else "Nexis"
    if not articles:
        skips.append(Skip(rel, "", "skipped", "export_empty",
                          f"a {source} export with no article in a layout this reader knows"
                          + (" (save Factiva's 'Article' display as a web page, .html)" if source == "Factiva" else "")))
        return articles, skips
    skips.append(Skip(rel, "", "ignored", f"{source.lower()}_metadata",
                      f"{source} export: request header, cover or page chrome ({header_lines} lines or text blocks) and "
                      f"{sum(a.meta_lines for a in found)} lines of per-document metadata and trailers read as "
                      "metadata, not body"))
    stated = _SEPARATOR_TOTAL_RE.search(text) if text else None
    if stated and int(stated.group(1)) > len(found):
        skips.append(Skip(rel, "", "warning", "export_truncated",
                          f"the export lists {stated.group(1)} documents, the file holds {len(found)}: "
                          "cut short (download it again?)"))
    return articles, skips


_CONVERT_HINTS = {
    ".doc": "; save it as plain text (.txt)",
    ".rtf": "; Factiva users: export as HTML, or save the RTF as plain text (.txt)",
    ".pdf": "; PDF is not read (text extraction is unreliable): save the articles as .txt or .html",
}
_SEPARATOR_TOTAL_RE = re.compile(r"^\s*\d+ of (\d+) DOCUMENTS?\s*$", re.MULTILINE)


def _first(record: dict[str, str], names: Iterable[str]) -> str:
    for name in names:
        if record.get(name, "").strip():
            return record[name]
    return ""


# --------------------------------------------------------------------------------------------- loading


def _meta(article_id: str, file: str, record: str, fmt: str, offsets_into: str, encoding: str, note: str,
          text: str, values: dict[str, str], in_manifest: bool) -> dict[str, str]:
    meta = {
        "article_id": article_id, "source_file": file, "record": record, "format": fmt,
        "offsets_into": offsets_into, "in_manifest": "yes" if in_manifest else "no",
        "encoding": encoding, "encoding_note": note,
    }
    for column in ("outlet", "title", "author", "published", "url", "notes", "derived_from", "meta_from_text"):
        meta[column] = values.get(column, "") or ""
    meta["n_chars"] = str(len(text))
    meta["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return meta


def load_file(rel: str, data: bytes, *, manifest_row: dict[str, str] | None, has_manifest: bool = False,
              settings: LoadSettings = LoadSettings()) -> tuple[list[Article], list[Skip]]:
    """Turn one raw file's bytes into articles (several for exports) and skips.

    ``has_manifest``: the folder has a manifest, so a text or HTML file without a row is worth a warning.
    """
    fmt = ARTICLE_FORMATS.get(Path(rel).suffix.lower())
    skips: list[Skip] = []
    if fmt is None:
        return [], [Skip(rel, "", "ignored", "not_an_article_format",
                         f"suffix {Path(rel).suffix!r} is not one of {sorted(ARTICLE_FORMATS)}"
                         + _CONVERT_HINTS.get(Path(rel).suffix.lower(), ""))]
    if len(data) > settings.max_file_bytes:
        return [], [Skip(rel, "", "skipped", "too_large",
                         f"{len(data) / 1e6:.1f} MB exceeds max_file_bytes={settings.max_file_bytes / 1e6:.1f} MB")]
    if fmt == "docx":
        return _docx_articles(rel, data, dict(manifest_row or {}))
    decoded = decode_bytes(data, control_share=settings.binary_control_share)
    if decoded.text is None:
        return [], [Skip(rel, "", "skipped", decoded.problem, decoded.detail)]
    if decoded.note and decoded.encoding != "utf-8":
        skips.append(Skip(rel, "", "warning", "encoding_fallback", decoded.note))
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    stem = Path(rel).stem
    values = dict(manifest_row or {})
    if fmt == "txt" and not manifest_row and looks_like_export(text):
        return _nexis_articles(rel, text, decoded, skips)
    if fmt in ("txt", "html"):
        offsets_into = "raw"
        if fmt == "html" and not manifest_row and looks_like_factiva(text):
            return _nexis_articles(rel, "", decoded, skips, parsed=split_factiva_html(text), fmt="factiva_html")
        if fmt == "html":
            text, html_meta = html_to_text(text)
            offsets_into = "extracted"
            if not text.strip():
                return [], skips + [Skip(rel, "", "skipped", "no_main_text",
                                         "trafilatura found no main text in this HTML page")]
            for key, value in html_meta.items():
                if not values.get(key) and value:
                    values[key] = value if key != "published" else normalize_date(value)[0]
        if fmt == "txt" and manifest_row is None:
            values = _stated(text)
        article_id = values.get("article_id") or stem
        if manifest_row is None and has_manifest:
            skips.append(Skip(rel, article_id, "warning", "not_in_manifest",
                              "file has no manifest row: loaded with id from the file name, metadata only what its first lines state"))
        meta = _meta(article_id, rel, "", fmt, offsets_into, decoded.encoding, decoded.note, text, values,
                     manifest_row is not None)
        return [Article(meta, text)], skips
    articles: list[Article] = []
    for label, record, problem in iter_records(text, fmt):
        if record is None:
            skips.append(Skip(rel, label, "skipped", "bad_record", problem))
            continue
        body = _first(record, TEXT_FIELDS)
        if not body.strip():
            skips.append(Skip(rel, label, "skipped", "empty_record",
                              f"record has no text in any of the fields {list(TEXT_FIELDS)}"))
            continue
        body = body.replace("\r\n", "\n").replace("\r", "\n")
        n_bad = 0
        for key in list(record):
            record[key], n = replace_lone_surrogates(record[key])
            n_bad += n
        if n_bad:
            skips.append(Skip(rel, label, "warning", "lone_surrogate",
                              f"{n_bad} lone UTF-16 surrogate escape(s) replaced by U+FFFD"))
            body = replace_lone_surrogates(body)[0]
        rid = _first(record, ID_FIELDS) or f"{stem}-{label.split()[-1]}"
        rec_values = {k: record.get(k, "") for k in META_FIELDS}
        published, date_problem = normalize_date(rec_values["published"] or record.get("date", ""))
        if date_problem:
            skips.append(Skip(rel, label, "warning", "malformed_date", f"{date_problem}; published left empty"))
        rec_values["published"] = published
        meta = _meta(rid, rel, label, fmt, "record_text", decoded.encoding, decoded.note, body, rec_values,
                     False)
        articles.append(Article(meta, body))
    if not articles and not skips:
        skips.append(Skip(rel, "", "skipped", "empty", "export holds no records"))
    return articles, skips


def match_manifest(files: list[str], manifest: Manifest | None) -> tuple[dict[str, dict[str, str]], list[Skip]]:
    """Manifest rows by file, and skips for rows whose file is missing."""
    if manifest is None:
        return {}, []
    by_file = {row["file"].replace("\\", "/"): row for row in manifest.rows.to_dict("records")}
    present = set(files)
    skips = [Skip(f, row["article_id"], "skipped", "missing_file", "manifest row names a file that does not exist")
             for f, row in sorted(by_file.items()) if f not in present]
    return by_file, skips


def check_unique_ids(articles: list[Article]) -> None:
    """Raise when two articles share an id: every join downstream would be ambiguous."""
    seen: dict[str, str] = {}
    for article in articles:
        aid, where = article.meta["article_id"], article.meta["source_file"]
        if article.meta["record"]:
            where += f" ({article.meta['record']})"
        if aid in seen:
            raise InputError(f"duplicate article id {aid!r}: in {seen[aid]} and in {where}; ids must be unique")
        seen[aid] = where


def articles_table(articles: list[Article]) -> pd.DataFrame:
    """The ``articles`` table's loading columns (metadata only; texts stay with the articles)."""
    columns = list(LOADING_COLUMNS)
    table = pd.DataFrame([a.meta for a in articles], columns=columns)
    return table.astype({"n_chars": int})


LOADING_COLUMNS = (
    "article_id", "source_file", "record", "format", "offsets_into", "in_manifest", "encoding",
    "encoding_note", "outlet", "title", "author", "published", "url", "notes", "derived_from", "meta_from_text",
    "n_chars", "text_sha256",
)
