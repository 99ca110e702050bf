"""The long fuzz run: the properties of tests/test_fuzz.py with many fresh random examples.

    .venv/bin/python benchmarks/fuzz.py [--examples 2000]

Prints (and writes to benchmarks/results/fuzz.json) the examples tried per property and the failures found;
a failure prints hypothesis's shrunk example, to be turned into a fixed test before it is fixed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROPERTIES = ("test_any_text_gives_exact_offsets", "test_many_tiny_paragraphs",
              "test_paragraphs_over_the_mark_budget_keep_exact_offsets", "test_any_bytes_become_articles_or_a_report_row")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per property")
    args = parser.parse_args()
    env = {**os.environ, "FUZZ_EXAMPLES": str(args.examples), "FUZZ_RANDOM": "1"}
    results = {}
    for name in PROPERTIES:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               f"tests/test_fuzz.py::{name}"], cwd=ROOT, env=env, capture_output=True, text=True)
        results[name] = {"examples": args.examples, "failures": 0 if done.returncode == 0 else 1,
                         "seconds": round(time.perf_counter() - start, 1)}
        print(f"{name}: {args.examples} examples, {'ok' if done.returncode == 0 else 'FAILED'}", flush=True)
        if done.returncode:
            print(done.stdout[-4000:])
    out = ROOT / "benchmarks" / "results" / "fuzz.json"
    out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    sys.exit(1 if any(r["failures"] for r in results.values()) else 0)


if __name__ == "__main__":
    main()
