"""The ``number`` check: cases that must fire (with span and suggestion) and
cases that must not (house style, idioms, names, digits already)."""
import re

import pytest

from align.core.config import Config
from align.detectors.numbers import Numbers
from align.text.document import Document


def findings(text, style="news"):
    doc = Document("t.txt", text)
    return [(text[f.start:f.end], f.suggestion, f.rule, f.severity)
            for f in Numbers(Config(number_style=style)).detect(doc)]


FIRE = [
    # spelled years
    ("the group convened Two thousand and twenty In the first quarter", "Two thousand and twenty", "2020", "number.spelled_year"),
    ("the plan ran through twenty twenty and beyond", "twenty twenty", "2020", "number.spelled_year"),
    ("in nineteen ninety-eight the firm was founded", "nineteen ninety-eight", "1998", "number.spelled_year"),
    ("the number rose in two zero two zero as planned", "two zero two zero", "2020", "number.spelled_year"),
    ("the company was set up in nineteen oh five by", "nineteen oh five", "1905", "number.spelled_year"),
    ("Two thousand and twenty was a hard year.", "Two thousand and twenty", "2020", "number.spelled_year"),
    ("targets for two thousand and twenty-three were met", "two thousand and twenty-three", "2023", "number.spelled_year"),
    ("by twenty twenty-five the plant will", "twenty twenty-five", "2025", "number.spelled_year"),
    ("since two thousand and eight, the bank", "two thousand and eight", "2008", "number.spelled_year"),
    ("the 2020 year work report was issued", "2020 year", "2020", "number.calqued_year"),
    # calqued and spelled dates
    ("Four month Twenty-four On the morning of the morning", "Four month Twenty-four", "April 24", "number.calqued_date"),
    ("we met on 4 month 24 day at the hall", "4 month 24 day", "April 24", "number.calqued_date"),
    ("On twelve month three the board met", "twelve month three", "December 3", "number.calqued_date"),
    ("on 2020 year 4 month 24 day the group", "2020 year 4 month 24 day", "April 24, 2020", "number.calqued_date"),
    ("the fourth month twenty-fourth day", "fourth month twenty-fourth day", "April 24", "number.calqued_date"),
    ("In six month the plant resumed work", "six month", "June", "number.calqued_date"),
    ("we met on April twenty-fourth in Beijing", "April twenty-fourth", "April 24", "number.spelled_date"),
    ("the twenty-fourth of April was a day", "the twenty-fourth of April", "April 24", "number.spelled_date"),
    ("on March Fifteen the market opened", "March Fifteen", "March 15", "number.spelled_date"),
    ("at 9 points 30 minutes the meeting began", "9 points 30 minutes", "9:30", "number.calqued_time"),
    # glued and split digits
    ("On May5In the afternoon, the meeting", "May5In", "May 5 In", "number.glued_digits"),
    ("held in the hall.2019The annual meeting", "hall.2019The", "hall. 2019 The", "number.glued_digits"),
    ("the meeting held In2020 was", "In2020", "In 2020", "number.glued_digits"),
    ("He said that 5people attended", "5people", "5 people", "number.glued_digits"),
    ("On June12 the team", "June12", "June 12", "number.glued_digits"),
    ("results of 2021Meanwhile the group", "2021Meanwhile", "2021 Meanwhile", "number.glued_digits"),
    ("in 2 0 2 0 the company grew", "2 0 2 0", "2020", "number.split_digits"),
    ("since 20 20 the company grew", "20 20", "2020", "number.split_digits"),
    ("on April 2 4 the company", "April 2 4", "April 24", "number.split_digits"),
    # counts, money, percentages (news style)
    ("attended by forty-eight people from the group", "forty-eight", "48", "number.spelled_count"),
    ("a total of three hundred and twenty-six projects", "three hundred and twenty-six", "326", "number.spelled_count"),
    ("we held twelve meetings this year", "twelve", "12", "number.spelled_count"),
    ("the group has twenty-three subsidiaries", "twenty-three", "23", "number.spelled_count"),
    ("it employs one thousand two hundred staff", "one thousand two hundred", "1,200", "number.spelled_count"),
    ("growth of five point two percent this year", "five point two", "5.2", "number.spelled_percent"),
    ("an investment of five million yuan", "five million", "5 million", "number.spelled_money"),
    ("investment of 3.5 ten thousand yuan", "3.5 ten thousand", "35,000", "number.calqued_scale"),
    ("revenue reached 1.53 hundred million yuan", "1.53 hundred million", "153 million", "number.calqued_scale"),
    # ordinals
    ("the twentieth National Congress of the CPC", "twentieth", "20th", "number.spelled_ordinal"),
    ("the nineteenth Central Committee met", "nineteenth", "19th", "number.spelled_ordinal"),
    ("the 20 National Congress of the CPC", "20", "20th", "number.cardinal_ordinal"),
    ("during the Fourteen Five period", "Fourteen Five", "14th Five-Year Plan", "number.cardinal_ordinal"),
    ("the Party's 20 victory was celebrated", "20", "20th", "number.cardinal_ordinal"),
]


@pytest.mark.parametrize("text, span, suggestion, rule", FIRE)
def test_fires(text, span, suggestion, rule):
    got = findings(text)
    assert (span, suggestion, rule) in [(s, g, r) for s, g, r, _ in got], got


@pytest.mark.parametrize("text, span, severity", [
    ("Four month Twenty-four On the morning", "Four month Twenty-four", "major"),
    ("the group convened Two thousand and twenty In", "Two thousand and twenty", "major"),
    ("attended by forty-eight people from the group", "forty-eight", "minor"),
])
def test_severity(text, span, severity):
    assert [sev for s, _, _, sev in findings(text) if s == span] == [severity]


NO_FIRE = [
    # sentence-initial counts are house style
    "Forty-eight people from each department attended.",
    "Twenty-three subsidiaries reported. The rest did not.",
    "The meeting ended.\nThirty people stayed behind.",
    # small numbers, ages, approximations, times
    "He has two sons and three daughters.",
    "She left home at twenty-one to study.",
    "a man of forty-five years old",
    "the twenty-year-old student",
    "fourteen or fifteen of them came",
    "it was eleven o'clock at night",
    # idioms and fixed expressions
    "one of the most important tasks",
    "First of all, we must study",
    "the two sessions opened in Beijing",
    "with one heart and one strength",
    "one by one they left",
    "one after another the plants reopened",
    "a hundred times better",
    "in the parts per million range",
    "with twenty-twenty hindsight",
    "I am one hundred percent sure",
    # pronoun one
    "the one who came first",
    "one must study hard",
    "no one knew the answer",
    # digits already
    "On April 24, 2020 the group met",
    "in 2020 the group grew by 5.2%",
    "Release time: 2020-04-24 Source: group",
    "revenue of 1.53 billion yuan",
    "the 20th National Congress of the CPC",
    "COVID-19 and COVID19 and G20 and 5G and 3D printing",
    "in the 1990s and 10km away and the 24th",
    "see www.example.com/2019Report for details",
    "the iPhone12 and H1N1 and Fig.3",
    # names and titles
    "the Sutra in Forty-Two Sections",
    "the Three Gorges Dam",
    "the May Fourth Movement",
    "He read Nineteen Eighty-Four by Orwell",
    "the Eight Immortals crossed the sea",
    "the Hundred Flowers Campaign",
    # durations and prose uses of month and ordinals
    "a four month period of study",
    "one month later they returned",
    "the twentieth century was long",
    "on the fifteenth of the third month of the lunar calendar",
    "the fifteenth day of the eighth month",
    "she was second in line",
    # Chinese documents are left to other checks
    "二〇二〇年四月二十四日上午,集团召开会议。",
]


@pytest.mark.parametrize("text", NO_FIRE)
def test_does_not_fire(text):
    assert findings(text) == []


@pytest.mark.parametrize("text", [
    "we made more than twenty pairs of glasses",
    "she built thirty-six houses",
])
def test_literary_style_allows_words(text):
    assert findings(text, "news") and not findings(text, "literary")


def test_a_page_that_spells_counts_throughout_reads_literary():
    text = ("They walked twenty miles. He was sixty then, and his thirty cousins came. "
            "Forty more followed the next day, and fifty by the end.")
    assert findings(text, "news") == []


def test_adversarial_input_is_linear():
    # No timing assertion: a catastrophic regex would hang the suite instead.
    text = ("twenty-" * 20000) + " x " + ("1a" * 30000) + " " + ("May " * 20000) + ("2 " * 20000)
    findings(text)


@pytest.mark.parametrize("text", [
    "Four month Twenty-four, the fourth month, April twenty-fourth, 2020 year",
    "3.5 ten thousand yuan, 9 points 30 minutes, Fourteen Five, the 19 National Congress",
    "May5In the hall.2019The plan, in 20 20, April 2 4, 2 0 2 0",
    "MONTH İstanbul month ſeſſion Congreſs ıt 10,000 the 19 Party Congress",
    "cpcommittee plannning fivefive Fivemonth yearyear",
])
def test_anchor_words_are_those_of_the_patterns(text):
    # The one-pass anchors must list every place the per-word scans found.
    from align.detectors.numbers import (_ANCHOR_WORDS, _CASED_WORDS, _all_anchors,
                                         _compiled, _folded)

    low = _folded(text)
    got = _all_anchors(text, low)
    for kind, words in _ANCHOR_WORDS.items():
        want = [m.start() for m in _compiled("|".join(words), re.I).finditer(text)]
        assert set(want) <= set(got[kind]), kind
    for kind, words in _CASED_WORDS.items():
        want = [m.start() for m in re.finditer("|".join(words), text)]
        assert set(want) <= set(got[kind]), kind


@pytest.mark.parametrize("pattern,anchor,text", [
    (r"\d+ month", "month", "in 4 month and 12 month, then the-month 3 month"),
    (r"(?<![\w-])\w+ \w+", "b", "a b c-d b e\nb f"),
    (r"x+", "x", "xx yy xx"),
])
def test_windowed_finds_what_finditer_finds(pattern, anchor, text):
    from align.detectors.numbers import _find_all, _windowed

    rx = re.compile(pattern)
    want = [m.span() for m in rx.finditer(text)]
    got = [m.span() for m in _windowed(rx, _find_all(text, (anchor,)), text, text[::-1])]
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
             "Central Committee", "Five-Year Plan", "the 3", "Party's 19 big", "party's 20 x"]
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

    from align.detectors import numbers
    from align.detectors.numbers import IDIOM_RE

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
    monkeypatch.setattr(numbers._Page, "_spelled", idiom_first)
    # Every calque pattern over the whole text: no anchors, no windows.
    monkeypatch.setattr(numbers, "_windowed", lambda pattern, anchors, text, *a, **k: pattern.finditer(text))
    monkeypatch.setattr(numbers._Page, "_has_word", lambda self, lo, hi: True)
    monkeypatch.setattr(numbers._Page, "_has_digit", lambda self, lo, hi: True)
    monkeypatch.setattr(numbers._Page, "_inside", full_inside)
    slow = [_raw(t, style) for t in texts for style in ("news", "literary")]
    assert fast == slow
    assert sum(map(bool, fast)) > 500


@pytest.mark.parametrize("seed", range(2))
def test_spelled_numbers_from_the_anchor_pass(seed):
    from align.detectors.numbers import NUMBER_WORD, _all_anchors
    from align.text.numerals import spelled_numbers

    for text in _number_texts(seed, 1000):
        starts = _all_anchors(text)[NUMBER_WORD]
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
def test_literals_finds_every_registered_word(text, want, monkeypatch):
    from align.text import english as _english
    from align.text.english import add_literals, literals

    # Registered on copies, so the checks' automaton stays as it was.
    monkeypatch.setattr(_english, "_LITERALS", {w: dict(o) for w, o in _english._LITERALS.items()})
    monkeypatch.setattr(_english, "_LITERAL_STATE", [None, (None, None)])
    add_literals("test", [(w, w) for w in ("party", "congress", "session")])
    low, hits = literals(text)
    got: dict = {}
    for start, owners in hits:
        for owner, word in owners:
            if owner == "test":
                got.setdefault(word, []).append(start)
                assert low[start:start + len(word)] == word
    assert got == want
    assert literals(text) is literals(text)  # the last page's answer is kept


def test_literals_gives_up_where_offsets_move():
    from align.text.english import literals

    low, hits = literals("\u0130stanbul party")
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
