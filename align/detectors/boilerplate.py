"""Page furniture: the lines of a scraped page that are not the article.

Navigation (``>> 返 回 <<``, ``Home > News > Group news``), metadata
(``Release time: 2020-04-24 Source: ... Number of readings: 1049``,
``發布時間：... 瀏覽次數：...``), attachment and link labels (``相关附件:``),
share/print/close links and copyright lines come from the site's template, so
a reviewer wants them marked and filterable rather than mixed with the
translation's errors. They are recognized by their shape, one line at a time:

* **navigation**: a short line framed or cut by navigation symbols (``>>``,
  ``<<``, ``»``, ``|``, ``【】``), or made only of navigation words (back,
  print, close, share, previous/next ...);
* **breadcrumb**: short items separated by ``>``, ``»`` or ``→`` at least
  twice, or after a "you are here" label;
* **metadata**: a line that starts with a ``label:`` from the vocabulary of
  page templates (time, source, author, editor, views ...) and either holds
  two or more such labels or is short; a parenthesised credit line
  ``(correspondent: ..., editor: ...)`` is the same;
* **copyright**: a short line with ``©``, ``Copyright``, ``All rights
  reserved``, ``版权所有`` or an ICP licence number.

The vocabulary is that of CMS templates in both languages, not of any page;
Chinese is matched after OpenCC's Traditional-to-Simplified conversion, so
``相關附件`` and ``相关附件`` are one label.

Chinese furniture in an English page is still Chinese left untranslated: it
is reported in the category ``untranslated`` with the ``boilerplate.*`` rule
(severity ``minor``), and the plain ``untranslated.han_run`` finding for the
same text is dropped (``supersedes``), so the span is reported once. English
furniture gets the category ``boilerplate`` with severity ``info``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, List, Optional, Tuple

from ..core import recache
from ..text.document import Document
from ..core.findings import Finding
from ..core.rules import rule
from ..resources import wordlists
from ..text.scripts import HAN, HAN_RE
from ..text.segment import paragraphs
from .base import Detector, register

# Lines longer than this are prose, whatever they start with.
MAX_LINE = 300
SHORT_LINE = 80


def _by_script(name: str) -> Tuple[List[str], List[str]]:
    """The entries of a word list without and with Latin letters: the first
    are matched as written, the second case-blind."""
    words = wordlists.words(name)
    latin = [w for w in words if re.search("[A-Za-z]", w)]
    return [w for w in words if w not in latin], latin


def _alternation(words: List[str]) -> str:
    return "|".join(map(re.escape, words))


# Template labels (``resources/data/page_labels.txt``).
_ZH_LABEL_WORDS, _EN_LABEL_WORDS = _by_script("page_labels")
_ZH_LABELS = _alternation(_ZH_LABEL_WORDS)
_EN_LABELS = _alternation(_EN_LABEL_WORDS)
_COLON = "[:\uff1a]"
_LABEL_RE = recache.compile(
    f"(?:(?<![^\\s\\d(\uff08\\[\u3010,，;；|/])|^)(?:{_ZH_LABELS}|(?i:{_EN_LABELS})){_COLON}")
_LINE_START_RE = recache.compile(
    f"^[\\s(\uff08\\[\u3010]*(?:{_ZH_LABELS}|(?i:{_EN_LABELS}))\\s*{_COLON}")

# Navigation words (``resources/data/page_navigation.txt``).
_NAV_WORDS_ZH, _NAV_WORDS_EN = _by_script("page_navigation")


def _longest_first(words: List[str]) -> str:
    # Alternation takes the first that matches: ``打印本页`` before ``打印``.
    return _alternation(sorted(words, key=len, reverse=True))


_NAV_WORD_RE = recache.compile(
    f"(?:{_longest_first(_NAV_WORDS_ZH)})|\\b(?i:{_longest_first(_NAV_WORDS_EN)})\\b")
_PREV_NEXT_RE = re.compile(f"^[\\s【\\[]*(?:上一篇|下一篇|上一条|下一条|上一页|下一页|(?i:previous|next|prev)(?: (?:article|post|story|item))?)[】\\]]?\\s*{_COLON}")
# Readings a converter left in (``相關(guān)``) would hide a label.
# Led by its first character (a space or the parenthesis) and looking back
# for the Han character after it: the scan skips to candidates in C.
_READING_RE = recache.compile(f"[\\s(](?:(?<=[{HAN}]\\s)\\(|(?<=[{HAN}]\\())"
                         f"[a-z\u00e0-\u01dc\u0300-\u036f ]{{1,8}}[1-5]?\\)")
_NAV_FILLER = "\\s|/·•丨>»<«›‹→←【】\\[\\]()（）:："
_NAV_FILLER_RE = re.compile(f"[{_NAV_FILLER}]+")


def _nav_chars() -> str:
    """Every character a line of navigation words and filler can hold: the
    words' characters in either case, and the other letters ``re.I``
    matches to i, s and k."""
    chars = set("".join(_NAV_WORDS_ZH))
    for c in "".join(_NAV_WORDS_EN):
        chars.update((c, c.lower(), c.upper()))
    chars.update("\u0130\u0131\u017f\u212a")
    return "".join(re.escape(c) for c in sorted(chars))


# A line with any other character is not navigation: the cheap test first.
_NAV_LINE_RE = re.compile(f"[{_NAV_FILLER}{_nav_chars()}]*")
_NAV_SYMBOL_RE = re.compile("(?:>>|<<|»|«|›|‹|>|<|\\||丨|【|】)")
_ARROWS_RE = re.compile("\\s*(?:>>|<<|»|«)\\s*")
_CRUMB_SEP_RE = re.compile("\\s*(?:>|»|›|→|/)\\s*")
_COPYRIGHT_RE = re.compile(
    "©|\\(c\\)\\s*\\d{4}|(?i:copyright|all rights reserved)|版权所有|版权声明|ICP\\s*备|ICP\\s*证|公网安备|技术支持[:：]")
# Spaces between single characters (``返 回``, ``来 源``), not between words:
# the spaces after a Han character that no Han character precedes, before
# one that none follows. Led by the space, the scan skips to candidates in C.
_HAN_SPACE_RE = recache.compile(
    f"[ \u3000](?<=(?<![{HAN}])[{HAN}][ \u3000])[ \u3000]*(?=[{HAN}](?![{HAN}]))")
_WORD_RE = recache.compile(f"[A-Za-z]+|[{HAN}]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _simplified(line: str) -> str:
    # Letter-spaced labels (``返 回``, ``来 源``) are spaced for layout only.
    if HAN_RE.search(line):
        line = _t2s().convert(_READING_RE.sub("", line))
        line = _HAN_SPACE_RE.sub("", line)
    return line


def classify_line(line: str) -> Optional[str]:
    """The kind of furniture a line is (``navigation``, ``breadcrumb``,
    ``metadata``, ``copyright``), or ``None`` for content."""
    if len(line) > MAX_LINE:
        return None
    return _kind(line.strip())


# A site's template repeats its furniture lines on every page, and the
# kind of a line depends on its text alone (the OpenCC conversion is most
# of the cost of a Chinese line). The repeats are recent ones: a few
# thousand lines hold them, and memory stays what a small corpus needs.
@lru_cache(maxsize=2048)
def _kind(line: str) -> Optional[str]:
    return _classify(_simplified(line))


def _classify(s: str) -> Optional[str]:
    """``classify_line`` of the stripped, simplified line ``s``."""
    if not s:
        return None
    # Cheapest tests first: most lines are prose and fail them all. A label
    # and "previous:" need a colon.
    short = len(s) <= SHORT_LINE
    colon = ":" in s or "\uff1a" in s
    if colon and _LINE_START_RE.match(s):
        labels = len(_LABEL_RE.findall(s))
        if labels >= 2 or (short and len(_WORD_RE.findall(s)) <= 12):
            return "metadata"
    if short and colon and _PREV_NEXT_RE.match(s):
        return "navigation"
    if short and _NAV_LINE_RE.fullmatch(s) and _NAV_WORD_RE.search(s):
        rest = _NAV_FILLER_RE.sub("", _NAV_WORD_RE.sub("", s))
        if not rest:
            return "navigation"
    if short and _ARROWS_RE.search(s):
        content = _ARROWS_RE.sub(" ", s).strip()
        if len(content) <= 30 and len(_WORD_RE.findall(s)) <= 6:
            return "navigation"
    if len(s) > SHORT_LINE * 2:
        return None
    # Each separator is one match of _CRUMB_SEP_RE.
    if s.count(">") + s.count("»") + s.count("›") + s.count("→") + s.count("/") >= 2:
        items = [i for i in _CRUMB_SEP_RE.split(s) if i.strip()]
        if (len(items) >= 3 and all(len(_WORD_RE.findall(i)) <= 6 for i in items)
                and not re.search(r"\d\s*/\s*\d", s)):
            return "breadcrumb"
    if _COPYRIGHT_RE.search(s):
        return "copyright"
    return None


@register
class Boilerplate(Detector):
    name = "boilerplate"
    languages = "en"
    description = "page furniture: navigation, breadcrumbs, metadata lines, share/print links, copyright"
    #: Findings of these rules on text this check reports in the same
    #: category are dropped by the pipeline, so a span is reported once.
    rules = ("boilerplate.navigation", "boilerplate.breadcrumb", "boilerplate.metadata",
             "boilerplate.copyright")
    supersedes = ("untranslated.han_run",)

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        english = doc.language != "zh"
        for p, (start, end) in enumerate(_paragraphs(doc)):
            kind = classify_line(text[start:end])
            if kind is None:
                continue
            furniture = rule(f"boilerplate.{kind}")
            han = _han_spans(doc, p, start, end) if english else []
            if not han or re.search("[A-Za-z]", text[start:end]):
                yield furniture.finding(start, end, confidence=0.9,
                                        note=f"page furniture ({kind}), not the article")
            # Its Chinese is untranslated text all the same, if less urgent
            # than the article's: the rule's own category would hide it.
            for a, b in han:
                yield furniture.finding(a, b, confidence=1.0, category="untranslated",
                                        severity="minor",
                                        note=f"Chinese left untranslated in page furniture ({kind})")


def _paragraphs(doc: Document) -> List[Tuple[int, int]]:
    """``segment.paragraphs(doc.text)``, from the segments already made:
    segments are stripped and only whitespace lies between them, so each
    paragraph runs from its first segment's start to its last one's end."""
    out: List[List[int]] = []
    for _, a, b, p in doc.segments:
        if p == len(out):
            out.append([a, b])
        elif p == len(out) - 1:
            out[-1][1] = b
        else:  # a paragraph without a segment: not what segment() makes
            return paragraphs(doc.text)
    return [(a, b) for a, b in out]


def _han_spans(doc: Document, paragraph: int, start: int, end: int) -> List[Tuple[int, int]]:
    """The Han runs of one line, joined across whitespace as the
    untranslated check joins them."""
    text = doc.text
    if not HAN_RE.search(text, start, end):
        return []
    spans: List[Tuple[int, int]] = []
    segments, runs = doc.segments, doc.runs
    for i in range(doc.segment_at(start), len(segments)):
        seg = segments[i]
        if seg.start >= end:
            break
        if seg.paragraph != paragraph:
            continue
        for run in runs[i]:
            if run.script != "zh":
                continue
            if spans and not text[spans[-1][1]:run.start].strip():
                spans[-1] = (spans[-1][0], run.end)
            else:
                spans.append((run.start, run.end))
    return spans
