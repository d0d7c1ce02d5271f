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
