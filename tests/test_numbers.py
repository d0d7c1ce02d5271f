"""The ``number`` check beyond its cases (``tests/cases/number.json``): the
one-pass anchors, windows and memos find what the plain patterns find."""
import re

import pytest

from align.core.config import Config
from align.detectors.numbers import Numbers
from align.text.document import Document


@pytest.mark.parametrize("text", [
    "Four month Twenty-four, the fourth month, April twenty-fourth, 2020 year",
    "3.5 ten thousand yuan, 9 points 30 minutes, Fourteen Five, the 19 National Congress",
    "May5In the hall.2019The plan, in 20 20, April 2 4, 2 0 2 0",
    "MONTH İstanbul month ſeſſion Congreſs ıt 10,000 the 19 Party Congress",
    "cpcommittee plannning fivefive Fivemonth yearyear",
])
def test_anchor_words_are_those_of_the_patterns(text):
    # The one-pass anchors must list every place the per-word scans found.
    from align.detectors.numbers.scan import ANCHOR_WORDS, CASED_WORDS, all_anchors, compiled
    from align.text.english import fold

    low = fold(text)
    got = all_anchors(text, low)
    for kind, words in ANCHOR_WORDS.items():
        want = [m.start() for m in compiled("|".join(words), re.I).finditer(text)]
        assert set(want) <= set(got[kind]), kind
    for kind, words in CASED_WORDS.items():
        want = [m.start() for m in re.finditer("|".join(words), text)]
        assert set(want) <= set(got[kind]), kind


@pytest.mark.parametrize("pattern,anchor,text", [
    (r"\d+ month", "month", "in 4 month and 12 month, then the-month 3 month"),
    (r"(?<![\w-])\w+ \w+", "b", "a b c-d b e\nb f"),
    (r"x+", "x", "xx yy xx"),
])
def test_windowed_finds_what_finditer_finds(pattern, anchor, text):
    from align.detectors.numbers.scan import find_all, windowed

    rx = re.compile(pattern)
    want = [m.span() for m in rx.finditer(text)]
    got = [m.span() for m in windowed(rx, find_all(text, (anchor,)), text, text[::-1])]
    assert got == want


def _number_texts(seed, n):
    import random

    rng = random.Random(seed)
    parts = ["the", " ", "  ", "\t", "Four", "month", "Twenty-four", "twenty", "2020", "year", "4",
             "24", "day", "the fourth", "April", "of", "May5In", "hall.2019The", "2 0 2 0", "in 20 20",
             "April 2 4", "3.5", "ten thousand", "10,000", "9 points 30 minutes", "Fourteen Five",
             "19", "National Congress", "Party's", "Party", "Committee", "CPC", "Plenary Session",
             "中文", "会议。", "，", "(", ")", ",", ".", "\u0131", "\u017f", "\u0130", "seventy",
             "first", "one", "-", "hundred", "a hundred times", "one of the", "\u0663", "\uff15",
             "Two thousand and twenty", "nineteen", "eighty", "In", "fifteenth", "\n",
             "twenty-four seven", "ninety-nine percent", "one by one", "a thousand and one",
             "fifteen yuan", "twelve percent", "thousand nine hundred", "the 18th", "CPC’s",
             "Central Committee", "Five-Year Plan", "the 3", "Party's 19 big", "party's 20 x",
             # the rules of the probe fixes: blanks and digits of the shadow
             # text, ranges, years before numbers, clock times, events
             "\u00a0", "\u3000", "\uff12\uff10\uff12\uff13", "day-3 month", "By 2025", "10,000 new",
             "at 8 points in the morning", "At 14 points 30,", "10 hours 15 minutes", "10: 30 a.m.",
             "at", "rose 12 points 5 minutes after", "several ten", "ten-thousand", "hundred millions",
             "3 ten thousand 5 thousand", "12 thousand 3 hundred", "the 90s of the last century",
             "Asian Games", "Summer Universiade", "quarter", "Forum", "delegates", "big, medium-sized",
             "15 th", "anniversary events", "More Than And", "many.", "Fourteenth Five"]
    return ["".join(rng.choice(parts) + rng.choice(["", " ", " ", "\n"])
                    for _ in range(rng.randint(1, 30))) for _ in range(n)]


def _raw(text, style="news"):
    return [(f.start, f.end, f.rule, f.suggestion, f.confidence)
            for f in Numbers(Config(number_style=style)).detect(Document("t.txt", text))]


@pytest.mark.parametrize("seed", range(3))
def test_shortcuts_change_no_finding(seed, monkeypatch):
    # The number/word prefilters of the windows, the per-segment regions and
    # the idioms read last only skip work: switched off, every finding is
    # the same.
    from bisect import bisect_right

    from align.detectors.numbers import _Page, scan
    from align.detectors.numbers.spelled import IDIOM_RE

    def full_inside(self, start, end):
        starts, regions = self._region_index()
        i = bisect_right(starts, start) - 1
        return i >= 0 and regions[i][0] <= start and end <= regions[i][1]

    def idiom_first(self, text, s, style):
        for m in IDIOM_RE.finditer(text, max(0, s.start - 30), min(len(text), s.end + 30)):
            if m.start() < s.end and s.start < m.end():
                return None
        return self._spelled_in_use(text, s, style)

    texts = _number_texts(seed, 1500)
    fast = [_raw(t, style) for t in texts for style in ("news", "literary")]
    monkeypatch.setattr(_Page, "_spelled", idiom_first)
    # Every calque pattern over the whole text: no anchors, no windows.
    monkeypatch.setattr(scan, "windowed", lambda pattern, anchors, text, *a, **k: pattern.finditer(text))
    monkeypatch.setattr(_Page, "_has_word", lambda self, lo, hi: True)
    monkeypatch.setattr(_Page, "_has_digit", lambda self, lo, hi: True)
    monkeypatch.setattr(_Page, "_inside", full_inside)
    slow = [_raw(t, style) for t in texts for style in ("news", "literary")]
    assert fast == slow
    assert sum(map(bool, fast)) > 500


@pytest.mark.parametrize("seed", range(2))
def test_spelled_numbers_from_the_anchor_pass(seed):
    from align.detectors.numbers.scan import NUMBER_WORD, all_anchors
    from align.text.numerals import spelled_numbers

    for text in _number_texts(seed, 1000):
        starts = all_anchors(text)[NUMBER_WORD]
        assert (starts is None) == ("\u0130" in text)
        if starts is not None:
            assert spelled_numbers(text, word_starts=starts) == spelled_numbers(text), text


@pytest.mark.parametrize("low, starts, want", [
    ("one two", [0, 4], [0, 4]),
    ("money", [1], []),                 # inside a word
    ("x-one,two", [2, 6], [2, 6]),      # after marks
    ("fourteen", [0, 0, 0], [0]),       # four, fourteen: one start
    ("\u00e9one", [1], [1]),            # after a non-ASCII letter: the regex decides
    ("", [], []),
])
def test_number_word_starts(low, starts, want):
    from align.text.numerals import number_word_starts

    assert number_word_starts(low, starts) == want


@pytest.mark.parametrize("text, want", [
    ("the Party congress", {"party": [4], "congress": [10]}),
    ("CONGRESSESSION", {"congress": [0], "session": [7]}),    # overlapping
    ("Party\u017f", {"party": [0]}),                          # long s folded
])
def test_literals_finds_every_word(text, want):
    from align.text.english import Literals

    low, hits = Literals([(w, w) for w in ("party", "congress", "session")]).find(text)
    got: dict = {}
    for start, word in hits:
        got.setdefault(word, []).append(start)
        assert low[start:start + len(word)] == word
    assert got == want


def test_literals_gives_up_where_offsets_move():
    from align.text.english import Literals

    low, hits = Literals([("party", 1)]).find("\u0130stanbul party")
    assert hits is None and low == "\u0130stanbul party".lower()


@pytest.mark.parametrize("text", [
    "The plant hired s\u0131x hundred workers in 2020.",
    "\u017fix new lines opened on May 5.",
    "F\u0130VE projects were completed.",
])
def test_letters_re_folds_to_ascii_do_not_break_the_check(text):
    # re.I matches "s\u0131x" as "six"; its reading once raised KeyError,
    # which cost the page its whole number check (internal.detector_error).
    from align.run.pipeline import check_document

    res = check_document(Document("t", text), [Numbers(Config())])
    assert not [r for r in res.rows if r["category"] == "input_error"]
