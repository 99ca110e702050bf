"""The bundled corpus is the commissioned bytes, and the manifest describes it."""

from __future__ import annotations

import hashlib

import pytest
from conftest import RAW, ROOT

from icanalysis.io import read_csv_strict
from icanalysis.loading import MANIFEST_COLUMNS


def _sums(path):
    return dict(reversed(line.split()) for line in path.read_text().splitlines() if line.strip())


@pytest.mark.parametrize("sums_file", [RAW / "SHA256SUMS", ROOT.parent / "shared" / "corpus" / "SHA256SUMS"])
def test_raw_files_match_commissioned_checksums(sums_file):
    if not sums_file.exists():
        pytest.skip(f"{sums_file} is not on this machine")
    sums = _sums(sums_file)
    assert len(sums) == 5
    for name, digest in sums.items():
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == digest, name


def test_manifest_lists_every_article_once_with_known_columns():
    manifest = read_csv_strict(RAW / "manifest.csv")
    assert set(MANIFEST_COLUMNS) <= set(manifest.columns)
    assert sorted(manifest["file"]) == sorted(p.name for p in RAW.glob("*.txt"))
    assert manifest["article_id"].is_unique


def test_manifest_dates_are_iso_or_empty():
    manifest = read_csv_strict(RAW / "manifest.csv")
    for value in manifest["published"]:
        assert value == "" or (len(value) == 10 and value[4] == "-" and value[7] == "-")
