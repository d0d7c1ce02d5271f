"""Wall time and peak memory of `align qa` on the seeds and on generated pages.

Runs the real command in a child process (so its peak RSS is measured alone),
and prints, beside each figure, the cost of the anchors measured in the same
run: Python starting up, and `align --help` (import and argument parsing), so
that the figures can be compared across machines as ratios.

    python benchmarks/qa_speed.py [--pages 1000] [--extra="--checks rules -j 1"]
"""
from __future__ import annotations

import argparse
import shlex
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _run import measure  # noqa: E402
from corpus import SEEDS, generate  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--extra", default="",
                    help='extra arguments for align qa, as one string: --extra="--checks rules"')
    args = ap.parse_args()
    align = [sys.executable, "-m", "align"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        nbytes = generate(tmp / "pages", args.pages)
        seed_bytes = sum(p.stat().st_size for p in SEEDS.glob("*"))
        rows = [
            ("python -c pass", [sys.executable, "-c", "pass"], None),
            ("align --help", align + ["--help"], None),
            ("align qa seeds", align + ["qa", str(SEEDS), "-q", "-o", str(tmp / "s.csv"), *shlex.split(args.extra)],
             seed_bytes),
            (f"align qa {args.pages} pages", align + ["qa", str(tmp / "pages"), "-q", "-o",
                                                      str(tmp / "p.csv"), *shlex.split(args.extra)], nbytes),
        ]
        print(f"{'run':28} {'wall s':>8} {'peak MB':>8} {'MB/s':>7} {'x help':>7}")
        base = None
        for name, cmd, size in rows:
            dt, peak = measure(cmd)
            if name == "align --help":
                base = dt
            rate = f"{size / dt / 1e6:7.2f}" if size else " " * 7
            ratio = f"{dt / base:7.1f}" if base else " " * 7
            print(f"{name:28} {dt:8.2f} {peak:8.0f} {rate} {ratio}")
        print(f"corpus: {args.pages} pages, {nbytes / 1e6:.1f} MB; seeds {seed_bytes / 1e3:.0f} kB; "
              f"cpus {os.cpu_count()}")


if __name__ == "__main__":
    main()
