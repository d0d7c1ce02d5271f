"""The garbled checks layer by layer: span precision and recall against a gold
file with every layer on, then with each layer off in turn, and the false
alarms per 1,000 sentences on fluent English (as the checks run, and with the
page-register gate off, a stress figure).

A layer is one rule of the garbled category (``garbled.calque``,
``garbled.name`` ...). The checks run once per document set; a layer is
"off" when its findings are left out, which is what ``--skip`` gives as long
as no layer supersedes another's findings (none of the garbled ones does).
Scoring follows the shared scorer's span rules: a gold span is found when a
reported span of the category overlaps it; a report is right when it
overlaps a gold or an ignored span.

    python benchmarks/garbled_layers.py --gold GOLD.jsonl --docs DIR [--fluent DIR ...]

e.g. the web dev set and the English side of MAC-Test:

    python benchmarks/garbled_layers.py --gold ../shared/eval/web/gold.jsonl \\
        --docs ../shared/eval/web/docs --fluent ../shared/bench/mac/test/en
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

CATEGORY = "garbled"


def read_doc(path: Path) -> str:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def load_gold(gold: Path, docs: Path):
    spans, ignored = defaultdict(list), defaultdict(list)
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        if r.get("category") != CATEGORY:
            continue
        text = read_doc(docs / r["doc"])
        found, i = [], text.find(r["text"])
        while i >= 0:
            found.append((i, i + len(r["text"])))
            i = text.find(r["text"], i + 1)
        occ = r.get("occurrence", "all")
        if occ != "all" and found:
            found = [found[int(occ) - 1]]
        (ignored if r.get("ignore") else spans)[r["doc"]].extend(found)
    return spans, ignored


def touches(a, spans) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in spans)


def score(pred, gold, ignored):
    g_n = sum(len(v) for v in gold.values())
    g_hit = sum(touches(s, pred.get(d, ())) for d, v in gold.items() for s in v)
    p_n = sum(len(v) for v in pred.values())
    p_ok = sum(touches(s, gold.get(d, []) + ignored.get(d, [])) for d, v in pred.items() for s in v)
    return (p_ok / p_n if p_n else 1.0), (g_hit / g_n if g_n else 1.0), p_n


def findings(paths):
    import align

    df = align.qa(paths)
    df = df[df["category"] == CATEGORY]
    return [(r.doc, int(r.start), int(r.end), r.rule) for r in df.itertuples()]


def ungated(paths):
    """``findings`` with the page-register gate off: every page read as
    officialese. How the layers would fare on fluent English the gate
    misjudges (a literary passage inside a news page, an English page of
    another register): a stress figure, not the product's behaviour."""
    from align.detectors import garbled_calque
    from align.detectors.garbled_calque import accept

    # The checks import ``literary`` from ``accept`` when they run; the
    # calque check holds its own reference.
    saved = garbled_calque.literary, accept.literary
    garbled_calque.literary = accept.literary = lambda *a, **k: False
    try:
        return findings(paths)
    finally:
        garbled_calque.literary, accept.literary = saved


def sentences(paths) -> int:
    from align.text.segment import segment

    n = 0
    for p in paths:
        for f in sorted(Path(p).rglob("*")) if Path(p).is_dir() else [Path(p)]:
            if f.is_file():
                n += len(segment(read_doc(f)))
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--docs", type=Path, required=True)
    ap.add_argument("--fluent", type=Path, nargs="*", default=[],
                    help="folders of fluent English: false alarms per 1,000 sentences")
    args = ap.parse_args()
    gold, ignored = load_gold(args.gold, args.docs)
    found = findings([args.docs])
    fluent = findings(args.fluent) if args.fluent else []
    raw = ungated(args.fluent) if args.fluent else []
    nsent = sentences(args.fluent) if args.fluent else 0
    layers = sorted({f[3] for f in found} | {f[3] for f in fluent})

    def row(name, keep):
        pred = defaultdict(list)
        for d, a, b, rule in found:
            if keep(rule):
                pred[d].append((a, b))
        p, r, n = score(pred, gold, ignored)
        fa = sum(1 for f in fluent if keep(f[3]))
        fa_raw = sum(1 for f in raw if keep(f[3]))
        per = (f"{1000 * fa / nsent:9.2f}{1000 * fa_raw / nsent:9.2f}" if nsent
               else f"{'-':>9}{'-':>9}")
        print(f"{name:<26}{n:>6}{p:>8.3f}{r:>8.3f}{per}")

    print(f"gold spans: {sum(len(v) for v in gold.values())}"
          + (f"; fluent sentences: {nsent}" if nsent else ""))
    # FA/1000: false alarms per 1,000 fluent sentences; ungated: the same
    # with the page-register gate off (see ``ungated``).
    print(f"{'layers':<26}{'found':>6}{'spanP':>8}{'spanR':>8}{'FA/1000':>9}{'ungated':>9}")
    row("all", lambda rule: True)
    for layer in layers:
        row(f"without {layer}", lambda rule, layer=layer: rule != layer)
    for layer in layers:
        row(f"only {layer}", lambda rule, layer=layer: rule == layer)


if __name__ == "__main__":
    main()
