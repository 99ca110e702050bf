"""Benchmark: quote extraction speed on the bundled articles, against a plain quotation-mark scan.

Not a test. Run: ``python benchmarks/bench_quotes.py [--repeat N] [--resolve]``. Prints articles per second
for ``extract_quotes`` (and optionally ``resolve_speakers``) and for a baseline regex scan of the same texts
measured in the same run, and their ratio (how many times slower the extractor is than the scan).
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import pandas as pd

from icanalysis.quotes import extract_quotes
from icanalysis.speakers import load_codebook, resolve_speakers

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
BASELINE_RE = re.compile(r"[\"“”‘’'][^\"“”\n]{1,600}[\"“”‘’']")


def load_texts() -> list[tuple[str, str]]:
    return [(p.stem, p.read_bytes().decode("utf-8")) for p in sorted(RAW.glob("*.txt"))]


def baseline(texts: list[tuple[str, str]]) -> int:
    return sum(len(BASELINE_RE.findall(text)) for _, text in texts)


def extract(texts: list[tuple[str, str]], resolve: bool) -> int:
    tables = [extract_quotes(text, aid) for aid, text in texts]
    if resolve:
        resolve_speakers(pd.concat(tables, ignore_index=True), load_codebook())
    return sum(len(t) for t in tables)


def timed(fn, *args) -> tuple[float, int]:
    start = time.perf_counter()
    n = fn(*args)
    return time.perf_counter() - start, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="times the five articles are repeated")
    parser.add_argument("--resolve", action="store_true", help="also time resolve_speakers")
    args = parser.parse_args()
    texts = load_texts() * args.repeat
    extract(load_texts(), args.resolve)  # warm the lexicon caches
    t_base, n_base = timed(baseline, texts)
    t_ext, n_ext = timed(extract, texts, args.resolve)
    n = len(texts)
    print(f"articles: {n} ({len(load_texts())} bundled x {args.repeat})")
    print(f"baseline regex scan : {n / t_base:12.1f} articles/s  ({n_base} spans)")
    print(f"extract_quotes{' + resolve' if args.resolve else ''}: {n / t_ext:12.1f} articles/s  ({n_ext} rows)")
    print(f"ratio (extractor time / baseline time): {t_ext / t_base:.1f}x")


if __name__ == "__main__":
    main()
