"""The per-file cache: a re-run reuses untouched files and still gives identical tables."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from icanalysis.pipeline import RunSettings, build
from icanalysis.synth import SynthSettings, write_archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    write_archive(60, folder, settings=SynthSettings(seed=5))
    return folder / "raw"


def same(a, b) -> None:
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], obj=name)
    pd.testing.assert_frame_equal(a.report, b.report)
    assert a.summary == b.summary


def test_rerun_reuses_work_and_gives_identical_tables(archive, tmp_path):
    cache = tmp_path / "cache"
    fresh = build(archive, RunSettings(progress=False, keep_texts=False))
    first = build(archive, RunSettings(progress=False, keep_texts=False, cache_dir=str(cache), batch_size=8))
    assert first.execution["files_reused"] == 0 and first.execution["files_computed"] == 60
    again = build(archive, RunSettings(progress=False, keep_texts=True, cache_dir=str(cache), batch_size=8))
    assert again.execution["files_reused"] == 60 and again.execution["files_computed"] == 0
    assert len(again.texts) == 60
    same(fresh, first)
    same(fresh, again)


def test_added_and_changed_files_are_computed_the_rest_reused(archive, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(archive, raw)
    manifest = (raw / "manifest.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (raw / "manifest.csv").write_text("".join(manifest[:-5]), encoding="utf-8")  # hold back 5 articles
    held = [line.split(",")[1] for line in manifest[-5:]]
    for name in held:
        (raw / name).rename(tmp_path / name)
    cache = str(tmp_path / "cache")
    build(raw, RunSettings(progress=False, keep_texts=False, cache_dir=cache))
    (raw / "manifest.csv").write_text("".join(manifest), encoding="utf-8")  # add them back
    for name in held:
        (tmp_path / name).rename(raw / name)
    edited = sorted(p for p in raw.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line was added here by an editor.\n",
                      encoding="utf-8")
    rerun = build(raw, RunSettings(progress=False, keep_texts=False, cache_dir=cache))
    assert rerun.execution["files_computed"] == 6 and rerun.execution["files_reused"] == 54
    same(build(raw, RunSettings(progress=False, keep_texts=False)), rerun)


def test_changed_settings_invalidate_the_cache(archive, tmp_path):
    from icanalysis.cleaning import CleanSettings

    cache = str(tmp_path / "cache")
    build(archive, RunSettings(progress=False, keep_texts=False, cache_dir=cache))
    other = build(archive, RunSettings(progress=False, keep_texts=False, cache_dir=cache,
                                       clean=CleanSettings(detect_captions=False)))
    assert other.execution["files_reused"] == 0


def test_a_flipped_byte_in_a_segment_is_recomputed_never_used(archive, tmp_path):
    cache = tmp_path / "cache"
    fresh = build(archive, RunSettings(progress=False, keep_texts=False))
    build(archive, RunSettings(progress=False, keep_texts=False, cache_dir=str(cache), batch_size=8))
    segment = sorted((cache / "segments").glob("*.features.feather"))[0]
    import sqlite3

    with sqlite3.connect(cache / "index.sqlite") as db:
        owners = db.execute("SELECT count(*) FROM entries WHERE segment = ?", (segment.name.split(".")[0],)).fetchone()[0]
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0xFF
    segment.write_bytes(bytes(data))
    again = build(archive, RunSettings(progress=False, keep_texts=False, cache_dir=str(cache), batch_size=8))
    assert again.execution["cache_corrupt_segments"] == 1
    assert again.execution["files_computed"] == owners and again.execution["files_reused"] == 60 - owners
    same(fresh, again)


def test_a_garbled_index_is_rebuilt(archive, tmp_path):
    cache = tmp_path / "cache"
    fresh = build(archive, RunSettings(progress=False, keep_texts=False))
    build(archive, RunSettings(progress=False, keep_texts=False, cache_dir=str(cache), batch_size=8))
    (cache / "index.sqlite").write_bytes(b"this is not an SQLite database" * 100)
    again = build(archive, RunSettings(progress=False, keep_texts=False, cache_dir=str(cache), batch_size=8))
    assert again.execution["cache_index_rebuilt"] and again.execution["files_computed"] == 60
    same(fresh, again)
    third = build(archive, RunSettings(progress=False, keep_texts=False, cache_dir=str(cache), batch_size=8))
    assert not third.execution["cache_index_rebuilt"] and third.execution["files_reused"] == 60


def test_deleted_files_and_a_deleted_cache_give_the_tables_of_a_cold_run(archive, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(archive, raw)
    cache = tmp_path / "cache"
    build(raw, RunSettings(progress=False, keep_texts=False, cache_dir=str(cache)))
    manifest = (raw / "manifest.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    gone = [line.split(",")[1] for line in manifest[1:4]]  # three articles deleted
    gone_ids = {line.split(",")[0] for line in manifest[1:4]}
    (raw / "manifest.csv").write_text(manifest[0] + "".join(manifest[4:]), encoding="utf-8")
    for name in gone:
        (raw / name).unlink()
    rerun = build(raw, RunSettings(progress=False, keep_texts=False, cache_dir=str(cache)))
    assert rerun.execution["files_reused"] == 57 and rerun.execution["files_computed"] == 0
    cold = build(raw, RunSettings(progress=False, keep_texts=False))
    same(cold, rerun)
    assert gone_ids and not gone_ids & set(rerun.tables["articles"]["article_id"])
    shutil.rmtree(cache)  # the cache deleted between runs: everything is computed again, same tables
    again = build(raw, RunSettings(progress=False, keep_texts=False, cache_dir=str(cache)))
    assert again.execution["files_computed"] == 57
    same(cold, again)
