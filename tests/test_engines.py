"""Engines: every table is identical whether the per-article stages run here, in a process pool, or on Dask."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icanalysis.dedup import (
    DedupSettings,
    _keyed,
    _lsh_pairs,
    _minhash,
    band_keys,
    band_ranges,
    bucket_pairs,
    plausible_syndication,
    shingle_hashes,
    signatures,
)
from icanalysis.io import TableWriter, read_table, table_to_bytes
from icanalysis.pipeline import RunSettings, build, run, write_outputs
from icanalysis.synth import SynthSettings, write_archive

N_ARTICLES = 200


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    write_archive(N_ARTICLES, folder, settings=SynthSettings(seed=3))
    return folder / "raw"


@pytest.fixture(scope="module")
def local_result(archive):
    return build(archive, RunSettings(progress=False, workers=1, keep_texts=False))


def assert_same_tables(a, b) -> None:
    assert sorted(a.tables) == sorted(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], obj=name)
    pd.testing.assert_frame_equal(a.report, b.report, obj="run_report")
    assert a.summary == b.summary


def test_two_workers_give_the_tables_of_one(archive, local_result):
    pooled = build(archive, RunSettings(progress=False, workers=2, batch_size=16, keep_texts=False))
    assert_same_tables(local_result, pooled)


def test_dask_cluster_gives_the_tables_of_the_local_engine(archive, local_result):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = build(archive, RunSettings(progress=False, engine="dask", scheduler=cluster.scheduler_address,
                                             batch_size=32, keep_texts=False))
    assert_same_tables(local_result, on_dask)
    assert (local_result.tables["duplicates"]["relation"] == "syndicated_copy").sum() > 10  # the test has teeth


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_streamed_run_writes_what_the_in_memory_build_holds(archive, local_result, tmp_path, fmt):
    # run() streams paragraphs, removed lines and sentences from the segment store batch by batch (here 13
    # batches); the files must hold exactly the tables build() returns, and CSV must be byte-identical
    streamed = run(archive, tmp_path / "streamed", RunSettings(progress=False, batch_size=16, keep_texts=False,
                                                                fmt=fmt))
    assert set(streamed.tables) == {"articles", "duplicates", "quotes", "speakers", "speaker_merges"}
    write_outputs(local_result, tmp_path / "whole", fmt)
    for name, table in local_result.tables.items():
        path = tmp_path / "streamed" / f"{name}.{fmt}"
        if fmt == "csv":
            assert path.read_bytes() == (tmp_path / "whole" / f"{name}.csv").read_bytes(), name
        else:
            pd.testing.assert_frame_equal(read_table(path), read_table(tmp_path / "whole" / f"{name}.parquet"),
                                          obj=name)
        assert streamed.summary["rows"][name] == len(table)
    assert len(local_result.tables["sentences"]) > 2000  # many batches: the test has teeth


def test_table_writer_chunks_equal_one_write(tmp_path):
    table = pd.DataFrame({"text": ["a", None, "c, d", "e"], "n": [1, 2, 3, 4], "x": [0.5, np.nan, 1.0, 2.25],
                          "late": [None, None, "q", None]})
    for fmt in ("csv", "parquet"):
        writer = TableWriter(tmp_path / "t", fmt, row_group_rows=2)
        for chunk in (table.iloc[:0], table.iloc[:1], table.iloc[1:3], table.iloc[3:]):  # empty first, uneven
            writer.append(chunk)
        path = writer.close()
        whole = table_to_bytes(table, fmt)
        if fmt == "csv":
            assert path.read_bytes() == whole
        else:
            pd.testing.assert_frame_equal(read_table(path), table)
    empty = TableWriter(tmp_path / "e", "csv").close(empty=table.iloc[:0])
    assert empty.read_text() == "text,n,x,late\n"


def test_texts_are_kept_only_when_asked(archive, local_result):
    assert local_result.texts == {}
    kept = build(archive, RunSettings(progress=False, keep_texts=True))
    assert len(kept.texts) == N_ARTICLES
    assert kept.summary["input_fingerprint"] == local_result.summary["input_fingerprint"]


def test_bulk_signatures_equal_datasketch_minhash():
    settings = DedupSettings()
    rng = np.random.default_rng(0)
    arrays = [np.unique(rng.integers(0, 2**63, size=int(n), dtype=np.uint64)) for n in rng.integers(0, 60, 300)]
    arrays.append(shingle_hashes(["the", "director", "said", "the", "set", "was", "calm", "and", "safe"], 5))
    sig = signatures(arrays, settings, chunk=500)  # small chunks: several reduceat passes
    for row, hashes in zip(sig, arrays, strict=True):
        assert (row == _minhash(hashes, settings).hashvalues).all()


def test_lsh_pairs_equal_datasketch_index():
    from datasketch import MinHashLSH

    settings = DedupSettings()
    rng = np.random.default_rng(1)
    base = [np.unique(rng.integers(0, 2**63, size=40, dtype=np.uint64)) for _ in range(30)]
    items = []
    for i, b in enumerate(base):  # each set plus two perturbed copies: many true candidates
        items.append((f"x{i:02d}", b))
        for j in range(2):
            keep = b[rng.random(len(b)) > 0.3 * (j + 1) / 2]
            items.append((f"x{i:02d}c{j}", np.union1d(keep, rng.integers(0, 2**63, size=5, dtype=np.uint64))))
    group = {k: k[:3] if k.endswith("c1") else k for k, _ in items}  # some pairs share a group
    lsh = MinHashLSH(threshold=0.5, num_perm=settings.num_perm)
    expected = set()
    for key, hashes in items:
        m = _minhash(hashes, settings)
        for other in lsh.query(m):
            if group[other] != group[key]:
                expected.add(tuple(sorted((key, other))))
        lsh.insert(key, m)
    assert set(_keyed(_lsh_pairs(items, 0.5, settings, group), items)) == expected
    assert band_ranges(0.5, settings) == list(lsh.hashranges)
    # the same pairs from the 64-bit band keys the workers store instead of the signatures
    keys = band_keys(signatures([h for _, h in items], settings), band_ranges(0.5, settings))
    assert set(_keyed(_lsh_pairs(items, 0.5, settings, group, bands=keys), items)) == expected


def test_band_keys_are_equal_exactly_when_the_bands_are():
    settings = DedupSettings()
    rng = np.random.default_rng(3)
    sig = rng.integers(0, 2**32, size=(2000, settings.num_perm), dtype=np.uint64).astype(np.uint32)
    sig[1000:1500] = sig[:500]  # whole copies
    sig[1500:, :40] = sig[500:1000, :40]  # copies in the first columns only
    ranges = band_ranges(0.5, settings)
    keys = band_keys(sig, ranges)
    for b, (start, end) in enumerate(ranges):
        bands = np.unique(sig[:, start:end], axis=0, return_inverse=True)[1].ravel()
        pairs = set(zip(bands.tolist(), keys[:, b].tolist(), strict=True))
        assert len(pairs) == len(set(bands.tolist())) == len(set(keys[:, b].tolist()))  # one key per band value


def test_large_buckets_pair_with_their_first_member_only():
    # 120 copies of one stock paragraph (one bucket in every band) and 3 copies of another
    stock, other = np.arange(50, dtype=np.uint64), np.arange(1000, 1050, dtype=np.uint64)
    items = [(f"s{i:03d}", stock) for i in range(120)] + [(f"o{i}", other) for i in range(3)]
    group = {k: k for k, _ in items}
    capped = _lsh_pairs(items, 0.5, DedupSettings(max_bucket=50), group)
    assert {tuple(p) for p in capped.tolist()} == {(0, y) for y in range(1, 120)} | {(120, 121), (120, 122), (121, 122)}
    assert len(_lsh_pairs(items, 0.5, DedupSettings(max_bucket=0), group)) == 120 * 119 // 2 + 3
    groups = {0: "a", 1: "a", 2: "b", 3: "c"}
    assert sorted(bucket_pairs([3, 0, 2, 1], groups, 3)) == [(0, 2), (0, 3)]  # star; same group skipped
    assert sorted(bucket_pairs([3, 0, 2, 1], groups, 4)) == [(0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]


def test_prefilter_keeps_copies_and_drops_unrelated_articles():
    settings = DedupSettings()
    rng = np.random.default_rng(5)
    source = np.unique(rng.integers(0, 2**63, size=600, dtype=np.uint64))
    near = np.union1d(source[rng.random(len(source)) < 0.34], rng.integers(0, 2**63, size=400, dtype=np.uint64))
    part = source[:200]  # a cut-down copy: Jaccard 0.33, containment 1.0
    short = source[:70]  # Jaccard 0.12 but wholly contained in the source
    unrelated = [np.unique(rng.integers(0, 2**63, size=600, dtype=np.uint64)) for _ in range(50)]
    arrays = [source, near, part, short, *unrelated]
    sig = signatures(arrays, settings)
    sizes = np.array([len(a) for a in arrays])
    pairs = np.array([[0, 1], [0, 2], [0, 3]] + [[0, k] for k in range(4, len(arrays))])
    keep = plausible_syndication(pairs, sig, sizes, settings)
    assert keep[:3].all() and not keep[3:].any()
