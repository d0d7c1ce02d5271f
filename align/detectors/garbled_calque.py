"""Literal calques of established terms, found without the Chinese source.

Machine translation renders a term it does not know one dictionary sense per
piece: 头雁 (pacesetter) becomes "head goose", 两张皮 (a disconnect)
"two pieces of skin". ``_calque`` generates, for every term of the termbases, the
sequences of glosses such a rendering is made of, and this check looks for
them in the English clauses of a page (content words stemmed, function words
folded). Nothing here lists a bad rendering; the dictionary and the termbase
produce them. A finding names the term and suggests its approved rendering.

Two smaller rules live here because they share the termbase:

- ``garbled.termbase``: a rendering a user termbase marks as rejected
  (column ``avoid``, TBX ``deprecatedTerm``), matched verbatim.
- ``garbled.ordinal``: Party congresses, plenary sessions and five-year plans
  are numbered with ordinals; "the Party's 19" or "the 19 National Congress"
  is a calque of 党的二十大 / 十九大, whose numeral Chinese leaves bare.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..document import Document
from ..findings import Finding
from . import Detector, register

_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
_NUM = r"(?:[1-9]\d?|" + "|".join(_NUMBER_WORDS) + r")"
_NUMBERED = (r"(?:(?:CPC|Party|CCP)\s+)?(?:National\s+)?Congress|Plenary\s+Session|"
             r"Central\s+Committee|Five[- ]Year\s+Plan|NPC|CPPCC")
# "the Party's 19 big", "the Party's nineteen victory": a bare cardinal after
# the possessive, not followed by a plural noun ("the Party's 90 years").
_ORDINAL_RE = re.compile(
    r"\b(?:the\s+)?(?:Party|CPC|CCP)['\u2019]s\s+(" + _NUM + r")\b(?!\s*(?:th|st|nd|rd)\b)"
    r"(?!\s+[A-Za-z]+s\b)(?!\s*%)(?!\s+(?:per|percent|million|billion|thousand|hundred)\b)"
    r"(?:\s+(?!and\b|of\b|in\b|to\b)[A-Za-z]+)?"
    r"|\bthe\s+(" + _NUM + r")\s+(?=(?:" + _NUMBERED + r")\b)(?:" + _NUMBERED + r")",
    re.I)


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }".replace(" ", "")


@lru_cache(maxsize=8)
def _avoid_automaton(paths):
    """Aho-Corasick automaton over the lower-cased rejected renderings."""
    import ahocorasick

    from ..termbase import load

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


# Words at least this frequent (Zipf scale) are ordinary English, too
# common to betray a calque on their own.
MARKED_ZIPF = 4.5
# A gloss lent by a compound must be a rare word (stationery, incision).
RARE_ZIPF = 3.5


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


# Plain vocabulary (firms, ports, titles, dates): a literal rendering of it
# ("subordinate enterprises") is translationese a reader understands, not a
# mistranslation. Coined terms, idioms, slogans and campaigns are opaque.
PLAIN_DOMAINS = frozenset({"enterprise", "port", "park", "title", "time", "government",
                           "document"})


# Domains whose terms are figures, abbreviations or coinages.
FIGURATIVE_DOMAINS = frozenset({"idiom", "slogan", "campaign", ""})


class _Acceptor:
    """Keeps a candidate only if it is evidently not the approved sense:
    some piece the approved rendering translates non-literally (an opaque
    piece) is rendered here by a word foreign to the register of these pages
    (no approved rendering uses it) and not among the most common English
    words. A gloss lent by a compound (文 as 文具) must itself be such a
    word."""

    def __init__(self, index, clause):
        self.index = index
        self.clause = clause

    def marked(self, i: int, n: int, zipf: float = 0.0) -> bool:
        for t in self.clause[i:i + n]:
            if t.key not in self.index.register and _zipf(t.text.lower()) < (zipf or MARKED_ZIPF):
                return True
        return False

    def __call__(self, pattern, path) -> bool:
        from ._calque import opaque

        if pattern.term.domain.lower() in PLAIN_DOMAINS:
            return False
        approved = self.index.term_keys.get(pattern.term.zh, set())
        # A term the dictionary does not know is an abbreviation or a coined
        # figure (创文, 两张皮): any literal rendering of its opaque pieces is
        # wrong, however ordinary the English words.
        figurative = pattern.term.domain.lower() in FIGURATIVE_DOMAINS
        coined = figurative and pattern.term.zh not in self.index.in_dict
        hit = lent_any = anchored = False
        for pidx, i, n, lent in path:
            mk = self.marked(i, n) or (figurative and not lent)
            if lent:
                if not self.marked(i, n, RARE_ZIPF):
                    return False
                lent_any = True
            elif any(t.key in approved for t in self.clause[i:i + n]):
                anchored = True
            if mk and (lent or opaque(pattern, pidx, approved)):
                hit = True
        if lent_any and not anchored:
            # Reading a character as some compound is a guess; trust it for
            # abbreviations the dictionary does not know (创文), or when the
            # rest of the rendering is the approved one ("breakthrough ...").
            if not coined:
                return False
        return hit


@lru_cache(maxsize=8)
def _figurative_starts(index) -> frozenset:
    return frozenset(sid for sid, (pat, _) in enumerate(index.starts)
                     if pat.term.domain.lower() in FIGURATIVE_DOMAINS)


def _possible(index, figurative, keys, words) -> bool:
    """Whether ``_Acceptor`` could pass any match in this clause.

    Outside the figurative domains a hit needs a marked word (foreign to the
    register, not among the commonest English words), and a lent gloss needs
    an even rarer one; so a clause without a marked word can only hold a
    calque of a figurative term made of direct glosses."""
    register = index.register
    for k, w in zip(keys, words):
        if k not in register and _zipf(w.lower()) < MARKED_ZIPF:
            return index.has_candidate(keys)
    return index.has_candidate(keys, max_extended=0, only=figurative)


def latin_spans(doc: Document):
    """``(start, end)`` of the Latin-script runs of every segment."""
    for runs in doc.runs:
        for run in runs:
            if run.script == "latin":
                yield run.start, run.end


@register
class GarbledCalque(Detector):
    name = "garbled_calque"
    description = ("literal calques of termbase terms, generated from CC-CEDICT glosses, "
                   "with the approved rendering as suggestion")

    def detect(self, doc: Document) -> Iterator[Finding]:
        if doc.language == "zh":
            return
        from ._calque import index_for
        from ._english import Token, clause_index, token_bounds

        paths = tuple(self.config.termbases)
        # Plain-domain terms are never reported (see _Acceptor): no patterns.
        index = index_for(paths, PLAIN_DOMAINS)
        text = doc.text
        figurative = _figurative_starts(index)
        for start, end in latin_spans(doc):
            # Most clauses cannot hold an accepted calque (see _possible);
            # only stretches with one are tokenized with offsets and matched.
            quick = clause_index(text, start, end)
            possible = [_possible(index, figurative, keys, words) for keys, words, _ in quick]
            if not any(possible):
                continue
            bounds = token_bounds(text, start, end)
            for (keys, words, nums), maybe in zip(quick, possible):
                if not maybe:
                    continue
                clause = [Token(bounds[2 * j + 1], bounds[2 * j + 2], w, k, False)
                          for j, w, k in zip(nums, words, keys)]
                accept = _Acceptor(index, clause)
                for m in index.match(keys, accept=accept):
                    a, b = clause[m.start].start, clause[m.end - 1].end
                    term = m.pattern.term
                    words = m.end - m.start
                    conf = 0.9 - 0.3 * m.extended - 0.05 * m.skipped + 0.02 * min(words - 2, 3)
                    yield Finding(a, b, "garbled", "garbled.calque", severity="major",
                                  suggestion=term.suggestion,
                                  confidence=round(max(0.1, min(conf, 0.95)), 3),
                                  note=f"literal rendering of {term.zh}",
                                  extra={"term": term.zh})
        yield from self._ordinals(text)
        yield from self._avoided(text, paths)

    def _ordinals(self, text: str) -> Iterator[Finding]:
        for m in _ORDINAL_RE.finditer(text):
            raw = (m.group(1) or m.group(2)).lower()
            n = int(raw) if raw.isdigit() else _NUMBER_WORDS.index(raw) + 1
            if not 1 <= n <= 30:
                continue
            yield Finding(m.start(), m.end(), "garbled", "garbled.ordinal", severity="major",
                          suggestion=f"the {_ordinal(n)} CPC National Congress"
                          if m.group(1) else f"the {_ordinal(n)} " + m.group(0).split(None, 2)[2],
                          confidence=0.8,
                          note="congresses, plenums and plans are numbered with ordinals")

    def _avoided(self, text: str, paths) -> Iterator[Finding]:
        auto = _avoid_automaton(paths)
        if auto is None:
            return
        low = text.lower()
        for end, (key, term) in auto.iter(low):
            start = end - len(key) + 1
            if (start > 0 and low[start - 1].isalnum()) or (end + 1 < len(low) and low[end + 1].isalnum()):
                continue
            yield Finding(start, end + 1, "garbled", "garbled.termbase", severity="major",
                          suggestion=term.suggestion, confidence=0.95,
                          note=f"rejected rendering of {term.zh} in the termbase",
                          extra={"term": term.zh})
