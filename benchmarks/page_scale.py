"""Cost of one large page: `align qa` on a single page of 1, 4 and 16 MB.

A crawl sometimes holds one very large page (a report, a year of news on one
page). The checks must cost in proportion to it: the `parallel` check
compares each Chinese passage only with the English within `WINDOW`
sentences of it, and every other step is a pass over the page. This script
runs `align qa PAGE` (default checks, or `--checks`) in a child process on
pages of each size, one after the other, and prints wall time, CPU time
(user + system, which a busy machine inflates less), peak memory (the
child's own high-water mark, from wait4), and the ratio of each to the
previous size: a page four times larger should cost about four times as
much (target: at most 4.5x, time and memory).

The pages are the generated corpus (`corpus.py`: mutations of the sample
pages, Chinese and English paragraphs) run together as one UTF-8 text,
enough pages for the largest size, each smaller page a prefix of it. Every
run starts from a cold vector cache (embedding the page is part of the
work) and a warm index cache (the one-off build of a fresh installation is
not). The anchor, measured in the same run on the same page, is the least
any checker must do with it: read it, decode it, lower-case it and find its
words with a regex, in one Python process.

    python benchmarks/page_scale.py [--sizes 1 4 16] [--checks rules] [--keep DIR]
"""
from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import generate  # noqa: E402

ANCHOR = """
import re, sys
raw = open(sys.argv[1], "rb").read()
n = len(re.findall(r"[A-Za-z]+", raw.decode("utf-8").lower()))
"""


def measure(cmd, env=None):
    """Run ``cmd`` as a child; (wall s, CPU s, peak RSS MB). Exits on failure."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=dict(os.environ, **env) if env else None)
    _, status, usage = os.wait4(proc.pid, 0)
    dt = time.perf_counter() - t
    err = proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{err[-2000:]}")
    return dt, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def make_pages(folder: Path, sizes_mb) -> dict:
    """One page per size (MB = 10^6 bytes), each a prefix of the largest."""
    largest = int(max(sizes_mb) * 1e6)
    pages, total, n = [], 0, max(200, largest // 2000)
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), n, seed=7)
        for p in sorted(Path(tmp).rglob("*.txt")):
            try:
                text = p.read_bytes().decode("utf-8")
            except UnicodeDecodeError:  # the corpus's GB18030 pages
                continue
            pages.append(text)
            total += len(text.encode()) + 2
            if total > largest:
                break
    data = "\n\n".join(pages).encode()
    if len(data) < largest:
        sys.exit(f"generated {len(data)} bytes, fewer than {largest}")
    out = {}
    for mb in sizes_mb:
        page = folder / f"page-{mb:g}MB"
        page.mkdir()
        # Cut at a character boundary.
        text = data[:int(mb * 1e6)].decode("utf-8", "ignore")
        (page / "page.txt").write_text(text, "utf-8")
        out[mb] = page / "page.txt"
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16], help="page sizes, MB")
    ap.add_argument("--checks", default=None, help="as align qa --checks (default: default checks)")
    ap.add_argument("--keep", metavar="DIR", help="write the pages and caches here and keep them")
    args = ap.parse_args()
    sizes = sorted(args.sizes)
    compileall.compile_dir(str(HERE.parent / "align"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.keep) if args.keep else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        pages = make_pages(Path(tempfile.mkdtemp(dir=root)), sizes)
        index = root / "cache-index"
        index.mkdir(exist_ok=True)

        def cache(name: str) -> dict:
            own = Path(tempfile.mkdtemp(prefix=f"cache-{name}-", dir=root))
            (own / "index").symlink_to(index, target_is_directory=True)
            return {"ALIGN_CACHE_DIR": str(own)}

        qa = [sys.executable, "-m", "align", "qa", "-q"]
        if args.checks:
            qa += ["--checks", args.checks]
        # Builds the index cache (and loads every model) once, unmeasured.
        measure(qa + [str(HERE.parent / "data" / "seeds"), "-o", str(root / "warm.csv")],
                cache("warm"))
        print(f"align qa on one page, checks: {args.checks or 'default'}; "
              f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")
        print(f"{'page':>8} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'MB/s':>6} "
              f"{'anchor s':>9} {'x anchor':>9} {'wall x':>7} {'cpu x':>6} {'peak x':>7}")
        prev = None
        for mb in sizes:
            page = pages[mb]
            anchor = min(measure([sys.executable, "-c", ANCHOR, str(page)])[0] for _ in range(3))
            wall, cpu, peak = measure(qa + [str(page), "-o", str(root / f"r-{mb:g}.csv")],
                                      cache(f"{mb:g}"))
            ratios = (f"{wall / prev[0]:7.2f} {cpu / prev[1]:6.2f} {peak / prev[2]:7.2f}"
                      if prev else f"{'':7} {'':6} {'':7}")
            print(f"{mb:6g}MB {wall:8.1f} {cpu:8.1f} {peak:8.0f} {mb / wall:6.3f} "
                  f"{anchor:9.3f} {wall / anchor:9.0f} {ratios}", flush=True)
            prev = (wall, cpu, peak)
        print("ratios: each size against the one before it (target for 4x the page: "
              "at most 4.5x)")


if __name__ == "__main__":
    main()
