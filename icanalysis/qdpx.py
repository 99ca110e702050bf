"""Export articles and their attributed quotes as a REFI-QDA project (``.qdpx``).

A ``.qdpx`` is a zip of ``project.qde`` (QDA-XML, namespace ``urn:QDA-XML:project:1.0``) and a ``sources/``
folder. NVivo, ATLAS.ti, MAXQDA and QualCoder open it, so researchers can check and recode the automated
coding by hand. Each article becomes a ``TextSource`` whose text is ``sources/<guid>.txt`` (UTF-8, no byte
order mark, line endings as given); each quote becomes a ``PlainTextSelection`` named by its ``quote_id`` and
coded from a codebook with one group per dimension (Speaker, Role, Power tier, Stance, Frame, Kind) and a
child code per value found. Quotes of copied text (``is_copy``) get the code ``Copied text`` and say so in
their ``Description``. Child codes are named ``"<group>: <value>"`` because QualCoder merges codes of the same
name across groups.

Positions: ``startPosition``/``endPosition`` count Unicode code points from 0, the same unit as Python ``str``
offsets, so ``text[start:end]`` is the quote. The schema says only ``xsd:integer``; the standard speaks of
characters of the plain text. Unicode code points are the unit of QualCoder, the open-source reference
implementation, which writes and reads positions as Python string offsets (``fulltext[pos0:pos1]``), and of
``qualitative-coding``'s exporter. UTF-16 code units (what .NET, Qt and JavaScript strings count) differ only
after a character outside the Basic Multilingual Plane (emoji, rare CJK); ``positions="utf16"`` writes those
instead for a tool that turns out to count them. The bundled corpus has no such character, so the two agree.

Deterministic: identical inputs give identical bytes. GUIDs are ``uuid5`` of stable names (article id,
quote id, code), sources and selections are sorted, zip entries are sorted with a fixed date and
compression, and no creation time is written.

A quote is left out, and listed by :func:`qdpx_problems`, when its article is not in the articles table or
has no text, or when ``text[start:end]`` is not the quote. :func:`build_qdpx` returns bytes only and writes
the number left out into the project's ``Description``.

References: REFI-QDA Standard, QDA-XML 1.0 (Rotterdam Exchange Format Initiative, 2019; Evers et al. 2020,
*FQS* 21(2) art. 22); ``Project-mrt2019.xsd`` (in ``tests/fixtures/refi/``).
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pandas as pd

from . import labels

NAMESPACE = "urn:QDA-XML:project:1.0"
USER_NAME = "icanalysis"
ORIGIN = "icanalysis"
ARTICLE_COLUMNS: tuple[str, ...] = ("article_id", "title", "outlet", "author", "published")
QUOTE_COLUMNS: tuple[str, ...] = ("article_id", "quote_id", "kind", "start", "end", "quote", "speaker",
                                  "speaker_role", "power_tier", "stance", "frames", "is_copy")
POSITION_UNITS: tuple[str, ...] = ("codepoints", "utf16")
_UNIT_NAMES = {"codepoints": "Unicode code points", "utf16": "UTF-16 code units"}
# (quotes column, code group) in the order groups appear in the codebook and codings on a selection
GROUPS: tuple[tuple[str, str], ...] = (("speaker", "Speaker"), ("speaker_role", "Role"),
                                       ("power_tier", "Power tier"), ("stance", "Stance"),
                                       ("frames", "Frame"), ("kind", "Kind"))
COPIED = "Copied text"

_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:icanalysis:qdpx")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_PROJECT_FILE = "project.qde"
# characters XML 1.0 does not allow (control characters other than tab, newline, carriage return)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class _Quote:
    """A quote whose offsets slice its article's text back to the quote."""

    quote_id: str
    article_id: str
    start: int
    end: int
    codes: tuple[tuple[str, str], ...]  # (group, value); group COPIED has value ""
    is_copy: bool


# --- public ---------------------------------------------------------------------------------------

def build_qdpx(articles: pd.DataFrame, quotes: pd.DataFrame, texts: Mapping[str, str], *,
               project_name: str, frame_labels: Mapping[str, str] | None = None,
               positions: str = "codepoints") -> bytes:
    """The ``.qdpx`` bytes of a REFI-QDA project: a source per article, a coded selection per quote.

    Args:
        texts: article_id -> the full text the quotes' ``start``/``end`` index into.
        frame_labels: frame id -> name of its code (``findings.frame_labels()``); the id where missing.
        positions: ``"codepoints"`` (Python offsets, the default) or ``"utf16"`` (UTF-16 code units).
    """
    if not isinstance(project_name, str) or not project_name.strip():
        raise ValueError(f"project_name must be a non-empty string, got {project_name!r}")
    if positions not in POSITION_UNITS:
        raise ValueError(f"positions {positions!r} must be one of {POSITION_UNITS}")
    kept, _ = _checked(articles, quotes, texts)
    sources = _sources(articles, texts)
    root = _project(project_name, sources, kept, dict(frame_labels or {}), positions, texts,
                    left_out=len(quotes) - len(kept))
    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    files = {_PROJECT_FILE: xml}
    files.update({f"sources/{_guid('source', aid)}.txt": texts[aid].encode("utf-8") for aid, _ in sources})
    return _zip(files)


def qdpx_problems(articles: pd.DataFrame, quotes: pd.DataFrame, texts: Mapping[str, str]) -> list[str]:
    """Why quotes (and articles) are left out of :func:`build_qdpx`, one line each; empty when none are."""
    return _checked(articles, quotes, texts)[1]


def validate_qde(xml: bytes, xsd_path: Path) -> list[str]:
    """The errors of a ``project.qde`` against a QDA-XML schema (``Project-mrt2019.xsd``); [] if valid."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(xsd_path)))
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        doc = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


# --- checking the tables --------------------------------------------------------------------------

def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {missing}; got {list(df.columns)}")


def _unique(values: pd.Series, what: str) -> None:
    dup = sorted(set(values[values.duplicated()].astype(str)))
    if dup:
        raise ValueError(f"{what} must be unique; repeated: {dup[:10]}")


def _checked(articles: pd.DataFrame, quotes: pd.DataFrame,
             texts: Mapping[str, str]) -> tuple[list[_Quote], list[str]]:
    """The quotes that slice their text back (sorted by article and position) and why the others do not."""
    _require(articles, ARTICLE_COLUMNS, "articles table")
    _require(quotes, QUOTE_COLUMNS, "quotes table")
    _unique(articles["article_id"], "articles.article_id")
    _unique(quotes["quote_id"], "quotes.quote_id")
    bad_texts = sorted(str(k) for k, v in texts.items() if not isinstance(v, str))
    if bad_texts:
        raise TypeError(f"texts must map article_id -> str; not a str for {bad_texts[:10]}")
    problems = list(_article_problems(articles, texts))
    known = {_text(a) for a in articles["article_id"]}
    kept: list[_Quote] = []
    for row in quotes[list(QUOTE_COLUMNS)].to_dict("records"):
        quote, problem = _check_quote(row, known, texts)
        if quote is None:
            problems.append(problem)
        else:
            kept.append(quote)
    kept.sort(key=lambda q: (q.article_id, q.start, q.end, q.quote_id))
    return kept, problems


def _article_problems(articles: pd.DataFrame, texts: Mapping[str, str]) -> Iterator[str]:
    has_sha = "text_sha256" in articles.columns
    for row in articles.to_dict("records"):
        aid = _text(row["article_id"])
        text = texts.get(aid)
        if text is None:
            yield f"article {aid}: no text; left out with its quotes"
        elif has_sha and _text(row["text_sha256"]) and \
                hashlib.sha256(text.encode("utf-8")).hexdigest() != _text(row["text_sha256"]):
            yield (f"article {aid}: text differs from text_sha256 in the articles table "
                   "(kept; each quote is still checked against this text)")


def _check_quote(row: Mapping[str, object], known: set[str],
                 texts: Mapping[str, str]) -> tuple[_Quote | None, str]:
    """The quote, or why it is left out."""
    qid, aid = _text(row["quote_id"]), _text(row["article_id"])
    start, end = _int(row["start"]), _int(row["end"])
    quote = row["quote"] if isinstance(row["quote"], str) else _text(row["quote"])
    head = f"quote {qid} (article {aid})"
    if aid not in known:
        return None, f"{head}: article not in the articles table; left out"
    text = texts.get(aid)
    if text is None:
        return None, f"{head}: no text for its article; left out"
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None, (f"{head}: start/end {row['start']!r}/{row['end']!r} do not span text in its article "
                      f"(0 <= start < end <= {len(text)}); left out")
    if text[start:end] != quote:
        found = _short(text[start:end])
        return None, f"{head}: text[{start}:{end}] is {found}, not {_short(quote)}; left out"
    is_copy = _bool(row["is_copy"])
    return _Quote(qid, aid, start, end, _quote_codes(row) + (((COPIED, ""),) if is_copy else ()), is_copy), ""


def _quote_codes(row: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """(group, value) of every code of a quote, in codebook order; empty values get no code."""
    codes: list[tuple[str, str]] = []
    for column, group in GROUPS:
        values = _text(row[column]).split("|") if column == "frames" else [_text(row[column])]
        for value in dict.fromkeys(v.strip() for v in values):
            if value:
                codes.append((group, value))
    return tuple(codes)


# --- small converters -----------------------------------------------------------------------------

def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(value)


def _short(value: object, width: int = 60) -> str:
    s = str(value)
    return repr(s if len(s) <= width else s[: width - 1] + "…")


def _xml_text(value: object) -> str:
    """A string XML 1.0 can hold (control characters dropped)."""
    return _NOT_XML.sub("", _text(value))


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(_GUID_NAMESPACE, "\x1f".join(parts)))


def _position(text: str, offset: int, unit: str) -> int:
    return offset if unit == "codepoints" else len(text[:offset].encode("utf-16-le")) // 2


# --- building the XML -----------------------------------------------------------------------------

def _el(parent: ET.Element, tag: str, attrs: Mapping[str, str] | None = None,
        text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag, dict(attrs or {}))  # in the default namespace the root declares
    if text is not None:
        el.text = text
    return el


def _sources(articles: pd.DataFrame, texts: Mapping[str, str]) -> list[tuple[str, str]]:
    """(article_id, description) of the articles that have a text, sorted by id."""
    out = []
    for row in articles.to_dict("records"):
        aid = _text(row["article_id"])
        if aid in texts:
            fields = [("Title", row["title"]), ("Outlet", row["outlet"]), ("Author", row["author"]),
                      ("Published", row["published"])]
            if "source_file" in row:
                fields.append(("Source file", row["source_file"]))
            out.append((aid, "\n".join(f"{k}: {_xml_text(v) or 'unknown'}" for k, v in fields)))
    return sorted(out)


def _codebook(project: ET.Element, kept: Sequence[_Quote], frame_labels: Mapping[str, str]) -> None:
    """Every group (always, so the codebook is never empty) with a child code per value found."""
    found: dict[str, set[str]] = {}
    for q in kept:
        for group, value in q.codes:
            found.setdefault(group, set()).add(value)
    codes = _el(_el(project, "CodeBook"), "Codes")
    for column, group in GROUPS:
        parent = _el(codes, "Code", {"guid": _guid("group", group), "name": group, "isCodable": "false"})
        _el(parent, "Description", text=f"Values of the quotes table's column {column} (icanalysis).")
        for value in sorted(found.get(group, ())):
            if group == "Frame":
                label = frame_labels.get(value, value)
            else:  # roles, tiers, stances, kinds by their human label (labels.csv); speakers by name
                label = labels.label(column, value) if column in labels.columns() else value
            code = _el(parent, "Code", {"guid": _guid("code", group, value),
                                        "name": _xml_text(f"{group}: {label}"), "isCodable": "true"})
            if label != value:
                _el(code, "Description", text=_xml_text(f"{column} = {value} in the icanalysis tables"))
    if COPIED in found:
        code = _el(codes, "Code", {"guid": _guid("code", COPIED, ""), "name": COPIED, "isCodable": "true"})
        _el(code, "Description", text="The quote is in text copied from another article (is_copy).")


def _selection(source: ET.Element, q: _Quote, text: str, positions: str, user: str) -> None:
    sel = _el(source, "PlainTextSelection", {
        "guid": _guid("selection", q.quote_id), "name": _xml_text(q.quote_id),
        "startPosition": str(_position(text, q.start, positions)),
        "endPosition": str(_position(text, q.end, positions)), "creatingUser": user})
    if q.is_copy:
        _el(sel, "Description", text="Copied text: this passage repeats text from another article (is_copy).")
    for group, value in q.codes:
        coding = _el(sel, "Coding", {"guid": _guid("coding", q.quote_id, group, value), "creatingUser": user})
        _el(coding, "CodeRef", {"targetGUID": _guid("code", group, value)})


def _project(name: str, sources: Sequence[tuple[str, str]], kept: Sequence[_Quote],
             frame_labels: Mapping[str, str], positions: str, texts: Mapping[str, str],
             left_out: int) -> ET.Element:
    user = _guid("user", USER_NAME)
    root = ET.Element("Project", {"xmlns": NAMESPACE, "name": _xml_text(name), "origin": ORIGIN,
                                  "creatingUserGUID": user})
    _el(_el(root, "Users"), "User", {"guid": user, "name": USER_NAME})
    _codebook(root, kept, frame_labels)
    by_article: dict[str, list[_Quote]] = {}
    for q in kept:
        by_article.setdefault(q.article_id, []).append(q)
    if sources:
        sources_el = _el(root, "Sources")
        for aid, description in sources:
            guid = _guid("source", aid)
            source = _el(sources_el, "TextSource", {"guid": guid, "name": _xml_text(aid),
                                                    "plainTextPath": f"internal://{guid}.txt",
                                                    "creatingUser": user})
            _el(source, "Description", text=description)
            for q in by_article.get(aid, []):
                _selection(source, q, texts[aid], positions, user)
    _el(root, "Description", text=(
        f"Attributed quotes exported by icanalysis: {len(sources)} articles, {len(kept)} quotes coded by "
        f"speaker, role, power tier, stance, frame and kind; {left_out} quotes left out "
        f"(icanalysis.qdpx.qdpx_problems says why). Positions count {_UNIT_NAMES[positions]}."))
    return root


def _zip(files: Mapping[str, bytes]) -> bytes:
    """A zip of the files in name order with fixed dates, permissions and compression."""
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zf.writestr(info, files[name], compresslevel=9)
    return buf.getvalue()
