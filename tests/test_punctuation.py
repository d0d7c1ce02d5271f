"""punctuation: Chinese marks in English text, glued marks, spaces inside quotes."""
import pytest

import align

FIRES = [
    # (text, expected spans, expected suggestions, rule)
    ("held 2023 annual work conference。The meeting summarized", ["。"], [". "],
     "punctuation.fullwidth"),
    ("and attended the meeting。\n", ["。"], ["."], "punctuation.fullwidth"),
    ("were notified.。The Party Committee", ["。"], [" "], "punctuation.fullwidth"),
    ("measures，and more；finally", ["，", "；"], [", ", "; "], "punctuation.fullwidth"),
    ("One area（Zone A）was chosen", ["（", "）"], ["(", ") "], "punctuation.fullwidth"),
    ("He pointed out that,At present, the development", [","], [", "],
     "punctuation.missing_space"),
    ("in accordance with the actual work,Closely around", [","], [", "],
     "punctuation.missing_space"),
    ("The meeting ended.The staff left", ["."], [". "], "punctuation.missing_space"),
    ("the municipal government. \" Eight decisive battles \" Decision",
     ['" Eight decisive battles "'], ['"Eight decisive battles"'], "punctuation.quote_spacing"),
    ("follow \u201c Scramble for time \u201d now", ["\u201c Scramble for time \u201d"],
     ["\u201cScramble for time\u201d"], "punctuation.quote_spacing"),
]

NOT_FIRES = [
    "The U.S. and e.g. this, with 1,049 readings at 10:30 on 2020-04-24.",
    "Visit www.example.com,Or mail office@example.cn.Next time.",
    "He said \"grabbing\" is key, and \"supplement\" too.",
    "中文句子，另一句。",                               # a Chinese page
    "会上,Heads of departments spoke.",               # the comma belongs to the Chinese run
    "Version 3.5 of Node.js shipped; i.e. it works.",
    "",
]


def flagged(text):
    df = align.check_text(text, checks=["punctuation"])
    for row in df.itertuples():
        assert text[row.start:row.end] == row.text
    return df


@pytest.mark.parametrize("text,spans,suggestions,rule", FIRES)
def test_fires(text, spans, suggestions, rule):
    df = flagged(text)
    assert list(df.text) == spans
    assert list(df.suggestion) == suggestions
    assert set(df.rule) == {rule}
    assert set(df.severity) == {"minor"}


@pytest.mark.parametrize("text", NOT_FIRES)
def test_does_not_fire(text):
    assert list(flagged(text).text) == []


def _reference(text):
    # The marks as first checked: one pattern at a time, the address test on
    # the token cut out around the mark.
    import re

    from align.detectors import punctuation as pu

    space = re.compile(r"\s")

    def in_url(pos, reach=80):
        left = text[max(0, pos - reach):pos]
        right = text[pos:pos + reach]
        spaces = list(space.finditer(left))
        left = left[spaces[-1].end():] if spaces else left
        m = space.search(right)
        return bool(pu._URLISH_RE.search(left + (right[:m.start()] if m else right)))

    out = [m.span() for m in pu._FULLWIDTH_RE.finditer(text)]
    out += [m.span() for m in pu._OPEN_FULLWIDTH_RE.finditer(text)]
    out += [m.span() for m in pu._GLUED_RE.finditer(text) if not in_url(m.start())]
    return out


@pytest.mark.parametrize("seed", range(3))
def test_one_pass_finds_what_each_pattern_finds(seed):
    import random

    from align.detectors.punctuation import Punctuation
    from align.text.document import Document

    rng = random.Random(seed)
    parts = ["word", "At", "the", "a", "b", "U.S.", " ", "\t", "\n", "\u3000", "\xa0", ".", ",", ";",
             ":", "!", "?", "\u3002", "\uff0c", "\uff1b", "\uff09", "\uff08", "\u201c", "\u201d",
             "\u2019", ")", "]", "2", "%", "www.", "http:", "@", ".com", "/", "中文", "Ab"]
    det = Punctuation()
    hits = 0
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 40)))
        doc = Document("t", text)
        got = [(f.start, f.end) for f in det.detect(doc) if f.rule != "punctuation.quote_spacing"]
        want = _reference(text) if doc.language != "zh" else []
        assert got == want, text
        hits += bool(want)
    assert hits > 1000
