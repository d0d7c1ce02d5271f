"""Numbers spelled out where the house style wants digits (``Config.number_style``):
``number.spelled_count``, ``spelled_percent``, ``spelled_money``,
``spelled_year`` and ``spelled_ordinal``; and what English spells out on
purpose (sentence starts, names and titles, idioms, ages, ranges)."""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import List, Optional

from ...core import recache
from ...core.findings import Finding
from ...core.rules import rule
from ...resources import wordlists
from ...text.numerals import SCALES, TENS, UNITS, Spelled
from .values import EVENT, NEXT_WORD, NUMW, PREV_WORD, YEAR_DIGITS_RE, counts_after, fmt, ordinal

# Fixed expressions whose number words are not quantities to write in digits
# (``resources/data/number_idioms.txt``: a regular expression per line).
IDIOM_RE = recache.compile("|".join(wordlists.words("number_idioms")), re.I)
_AGE_BEFORE = re.compile(r"(?:\b(?:at|aged|ages?|age[ \t]+of|turned|turning)[ \t]+)$", re.I)
_AGE_AFTER = re.compile(r"[ \t-]*(?:years?|yrs?)[ \t-]*(?:old|of[ \t]+age)\b|-year-old", re.I)
_RANGE = re.compile(r"^[ \t]+(?:or|to)[ \t]+|[ \t]+(?:or|to)[ \t]+$", re.I)
_TIME_AFTER = re.compile(r"[ \t]*(?:o['’]clock|a\.?m\.?|p\.?m\.?)(?!\w)", re.I)
_PERCENT_AFTER = re.compile(r"[ \t]*(?:%|percent\b|per[ \t]+cent\b)", re.I)
_MONEY_AFTER = re.compile(r"[ \t]+(?:million[ \t]+|billion[ \t]+|thousand[ \t]+)?"
                          r"(?:yuan|RMB|renminbi|dollars?|US[ \t]+dollars|euros?|pounds?|yen)\b", re.I)
# Words that begin a new clause when a page lost its punctuation
# ("... held Nineteen In the second half", a capital after a number).
FUNCTION_WORDS = wordlists.wordset("number_function_words")
# Led by the digit (the lookbehind reads the character before it): re skips
# to a digit in a tight loop instead of trying the lookbehind at every
# character. Same matches as (?<![\d.,])\d+(?:[.,]\d+)*.
_DIGITS_RE = re.compile(r"\d(?<![\d.,]\d)\d*(?:[.,]\d+)*")
_SENTENCE_END = set(".!?\u3002\uff01\uff1f\n")
_OPENERS = set(" \t\"'“‘([«《「『【-—•·*#0123456789")
_ASCII_WORD_RE = re.compile(r"[A-Za-z]+")
_HYPHEN_UNIT_RE = re.compile(r"-(?:year|month|day|yuan|million)\b")
# SI symbols of length, area, mass, power and temperature after a number.
_SYMBOL_AFTER = re.compile(r"[ \t]+(?:km|cm|mm|kg|kW|kWh|MW|MWh|GW|kV|km2|m2|m3|km\u00b2|m\u00b2|m\u00b3)(?![\w\u00b2\u00b3])"
                           r"|[ \t]*(?:\u2103|\u00b0C)")
_READ_OUT_BEFORE_RE = re.compile(r"(?:thousand|million|billion),[ \t]*$")
_READ_OUT_AFTER_RE = recache.compile(rf",[ \t]*(?:{NUMW})\b", re.I)
# A round number in a time distance, an approximation prose spells even in
# news copy: "some ten years ago", "twenty years later".
_AGO_AFTER = re.compile(r"\W{0,2}(?:years?|months?|weeks?|days?|decades?)[ \t]+(?:ago|later|earlier|before)\b",
                        re.I)
# The second number of a range: "between one and five percent".
_BETWEEN_BEFORE = re.compile(r"\bbetween[ \t]+[\w-]+[ \t]+and[ \t]+$", re.I)
_CENTURY_RE = re.compile(r"[ \t]+century", re.I)
_EVENT_AFTER = re.compile(rf"[ \t]+(?:{EVENT}|anniversary|century|birthday|round|batch)\b", re.I)


@lru_cache(maxsize=8)
def _spelled_names(paths: tuple) -> dict:
    """First word -> the approved renderings (lower case) of the termbases
    ``paths`` that begin with a spelled number ("ten affirmations")."""
    from ...read.termbases import load

    out: dict = {}
    for t in load(paths):
        for en in t.en:
            low = en.lower()
            first = low.split(" ", 1)[0]
            if first in UNITS or first in TENS:
                out.setdefault(first, set()).add(low)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


class SpelledRules:
    """The spelled-number rules of ``Numbers``."""

    def _reads_literary(self, text, spelled: List[Spelled]) -> bool:
        """Whether the page spells out counts consistently (a novel, an
        essay): more spelled counts of 10 and up than counts in digits."""
        big = sum(1 for s in spelled if s.value >= 10 and s.shape in ("cardinal", "ordinal"))
        if big < 3:
            return False
        # Counted until they are as many: the regions are read that far only.
        digits = 0
        regions = self._regions if self._regions is not None else self._iter_regions(self._doc.runs)
        for a, b in regions:
            for m in _DIGITS_RE.finditer(text, a, b):
                if not YEAR_DIGITS_RE.fullmatch(m.group()):
                    digits += 1
                    if digits >= big:
                        return False
        return True

    def _sentence_initial(self, start: int) -> bool:
        text = self._text
        i = bisect_right(self._seg_starts, start) - 1
        floor = self._seg_starts[i] if i >= 0 else 0
        floor = max(floor, start - 24)  # bounded: a long run of openers is no sentence
        j = start
        while j > floor and text[j - 1] in _OPENERS:
            j -= 1
        return j == floor or text[j - 1] in _SENTENCE_END

    def _in_name(self, text: str, s_start: int, s_end: int, words) -> bool:
        """Capitalized number words inside a capitalized phrase or quotes:
        ``the Sutra in Forty-Two Sections``, ``the Three Gorges``."""
        span = text[s_start:s_end]
        tokens = _ASCII_WORD_RE.findall(span)
        content = [t for t in tokens if t.lower() != "and"]
        if not all(t[0].isupper() for t in content):
            return False
        nxt = NEXT_WORD.match(text, s_end)
        if nxt and nxt.group("w")[0].isupper() and nxt.group("w").lower() not in FUNCTION_WORDS:
            return True
        prev = PREV_WORD.search(text, max(0, s_start - 40), s_start)
        if (prev and prev.group("w")[0].isupper() and prev.group("w").lower() not in FUNCTION_WORDS
                and not self._sentence_initial(prev.start())):
            return True
        before = text[max(0, s_start - 2):s_start].strip()
        after = text[s_end:s_end + 2].strip()
        return bool(before and before[-1] in "\"“‘«《" and after and after[0] in "\"”’»》")

    def _spelled(self, text: str, s: Spelled, style: str) -> Optional[Finding]:
        f = self._spelled_in_use(text, s, style)
        if f is None:
            return None
        # A fixed expression around the number vetoes any finding; every
        # other test is cheaper, so it is read only for a would-be finding.
        start, end = s.start, s.end
        for m in IDIOM_RE.finditer(text, max(0, start - 30), min(len(text), end + 30)):
            if m.start() < end and start < m.end():
                return None
        # The established name of a numbered formulation ("the Ten
        # Affirmations", 十个明确): the termbase spells its number.
        low = text[start:start + 80].lower()
        if any(low.startswith(name) for name in _spelled_names(tuple(self.config.termbases)).get(
                s.words[0], ())):
            return None
        return f

    def _spelled_in_use(self, text: str, s: Spelled, style: str) -> Optional[Finding]:
        """``_spelled`` but for the idioms."""
        start, end, value = s.start, s.end, s.value
        if s.shape in ("digits", "year") or s.shape == "cardinal" and self._year_like(text, s):
            return self._year(text, s)
        if s.words == ("one",) or value < 2 or s.words[0] in SCALES:
            return None  # the pronoun "one"; "a million", "per million"
        initial = self._sentence_initial(start)
        if self._in_name(text, start, end, s.words) and not initial:
            return None
        after = text[end:end + 40]
        before = text[max(0, start - 20):start]
        if s.shape == "ordinal":
            return self._ordinal(text, s, style, initial)
        if initial:
            return None
        if _AGE_BEFORE.search(before) or _AGE_AFTER.match(after) or _TIME_AFTER.match(after):
            return None
        if _RANGE.search(before) or _RANGE.match(after) or _BETWEEN_BEFORE.search(before):
            return None  # "fourteen or fifteen": an approximation in prose
        if text[end:end + 1] == "-" and not _HYPHEN_UNIT_RE.match(text[end:end + 12]):
            return None
        suggestion = fmt(value)
        if _PERCENT_AFTER.match(after):
            if style != "news":
                return None
            return rule("number.spelled_percent").finding(start, end, suggestion, 0.8,
                                                          "percentages are written in digits")
        if _MONEY_AFTER.match(after):
            if style != "news":
                return None
            return rule("number.spelled_money").finding(start, end, suggestion, 0.8,
                                                        "amounts of money are written in digits")
        if _SYMBOL_AFTER.match(after):
            # A unit's symbol takes digits in every style ("two km": 2 km).
            return rule("number.spelled_count").finding(start, end, suggestion, 0.75,
                                                        "a unit symbol follows digits, not words")
        round_ = self._round(s)
        if style == "news":
            if value < 10:
                return None
            if round_ and _AGO_AFTER.match(after):
                return None
            conf = 0.45 if round_ else 0.75
        else:
            # Chicago: words up to one hundred and for round numbers, and a
            # number read out in full ("thirty-six thousand, five hundred").
            if value <= 100 or self._round(s) or _READ_OUT_BEFORE_RE.search(before) \
                    or _READ_OUT_AFTER_RE.match(after):
                return None
            conf = 0.5
        return rule("number.spelled_count").finding(start, end, suggestion, conf,
                                                    f"{style} style writes this number in digits")

    @staticmethod
    def _round(s: Spelled) -> bool:
        """A number under a hundred, alone or times one scale word:
        ``twenty``, ``three hundred``, ``thirty-six thousand``, ``five
        million``: the round numbers that literary style spells out."""
        ws = [w for w in s.words if w != "and"]
        if ws and ws[-1] in SCALES:
            ws = ws[:-1]
        if not ws:
            return True
        if len(ws) == 1:
            return ws[0] in UNITS or ws[0] in TENS
        return len(ws) < len(s.words) and len(ws) == 2 and ws[0] in TENS and ws[1] in UNITS and 0 < UNITS[ws[1]] < 10

    @staticmethod
    def _year_like(text, s: Spelled) -> bool:
        """``two thousand and twenty`` is a year unless it counts something
        (``two thousand and twenty people``)."""
        if not (1900 <= s.value < 2100) or "thousand" not in s.words:
            return False
        if s.value == 2000 and s.words[-1] == "thousand":
            return False
        nxt = NEXT_WORD.match(text, s.end)
        if nxt:
            w = nxt.group("w")
            if w.islower() and w not in FUNCTION_WORDS and w not in ("year", "years"):
                # A verb in the past tense tells of the year ("Two thousand
                # twenty-three marked the start"), unless a plural follows
                # it ("twenty registered voters").
                return w.endswith("ed") and len(w) > 4 and not counts_after(text, nxt.start(), 2)
        return True

    def _year(self, text, s: Spelled) -> Optional[Finding]:
        seg = text[s.start:s.end]
        first = _ASCII_WORD_RE.match(seg).end()
        if s.shape == "year" and seg[first:first + 1] == "-" and len(s.words) == 2:
            return None  # "twenty-twenty": the idiom of eyesight ("twenty-twenty three" is 2023)
        nxt = NEXT_WORD.match(text, s.end)
        # Title case marks a name ("Nineteen Eighty-Four") unless no English
        # title spells a year so: digit by digit ("Two Zero Two Two") or
        # with "thousand" ("Two Thousand and Twenty-Three"); and an all-caps
        # headline has no case to read.
        cased = s.shape != "digits" and "thousand" not in s.words and not self._shouted(text, s, nxt)
        if cased and self._in_name(text, s.start, s.end, s.words):
            if not nxt or nxt.group("w").lower() not in FUNCTION_WORDS:
                return None
        words = [w for w in _ASCII_WORD_RE.findall(seg) if w.lower() != "and"]
        if (cased and all(w[0].isupper() for w in words) and not self._sentence_initial(s.start)
                and not (nxt and nxt.group("w")[0].isupper())):
            return None  # "Nineteen Eighty-Four" mid-sentence: a title
        if s.shape == "year" and nxt and nxt.group("w").islower() and nxt.group("w") not in FUNCTION_WORDS:
            return None  # "nineteen twenty-yuan notes", a count
        conf = 0.95 if s.shape == "digits" else 0.9
        if self._sentence_initial(s.start):
            conf = 0.7
        return rule("number.spelled_year").finding(s.start, s.end, str(int(s.value)), conf,
                                                   "a year spelled out in words")

    @staticmethod
    def _shouted(text, s: Spelled, nxt) -> bool:
        """An all-caps run: the number and the word after it (or before
        it) in capitals."""
        if not text[s.start:s.end].isupper():
            return False
        prev = PREV_WORD.search(text, max(0, s.start - 40), s.start)
        return any(w is not None and len(w.group("w")) > 1 and w.group("w").isupper() for w in (nxt, prev))

    def _ordinal(self, text, s: Spelled, style, initial) -> Optional[Finding]:
        value = int(s.value)
        event = _EVENT_AFTER.match(text, s.end)
        if style != "news" or value < 10:
            return None
        if event and not _CENTURY_RE.match(event.group(0)):
            conf = 0.85
        else:
            return None  # "the twentieth century", "the fifteenth day": prose
        return rule("number.spelled_ordinal").finding(
            s.start, s.end, ordinal(value), conf, "ordinals from 10th up are written in digits")
