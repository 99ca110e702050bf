"""Engines: every table is identical whether the per-article stages run here, in a process pool, or on Dask."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icanalysis.dedup import DedupSettings, _lsh_pairs, _minhash, band_ranges, shingle_hashes, signatures
from icanalysis.pipeline import RunSettings, build
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
    assert set(_lsh_pairs(items, 0.5, settings, group)) == expected
    assert band_ranges(0.5, settings) == list(lsh.hashranges)
