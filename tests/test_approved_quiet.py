"""The termbase's own English is fluent English of the register: every
approved rendering of the built-in termbases, written into a sentence of a
government news page, must raise no garbled finding. A pattern that reads
one term's approved English as another's calque ("the Workers' Pioneer and
called on ..." as 集结号), or pinyin that is a term's established English
(Douyin, gaokao) taken for an untranslated term, or the spelled number of a
formulation's established name ("ten affirmations") taken for a count to
write in digits, fails here."""
import csv
from pathlib import Path

import pytest

from align.core.config import Config
from align.detectors.garbled_calque import GarbledCalque
from align.detectors.garbled_echo import GarbledEcho
from align.detectors.garbled_name import GarbledName
from align.detectors.garbled_pinyin import GarbledPinyin
from align.detectors.numbers import Numbers
from align.text.document import Document

DATA = Path(__file__).resolve().parent.parent / "align" / "resources" / "data"
# The curated terms, and the idioms and register entries generated from
# CC-CEDICT, whose renderings are the dictionary's fluent English.
TERMBASES = (DATA / "termbase.csv", DATA / "termbase_cedict.csv")
# Sentences per page: long enough for the register gate to read the page
# (it needs 80 content words), short enough that a finding is easy to place.
PER_PAGE = 30


def _renderings(paths=TERMBASES) -> list:
    out = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as f:
            out += [r["en"].split("|")[0].strip() for r in csv.DictReader(f)]
    return out


def _pages():
    sentences = [f"The county government stressed {en} and called on cadres to carry out the "
                 f"decisions of the Party committee." for en in _renderings()]
    return [" ".join(sentences[i:i + PER_PAGE]) for i in range(0, len(sentences), PER_PAGE)]


# Two renderings side by side, joined as news joins phrases: a pattern must
# not read the end of one and the start of the next as a calque.
FRAMES = ("Officials said {a} would be a priority this year, as would {b}.",
          "The report reviewed {a}, {b} and the work of the past year.",
          "He visited the site to inspect {a} and urged progress on {b}.",
          "Efforts to promote {a} were combined with {b} in the city.")


def _paired_pages():
    # The curated renderings only: CC-CEDICT's senses are dictionary English
    # ("to compose in an off-hand way"), which the frames would make into
    # sentences no page writes.
    ens = _renderings(TERMBASES[:1])
    # Each rendering with the one 997 places on (coprime with any plausible
    # size): fixed pairs, different neighbours from the file's order.
    sentences = [_frame(i, a, ens[(i + 997) % len(ens)]) for i, a in enumerate(ens)]
    return [" ".join(sentences[i:i + PER_PAGE]) for i in range(0, len(sentences), PER_PAGE)]


def _frame(i: int, a: str, b: str) -> str:
    """Frame ``i`` (or the next that fits) with ``a`` and ``b``: not one
    whose word before a slot is the rendering's first ("urged progress on
    on a comparable basis" is a doubled word the echo check rightly
    reports, made by the frame, not the termbase)."""
    for k in range(len(FRAMES)):
        frame = FRAMES[(i + k) % len(FRAMES)]
        text = frame.format(a=a, b=b)
        words = text.lower().split()
        if not any(x == y and x.isalpha() for x, y in zip(words, words[1:])):
            return text
    return FRAMES[i % len(FRAMES)].format(a=a, b=b)


@pytest.mark.parametrize("pages", [_pages, _paired_pages], ids=["alone", "paired"])
@pytest.mark.parametrize("check", [GarbledCalque, GarbledEcho, GarbledPinyin, GarbledName,
                                   Numbers],
                         ids=lambda c: c.name)
def test_approved_renderings_raise_nothing(check, pages):
    det = check(Config())
    found = [(f.rule, text[f.start:f.end])
             for i, text in enumerate(pages())
             for f in det.detect(Document(f"page{i}.txt", text))]
    assert found == []
