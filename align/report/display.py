"""Findings in Jupyter: a table with each flagged span marked in its context.

``highlight(df)`` wraps a findings DataFrame; Jupyter calls its
``_repr_html_`` and shows one row per finding with the span in a ``<mark>``
coloured by severity, so a researcher reads the problem in place instead of
counting offsets. Everything from the data is HTML-escaped: a page's text is
untrusted and must never become markup in the notebook.
"""
from __future__ import annotations

from html import escape

COLORS = {"critical": "#f4a6a6", "major": "#ffd27f", "minor": "#fff3a3", "info": "#d6e9ff"}
COLUMNS = ["doc", "start", "end", "category", "severity", "rule", "suggestion"]


def marked_context(context: str, text: str, severity: str = "major") -> str:
    """``context`` as HTML with the bracketed span (as ``findings.context_of``
    writes it) inside a ``<mark>``."""
    flat = " ".join((text or "")[:160].split())
    at = context.find(f"[{flat}]") if flat else -1
    if at < 0:
        return escape(context)
    color = COLORS.get(severity, COLORS["major"])
    return (escape(context[:at]) + f'<mark style="background:{color}">{escape(flat)}</mark>'
            + escape(context[at + len(flat) + 2:]))


class Highlighted:
    """A findings DataFrame shown with its spans highlighted."""

    def __init__(self, df, max_rows: int = 200):
        self.df, self.max_rows = df, max_rows

    def _repr_html_(self) -> str:
        df = self.df
        cols = [c for c in COLUMNS if c in df.columns] + (["unit"] if "unit" in df.columns else [])
        head = "".join(f"<th>{escape(c)}</th>" for c in cols + ["context"])
        rows = []
        for r in df.head(self.max_rows).to_dict("records"):
            cells = "".join(f"<td>{escape(str(r.get(c, '')))}</td>" for c in cols)
            ctx = marked_context(str(r.get("context", "")), str(r.get("text", "")),
                                 str(r.get("severity", "")))
            rows.append(f"<tr>{cells}<td style='text-align:left'>{ctx}</td></tr>")
        more = (f"<p>{len(df) - self.max_rows} more rows not shown</p>"
                if len(df) > self.max_rows else "")
        return (f"<table class='align-findings'><thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>{more}")


def highlight(df, max_rows: int = 200) -> Highlighted:
    return Highlighted(df, max_rows)
