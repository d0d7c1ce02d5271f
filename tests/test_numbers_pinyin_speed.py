"""Memos and precomputed tests of the number and garbled_pinyin checks
answer as the plain definitions they stand for (randomized, with the
letters case-blind matching treats specially, full-width digits and lone
brackets)."""
import random

import pytest

from align.text.document import Document

# Number words and what can stand around them, including the letters re.I
# folds to ASCII (dotless i, long s, Kelvin sign) and the one lower() makes
# two characters of (dotted capital I).
_NUMBER_PARTS = [
    "one", "One", "ONE", "first", "First", "twenty", "Twenty-four", "twenty four", "nineteen",
    "oh", "five", "thousand", "Two thousand and twenty", "point", "and", "hundred", "fifteenth",
    "nineteen oh five", "two zero two zero", "ninety-nine", "a", "the", "year", "month",
    "\u0131", "\u017f", "\u0130", "\u212a", "s\u0131x", "\u017fix", "\u212aten", "F\u0130VE",
    "\uff11\uff19", "\u0663", "2020", "(", ")", "[", "\u201c", "'", "\u2019", "-", ",", ".",
    "\u4e2d\u6587", "\u3002", " ", "  ", "\t", "\n",
]


def _texts(seed, n):
    rng = random.Random(seed)
    return ["".join(rng.choice(_NUMBER_PARTS) + rng.choice(["", " ", " ", "-", "\n"])
                    for _ in range(rng.randint(1, 25))) for _ in range(n)]


def _plain_spelled(text):
    """``spelled_numbers`` as it was written before the readings memo."""
    from align.text.numerals import _ASCII_FOLD, SPELLED_RE, _WORD_RE, Spelled, _split_numbers

    out = []
    folded = text.translate(_ASCII_FOLD)
    for m in SPELLED_RE.finditer(text):
        toks = [(w.group().lower(), w.start(), w.end())
                for w in _WORD_RE.finditer(folded, m.start(), m.end())]
        for v, i, j, shape in _split_numbers(toks):
            out.append(Spelled(toks[i][1], toks[j - 1][2], v, shape,
                               tuple(t[0] for t in toks[i:j])))
    return out


def _outcome(f, *args, **kwargs):
    # Before the ASCII fold, a number word re.I matched through a dotless i
    # or long s ("s\u0131x") split into pieces _cardinal did not know
    # (KeyError); any error is still compared, should one come back.
    try:
        return f(*args, **kwargs)
    except KeyError as e:
        return ("KeyError", e.args)


@pytest.mark.parametrize("seed", range(3))
def test_spelled_numbers_memo_equals_the_plain_reading(seed):
    from align.detectors.numbers.scan import NUMBER_WORD, all_anchors
    from align.text.numerals import _READINGS, spelled_numbers

    _READINGS.clear()
    found = 0
    for text in _texts(seed, 600):
        want = _outcome(_plain_spelled, text)
        if isinstance(want, list):
            found += len(want)
            shifted = [s._replace(start=s.start + 3, end=s.end + 3) for s in want]
        else:
            shifted = want
        # Twice: the second reading comes from the memo, and at an offset
        # (the same match elsewhere in a longer text).
        assert _outcome(spelled_numbers, text) == want, text
        assert _outcome(spelled_numbers, text) == want, text
        assert _outcome(spelled_numbers, "\u4e2d. " + text) == shifted, text
        starts = all_anchors(text)[NUMBER_WORD]
        if starts is not None:
            assert _outcome(spelled_numbers, text, word_starts=starts) == want, text
    assert found > 500


@pytest.mark.parametrize("text, want", [
    ("Two thousand and twenty", [(0, 23, 2020, "cardinal")]),
    ("x one, One", [(2, 5, 1, "cardinal"), (7, 10, 1, "cardinal")]),
    ("nineteen oh five first", [(0, 16, 1905, "year"), (17, 22, 1, "ordinal")]),
    ("twenty-four  seven", [(0, 11, 24, "cardinal"), (13, 18, 7, "cardinal")]),
    ("\u212aten: the six", [(10, 13, 6, "cardinal")]),  # K is a letter: "ten" begins no word
    # re.I takes these for "six" and "five": read as such, not a KeyError.
    ("\u017fix", [(0, 3, 6, "cardinal")]),
    ("s\u0131x and F\u0130VE", [(0, 3, 6, "cardinal"), (8, 12, 5, "cardinal")]),
])
def test_spelled_numbers_table(text, want):
    from align.text.numerals import spelled_numbers

    for _ in range(2):
        got = _outcome(spelled_numbers, text)
        assert got == _outcome(_plain_spelled, text)
        if isinstance(got, list):
            got = [(s.start, s.end, s.value, s.shape) for s in got]
        assert got == want


def test_readings_memo_is_bounded():
    from align.text.numerals import _READINGS, _READINGS_SIZE, spelled_numbers

    for n in range(_READINGS_SIZE + 50):
        spelled_numbers("one" + " " * (n % 200) + "two" * (1 + n // 200))
        assert len(_READINGS) <= _READINGS_SIZE


def test_value_cache_equals_the_plain_value():
    from align.detectors.numbers.values import value as _value

    rng = random.Random(5)
    words = ["one", "Twenty-four", "first", "21st", "3rd", "12", " 7 ", "\uff17", "\u0663",
             "\u017fix", "s\u0131x", "F\u0130VE", "\u212aten", "two three", "", " ", "(", "x"]
    for _ in range(2000):
        s = "".join(rng.choice(words) + rng.choice(["", " ", "-"]) for _ in range(rng.randint(1, 3)))
        want = _outcome(_value.__wrapped__, s)
        assert _outcome(_value, s) == want, s
        assert _outcome(_value, s) == want, s


# -- garbled_pinyin --------------------------------------------------------------

_PINYIN_PARTS = [
    "chuangwen", "Chuangwen", "CHUANGWEN", "ChuangWen", "dangjian", "Dangjian", "zhengce",
    "xiangcun", "zhenxing", "liangzhangpi", "fuqiang", "Wang", "Li", "Zhihua", "Xi'an",
    "Chuangwen's", "chuangwen\u2019s", "Group", "District", "City", "Street", "the", "long",
    "banana", "work", "and", "2020", "\uff12\uff10", "\u0130stanbul", "\u212aai", "s\u0131",
    "(", ")", "[", "]", ",", ".", "\u4e2d\u6587\u3002", "-", "\n",
]


def _pages(seed, n):
    rng = random.Random(seed)
    return [" ".join(rng.choice(_PINYIN_PARTS) for _ in range(rng.randint(1, 40)))
            for _ in range(n)]


def _candidate(w, names) -> bool:
    """``GarbledPinyin._candidate`` as it was written, before ``_Word.term``
    took its place: pinyin that may be a term."""
    from align.detectors.garbled_pinyin import TERM_ZIPF
    from align.resources.wordfreqs import zipf

    if len(w.syl) < 2 or w.text.lower() in names:
        return False
    if not (w.text.islower() or w.text.istitle()):
        return False  # acronyms and CamelCase brands
    return zipf(w.text.lower()) < TERM_ZIPF


def _plain_flag(det, text, words, names, terms, base, loose=True):
    """``GarbledPinyin._flag`` as it was written, asking ``_candidate``."""
    i = 0
    while i < len(words):
        w = words[i]
        if not _candidate(w, names):
            i += 1
            continue
        j = i + 1
        while (j < len(words) and det._adjacent(text, words[j - 1], words[j])
               and _candidate(words[j], names)):
            j += 1
        yield from det._run(words[i:j], terms, base, loose)
        i = j


@pytest.mark.parametrize("seed", range(3))
def test_pinyin_word_term_equals_candidate(seed):
    from align.detectors.garbled_pinyin import _WORD_RE, _Word

    rng = random.Random(seed)
    lows = [p.lower() for p in _PINYIN_PARTS]
    for text in _pages(seed, 200):
        names = set(rng.sample(lows, 5))
        for m in _WORD_RE.finditer(text):
            w = _Word(m)
            assert (w.term is not None and w.term not in names) == \
                _candidate(w, names), w.text


@pytest.mark.parametrize("seed", range(3))
def test_pinyin_findings_equal_the_plain_flag(seed):
    from align.detectors.garbled_calque import latin_spans
    from align.detectors.garbled_calque.accept import literary
    from align.detectors.garbled_pinyin import (_WORD_RE, GarbledPinyin, _matters, _Word,
                                                term_pinyin)

    det = GarbledPinyin()
    terms = term_pinyin(())
    flagged = 0
    for text in _pages(seed, 150):
        lines = [(s, text[s:e], [_Word(m) for m in _WORD_RE.finditer(text[s:e])
                                 if _matters(m.group())])
                 for s, e in latin_spans(Document("p.txt", text))]
        names = set().union(*(det._names(run, words) for _, run, words in lines))
        # The loanwords a page keeps count as names; a literary page keeps
        # only termbase pinyin (``loose``).
        cands = {w.term for _, _, words in lines for w in words if w.term}
        names |= det._loanwords([run for _, run, _ in lines], cands)
        loose = not literary([run for _, run, _ in lines])
        # CamelCase pinyin is a pass of its own over every run, first.
        spans = latin_spans(Document("p.txt", text))
        want = [(f.start, f.end, f.suggestion, f.confidence, f.note)
                for f in det._camel([text[s:e] for s, e in spans], spans)]
        want += [(f.start, f.end, f.suggestion, f.confidence, f.note)
                 for s, run, words in lines
                 for f in _plain_flag(det, run, words, names, terms, s, loose)]
        flagged += len(want)
        for _ in range(2):  # the second time from the memo
            got = [(f.start, f.end, f.suggestion, f.confidence, f.note)
                   for f in det.detect(Document("p.txt", text))]
            assert got == want, text
    assert flagged > 50


@pytest.mark.parametrize("seed", range(3))
def test_digit_led_digits_pattern_equals_the_lookbehind_one(seed):
    import re

    from align.detectors.numbers.spelled import _DIGITS_RE

    plain = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")
    rng = random.Random(seed)
    parts = ["1", "23", "2020", ".", ",", "3.5", "1,000", "a", " ", "\uff11", "\uff10\uff10",
             "\u0663", "\u0130", "\u212a", "(", "\u4e2d", "-", "\n"]
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 20)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        want = [m.span() for m in plain.finditer(text, a, b)]
        assert [m.span() for m in _DIGITS_RE.finditer(text, a, b)] == want, (text, a, b)
        found += len(want)
    assert found > 1000


@pytest.mark.parametrize("text, spans", [
    ("1,000.5 and 2", [(0, 7), (12, 13)]),
    ("x.5 ,7 3.", [(7, 8)]),            # after a mark: not a number of its own
    ("\uff11\uff12,\u0663", [(0, 4)]),
])
def test_digits_pattern_table(text, spans):
    from align.detectors.numbers.spelled import _DIGITS_RE

    assert [m.span() for m in _DIGITS_RE.finditer(text)] == spans
