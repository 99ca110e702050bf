"""The benchmark script still runs: its one-core stage timing on a tiny archive (speed is measured there, never
asserted here)."""

from __future__ import annotations

import sys

from conftest import ROOT

from icanalysis.synth import SynthSettings, write_archive


def test_the_benchmark_stage_timer_runs_on_a_tiny_archive(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run_all
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    write_archive(12, tmp_path, settings=SynthSettings(seed=3))
    timed = run_all.stages(tmp_path / "raw")
    assert list(timed) == ["load", "clean", "quotes", "sentences", "sentiment", "framing", "stance", "coder_model", "dedup",
                           "speakers", "power"]
    assert all(seconds >= 0 for seconds in timed.values())
