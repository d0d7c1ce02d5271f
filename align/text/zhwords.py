"""Chinese word segmentation with jieba, loaded once on first use (its
dictionary takes about a second to load, so nothing imports it eagerly)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import FrozenSet, Iterator, List

#: jieba's part-of-speech tags of names: people, places, organizations, other proper nouns.
NAME_TAGS = ("nr", "ns", "nt", "nz")

# jieba.posseg's blocks (``re_han_internal``): its DAG cuts each one alone.
_BLOCK = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+")


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    _load_cached(jieba.dt, jieba.DEFAULT_DICT)
    jieba.initialize()  # nothing left to do if the cache was read
    return jieba


def _load_cached(dt, default) -> None:
    """Read the default dictionary's prefix table from jieba's own cache
    file, as ``initialize`` would, but from bytes with the collector off:
    ``marshal.load`` on the file object reads it object by object (0.45 s
    against 0.15 s). Anything unusual is left to ``initialize``."""
    import os
    import tempfile

    from ..core import diskcache as _diskcache

    if dt.initialized or dt.dictionary != default or dt.cache_file:
        return
    got = _diskcache.load(os.path.join(dt.tmp_dir or tempfile.gettempdir(), "jieba.cache"))
    if not (isinstance(got, tuple) and len(got) == 2):
        return
    freq, total = got
    with dt.lock:
        if not dt.initialized:
            dt.FREQ, dt.total, dt.initialized = freq, total, True


def tokenize(text: str) -> List[tuple[int, int]]:
    """Spans ``(start, end)`` of the words of ``text``, covering it."""
    return [(s, e) for _, s, e in _jieba().tokenize(text)]


def names(text: str) -> Iterator[str]:
    """The words of at least two characters that
    ``jieba.posseg.cut(text, HMM=False)`` tags with one of ``NAME_TAGS``, in
    order. The same cut (jieba's dictionary DAG over posseg's blocks) and the
    same tags, without importing ``jieba.posseg``: its import reads every tag
    of the dictionary (0.7 s in each process); the name words come from the
    index cache instead."""
    jieba = _jieba()
    dt = jieba.dt
    if dt.user_word_tag_tab or dt.dictionary != jieba.DEFAULT_DICT:
        # Words added at run time or another dictionary: posseg knows their tags.
        import jieba.posseg as pseg

        for w in pseg.cut(text, HMM=False):
            if w.flag in NAME_TAGS and len(w.word) >= 2:
                yield w.word
        return
    table = _name_words()
    memo = _block_names(dt.total)
    for m in _BLOCK.finditer(text):
        blk = m.group()
        # Each block is cut alone, and a site's pages repeat their lines.
        found = memo.get(blk)
        if found is None:
            found = []
            route: dict = {}
            dt.calc(blk, dt.get_DAG(blk), route)
            x, n = 0, len(blk)
            while x < n:
                y = route[x][1] + 1
                if y - x >= 2 and blk[x:y] in table:
                    found.append(blk[x:y])
                x = y
            if len(memo) >= BLOCKS:
                memo.clear()
            memo[blk] = found = tuple(found)
        yield from found


#: Blocks whose names ``names`` remembers (with their text, a few MB at most).
BLOCKS = 16384


@lru_cache(maxsize=1)
def _block_names(total: int) -> dict:
    """The memo of ``names``, one per dictionary total: a word added to the
    dictionary changes it, and may change the cuts."""
    return {}


@lru_cache(maxsize=1)
def _name_words() -> FrozenSet[str]:
    """The words of jieba's default dictionary whose tag (the last line of
    a word, as posseg reads it) is one of ``NAME_TAGS``, of at least two
    characters; kept in the index cache (``detectors._diskcache``)."""
    from ..core import diskcache as _diskcache

    key = _diskcache.key("jieba-names", NAME_TAGS, ("jieba",), (__file__,))
    got = _diskcache.get(key)
    if isinstance(got, tuple):
        return frozenset(got)
    tags = {}
    with _jieba().dt.get_dict_file() as f:
        for line in f:
            parts = line.strip().decode("utf-8").split(" ")
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    words = tuple(sorted(w for w, t in tags.items() if t in NAME_TAGS and len(w) >= 2))
    _diskcache.put(key, words)
    return frozenset(words)
