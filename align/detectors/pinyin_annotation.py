"""Readings that a converter flattened into the text: ``書(shū)記``.

Sites that convert simplified pages to traditional (or that add ruby for
learners) sometimes lose the ``<ruby>`` markup and leave the reading in
parentheses right after the character, ``會(huì )議`` with a stray space where
the ``<rt>`` ended, or after a whole word, ``记者(jìzhě)``.

Parentheses after Chinese text hold many other things: years ``(2023)``, a
reporter's name ``(吴超)``, an English gloss ``(Party)``, an abbreviation.
What sets a reading apart is that its contents parse completely as pinyin
syllables from the inventory of ``pypinyin`` (every reading of every
character it knows), written with tone marks or tone numbers, and that those
syllables are readings of the characters just before the parenthesis. The
second test is what makes toneless content such as ``了(le)`` safe to flag,
and what keeps an English word that happens to spell a syllable (``(men)``,
``(long)``) out: without tone marks the reading has to match. Heteronyms
count (``長`` is ``zhǎng`` and ``cháng``), and a traditional character is
also looked up in its simplified form.

The check also reports nothing for a parenthesis that does not follow a Han
character, so a pinyin name in an English sentence is left alone. Converters
write readings in lower case; title-case content (``鲁迅 (Lǔ Xùn)``,
``故宫 (Gùgōng)``) is a name glossed on purpose, reported (at a confidence
``clean`` does not act on) only where Chinese text goes on after it.
"""
from __future__ import annotations

import operator
import os
import re
import unicodedata
from functools import lru_cache
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple

from ..core import recache
from ..core.memo import Memo
from ..text.document import Document
from ..core.findings import Finding
from ..core.rules import RULES
from ..text.scripts import HAN
from .base import Detector, register

# Longest word a reading is checked against, one syllable a character
# (``社会主义核心价值观`` has nine), and the longest content considered: as
# many syllables of ``zhuang4`` with spaces.
_MAX_HAN = 16
_MAX_CONTENT = 8 * _MAX_HAN
# Characters before a parenthesis that the verdict reads: the word and the
# one space tolerated before the parenthesis.
_BEFORE = _MAX_HAN + 1
# A parenthesis whose content holds letters (with tone marks), tone digits,
# spaces and apostrophes. It must follow a Han character (one space
# tolerated), which ``detect`` checks: led by the parenthesis, the pattern
# lets the regex engine skip to the next one in C instead of trying a
# lookbehind at every character.
_CONTENT = f"([ a-zA-Z\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff1-5'\u2019]{{1,{_MAX_CONTENT}}})([)\uff09])"
_CANDIDATE_RE = re.compile(f"([(\uff08]){_CONTENT}")
# The same, one pattern per opening parenthesis: a pattern led by one
# character skips to it in a tight loop, several times faster than testing
# a class at every character.
_CANDIDATE_RES = (re.compile(f"(\\(){_CONTENT}"), re.compile(f"(\uff08){_CONTENT}"))
_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
_SYLLABLE_SPLIT_RE = re.compile(r"[ '\u2019]+")


def _plain(syllable: str) -> Tuple[str, int]:
    """``(toneless syllable, tone)``: ``huì`` -> ``("hui", 4)``, ``lv4`` ->
    ``("lv", 4)``, ``le`` -> ``("le", 0)``. ``ü`` is written ``v``."""
    tone = 0
    if syllable and syllable[-1].isdigit():
        tone = int(syllable[-1])
        syllable = syllable[:-1]
    out = []
    for ch in unicodedata.normalize("NFD", syllable.lower()):
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        elif ch == "\u0308":
            if out and out[-1] == "u":
                out[-1] = "v"
        else:
            out.append(ch)
    return "".join(out), tone


@lru_cache(maxsize=1)
def _cache_stem() -> str:
    # Looking up package versions costs more than loading the inventory:
    # done once for both files.
    from ..core import diskcache as _diskcache

    return _diskcache.key("pinyin-tables", _MAX_CONTENT, ("pypinyin", "opencc"), (__file__,))


def _cache_key(kind: str) -> str:
    return _cache_stem().replace("pinyin-tables", f"pinyin-{kind}", 1)


@lru_cache(maxsize=1)
def _inventory() -> FrozenSet[str]:
    """Every toneless syllable that ``pypinyin`` knows as some reading.

    Importing ``pypinyin``'s dictionary and reading all of it takes half a
    second, paid by every process; the few hundred syllables are kept in the
    user cache (``_diskcache``) instead, keyed by the package versions."""
    from ..core import diskcache as _diskcache

    key = _cache_key("inventory")
    got = _diskcache.get(key)
    if isinstance(got, frozenset):
        return got
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for readings in pinyin_dict.values():
        for r in readings.split(","):
            out.add(_plain(r)[0])
    inv = frozenset(s for s in out if s.isalpha() and s.isascii())
    _diskcache.put(key, inv)
    return inv


@lru_cache(maxsize=1)
def _reading_table() -> Dict[str, str]:
    """``readings`` of every character ``pypinyin`` knows, packed as
    ``"shu1 shu4"``, from the user cache; built on the first run (a few
    seconds) so that later processes never import ``pypinyin`` for a known
    character. Empty when the cache is switched off: ``readings`` then asks
    ``pypinyin`` character by character, as it would without a table."""
    from ..core import diskcache as _diskcache

    if os.environ.get("ALIGN_NO_INDEX_CACHE"):
        return {}
    key = _cache_key("readings")
    got = _diskcache.get(key)
    if isinstance(got, dict):
        return got
    from pypinyin.pinyin_dict import pinyin_dict

    table = {}
    for code in pinyin_dict:
        ch = chr(code)
        table[ch] = " ".join(f"{s}{t}" for s, t in sorted(_live_readings(ch)))
    _diskcache.put(key, table)
    return table


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def readings(ch: str) -> FrozenSet[Tuple[str, int]]:
    """All readings of one character, as ``(toneless, tone)``, including
    those of its simplified form."""
    packed = _reading_table().get(ch)
    if packed is None:
        return _live_readings(ch)
    return frozenset((r[:-1], int(r[-1])) for r in packed.split())


def _live_readings(ch: str) -> FrozenSet[Tuple[str, int]]:
    from pypinyin import Style, pinyin

    forms = {ch, _t2s().convert(ch)}
    out = set()
    for form in forms:
        for r in pinyin(form, style=Style.TONE, heteronym=True, errors="ignore")[:1]:
            for s in r:
                p = _plain(s)
                out.add(p)
                if p[1] == 0:
                    out.add((p[0], 5))
    return frozenset(out)


def split_syllables(content: str) -> Optional[List[str]]:
    """Cut the content of a parenthesis into pinyin syllables, or ``None``
    when it is not pinyin. Syllables may be written together (``jìzhě``);
    a tone mark or digit ends a syllable's vowels, which the longest-first
    split below respects by trying every cut."""
    inv = _inventory()
    out: List[str] = []
    for chunk in _SYLLABLE_SPLIT_RE.split(content.strip()):
        if not chunk:
            continue
        parts = _split_chunk(chunk, inv)
        if parts is None:
            return None
        out.extend(parts)
    return out or None


def _split_chunk(chunk: str, inv: FrozenSet[str]) -> Optional[List[str]]:
    # Tone digits only end a syllable; keep them with the letters before.
    n = len(chunk)
    best: List[Optional[List[str]]] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 1, -1, -1):
        for j in range(min(n, i + 8), i, -1):
            piece = chunk[i:j]
            if best[j] is None:
                continue
            if piece[0].isdigit() or any(c.isdigit() for c in piece[:-1]):
                continue
            if _plain(piece)[0] in inv:
                best[i] = [piece] + best[j]
                break
    return best[0]


@lru_cache(maxsize=65536)
def classify(preceding: str, content: str) -> Optional[Tuple[str, float]]:
    """Decide whether ``content`` is a reading of the Han text ending
    ``preceding``: ``(rule, confidence)`` or ``None``."""
    syllables = split_syllables(content)
    if not syllables:
        return None
    plain = [_plain(s) for s in syllables]
    toned = any(t for _, t in plain)
    if not toned and content != content.lower():
        # ``西安(Xi'an)``, ``华为(Huawei)``: a romanized name given on purpose.
        return None
    # A bare syllable among numbered ones is pypinyin's TONE3 neutral tone
    # (``我们(wo3 men)``): checked as toneless below, so it must read its
    # character.
    digits = any(s[-1].isdigit() for s in syllables)
    # One character a syllable: the word is as long as the reading.
    han = preceding[-len(syllables):]
    matches = len(han) == len(syllables) and all(
        p in readings(c) or (p[1] == 0 and any(r[0] == p[0] for r in readings(c)))
        for c, p in zip(han, plain))
    if matches:
        # ``李白 (Lǐ Bái)``: written as a name is, not as converters write.
        return _NAME if toned and _title_case(content) else _READING
    marks = toned and not digits
    if marks and content.strip() == content.strip().lower():
        # Tone-marked pinyin after Chinese text is a reading even when
        # pypinyin does not know this one (rare readings, other words).
        return "pinyin_annotation.toned_pinyin", 0.8
    return None


_READING = ("pinyin_annotation.reading", 1.0)
# A reading in title case: reported only inside Chinese text, below the
# confidence ``clean`` needs to delete it.
_NAME = ("pinyin_annotation.reading", 0.5)


def _title_case(content: str) -> bool:
    """Every group of syllables capitalised and the rest lower case:
    ``Lǔ Xùn``, ``Xī'ān``, ``Bei3jing1``."""
    return all(g[0].isupper() and g[1:] == g[1:].lower() for g in content.split())


_HAN_TAIL_RE = recache.compile(f"[{HAN}]{{1,{_MAX_HAN}}}$")
# Chinese text going on after a parenthesis (one space tolerated): a Han
# character or a mark only Chinese typography uses.
_CHINESE_AFTER_RE = re.compile(
    f"[ \u3000]?[{HAN}\u3001-\u3003\u3008-\u3011\u3014-\u301f"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
# Tone digits, spaces and apostrophes only: no reading.
_NO_LETTER_RE = re.compile("[ 1-5'\u2019\u00d7\u00f7\u0300-\u036f]+")
_NOTE = "reading inserted by a converter; delete it"


@register
class PinyinAnnotation(Detector):
    name = "pinyin_annotation"
    description = "pinyin readings a converter left in parentheses after characters: 書(shū)記"
    rules = ("pinyin_annotation.reading", "pinyin_annotation.toned_pinyin")

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        memo = _VERDICTS
        for m in _candidates(text):
            start, end = m.span()
            lo = start - _BEFORE if start > _BEFORE else 0
            # One slice is the key: the ``_BEFORE`` characters before the
            # parenthesis (fewer only at the start of the text) and the
            # match. The opening parenthesis stands at its one place, as
            # the content holds none, so the key tells ``before`` and the
            # content apart.
            key = text[lo:end]
            verdict = memo.get(key, 0)
            if verdict == 0:
                verdict = memo.put(key, _verdict(key[:start - lo], m.group(2)))
            if verdict is None:
                continue
            if verdict is _NAME and not _CHINESE_AFTER_RE.match(text, end):
                # ``the poet 李白 (Lǐ Bái) wrote``: a gloss in English prose.
                continue
            # The reading with its parentheses, not the space before it.
            r = _RULES[verdict[0]]
            yield Finding(start, end, r.category, r.id, r.severity, "", verdict[1], _NOTE)


# Parenthesis key (see ``detect``) -> its verdict: a page repeats its
# readings, and a dict of one string key costs half the lookup of a cache on
# the pair. Small and cleared when full.
_VERDICTS_SIZE = 4096
_VERDICTS = Memo(_VERDICTS_SIZE)
# A verdict's rule id -> the rule, for its category and severity.
_RULES = {rule_id: RULES[rule_id] for rule_id in PinyinAnnotation.rules}


def _verdict(before: str, content: str) -> Optional[Tuple[str, float]]:
    """``classify`` of a parenthesis holding ``content`` after the text
    ``before`` (the ``_BEFORE`` characters before it, fewer at the start of
    the text: all that the test reads), or ``None``. The Han character may
    stand one space before the parenthesis; the Han text ending there is
    what the reading is checked against."""
    end = len(before)
    tail = _han_tail(before, end)
    if tail is None:
        if end < 2 or before[-1] not in " \u3000":
            return None
        tail = _han_tail(before, end - 1)
        if tail is None:
            return None
    if _NO_LETTER_RE.fullmatch(content):
        return None
    return classify(tail, content)


def _candidates(text: str) -> list:
    """``_CANDIDATE_RE.finditer(text)``, as the matches of one pattern per
    opening parenthesis: a match holds no other parenthesis, so no two of
    them overlap and together they are the same matches."""
    ascii_, wide = (list(rx.finditer(text)) for rx in _CANDIDATE_RES)
    if not wide:
        return ascii_
    if not ascii_:
        return wide
    return sorted(ascii_ + wide, key=_START)


_START = operator.methodcaller("start")


def _han_tail(text: str, end: int) -> Optional[str]:
    """The Han characters (up to ``_MAX_HAN``) right before ``end``, or ``None``."""
    if not end:
        return None
    tail = _HAN_TAIL_RE.search(text, end - _MAX_HAN if end > _MAX_HAN else 0, end)
    # "$" also matches before a line break that ends the searched stretch.
    return tail.group() if tail is not None and tail.end() == end else None
