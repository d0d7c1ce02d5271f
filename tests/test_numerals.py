"""Numbers found and normalized in Chinese and English text (align.text.numerals)."""
import doctest

import pytest

from align.text import numerals
from align.text.numerals import chinese_numbers, english_numbers, parse_english_words


def test_doctests():
    assert doctest.testmod(numerals).failed == 0


@pytest.mark.parametrize("words, value", [
    ("Two thousand and twenty", 2020),
    ("two thousand twenty-three", 2023),
    ("forty-eight", 48),
    ("Forty - eight", 48),
    ("one hundred and five", 105),
    ("three million", 3_000_000),
    ("one point five", 1.5),
    ("twenty-fourth", 24),
    ("twentieth", 20),
    ("hundred", 100),
    ("twelve thousand five hundred", 12500),
    ("nineteen ninety-eight", 1998),
    ("twenty twenty", 2020),
    ("two zero two zero", 2020),
    ("nineteen oh five", 1905),
])
def test_parse_english_words(words, value):
    assert parse_english_words(words) == value


@pytest.mark.parametrize("words", ["two three", "fifty twenty", "and", "thousand hundred", "point"])
def test_parse_english_words_rejects(words):
    assert parse_english_words(words) is None


@pytest.mark.parametrize("text, found", [
    ("二〇二〇年", [("二〇二〇年", 2020, "year")]),
    ("2023年", [("2023年", 2023, "year")]),
    ("四月二十四日", [("四月二十四日", (None, 4, 24), "date")]),
    ("2020年4月24日", [("2020年4月24日", (2020, 4, 24), "date")]),
    ("二〇二〇年四月二十四日", [("二〇二〇年四月二十四日", (2020, 4, 24), "date")]),
    ("十二月", [("十二月", (None, 12, None), "date")]),
    ("百分之五点二", [("百分之五点二", 5.2, "percent")]),
    ("增长12%", [("12%", 12, "percent")]),
    ("3.5万", [("3.5万", 35000, "count")]),
    ("1.53亿元", [("1.53亿元", 153_000_000, "money")]),
    ("500万美元", [("500万美元", 5_000_000, "money")]),
    ("第二十次", [("第二十", 20, "ordinal")]),
    ("四十八人", [("四十八", 48, "count")]),
    ("一万二千五百名", [("一万二千五百", 12500, "count")]),
    ("三个", [("三", 3, "count")]),
    # numeral characters inside ordinary words are not numbers
    ("一些人一起统一", []),
    ("十分重要", []),
    ("万一", []),
    ("一带一路", []),
])
def test_chinese_numbers(text, found):
    got = [(text[s.start:s.end], s.value, s.kind) for s in chinese_numbers(text)]
    assert got == found


@pytest.mark.parametrize("text, found", [
    ("the group convened Two thousand and twenty In", [("Two thousand and twenty", 2020, "year")]),
    ("Forty-eight people", [("Forty-eight", 48, "count")]),
    ("rose 5.2% to 1.53 billion yuan", [("5.2%", 5.2, "percent"), ("1.53 billion yuan", 1_530_000_000, "money")]),
    ("five point two percent", [("five point two percent", 5.2, "percent")]),
    ("3.5 million people", [("3.5 million", 3_500_000, "count")]),
    ("$5 and 20th", [("$5", 5, "money"), ("20th", 20, "ordinal")]),
    ("in 2019", [("2019", 2019, "year")]),
    ("April 24, 2020", [("April 24, 2020", (2020, 4, 24), "date")]),
    ("24 April", [("24 April", (None, 4, 24), "date")]),
    ("2020-04-24", [("2020-04-24", (2020, 4, 24), "date")]),
    ("the twenty-first century", [("twenty-first", 21, "ordinal")]),
    ("twenty twenty", [("twenty twenty", 2020, "year")]),
    ("1,049 readers", [("1,049", 1049, "count")]),
    # the pronoun "one" is not a number
    ("one of them", []),
])
def test_english_numbers(text, found):
    got = [(text[s.start:s.end], s.value, s.kind) for s in english_numbers(text)]
    assert got == found


@pytest.mark.parametrize("zh, en", [
    ("二〇二〇年", "in 2020"),
    ("四月二十四日", "April 24"),
    ("百分之五点二", "5.2 percent"),
    ("3.5万", "35 thousand"),
    ("1.53亿元", "153 million yuan"),
    ("第二十", "the 20th"),
])
def test_keys_meet_across_languages(zh, en):
    assert [s.key for s in chinese_numbers(zh)] == [s.key for s in english_numbers(en)]
