"""``garbled.termbase``: a rendering a user termbase marks as rejected
(column ``avoid``, TBX ``deprecatedTerm``), matched verbatim."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from ...core.findings import Finding
from ...core.rules import rule

@lru_cache(maxsize=8)
def _avoid_automaton(paths):
    """Aho-Corasick automaton over the lower-cased rejected renderings."""
    import ahocorasick

    from ...read.termbases import load

    auto = ahocorasick.Automaton()
    n = 0
    for t in load(paths):
        for bad in t.avoid:
            key = " ".join(bad.lower().split())
            if len(key) >= 3:
                auto.add_word(key, (key, t))
                n += 1
    if not n:
        return None
    auto.make_automaton()
    return auto


_TERMBASE = rule("garbled.termbase")


def findings(text: str, paths) -> Iterator[Finding]:
    auto = _avoid_automaton(paths)
    if auto is None:
        return
    low = text.lower()
    for end, (key, term) in auto.iter(low):
        start = end - len(key) + 1
        if (start > 0 and low[start - 1].isalnum()) or (end + 1 < len(low) and low[end + 1].isalnum()):
            continue
        yield _TERMBASE.finding(start, end + 1, term.suggestion, 0.95,
                                f"rejected rendering of {term.zh} in the termbase",
                                {"term": term.zh})
