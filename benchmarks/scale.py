"""Throughput and memory of `align qa` at corpus scale, per engine.

Generates corpora of 1,000 and 10,000 pages (mutations of the sample pages,
`corpus.py`), runs `align qa` with the rule-based checks only (`--checks
rules`) and with all checks (`--checks all`: the model checks and document
pairing too), for `--jobs 1`, `--jobs 2` and `--engine ray`, and prints
documents/s, MB/s, MB/s per core and peak memory (the child's own high-water
mark, from wait4). MB are the corpus's bytes on disk. Every run starts from
a cold vector cache (embeddings are part of the work measured) and a warm
index cache (the one-off build of a fresh installation is not). The
package's bytecode is compiled first, as pip does when it installs a
package, and no run starts with an earlier run's report to replace.

Ratios printed: jobs-2 speed-up over jobs 1, peak memory at 10,000 pages over
1,000, and each run's MB/s against an anchor measured in the same run on the
same corpus (one process reading every file and running ``str.lower`` and a
word regex over it), so runs on a loaded or slower machine compare by ratio.

With ``--repeat N`` every run is made N times, the engines taking turns (jobs
1, jobs 2, ray, then again), so a slow spell of a shared machine falls on all
of them alike; the figures are each run's best wall time (the least
disturbed, as ``timeit`` takes the minimum) with the median beside it, and
its highest peak memory. Each repetition starts from a cold vector cache of
its own.

Some machines set ``OPENBLAS_CORETYPE`` (and ``OPENBLAS_L2_SIZE``) to force an
older OpenBLAS kernel, which slows the embedding step of the model checks
(on this project's machines: Haswell instead of SkylakeX, 19.6 s instead of
14.6 s for 1,000 pages with all checks, same report). The script prints the
kernel its runs use; ``--native-blas`` removes both variables for the runs
it measures (nowhere else), so the figures are those of a machine that lets
OpenBLAS pick its own kernel.

    python benchmarks/scale.py [--sizes 1000 10000] [--no-ray] [--checks rules all]
                               [--repeat 3] [--native-blas]
"""
from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import subprocess
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _run import measure  # noqa: E402
from corpus import generate  # noqa: E402


# The anchor: the least any checker must do with the corpus (read, decode,
# look at every character once), in one Python process.
ANCHOR = """
import pathlib, re, sys
word = re.compile(r"[A-Za-z]+")
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*")):
    if p.is_file():
        raw = p.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", "replace")
        n += len(word.findall(text.lower()))
"""


def cache(tmp: Path, run: str) -> dict:
    """A cache folder for one run: the shared, warm index folder, and no
    vectors (else whichever run came first would embed for all the others)."""
    index = tmp / "cache-index"
    index.mkdir(exist_ok=True)
    own = tmp / f"cache-{run.replace(' ', '_')}"
    own.mkdir(exist_ok=True)
    if not (own / "index").exists():
        (own / "index").symlink_to(index, target_is_directory=True)
    return {"ALIGN_CACHE_DIR": str(own)}


BLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def blas_kernel(env: dict) -> str:
    """The BLAS library and kernel numpy runs with in ``env`` (threadpoolctl)."""
    code = ("import numpy, threadpoolctl; i = [x for x in threadpoolctl.threadpool_info() "
            "if x['user_api'] == 'blas']; print(', '.join(f\"{x['internal_api']} "
            "{x.get('version')} {x.get('architecture')}\" for x in i) or 'none')")
    try:
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=60)
        return out.stdout.strip() or out.stderr.strip().splitlines()[-1]
    except Exception as e:  # noqa: BLE001 - a figure to print, not a failure
        return f"unknown ({e})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--checks", nargs="+", default=["rules", "all"])
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of each configuration, engines taking turns (best is shown)")
    ap.add_argument("--native-blas", action="store_true",
                    help="measure without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE (see above)")
    args = ap.parse_args()
    align = [sys.executable, "-m", "align", "qa", "-q"]
    engines = [("jobs 1", ["-j", "1"]), ("jobs 2", ["-j", "2"])]
    if importlib.util.find_spec("ray") is None:
        print("ray not installed: pip install 'align[ray]' to include it")
    elif not args.no_ray:
        engines.append(("ray (2 cpus)", ["--engine", "ray", "-j", "2"]))
    # An installed package has its bytecode compiled by pip; an editable
    # checkout run with PYTHONDONTWRITEBYTECODE (as CI machines often are)
    # would compile every module from source in every run instead.
    compileall.compile_dir(str(HERE.parent / "align"), quiet=1)
    if args.native_blas:
        for var in BLAS_VARS:
            os.environ.pop(var, None)
    forced = {v: os.environ[v] for v in BLAS_VARS if v in os.environ}
    print(f"BLAS: {blas_kernel(dict(os.environ))}"
          + (f" (forced by {', '.join(f'{k}={v}' for k, v in forced.items())})" if forced else ""))
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"{'pages':>6} {'checks':8} {'engine':14} {'wall s':>7} {'docs/s':>8} "
              f"{'MB/s':>6} {'MB/s/core':>9} {'peak MB':>8} {'median s':>8}")
        for n in args.sizes:
            corpus = tmp / f"c{n}"
            nbytes = generate(corpus, n)
            if n == args.sizes[0]:
                # Build the derived indexes first, so that no figure includes
                # (or runs out of memory with) the one-off build that a fresh
                # installation pays on its first run.
                for checks in args.checks:
                    measure(align + [str(sorted(corpus.rglob("*.*"))[0]), "--checks", checks,
                                     "-o", str(tmp / "warm.csv")], cache(tmp, "warm"))
            dt = min(measure([sys.executable, "-c", ANCHOR, str(corpus)])[0]
                     for _ in range(max(1, args.repeat)))
            anchor = nbytes / dt / 1e6
            print(f"{n:6d} {'anchor':8} {'read+lower+re':14} {dt:7.2f} {n / dt:8.0f} "
                  f"{anchor:6.2f} {anchor:9.2f} {'':>8}", flush=True)
            for checks in args.checks:
                times = {name: [] for name, _ in engines}
                peaks = {name: 0.0 for name, _ in engines}
                for rep in range(max(1, args.repeat)):
                    for name, extra in engines:
                        report = tmp / "r.csv"
                        # The last run's report goes before the clock starts: a
                        # run replacing it would pay for freeing its pages.
                        report.unlink(missing_ok=True)
                        cmd = align + [str(corpus), "--checks", checks, "-o", str(report),
                                       *extra]
                        dt, peak = measure(cmd, cache(tmp, f"{n}-{checks}-{name}-{rep}"))
                        times[name].append(dt)
                        peaks[name] = max(peaks[name], peak)
                for name, _ in engines:
                    dt, peak = min(times[name]), peaks[name]
                    cores = 2 if ("2" in name) else 1
                    results[(n, checks, name)] = (dt, peak)
                    rate = nbytes / dt / 1e6
                    print(f"{n:6d} {checks:8} {name:14} {dt:7.2f} {n / dt:8.0f} "
                          f"{rate:6.2f} {rate / cores:9.2f} {peak:8.0f} "
                          f"{statistics.median(times[name]):8.2f}"
                          f"   per core / anchor {rate / cores / anchor:.3f}", flush=True)
            print(f"       corpus of {n} pages: {nbytes / 1e6:.1f} MB")
    for checks in args.checks:
        for n in args.sizes:
            a, b = results.get((n, checks, "jobs 1")), results.get((n, checks, "jobs 2"))
            if a and b:
                print(f"speed-up jobs 2 / jobs 1, {checks}, {n} pages: {a[0] / b[0]:.2f}x")
        if len(args.sizes) >= 2:
            lo, hi = min(args.sizes), max(args.sizes)
            for name, _ in engines[:2]:
                a, b = results.get((lo, checks, name)), results.get((hi, checks, name))
                if a and b:
                    print(f"peak memory {hi} / {lo} pages, {checks}, {name}: {b[1] / a[1]:.2f}")


if __name__ == "__main__":
    main()
