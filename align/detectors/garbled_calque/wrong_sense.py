"""``garbled.sense``: a polysemy trap or slang term rendered by one word of the sense it does
not have: CC-CEDICT's sense of the whole word that the approved rendering
avoids (牛皮癣, fly-posting in city news, as "psoriasis"). The engine's
patterns need two pieces, so a one-word rendering is looked for here.

Only rare words (Zipf below ``RARE_ZIPF``): ordinary English spells common
ones ("company" is a sense of 事业单位, and of many other words), and only on
officialese pages (the caller's register gate).

``garbled.misread``: a term rendered by a literal reading machine
translation is known to give it (``resources.termbase.misreadings``: 卡口 as
"bayonet", 死角 as "dead angle"), senses the dictionary phrases otherwise or
does not list, so that neither the engine nor ``garbled.sense`` can derive
them. English statistics first clear the misreadings that are English
(``_build_misread_table``); the same register gate applies.

Some misreadings are ordinary English: 创城 (the civilized city campaign)
with 创 dropped is "a city". They are listed with the topic a page must
name for them to count (``resources.termbase.topic_misreadings``: column
``page``), and count only as a noun phrase used where none can stand
("support a city work", "a city volunteer activities"), not after a
preposition or a copula ("the civilization of a city", "it is a city").
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Iterator, Tuple

from ...core.findings import Finding
from ...core.rules import rule
from .accept import EVERYDAY_ZIPF, NAME_DOMAINS, RARE_ZIPF, SENSE_DOMAINS

_ARTICLE = re.compile(r"^\s*(?:to|a|an|the)\s+", re.I)


@lru_cache(maxsize=8)
def traps(paths: Tuple[str, ...]) -> Dict[str, object]:
    """Key of a rare one-word dictionary sense -> its term, for the terms of
    the sense domains (trap, slang)."""
    from ...read.termbases import load
    from ...resources.cedict import senses
    from ...resources.wordfreqs import zipf
    from ...text.english import phrase_keys
    from .._calque.pieces import alternatives

    d = senses()
    out: Dict[str, object] = {}
    for t in load(paths):
        if t.domain.lower() not in SENSE_DOMAINS:
            continue
        approved = {k for en in t.en for k in phrase_keys(en)}
        for s in d.get(t.zh, ()):
            if s[:1].isupper():
                continue  # a name
            for alt in alternatives(s):
                word = _ARTICLE.sub("", alt).strip()
                if " " in word or not word.isalpha():
                    continue
                k = phrase_keys(word)
                # The key must begin the word, so that a run without it as a
                # substring holds no trap word (``findings`` looks so first).
                if (len(k) == 1 and k[0] not in approved and word.lower().startswith(k[0])
                        and zipf(word.lower()) < RARE_ZIPF):
                    out.setdefault(k[0], t)
    return out


_SENSE = rule("garbled.sense")


def findings(runs: list, spans: list, paths: Tuple[str, ...]) -> Iterator[Finding]:
    """The trap words in the Latin runs ``runs`` (texts of ``spans``)."""
    table = traps(paths)
    if not table:
        return
    from ...text.english import TOKEN_RE, key_of
    from .accept import PRONOUNS

    for run, (start, _) in zip(runs, spans):
        # Most runs hold no trap word: a substring test before tokenizing.
        low = run.lower()
        if not any(k in low for k in table):
            continue
        toks = list(TOKEN_RE.finditer(run))
        for i, m in enumerate(toks):
            t = table.get(key_of(m.group()) or "")
            if t is None or _personal(toks, i, PRONOUNS, key_of):
                continue
            yield _SENSE.finding(start + m.start(), start + m.end(), t.suggestion, 0.7,
                                  f"the dictionary's other sense of {t.zh}", {"term": t.zh})


def _personal(toks: list, i: int, pronouns, key_of) -> bool:
    """Whether the clause of token ``i`` tells of a person (a personal
    pronoun: "his psoriasis had cleared"): there the word has its own sense."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(toks):
            w = toks[j].group()
            if key_of(w) is None:
                break
            if w.lower() in pronouns and w.lower() not in ("its", "their"):
                return True
            j += step
    return False


# -- documented misreadings ---------------------------------------------------

_MISREAD = rule("garbled.misread")
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")
# Longest approved rendering read for the register's n-grams.
_NGRAM = 4


def _singular(word: str) -> str:
    """``word`` in lower case without a plural or possessive ending: a
    lighter key than ``text.english.stem``, which joins "gripper" to "grip"
    and would make a misreading of every form of a common word."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@lru_cache(maxsize=8)
def misread_table(paths: Tuple[str, ...]) -> Tuple[dict, dict, dict]:
    """``(single, multi, loose)``: the misreadings of
    ``_build_misread_table``, the varied ones as ``_loose`` reads them.
    Building it takes a fifth of a second (the bigram table, the approved
    renderings' n-grams), so the result is kept in the user cache like the
    calque index, keyed by the terms, the misreadings and the code and data
    that judge them."""
    from ...core import diskcache as _diskcache
    from ...read.termbases import load
    from ...resources import bigrams, termbase
    from ...text import english

    terms = load(paths)
    bad = termbase.misreadings()
    key = _diskcache.key("misread", (terms, sorted(bad.items())), ("symspellpy", "wordfreq"),
                         (__file__, str(termbase.MISREADINGS), bigrams.__file__, *english.SOURCES))
    by_zh = {t.zh: t for t in terms}
    state = _diskcache.get(key)
    if isinstance(state, tuple) and len(state) == 4:
        try:
            single = {w: by_zh[zh] for w, zh in state[0]}
            multi = {first: [(tuple(seq), by_zh[zh]) for seq, zh in entries]
                     for first, entries in state[1]}
            ordered = {tuple(k): by_zh[zh] for k, zh in state[2]}
            shuffled = {tuple(k): by_zh[zh] for k, zh in state[3]}
            return single, multi, _loose(ordered, shuffled)
        except (KeyError, TypeError, ValueError):
            pass  # a cache that does not fit: build again
    single, multi, ordered, shuffled = _build_misread_table(terms, bad)
    _diskcache.put(key, ([(w, t.zh) for w, t in single.items()],
                         [(first, [(list(seq), t.zh) for seq, t in v])
                          for first, v in multi.items()],
                         [(list(k), t.zh) for k, t in ordered.items()],
                         [(list(k), t.zh) for k, t in shuffled.items()]))
    return single, multi, _loose(ordered, shuffled)


def _build_misread_table(terms, bad) -> Tuple[dict, dict, dict, dict]:
    """The documented misreadings ``bad`` of ``terms``
    (``resources.termbase.misreadings``) that English statistics do not
    clear, as ``single`` (a one-word misreading in singular form -> its
    term) and ``multi`` (the first word's stem -> ``[(stems, term)]``,
    longest first: a phrase is matched on stems, so that "grasped the
    implementation" is "grasp the implementation", but one word on its
    singular form, since stems join "gripper" to "grip"). Dropped: a single
    word common enough to have a sense of its own here (Zipf ≥
    ``RARE_ZIPF``); a pair of words that is a frequent English pair ("long
    river"), and a longer phrase whose every pair is frequent if its content
    words are everyday words too (Zipf ≥ ``EVERYDAY_ZIPF``: "take off the
    hat", not "throw the pot"); a phrase that some approved rendering of the
    termbase contains ("political bureau" is the Political Bureau). Also the
    phrases as MT varies them (``ordered``: stems without articles ->
    term; ``shuffled``: the sorted stems of a compound of ``SHUFFLED_MIN``
    content words or more -> term), unless an approved rendering says
    them so too ("drying the autumn harvest")."""
    from ...resources.bigrams import collocation
    from ...resources.wordfreqs import zipf
    from ...text.english import STOP, stem

    approved_words, approved, approved_loose = set(), set(), set()
    for t in terms:
        for en in t.en:
            words = _WORD.findall(en.lower())
            approved_words.update(map(_singular, words))
            s = tuple(stem(w) for w in words)
            bare = tuple(x for x, w in zip(s, words) if w not in _ARTICLES)
            for n in range(2, _NGRAM + 1):
                approved.update(s[i:i + n] for i in range(len(s) - n + 1))
                for i in range(len(bare) - n + 1):
                    approved_loose.add(bare[i:i + n])
                    approved_loose.add(tuple(sorted(bare[i:i + n])))
    single: Dict[str, object] = {}
    multi: Dict[str, list] = {}
    for t in terms:
        for phrase in bad.get(t.zh, ()):
            words = _WORD.findall(phrase.lower())
            if not words:
                continue
            if len(words) == 1:
                w = _singular(words[0])
                if w not in approved_words and zipf(words[0]) < RARE_ZIPF:
                    single.setdefault(w, t)
                continue
            seq = tuple(stem(w) for w in words)
            if seq in approved:
                continue
            if collocation(" ".join(words)) and (
                    len(words) == 2 or all(zipf(w) >= EVERYDAY_ZIPF for w in words
                                           if w not in STOP)):
                continue
            multi.setdefault(seq[0], []).append((seq, t))
    for v in multi.values():
        v.sort(key=lambda e: -len(e[0]))
    ordered: Dict[tuple, object] = {}
    shuffled: Dict[tuple, object] = {}
    for entries in multi.values():
        for seq, t in entries:
            bare = tuple(x for x in seq if x not in _ARTICLES)
            if len(bare) >= 2 and bare not in approved_loose:
                ordered.setdefault(bare, t)
            key = tuple(sorted(seq))
            if (len(seq) >= SHUFFLED_MIN and not any(x in STOP for x in seq)
                    and key not in approved_loose):
                shuffled.setdefault(key, t)
    return single, multi, ordered, shuffled


# MT puts articles where a misreading's drafter did not, or drops them
# ("reverse the construction period" for "reverse construction period"): a
# phrase also matches with its articles left out on both sides.
_ARTICLES = frozenset(("the", "a", "an"))


# A compound of three content words or more comes out in another order too
# ("work special class", "folk long river"): matched as the same words in
# a row, none between. (Two words swapped are often English: "election
# bribery" for "bribing election".)
SHUFFLED_MIN = 3


def _loose(ordered: dict, shuffled: dict) -> dict:
    """The article-free and reordered misreadings as the page scan reads
    them: ``ordered`` with every ``prefix`` of its keys, ``shuffled`` with
    the ``words`` its keys are made of, their ``sizes`` and the
    ``longest``."""
    return {"ordered": ordered,
            "prefix": frozenset(k[:n] for k in ordered for n in range(1, len(k) + 1)),
            "shuffled": shuffled,
            "words": frozenset(x for k in shuffled for x in k),
            "sizes": frozenset(len(k) for k in shuffled),
            "longest": max(map(len, shuffled), default=0)}


def _loose_hit(stems: list, i: int, table: dict):
    """``(tokens, term, shuffled)`` of the longest misreading that the words
    from token ``i`` spell with their articles left out, or in another
    order, in a row (``shuffled``), or None. A token that is no word (a
    clause mark) ends the search."""
    best = None
    prefix, ordered = table["prefix"], table["ordered"]
    bare: tuple = ()
    j = i
    while j < len(stems) and stems[j] is not None:
        if stems[j] not in _ARTICLES:
            bare += (stems[j],)
            if bare not in prefix:
                break
            t = ordered.get(bare)
            if t is not None:
                best = (j + 1 - i, t, False)
        j += 1
    if best is None and stems[i] in table["words"]:
        words, sizes, shuffled = table["words"], table["sizes"], table["shuffled"]
        j = i
        while j < len(stems) and j - i < table["longest"] and stems[j] in words:
            j += 1
            if j - i in sizes:
                t = shuffled.get(tuple(sorted(stems[i:j])))
                if t is not None:
                    best = (j - i, t, True)
    return best


def misread_findings(runs: list, spans: list, paths: Tuple[str, ...]) -> Iterator[Finding]:
    """The documented misreadings in the Latin runs ``runs`` (texts of
    ``spans``), never across punctuation."""
    single, multi, loose = misread_table(paths)
    if not single and not multi:
        return
    from ...resources.bigrams import collocation
    from ...text.english import TOKEN_RE, key_of, stem
    from .accept import PRONOUNS

    for run, (start, _) in zip(runs, spans):
        toks = list(TOKEN_RE.finditer(run))
        words = [m.group() if m.group()[:1].isalpha() else None for m in toks]
        stems = [stem(w) if w else None for w in words]
        i = 0
        while i < len(toks):
            hit = None
            for seq, t in multi.get(stems[i] or "", ()):
                if tuple(stems[i:i + len(seq)]) == seq:
                    hit = (len(seq), t)
                    break
            if hit is None and stems[i] and stems[i] not in _ARTICLES:
                got = _loose_hit(stems, i, loose)
                hit = got[:2] if got else None
                # Without the drafter's articles a phrase may be English
                # ("high speed" of "on the high speed").
                if hit and hit[0] == 2 and collocation(" ".join(words[i:i + 2])):
                    hit = None
                # Words in another order give way to a misreading in order
                # that starts inside them ("Committee Deep Reform
                # Commission" holds "Deep Reform Commission").
                if hit and got[2] and any(
                        tuple(stems[k:k + len(seq)]) == seq
                        for k in range(i + 1, i + hit[0]) for seq, _ in multi.get(stems[k] or "", ())):
                    hit = None
            if hit is None and words[i]:
                t = single.get(_singular(words[i]))
                if t is not None and not _personal(toks, i, PRONOUNS, key_of):
                    hit = (1, t)
            if hit is None:
                i += 1
                continue
            n, t = hit
            j = i + n - 1
            # 长 read as "long" ends many misreadings ("river long"); where
            # English goes on from it ("street long gone", "long ago") it is
            # the adverb.
            if n > 1 and _runs_on(words, j):
                i += 1
                continue
            # A name's misreading is a wrong name only written as one
            # ("People's Network"); in lower case the words are English.
            if t.domain.lower() in NAME_DOMAINS and not all(
                    m.group()[:1].isupper() for m in toks[i:j + 1]):
                i += 1
                continue
            yield _MISREAD.finding(start + toks[i].start(), start + toks[j].end(), t.suggestion,
                                   0.8, f"a known literal rendering of {t.zh}", {"term": t.zh})
            i = j + 1


def _runs_on(words: list, j: int) -> bool:
    """Whether word ``j`` is "long" and makes a frequent English pair with
    the next content word (``long gone``, ``long been``; not ``long work``)."""
    from ...resources.bigrams import collocation
    from ...text.english import key_of

    nxt = words[j + 1] if j + 1 < len(words) else None
    return (words[j].lower() == "long" and bool(nxt) and bool(key_of(nxt))
            and collocation(f"long {nxt}"))


# Before a noun phrase that is a noun phrase: "of a city", "is a city".
_HOSTS = frozenset("of as is was are were be been being become becomes became into in "
                   "than such like what quite".split())


@lru_cache(maxsize=1)
def _topic_patterns():
    from ...resources.termbase import topic_misreadings

    return tuple((zh, re.compile(r"\b(?:" + "|".join(re.escape(b) for b in bad) + r")\b", re.I),
                  page) for zh, bad, page in topic_misreadings())


def topic_findings(runs: list, spans: list, paths: Tuple[str, ...]) -> Iterator[Finding]:
    """The misreadings that are ordinary English, on a page that names their
    term's topic (see the module's docstring)."""
    pats = _topic_patterns()
    if not pats:
        return
    page = " ".join(runs).lower()
    from ...read.termbases import load

    terms = None
    for zh, pat, topic in pats:
        if not any(t in page for t in topic):
            continue
        if terms is None:
            terms = {t.zh: t for t in load(paths)}
        term = terms.get(zh)
        if term is None:
            continue
        for run, (start, _) in zip(runs, spans):
            for m in pat.finditer(run):
                before = run[max(0, m.start() - 24):m.start()].split()
                if before and before[-1].lower().strip("\"'\u201c\u201d") in _HOSTS:
                    continue
                yield _MISREAD.finding(start + m.start(), start + m.end(), term.suggestion, 0.6,
                                       f"a known literal rendering of {zh} on a page about it",
                                       {"term": zh})
