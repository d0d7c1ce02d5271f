"""The cost of the checks of bilingual units on a large PO file.

Writes a PO of N units (default 20,000: the constructed sentence pairs of
``tests/bilingual_cases.py``, a quarter with a ``{placeholder}``, each in a
context of its own), then times ``align qa --checks rules -j 1`` on it twice
in the same run: without the unit-by-unit checks (the anchor) and with them,
and prints the wall time of each and the peak memory of the larger.

    .venv/bin/python benchmarks/unit_checks.py [--units 20000]
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEW = "placeholders,mechanics,consistency,spelling,checklist"


def write_po(path: Path, n: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from bilingual_cases import PAIRS

    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    rng = random.Random(0)
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
           '"Language: en\\n"', ""]
    for i in range(n):
        zh, en = PAIRS[rng.randrange(len(PAIRS))]
        if rng.randrange(4) == 0:
            zh, en = f"{zh} {{n{i % 50}}}", f"{en} {{n{i % 50}}}"
        out += [f"#: f.c:{i}", f'msgctxt "c{i}"', f"msgid {q(zh)}", f"msgstr {q(en)}", ""]
    path.write_text("\n".join(out), "utf-8")


def timed(args) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "align", *args], check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=20_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        po = Path(tmp) / "big.po"
        write_po(po, args.units)
        print(f"{args.units} units, {po.stat().st_size / 1e6:.1f} MB")
        base = ["qa", str(po), "--checks", "rules", "-q", "-j", "1"]
        anchor = timed(base + ["--skip", NEW, "-o", str(Path(tmp) / "a.csv")])
        full = timed(base + ["-o", str(Path(tmp) / "b.csv")])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        print(f"rules without the unit checks: {anchor:6.1f} s")
        print(f"rules with the unit checks:    {full:6.1f} s (+{full - anchor:.1f} s, "
              f"{1000 * (full - anchor) / args.units:.2f} ms a unit); peak {peak} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
