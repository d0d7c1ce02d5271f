"""Pinyin left in English: a translatable term transliterated instead of translated.

A Latin word that splits entirely into Mandarin syllables (the inventory of
``pypinyin``), has at least two of them and is not an English word (almost
never seen in English text by ``wordfreq``) is Chinese written in Latin
letters. Most such words on these pages are names, and names stay in pinyin;
what is left after excluding them is a term MT could not translate
("Chuangwen" for 创文).

Names are recognised by their shape, not listed:
- a person: a Chinese surname next to a capitalised pinyin word
  (``Wang Zhihua``, ``Xiao Bingzhang``, ``Zhihua Wang``);
- a place or organisation: a run of capitalised pinyin words followed by a
  designator (``Maoming Port Group``, ``Binhai New Area``, ``Yantian District``);
- a word already seen as a name elsewhere in the same document;
- a word English text uses now and then (place names such as ``Maoming`` have
  a small but non-zero ``wordfreq`` frequency; untranslated terms have none).

When the pinyin of a termbase term spells the flagged words (``Chuangwen
Chuangwei`` = chuang wen chuang wei = 创文创卫), the term's rendering is the
suggestion and the finding is certain.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, FrozenSet, Iterator, List

from ..core.memo import Memo
from ..text.document import Document
from ..core.findings import Finding
from ..core.rules import rule
from ..resources import jiebadict, wordlists
from ..resources.wordfreqs import zipf
from .base import Detector, register

# Syllables, surnames and the English-word test live with the text layer,
# where the bilingual checks use them too.
from ..text.pinyin import (PINYIN_WORD_ZIPF, SURNAME_WORD_ZIPF, SURNAMES,  # noqa: F401
                           pinyin_token, split_pinyin, syllables)

# Words after a run of capitalised pinyin that make it a name
# (``resources/data/name_designators.txt``).
DESIGNATORS = wordlists.wordset("name_designators")

_WORD_RE = re.compile(r"[A-Za-z\u00fc\u00dc]+(?:['\u2019][A-Za-z]+)?")
# Letters pinyin never uses (v stands for ü) rule a word out cheaply.
_PINYINISH = re.compile(r"[A-Za-z\u00fc\u00dc]+(?:['\u2019]s)?")
_NOT_PINYIN = re.compile(r"[^a-zv\u00fc]")
_JOIN_RE = re.compile(r"[ \t\u00a0-]{1,3}")
# One to three capitalised English words between spaces.
_TITLE_WORDS = re.compile(r"[ \t\u00a0]+(?:[A-Z][a-z]+[ \t\u00a0]+){1,3}")


@lru_cache(maxsize=8)
def term_pinyin(paths) -> Dict[str, object]:
    """Toneless pinyin of every term, letters only -> term (the first term
    of a spelling wins). Kept in the user cache as spelling -> term number."""
    from ..read.termbases import load
    from ..core import diskcache as _diskcache

    terms = load(paths)
    key = _diskcache.key("pinyin-terms", terms, ("pypinyin",), (__file__,))
    got = _diskcache.get(key)
    if isinstance(got, dict):
        try:
            return {k: terms[i] for k, i in got.items()}
        except (IndexError, TypeError):
            pass
    from pypinyin import lazy_pinyin

    out: Dict[str, int] = {}
    for i, t in enumerate(terms):
        k = "".join(lazy_pinyin(t.zh, errors="ignore")).replace("ü", "v")
        # A term whose established English is its pinyin (百度 Baidu, 高考
        # gaokao, 学习强国 Xuexi Qiangguo, 南繁 Nanfan breeding) is
        # translated when written so.
        if any(k in _runs_letters(en) for en in t.en):
            continue
        # A term whose English is a proper name (中港 "PRC and Hong Kong")
        # written in pinyin is a name too (a company's, Zhonggang).
        if t.en and all(_proper(en) for en in t.en):
            continue
        if len(k) >= 4 and k not in out:
            out[k] = i
    _diskcache.put(key, out)
    return {k: terms[i] for k, i in out.items()}


_FUNCTION = frozenset("and of the for in on at to".split())


def _proper(rendering: str) -> bool:
    """Whether every word of ``rendering`` but its function words is
    capitalised: a proper name ("PRC and Hong Kong")."""
    words = re.findall(r"[A-Za-z]+", rendering)
    return bool(words) and all(w[0].isupper() for w in words if w.lower() not in _FUNCTION)


def _letters(text: str) -> str:
    """Lower-case Latin letters of ``text``, ü as v: a rendering as pinyin."""
    return "".join(c for c in text.lower().replace("ü", "v") if "a" <= c <= "z")


def _runs_letters(rendering: str) -> set:
    """``_letters`` of every run of consecutive words of ``rendering``."""
    ws = [_letters(w) for w in rendering.split()]
    return {"".join(ws[i:j]) for i in range(len(ws)) for j in range(i + 1, len(ws) + 1)}


@lru_cache(maxsize=8)
def approved_words(paths) -> FrozenSet[str]:
    """Every word (lower case) of the approved renderings of the termbases
    ``paths``: pinyin among them (guochao, hukou, Douyin) is the
    established English, not a term left untranslated."""
    from ..read.termbases import load

    return frozenset(w.lower() for t in load(paths) for en in t.en
                     for w in _WORD_RE.findall(en))


# jieba's tags of ordinary words (nouns, verbs, adjectives, idioms, set
# phrases, adverbs ...), as against names (nr, ns, nt, nz ...).
_ORDINARY_TAGS = frozenset({"n", "v", "vn", "a", "an", "ad", "d", "i", "l", "b", "z", "t"})
_NAME_TAGS = frozenset({"nr", "ns", "nt", "nz", "nrt", "nrfg"})
# jieba frequency an ordinary word needs to read a syllable run back.
MIN_WORD_FREQ = 5
# jieba frequency of a place or organisation that marks a run as a name.
MIN_NAME_FREQ = 200


@lru_cache(maxsize=1)
def ordinary_words() -> dict:
    """``words``: toneless pinyin (letters only) -> the ordinary Chinese
    words of two to four characters jieba's dictionary spells so; ``names``:
    the pinyin of its names (places, people, organisations); ``generics``:
    that of the generics of place names (``place_generics.txt``). Readings
    from pypinyin's phrase table, else each character's first reading. Kept
    in the user cache."""
    from ..core import diskcache as _diskcache

    key = _diskcache.key("pinyin-words", (), ("pypinyin", "jieba"), (__file__, jiebadict.__file__))
    got = _diskcache.get(key)
    if isinstance(got, dict) and "words" in got:
        return got
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    normal: Dict[str, str] = {}

    def syl(x):
        got = normal.get(x)
        if got is None:
            got = normal[x] = to_normal(x)
        return got

    def read(w):
        ph = phrases_dict.get(w)
        if ph:
            return "".join(syl(x[0]) for x in ph)
        out = []
        for c in w:
            r = pinyin_dict.get(ord(c))
            if not r:
                return ""
            out.append(syl(r.split(",")[0]))
        return "".join(out)

    out: Dict[str, list] = {}
    names = set()
    for word, freq, tag in jiebadict.entries():
        if not 2 <= len(word) <= 4:
            continue
        if tag in _NAME_TAGS:
            # People's names (nr...) stand whole; a well-known place or
            # organisation also opens longer names (Guangzhou-dadao):
            # toneless pinyin makes a rare one the homophone of too
            # many words (北街 beijie, 背街).
            py = read(word).replace("ü", "v")
            if tag not in ("ns", "nt", "nz"):
                names.add(py + "|")
            elif freq >= MIN_NAME_FREQ:
                names.add(py)
        # Rare words spell too many names by chance (homophones).
        elif tag in _ORDINARY_TAGS and freq >= MIN_WORD_FREQ:
            py = read(word).replace("ü", "v")
            if py.isascii() and py.isalpha():
                out.setdefault(py, []).append((-freq, word))
    # The generics of place names (大道, 路, 区): a run ending in one is a name.
    from ..resources import wordlists

    generic = {read(line.split("\t")[0]).replace("ü", "v")
               for line in wordlists.words("place_generics")}
    # The most frequent homophone first.
    got = {"words": {k: tuple(w for _, w in sorted(v)) for k, v in out.items()},
           "names": frozenset(names),
           "generics": frozenset(generic)}
    _diskcache.put(key, got)
    return got


def phrase_reading(syl: tuple) -> tuple:
    """The pinyin syllables ``syl`` read back as a Chinese phrase, not a
    name: its words in pinyin (toneless pinyin has homophones, so not the
    characters), or ``()``. A phrase is three syllables or more
    spelled by ordinary words of two syllables or more (背街 小巷 for
    bei jie xiao xiang), or four in the patterns of four-character phrases,
    ABAC and ABCB (乱搭乱建 luan da luan jian, 边干边算): names have neither
    shape."""
    n = len(syl)
    if n < 3:
        return ()
    if n == 4 and (syl[0] == syl[2] or syl[1] == syl[3]) and len(set(syl)) == 3:
        return ("".join(syl[:2]), "".join(syl[2:]))
    table = ordinary_words()
    words, names = table["words"], table["names"]
    # A run that is a person's name or opens with a place's or an
    # organisation's (Guangzhou-dadao) is a name; so is one whose last word
    # is a place's generic (Jiefang-dadao), below.
    if "".join(syl) + "|" in names:
        return ()
    for j in range(2, min(n, 4) + 1):
        if "".join(syl[:j]) in names:
            return ()

    # Fewest words covering all syllables.
    best: Dict[int, tuple] = {0: ()}
    for i in range(n):
        if i not in best:
            continue
        for j in range(i + 2, min(n, i + 4) + 1):
            ws = words.get("".join(syl[i:j]))
            if ws and (j not in best or len(best[j]) > len(best[i]) + 1):
                best[j] = best[i] + ("".join(syl[i:j]),)
    got = best.get(n, ())
    if len(got) < 2:
        return ()
    # Ending in a generic word (大道 dadao, 公园 gongyuan): a place's name.
    last = best[n]
    tail = n
    for j in range(n - 2, -1, -1):
        if best.get(j) == last[:-1]:
            tail = j
            break
    if "".join(syl[tail:]) in table["generics"]:
        return ()
    return got


def _read_back(words: tuple) -> tuple:
    """The Chinese a pinyin phrase most likely spells (each word's most
    frequent homophone in jieba) and its English from CC-CEDICT's first
    sense of each word, as a suggestion; ``("", "")`` when a word has none."""
    from ..resources.cedict import senses

    table, d = ordinary_words()["words"], senses()
    zh, en = [], []
    for w in words:
        cands = table.get(w, ())
        sense = ""
        for c in cands[:1]:
            for s in d.get(c, ()):
                s = re.sub(r"\([^()]*\)", "", s).split(";")[0].strip()
                if s[:1].islower() and not s.startswith(("variant", "see ", "abbr")):
                    sense = s[3:] if s.startswith("to ") else s
                    break
        if not sense:
            return "", ""
        zh.append(cands[0])
        en.append(sense)
    return " ".join(zh), " ".join(en)


def _word_reading(syl: tuple) -> tuple:
    """Two syllables read as one ordinary word of jieba (巡察 xun cha), as
    ``phrase_reading`` gives longer runs; ``()`` when none is."""
    key = "".join(syl)
    return (key,) if key in ordinary_words()["words"] else ()


# A word with capitals inside (``GuoZiWei``) and its capitalised parts.
_CAMEL = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")
# A number with a capitalised word glued to it (``3Bangeng``).
_FUSED = re.compile(r"(?<![0-9.,])([0-9]{1,3})([A-Z][a-z]{1,15})\b")
_CAPITAL = re.compile(r"[A-Z][a-z]+")
_NEXT_WORD = re.compile(r"[ \t\u00a0]+([A-Za-z]+)")
# A kind of school between a name and "school".
_SCHOOL_AFTER = re.compile(r"[ \t\u00a0]+(?:primary|middle|high|central|experimental|vocational|"
                           r"secondary|elementary)[ \t\u00a0]+schools?\b", re.I)


def _is_name(syl: tuple) -> bool:
    """Whether the syllables spell a person's name or a well-known place or
    organisation of jieba's dictionary (``ordinary_words``'s names), or a
    county or district of the national division table (linze: 临泽)."""
    names = ordinary_words()["names"]
    key = "".join(syl)
    return key in names or key + "|" in names or key in _division_pinyin()


@lru_cache(maxsize=1)
def _division_pinyin() -> FrozenSet[str]:
    """The toneless pinyin of the division table's names to county level,
    with and without their generic (临泽县: linzexian, linze), as
    ``resources.divisions.places`` gives them."""
    from pypinyin import lazy_pinyin

    from ..resources import divisions

    gens = [line.split("\t")[0] for line in wordlists.words("place_generics")]
    return frozenset("".join(lazy_pinyin(name)).replace("ü", "v")
                     for name in divisions.places(gens))


# A town name this many divisions bear (城关镇, 太平镇) is a place wherever
# it is written capitalised.
COMMON_TOWN = 5


@lru_cache(maxsize=1)
def _town_names() -> FrozenSet[str]:
    """The toneless pinyin of the specific parts of the town, township and
    subdistrict names that at least ``COMMON_TOWN`` divisions bear."""
    from pypinyin import lazy_pinyin

    from ..resources import divisions

    out = set()
    for name, n in divisions.township_counts().items():
        if n >= COMMON_TOWN:
            for gen in ("街道", "镇", "乡"):
                if name.endswith(gen) and len(name) - len(gen) >= 2:
                    out.add("".join(lazy_pinyin(name[:-len(gen)])).replace("ü", "v"))
                    break
    return frozenset(out)


# Surnames that are also everyday English words: in lower case they are
# English ("he", "you", "an"), never a name's first half.
@lru_cache(maxsize=1)
def _surname_words() -> FrozenSet[str]:
    return frozenset(w for w in SURNAMES if zipf(w) >= 4.0)


# An untranslated word is one that English text (almost) never uses.
MAX_ZIPF = 1.0
# Lower-case pinyin a page uses this often (in as many different runs) is a
# loanword the translator chose and keeps (longtang, hutong), not a term MT
# gave up on here and there.
LOANWORD_USES = 3
# Both halves of an English compound written solid ("mouselike", a hyphen
# chain's "amule") are English words at least this common.
COMPOUND_ZIPF = 3.0


@lru_cache(maxsize=65536)
def english_compound(low: str) -> bool:
    """Whether ``low`` is two English words run together, one of them not a
    pinyin syllable: "mouse|like", "a|mule". Pinyin whose syllables happen to
    be English words ("long|tang", "dong|bin") is not."""
    syl = syllables()
    for k in range(1, len(low)):
        a, b = low[:k], low[k:]
        if (a not in syl or b not in syl) and zipf(a) >= COMPOUND_ZIPF \
                and zipf(b) >= COMPOUND_ZIPF:
            return True
    return False


def _candidate(text: str, low: str, nsyl: int) -> bool:
    """A word that may be an untranslated term (see ``_Word.term``)."""
    return (nsyl >= 2 and (text.islower() or text.istitle()) and zipf(low) < TERM_ZIPF
            and not english_compound(low))
# Up to this frequency a pinyin word is still checked against the termbase.
TERM_ZIPF = 3.0


class _Word:
    __slots__ = ("start", "end", "text", "syl", "cap", "term")

    def __init__(self, m):
        self.start, self.end, self.text = m.start(), m.end(), m.group()
        if self.text[-2:] in ("'s", "\u2019s"):
            self.end -= 2
            self.text = self.text[:-2]
        self.syl = split_pinyin(self.text)
        self.cap = self.text[:1].isupper()
        # Pinyin that may be a term, unless the page's names hold it: its
        # lower-cased text, else None. Of two syllables or more; lower or
        # title case (not an acronym or a CamelCase brand); and unknown to
        # English, since the termbase decides for words English uses a
        # little. Words are kept per run, so a run seen again is not tested
        # again; only the page's names are (GarbledPinyin._flag).
        low = self.text.lower()
        self.term = low if _candidate(self.text, low, len(self.syl)) else None


# Memo sizes: small, so that memory does not grow with the corpus (a long
# run's vocabulary keeps growing; its repeated runs are few).
_RUNS_SIZE = 2_048
_WORDS_SIZE = 20_000

# Token text -> whether it can take part in a name or a finding.
_MATTERS = Memo(_WORDS_SIZE)


def _matters(raw: str) -> bool:
    """Whether a token can play any part: a word that splits into pinyin
    syllables, or a designator. Any other word only separates its
    neighbours, and the text between two kept words shows that anyway."""
    got = _MATTERS.get(raw)
    if got is None:
        low = raw.lower()
        trimmed = raw[:-2] if raw[-2:] in ("'s", "\u2019s") else raw
        got = _MATTERS.put(raw, bool(
            low in DESIGNATORS or trimmed.lower() in DESIGNATORS
            or (_PINYINISH.fullmatch(raw) and split_pinyin(trimmed))))
    return got


# A finding needs a candidate (see _Word.term), and whether a
# word is one does not depend on its neighbours, only whether it is excluded
# as a name, which is decided by the runs where the same word occurs. So a
# page is first read as one list of tokens, each looked up once in a cache:
# without a candidate it has no finding; with some, only the runs holding a
# word spelled like a candidate are read word by word.
_SCAN_RE = re.compile(_WORD_RE.pattern + r"|\[")
# Token -> its lower-cased text without 's if it may be spelled like a
# candidate (it matters and splits into two syllables or more, as every
# candidate does), else ""; and for a token that may be a candidate, the
# same in _CANDIDATE, which is emptied with _LOW.
_LOW = Memo(_WORDS_SIZE)
_CANDIDATE: Dict[str, str] = {}


def _learn(raw: str) -> None:
    text = raw[:-2] if raw[-2:] in ("'s", "\u2019s") else raw
    spelled = raw != "[" and _matters(raw) and len(split_pinyin(text)) >= 2
    low = _LOW[raw] = text.lower() if spelled else ""
    if spelled and _candidate(text, low, 2):
        _CANDIDATE[raw] = low


# Run text -> [its possible candidates, its words that may be spelled like
# one (lower-cased, see _LOW), its words that matter (read when first
# needed), the names it shows]: pages repeat their runs, and all of this
# depends on the run's text alone.
_RUNS = Memo(_RUNS_SIZE)


def _infos(runs: List[str]) -> list:
    got = list(map(_RUNS.get, runs))
    if None not in got:
        return got
    todo = [i for i, g in enumerate(got) if g is None]
    toks = _SCAN_RE.findall("[".join([runs[i] for i in todo]))
    if None in map(_LOW.get, toks):
        new = set(toks).difference(_LOW)
        _LOW.room(len(new))
        if not _LOW:  # emptied: the candidates go with it
            _CANDIDATE.clear()
            new = set(toks)
        for t in new:
            _learn(t)
    from ..text.english import separators

    seps = separators(toks)
    if len(seps) == len(todo) - 1:
        pieces = [toks[a + 1:b] for a, b in zip([-1] + seps, seps + [len(toks)])]
    else:  # a run holding "[" after all: tokenize each alone
        pieces = [_WORD_RE.findall(runs[i]) for i in todo]
        for t in set().union(*pieces).difference(_LOW):
            _learn(t)
    _RUNS.room(len(todo))
    for i, ts in zip(todo, pieces):
        cands = set(map(_CANDIDATE.get, ts))
        cands.discard(None)
        # A tuple holds the words in a third of a frozenset's memory, and
        # set.isdisjoint takes any iterable.
        got[i] = _RUNS[runs[i]] = [frozenset(cands), tuple(filter(None, map(_LOW.__getitem__, ts))),
                                   None, None]
    return got


_PINYIN = rule("garbled.pinyin")


@lru_cache(maxsize=1)
def classifier_syllables() -> FrozenSet[str]:
    """Toneless pinyin of the characters CC-CEDICT glosses as classifiers
    ("classifier for groups of people" for 班)."""
    from pypinyin import lazy_pinyin

    from ..resources.cedict import glosses

    return frozenset(lazy_pinyin(w)[0] for w, defs in glosses().items()
                     if len(w) == 1 and any(d.strip().startswith("classifier for") for d in defs))


@register
class GarbledPinyin(Detector):
    name = "garbled_pinyin"
    description = "pinyin left in English for a translatable term (names excluded)"
    rules = ("garbled.pinyin",)

    def detect(self, doc: Document) -> Iterator[Finding]:
        if doc.language == "zh":
            return
        spans, runs = doc.latin_spans, doc.latin_texts
        yield from self._camel(runs, spans)
        yield from self._fused(runs, spans)
        infos = _infos(runs)
        cands = set().union(*[g[0] for g in infos])
        if not cands:
            return
        terms = term_pinyin(tuple(self.config.termbases))
        # Only the runs holding a word spelled like a candidate: elsewhere
        # nothing is flagged, and no name found there could spare one.
        lines = []
        names = set()
        for i in [i for i, g in enumerate(infos) if g[1] and not cands.isdisjoint(g[1])]:
            g = infos[i]
            if g[2] is None:
                # Only words that could be pinyin matter, and their
                # neighbours only through adjacency, which offsets preserve.
                g[2] = [_Word(m) for m in _WORD_RE.finditer(runs[i]) if _matters(m.group())]
                g[3] = frozenset(self._names(runs[i], g[2]))
            names |= g[3]
            lines.append(i)
        names |= self._loanwords([runs[i] for i in lines], cands)
        names |= cands & approved_words(tuple(self.config.termbases))
        # On a page of literary prose pinyin no termbase explains is a
        # translator's culture word (tingzijian), kept on purpose.
        from .garbled_calque.accept import literary

        loose = not literary(runs)
        for i in lines:
            yield from self._flag(runs[i], infos[i][2], names, terms, spans[i][0], loose)

    def _camel(self, runs: List[str], spans: list) -> Iterator[Finding]:
        """Pinyin written one capital a syllable (``GuoZiWei`` for
        国资委, ``XunCha`` for 巡察): MT's spelling of an abbreviation or term
        it could not translate. English and brands do not split into single
        pinyin syllables at their capitals; a person's or place's name in
        jieba (``LiMing``) is left alone."""
        terms = None
        for (base, _), run in zip(spans, runs):
            for m in _CAMEL.finditer(run):
                parts = _CAPITAL.findall(m.group())
                syl = tuple(p.lower() for p in parts)
                if not (2 <= len(parts) <= 4 and all(split_pinyin(p) == (q,)
                                                     for p, q in zip(parts, syl))):
                    continue
                if zipf(m.group().lower()) >= MAX_ZIPF or _is_name(syl):
                    continue
                if terms is None:
                    terms = term_pinyin(tuple(self.config.termbases))
                term = terms.get("".join(syl))
                if term is not None:
                    yield _PINYIN.finding(base + m.start(), base + m.end(), term.suggestion,
                                          0.95, f"pinyin of {term.zh} left untranslated",
                                          {"term": term.zh})
                    continue
                # Before a designator, no term's, it names a place ("ChengBi lake").
                after = _NEXT_WORD.match(run, m.end())
                if after and after.group(1).lower() in DESIGNATORS:
                    continue
                words = phrase_reading(syl) if len(syl) >= 3 else _word_reading(syl)
                # A surname and a given name run together (ZhangWei) unless
                # the whole reads as ordinary words.
                if not words and syl[0] in SURNAMES and len(syl) <= 3:
                    continue
                zh, gloss = _read_back(words) if words else ("", "")
                yield _PINYIN.finding(base + m.start(), base + m.end(), gloss, 0.7,
                                      "pinyin of a Chinese abbreviation or term left "
                                      "untranslated, one capital a syllable ("
                                      + " ".join(syl) + (f": {zh}" if zh else "") + ")")

    def _fused(self, runs: List[str], spans: list) -> Iterator[Finding]:
        """A number run together with the pinyin after it (``3Bangeng`` for
        3班耿: class 3, then a surname): MT left the measure word after a
        number untranslated and fused it with the next word. The word must
        begin with the pinyin of a classifier (``classifier_syllables``) and
        not be English (``74Anniversary`` is a missing space, left to the
        punctuation check)."""
        for (base, _), run in zip(spans, runs):
            for m in _FUSED.finditer(run):
                low = m.group(2).lower()
                if zipf(low) >= PINYIN_WORD_ZIPF:
                    continue
                head = next((low[:k] for k in range(min(6, len(low)), 0, -1)
                             if low[:k] in classifier_syllables()), None)
                if head is None or len(low) - len(head) == 1:
                    continue
                yield _PINYIN.finding(
                    base + m.start(), base + m.end(), "", 0.7,
                    f"a number run together with pinyin: '{head}' reads as a measure word "
                    "after the number (class, number, building ...) left untranslated"
                    + (" and fused with the word after it" if len(low) > len(head) else ""))

    @staticmethod
    def _loanwords(runs: List[str], cands: set) -> set:
        """Candidates used in lower case in ``LOANWORD_USES`` different runs
        or more: loanwords the page keeps on purpose."""
        uses: Dict[str, int] = {}
        for run in set(runs):
            for w in {m.group().lower() for m in _WORD_RE.finditer(run)
                      if m.group().islower() or m.group()[-2:] in ("'s", "\u2019s")}:
                w = w[:-2] if w[-2:] in ("'s", "\u2019s") else w
                if w in cands:
                    uses[w] = uses.get(w, 0) + 1
        return {w for w, n in uses.items() if n >= LOANWORD_USES}

    @staticmethod
    def _adjacent(text: str, a: _Word, b: _Word) -> bool:
        return bool(_JOIN_RE.fullmatch(text[a.end:b.start]))

    def _names(self, text: str, words: List[_Word]) -> set:
        """Lower-cased words this stretch shows to be names."""
        names = set()
        for i, w in enumerate(words):
            if not w.syl:
                continue
            nxt = words[i + 1] if i + 1 < len(words) and self._adjacent(text, w, words[i + 1]) else None
            prv = words[i - 1] if i and self._adjacent(text, words[i - 1], w) else None
            if not w.cap:
                # MT that lower-cases a page lower-cases its names too: a
                # surname before a pinyin given name (``ren dongbin``) and a
                # pinyin word before a designator (``chengguan town``) are
                # names in lower case as well.
                if (nxt and not nxt.cap and nxt.syl and len(nxt.syl) <= 2
                        and w.text in SURNAMES and w.text not in _surname_words()):
                    names.update((w.text, nxt.text))
                if (prv and not prv.cap and prv.syl and len(w.syl) <= 2
                        and prv.text in SURNAMES and prv.text not in _surname_words()):
                    names.update((w.text, prv.text))
                # A capitalised surname before it (``Gan yahuan``), too.
                if (prv and prv.cap and prv.syl and len(w.syl) <= 2
                        and prv.text.lower() in SURNAMES
                        and prv.text.lower() not in _surname_words()):
                    names.update((w.text, prv.text.lower()))
                if nxt and nxt.text.lower() in DESIGNATORS:
                    names.add(w.text)
                # ... and one school's kind between ("changzheng primary school").
                if _SCHOOL_AFTER.match(text, w.end):
                    names.add(w.text)
                continue
            if nxt and nxt.cap and nxt.syl and len(nxt.syl) <= 2 and w.text.lower() in SURNAMES:
                names.update((w.text.lower(), nxt.text.lower()))
            if prv and prv.cap and len(w.syl) <= 2 and prv.text.lower() in SURNAMES and prv.syl:
                names.update((w.text.lower(), prv.text.lower()))
            if nxt is None and i + 1 < len(words) and words[i + 1].text.lower() in DESIGNATORS \
                    and _TITLE_WORDS.fullmatch(text[w.end:words[i + 1].start]):
                # Capitalised English words between the pinyin and the
                # designator name the kind of body ("Daqiao Electric Power
                # Branch", "Pingwu Water Supply Company"): a name too.
                nxt = words[i + 1]
            if nxt and nxt.text.lower() in DESIGNATORS:
                # The whole capitalised run before the designator is a name.
                j = i
                while j >= 0 and words[j].cap and words[j].syl:
                    names.add(words[j].text.lower())
                    if not j or not self._adjacent(text, words[j - 1], words[j]):
                        break
                    j -= 1
        return names

    def _flag(self, text, words, names, terms, base: int = 0,
              loose: bool = True) -> Iterator[Finding]:
        # A candidate: a word with a ``term`` the page's names do not hold.
        i = 0
        n = len(words)
        while i < n:
            t = words[i].term
            if t is None or t in names:
                i += 1
                continue
            j = i + 1
            while (j < n and self._adjacent(text, words[j - 1], words[j])
                   and words[j].term is not None and words[j].term not in names):
                j += 1
            run = words[i:j]
            yield from self._run(run, terms, base, loose)
            i = j

    def _run(self, run: List[_Word], terms, base: int = 0,
             loose: bool = True) -> Iterator[Finding]:
        # Longest stretches of the run that spell a term's pinyin first.
        k = 0
        after_term = False
        while k < len(run):
            hit = None
            for m in range(len(run), k, -1):
                key = "".join("".join(w.syl) for w in run[k:m])
                if key in terms:
                    hit = (m, terms[key])
                    break
            # After a capitalised pinyin word that spells no term, a
            # capitalised one is the rest of a name ("Beixiang Yizhen", a
            # town, not 义诊); after a term it is the next term ("Chuangwen
            # Chuangwei").
            if hit and k and run[k].cap and run[k - 1].cap and not after_term:
                hit = None
            # One capitalised word that also spells the name of many towns
            # (Chengguan: 城关, besides 城管 urban management) is a place.
            if hit and hit[0] == k + 1 and run[k].cap and "".join(run[k].syl) in _town_names():
                hit = None
            after_term = bool(hit)
            if hit:
                m, term = hit
                yield _PINYIN.finding(base + run[k].start, base + run[m - 1].end,
                                      term.suggestion, 0.95,
                                      f"pinyin of {term.zh} left untranslated",
                                      {"term": term.zh})
                k = m
                continue
            w = run[k]
            if loose and w.cap and zipf(w.text.lower()) < MAX_ZIPF:
                # A capitalised word that reads back as a Chinese phrase
                # (Lajifenlei: 垃圾 分类, waste sorting).
                words = phrase_reading(w.syl)
                if words:
                    zh, gloss = _read_back(words)
                    yield _PINYIN.finding(base + w.start, base + w.end, gloss, confidence=0.7,
                                          note="pinyin of a Chinese phrase ("
                                          + " ".join(words) + (f": {zh}" if zh else "")
                                          + ") left untranslated")
                k += 1
                continue
            # A capitalised word no termbase explains is most likely a name
            # whose context does not show it (a given name alone, a brand);
            # so is one that spells a name of jieba's dictionary (jiading:
            # 嘉定, a district) whatever its case.
            if not loose or zipf(w.text.lower()) >= MAX_ZIPF or w.cap or _is_name(w.syl):
                k += 1
                continue
            yield _PINYIN.finding(base + w.start, base + w.end, confidence=0.7,
                                  note="pinyin left untranslated (" + " ".join(w.syl) + ")")
            k += 1
