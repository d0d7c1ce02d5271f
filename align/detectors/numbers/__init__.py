"""Numbers and dates no English editor would write.

Machine translation renders Chinese numerals word by word. ``二〇二〇年``
becomes ``Two thousand and twenty``, ``四月二十四日`` becomes ``Four month
Twenty-four``, ``3.5万`` becomes ``3.5 ten thousand``, ``十四五`` becomes
``Fourteen Five``; and the page furniture of a crawled page glues digits to
words (``May5In the afternoon``, ``hall.2019The annual``). Each of these has
one right form in digits, which the finding proposes as its suggestion.

The hard part is what *not* to flag. English spells numbers out on purpose:
at the start of a sentence (``Forty-eight people attended``), for small
numbers and ages in prose, in fixed expressions (``one of the``, ``first of
all``, ``two sessions``), in names and titles (``the Sutra in Forty-Two
Sections``), and ``one`` is often a pronoun. So the check separates two kinds
of evidence:

- *Calques* are wrong in any house style: a singular ``month`` after a
  number, a year read as ``two thousand and twenty`` or digit by digit, a
  Chinese myriad (``ten thousand``) after digits, glued or split digits.
  These fire whatever the style (severity ``major`` for years and dates).
- *Style* is a matter of the house style (``Config.number_style``): in
  ``news`` style (AP-like) counts from 10 up, money and percentages are
  digits; in ``literary`` style words are fine up to one hundred and for
  round numbers. A page that spells out more counts than it writes in digits
  (a novel) is following a literary style consistently, so ``news`` style
  relaxes to ``literary`` for it. Style findings are ``minor``.

Spelled numbers are found and valued by ``align.text.numerals``; only Latin script
runs of English or mixed documents are looked at.

The check is a package: ``scan`` is the matching engine (anchors, windows,
Latin regions), ``values`` the number words, values and formats the rules
share, and each rule family has its module: ``dates``, ``calques`` (other
word-for-word readings), ``magnitudes`` (万/亿 and 多), ``congress``
(congress numbers and anniversaries as cardinals), ``digits`` (glued and
split) and ``spelled``;
``_Page`` (the families' mixins) runs them on one document.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterator, List, Optional

from ...core.config import Config
from ...core.findings import Finding
from ...text.document import Document
from ...text.numerals import spelled_numbers
from ...text.scripts import LATIN
from ..base import Detector, register
from .calques import CalqueRules
from .congress import CONGRESS_NOTES, CongressRules
from .dates import DateRules
from .digits import DigitRules
from .magnitudes import MagnitudeRules
from .scan import NUMBER_WORD, Regions, all_anchors, shadow
from .spelled import SpelledRules

_LATIN_RE = re.compile(f"[{LATIN}]")


@register
class Numbers(Detector):
    name = "number"
    languages = "en"
    description = ("numbers and dates no English editor would write: spelled-out years and counts, "
                   "calqued Chinese dates, digits glued to words or split apart")
    rules = ("number.spelled_year", "number.spelled_date", "number.spelled_count",
             "number.spelled_percent", "number.spelled_money", "number.spelled_ordinal",
             "number.calqued_date", "number.calqued_year", "number.calqued_scale",
             "number.calqued_time", "number.cardinal_ordinal", "number.glued_digits",
             "number.split_digits", "number.calqued_approx", "number.date_order",
             "number.plus_artefact")

    def detect(self, doc: Document) -> Iterator[Finding]:
        if doc.language == "zh":
            return
        # No Latin letter, no Latin script run: nothing is looked at.
        if not _LATIN_RE.search(doc.text):
            return
        yield from _Page(doc, self.config).findings()


# Every congress reading needs one of these words (``congress``'s anchors):
# most pages have none, and build no page reading for this.
_CONGRESS_QUICK = re.compile(r"(?i:spirit|party['\u2019]|cpc['\u2019]|since\s+the|big|large)")


def congress_numbers(doc: Document, config: Config) -> List[Finding]:
    """The ``number.cardinal_ordinal`` findings of congress numbers read as
    cardinals ("the spirit of eighteen") on an English page, for the garbled
    check to tell which of them lost the congress's name (not the plenums'
    or anniversaries' the same rules find)."""
    if doc.language == "zh" or not _CONGRESS_QUICK.search(doc.text) or not _LATIN_RE.search(doc.text):
        return []
    page = _Page(doc, config)
    return [f for f in page._congress(page._text)
            if f.note in CONGRESS_NOTES and page._inside(f.start, f.end)]


class _Page(DateRules, CalqueRules, MagnitudeRules, CongressRules, DigitRules, SpelledRules, Regions):
    """The number check on one document: what it works out about the page
    lives here, one object per ``Numbers.detect`` call, and not on the
    detector, which every document of a run shares."""

    def __init__(self, doc: Document, config: Config):
        self.config = config
        # Matched on the shadow text (same offsets; ``scan.shadow``).
        text = shadow(doc.text)
        # The Latin regions cost a pass over the script runs; most findings
        # are rejected before they are needed, and those that are need the
        # regions of a segment or two (see _inside).
        self._doc = doc
        self._regions = None
        self._seg_regions: dict = {}
        self._text = text
        self._rev = text[::-1]
        self._seg_starts = [s.start for s in doc.segments]
        self._at = all_anchors(text)
        self._words = self._at[NUMBER_WORD]

    def findings(self) -> Iterator[Finding]:
        text = self._text
        # Findings never overlap: the first rule to claim a span keeps it.
        # Claimed spans are disjoint, so sorted starts and a look at the two
        # neighbours decide an overlap.
        starts: List[int] = []
        ends: List[int] = []
        out: List[Finding] = []

        def emit(f: Optional[Finding]):
            if f is None or not self._inside(f.start, f.end):
                return
            k = bisect_right(starts, f.start)
            if k and ends[k - 1] > f.start or k < len(starts) and starts[k] < f.end:
                return
            starts.insert(k, f.start)
            ends.insert(k, f.end)
            out.append(f)

        for f in self._calques(text):
            emit(f)
        style = self.config.number_style
        spelled = [s for s in spelled_numbers(text, word_starts=self._words)
                   if self._inside(s.start, s.end)]
        if style == "news" and self._reads_literary(text, spelled):
            style = "literary"
        for s in spelled:
            emit(self._spelled(text, s, style))
        out.sort(key=lambda f: (f.start, f.end))
        yield from out

    def _calques(self, text: str) -> Iterator[Finding]:
        # Each calque pattern needs a literal word ("month", "year", a month
        # name...); a page without it is not scanned at all. Python's re has
        # no fast path for a pattern led by an alternation of number words,
        # so skipping the scan is most of this check's speed. The rules
        # claim spans in this order.
        yield from self._dates(text)
        yield from self._word_calques(text)
        yield from self._magnitudes(text)
        yield from self._congress(text)
        yield from self._digits(text)
