"""Word lists kept as data: ``align/resources/data/*.txt``, one list per purpose.

A list file starts with a header of ``#`` lines: what the list is for (the
first line), which module uses it, and a ``# Source:`` line saying where the
words come from. Then one entry per line (a word, a phrase, or for the
pattern lists one regular expression); blank lines and further ``#`` lines
are ignored, surrounding blanks stripped. Entries are returned in file order.

This module is the only reader of these files; a check asks for a list by
name (the file name without ``.txt``). A derived index that depends on a
list puts ``path(name)`` among the sources of its disk-cache key, so editing
a list rebuilds it.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Tuple

# Found by path, as the termbase is (importlib.resources would cost more
# start-up than reading the files).
DATA = Path(__file__).with_name("data")
SUFFIX = ".txt"


class WordListError(ValueError):
    """A list file that is missing or malformed; the message says which."""


def path(name: str) -> Path:
    return DATA / f"{name}{SUFFIX}"


def names() -> Tuple[str, ...]:
    """The names of all packaged lists."""
    return tuple(sorted(p.stem for p in DATA.glob(f"*{SUFFIX}")))


@lru_cache(maxsize=None)
def header(name: str) -> Tuple[str, ...]:
    """The header lines of a list, without their ``#``."""
    out = []
    for line in _lines(name):
        if not line.startswith("#"):
            break
        out.append(line[1:].strip())
    return tuple(out)


@lru_cache(maxsize=None)
def words(name: str) -> Tuple[str, ...]:
    """The entries of a list, in file order."""
    out = []
    for line in _lines(name):
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    if not out:
        raise WordListError(f"{path(name)}: no entries")
    return tuple(out)


@lru_cache(maxsize=None)
def wordset(name: str) -> FrozenSet[str]:
    return frozenset(words(name))


def _lines(name: str) -> list:
    try:
        return path(name).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise WordListError(f"word list {name!r}: cannot read {path(name)}: "
                            f"{e.strerror or e}") from None
