"""Numbers MT gets wrong in the register's numbered names.

``garbled.ordinal`` (with ``ordinal``'s regex) also covers here:
- a congress named by a calque around its number ("Party nineteen",
  "nineteen big": 十八大 reads "eighteen big"; "the 19th Opening Ceremony of
  the Party"), or by its bare number ("studying the spirit of nineteen",
  "nineteen delegates" on a page that names 十九大 so): the number
  check reports the cardinal (``number.cardinal_ordinal``), and where no
  "Congress" follows it the congress's name is lost as well, which is this
  rule's; a bare spelled number alone
  ("the spirit of the nineteen") is left to ``number.cardinal_ordinal``;
- sessions and plenums numbered with a cardinal ("twelve session of the two
  plenary session" for 十二届二次全会; "three plenary session");
- Five-Year Plan periods cut short ("the fourteen five", "the 13th Five").

``garbled.numbered``: a numbered formulation (两优一先, 四个服从, 门前三包)
rendered word by word. Its nouns are not counts of things, which English
betrays: a cardinal above one before a singular word in "two best and one
first", a cardinal before a singular abstract noun at a phrase's end ("four
obedience", "three representation"), a bare numeral after "in front of".
"""
from __future__ import annotations

import re
from typing import Iterator

from ...core.findings import Finding
from ...core.rules import rule

_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty").split()
_VALUE = {w: i + 1 for i, w in enumerate(_WORDS)}
_ORD_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
              "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
              "nineteenth twentieth").split()
_NUM = r"(?:[1-9]\d?|" + "|".join(_WORDS) + r")"
_MANY = r"(?:" + "|".join(_WORDS[1:10]) + r")"       # two .. ten, spelled
_CONGRESS = r"(?:" + "|".join(_WORDS[10:]) + r")"     # eleven .. twenty: congress numbers
_PLAN = r"(?:1[0-6]|1[0-6]th|" + "|".join(_WORDS[9:16] + _ORD_WORDS[9:15]) + r")"
_PLURAL_NEXT = r"(?!\s+[A-Za-z]+s\b)"
# A congress's number as MT leaves it: 11 to 20 in digits, ordinals or words.
_CONGRESS_ANY = (r"(?:1[1-9](?:th)?|20(?:th)?|" + "|".join(_ORD_WORDS[10:]) + "|"
                 + "|".join(_WORDS[10:]) + r")")

# (regex, kind) in the order tried; kind names the suggestion's shape.
_ORDINAL_FORMS = [
    # 十二届二次全会: "thirteen session of the three plenary session"
    (r"\b(" + _NUM + r")\s+(?:session|congress)\s+of\s+the\s+(" + _NUM + r")\s+plenary\s+sessions?\b",
     "plenum_of"),
    # a cardinal above one before a singular session or plenum
    (r"\b(?:the\s+)?(" + _NUM + r")\s+(?:plenary\s+session|plenum|session)\b(?!s)(?!\s+of\s+the\s+"
     + _NUM + r"\s+plenary)" + _PLURAL_NEXT, "plenum"),
    # 十八大 by its bare number
    (r"\bParty\s+(" + _CONGRESS + r")\b" + _PLURAL_NEXT, "congress"),
    # "eighteen big": 大 of 十八大 calqued. A bare number alone ("the spirit of
    # nineteen") needs the page's reading of its numbers: ``bare_congresses``.
    (r"\b(" + _CONGRESS + r")\s+(?:big|grand\s+opening)\b", "congress"),
    # "the 20th big": the ordinal right, 大 still calqued. "Big" is an
    # adjective when a noun follows ("the 20th big win"), so only before a
    # phrase's end or a function word.
    (r"\b(1[1-9]th|20th|" + "|".join(_ORD_WORDS[10:]) + r")\s+big\b"
     r"(?=\s*(?:[.,;:!?)\"'\u201d\u2019]|$)|\s+(?:and|in|of|on|at|to|for|with|into|is|was|were|"
     r"are|has|had|have|will|since)\b)", "congress"),
    # 党的二十大精神 with 大 dropped: "the Party's 20th spirit", "the nineteenth
    # spirit". A congress number, ordinal or cardinal, before a singular
    # "spirit", or any spirit after "the Party's"; English counts spirits only
    # in the plural ("the eighteen spirits of the river").
    (r"\b(?:(?:the\s+)?(?:Communist\s+)?(?:Party|CPC)['\u2019]s\s+(" + _CONGRESS_ANY + r")\s+"
     r"(?:National\s+)?spirits?|the\s+(" + _CONGRESS_ANY + r")\s+(?:National\s+)?spirit(?!s))\b",
     "congress_spirit"),
    # 党的十九大开幕会: the ordinal moved onto the meeting ("the 19th Opening
    # Ceremony of the Party"); the Party holds one congress a number, no
    # numbered ceremonies.
    (r"\b(?:the\s+)?(1[0-9]th|20th|" + "|".join(_ORD_WORDS[9:]) + r")\s+(?:opening|closing)\s+"
     r"(?:ceremony|session|meeting)\s+of\s+the\s+(?:Communist\s+)?(?:Party|CPC)\b", "congress_event"),
    # 十四五: "the fourteen five", "the 13th Five" (not "Five-Year Plan")
    (r"\b(?:the|during)\s+(" + _PLAN + r")[\s-]+five\b(?![\s-]*(?:years?|-year|percent|%|"
     r"minutes|hours|days|times|o'clock|[ap]\.?m\b|\d))", "plan"),
]
_ORDINAL_RE = re.compile("|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(_ORDINAL_FORMS)),
                         re.I)
_ORDINAL_ANCHORS = ("session", "plenum", "party", "big", "grand", "five", "spirit")

_ABSTRACT = r"[a-z]+(?:ance|ence|ness|ity|ism|ment|ship|tion|sion)"
# Not a singular word after a cardinal: number words, function words, and
# the plurals without an -s (two men and four women).
_NOT_NOUNS = ("hundred thousand million billion dozen score percent per times more less other "
              "others of and or to in on at by for with from the a an men women children people "
              "persons feet teeth mice geese sheep fish deer police staff cattle folk kids "
              "pairs").split()
_NUMBERED_RE = re.compile(
    # "three excellent and one advanced": a singular word after a cardinal above one
    r"\b(" + _MANY + r")\s+(?!(?:" + "|".join(_NOT_NOUNS) + r")\b)([a-z]+)(?<!s)\s+(?:and\s+("
    + _NUM + r")|(one))\s+(?!(?:" + "|".join(_NOT_NOUNS) + r")\b)([a-z]+)\b"
    # "four consciousness": a singular abstract noun after it, ending the phrase
    r"|\b(" + _MANY + r")\s+(" + _ABSTRACT + r")\b(?=\s*(?:[.,;:!?)\"'\u201d\u2019]|$|\s+and\b))"
    # "in front of four": 门前三包 ("three guarantees in front of the door")
    r"|\bin\s+front\s+of\s+(" + _MANY + r")\b(?=\s*[.,;:!?)\"'\u201d\u2019])"
    # a quoted cardinal and one singular word: a formulation's name ("four
    # grasp", "four history" for 四个把握, 四史); quotes name it, and English
    # counts in the plural ("ten models")
    r"|(?<=[\"'\u201c\u2018])(" + _MANY + r")\s+(?!(?:" + "|".join(_NOT_NOUNS)
    + r")\b)([a-z][a-z-]*(?:ss|[a-rt-z]))(?=[\"'\u201d\u2019])",
    re.I)


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }".replace(" ", "")


def _value(raw: str) -> int:
    raw = raw.lower()
    if raw.endswith("th") and raw[:-2].isdigit():
        raw = raw[:-2]
    if raw.isdigit():
        return int(raw)
    if raw in _ORD_WORDS:
        return _ORD_WORDS.index(raw) + 1
    return _VALUE.get(raw, 0)


_ORDINAL = rule("garbled.ordinal")
_NUMBERED = rule("garbled.numbered")


def ordinal_findings(text: str) -> Iterator[Finding]:
    low = text.lower()
    if not any(a in low for a in _ORDINAL_ANCHORS):
        return
    for m in _ORDINAL_RE.finditer(text):
        i = int(m.lastgroup[1:]) if m.lastgroup else next(
            i for i in range(len(_ORDINAL_FORMS)) if m.group(f"k{i}"))
        kind = _ORDINAL_FORMS[i][1]
        nums = [_value(g) for g in m.groups() if g and g != m.group(0) and _value(g)]
        if not nums or not all(1 <= n <= 30 for n in nums):
            continue
        if kind == "plenum_of":
            suggestion = f"the {_ordinal(nums[-1])} Plenary Session of the {_ordinal(nums[0])} Committee"
        elif kind == "plenum":
            if nums[0] < 2:
                continue
            suggestion = f"the {_ordinal(nums[0])} Plenary Session"
        elif kind == "congress":
            suggestion = f"the {_ordinal(nums[0])} CPC National Congress"
        elif kind == "congress_spirit":
            suggestion = f"the guiding principles of the {_ordinal(nums[0])} CPC National Congress"
        elif kind == "congress_event":
            event = "closing" if "closing" in m.group(0).lower() else "opening"
            suggestion = f"the {event} session of the {_ordinal(nums[0])} CPC National Congress"
        else:
            suggestion = f"the {_ordinal(nums[0])} Five-Year Plan"
        yield _ORDINAL.finding(m.start(), m.end(), suggestion, 0.7,
                               "congresses, plenums and plans are numbered with ordinals")


# After the number: the congress is named ("eighteen Congress", "the 19
# National Congress"), or it is a plenum's committee.
_NAMED_NEXT = re.compile(r"[ \t]+(?:(?:CPC|Party|National|Central)[ \t]+)*(?:Congress|Committee)\b",
                         re.I)


def bare_congresses(doc, config, text: str) -> Iterator[Finding]:
    """Congresses named by their bare number, from the number check's
    reading of the page (``numbers.congress_numbers``): its congress
    cardinals with no "Congress" after them."""
    from ..numbers import congress_numbers

    for f in congress_numbers(doc, config):
        if _NAMED_NEXT.match(text, f.end):
            continue
        yield _ORDINAL.finding(f.start, f.end, f"the {f.suggestion} CPC National Congress",
                               0.6 if f.confidence >= 0.7 else 0.45,
                               "a Party congress named by its bare number: 十N大 is the Nth "
                               "National Congress")


def numbered_findings(text: str) -> Iterator[Finding]:
    for m in _NUMBERED_RE.finditer(text):
        yield _NUMBERED.finding(m.start(), m.end(), "the established name of the formulation",
                                0.6, "a numbered formulation rendered word by word: its nouns "
                                "are not counts of things")


def findings(text: str) -> Iterator[Finding]:
    yield from ordinal_findings(text)
    yield from numbered_findings(text)
