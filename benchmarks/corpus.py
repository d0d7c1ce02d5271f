"""Generate a corpus of pages by mutating the sample pages in `data/seeds/`.

Each page mixes paragraphs of different seeds, shuffles sentences inside
paragraphs, changes digits, and comes out as UTF-8 text, GB18030 text or
UTF-8 HTML, so the reader, the decoder and every detector do real work.
Deterministic for a given seed.
"""
from __future__ import annotations

import html
import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


def _paragraphs():
    paras = []
    for p in sorted(SEEDS.glob("*.txt")):
        paras.extend(x for x in p.read_text("utf-8").split("\n") if x.strip())
    return paras


def generate(out: Path, n: int, seed: int = 0) -> int:
    """Write ``n`` pages under ``out`` (in subfolders of 100); return bytes written."""
    rng = random.Random(seed)
    paras = _paragraphs()
    total = 0
    for i in range(n):
        k = rng.randint(4, 12)
        body = []
        for para in rng.sample(paras, min(k, len(paras))):
            sents = re.split(r"(?<=[。.!?])\s*", para)
            if len(sents) > 2 and rng.random() < 0.5:
                rng.shuffle(sents)
            para = " ".join(s for s in sents if s)
            para = re.sub(r"\d", lambda m: str(rng.randint(0, 9)), para)
            body.append(para)
        folder = out / f"{i // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = rng.random()
        if kind < 0.2:
            data = "<html><head><title>t</title><script>var x=1;</script></head><body>" + "".join(
                f"<p>{html.escape(p)}</p>" for p in body) + "</body></html>"
            raw = data.encode("utf-8")
            path = folder / f"page{i:05d}.html"
        elif kind < 0.3:
            raw = "\n\n".join(body).encode("gb18030", errors="replace")
            path = folder / f"page{i:05d}.txt"
        else:
            raw = "\n\n".join(body).encode("utf-8")
            path = folder / f"page{i:05d}.txt"
        path.write_bytes(raw)
        total += len(raw)
    return total


if __name__ == "__main__":
    import sys

    print(generate(Path(sys.argv[1]), int(sys.argv[2])))
