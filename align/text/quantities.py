"""What a sentence's numbers *mean*: definite quantities a translation must
keep, and every value a reading of the sentence allows.

``numerals`` finds where numbers are and what they are worth. A bilingual
check needs more: 一 is the indefinite article far more often than the
number one (一个人 "a man", 一点 "a little"), numerals live inside words and
idioms (一起, 三心二意, 茅十八), approximations are no quantity at all
(几十 "dozens", 十几 "a dozen or so", 两三 "two or three", 三三两两, 上百),
and a translator may render 两人 as "both", 一双 as "a pair", 半百 as
"fifty". This module reads both sides of a pair:

- ``chinese_quantities(text)`` and ``english_quantities(text)`` return a
  ``Quantities``: ``definite`` (``NumberSpan``s of ``numerals`` a reviewer
  would expect the translation to keep: digits, dates, percentages, money,
  counts of two or more of a measure word outside any lexicalized word), and
  ``values`` / ``ranges`` (every value any reading of the text allows,
  definite or not: the numerals of words and idioms, each half of a
  juxtaposed approximation, 两 as "both", "a dozen" as 12, "hundreds of" as
  100-999), against which the other side's definite quantities are checked.
- ``explains(q, value)``: whether ``q`` allows ``value``.

Words are jieba's and the dictionary's (CC-CEDICT), not a hand list: a
numeral inside a dictionary word that is not a numeral plus a measure word
is lexicalized, and so is one inside a name (jieba's ``nr`` tags).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import List, Optional, Set, Tuple

from .numerals import (MONTHS, NUMBER_WORDS, SCALES, TENS, UNITS, NumberSpan, chinese_numbers, cn_value,
                       english_numbers, parse_english_words)

_DIGIT_CHARS = "一二两三四五六七八九"
_ZH_NUMERAL = "〇零一二两三四五六七八九十百千万亿廿卅"
_NUM_RUN = re.compile(rf"[{_ZH_NUMERAL}]+")
_AR = re.compile(r"[0-9０-９]")

# Classifiers and units a numeral counts (grammar: 量词). A numeral followed
# by one of them is a quantity, not part of a word.
MEASURES = frozenset(
    "个名位次项家条件年月日号天人元台座所种批届期支艘辆架篇场轮倍成岁周小时分秒"
    "米里亩吨斤克户栋层间份套本张块片颗只头匹股处类组队部区县镇村季度点"
    "丈尺寸两钱担升斗步遍趟回番声眼口把双对封枝根盏碗杯瓶桌顿句字行门道尊具幅首"
    "粒滴团堆群伙帮班排列节段笔角毛刻夜晚代辈世纪章卷册页版集届枚粒发箱袋包盒斤"
    "拳脚刀枪圈桶缸壶锅盘碟碗双副扇面间所栋座颗株棵朵串封钟"
    "身站局餐招级阵下丝缕样尾锭贯文桩宗席叠沓捆束炷顷筐篓拨炮箭鞭棍针幕")
# An adjective between a numeral and its measure word (三大碗 "three big
# bowls", 两整天 "two whole days").
_MEASURE_ADJ = frozenset("大小整满")


def _measure_at(text: str, i: int) -> bool:
    """Whether a measure word (or a unit of measure) starts at ``text[i]``,
    after an adjective or not."""
    if i < len(text) and text[i] in _MEASURE_ADJ and i + 1 < len(text):
        i += 1
    return i < len(text) and (text[i] in MEASURES or bool(_ZH_UNIT_RE.match(text, i)))
# Seniority among siblings and cousins (二奶奶 "Second Grandma", 三哥): an
# ordinal in a name, not a count.
KIN = frozenset("哥姐叔伯爷奶嫂婶舅姨妹弟娘姑爹妈儿子少公")
# Around a numeral, these make it an approximation (几十, 十几, 三十多,
# 百余, 数百, 上千, 成千, 三十来岁).
_VAGUE_BEFORE = frozenset("几数上成近多余")
_VAGUE_AFTER = frozenset("几多余来")
# Words that are a number of something in both languages.
# 俩 "the two of", 双 "a pair, twin" (双手, 一双); 对 is "a pair" only as
# a measure word (一对, 成对, 配对): alone it is "right" or "towards".
_ZH_TWO_RE = re.compile(rf"[俩双]|(?<=[{_ZH_NUMERAL}成配])对")
_PRONOUN_END = frozenset("们他她它我你")
_SENIORITY = re.compile(r"([二三四五六七八九十]{1,2})(?=[%s])" % "".join(sorted(KIN)))
_MODEL_NAME = re.compile(r"[A-Za-z]+[\u4e00-\u9fff]")
# The value of the place below a numeral's last unit (二十几: the ones).
_STEP = {"十": 1, "百": 10, "千": 100, "万": 1000, "亿": 10 ** 7}
# A Latin l read for the digit 1 (l966年) by a scanner: same length, so
# the offsets hold.
_L_DIGIT = re.compile(r"(?<![A-Za-z])[lI](?=[0-9])")


@dataclass
class Quantities:
    definite: List[NumberSpan] = field(default_factory=list)
    values: Set[float] = field(default_factory=set)
    ranges: List[Tuple[float, float]] = field(default_factory=list)
    #: Values of the numbers the text states, definite or approximate (两人,
    #: 两三个, "two or three"), not those of idioms, words and names.
    stated: Set[float] = field(default_factory=set)
    #: The approximations the text states (二十几: 21-29, 七八: 7-8).
    stated_ranges: List[Tuple[float, float]] = field(default_factory=list)
    #: The number of a list item or section heading the text opens with
    #: (``3、``, ``12.``): no quantity, but a label both sides should share.
    label: Optional[NumberSpan] = None
    #: Definite quantities stated as a lower bound ("more than twenty",
    #: "over 300"): the base of an approximation, which must be the other
    #: side's base (二十多 "more than twenty"), not any value in its range.
    bounds: List[NumberSpan] = field(default_factory=list)
    #: Numbers inside persons' names and titles of works (方七 "Fang Seven",
    #: 《三体》 "Three Body"): no quantity, but a name both sides should spell
    #: with the same number.
    names: List[NumberSpan] = field(default_factory=list)


def explains(q: Quantities, value) -> bool:
    """Whether some reading of ``q``'s text gives ``value`` (a number or a
    date tuple, whose parts must each be allowed)."""
    if isinstance(value, tuple):
        parts = [p for p in value if p is not None]
        return bool(parts) and all(explains(q, p) for p in parts)
    v = float(value)
    if v in q.values:
        return True
    return any(lo <= v <= hi for lo, hi in q.ranges)


_HEADING = re.compile(r"\s*[.．、)）:：]")


def _heading(text: str, span: NumberSpan) -> bool:
    """The number of a section heading (``10．``, ``3)`` at a line's start),
    which translations renumber or leave out."""
    return not text[:span.start].strip() and bool(_HEADING.match(text, span.end))


def hard(text: str, span: NumberSpan) -> bool:
    """A quantity written exactly (digits, a date, a year, a percentage, a
    sum of money): one a translation must keep even where it words the
    sentence freely."""
    return (span.kind in ("date", "year", "percent", "money")
            or bool(re.search(r"[0-9０-９]", text[span.start:span.end])))


def _span_values(span: NumberSpan) -> List[float]:
    if isinstance(span.value, tuple):
        return [float(p) for p in span.value if p is not None]
    return [float(span.value)]


# ---------------------------------------------------------------- Chinese

@lru_cache(maxsize=1)
def _posseg():
    from .zhwords import _jieba

    _jieba()
    import jieba.posseg as posseg

    return posseg


def _words(text: str) -> List[Tuple[int, int, str]]:
    """jieba's words of ``text`` as (start, end, tag)."""
    out, pos = [], 0
    for w, tag in _posseg().lcut(text):
        out.append((pos, pos + len(w), tag))
        pos += len(w)
    return out


def _lexicalized(text: str, a: int, b: int, words) -> bool:
    """Whether the numeral ``text[a:b]`` is part of a word that is not a
    numeral plus measure words: an idiom, a name, a compound (一起, 统一,
    三心二意, 茅十八, 一点 "a little")."""
    for s, e, tag in words:
        if e <= a or s >= b:
            continue
        if s >= a and e <= b:
            continue  # the word lies inside the numeral
        w = text[s:e]
        head = text[s:a] if s < a else ""
        tail = text[b:e] if e > b else ""
        if head and head not in ("第", "初"):
            return True
        core = tail.lstrip("几多余来")  # 二十几两, 三十多岁
        if core and not _measure_at(core, 0):
            return True  # 一起, 十分: no measure word after the numeral
        if tail and _in_dictionary(w) and not _gloss_counts(w):
            return True
        if tag == "i" and len(tail) > 1:
            return True  # an idiom: 三下五除二, 三番五次
        # A numeral and measure words only (jieba tags 二人 a name at
        # times): a count unless the dictionary says otherwise.
        if not head and tail:
            continue
        if tag.startswith("nr") or tag in ("ns", "nt", "nz", "i", "l"):
            return True  # names, idioms and set phrases
    return False


def _zh_names(text: str, words) -> List[NumberSpan]:
    """Numerals inside persons' names (jieba's ``nr`` words: 方七, 茅十八)
    and titles of works (《三体》), of two or more."""
    out = []
    spans = [(s, e) for s, e, tag in words if tag.startswith("nr")]
    spans += [m.span(1) for m in re.finditer(r"《([^《》]{1,30})》", text)]
    for s, e in spans:
        for m in _NUM_RUN.finditer(text, s, e):
            v = _cn(m.group().replace("两", "二"))
            if v is not None and v >= 2 and m.group() != text[s:e]:
                out.append(NumberSpan(m.start(), m.end(), v, "count"))
    return sorted(out, key=lambda n: n.start)


@lru_cache(maxsize=8192)
def _in_dictionary(word: str) -> bool:
    from ..resources.cedict import glosses

    return bool(glosses().get(word))


_EN_COUNT = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+|"
                       r"hundred|thousand|dozen|first|second|third|pair|both|twice|thrice|"
                       r"double|triple|treble|quadruple|twofold|threefold)\b", re.I)


@lru_cache(maxsize=8192)
def _gloss_counts(word: str) -> bool:
    """Whether CC-CEDICT's glosses of ``word`` keep its number (一瓶 "one
    bottle" does, 一点 "a bit" and 一样 "same" do not)."""
    from ..resources.cedict import glosses

    return any(_EN_COUNT.search(g) for g in glosses().get(word, ())[:3])


@lru_cache(maxsize=8192)
def _named_values(word: str) -> frozenset:
    """The capitalized number words of CC-CEDICT's first gloss of ``word``
    (三国 "Three Kingdoms period": 3): the number of a proper name."""
    from ..resources.cedict import glosses

    gl = glosses().get(word, ())
    out = set()
    for w in re.findall(r"\b[A-Z][a-z]+\b", gl[0] if gl else ""):
        if w.lower() in NUMBER_WORDS and w.lower() not in SCALES:
            v = parse_english_words(w.lower())
            if v is not None:
                out.add(float(v))
    return frozenset(out)


def _vague(text: str, a: int, b: int) -> bool:
    raw = text[a:b]
    before = text[a - 1] if a else ""
    after = text[b] if b < len(text) else ""
    if before in _VAGUE_BEFORE or after in _VAGUE_AFTER:
        return True
    # 十四岁多, 三个多月: "a little over".
    if after in MEASURES and text[b + 1:b + 2] in _VAGUE_AFTER:
        return True
    if "几" in raw:
        return True
    if raw[0] in "百千万" and raw[1:2] in ("十", "八"):
        return True  # 百十, 百八十, 千八百: "a hundred or so"
    # Two digits side by side: 两三, 七八, 二三十, 十七八 ("two or three").
    for x, y in zip(raw, raw[1:]):
        if x in _DIGIT_CHARS and y in _DIGIT_CHARS:
            return True
        if x == y:
            return True  # 三三两两, 千千万万, 一一
    # The same numeral again right after (三三两两 split as 三三 / 两两).
    return after != "" and after == raw[-1] and after in _ZH_NUMERAL


def _approx_range(text: str, a: int, b: int):
    """The range an approximation states: 二十几 (20, 29), 三十多 (30, 39),
    七八 (7, 8), 二三十 (20, 30); None for 几十, 上百 (no bound worth
    checking)."""
    raw = text[a:b]
    after = text[b] if b < len(text) else ""
    for i in range(len(raw) - 1):
        x, y = raw[i], raw[i + 1]
        if x in _DIGIT_CHARS and y in _DIGIT_CHARS and x != y:
            head, rest = raw[:i], raw[i + 2:]
            vals = [_cn((head + d + rest).replace("两", "二")) for d in (x, y)]
            if all(v is not None for v in vals):
                return float(min(vals)), float(max(vals))
            return None
    v = _cn(raw.replace("两", "二"))
    if v is not None and after and after in _VAGUE_AFTER and raw[-1] in _STEP:
        return float(v), float(v) + 9 * _STEP[raw[-1]]
    return None


def counted(text: str) -> List[Tuple[float, List[str]]]:
    """Each numeral of two or more in a Chinese text with the words that may
    name what it counts: the one, two or three characters after it, its
    measure word skipped (八仙过海: 8, [仙, 仙过, ...]; 三本书: 3, [书, ...])."""
    out = []
    for m in _NUM_RUN.finditer(text):
        raw = m.group()
        v = _cn(raw.replace("两", "二")) if raw != "两" else 2
        if v is None or v < 2:
            continue
        b = m.end()
        if _measure_at(text, b) and b + 1 < len(text):
            b += 2 if text[b] in _MEASURE_ADJ else 1
        out.append((float(v), [text[b:b + k] for k in (1, 2, 3) if b + k <= len(text)]))
    return out


def covers(q: Quantities, lo: float, hi: float) -> bool:
    """Whether some value or range of ``q`` falls within ``[lo, hi]``."""
    return (any(lo <= v <= hi for v in q.values)
            or any(a <= hi and lo <= b for a, b in q.ranges))


def _cn(raw: str):
    """``cn_value``, with a bare unit read as one of it (百 100, 千 1000)."""
    if raw and raw[0] in "百千万亿":
        raw = "一" + raw
    return cn_value(raw)


def _run_readings(raw: str, counted: bool = False) -> Set[float]:
    """Every value a run of Chinese numerals may stand for: the whole, each
    character, each part of a juxtaposed approximation (二三十: 20, 30;
    十七八: 17, 18), a run before 两 as taels (五十两: 50). ``counted``: a
    measure word follows, so a final 两 after a digit is the digit
    (一两天 "a day or two")."""
    if counted and len(raw) > 1 and raw.endswith("两") and raw[-2] in _DIGIT_CHARS:
        return _run_readings(raw[:-1]) | _run_readings(raw[:-1] + "二")
    if raw.endswith("两") and len(raw) > 1:
        return _run_readings(raw[:-1])  # 五十两, 八九两: taels
    out: Set[float] = set()
    v = _cn(raw)
    if v is not None:
        out.add(float(v))
    if raw[0] in "百千万" and raw[1:2] in ("十", "八"):
        out.add(float(_cn(raw[0])))  # 百十年 "a hundred years or so"
    # Digit by digit: 六二 for (19)62, 一九六〇.
    if len(raw) >= 2 and all(c in _DIGIT_CHARS or c in "〇零" for c in raw):
        dv = int("".join(str("〇一二三四五六七八九".index(c)) if c in "〇一二三四五六七八九"
                         else "0" if c == "零" else "2" for c in raw))
        out.update({float(dv), float(1900 + dv), float(2000 + dv)} if dv < 100 else {float(dv)})
    if raw.endswith("十") and v is not None:
        out.add(float(1900 + v))  # 五十年代: the 1950s
    # Each character alone (三五 "three or five", 一二 "one or two"), in a
    # run of digits only: a run with a place value is one number (茅十八
    # holds eighteen, never eight nor ten).
    if not any(c in "十百千万亿廿卅" for c in raw):
        for c in raw:
            cv = _cn(c) if c not in "两" else 2
            if cv is not None:
                out.add(float(cv))
    for i in range(len(raw) - 1):
        x, y = raw[i], raw[i + 1]
        if x in _DIGIT_CHARS and y in _DIGIT_CHARS:
            rest = raw[i + 2:]
            head = raw[:i]
            for d in (x, y):
                for cand in (head + d + rest, head + d):
                    cv = _cn(cand.replace("两", "二")) if cand else None
                    if cv is not None:
                        out.add(float(cv))
    return out


def chinese_quantities(text: str) -> Quantities:
    """``Quantities`` of a Chinese sentence.

    >>> q = chinese_quantities("他们俩买了三本书,花了二三十块钱")
    >>> [(s.key, s.kind) for s in q.definite]
    [('3', 'count')]
    >>> sorted(v for v in q.values if v >= 2)
    [2.0, 3.0, 20.0, 30.0]
    """
    q = Quantities()
    # A white circle for the zero of a year (一九六○): same length, so the
    # offsets hold.
    text = _L_DIGIT.sub("1", text.replace("○", "〇"))
    if (not _NUM_RUN.search(text) and not _AR.search(text)
            and not any(c in text for c in "俩双对半") and "元年" not in text):
        return q
    words = _words(text)
    spans = chinese_numbers(text)
    # A lone numeral before a measure word ``numerals`` does not list
    # (三面墙, 两滴泪).
    taken = [(x.start, x.end) for x in spans]
    for m in _NUM_RUN.finditer(text):
        a, b = m.span()
        if _measure_at(text, b) and not any(x < b and a < y for x, y in taken):
            v = _cn(m.group().replace("两", "二")) if m.group() != "两" else 2
            if v is not None:
                spans.append(NumberSpan(a, b, v, "count"))
    spans.sort(key=lambda x: x.start)
    q.names = _zh_names(text, words)
    for k, span in enumerate(spans):
        raw = text[span.start:span.end]
        if (len(raw) > 2 and raw.endswith("两") and raw[-2] in "十百千万亿"
                and text[span.end:span.end + 1] not in ("千", "百", "万", "亿", "")
                and not isinstance(span.value, tuple)):
            # 四十五万两银子: 两 after a place value, no lower place
            # following, is the tael (the digit would be 二: 四十五万二).
            v = _cn(raw[:-1])
            if v is not None:
                span = spans[k] = NumberSpan(span.start, span.end - 1, v, span.kind, span.unit)
                raw = raw[:-1]
        q.values.update(_span_values(span))
        if _heading(text, span):
            q.label = q.label or span
            continue
        if _MODEL_NAME.match(text, span.end):
            # 5G网络: a name, not a quantity to keep, but a number the
            # name's translation writes ("Five-G").
            q.stated.update(_span_values(span))
            continue
        if span.kind in ("date", "year", "percent", "money") or _AR.search(raw):
            q.definite.append(span)
            q.stated.update(_span_values(span))
            continue
        core = raw[1:] if raw[0] in "第初" else raw
        a = span.start + (len(raw) - len(core))
        b = a + len(core)
        if not isinstance(span.value, tuple) and float(span.value) < 2:
            continue  # 一: the article, "one" and "a" alike
        if span.kind == "ordinal" and float(span.value) < 3:
            continue  # 第一, 第二: "first", "next", "another"
        after = text[b] if b < len(text) else ""
        before = text[a - 1] if a else ""
        if _lexicalized(text, a, b, words):
            continue
        if after in KIN and not _ZH_UNIT_RE.match(text, b):
            continue  # 三哥, not 五公里
        if _vague(text, a, b):
            # 两三个, 二十几: an approximation states a range, no number.
            r = _approx_range(text, a, b)
            if r:
                q.stated_ranges.append(r)
            continue
        q.stated.update(_span_values(span))
        if raw == "两" and not _measure_at(text, b):
            continue
        # 他们两个, 她俩: the count repeats the pronoun ("the two of them", "both").
        if before in _PRONOUN_END and float(span.value) <= 3:
            continue
        q.definite.append(span)
    taken = [(x.start, x.end) for x in spans]
    # 三哥 "Third Brother", 二奶奶 "Second Grandma": a seniority, part of a
    # name the translation spells with its number (not 三姐妹 "three
    # sisters", a count of kin).
    for m in _SENIORITY.finditer(text):
        a, b = m.span(1)
        kin = text[b:b + 2]
        if (a and text[a - 1] in _ZH_NUMERAL + "第几" or any(x < b and a < y for x, y in taken)
                or len(kin) > 1 and kin[1] in KIN and kin[1] != kin[0]
                or _ZH_UNIT_RE.match(text, b)):
            continue
        v = _cn(m.group(1))
        if v is not None and v >= 2:
            q.names.append(NumberSpan(a, b, v, "count"))
            q.stated.add(float(v))  # "the third brother" written as a number
    # A word CC-CEDICT glosses as a proper name with its number (三国 "Three
    # Kingdoms", 八仙 "the Eight Immortals"): a name's number, compared
    # with the translation's names.
    for s, e, tag in words:
        if e - s < 2 or tag.startswith("nr"):
            continue
        for m in _NUM_RUN.finditer(text, s, e):
            v = _cn(m.group())
            if (v is not None and v >= 2 and float(v) in _named_values(text[s:e])
                    and not any(n.start < m.end() and m.start() < n.end for n in q.names)):
                q.names.append(NumberSpan(m.start(), m.end(), v, "count"))
    q.names.sort(key=lambda n: n.start)
    for m in _NUM_RUN.finditer(text):
        raw = m.group()
        a, b = m.span()
        after = text[b] if b < len(text) else ""
        before = text[a - 1] if a else ""
        counted = bool(after) and (after in MEASURES or bool(_ZH_UNIT_RE.match(text, b)))
        q.values |= _run_readings(raw, counted)
        # Two digits side by side outside any number ``numerals`` read
        # (二三十两银子, 三五成群): an approximation stated all the same.
        core = raw[:-1] if raw.endswith("两") and len(raw) > 2 and not counted else raw
        if (not any(x < b and a < y for x, y in taken)
                and not any(n.start < b and a < n.end for n in q.names)):
            r = _approx_range(text, a, a + len(core))
            if r and r not in q.stated_ranges:
                q.stated_ranges.append(r)
        if raw == "两" and before and (before in _ZH_NUMERAL or before == "几"):
            continue  # 二十几两: taels
        v = _cn(raw.replace("两", "二")) if raw != "两" else 2
        if v is None:
            continue
        if after and after in _VAGUE_AFTER:
            # 十几 11-19, 二十几 21-29, 三十多 31-39, 百余 100-190: the
            # next lower place is unknown.
            step = _STEP.get(raw[-1], 0.1)
            q.ranges.append((float(v), float(v) + 9 * step))
        elif before and before in "几数上成":
            # 几十, 数百, 上千: some tens, hundreds, thousands.
            q.ranges.append((float(v), float(v) * 9.99))
        if before == "半" or after == "半":
            q.values.add(float(v) / 2)  # 半百 "fifty"
            q.values.add(float(v) + 0.5)
    # 一百多亿, 三千多万: more than so many hundred millions, ten thousands.
    for m in re.finditer(rf"([{_ZH_NUMERAL}]+)[多余几]([万亿])", text):
        v, u = _cn(m.group(1)), _cn(m.group(2))
        if v is not None and u:
            step = _STEP.get(m.group(1)[-1], 0.1)
            q.ranges.append((float(v) * u, (float(v) + 9 * step) * u))
            q.values.add(float(v) * u)  # the base: "more than ten billion"
    # 一米七五 1.75 (metres), 一米八 1.8: a height, the digits after 米 its
    # decimals.
    for m in re.finditer(rf"([{_ZH_NUMERAL}]+)米([{_DIGIT_CHARS}〇零]+)", text):
        v = _cn(m.group(1).replace("两", "二"))
        dec = "".join(str("〇一二三四五六七八九".index(c)) if c in "〇一二三四五六七八九"
                      else "0" if c == "零" else "2" for c in m.group(2))
        if v is not None:
            q.values.add(round(float(v) + float("0." + dec), 6))
    # 三点半 3:30, 八点一刻 8:15, 三刻 45: the minutes of a time of day.
    for m in re.finditer(rf"[{_ZH_NUMERAL}]+[点时](半|[一三]刻)", text):
        q.values.add({"半": 30.0, "一刻": 15.0, "三刻": 45.0}[m.group(1)])
    # 老三 "the third child", "Number Three": a seniority, like 三哥.
    for m in re.finditer(rf"老([二三四五六七八九十]{{1,2}})(?![{_ZH_NUMERAL}])", text):
        v = _cn(m.group(1))
        if v is not None and v >= 2:
            if not any(n.start == m.start(1) for n in q.names):
                q.names.append(NumberSpan(m.start(1), m.end(1), v, "count"))
            q.stated.add(float(v))
    # 民国元年 1912, 民国十年 1921: years of the Republic.
    for m in re.finditer(rf"民国([元{_ZH_NUMERAL}]+|[0-9]+)年", text):
        n = 1 if m.group(1) == "元" else _cn(m.group(1))
        if n:
            q.values.add(float(1911 + n))
    for m in re.finditer(rf"([{_ZH_NUMERAL}]+)分之([{_ZH_NUMERAL}]+)", text):
        den, num = _cn(m.group(1)), _cn(m.group(2))
        if den and num is not None:
            q.values.add(round(float(num) / float(den), 6))
            q.values.add(round(100 * float(num) / float(den), 6))
    if _ZH_TWO_RE.search(text):
        q.values.add(2.0)
    if "半" in text:
        q.values.add(0.5)
    if "一" in text:
        q.values.add(1.0)
    return q


# ---------------------------------------------------------------- English

# Words that are a number without a numeral (``lexicon`` reads the numerals).
_EN_VALUES = {
    "both": 2, "pair": 2, "pairs": 2, "couple": 2, "twin": 2, "twins": 2, "double": 2,
    "twice": 2, "duo": 2, "second": 2, "trio": 3, "triple": 3, "thrice": 3, "treble": 3,
    "dozen": 12, "dozens": 12, "score": 20, "scores": 20, "half": 0.5, "halves": 0.5,
    "once": 1, "single": 1, "quarter": 0.25, "third": 3, "thirds": 3,
    "fortnight": 14, "decade": 10, "decades": 10, "century": 100, "centuries": 100,
    "hundreds": 100, "thousands": 1000, "millions": 10**6,
    "doubled": 2, "tripled": 3, "trebled": 3, "quadruple": 4, "quadrupled": 4,
}
# "the eighties" (八十年代, or an age: 八十多岁): a decade.
_EN_DECADES = {w + "ies": 10 * (i + 2) for i, w in enumerate(
    ("twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"))}
_DECADE_RE = re.compile(r"\b(%s)\b" % "|".join(_EN_DECADES), re.I)
_FOLD_RE = re.compile(r"\b([a-z]+)-?fold\b", re.I)
_EN_VAGUE_RANGE = {"hundreds": (100, 999), "thousands": (1000, 99_999),
                   "millions": (10**6, 10**9), "dozens": (20, 99), "scores": (40, 200),
                   "tens": (20, 99)}
_EN_WORDS = re.compile(r"[A-Za-z]+")
# Approximations: "two or three", "one or two", "twenty or thirty".
_OR_RE = re.compile(r"\b([\w-]+)[ -]+(?:or|to)[ -]+([\w-]+)\b", re.I)
_VAGUE_PHRASE = re.compile(
    r"\b(?:a\s+couple\s+of|a\s+few|dozens|scores|hundreds|thousands|millions|tens)\b", re.I)


def english_quantities(text: str) -> Quantities:
    """``Quantities`` of an English sentence.

    >>> q = english_quantities("Both men paid twenty or thirty taels for three books.")
    >>> [(s.key, s.kind) for s in q.definite]
    [('3', 'count')]
    >>> sorted(q.values)
    [1.0, 2.0, 3.0, 20.0, 30.0]
    """
    q = Quantities()
    counts = _join_groups(text, english_numbers(text))
    spans = [_multiplied(text, s) for s in counts]
    approx: List[Tuple[int, int]] = [m.span() for m in _OR_RE.finditer(text)
                                     if _is_number_word(m.group(1)) and _is_number_word(m.group(2))]
    for span in spans:
        raw = text[span.start:span.end]
        q.values.update(_span_values(span))
        if isinstance(span.value, tuple) or span.kind in ("year", "percent", "money"):
            q.definite.append(span)
            q.stated.update(_span_values(span))
            continue
        if _heading(text, span):
            q.label = q.label or span
            continue
        if _in_name(text, span.start, span.end):
            if not isinstance(span.value, tuple):
                q.names.append(span)
            continue
        if not (span.kind == "ordinal" and float(span.value) < 3 and not re.search(r"\d", raw)):
            q.stated.update(_span_values(span))  # not "second" ("the next", "another")
        if any(a <= span.start < b for a, b in approx):
            continue  # "two or three": the pair's range is stated below
        if re.search(r"\d", raw):
            q.definite.append(span)
            continue
        v = float(span.value)
        if v < 2 or span.kind == "ordinal" and v < 3:
            continue  # one, first, second ("a second", "the next")
        if _in_name(text, span.start, span.end):
            q.names.append(span)
            continue  # Second Grandma, Number Three, the Three Kingdoms
        if _VAGUE_PHRASE.search(text, max(0, span.start - 12), span.start) and v >= 100:
            continue
        if re.search(r"\b(?:few|several|some|many)\s+$", text[:span.start], re.I):
            continue  # "every few hundred yards"
        if v <= 3 and re.search(r"\bor\s+$", text[:span.start], re.I):
            q.stated.discard(v)
            q.stated_ranges.append((1.0, v))
            continue  # "a day or two": one or two, no number of its own
        if re.match(r"\s+\w+\s+or\s+so\b|\s+or\s+so\b", text[span.end:], re.I):
            continue  # "every two months or so"
        q.definite.append(span)
    for m in _OR_RE.finditer(text):
        vals = [_word_value(m.group(1)), _word_value(m.group(2))]
        if None not in vals and min(vals) >= 2:
            q.stated_ranges.append((float(min(vals)), float(max(vals))))
    # Number words inside compounds ("sixty-year-old", "two-hundred-yuan")
    # that ``english_numbers`` leaves to the words they qualify.
    q.values |= _compound_values(text)
    taken = [(s.start, s.end) for s in q.definite]
    for m in _COMPOUND_RE.finditer(text):
        nxt = re.match(r"[A-Za-z]+", text[m.end():])
        if nxt and nxt.group().lower() in NUMBER_WORDS:
            continue  # "Twenty-eighth": one number, read whole or not at all
        v = parse_english_words(m.group(1))
        if (v is not None and v >= 2 and not _in_name(text, m.start(1), m.end(1))
                and not any(a < m.end(1) and m.start(1) < b for a, b in taken + approx)):
            q.definite.append(NumberSpan(m.start(1), m.end(1), v, "count"))
            q.stated.add(float(v))
    q.definite.sort(key=lambda s: s.start)
    q.bounds = [s for s in q.definite if _BOUND_RE.search(text, 0, s.start)]
    # "the captain and the other three": four men.
    for m in _OTHER_RE.finditer(text):
        for s in spans:
            if s.start == m.end(1) and not isinstance(s.value, tuple):
                q.values.add(float(s.value) + 1)
    for m in _DECADE_RE.finditer(text):
        v = _EN_DECADES[m.group(1).lower()]
        if not _in_name(text, m.start(), m.end()):
            q.definite.append(NumberSpan(m.start(), m.end(), v, "count"))
            q.stated.add(float(v))
        q.values.update({float(v), float(1900 + v)})
    q.definite.sort(key=lambda s: s.start)
    for m in _FOLD_RE.finditer(text):
        v = parse_english_words(m.group(1)) if m.group(1).lower() in NUMBER_WORDS else None
        if v is not None:
            q.values.add(float(v))  # "tenfold": 十倍
    for m in re.finditer(r"\b(1[5-9]|20)?(\d0)['’]?s\b", text):
        q.values.add(float(m.group(2)))  # the 1950s, the '50s: 五十年代
    for w in _EN_WORDS.findall(text):
        lw = w.lower()
        if w[0].isupper() and lw in MONTHS:
            q.values.add(float(MONTHS[lw]))  # August: 八月
        if lw in _EN_VALUES:
            q.values.add(float(_EN_VALUES[lw]))
        if lw in _EN_VAGUE_RANGE:
            q.ranges.append(tuple(map(float, _EN_VAGUE_RANGE[lw])))
    q.values |= {float(s.value) for s in counts if not isinstance(s.value, tuple)}
    if re.search(r"\bhalf\s+a\s+dozen\b", text, re.I):
        q.values.add(6.0)
    for m in re.finditer(r"\b(a|one|two|three)[ -](half|third|quarter|fifth)s?\b", text, re.I):
        num = {"a": 1, "one": 1, "two": 2, "three": 3}[m.group(1).lower()]
        den = {"half": 2, "third": 3, "quarter": 4, "fifth": 5}[m.group(2).lower()]
        q.values.add(round(num / den, 6))
        q.values.add(round(100 * num / den, 6))
    q.values |= {round(100 * v, 6) for v in q.values if 0 < v < 1}  # half: 50 %
    q.values.add(1.0)  # "a", "an": every English noun phrase may count one
    return q


_OTHER_RE = re.compile(r"\b(other\s+)", re.I)
_BOUND_RE = re.compile(r"\b(?:more\s+than|over|upwards\s+of|in\s+excess\s+of)\s+$", re.I)
# Nouns that count by more than one: "four decades" is forty years (四十年),
# "two dozen" twenty-four, "three score" sixty, "two pairs of shoes" four.
_MULTIPLES = {"pairs": 2, "dozen": 12, "dozens": 12, "score": 20, "scores": 20,
              "decade": 10, "decades": 10,
              "century": 100, "centuries": 100, "fortnight": 14, "fortnights": 14}
_MULTIPLE_RE = re.compile(r"\s+(%s)\b" % "|".join(_MULTIPLES), re.I)


def _multiplied(text: str, span: NumberSpan) -> NumberSpan:
    """A count before a noun of a multiple, read as the product ("four
    decades": 40); the count alone stays among the values."""
    m = _MULTIPLE_RE.match(text, span.end)
    if not m or span.kind != "count" or isinstance(span.value, tuple):
        return span
    return NumberSpan(span.start, m.end(), span.value * _MULTIPLES[m.group(1).lower()], "count")
# A spelled number qualifying a word: "a sixty-year-old", "two-hundred-yuan".
_COMPOUND_RE = re.compile(
    r"(?<![\w-])((?:%s)(?:-(?:%s))*)-(?=[a-z])" % ((
        "|".join(sorted(set(UNITS) | set(TENS) | set(SCALES) - {"zero"}, key=len, reverse=True)),) * 2),
    re.I)

# Units of measure each side writes, by what they measure: a translation
# that keeps the unit (五公里 "five kilometres") keeps the number, one that
# converts it (二十公斤 "44 pounds", 十里 "three miles") changes the number,
# not the quantity. 尺 and 寸, the Chinese foot and inch, are rendered
# "feet" and "inches" with their number kept or converted: another unit.
_ZH_UNIT_IDS = {"公里": "km", "千米": "km", "公斤": "kg", "千克": "kg", "厘米": "cm", "毫米": "mm",
                "英里": "mile", "英尺": "ft", "英寸": "in", "盎司": "oz", "米": "m", "克": "g",
                "吨": "t", "里": "li", "斤": "jin", "丈": "zhang", "尺": "chi", "寸": "cun",
                "亩": "mu", "磅": "lb", "码": "yd"}
_ZH_UNIT_RE = re.compile("|".join(sorted(_ZH_UNIT_IDS, key=len, reverse=True)))
_EN_UNITS = [
    (r"kilomet(?:er|re)s?|km", {"km"}), (r"kilos?|kilograms?|kg", {"kg"}),
    (r"centimet(?:er|re)s?|cm", {"cm"}), (r"millimet(?:er|re)s?|mm", {"mm"}),
    (r"met(?:er|re)s?|m", {"m"}), (r"grams?|g", {"g"}), (r"tons?|tonnes?", {"t"}),
    (r"li", {"li"}), (r"catty|catties|jin", {"jin"}), (r"zhang", {"zhang"}), (r"mu", {"mu"}),
    (r"feet|foot", {"ft"}), (r"inch|inches", {"in"}), (r"miles?", {"mile"}),
    (r"pounds?|lbs?", {"lb"}), (r"yards?", {"yd"}), (r"ounces?", {"oz"}), (r"acres?", {"acre"}),
    (r"gallons?", {"gallon"}), (r"degrees\s+Fahrenheit", {"F"}),
]
_EN_UNIT_RE = re.compile(r"[\s-]*(%s)\b" % "|".join(p for p, _ in _EN_UNITS), re.I)
_EN_UNIT_ANY = re.compile(r"\b(%s)\b" % "|".join(p for p, _ in _EN_UNITS), re.I)
ZH_UNITS = frozenset("米斤里丈尺寸克亩")


def _en_unit(word: str) -> Set[str]:
    for pat, ids in _EN_UNITS:
        if re.fullmatch(pat, word, re.I):
            return ids
    return set()


def converted(text: str, span: NumberSpan, lang: str, other: str) -> bool:
    """Whether ``span`` measures something in a unit the other side's text
    (``other``) does not use while it measures in another: a converted
    measure."""
    if lang == "en":
        # The unit may be part of the span ("44 pounds" reads as money).
        at = span.start + len(re.match(r"[\w.,]*", text[span.start:span.end]).group())
        m = _EN_UNIT_RE.match(text, at)
        if not m:
            return False
        theirs = {_ZH_UNIT_IDS[u.group()] for u in _ZH_UNIT_RE.finditer(other)}
        return bool(theirs) and not theirs & _en_unit(m.group(1))
    before = text[span.start - 1:span.start] if span.start else ""
    theirs = set()
    for u in _EN_UNIT_ANY.finditer(other):
        theirs |= _en_unit(u.group(1))
    m = _ZH_UNIT_RE.match(text, span.end)
    if m:
        return bool(theirs) and _ZH_UNIT_IDS[m.group()] not in theirs
    # 一米七五: the numeral after the unit is its decimals.
    return bool(before and before in ZH_UNITS and theirs)


def _compound_values(text: str) -> Set[float]:
    from .numerals import NUMBER_WORDS, parse_english_words

    out: Set[float] = set()
    run: List[str] = []
    for w in re.findall(r"[A-Za-z]+|[^A-Za-z\s-]", text) + ["."]:
        lw = w.lower()
        if lw in NUMBER_WORDS or run and lw == "and":
            run.append(lw)
            continue
        while run and run[-1] == "and":
            run.pop()
        if run:
            v = parse_english_words(run)
            if v is not None:
                out.add(float(v))
        run = []
    return out


def _join_groups(text: str, spans: List[NumberSpan]) -> List[NumberSpan]:
    """"thirty-six thousand, five hundred and one" is one number, which
    ``english_numbers`` reads as two at the comma."""
    out: List[NumberSpan] = []
    for s in spans:
        if (out and out[-1].kind == "count" and s.kind == "count"
                and re.fullmatch(r",\s*", text[out[-1].end:s.start])
                and re.search(r"(?:thousand|million|billion)$", text[out[-1].start:out[-1].end], re.I)
                and isinstance(s.value, int) and s.value < 1000
                and not re.search(r"\d", text[s.start:s.end])):
            p = out.pop()
            s = NumberSpan(p.start, s.end, p.value + s.value, "count")
        out.append(s)
    return out


def _word_value(w: str):
    if w.isdigit():
        return int(w)
    if not all(p.lower() in NUMBER_WORDS for p in w.split("-") if p):
        return None
    return parse_english_words(w.replace("-", " "))


def _is_number_word(w: str) -> bool:
    return (w.isdigit() or w.lower() in ("a", "an")
            or all(p.lower() in NUMBER_WORDS for p in w.split("-") if p))


_CAP_WORD = re.compile(r"[A-Z][a-z]+")


def _in_name(text: str, a: int, b: int) -> bool:
    """A capitalized number word next to another capitalized word, not at a
    sentence start: part of a name or title (Second Grandma, Number Three)."""
    if not text[a:a + 1].isupper():
        return False
    prev_cap = bool(re.search(r"[A-Z][a-z]+\s+$", text[:a]))
    return prev_cap or _CAP_WORD.match(text, b + 1) is not None and text[b:b + 1] == " "
