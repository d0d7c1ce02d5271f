"""What the review adds to ``align qa``: earlier decisions and the HTML report.

``align qa --decisions DB`` fingerprints each document's rows as they stream
past and fills the ``review``, ``correction`` and ``fingerprint`` columns
from the database; ``--hide-rejected`` drops the findings a reviewer already
rejected; ``--html FILE`` keeps the rows and texts and writes the static
report at the end.
"""
from __future__ import annotations

import os
import sys
from typing import List, Optional


class QaReview:
    def __init__(self, decisions: Optional[str] = None, hide_rejected: bool = False,
                 html: Optional[str] = None, sources=(), max_bytes: Optional[int] = None):
        if hide_rejected and not decisions:
            raise ValueError("--hide-rejected needs --decisions DB")
        self.decisions_path, self.hide_rejected, self.html = decisions, hide_rejected, html
        self.decisions = {}
        if decisions:
            from .store import Store

            if os.path.exists(decisions):
                with Store(decisions) as st:
                    self.decisions = st.decisions()
            else:
                print(f"align qa: {decisions}: no decisions yet (the file does not exist)",
                      file=sys.stderr)
        self._rows: List[dict] = []
        self._errors = {}
        self._sources = {s.doc: s for s in sources}
        self.max_bytes = max_bytes

    @property
    def extra_columns(self) -> List[str]:
        from .store import REVIEW_COLUMNS

        return list(REVIEW_COLUMNS) if self.decisions_path else []

    def rows(self, res) -> List[dict]:
        """The rows of one ``DocumentResult`` as the report should have them."""
        from .fingerprint import fingerprints
        from .store import annotate_rows

        if self.decisions_path:
            rows = annotate_rows(res.rows, self.decisions, self.hide_rejected)
        else:
            rows = [dict(r) for r in res.rows]
            for r, fp in zip(rows, fingerprints(rows)):
                r["fingerprint"] = fp
        if self.html:
            self._rows.extend(rows)
            if res.error:
                self._errors[res.doc] = res.error
        if not self.decisions_path:
            rows = [{k: v for k, v in r.items() if k != "fingerprint"} for r in rows]
        return rows

    def finish(self, title: Optional[str] = None, quality=None) -> None:
        """Write the HTML report; ``quality`` (a ``report.score.Quality``)
        gives it the run's and each document's score."""
        title = title or (os.path.basename(self.html) if self.html else "report")
        if self.html:
            from ..read.files import InputError, read_source
            from .html import write_html

            # Texts are read again here, one document at a time, rather than
            # kept from the run: worker processes do not send them back.
            texts = {}
            for doc in dict.fromkeys(r["doc"] for r in self._rows):
                src = self._sources.get(doc)
                if src is None or doc in self._errors:
                    continue
                try:
                    kw = {"max_bytes": self.max_bytes} if self.max_bytes else {}
                    texts[doc] = read_source(src, **kw).text
                except InputError as e:
                    self._errors[doc] = e.message
            score = {"run": quality.run(), "docs": quality.docs()} if quality else None
            write_html(self.html, self._rows, texts, title=title, errors=self._errors,
                       quality=score)


def qa_review(args, sources=()) -> Optional[QaReview]:
    """The review part of an ``align qa`` run over ``sources``, or None when
    it has none; ``ValueError`` for options that do not fit together."""
    decisions = getattr(args, "decisions", None)
    hide = getattr(args, "hide_rejected", False)
    html = getattr(args, "html", None)
    if not (decisions or hide or html):
        return None
    return QaReview(decisions, hide, html, sources, getattr(args, "max_bytes", None))


def add_qa_options(parser) -> None:
    """The options above, on ``align qa``'s parser."""
    parser.add_argument("--decisions", metavar="DB",
                        help="mark findings with the decisions of an align review database "
                             "(columns review, correction, fingerprint)")
    parser.add_argument("--hide-rejected", action="store_true",
                        help="with --decisions: leave out findings a reviewer rejected")
    parser.add_argument("--html", metavar="FILE",
                        help="also write a self-contained HTML report with the documents "
                             "highlighted and a filterable table")
