"""Congress numbers and anniversaries read as bare cardinals
(``number.cardinal_ordinal``).

Chinese names a Party congress by its number and 大 (十八大, "the 18th
National Congress") and talks of its 精神 ("the spirit of the 18th
Congress"); MT renders the number as a cardinal, spelled or in digits: "the
spirit of eighteen", "the eighteen spirit", "the Party's twenty", "the 19
big". 周年 after a number is an ordinal too ("54 anniversary"). A page that
once renders 十八大 as "eighteen" renders it so throughout ("eighteen
representatives" are its delegates), so every bare use of that word on the
page is flagged, at a lower confidence.
"""
from __future__ import annotations

import re
from typing import Iterator, List

from ...core.findings import Finding
from ...core.rules import rule
from . import scan
from .values import counts_after, ordinal, value

# The cardinals a congress (or a plenum's committee) is numbered with: ten
# to thirty, spelled or in digits. Lower numbers after "spirit" are other
# things ("the spirit of the two sessions").
_TEENS = ("ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen")
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_CARD = rf"(?:[12]\d|30|(?:twenty|thirty)(?:-(?:{_UNITS}))?|{_TEENS})"
# "the spirit of (the) (learning) eighteen", "the eighteen spirit",
# "the Party's twenty National spirits", "the 19 big" (十九大).
_SPIRIT_AFTER_RE = re.compile(
    rf"(?i:spirits?[ \t]+of[ \t]+(?:the[ \t]+)?(?:(?:learning|studying|the[ \t]+Party['’]s)[ \t]+)?)"
    rf"(?P<n>{_CARD})(?![\w-]|[ \t]+(?i:years?|months?|days?|percent|people|persons|times|thousand|million)\b"
    r"|[ \t]+[a-z]+[^s\W]s\b)")
# Singular "spirit" after the number: "eighteen spirits" may be ghosts.
_SPIRIT_BEFORE_RE = re.compile(
    rf"(?<![\w-])(?P<n>{_CARD})[ \t]+(?:(?i:big|large|Congress)[ \t]+)?(?i:spirit)\b"
    rf"|(?<![\w-])(?P<n2>{_CARD})[ \t]+(?i:National)[ \t]+(?i:spirits?)\b")
# "the Party's twenty" (a bare "Party", on every line of a Party news page,
# is no anchor: the page-wide pass below finds "party eighteen").
_PARTY_RE = re.compile(
    rf"(?<![\w-])(?:Party|CPC|party)['’]s?[ \t]+(?P<n>{_CARD})"
    rf"(?![\w-]|[ \t]+(?i:years?|months?|days?|percent|people|persons|members|times)\b)")
_BIG_RE = re.compile(
    rf"\bthe[ \t]+(?P<n>{_CARD})[ \t]+(?:big|large)(?=[ \t]*[,.;:!?)\n]|[ \t]+(?:spirit|report|"
    rf"representatives|delegates|opening|closing|meeting|was|is|has)\b)", re.I)
# 十九届四中全会 read number by number: "the nineteen four plenary session".
_PLENARY_RE = re.compile(
    rf"(?<![\w-])(?P<n>{_CARD})[ \t]+(?:(?i:session|sessions)[ \t]+(?:of[ \t]+the[ \t]+)?)?"
    rf"(?P<p>[1-9]|(?i:{_UNITS}))[ \t]+(?i:plenary|plenum)\b")
# 十八大以来: "since the eighteen," "since the 18 big".
_SINCE_RE = re.compile(
    rf"(?i:since the)[ \t]+(?P<n>{_CARD})(?=[ \t]*[,;.]|[ \t]+(?i:big|large|National|Congress)\b)")
# 周年: "54 anniversary", "the seventy anniversary".
_ANNIV_RE = re.compile(
    rf"(?<![\w.,-])(?P<n>\d{{1,3}}|(?i:(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    rf"(?:-(?:{_UNITS}))?)|{_TEENS}|{_UNITS}))[ \t]+(?i:anniversary)\b")
# What a propagated word may not be followed by: it counts something.
_COUNTED_RE = re.compile(
    r"[ \t-]*(?:years?|months?|days?|hours?|minutes?|percent|per|people|persons|times|yuan|"
    r"thousand|million|billion|hundred|o['’]clock|%)\b|-", re.I)
_WINDOW = re.compile(r"[\w \t'’-]*")
_THE_BEFORE_RE = re.compile(r"\bthe[ \t]+$", re.I)
# Sizes coordinated after "big": "the 20 big, medium-sized and small
# enterprises" counts firms (大中小企业), no congress.
_SIZES_AFTER_RE = re.compile(
    r"[ \t]*,?[ \t]*(?:and[ \t]+|or[ \t]+)?(?:medium|small|mid|micro|big|large)\b", re.I)
_SENT_START_RE = re.compile(r"(?:^|[.!?。！？\n])[ \t\"“(]*$")


# The notes of the congress readings (not the plenums' or anniversaries'):
# ``numbers.congress_numbers`` returns the findings that carry them.
CONGRESS_NOTE = "十N大 (the Nth Party Congress) read as a cardinal"
PAGE_CONGRESS_NOTE = "the page renders 十N大 (the Nth Party Congress) with this cardinal elsewhere"
CONGRESS_NOTES = frozenset((CONGRESS_NOTE, PAGE_CONGRESS_NOTE))


class CongressRules:
    """The congress-number and anniversary rules of ``Numbers``."""

    def _congress(self, text: str) -> Iterator[Finding]:
        out: List[Finding] = []
        spelled = set()
        rev = self._rev
        number = self._has_number

        def add(m, conf, why):
            g = "n" if m.group("n") else "n2"
            n = value(m.group(g).lower())
            if n is None or not 10 <= n <= 30:
                return
            out.append(rule("number.cardinal_ordinal").finding(m.start(g), m.end(g), ordinal(n), conf, why))
            if not m.group(g)[0].isdigit():
                spelled.add(m.group(g).lower())

        def near(pattern, kind):
            anchors = sorted(self._at[kind])
            return scan.windowed(pattern, anchors, text, rev, _WINDOW, number) if anchors else ()

        why = CONGRESS_NOTE
        for m in near(_PLENARY_RE, "plenary"):
            n, p = value(m.group("n").lower()), value(m.group("p").lower())
            if n and p and 10 <= n <= 30:
                out.append(rule("number.cardinal_ordinal").finding(
                    m.start(), m.end("p"), f"{ordinal(p)} Plenary Session of the {ordinal(n)} Central Committee",
                    0.8, "十N届M中全会 read number by number"))
        for m in near(_SPIRIT_AFTER_RE, "spirit"):
            add(m, 0.75, why)
        for m in near(_SPIRIT_BEFORE_RE, "spirit"):
            add(m, 0.75, why)
        for m in near(_PARTY_RE, "party"):
            if not counts_after(text, m.end()):  # "the Party's 20 grassroots branches"
                add(m, 0.7, why)
        for m in near(_BIG_RE, "big"):
            if not _SIZES_AFTER_RE.match(text, m.end()):
                add(m, 0.75, why)
        for m in near(_SINCE_RE, "since_the"):
            add(m, 0.7, why)
        if spelled:
            # The same word elsewhere on the page: the same congress.
            taken = {f.start for f in out}
            words = re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % "|".join(sorted(spelled)), re.I)
            for m in words.finditer(text):
                if m.start() in taken or _COUNTED_RE.match(text, m.end()):
                    continue
                if _SENT_START_RE.search(text, max(0, m.start() - 4), m.start()):
                    continue
                n = value(m.group().lower())
                out.append(rule("number.cardinal_ordinal").finding(
                    m.start(), m.end(), ordinal(n), 0.5,
                    PAGE_CONGRESS_NOTE))
        for m in near(_ANNIV_RE, "anniversary"):
            n = value(m.group("n").lower())
            # "More than 100 anniversary events" counts them ("the 75
            # anniversary celebrations" is the 75th's).
            if counts_after(text, m.end()) and not _THE_BEFORE_RE.search(text, max(0, m.start() - 5), m.start()):
                continue
            if n and n < 1000:
                out.append(rule("number.cardinal_ordinal").finding(
                    m.start("n"), m.end("n"), ordinal(n), 0.7, "周年 after a number: the Nth anniversary"))
        out.sort(key=lambda f: f.start)
        yield from out
