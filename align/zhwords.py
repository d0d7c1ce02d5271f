"""Chinese word segmentation with jieba, loaded once on first use (its
dictionary takes about a second to load, so nothing imports it eagerly)."""
from __future__ import annotations

from functools import lru_cache
from typing import List


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokenize(text: str) -> List[tuple[int, int]]:
    """Spans ``(start, end)`` of the words of ``text``, covering it."""
    return [(s, e) for _, s, e in _jieba().tokenize(text)]
