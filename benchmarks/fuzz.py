"""The long fuzz run: every reader harness in ``fuzz/`` for a while each.

    .venv/bin/python benchmarks/fuzz.py                 # 10 minutes per harness
    .venv/bin/python benchmarks/fuzz.py --seconds 3600 text html
    .venv/bin/python benchmarks/fuzz.py --jobs 2        # libFuzzer workers per harness

Each harness grows its corpus in ``--work`` (default: a folder under the
system temp dir, kept between runs) starting from ``fuzz/corpus/NAME``, and
writes an input that crashes it to ``fuzz/crashes/`` (replay one with
``python fuzz/fuzz_NAME.py fuzz/crashes/crash-...``). Prints one line per
harness: runs, seconds, coverage, and the crash files found.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUZZ = ROOT / "fuzz"
HARNESSES = ("text", "html", "formats")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", metavar="NAME", help=f"harnesses ({', '.join(HARNESSES)})")
    ap.add_argument("--seconds", type=int, default=600, help="per harness (default 600)")
    ap.add_argument("--jobs", type=int, default=1, help="parallel fuzzing processes per harness")
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "align-fuzz"))
    args = ap.parse_args()
    for name in args.names:
        if name not in HARNESSES:
            ap.error(f"unknown harness {name!r}; choose from {', '.join(HARNESSES)}")
    args.names = args.names or list(HARNESSES)
    crashes = FUZZ / "crashes"
    crashes.mkdir(exist_ok=True)
    failed = False
    for name in args.names:
        work = Path(args.work) / name
        work.mkdir(parents=True, exist_ok=True)
        before = set(crashes.iterdir())
        cmd = [sys.executable, str(FUZZ / f"fuzz_{name}.py"), str(work), str(FUZZ / "corpus" / name),
               f"-max_total_time={args.seconds}", f"-artifact_prefix={crashes}/",
               "-print_final_stats=1"]
        if args.jobs > 1:
            cmd += [f"-jobs={args.jobs}", f"-workers={args.jobs}"]
        t0 = time.time()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        took = time.time() - t0
        runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", proc.stderr)
        cov = re.findall(r"cov: (\d+)", proc.stderr)
        new = sorted(p.name for p in set(crashes.iterdir()) - before)
        failed |= bool(new) or proc.returncode != 0
        print(f"{name:8} runs={runs[-1] if runs else '?'} seconds={took:.0f} "
              f"cov={cov[-1] if cov else '?'} exit={proc.returncode} crashes={new or 'none'}")
        if proc.returncode != 0:
            print("\n".join(proc.stderr.splitlines()[-25:]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
