"""The quality score: MQM-style penalty points per 1,000 words.

Every finding costs the points its severity is worth (``Config.penalties``:
by default critical 25, major 5, minor 1, info 0, the weights of the MQM
scoring models); ``input_error`` rows are about reading files, not about the
translation, and cost nothing. A document's points are divided by its words
and multiplied by 1,000, so a long page and a short one compare: for a
bilingual file, the words of its units' sources (what MQM calls the
evaluation word count), for a page the words of the page itself. A Han
character counts as a word (as CAT tools count Chinese, and as
``scripts.count_script_units`` does). The document passes when the figure is
at most ``Config.quality_threshold``; the run's figure is its points over
its words, all documents together. A document without words (one that could
not be read) has no score. The formula is in docs/quality.md.
"""
from __future__ import annotations

from typing import Dict, Mapping, Optional

#: Columns the score adds to the per-document summary.
COLUMNS = ("words", "penalty", "penalty_per_1k", "quality")


def per_1k(points: float, words: int) -> Optional[float]:
    return round(1000.0 * points / words, 2) if words > 0 else None


def verdict(value: Optional[float], threshold: float) -> str:
    if value is None:
        return ""
    return "pass" if value <= threshold else "fail"


class Quality:
    """Scores documents as their results come and the run as a whole.
    ``add`` writes a document's score into its summary; ``add_rows`` adds
    rows found later (document pairing) to the summaries it was asked to
    ``keep``."""

    def __init__(self, config, keep: bool = True):
        from ..core.config import DEFAULT_PENALTIES

        # (a Config made in Python may name only some severities)
        self.penalties = {**DEFAULT_PENALTIES, **config.penalties}
        self.threshold = float(config.quality_threshold)
        self.keep = keep
        self._summaries: Dict[str, dict] = {}
        self.words = 0
        self.points = 0.0
        self.documents = self.failed = 0

    def _points(self, tally: Mapping) -> float:
        return float(sum(n * self.penalties.get(sev, 0.0)
                         for (cat, sev), n in tally.items() if cat != "input_error"))

    def add(self, summary: dict, tally: Mapping) -> None:
        """One document: its summary (with ``words``) and its rows counted
        by ``(category, severity)``."""
        words = int(summary.get("words") or 0)
        points = self._points(tally)
        self._set(summary, words, points)
        if words:
            self.documents += 1
            self.failed += summary["quality"] == "fail"
        self.words += words
        self.points += points
        if self.keep:
            self._summaries[summary["doc"]] = summary

    def add_rows(self, rows) -> None:
        from collections import Counter

        by_doc: Dict[str, Counter] = {}
        for r in rows:
            by_doc.setdefault(r["doc"], Counter())[(r["category"], r["severity"])] += 1
        for doc, tally in by_doc.items():
            points = self._points(tally)
            self.points += points
            s = self._summaries.get(doc)
            if s is not None:
                was = s["quality"]
                self._set(s, int(s.get("words") or 0), s["penalty"] + points)
                if s.get("words"):
                    self.failed += (s["quality"] == "fail") - (was == "fail")

    def _set(self, summary: dict, words: int, points: float) -> None:
        value = per_1k(points, words)
        summary["words"] = words
        summary["penalty"] = points
        summary["penalty_per_1k"] = value
        summary["quality"] = verdict(value, self.threshold)

    def run(self) -> dict:
        """The run's score: words, points, per 1,000 words, pass/fail."""
        value = per_1k(self.points, self.words)
        return {"words": self.words, "penalty": self.points, "penalty_per_1k": value,
                "threshold": self.threshold, "quality": verdict(value, self.threshold),
                "documents": self.documents, "failed": self.failed}

    def docs(self) -> Dict[str, dict]:
        """Each kept document's score, by name."""
        return {doc: {k: s[k] for k in COLUMNS} for doc, s in self._summaries.items()}

    def line(self) -> str:
        r = self.run()
        if r["penalty_per_1k"] is None:
            return "quality:   no words to score"
        return (f"quality:   {r['penalty_per_1k']:g} penalty points per 1,000 words "
                f"(threshold {r['threshold']:g}): {r['quality']}; "
                f"{r['failed']} of {r['documents']} documents fail")
