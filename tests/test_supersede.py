"""``Detector.supersedes``: a finding of a superseded rule goes wherever a
finding of the same category from the superseding check overlaps it
(``pipeline.drop_superseded``), however many other findings lie between."""
import random

import pytest

from align.core.findings import Finding
from align.detectors.base import Detector
from align.detectors.untranslated import Untranslated
from align.run.pipeline import check_document, drop_superseded
from align.text.document import Document


class _Furniture(Detector):
    """A check that reports a line as furniture in Chinese (as the
    boilerplate check does: category ``untranslated``) and, first, each lone
    Han character in it."""

    name = "furniture_stub"
    rules = ("boilerplate.metadata", "boilerplate.navigation")
    supersedes = ("untranslated.han_run",)

    def detect(self, doc):
        yield Finding(0, len(doc.text), "untranslated", "boilerplate.metadata", severity="minor")
        for k, c in enumerate(doc.text):
            if c == "中" and doc.text[k + 1] == " ":
                yield Finding(k, k + 1, "untranslated", "boilerplate.navigation", severity="minor")


@pytest.mark.parametrize("n", range(1, 13))
def test_a_superseded_finding_goes_however_many_short_findings_lie_before_it(n):
    # A Han run per lone character, each inside a short span of the stub,
    # then the run "中文中文" inside the line's span only: every han_run is
    # dropped, the last one too (before: kept from n = 8 on).
    text = "word 中 " * n + "then 中文中文 in English words."
    doc = Document("d", text)
    assert sum(r["rule"] == "untranslated.han_run"
               for r in check_document(doc, [Untranslated()]).rows) == n + 1
    found = check_document(doc, [Untranslated(), _Furniture()]).rows
    assert [r["rule"] for r in found if r["rule"].startswith("untranslated.")] == []
    assert sum(r["rule"] == "boilerplate.navigation" for r in found) == n


def test_drop_superseded_is_overlap():
    """Against the definition, on random spans: a finding goes where a
    superseding span of its rule and category overlaps it."""
    rng = random.Random(3)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 30)):
            s = rng.randint(0, 60)
            spans.append(Finding(s, s + rng.choice([0, 1, 1, 2, 3, 20, 50]), "untranslated", "x.y"))
        findings = []
        for _ in range(rng.randint(0, 10)):
            s = rng.randint(0, 60)
            findings.append(Finding(s, s + rng.randint(0, 8), rng.choice(["untranslated", "garbled"]),
                                    rng.choice(["untranslated.han_run", "other.rule"])))
        want = [f for f in findings
                if not (f.rule == "untranslated.han_run" and any(
                    g.category == f.category and g.start < f.end and f.start < g.end
                    for g in spans))]
        assert drop_superseded(findings, {"untranslated.han_run": spans}) == want


def test_drop_superseded_by_cover_is_cover_but_whitespace():
    """``supersede_by = "cover"``, against the definition on random spans: a
    finding goes where the covering spans, of any category, overlap it and
    hold every character of it but whitespace."""
    rng = random.Random(5)
    for _ in range(300):
        text = "".join(rng.choice("ab  \n中") for _ in range(70))
        spans = []
        for _ in range(rng.randint(0, 12)):
            s = rng.randint(0, 60)
            spans.append(Finding(s, s + rng.choice([0, 1, 2, 3, 8, 20]), "encoding", "x.y"))
        findings = []
        for _ in range(rng.randint(0, 10)):
            s = rng.randint(0, 60)
            findings.append(Finding(s, s + rng.randint(0, 8), "untranslated",
                                    rng.choice(["untranslated.han_run", "other.rule"])))
        cov = set()
        for g in spans:
            cov.update(range(g.start, g.end))
        want = [f for f in findings
                if not (f.rule == "untranslated.han_run" and cov & set(range(f.start, f.end)) and all(
                    k in cov or text[k].isspace() for k in range(f.start, f.end)))]
        assert drop_superseded(findings, {}, {"untranslated.han_run": spans}, text) == want
