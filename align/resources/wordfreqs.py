"""English word frequencies on the Zipf scale, without wordfreq's start-up.

Several checks ask how common an English word is (a rare word in a calque, a
pinyin syllable that is no English word, a number word glued to a common
word). ``wordfreq`` answers, but importing it and loading its English table
costs about 0.4 s, paid by every process (each worker of ``--jobs N``). The
answers for plain lower-case words are therefore taken from wordfreq once,
kept in the user cache (``detectors._diskcache``, keyed by wordfreq's
version) and read back in a few hundredths of a second, with those of the
numbers pages are full of (up to four digits, bare or ordinal: wordfreq
estimates digit strings by a formula of its own); anything else (other
letters, apostrophes, longer numbers) still goes to wordfreq itself.
``zipf(w)`` is ``wordfreq.zipf_frequency(w, "en")`` either way.

The table is stored as two arrays, not a dict: the sorted 64-bit BLAKE2
hashes of the words and their Zipf values in hundredths (wordfreq's own
quantization), so loading it is two buffer copies instead of building a third
of a million strings (0.18 s in every process, more than all other start-up
work of the rule-based checks). A looked-up word is memoized.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from functools import lru_cache
from hashlib import blake2b
from typing import Dict

# Words wordfreq's English tokenizer keeps whole and only lower-cases.
_PLAIN = re.compile(r"[A-Za-z]+")
# Numbers answered from the table too (and built into it).
_NUMBER = re.compile(r"\d{1,4}(?:st|nd|rd|th)?")


def _numbers():
    for width in range(1, 5):
        for n in range(10 ** width):
            digits = f"{n:0{width}d}"
            yield digits
            for suffix in ("st", "nd", "rd", "th"):
                yield digits + suffix


def _hash(word: str) -> int:
    return int.from_bytes(blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


@lru_cache(maxsize=1)
def _table():
    """``(hashes, centi_zipf)``: sorted 64-bit word hashes and 16-bit values."""
    from ..core import diskcache as _diskcache

    key = _diskcache.key("zipf-en-hashed", (), ("wordfreq",), (__file__,))
    got = _diskcache.get(key)
    if got is None:
        import numpy as np
        from wordfreq import get_frequency_dict, zipf_frequency

        plain = re.compile(r"[a-z]+")
        words = [w for w in get_frequency_dict("en") if plain.fullmatch(w)]
        words += list(_numbers())
        hashes = np.array([_hash(w) for w in words], dtype=np.uint64)
        values = np.array([round(zipf_frequency(w, "en") * 100) for w in words], dtype=np.uint16)
        if len(np.unique(hashes)) != len(hashes):  # pragma: no cover - 1 in 10^8
            raise RuntimeError("two words of wordfreq's table share a 64-bit hash")
        order = np.argsort(hashes)
        got = (hashes[order].tobytes(), values[order].tobytes())
        _diskcache.put(key, got)
    # Arrays of machine integers searched with bisect: a numpy search for one
    # Python integer above 2**63 would convert the whole table to floats.
    hashes, values = array("Q"), array("H")
    hashes.frombytes(got[0])
    values.frombytes(got[1])
    return hashes, values


_MEMO: Dict[str, float] = {}


def _lookup(word: str) -> float:
    value = _MEMO.get(word)
    if value is None:
        hashes, values = _table()
        h = _hash(word)
        i = bisect_left(hashes, h)
        # Centi-Zipf over 100 is the nearest double to wordfreq's rounded value.
        value = values[i] / 100 if i < len(hashes) and hashes[i] == h else 0.0
        if len(_MEMO) < 500_000:
            _MEMO[word] = value
    return value


def zipf(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``: 0 for a word never seen,
    about 7 for "the"."""
    if _PLAIN.fullmatch(word):
        return _lookup(word.lower())
    if word.isascii() and _NUMBER.fullmatch(word):
        return _lookup(word)
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
