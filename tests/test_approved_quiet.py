"""The termbase's own English is fluent English of the register: every
approved rendering of the curated termbase, written into a sentence of a
government news page, must raise no garbled finding. A pattern that reads
one term's approved English as another's calque ("the Workers' Pioneer and
called on ..." as 集结号), or pinyin that is a term's established English
(Douyin, gaokao) taken for an untranslated term, fails here."""
import csv
from pathlib import Path

import pytest

from align.core.config import Config
from align.detectors.garbled_calque import GarbledCalque
from align.detectors.garbled_name import GarbledName
from align.detectors.garbled_pinyin import GarbledPinyin
from align.text.document import Document

CURATED = Path(__file__).resolve().parent.parent / "align" / "resources" / "data" / "termbase.csv"
# Sentences per page: long enough for the register gate to read the page
# (it needs 80 content words), short enough that a finding is easy to place.
PER_PAGE = 30


def _pages():
    with CURATED.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    sentences = [f"The county government stressed {r['en'].split('|')[0].strip()} and called on "
                 f"cadres to carry out the decisions of the Party committee." for r in rows]
    return [" ".join(sentences[i:i + PER_PAGE]) for i in range(0, len(sentences), PER_PAGE)]


@pytest.mark.parametrize("check", [GarbledCalque, GarbledPinyin, GarbledName],
                         ids=lambda c: c.name)
def test_approved_renderings_raise_nothing(check):
    det = check(Config())
    found = [(f.rule, text[f.start:f.end])
             for i, text in enumerate(_pages())
             for f in det.detect(Document(f"page{i}.txt", text))]
    assert found == []
