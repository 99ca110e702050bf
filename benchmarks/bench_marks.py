"""Quote scanning cost against the number of quotation marks in one paragraph (1 kB to 1 MB of marks).

    .venv/bin/python benchmarks/bench_marks.py

A paragraph of short quoted words and unbalanced marks (what an HTML page full of quote entities becomes) is
scanned by ``extract_quotes``; the baseline is a regular-expression count of the same marks, measured in the
same run. Linear scanning keeps seconds per MB flat across sizes. Writes benchmarks/results/marks.json.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from icanalysis.quotes import extract_quotes

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1_000, 10_000, 100_000, 1_000_000)  # characters


def paragraph(chars: int) -> str:
    unit = '“a” "b '
    return "He said " + unit * (chars // len(unit)) + "end."


def main() -> None:
    extract_quotes('Warm up: "a b c," he said.', "w")
    rows = []
    for size in SIZES:
        text = paragraph(size)
        start = time.perf_counter()
        marks = len(re.findall("[“”\"]", text))
        base = time.perf_counter() - start
        start = time.perf_counter()
        extract_quotes(text, "t")
        scan = time.perf_counter() - start
        rows.append({"chars": len(text), "marks": marks, "scan_s": round(scan, 4), "baseline_s": round(base, 5),
                     "x_baseline": round(scan / base, 1) if base else None,
                     "s_per_mb": round(scan / (len(text) / 1e6), 3)})
        print(rows[-1], flush=True)
    (ROOT / "benchmarks" / "results" / "marks.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
