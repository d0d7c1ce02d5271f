"""The faster forms in ``scripts`` change nothing.

``script_runs`` tries a gap of one class (no digit, no ``_``) before the
general gap and tells the script by an empty group at the end of a branch;
``han_chars`` deletes what is not Han; the Latin word count reads matches of
an empty group. Each is held here to the plain definitions (the patterns as
they were): every code point for the gap classes, then tables, random and
tricky text, and the seed pages.
"""
import random
import re

import pytest

from align.text import scripts as S
from align.text.scripts import HAN, LATIN, Run

# -- The reference: the definitions as they were -----------------------------

_PLAIN_GAP = f"(?:[^\\w{HAN}{LATIN}{re.escape(S._BREAKING)}]|[\\d_])"
_PLAIN_LATIN_WORD_RE = re.compile(f"[{LATIN}]+(?:['\u2019-][{LATIN}]+)*")
_PLAIN_RUN_RE = re.compile(
    f"(?P<zh>[{re.escape(S._CJK_OPENING)}]*[{HAN}]+(?:{_PLAIN_GAP}{{1,12}}[{HAN}]+)*{S._TRAIL})"
    f"|(?P<latin>[{LATIN}]+(?:{_PLAIN_GAP}{{1,12}}[{LATIN}]+)*{S._TRAIL})"
    f"|(?P<other>{S._OTHER}+(?:{_PLAIN_GAP}{{1,12}}{S._OTHER}+)*{S._TRAIL})"
)
_PLAIN_HAN_RUN_RE = re.compile(f"[{HAN}]+")


def plain_runs(text, start=0, end=None):
    end = len(text) if end is None else end
    runs, pos = [], start
    for m in _PLAIN_RUN_RE.finditer(text, start, end):
        s, e = m.span()
        if s > pos:
            runs.append(Run(pos, s, "common"))
        runs.append(Run(s, e, m.lastgroup))
        pos = e
    if pos < end:
        runs.append(Run(pos, end, "common"))
    return runs


def plain_han_chars(text):
    return "".join(_PLAIN_HAN_RUN_RE.findall(text))


# -- The gap classes, every code point ---------------------------------------

def test_spacing_is_the_gap_without_digits_and_underscore_on_every_code_point():
    every = "".join(map(chr, range(0x110000)))  # lone surrogates included
    gap = {m.start() for m in re.finditer(S._GAP, every)}
    spacing = {m.start() for m in re.finditer(S._SPACING, every)}
    digits = {m.start() for m in re.finditer(r"[\d_]", every)}
    assert spacing <= gap
    assert gap - spacing == digits
    # No gap character is a token's, which the equivalence relies on.
    tokens = {m.start() for m in re.finditer(f"[{HAN}{LATIN}]|{S._OTHER}", every)}
    assert not gap & tokens
    assert re.fullmatch(S._SPACING, " ") and re.fullmatch(S._SPACING, "\u3001")
    assert not re.fullmatch(S._SPACING, "5") and re.fullmatch(S._GAP, "5")


# -- Runs and counts, tricky and random text ---------------------------------

_TRICKY = [
    "", " ", "a", "\u4e2d", "\u212a", "\u0130", "\u0131", "e\u0301", "\u0301",
    "\uff21\uff22", "\u3000", "\uff08", "\u201c", "\u201d", "\u300a", "\u300b",
    "(", ")", "[", "]", "|", "<", ">", "/", "\\", "=", "\n", "\r", "\u2028",
    "\U00020000", "\U0002a6d6", "\U00031350", "\u2e80", "\u3007", "\u3021",
    "\u0416", "\u05d0", "\u0663", "\u00b2", "\u00bd", "_", "1", "2019", "-", "'",
    "\u2019", ",", ".", "\u3002", "\uff0c", "\u3001", "%", "\uff05", "\u2026",
    "\u00b7", "\ufffd", "\ud800", "\ufa6e", "\u00aa", "\u00b5", "\u00d7",
    "\u0250", "\u1e9e", "\uff5b", "\t", "\u00a0", "\u200b", "?", "!", ":",
]
_WORDS = ["Beijing", "the", "\u4e2d\u56fd", "\u53d1\u5c55", "\u041c\u043e\u0441\u043a\u0432\u0430",
          "na\u00efve", "caf\u00e9", "\u0100\u0101", "U.S.", "don't", "e-mail", "3.5"]


def _random_text(rng, n):
    parts = []
    for _ in range(n):
        r = rng.random()
        if r < 0.35:
            parts.append(rng.choice(_TRICKY))
        elif r < 0.6:
            parts.append(rng.choice(_WORDS))
        elif r < 0.8:
            parts.append(" " * rng.randint(1, 14))
        else:
            parts.append(chr(rng.randint(0x20, 0x3100)))
    return "".join(parts)


def test_runs_match_plain_definition_on_tables():
    cases = [
        "",
        "Hello, world.",
        "\u201c\u4e2d\u56fd\u201d and the U.S.",
        "\uff08\uff08\u4e2d\u6587 (English) \u6587\u5b57\u3002",
        "\uff08\uff08 a \u4e2d",
        "a" + " " * 12 + "b" + " " * 13 + "c",
        ">> \u8fd4 \u56de <<",
        "in 2019 the \u4e2d\u56fd 2 \u53d1\u5c55 \u041c\u043e\u0441\u043a\u0432\u0430 x",
        "\u212a\u0130 e\u0301 \U00020000\U00020001 \u2e80\u2e81",
        "_a_ 1_2 \u00b2\u00bd \u0663",
        "a , 1_ b", "word" + " " * 6 + "12" + " " * 4 + "word", "w" + " " * 6 + "12" + " " * 5 + "w",
        "\u4e2d\uff0c 2019 \u5e74", "\u4e2d" + "\u3001" * 12 + "\u6587" + "\u3001" * 13 + "\u5b57",
    ]
    for text in cases:
        assert S.script_runs(text) == plain_runs(text), text
        for a in range(len(text) + 1):
            for b in range(a, len(text) + 1):
                assert S.script_runs(text, a, b) == plain_runs(text, a, b), (text, a, b)


def test_runs_and_counts_match_plain_definition_on_random_text():
    rng = random.Random(20261205)
    for _ in range(3000):
        text = _random_text(rng, rng.randint(0, 40))
        assert S.script_runs(text) == plain_runs(text), text
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        assert S.script_runs(text, a, b) == plain_runs(text, a, b), (text, a, b)
        assert S.han_chars(text) == plain_han_chars(text), text
        assert S.count_script_units(text) == (
            len(plain_han_chars(text)), len(_PLAIN_LATIN_WORD_RE.findall(text))), text


@pytest.mark.parametrize("text,han", [
    ("", ""), ("abc", ""), ("\u4e2d a \u6587", "\u4e2d\u6587"),
    ("\U00020000x\u2e80\u3007", "\U00020000\u2e80\u3007"), ("\ud800\u4e2d\ud800", "\u4e2d"),
])
def test_han_chars_table(text, han):
    assert S.han_chars(text) == han == plain_han_chars(text)


def test_runs_on_seed_pages():
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "data" / "seeds"
    texts = [p.read_text("utf-8", "replace") for p in sorted(seeds.glob("*")) if p.is_file()]
    assert texts
    for text in texts:
        assert S.script_runs(text) == plain_runs(text)
        for line in text.splitlines():
            assert S.script_runs(line) == plain_runs(line)
        assert S.han_chars(text) == plain_han_chars(text)


def test_long_gaps_stay_linear():
    # The gap of one class is tried first and backtracks at most 12 steps:
    # a page of spaces, digits and marks between letters is still quick.
    import time

    text = ("a" + " 1" * 7 + "-" * 13) * 20000 + "\u4e2d" + "\uff0c" * 20000
    t = time.perf_counter()
    runs = S.script_runs(text)
    assert time.perf_counter() - t < 2.0
    assert runs == plain_runs(text)
