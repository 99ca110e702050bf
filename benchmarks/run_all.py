"""Benchmark: the pipeline on synthetic archives of 1k, 10k and 100k articles (speed, memory, quality).

Not a test. Run: ``python benchmarks/run_all.py [--sizes 1000 10000 100000] [--workers 0] [--data DIR]``.
Writes ``benchmarks/results/latest.json`` and ``latest.md``. Per size:

- end to end: ``icanalysis run --format parquet --no-cache`` in a child process, wall time, articles/s and the
  peak RSS of its whole process tree (``memwatch.py``); speed also as a ratio to a baseline measured in the
  same run (read and decode every file and count its words: the cost of touching the data);
- per stage (in one process, one core; up to ``--stage-max`` articles): load, clean, quotes, sentences,
  sentiment, framing and stance (the cue rules), coder_model (the default stance-and-frames model, which also
  runs the cue rules as features: memoised, so after them it costs its own share), dedup, speakers
  (cross-article attribution), power (voice shares);
- quality against the archive's ``truth/``: article pairs (recall per copy kind, precision), copied
  paragraphs (recall and precision, counted per article pair), direct quotes (F1 and speaker accuracy with
  ``icanalysis.evaluate.score_quotes``, on the first ``--quote-sample`` articles);
- side by side (at the smallest size >= 2,000): the dedup stage against an all-pairs exact Jaccard comparison
  of a 2,000-article sample, and quote extraction against textacy's ``direct_quotations`` if textacy and
  an English spaCy pipeline are installed (otherwise it says so and skips).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from memwatch import watch  # noqa: E402

from icanalysis.synth import SynthSettings, write_archive  # noqa: E402

_WORD = re.compile(r"\w+")


def archive(n: int, data: Path, seed: int) -> Path:
    folder = data / f"synth_{n}_seed{seed}"
    if not (folder / "raw" / "manifest.csv").exists():
        write_archive(n, folder, settings=SynthSettings(seed=seed), overwrite=True)
    return folder


def baseline(raw: Path) -> float:
    start = time.perf_counter()
    n = 0
    for path in sorted(raw.glob("*.txt")):
        n += len(_WORD.findall(path.read_bytes().decode("utf-8")))
    return time.perf_counter() - start


def _link(source: Path, target: Path) -> None:
    import os
    import shutil

    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def rerun_added(raw: Path, work: Path, workers: int, added: int) -> dict:
    """The cache at work: a cold run (with the cache) on all but the last ``added`` articles, then a run on
    all of them, which should compute only the added files. The raw files are hard-linked (copied where the
    file system cannot link), never changed: a run does not follow symbolic links out of its raw folder.
    """
    import shutil

    manifest = pd.read_csv(raw / "manifest.csv", dtype=str, keep_default_na=False)
    folder = work / "raw"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in manifest["file"]:
        _link(raw / name, folder / name)
    out = work / "out"
    if out.exists():
        shutil.rmtree(out)
    result = {"added": added}
    for phase, rows in (("cold", manifest.iloc[:-added]), ("with_added", manifest)):
        rows.to_csv(folder / "manifest.csv", index=False)
        if phase == "cold":
            for name in manifest["file"].iloc[-added:]:
                (folder / name).unlink()
        else:
            for name in manifest["file"].iloc[-added:]:
                _link(raw / name, folder / name)
        cmd = [sys.executable, "-m", "icanalysis.cli", "run", "--raw", str(folder), "--out", str(out), "--format",
               "parquet", "--no-progress", "--workers", str(workers)]
        log = work / f"{phase}.stderr"
        entry = watch(cmd, stderr=log)
        entry["run_stages"] = _run_stages(out)
        if entry["exit_code"] != 0:  # a failed run must not be reported as a fast one
            raise RuntimeError(f"the {phase} run failed (exit {entry['exit_code']}): "
                               + log.read_text(encoding="utf-8")[-2000:])
        entry["cache"] = next((line.split(": ", 1)[-1] for line in log.read_text(encoding="utf-8").splitlines()
                               if line.startswith("cache ")), "")  # "N files reused, M computed" (no path)
        result[phase] = entry
        print(json.dumps({"rerun": {phase: entry}}), flush=True)
    return result


def _run_stages(out: Path) -> dict[str, float]:
    """Wall seconds per stage of the run that wrote ``out`` (its ``run_timings.json``)."""
    path = out / "run_timings.json"
    if not path.is_file():
        return {}
    return {t["stage"]: t["seconds"] for t in json.loads(path.read_text(encoding="utf-8"))["stages"]}


def end_to_end(raw: Path, out: Path, workers: int, engine: str = "local") -> dict:
    cmd = [sys.executable, "-m", "icanalysis.cli", "run", "--raw", str(raw), "--out", str(out), "--format",
           "parquet", "--no-progress", "--no-cache", "--workers", str(workers), "--engine", engine]
    entry = watch(cmd)
    entry["run_stages"] = _run_stages(out)
    return entry


def stages(raw: Path) -> dict[str, float]:
    """Seconds per stage, one process, one core."""
    from icanalysis import power
    from icanalysis.analysis import code_units  # noqa: F401  (imports timed with the stage below)
    from icanalysis.cleaning import clean_text
    from icanalysis.coder import code_sentences
    from icanalysis.dedup import find_duplicates
    from icanalysis.framing import code_frames
    from icanalysis.loading import articles_table
    from icanalysis.pipeline import RunSettings, attribute_quotes, load_task, paragraphs_frame, plan
    from icanalysis.quotes import quote_rows, quotes_frame
    from icanalysis.sentiment import score_texts, sentence_rows
    from icanalysis.stance import code_stance

    settings = RunSettings(progress=False)
    t: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        t[name] = round(t.get(name, 0.0) + now - clock, 2)
        clock = now

    tasks, _, _ = plan(raw, settings)
    articles = [a for task in tasks for a in load_task(task, settings)[0]]
    lap("load")
    cleaned = [clean_text(a.text, a.meta["article_id"], meta=a.meta, settings=settings.clean) for a in articles]
    lap("clean")
    quotes = quotes_frame([r for a, (p, _) in zip(articles, cleaned, strict=True)
                           for r in quote_rows(a.text, a.meta["article_id"],
                                               spans=[(x["start"], x["end"]) for x in p])])
    lap("quotes")
    sentences = pd.DataFrame([r for p, _ in cleaned for r in sentence_rows(p)])
    lap("sentences")
    texts = pd.concat([sentences["text"], quotes["quote"]], ignore_index=True)
    score_texts(texts)
    lap("sentiment")
    code_frames(texts)
    lap("framing")
    code_stance(sentences["text"], groups=sentences["article_id"])
    code_stance(quotes["quote"], groups=quotes["article_id"])
    lap("stance")
    code_sentences(sentences["text"], groups=sentences["article_id"])  # the default coder: the model
    lap("coder_model")
    paragraphs = paragraphs_frame([r for p, _ in cleaned for r in p])
    table = articles_table(articles)
    dedup = find_duplicates(paragraphs, table, settings.dedup)
    lap("dedup")
    table = table.merge(dedup.article_flags, on="article_id")

    coded_quotes = code_units(quotes, text_column="quote")
    coded_quotes["is_copy"] = ~coded_quotes["article_id"].map(
        dict(zip(table["article_id"], table["is_canonical"], strict=True))).astype(bool)
    clock = time.perf_counter()  # coding already timed above
    out, _, _ = attribute_quotes(coded_quotes, {"articles": table, "duplicates": dedup.duplicates})
    lap("speakers")
    power.voice_shares(out["quotes"], by="speaker_role", collapse_syndicated=True)
    lap("power")
    return t


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def dedup_quality(out: Path, truth: Path) -> dict:
    from icanalysis import io

    dup = io.read_processed("duplicates", out)
    arts = dup[(dup["level"] == "article") & dup["relation"].isin(["syndicated_copy", "lifts_paragraphs"])]
    found = {_pair(a, b) for a, b in zip(arts["article_a"], arts["article_b"], strict=True)}
    gold = pd.read_csv(truth / "duplicates.csv", dtype=str)
    kind = {_pair(a, b): k for a, b, k in zip(gold["article_a"], gold["article_b"], gold["copy_kind"], strict=True)}
    by_source: dict[str, list[str]] = {}
    for a, b in zip(gold["article_a"], gold["article_b"], strict=True):
        by_source.setdefault(b, []).append(a)
    related = set(kind)  # copies of one source are duplicates of each other too
    for copies in by_source.values():
        related |= {_pair(x, y) for i, x in enumerate(copies) for y in copies[i + 1:]}
    result: dict = {"per_kind": {}}
    for k in sorted(set(kind.values())):
        pairs = [p for p, v in kind.items() if v == k]
        hit = sum(p in found for p in pairs)
        result["per_kind"][k] = {"n_truth": len(pairs), "recall": round(hit / len(pairs), 4) if pairs else None}
    true_pos = sum(p in related for p in found)
    result["article_precision"] = round(true_pos / len(found), 4) if found else None
    result["n_found_pairs"] = len(found)
    # paragraphs, counted per article pair: copies found between two related articles / reused in truth
    reuse = pd.read_csv(truth / "paragraph_reuse.csv", dtype={"article_id": str, "source_article_id": str})
    want = Counter(_pair(a, b) for a, b in zip(reuse["article_id"], reuse["source_article_id"], strict=True))
    paras = dup[dup["level"] == "paragraph"]
    got = Counter(_pair(a, b) for a, b in zip(paras["article_a"], paras["article_b"], strict=True))
    recall = sum(min(got[p], n) for p, n in want.items()) / max(sum(want.values()), 1)
    precision = sum(n for p, n in got.items() if p in related) / max(sum(got.values()), 1)
    result["paragraph_recall"], result["paragraph_precision"] = round(recall, 4), round(precision, 4)
    return result


def quote_quality(out: Path, truth: Path, sample: int) -> dict:
    from icanalysis import io
    from icanalysis.evaluate import score_quotes

    pred = io.read_processed("quotes", out)
    gold = pd.read_csv(truth / "quotes.csv", dtype={"article_id": str}).assign(is_quote="yes")
    keep = sorted(set(gold["article_id"]))[:sample]
    pred = pred[pred["article_id"].isin(keep)].reset_index(drop=True)
    gold = gold[gold["article_id"].isin(keep)].reset_index(drop=True)
    s = score_quotes(pred, gold)
    return {"articles": len(keep), "direct_f1": round(s["f1"], 4), "direct_precision": round(s["precision"], 4),
            "direct_recall": round(s["recall"], 4), "speaker_accuracy": round(s["speaker_accuracy"], 4),
            "indirect_f1": round(s["indirect"]["f1"], 4)}


def all_pairs_check(raw: Path, n: int = 2000) -> dict:
    """The dedup stage against all-pairs exact Jaccard/containment on the first ``n`` articles."""
    from icanalysis.cleaning import clean_text
    from icanalysis.dedup import DedupSettings, find_duplicates, jaccard_containment, shingle_hashes
    from icanalysis.loading import articles_table
    from icanalysis.pipeline import RunSettings, load_task, paragraphs_frame, plan
    from icanalysis.textnorm import words

    settings = RunSettings(progress=False)
    tasks, _, _ = plan(raw, settings)
    articles = [a for task in tasks[:n] for a in load_task(task, settings)[0]]
    paragraphs = paragraphs_frame([r for a in articles for r in clean_text(a.text, a.meta["article_id"],
                                                                            meta=a.meta)[0]])
    table = articles_table(articles)
    d = DedupSettings()
    start = time.perf_counter()
    result = find_duplicates(paragraphs, table, d)
    t_lsh = time.perf_counter() - start
    dup = result.duplicates
    synd = dup[(dup["level"] == "article") & (dup["relation"] == "syndicated_copy")]
    lsh = {_pair(a, b) for a, b in zip(synd["article_a"], synd["article_b"], strict=True)}
    start = time.perf_counter()
    sh: dict[str, list] = {}
    for aid, text in zip(paragraphs["article_id"], paragraphs["norm_text"], strict=True):
        sh.setdefault(aid, []).append(shingle_hashes(words(text), d.shingle_size))
    import numpy as np

    arrays = {aid: np.unique(np.concatenate(v)) for aid, v in sh.items()}
    ids = sorted(arrays)
    exact = set()
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            jac, ca, cb = jaccard_containment(arrays[a], arrays[b])
            if jac >= d.article_min_jaccard or max(ca, cb) >= d.article_min_containment:
                exact.add((a, b))
    t_exact = time.perf_counter() - start
    return {"articles": len(ids), "pairs_compared": len(ids) * (len(ids) - 1) // 2,
            "syndicated_pairs_exact": len(exact), "syndicated_pairs_lsh": len(lsh),
            "missed_by_lsh": len(exact - lsh), "extra_in_lsh": len(lsh - exact),
            "lsh_dedup_s": round(t_lsh, 2), "all_pairs_s": round(t_exact, 2),
            "cost_ratio_all_pairs_over_lsh": round(t_exact / t_lsh, 1)}


def textacy_check(raw: Path, n: int = 200) -> dict:
    try:
        import textacy.extract
    except ImportError as exc:
        return {"skipped": f"textacy not installed ({exc.name}): pip install -r benchmarks/requirements.txt"}
    from eval_polnear import load_spacy  # the official en_core_web_sm, else its PyPI re-upload

    nlp = load_spacy()
    from icanalysis.quotes import extract_quotes

    texts = [p.read_text(encoding="utf-8") for p in sorted(raw.glob("*.txt"))[:n]]
    start = time.perf_counter()
    ours = sum(len(extract_quotes(t, str(i))) for i, t in enumerate(texts))
    t_ours = time.perf_counter() - start
    start = time.perf_counter()
    theirs, bailed = 0, 0
    for t in texts:
        try:
            theirs += len(list(textacy.extract.direct_quotations(nlp(t))))
        except ValueError:  # textacy refuses an article with an odd number of quotation marks
            bailed += 1
    t_theirs = time.perf_counter() - start
    return {"articles": n, "ours_rows": ours, "textacy_rows": theirs, "textacy_refused_articles": bailed,
            "ours_s": round(t_ours, 2), "textacy_s": round(t_theirs, 2)}


def markdown(results: dict) -> str:
    lines = ["# Benchmark results", "", f"Machine: {results['machine']}; workers: {results['workers']}.", "",
             "| articles | wall (s) | articles/s | peak RSS (MB) | x baseline | dedup recall wire/light/heavy/blog |"
             " article precision | para recall/precision | direct-quote F1 | speaker acc. |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for n, r in results["sizes"].items():
        e, q, d = r["end_to_end"], r.get("quotes", {}), r.get("dedup", {})
        kinds = "/".join(str(d.get("per_kind", {}).get(k, {}).get("recall", "-"))
                         for k in ("wire_copy", "light_edit", "heavy_rewrite", "blog_lift"))
        label = f"{n} (cold, cache on, {e['articles']} articles)" if "articles" in e else n
        lines.append(f"| {label} | {e['wall_s']} | {e['articles_per_s']} | {e['peak_rss_mb']} | {e['x_baseline']} | "
                     f"{kinds} | {d.get('article_precision')} | {d.get('paragraph_recall')}/"
                     f"{d.get('paragraph_precision')} | {q.get('direct_f1')} | {q.get('speaker_accuracy')} |")
    if "growth_10k_to_100k" in results:
        lines += ["", f"Cost growth 10k -> 100k: x{results['growth_10k_to_100k']} (10x the articles)."]
    for n, r in results["sizes"].items():
        if r["end_to_end"].get("run_stages"):
            lines += ["", f"Stages of the run at {n} (wall s, all workers): "
                      + ", ".join(f"{k} {v}" for k, v in r["end_to_end"]["run_stages"].items())]
        if "stages_s" in r:
            lines += ["", f"Stages at {n} (one core, s): " + ", ".join(f"{k} {v}" for k, v in r["stages_s"].items())]
    if "rerun" in results:
        r = results["rerun"]
        lines += ["", f"Re-run after adding {r['added']} articles to {r['articles'] - r['added']} (cache on): "
                  f"cold {r['cold']['wall_s']} s, then {r['with_added']['wall_s']} s "
                  f"(peak {r['with_added']['peak_rss_mb']} MB; {r['with_added']['cache']}); stages of the re-run "
                  "(wall s): " + ", ".join(f"{k} {v}" for k, v in r["with_added"].get("run_stages", {}).items())
                  + "."]
    for key in ("all_pairs", "textacy"):
        if key in results:
            lines += ["", f"{key}: `{json.dumps(results[key])}`"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parent / "data")
    parser.add_argument("--stage-max", type=int, default=10000, help="largest size timed stage by stage")
    parser.add_argument("--quote-sample", type=int, default=2000)
    parser.add_argument("--rerun-added", type=int, default=100,
                        help="at the largest size, time a cached re-run after adding this many articles (0: skip)")
    parser.add_argument("--largest-from-rerun", action="store_true",
                        help="at the largest size, take the cold figures from the re-run's cold run (cache on, all "
                             "but --rerun-added articles) instead of a separate run without cache: saves one run")
    args = parser.parse_args()
    import os
    import platform

    results: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                     "workers": args.workers, "sizes": {}}
    largest = max(args.sizes) if args.sizes else 0
    for n in args.sizes:
        folder = archive(n, args.data, args.seed)
        raw, out = folder / "raw", folder / "out"
        base = baseline(raw)
        if n == largest and args.largest_from_rerun and args.rerun_added:
            rerun = rerun_added(raw, args.data / f"rerun_{n}", args.workers, args.rerun_added)
            results["rerun"] = {**rerun, "articles": n}
            e = {**rerun["cold"], "cache": "on", "articles": n - args.rerun_added}
            out = args.data / f"rerun_{n}" / "out"  # the tables of all n articles after the re-run
        else:
            e = end_to_end(raw, out, args.workers)
        e["articles_per_s"] = round(e.get("articles", n) / e["wall_s"], 1)
        e["baseline_s"] = round(base, 2)
        e["x_baseline"] = round(e["wall_s"] / base, 1)
        entry: dict = {"end_to_end": e}
        if e["exit_code"] == 0:
            entry["dedup"] = dedup_quality(out, folder / "truth")
            entry["quotes"] = quote_quality(out, folder / "truth", args.quote_sample)
        if n <= args.stage_max:
            entry["stages_s"] = stages(raw)
        if n >= 2000 and "all_pairs" not in results:
            results["all_pairs"] = all_pairs_check(raw)
            results["textacy"] = textacy_check(raw)
        results["sizes"][str(n)] = entry
        print(json.dumps({n: entry}), flush=True)
    if args.rerun_added and args.sizes and "rerun" not in results:
        results["rerun"] = rerun_added(archive(largest, args.data, args.seed) / "raw",
                                       args.data / f"rerun_{largest}", args.workers, args.rerun_added)
        results["rerun"]["articles"] = largest
    sizes = results["sizes"]
    if "10000" in sizes and "100000" in sizes:
        results["growth_10k_to_100k"] = round(sizes["100000"]["end_to_end"]["wall_s"]
                                              / sizes["10000"]["end_to_end"]["wall_s"], 2)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (HERE / "results" / "latest.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    main()
