"""Speed of every registered detector, alone, on generated pages.

Pages come from ``corpus.py`` (mutated seed pages). They are read, decoded and
segmented once, before any clock starts, so each figure is the cost of one
detector's ``detect`` over the same documents; its one-off loading (indexes,
dictionaries, models) is timed apart on the first page. MB are MB of decoded
text as UTF-8.

Beside the figures, an anchor measured in the same run on the same text:
``str.lower()`` plus one simple word regex. On a loaded or slower machine
both move together, so compare runs by the ratio column (detector speed /
anchor speed), not by raw MB/s.

    python benchmarks/detector_speed.py [--pages 300] [--corpus DIR] [--checks a,b] [--models]
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from corpus import generate  # noqa: E402

_ANCHOR_RE = re.compile(r"[A-Za-z]+")


def load_documents(folder: Path):
    from align.text.document import Document
    from align.read.files import InputError, collect, read_source

    docs = []
    sources, _ = collect([str(folder)])
    for src in sources:
        try:
            d = read_source(src)
        except InputError:
            continue
        doc = Document(src.doc, d.text, d.encoding, d.format, d.units)
        # Shared, lazily computed analysis: paid once here, not by whichever
        # detector happens to run first.
        doc.language, doc.segments, doc.runs  # noqa: B018
        docs.append(doc)
    return docs


def anchor(texts, repeat: int = 3) -> float:
    """Seconds for lower-casing and word-scanning every text (best of ``repeat``)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for s in texts:
            _ANCHOR_RE.findall(s.lower())
        best = min(best, time.perf_counter() - t)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--corpus", help="existing folder of pages (default: generate --pages)")
    ap.add_argument("--checks", help="comma-separated detector names (default: all registered)")
    ap.add_argument("--models", action="store_true", help="include detectors that run a model")
    ap.add_argument("--repeat", type=int, default=1, help="runs per detector; the best counts")
    args = ap.parse_args()

    from align.detectors import available

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.corpus) if args.corpus else Path(tmp)
        if not args.corpus:
            generate(folder, args.pages)
        docs = load_documents(folder)
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    texts = [d.text for d in docs]
    base = mb / anchor(texts)
    print(f"{len(docs)} documents, {mb:.2f} MB of text")
    print(f"{'detector':22} {'load s':>7} {'MB/s':>8} {'ratio':>8}")
    print(f"{'(anchor: lower+regex)':22} {'':>7} {base:8.1f} {1:8.4f}")
    wanted = set(args.checks.split(",")) if args.checks else None
    for name, cls in available().items():
        if wanted is not None and name not in wanted:
            continue
        if wanted is None and cls.uses_model and not args.models:
            continue
        det = cls()
        t = time.perf_counter()
        list(det.detect(docs[0]))
        load = time.perf_counter() - t
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            for d in docs:
                for _f in det.detect(d):
                    pass
            best = min(best, time.perf_counter() - t)
        speed = mb / best
        print(f"{name:22} {load:7.2f} {speed:8.2f} {speed / base:8.4f}", flush=True)
    # The anchor again: the load may have changed while the detectors ran.
    print(f"{'(anchor, again)':22} {'':>7} {mb / anchor(texts):8.1f}")


if __name__ == "__main__":
    main()
