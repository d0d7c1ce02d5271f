"""Collapsed synonyms and echoes.

Chinese pairs near-synonyms for emphasis or precision (标本兼治 "both the
symptoms and the root cause", 巡视巡察 "central and local inspections"); MT
that knows one English word for both writes "the root causes and the root
causes" or "patrol and patrol". The same happens with a time word
folded twice ("in the afternoon of the afternoon", 下午). The shape is the same
content words on both sides of *and*, *or* or *of* (articles aside), or a
word repeated word for word.

Chinese repeats a verb after 再 ("further") in parallel clauses (思想认识上再重视，
隐患排查上再深入); MT moves the object forward and says the verb twice, the
second time with nothing after it: "deepen in hidden dangers and then
deepen," "pay attention to the understanding of ideas and then pay attention
to." English that repeats a verb after *and then* gives it an object or an
adverb ("review the plan and then review the budget", "rose and then rose
again"), so the shape needs the second copy to end its clause.

Lists echo too: a word listed three times ("political, political,
political", members of a Chinese list sharing a word; "love green, green,
green", verbs collapsed), and a Chinese name written twice.

English repeats on purpose too, and those are left alone: fixed pairs
(``again and again``, ``more and more``, ``over and over``), comparatives
(``bigger and bigger``), superlatives (``best of the best``), and the
reduplications with *by*, *to*, *after*, *in* (``step by step``, ``face to
face``) that this check never looks at.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import compress, islice
from operator import eq
from typing import Iterator, List

from ..core.memo import Memo
from ..text.document import Document
from ..core.findings import Finding
from ..core.rules import rule
from ..resources import wordlists
from ..resources.wordfreqs import zipf
from .base import Detector, register

_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*|[^\sA-Za-z0-9]")
_CONNECTORS = frozenset({"and", "or", "of"})
# Words that open a noun's postmodifier (a prepositional phrase or a clause).
_POSTMODIFIERS = frozenset("of in with for from at on under to that which who whose".split())
_ARTICLES = frozenset({"the", "a", "an", "both", "either"})
# Determiners and quantifiers: before the left copy they open its phrase, no
# longer name ("some towns and towns in the county": 部分乡镇).
_DETERMINERS = frozenset("some any all many few several each every other such various "
                         "these those this that no".split())
# A count determines a phrase as they do ("12 towns and towns": 12个乡镇).
_COUNTS = frozenset("two three four five six seven eight nine ten eleven twelve dozens "
                    "hundreds thousands".split())
# Words English itself pairs with "and" for emphasis or duration
# (``resources/data/echo_idioms.txt``), and the function words a slip
# repeats (``echo_function_words.txt``).
IDIOMS = wordlists.wordset("echo_idioms")
_FUNCTION = wordlists.wordset("echo_function_words")
_LISTED = "the same word listed"
# Subject pronouns: the narrative's persons.
_PERSONS = frozenset("i he she we they you".split())
# A verb form said twice: duration on a literary page, an echo elsewhere.
_DURATION = "the same verb form on both sides"
# Said three times on purpose ("no, no, no").
_INTERJECTIONS = frozenset({"no", "yes", "oh", "ah", "ha", "go", "come", "well", "please"})
# The English generics of China's divisions below the province.
_DIVISIONS = frozenset("village town township county district city street community "
                       "subdistrict".split())
MAX_WORDS = 4
# Sound words said twice are short (tock, ding, thud, whoosh).
SOUND_LETTERS = 6
#: How far before "and then" the first copy of the verb may stand, in words.
AGAIN_WINDOW = 12
_CLAUSE_ENDS = frozenset(",.;:!?")


def _determiner(w: str) -> bool:
    return w in _DETERMINERS or w in _COUNTS or w.isdigit()


def _tokens(text: str, start: int, end: int) -> List[str]:
    return _WORD_RE.findall(text, start, end)


#: Shortest and longest phrase, in words, whose repeat across a comma is an echo.
PHRASE_WORDS = (3, 6)


def _phrase_at(lows: List[str], c: int) -> int:
    """The length of a phrase of words said on both sides of the comma at
    ``c`` ("in the past few days, in the past few days,": 连日来 twice), 0
    if none."""
    for k in range(PHRASE_WORDS[1], PHRASE_WORDS[0] - 1, -1):
        left = lows[c - k:c] if c >= k else None
        # The second copy ends its clause too: a stutter, not a name taken
        # up by its definition ("the Law on Intangible Cultural Heritage,
        # intangible cultural heritage refers to ...").
        after = lows[c + 1 + k] if c + 1 + k < len(lows) else "."
        if left and left == lows[c + 1:c + 1 + k] and all(w[0].isalnum() for w in left) \
                and not all(w in _FUNCTION for w in left) and not after[0].isalnum():
            return k
    return 0


def _deliberate(seq: List[str], connector: str = "and") -> bool:
    if len(seq) == 1:
        w = seq[0]
        if w in IDIOMS or w.isdigit():
            return True
        # comparatives and superlatives: "bigger and bigger", "best of the best"
        if w.endswith(("er", "est")) or w in ("best", "worst", "better", "worse"):
            return True
    return all(w in _FUNCTION for w in seq)


def _duration(seq: List[str], connector: str) -> bool:
    """A verb form coordinated with itself: duration in narrative ("waited
    and waited", "talking and talking"), a collapsed Chinese verb pair in
    officialese (组织安排 "arranged and arranged", 打扫清洁 "cleaning and
    cleaning"). (A hyphenated adjective is no verb: "value-added and
    value-added".)"""
    return (len(seq) == 1 and connector == "and" and len(seq[0]) > 4
            and seq[0].endswith(("ed", "ing")) and "-" not in seq[0])


#: How far around a pair a chiasmus's other words may stand.
CHIASMUS_WINDOW = 4


def _swapped(lows: List[str], left: int, right: int) -> bool:
    """Whether a content word of the few before ``left`` comes again in the
    few from ``right`` on, in the same clause: the pair is the middle of a
    chiasmus, said twice on purpose."""
    before = {w for w in lows[max(0, left - CHIASMUS_WINDOW):left]
              if w[0].isalpha() and w not in _FUNCTION and w not in _ARTICLES and len(w) > 2}
    for w in lows[right:right + CHIASMUS_WINDOW]:
        if not w[0].isalnum():
            break
        if w in before:
            return True
    return False


def _relevant(runs: List[str]) -> List[int]:
    """Numbers of the runs that may hold an echo: a word equal to the one
    before it, or a connector whose right side (articles skipped) begins
    with one of the four words before it. The runs are read as one token
    list (joined by "[", itself a token) with these tests done by C-level
    builtins, so the word-by-word checks run only where one passes; a test
    that looks past its run only lets more runs through."""
    if not runs:
        return []
    # Runs a pattern of ``_shapes`` matches.
    shaped = [k for k, run in enumerate(runs) if next(_shapes(run), None)]
    joined = "[".join(runs)
    if "\u0130" in joined or "\u212a" in joined:
        lows = list(map(str.lower, _WORD_RE.findall(joined)))
    else:
        # Lower-cased as one string: but for these two letters (one of
        # them lowers to two characters, the other to an ASCII letter),
        # lower() moves no token boundary, so its tokens are the tokens
        # lower-cased.
        lows = _WORD_RE.findall(joined.lower())
    n = len(lows)
    hits = list(compress(range(1, n), map(eq, lows, islice(lows, 1, None))))
    # A word two tokens on: a list member repeated ("green, green") or a
    # doubled two-word name.
    hits += compress(range(2, n), map(eq, lows, islice(lows, 2, None)))
    # "... and then X," with X among the words before it (``_again``).
    hits += [i for i in compress(range(n - 1), map("and".__eq__, lows)) if lows[i + 1] == "then"]
    for i in compress(range(n), map(_CONNECTORS.__contains__, lows)):
        r = i + 1
        while r < n and lows[r] in _ARTICLES:
            r += 1
        if r < n and lows[r] in lows[max(0, i - MAX_WORDS):i]:
            hits.append(i)
    # A phrase said twice across a comma (``_phrases``).
    hits += [c for c in compress(range(n), map(",".__eq__, lows)) if _phrase_at(lows, c)]
    if not hits:
        return shaped
    from ..text.english import separators

    seps = separators(lows)
    if len(seps) != len(runs) - 1:
        return list(range(len(runs)))  # a run holding "[" after all: read them all
    return sorted({bisect_left(seps, i) for i in hits}.union(shaped))


# A body's head said at both ends of its name: 民政厅 as "Bureau of Civil
# Affairs Bureau", MT writing the English pattern and keeping the Chinese
# order's head as well. Committees, commissions and offices nest ("the
# Standing Committee of the Provincial Party Committee"), bureaus and
# departments do not; a head that opens the next name ("Bureau of Finance
# and Bureau of Quality") is a list.
_HEAD_TWICE = re.compile(
    r"\b(Bureau|Department|Ministry|Administration)\s+of\s+(?:the\s+)?"
    r"(?:[A-Z][A-Za-z'\u2019-]*\s+(?:and\s+)?){1,5}\1\b(?!\s+of\b)")
# A verb and its own noun: 贯彻落实 ("carry out and implement") collapsed to
# "implemented the implementation". English gives such a noun a complement
# ("developed the development plan", "the implementation of"); here it ends
# the clause. Found from the noun ("the" is a literal the regex engine scans
# for fast), the verb read before it.
_THE_NOUN = re.compile(r"the\s+([a-z]{6,}(?:ation|ment|ion|ance|ence))"
                       r"(?=\s*(?:[,.;:!?\uff0c\u3002)]|and\b|$))")
_VERB_BEFORE = re.compile(r"\b([A-Za-z]{4,})\s+$")
# The shortest stem a verb and a noun share to be one word.
_SHARED_STEM = 6
_HEADS = ("Bureau", "Department", "Ministry", "Administration")


def _verb_nouns(text: str) -> Iterator[tuple]:
    """``(start, end)`` of a verb with its own noun ending the clause."""
    for m in _THE_NOUN.finditer(text):
        if m.start() and text[m.start() - 1].isalpha():
            continue  # "breathe", "clothe"
        v = _VERB_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if v is None:
            continue
        verb, noun = v.group(1).lower(), m.group(1)
        k = 0
        while k < min(len(verb), len(noun)) and verb[k] == noun[k]:
            k += 1
        if k >= _SHARED_STEM and verb[k:] in ("", "e", "ed", "d", "es", "s", "ing"):
            yield v.start(), m.end()


def _shapes(text: str) -> Iterator[tuple]:
    """Echoes whose shape a pattern says (a head twice, a verb and its noun)."""
    if any(h in text for h in _HEADS):
        for m in _HEAD_TWICE.finditer(text):
            yield m.start(), m.end(), 0.8, "the same head at both ends of a name"
    for a, b in _verb_nouns(text):
        yield a, b, 0.7, "a verb and its own noun: two Chinese verbs collapsed"


# Run text -> its echoes as (start, end, confidence, note) within the run:
# pages repeat their runs, and what a run holds depends on its text alone.
_MEMO_SIZE = 2_048  # small: memory must not grow with the corpus
_MEMO = Memo(_MEMO_SIZE)
_ECHO = rule("garbled.echo")


@register
class GarbledEcho(Detector):
    name = "garbled_echo"
    description = "collapsed synonyms (\"the root cause and the root cause\") and word-for-word repeats"
    rules = ("garbled.echo",)

    def detect(self, doc: Document) -> Iterator[Finding]:
        if doc.language == "zh":
            return
        spans, runs = doc.latin_spans, doc.latin_texts
        got = list(map(_MEMO.get, runs))
        if None in got:
            todo = [i for i, g in enumerate(got) if g is None]
            _MEMO.room(len(todo))
            for i in todo:
                got[i] = ()
            for k in _relevant([runs[i] for i in todo]):
                got[todo[k]] = tuple(self._run(runs[todo[k]]))
            for i in todo:
                _MEMO[runs[i]] = got[i]
        literary = None
        for i in [i for i, g in enumerate(got) if g]:
            base = spans[i][0]
            for a, b, conf, note in got[i]:
                if note.startswith((_LISTED, _DURATION)):
                    # Prose says a word three times on purpose ("knock,
                    # knock, knock"); officialese lists do not.
                    if literary is None:
                        from .garbled_calque.accept import literary as _literary

                        literary = _literary(runs)
                    if literary:
                        continue
                yield _ECHO.finding(base + a, base + b, confidence=conf, note=note)

    def _run(self, text: str) -> Iterator[tuple]:
        # Tokens as strings only: offsets are looked up again for the few
        # runs that yield a finding, not kept for every word.
        toks = _tokens(text, 0, len(text))
        lows = list(map(str.lower, toks))
        spans: List[tuple] = []

        def span(i: int) -> tuple:
            if not spans:
                spans.extend(m.span() for m in _WORD_RE.finditer(text))
            return spans[i]

        yield from self._pairs(toks, lows, span)
        yield from self._repeats(toks, lows, span)
        yield from self._again(toks, lows, span)
        yield from self._lists(lows, span)
        yield from self._phrases(lows, span)
        yield from self._names(toks, lows, span)
        yield from _shapes(text)

    def _phrases(self, lows: List[str], span) -> Iterator[tuple]:
        for c in [c for c, w in enumerate(lows) if w == ","]:
            k = _phrase_at(lows, c)
            if k:
                yield (span(c - k)[0], span(c + k)[1], 0.8,
                       f"{_LISTED}: a phrase said twice across a comma")

    def _pairs(self, toks: List[str], lows: List[str], span) -> Iterator[tuple]:
        n = len(lows)
        for i in [i for i, w in enumerate(lows) if w in _CONNECTORS]:
            w = lows[i]
            # right side: skip articles
            r = i + 1
            while r < n and lows[r] in _ARTICLES:
                r += 1
            for k in range(MAX_WORDS, 0, -1):
                if i < k or r >= n or lows[i - k] != lows[r]:
                    continue
                left = lows[i - k:i]
                if left != lows[r:r + k] or not left[0][0].isalnum():
                    continue
                if any(not t[0].isalnum() for t in left) or _deliberate(left, w):
                    break
                # "the Party and Party members" (党和党员) names two things:
                # the left copy a thing (with its article, or a name), the
                # right one bare and modifying a noun. A common noun without
                # the article is one noun phrase said twice ("supervision and
                # supervision work"). After "of" the right copy modifying a
                # noun is always another thing: "party members'
                # understanding of the party" comes out "understanding on party
                # of party members" (党员对党的), "the construction of the
                # construction work".
                modifies = (r + k < n and lows[r + k][0].isalpha() and lows[r + k] not in _FUNCTION
                            and lows[r + k] not in _CONNECTORS)
                if k == 1 and modifies and (w == "of" or (
                        r == i + 1 and i >= 1
                        and (i >= 2 and lows[i - 2] in ("the", "a", "an")
                             or toks[i - 1][:1].isupper()))):
                    break
                # The left copy ending a longer name, the right one with a
                # preposition after it: two things, the second named by what
                # follows ("Party building work and the work of the past year",
                # "industrial investment and investment in high-tech
                # industries", "low-risk communities or communities with zero
                # cases", "styles of work and the work of the past year"; but
                # "the reform and the reform of enterprises").
                if (w != "of" and r + k < n and lows[r + k] in _POSTMODIFIERS
                        and i - k >= 1 and lows[i - k - 1] not in _ARTICLES
                        and not _determiner(lows[i - k - 1])
                        and (lows[i - k - 1] not in _FUNCTION or lows[i - k - 1] == "of")
                        and lows[i - k - 1][0].isalnum()):
                    break
                # A chiasmus says it twice on purpose: "calling black white
                # and white black" (the words around the pair swap too).
                if i > k and r + k < n and lows[i - k - 1] == lows[r + k] \
                        and lows[r + k][0].isalnum() and lows[r + k] not in _FUNCTION:
                    break
                # ... and a wider one: "key employees to be Party members and
                # Party members to be key employees".
                if _swapped(lows, i - k, r + k):
                    break
                a = i - k
                # take an article or "both" before the left side in
                while a > 0 and lows[a - 1] in _ARTICLES:
                    a -= 1
                conf = 0.85 if k > 1 or w != "of" else 0.8
                if _duration(left, w):
                    # A person's action just before is narrative ("he
                    # knocked and knocked"), whatever the page.
                    if any(x in _PERSONS for x in lows[max(0, a - 6):a]):
                        break
                    yield (span(a)[0], span(r + k - 1)[1], 0.7,
                           f"{_DURATION}: two Chinese verbs collapsed into one English verb")
                    break
                yield (span(a)[0], span(r + k - 1)[1], conf,
                       "the same words on both sides: two Chinese words "
                       "collapsed into one English word")
                break

    def _repeats(self, toks: List[str], lows: List[str], span) -> Iterator[tuple]:
        for i in [i for i in range(1, len(lows)) if lows[i] == lows[i - 1]]:
            w = lows[i]
            if not w[0].isalpha():
                continue
            # English doubles these by grammar: "had had", "that that", an
            # object pronoun before a possessive or a subject ("asked her
            # her name", "told you you were right").
            if w in ("had", "that", "is", "do", "very", "bye", "ha", "no", "yes", "so", "ho",
                     "her", "you"):
                continue
            # "and so on on a large scale": the first ends "and so on".
            if w == "on" and i >= 2 and lows[i - 2] == "so":
                continue
            # A division's generic ends a name and opens the next noun: 沙坪村
            # 村长 "Shaping village village head", 刘家村村委会 "Liujia Village
            # village committee" (translationese, no echo).
            if (w in _DIVISIONS and i >= 2 and toks[i - 2][:1].isupper()
                    and lows[i - 2] not in _ARTICLES and lows[i - 2] not in _DETERMINERS
                    and i + 1 < len(toks) and toks[i + 1][:1].isalpha()):
                continue
            # Reduplicated names (Yao Yao) and sound words (tock tock, short
            # and rare) are meant; a rare long word is no sound ("unimpeded
            # unimpeded": 畅通 said twice).
            if toks[i][:1].isupper() or zipf(w) < 3.0 and len(w) <= SOUND_LETTERS:
                continue
            yield span(i - 1)[0], span(i)[1], 0.7, "word repeated"

    def _again(self, toks: List[str], lows: List[str], span) -> Iterator[tuple]:
        """A verb said again after "and then" with nothing after it,
        its copy among the ``AGAIN_WINDOW`` words before (see the module
        docstring)."""
        n = len(lows)
        for i in range(1, n - 2):
            if lows[i] != "and" or lows[i + 1] != "then":
                continue
            r = i + 2
            for k in range(MAX_WORDS, 0, -1):
                end = r + k
                if end > n or (end < n and lows[end] not in _CLAUSE_ENDS):
                    continue
                copy = lows[r:end]
                # Words, one of them a content word ("then he", "then in"
                # repeat grammar, not a verb).
                # A verb phrase: not a new clause ("and then I thought") nor
                # grammar alone ("then in"), nor duration ("waited and then
                # waited": ``_deliberate``).
                if not all(w[0].isalpha() for w in copy) or copy[0] in _FUNCTION \
                        or _deliberate(copy) or _duration(copy, "and"):
                    continue
                lo = max(0, i - AGAIN_WINDOW)
                left = next((a for a in range(lo, i - k + 1) if lows[a:a + k] == copy
                             and all(t[0].isalnum() for t in lows[a:i])), None)
                if left is None:
                    continue
                yield (span(left)[0], span(end - 1)[1], 0.7,
                       "the same verb before and after 'and then': a Chinese verb repeated "
                       "with 再 (further), its object moved forward")
                break

    def _lists(self, lows: List[str], span) -> Iterator[tuple]:
        """A word listed three times or more ("political, political,
        political, and political"; "plant trees, trees, trees"): a Chinese
        list whose members share a word (政治立场、政治方向) or whose verbs
        MT collapsed into one (爱绿、植绿、护绿)."""
        n = len(lows)
        i = 0
        while i < n:
            w = lows[i]
            if not w[0].isalpha() or w in _FUNCTION or w in _INTERJECTIONS or w in IDIOMS:
                i += 1
                continue
            j, count, last = i + 1, 1, i
            while j < n:
                k = j
                if lows[k] == ",":
                    k += 1
                    if k < n and lows[k] in ("and", "or"):
                        k += 1
                elif lows[k] in ("and", "or"):
                    k += 1
                else:
                    break
                if k < n and lows[k] == w and k > j:
                    count, last, j = count + 1, k, k + 1
                else:
                    break
            if count >= 3:
                yield (span(i)[0], span(last)[1], 0.8,
                       _LISTED + " %d times: list members that share a word, "
                       "or verbs collapsed into one" % count)
                i = last + 1
            else:
                i += 1

    def _names(self, toks: List[str], lows: List[str], span) -> Iterator[tuple]:
        """A name of two to four capitalised words written twice in a row
        ("Wang Zhihua Wang Zhihua"), at least one word of it pinyin: a
        Chinese name MT doubled (a name and its title or pronoun both
        rendered by the name)."""
        from .garbled_pinyin import split_pinyin

        n = len(toks)
        i = 0
        while i < n:
            for k in range(4, 1, -1):
                if i + 2 * k > n or lows[i:i + k] != lows[i + k:i + 2 * k]:
                    continue
                words = toks[i:i + 2 * k]
                if all(t[:1].isupper() and t[1:].islower() for t in words) \
                        and any(split_pinyin(t) for t in words[:k]):
                    yield span(i)[0], span(i + 2 * k - 1)[1], 0.8, "name written twice"
                    i += 2 * k - 1
                    break
            i += 1
