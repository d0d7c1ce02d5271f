"""Numbers in Chinese and English text, found with offsets and normalized.

A translation checker keeps asking two questions about numbers: *where* is a
number in this text, and *what* is its value. Chinese writes the same value as
``2020``, ``二〇二〇`` or ``两千零二十``; English as ``2020``, ``twenty twenty``
or ``Two thousand and twenty``. This module answers both questions for both
languages with one small type, ``NumberSpan``, so that a monolingual check can
propose the digits for a spelled-out number and a bilingual check can compare
the numbers of a source sentence with those of its translation.

Public API (stable; the bilingual ``number_mismatch`` check builds on it):

- ``chinese_numbers(text) -> list[NumberSpan]``: Chinese numerals, digits and
  dates in Chinese text (``二〇二〇年``, ``四月二十四日``, ``百分之五点二``,
  ``3.5万``, ``1.53亿元``, ``第二十次``), values normalized with ``cn2an``.
- ``english_numbers(text) -> list[NumberSpan]``: digits, spelled-out numbers
  (``forty-eight``, ``two thousand and twenty``, ``twenty twenty``,
  ``twentieth``), percentages, money, dates (``April 24, 2020``, ``2020-04-24``).
- ``parse_english_words(words) -> int | float | None``: the value of one
  spelled-out number (``"Two thousand and twenty"`` -> 2020).
- ``spelled_numbers(text)``: lower level; every run of English number words
  with its value and shape, used by the ``number`` detector.

``NumberSpan(start, end, value, kind, unit)``: ``text[start:end]`` is the
number as written; ``kind`` is one of ``year``, ``date``, ``percent``,
``money``, ``count``, ``ordinal``; ``value`` is an ``int`` or ``float``, and
for a date a ``(year, month, day)`` tuple with ``None`` for a missing part;
``unit`` is a currency (``yuan``, ``dollar`` ...) for money, else empty.
``NumberSpan.key`` is a canonical string (``"2020"``, ``"5.2%"``,
``"2020-04-24"``, ``"--04-24"``; an ordinal is its number, so ``第二十``
and ``20th`` meet under ``"20"``) under which equal values in either language
compare equal. Scale words are folded into the value: ``3.5万`` and
``35 thousand`` are both 35000, ``1.53亿`` and ``153 million`` both 153000000.

Finding numbers is heuristic on purpose: Chinese numerals also live inside
ordinary words (``一些`` "some", ``统一`` "unify", ``十分`` "very"), so a lone
small numeral counts only next to a measure word or a date character, and
English ``one`` is often a pronoun, so ``one`` alone is left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import List, NamedTuple, Optional, Sequence, Tuple, Union

from ..core import recache

Value = Union[int, float, Tuple[Optional[int], Optional[int], Optional[int]]]

@dataclass(frozen=True)
class NumberSpan:
    start: int
    end: int
    value: Value
    kind: str
    unit: str = ""

    @property
    def key(self) -> str:
        """Canonical form for comparing numbers across languages."""
        if self.kind == "date":
            y, m, d = self.value  # type: ignore[misc]
            parts = [f"{y:04d}" if y else "-", f"{m:02d}" if m else "-"]
            if d:
                parts.append(f"{d:02d}")
            return "-".join(parts)
        v = _num_str(self.value)  # type: ignore[arg-type]
        if self.kind == "percent":
            return v + "%"
        return v


def _num_str(v: Union[int, float]) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, float):
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


def _clean(v: float) -> Union[int, float]:
    v = round(v, 6)
    return int(v) if float(v).is_integer() else v


# ---------------------------------------------------------------- English words

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
          "trillion": 10**12}
ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
    "nineteenth".split())}
ORDINALS.update({w: 10 * i for i, w in enumerate(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth "
    "ninetieth".split(), start=2)})
ORDINALS.update({"hundredth": 100, "thousandth": 1000, "millionth": 10**6,
                 "billionth": 10**9})
# "nineteen oh five"
_OH = {"oh", "o"}

MAX_WORDS = 16
NUMBER_WORDS = set(UNITS) | set(TENS) | set(SCALES) | set(ORDINALS)
# Longest first; ties in a fixed order: NUMBER_WORDS is a set, whose order
# changes with every process's string hashes, and a pattern that changes
# is compiled afresh by every process (``core.recache`` keys by pattern).
_ALT = "|".join(sorted(NUMBER_WORDS, key=lambda w: (-len(w), w)))
_YEAR_OH = r"(?:oh|o)"
# A run of number words joined by spaces, hyphens, "and" or "point". Every
# repetition consumes a whole number word, so the match is linear.
SPELLED_RE = recache.compile(
    rf"(?<![\w'’-])(?:{_ALT})(?:(?:[ \t]*-[ \t]*|[ \t]+(?:and[ \t]+|point[ \t]+|{_YEAR_OH}[ \t]+)?)(?:{_ALT}))*(?![\w'’]|-\w)",
    re.I)
_WORD_RE = re.compile(r"[A-Za-z]+")
# The four letters re.I matches to ASCII ones (dotted and dotless i, long s,
# the Kelvin sign): SPELLED_RE takes "ſix" for "six", so its words are
# read as those letters. One character each, so offsets hold.
_ASCII_FOLD = str.maketrans("\u0130\u0131\u017f\u212a", "IisK")


class Spelled(NamedTuple):
    """One spelled-out number inside a run of number words.

    ``shape`` is ``cardinal``, ``ordinal``, ``year`` (``twenty twenty``,
    ``nineteen oh five``) or ``digits`` (``two zero two zero``, digit by
    digit); ``words`` are the lower-cased words it was read from."""

    start: int
    end: int
    value: Union[int, float]
    shape: str
    words: Tuple[str, ...]


def parse_english_words(words: Union[str, Sequence[str]]) -> Optional[Union[int, float]]:
    """Value of one spelled-out cardinal or ordinal, or ``None``.

    >>> parse_english_words("Two thousand and twenty")
    2020
    >>> parse_english_words("forty-eight")
    48
    >>> parse_english_words("twenty-fourth")
    24
    """
    if isinstance(words, str):
        words = _WORD_RE.findall(words)
    tokens = [w.lower() for w in words]
    found = _split_numbers([(t, i, i + 1) for i, t in enumerate(tokens)])
    if len(found) != 1 or found[0][1] != 0 or found[0][2] != len(tokens):
        return None
    return found[0][0]


def _cardinal(tokens: List[str]) -> Optional[Union[int, float]]:
    """Standard left-to-right reading; ``None`` when the words do not form
    one number (``two three``, ``twenty fifty``)."""
    if "point" in tokens:
        i = tokens.index("point")
        whole = _cardinal(tokens[:i]) if i else 0
        digits = tokens[i + 1:]
        if whole is None or not digits or any(d not in UNITS or UNITS[d] > 9 for d in digits):
            return None
        return _clean(float(f"{whole}." + "".join(str(UNITS[d]) for d in digits)))
    if not tokens or tokens[0] == "and" or tokens[-1] == "and":
        return None
    total, group, last, last_scale = 0, 0, None, 10**15
    for t in tokens:
        if t == "and":
            if last not in ("hundred", "scale"):
                return None
            continue
        if t in UNITS or t in ORDINALS and ORDINALS[t] < 20:
            v = UNITS.get(t, ORDINALS.get(t))
            if last in ("unit", "teen"):
                return None
            if last == "tens" and v >= 10:
                return None
            group += v
            last = "unit" if v < 10 else "teen"
        elif t in TENS or t in ORDINALS and 20 <= ORDINALS[t] < 100:
            if last in ("unit", "teen", "tens"):
                return None
            group += TENS.get(t, ORDINALS.get(t, 0))
            last = "tens"
        elif t in ("hundred", "hundredth"):
            if last in ("hundred", "tens", "scale") or group % 100 == 0 and group:
                return None
            group = (group or 1) * 100
            last = "hundred"
        else:
            scale = SCALES.get(t) or ORDINALS[t]
            if scale >= last_scale:
                return None
            total += (group or 1) * scale
            group, last, last_scale = 0, "scale", scale
    return total + group


def _split_numbers(toks: List[Tuple[str, int, int]]):
    """Cut a run of number words into numbers: greedy longest valid prefix,
    an ordinal word ends a number. Yields ``(value, i, j, shape)`` over token
    indices ``[i, j)``."""
    out = []
    i, n = 0, len(toks)
    words = [t[0] for t in toks]
    while i < n:
        if toks[i][0] in {"and", "point"} | _OH:
            i += 1
            continue
        year = _year_shape(words, i)
        if year:
            out.append(year)
            i = year[2]
            continue
        best = None
        # No number needs more than MAX_WORDS words; the bound keeps a long
        # run of number words ("twenty-four twenty-four ...") linear.
        for j in range(i + 1, min(n, i + MAX_WORDS) + 1):
            v = _cardinal(words[i:j])
            if words[j - 1] in ORDINALS:
                if v is not None:
                    best = (v, i, j)
                break
            if v is not None:
                best = (v, i, j)
        if best is None:
            i += 1
            continue
        v, a, b = best
        shape = "ordinal" if toks[b - 1][0] in ORDINALS else "cardinal"
        out.append((v, a, b, shape))
        i = b
    return out


def _year_shape(words, i):
    """``twenty twenty``, ``nineteen ninety-eight``, ``nineteen oh five``,
    ``two zero two zero``: years read in pairs or digit by digit."""
    # Digit by digit: four single digits, zero read as zero/oh/o.
    digits = []
    j = i
    while j < len(words) and len(digits) < 4:
        w = words[j]
        if w in UNITS and UNITS[w] < 10:
            digits.append(UNITS[w])
        elif w in _OH and digits:
            digits.append(0)
        else:
            break
        j += 1
    if len(digits) == 4 and 1000 <= int("".join(map(str, digits))) <= 2099:
        return (int("".join(map(str, digits))), i, j, "digits")
    # Century pair: a teen or "twenty" followed by 10..99 or "oh" + digit.
    w = words[i]
    century = UNITS.get(w) if w in UNITS and 10 <= UNITS[w] <= 19 else (20 if w == "twenty" else None)
    if century is None or i + 1 >= len(words):
        return None
    nxt = words[i + 1]
    if nxt in _OH and i + 2 < len(words) and words[i + 2] in UNITS and 1 <= UNITS[words[i + 2]] <= 9:
        return (century * 100 + UNITS[words[i + 2]], i, i + 3, "year")
    if nxt in UNITS and 10 <= UNITS[nxt] <= 19:
        return (century * 100 + UNITS[nxt], i, i + 2, "year")
    if nxt in TENS:
        v, j = TENS[nxt], i + 2
        if j < len(words) and words[j] in UNITS and 1 <= UNITS[words[j]] <= 9:
            v += UNITS[words[j]]
            j += 1
        return (century * 100 + v, i, j, "year")
    return None


@lru_cache(maxsize=1)
def _number_word_automaton():
    import ahocorasick  # lazily: only pages with Latin text need it

    auto = ahocorasick.Automaton()
    for w in NUMBER_WORDS:
        auto.add_word(w, len(w))
    auto.make_automaton()
    return auto


def number_word_starts(low: str, starts) -> List[int]:
    """Where a number word may begin in the folded lower-cased text ``low``,
    ascending, from the offsets of every number word found in it
    (overlapping ones included). A number word right after an ASCII letter
    is inside a word: ``SPELLED_RE``'s lookbehind rejects it, so it is left
    out."""
    return sorted({p for p in starts if not p or not "a" <= low[p - 1] <= "z"})


def _spelled_matches(text: str, start: int, end: int, word_starts=None):
    """``SPELLED_RE.finditer(text, start, end)``, without scanning every
    position: a match begins with a number word, so the places a number word
    begins (found in one pass of an Aho-Corasick automaton over the
    lower-cased text) are the only places to try the pattern. ``re.I`` also
    matches dotless i and long s to ASCII, so those are folded first; a
    text whose length ``lower()`` changes (dotted capital I) is scanned
    the slow way, its offsets would not line up. ``word_starts`` are those
    places (offsets into ``text``) when the caller has found them."""
    if word_starts is None:
        low = text[start:end].lower()
        if len(low) != end - start:
            yield from SPELLED_RE.finditer(text, start, end)
            return
        if "\u0131" in low or "\u017f" in low:
            low = low.replace("\u0131", "i").replace("\u017f", "s")
        hits = (i - n + 1 for i, n in _number_word_automaton().iter(low))
        word_starts = [p + start for p in number_word_starts(low, hits)]
    pos = start
    for p in word_starts:
        if p < pos:
            continue
        if p >= end:
            break
        m = SPELLED_RE.match(text, p, end)
        if m:
            yield m
            pos = m.end()


def spelled_numbers(text: str, start: int = 0, end: Optional[int] = None,
                    word_starts: Optional[Sequence[int]] = None) -> List[Spelled]:
    """Every spelled-out number in ``text[start:end]``, in order.
    ``word_starts``, when given, are where a number word may begin (see
    ``number_word_starts``; offsets into ``text``, ascending): the caller
    found them in a scan of its own."""
    end = len(text) if end is None else end
    out: List[Spelled] = []
    for m in _spelled_matches(text, start, end, word_starts):
        at = m.start()
        for a, b, v, shape, words in _readings(m.group()):
            out.append(Spelled(at + a, at + b, v, shape, words))
    return out


# Match text -> its numbers, offsets into the match: pages repeat their
# spelled numbers ("one", "first", a date), and how a match reads depends on
# its text alone (_WORD_RE has no lookaround, so the match's words are the
# text's words there). Small and cleared when full: memory stays flat.
_READINGS: dict = {}
_READINGS_SIZE = 4_096


def _readings(match: str) -> tuple:
    """``(start, end, value, shape, words)`` of each number in ``match``
    (a match of ``SPELLED_RE``), offsets into ``match``."""
    got = _READINGS.get(match)
    if got is None:
        text = match if match.isascii() else match.translate(_ASCII_FOLD)
        toks = [(w.group().lower(), w.start(), w.end()) for w in _WORD_RE.finditer(text)]
        got = tuple((toks[i][1], toks[j - 1][2], v, shape, tuple(t[0] for t in toks[i:j]))
                    for v, i, j, shape in _split_numbers(toks))
        if len(_READINGS) >= _READINGS_SIZE:
            _READINGS.clear()
        _READINGS[match] = got
    return got


# ---------------------------------------------------------------- English digits

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_CURRENCY_WORDS = {
    "yuan": "yuan", "rmb": "yuan", "renminbi": "yuan", "dollar": "dollar", "dollars": "dollar",
    "us dollars": "dollar", "u.s. dollars": "dollar", "euro": "euro", "euros": "euro",
    "pound": "pound", "pounds": "pound", "yen": "yen", "hk dollars": "hkd",
}
_CUR_SUFFIX = r"(?:US dollars|U\.S\. dollars|HK dollars|yuan|RMB|renminbi|dollars?|euros?|pounds?|yen)"
_CUR_PREFIX = {"$": "dollar", "US$": "dollar", "¥": "yuan", "￥": "yuan", "RMB": "yuan", "€": "euro", "£": "pound"}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_SUFFIX = r"(?:thousand|million|billion|trillion|bn|mn)"
DIGITS_RE = recache.compile(
    rf"(?<![\w.,])(?P<cur>US\$|\$|¥|￥|€|£|RMB ?)?(?P<num>{_NUM})"
    rf"(?P<ord>st|nd|rd|th)?"
    rf"(?:[ \t]?(?P<scale>{_SCALE_SUFFIX})\b)?"
    rf"(?P<pct>[ \t]?(?:%|％|percent\b|per cent\b))?"
    rf"(?:[ \t](?P<cur2>{_CUR_SUFFIX})\b)?",
    re.I)
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
DATE_RES = [
    re.compile(r"(?<![\d.])(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\d])"),
    re.compile(rf"\b(?P<mn>{_MONTH_ALT})\.?[ \t]+{_DAY}\b(?:,?[ \t]+(?P<y>\d{{4}})\b)?", re.I),
    re.compile(rf"(?<![\d.]){_DAY}[ \t]+(?:of[ \t]+)?(?P<mn>{_MONTH_ALT})\b\.?(?:,?[ \t]+(?P<y>\d{{4}})\b)?", re.I),
    re.compile(rf"\b(?P<mn>{_MONTH_ALT})[ \t]+(?P<y>\d{{4}})\b", re.I),
]
_SCALE_VALUE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
                "bn": 10**9, "mn": 10**6}


def _month(name: str) -> Optional[int]:
    return MONTHS.get(name.lower().rstrip("."))


def english_numbers(text: str) -> List[NumberSpan]:
    """Numbers and dates in English text, sorted by offset, not overlapping.

    >>> [(s.value, s.kind) for s in english_numbers("On April 24, 2020, sales rose 5.2% to 1.53 billion yuan")]
    [((2020, 4, 24), 'date'), (5.2, 'percent'), (1530000000, 'money')]
    >>> [(s.value, s.kind) for s in english_numbers("Two thousand and twenty, forty-eight people, the twentieth congress")]
    [(2020, 'year'), (48, 'count'), (20, 'ordinal')]
    """
    spans: List[NumberSpan] = []
    taken: List[Tuple[int, int]] = []

    def free(a, b):
        return all(b <= s or a >= e for s, e in taken)

    def add(span: NumberSpan):
        spans.append(span)
        taken.append((span.start, span.end))

    for rx in DATE_RES:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            mo = int(g["m"]) if g.get("m") else _month(g["mn"])
            day = int(g["d"]) if g.get("d") else None
            year = int(g["y"]) if g.get("y") else None
            if not mo or not 1 <= mo <= 12 or day is not None and not 1 <= day <= 31:
                continue
            add(NumberSpan(m.start(), m.end(), (year, mo, day), "date"))
    for m in DIGITS_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        raw = m.group("num").replace(",", "")
        value: Union[int, float] = _clean(float(raw))
        scale = m.group("scale")
        if scale:
            value = _clean(value * _SCALE_VALUE[scale.lower()])
        cur = (m.group("cur") or "").strip()
        cur2 = m.group("cur2")
        unit = _CUR_PREFIX.get(cur, "") or _CURRENCY_WORDS.get((cur2 or "").lower(), "")
        if m.group("pct"):
            kind = "percent"
        elif unit:
            kind = "money"
        elif m.group("ord"):
            kind = "ordinal"
        elif (re.fullmatch(r"(1[5-9]|20)\d\d", raw) and not scale):
            kind = "year"
        else:
            kind = "count"
        add(NumberSpan(m.start(), m.end(), value, kind, unit))
    for s in spelled_numbers(text):
        if not free(s.start, s.end) or s.words == ("one",):
            continue
        end, kind, unit, value = s.end, "count", "", s.value
        if s.shape in ("year", "digits") or s.shape == "cardinal" and _looks_like_year(s):
            kind = "year"
        elif s.shape == "ordinal":
            kind = "ordinal"
        tail = _TAIL_RE.match(text, end)
        if tail and kind == "count":
            if tail.group("pct"):
                kind = "percent"
            else:
                kind, unit = "money", _CURRENCY_WORDS.get(tail.group("cur").lower(), "")
            end = tail.end()
        add(NumberSpan(s.start, end, value, kind, unit))
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


_TAIL_RE = re.compile(rf"(?:[ \t]+(?P<pct>percent|per cent)\b|[ \t]+(?P<cur>{_CUR_SUFFIX})\b)", re.I)


def _looks_like_year(s: Spelled) -> bool:
    """``two thousand and twenty``: a cardinal in 2000..2099 read as
    thousands; ``two thousand`` alone is a count."""
    return 2000 < s.value < 2100 and s.words[:2] == ("two", "thousand")


# ---------------------------------------------------------------- Chinese

_CN_DIGITS = "〇零一二两三四五六七八九十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟"
_AR = "0-9０-９"
_CN_NUM = rf"(?:[{_AR}]+(?:[.．][{_AR}]+)?[万亿]*|[{_CN_DIGITS}]+)"
# Characters that make a lone small numeral a number (measure words, units).
_MEASURE = set(
    "个名位次项家条件年月日号天人元台座所种批届期支艘辆架篇场轮倍成岁周小时分秒"
    "米里亩吨斤克户栋层间份套本张块片颗只头匹股处类组队部区县镇村季度点")
# Words in which a numeral character is not a number.
_NOT_NUMBER = re.compile(
    "一些|一起|一定|一直|一切|一样|一般|一致|一体|一线|一流|一道|一旦|一度|一向|一律|一齐|一时|"
    "一举|一心|一再|一边|一面|一同|一贯|一味|一手|一带一路|统一|唯一|万一|千万|十分|一番|一下|"
    "进一步|第一时间|一把手|三农|两会|两岸|九州|百姓|万物|千方百计|四面八方|一五一十|三心二意|"
    "七上八下|五湖四海|万众一心|一心一意|一丝不苟|一如既往|独一无二|一丝|一系列|一方面|一体化")
CN_RE = recache.compile(
    rf"(?P<pct>百分之(?P<pv>[{_CN_DIGITS}{_AR}.．]+))"
    rf"|(?P<date>(?:(?P<y>[{_AR}〇零一二三四五六七八九]{{4}}|[{_AR}]{{2}})年)?"
    rf"(?:(?P<m>[{_AR}]{{1,2}}|十[一二]?|[一二三四五六七八九])月)"
    rf"(?:(?P<d>[{_AR}]{{1,2}}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号])?)"
    rf"|(?P<year>(?P<yv>[{_AR}〇零一二三四五六七八九]{{4}})年)"
    rf"|(?P<ord>第(?P<ov>{_CN_NUM}))"
    rf"|(?P<num>{_CN_NUM})(?P<tail>%|％|(?:多|余)?(?:美元|欧元|港元|日元|英镑|元|块钱))?"
)


@lru_cache(maxsize=4096)
def cn_value(s: str) -> Optional[Union[int, float]]:
    """Value of a Chinese or mixed numeral (``二〇二〇``, ``五点二``,
    ``3.5万``, ``一万二千五百``) with ``cn2an``, or ``None``."""
    import cn2an  # lazily: it loads its own tables on import

    s = s.replace("．", ".")
    try:
        v = cn2an.cn2an(s, "smart")
    except Exception:
        return None
    return _clean(float(v))


def _cn_year(s: str) -> Optional[int]:
    if re.fullmatch(f"[{_AR}]+", s):
        return int(_clean(float(cn_value(s) or 0))) or None
    digits = "〇一二三四五六七八九"
    out = "".join(str(digits.index(c)) if c in digits else ("0" if c == "零" else "") for c in s)
    return int(out) if len(out) == 4 else None


def chinese_numbers(text: str) -> List[NumberSpan]:
    """Numbers and dates in Chinese text, sorted by offset.

    >>> [(s.key, s.kind) for s in chinese_numbers("二〇二〇年四月二十四日,增长百分之五点二,投资3.5万元,第二十次")]
    [('2020-04-24', 'date'), ('5.2%', 'percent'), ('35000', 'money'), ('20', 'ordinal')]
    """
    blocked = [(m.start(), m.end()) for m in _NOT_NUMBER.finditer(text)]

    def is_blocked(a, b):
        return any(s < b and a < e for s, e in blocked)

    out: List[NumberSpan] = []
    for m in CN_RE.finditer(text):
        a, b = m.span()
        if m.group("pct"):
            v = cn_value(m.group("pv"))
            if v is not None:
                out.append(NumberSpan(a, b, v, "percent"))
        elif m.group("date"):
            y = _cn_year(m.group("y")) if m.group("y") else None
            if y and y < 100:
                y += 2000
            mo = cn_value(m.group("m"))
            d = cn_value(m.group("d")) if m.group("d") else None
            if mo and 1 <= mo <= 12 and (d is None or 1 <= d <= 31):
                out.append(NumberSpan(a, b, (y, int(mo), int(d) if d else None), "date"))
        elif m.group("year"):
            y = _cn_year(m.group("yv"))
            if y:
                out.append(NumberSpan(a, b, y, "year"))
        elif m.group("ord"):
            v = cn_value(m.group("ov"))
            if v is not None and not is_blocked(a, b):
                out.append(NumberSpan(a, b, v, "ordinal"))
        else:
            raw = m.group("num")
            if is_blocked(a, b) or raw in ("点",) or raw.startswith("点"):
                continue
            v = cn_value(raw.rstrip("点"))
            if v is None:
                continue
            after = text[b:b + 1]
            tail = m.group("tail") or ""
            if len(raw) == 1 and not raw.isdigit() and after not in _MEASURE and not tail:
                continue
            if tail in ("%", "％"):
                out.append(NumberSpan(a, b, v, "percent"))
            elif tail:
                unit = {"美元": "dollar", "欧元": "euro", "港元": "hkd", "日元": "yen", "英镑": "pound"}
                cur = next((u for k, u in unit.items() if tail.endswith(k)), "yuan")
                out.append(NumberSpan(a, b, v, "money", cur))
            else:
                out.append(NumberSpan(a, b, v, "count"))
    return out
