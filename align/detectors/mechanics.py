"""Mechanical mismatches between a unit's source and target, any languages.

What CAT-tool QA checks first, as pofilter's ``startwhitespace``,
``endwhitespace``, ``doublespacing``, ``endpunc``, ``startcaps``,
``brackets`` and Xbench's length and double-blank checks do:

- leading or trailing whitespace of the target unlike the source's (the
  program pads or joins the string);
- two spaces in a row inside the target, the source having none;
- the end of the target in another punctuation class than the source's:
  ``。`` and ``.``, ``？`` and ``?``, ``：`` and ``:`` are one class each, so
  a Chinese full stop rendered as a full stop is right, a dropped colon or
  question mark is not (closing brackets and quotes looked through); a
  target that adds a mark to a source without one is left alone;
- an initial letter in another case than the source's; with a Chinese
  source (no case), a lower-case start of the translation of a sentence
  (a source ending in 。！？);
- brackets and quotation marks of the target left unclosed, where the
  source's are balanced;
- a word written twice in a row (``the the``), the source having no such
  repeat, but the doubles grammar makes (``had had``, ``that that``); in a
  Chinese-to-English file ``garbled.echo`` reports English repeats already;
- a target longer than the limit the file declares (XLIFF ``maxwidth``).

Code spans (placeholders, URLs, commands) are no prose: whitespace and
brackets inside them are left alone.
"""
from __future__ import annotations

import re
from typing import Iterator, List, Tuple

from ..core.findings import Finding
from ..core.rules import rule
from ..text.codes import code_spans, inside
from ..text.document import Document
from ._bilingual import pair_is, source_extra, target_codes, translated
from .base import Detector, register

_LEAD, _TRAIL, _DOUBLE = (rule("whitespace.leading"), rule("whitespace.trailing"),
                          rule("whitespace.double_space"))
_END, _UNBALANCED = rule("punctuation.end_mismatch"), rule("punctuation.unbalanced")
_CAPITAL, _LONG = rule("formatting.initial_capital"), rule("formatting.too_long")
_REPEAT = rule("formatting.repeated_word")
_REPEAT_RE = re.compile(r"\b([^\W\d_]+)(\s+)(\1)\b", re.IGNORECASE)
#: Doubles that grammar or speech makes, in English and the languages near it.
_DOUBLES = frozenset({"had", "that", "is", "do", "very", "bye", "ha", "no", "yes", "so", "ho",
                      "her", "you", "knock", "well", "now", "there", "blah", "nous", "vous",
                      "die", "das", "der", "sie"})

#: End punctuation by class; the first mark of a class is its English form.
_CLASSES = {
    ".": ".。．។।۔", "!": "!！", "?": "?？؟", ":": ":：៖", ";": ";；", ",": ",，、،",
    "...": "…⋯",
}
_CLASS_OF = {ch: k for k, marks in _CLASSES.items() for ch in marks}
#: Closers looked through at the end of a string.
_CLOSERS = set(")]}'\"”’）】」』》〉〕")
_DOUBLE_RE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("（", "）"), ("【", "】"), ("“", "”"),
          ("‘", "’"), ("「", "」"), ("『", "』"), ("《", "》"))
_SENTENCE_END = set("。！？!?")
_MARKS = frozenset("".join(a + b for a, b in _PAIRS) + '"')
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _end(text: str) -> Tuple[str, int]:
    """The end-punctuation class of ``text`` and the offset of its mark
    (``("", end)`` when it ends in none), closers and spaces looked through."""
    i = len(text.rstrip())
    while i and text[i - 1] in _CLOSERS:
        i -= 1
    if text[:i].endswith("..."):
        return "...", i - 3
    if i and text[i - 1] in _CLASS_OF:
        return _CLASS_OF[text[i - 1]], i - 1
    return "", i


def _first_letter(text: str, codes) -> int:
    for m in re.finditer(r"[^\W\d_]", text):
        if not inside(codes, m.start(), m.end()):
            return m.start()
        return -1  # a string that starts with a code: no capital expected
    return -1


def _unclosed(text: str, codes, opener: str, closer: str) -> List[int]:
    """Offsets of the marks of one pair that have no partner. A ’ after a
    letter with no ‘ open is an apostrophe (it’s, students’), not a quote."""
    if opener not in text and closer not in text:
        return []  # most strings: two searches in C, no loop in Python
    stack, bad = [], []
    for i, ch in enumerate(text):
        if ch not in (opener, closer) or inside(codes, i, i + 1):
            continue
        if ch == opener:
            stack.append(i)
        elif stack:
            stack.pop()
        elif not (ch == "’" and i and text[i - 1].isalpha()):
            bad.append(i)
    return sorted(bad + stack)


def _balanced(text: str) -> bool:
    if not _MARKS.intersection(text):
        return True
    codes = code_spans(text)
    return (all(not _unclosed(text, codes, a, b) for a, b in _PAIRS)
            and text.count('"') % 2 == 0)


@register
class Mechanics(Detector):
    name = "mechanics"
    languages = "any"
    description = ("bilingual files: leading/trailing/double spaces, end punctuation, "
                   "initial capital, unclosed brackets and quotes, length limit")
    rules = ("whitespace.leading", "whitespace.trailing", "whitespace.double_space",
             "punctuation.end_mismatch", "punctuation.unbalanced", "formatting.initial_capital",
             "formatting.repeated_word", "formatting.too_long")

    def detect(self, doc: Document) -> Iterator[Finding]:
        # garbled.echo reads the English of a Chinese-to-English file.
        echo = pair_is(doc, "zh", "en")
        for u in translated(doc):
            yield from self._unit(u)
            if not echo:
                yield from self._repeats(u)

    def _repeats(self, u) -> Iterator[Finding]:
        codes = target_codes(u)
        source = {m.group(1).lower() for m in _REPEAT_RE.finditer(u.source)}
        for m in _REPEAT_RE.finditer(u.target):
            w = m.group(1).lower()
            if (w in _DOUBLES or w in source or m.group(1) != m.group(3)
                    or inside(codes, m.start(), m.end())):
                continue
            yield _REPEAT.finding(u.start + m.start(), u.start + m.end(), m.group(1), 0.8,
                                  f"{m.group(1)!r} twice in a row", source_extra(u.source))

    def _unit(self, u) -> Iterator[Finding]:
        s, t, base = u.source, u.target, u.start
        codes = target_codes(u)
        extra = source_extra(s)
        # Whitespace at either end.
        ls, lt = len(s) - len(s.lstrip()), len(t) - len(t.lstrip())
        if bool(ls) != bool(lt) and s.strip():
            yield _LEAD.finding(base, base + lt, s[:ls], 0.9,
                                "the source starts with whitespace, the target does not" if ls
                                else "the target starts with whitespace, the source does not",
                                extra)
        rs, rt = len(s) - len(s.rstrip()), len(t) - len(t.rstrip())
        if bool(rs) != bool(rt) and s.strip():
            yield _TRAIL.finding(u.end - rt, u.end, s[len(s) - rs:], 0.9,
                                 "the source ends with whitespace, the target does not" if rs
                                 else "the target ends with whitespace, the source does not",
                                 extra)
        if not _DOUBLE_RE.search(s):
            for m in _DOUBLE_RE.finditer(t):
                if not inside(codes, m.start(), m.end()):
                    yield _DOUBLE.finding(base + m.start(), base + m.end(), " ", 0.9,
                                          "two spaces in a row", extra)
        # End punctuation.
        sc, _ = _end(s)
        tc, ti = _end(t)
        # A target that ends a sentence its source left open is usual (吗
        # asks without ？, UI strings drop the 。): only a mark of the source
        # that the target changes or drops is reported.
        if sc and sc != tc and not inside(codes, max(0, ti - 1), ti + 1):
            if tc:
                yield _END.finding(base + ti, base + ti + (3 if tc == "..." else 1),
                                   _CLASSES[sc][0], 0.8, f"the source ends with {sc!r}", extra)
            else:
                yield _END.finding(base + ti, base + ti, _CLASSES[sc][0], 0.8,
                                   f"the source ends with {sc!r}, the target with none", extra)
        # Initial capital.
        i = _first_letter(t, codes)
        if i >= 0 and t[i].lower() != t[i].upper():
            j = _first_letter(s, code_spans(s, u.flags))
            src_first = s[j] if j >= 0 else ""
            want = None
            if src_first and src_first.lower() != src_first.upper():
                if src_first.isupper() != t[i].isupper():
                    want = src_first.isupper()
            elif (_HAN.match(s.lstrip()[:1] or " ")
                  and s.rstrip() and s.rstrip()[-1] in _SENTENCE_END and t[i].islower()):
                want = True
            word = re.match(r"[^\W\d_]+", t[i:]).group()
            if want is not None and not (len(word) > 1 and word[1:] != word[1:].lower()):
                yield _CAPITAL.finding(base + i, base + i + 1,
                                       t[i].upper() if want else t[i].lower(), 0.7,
                                       "the source starts with a capital" if want
                                       else "the source starts in lower case", extra)
        # Brackets and quotes.
        if _balanced(s):
            for a, b in _PAIRS:
                for k in _unclosed(t, codes, a, b):
                    yield _UNBALANCED.finding(base + k, base + k + 1, "", 0.8,
                                              f"{t[k]} without its partner", extra)
            quotes = [m.start() for m in re.finditer('"', t)
                      if not inside(codes, m.start(), m.end())]
            if len(quotes) % 2:
                k = quotes[-1]
                yield _UNBALANCED.finding(base + k, base + k + 1, "", 0.7,
                                          "an odd number of quotation marks", extra)
        # Length limit.
        if u.limit:
            size = len(t.encode("utf-8")) if u.limit_unit == "byte" else len(t)
            if size > u.limit:
                yield _LONG.finding(u.start, u.end, "", 1.0,
                                    f"{size} {u.limit_unit}s, over the file's limit of "
                                    f"{u.limit}", extra)
