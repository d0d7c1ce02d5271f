"""The static HTML report: one self-contained page for sharing without a server.

It is the review page in read-only mode: the same script and stylesheet,
inlined, with the findings and the documents' texts embedded as JSON data
(escaped so that nothing in them can close the data element). The page's
Content Security Policy allows only its own inline script and style, by
hash, and nothing from the network, so a document's payload cannot run even
when the file is opened from disk.
"""
from __future__ import annotations

import base64
import hashlib
from typing import Dict, Mapping, Optional, Sequence

from .app import ASSETS, dumps_for_script


def _sha256(s: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"


def render_html(rows: Sequence[dict], texts: Mapping[str, str], title: str = "report",
                decisions: Optional[Mapping[str, Mapping]] = None,
                errors: Optional[Dict[str, str]] = None,
                quality: Optional[Mapping] = None) -> str:
    """The page for report ``rows`` (each with a ``fingerprint``; see
    ``fingerprint.fingerprints``) over the documents' ``texts``; ``quality``:
    ``{"run": ..., "docs": {doc: ...}}`` (``report.score.Quality``)."""
    import jinja2
    from markupsafe import Markup

    from .session import client_rows

    decisions = dict(decisions or {})
    for r in rows:  # rows annotated by `align qa --decisions` carry their own
        if r.get("review") and r["fingerprint"] not in decisions:
            decisions[r["fingerprint"]] = {"decision": r["review"],
                                           "correction": r.get("correction") or ""}
    crow = client_rows(rows, decisions)
    reviewed = sum(1 for r in crow if r["decision"])
    data = {"rows": crow, "texts": dict(texts), "errors": dict(errors or {}),
            "progress": {"reviewed": reviewed, "total": len(crow)},
            "quality": dict(quality) if quality else None}
    css = (ASSETS / "review.css").read_text(encoding="utf-8")
    js = (ASSETS / "review.js").read_text(encoding="utf-8")
    csp = (f"default-src 'none'; script-src {_sha256(js)}; style-src {_sha256(css)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ASSETS)), autoescape=True)
    return env.get_template("page.html").render(
        mode="static", token=None, title=title, csp=csp, data=dumps_for_script(data),
        inline={"css": Markup(css), "js": js})


def write_html(path: str, rows: Sequence[dict], texts: Mapping[str, str],
               option: str = "--html", **kw) -> None:
    """Write the page to ``path`` (a file is replaced once complete, a
    device or pipe written through: ``align.core.outfile``)."""
    from ..core.outfile import write_text

    write_text(path, render_html(rows, texts, **kw), option)
