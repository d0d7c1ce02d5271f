"""jieba's tagged dictionary (``dict.txt`` in the installed ``jieba``
package): the one reader of its file.

Each line is ``WORD FREQ TAG``; the tags that matter here are the names
(``nr`` a person, ``ns`` a place, ``nt`` an organisation, ``nz`` another
proper name) and the parts of speech of ordinary words. The checks that read
it build their own tables from it once and keep them in the user cache.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, Tuple


def path() -> Path:
    """The dictionary file inside the installed jieba package."""
    import jieba

    return Path(jieba.__file__).parent / "dict.txt"


def entries() -> Iterator[Tuple[str, int, str]]:
    """``(word, frequency, tag)`` of every well-formed line, in file order."""
    with open(path(), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[1].isdigit():
                yield parts[0], int(parts[1]), parts[2]
