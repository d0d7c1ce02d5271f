"""English word-pair statistics: the one reader of the bigram table the
``symspellpy`` package ships (``frequency_bigramdictionary_en_243_342.txt``,
MIT: the 242,342 most frequent word pairs of the Google Books n-grams whose
words are in SCOWL, with their counts; the rarest counted 6.4 million times).

A phrase whose every pair of neighbouring words is in that table is an
English collocation ("most beautiful", "a long time", "moving forward"): a
reader meets it every day, so it is no evidence of a word-by-word rendering.
The table lists only frequent pairs, so a missing pair says nothing.

The file is found through the package's import spec, without importing
``symspellpy`` itself (the spelling corrector is not used).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Optional

_FILE = "frequency_bigramdictionary_en_243_342.txt"
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")


def path() -> Optional[Path]:
    """The table inside the installed ``symspellpy``, or None."""
    from . import package_file

    return package_file("symspellpy", _FILE)


@lru_cache(maxsize=1)
def pairs() -> FrozenSet[str]:
    """Every pair of the table as "first second", lower case. Empty when the
    package is missing (a broken install loses this evidence, not the run)."""
    p = path()
    if p is None:
        return frozenset()
    out = set()
    with open(p, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                out.add(f"{parts[0].lower()} {parts[1].lower()}")
    return frozenset(out)


def collocation(phrase: str) -> bool:
    """Whether every pair of neighbouring words of ``phrase`` is a frequent
    English pair (a phrase of one word is none)."""
    words = [w.lower().replace("\u2019", "'") for w in _WORD.findall(phrase)]
    if len(words) < 2:
        return False
    table = pairs()
    return all(f"{a} {b}" in table for a, b in zip(words, words[1:]))

