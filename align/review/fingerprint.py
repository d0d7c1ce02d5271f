"""A finding's identity across runs.

Offsets move whenever anything earlier in a document changes, so they cannot
name a finding from one run to the next. A fingerprint names it by what a
reviewer would recognise: the document, the category and rule, the flagged
text, and its immediate neighbourhood, the few words on either side of the
span. The neighbourhood is reduced to word tokens, case-folded and
NFKC-normalised, so fixing punctuation or spacing next to a span (often the
very fix another finding asked for) keeps its identity; rewriting the words
right beside it, or the span itself, makes it a new finding that deserves a
fresh look. Two findings that agree on all of that inside one document are
told apart by their order of appearance.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable, List, Mapping

#: Word tokens kept on each side of the span.
NEIGHBOUR_WORDS = 3
# Han characters carry no spaces, so each one is a token: a Chinese run
# beside the span then contributes its nearest characters, not the whole run.
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+")
_SPAN_LIMIT = 160  # context_of shows at most 4 * CONTEXT_CHARS of the span


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).casefold()


def neighbourhood(context: str, text: str) -> str:
    """The words right before and after the span in a report's ``context``
    cell (``left[span]right``, whitespace collapsed), normalised."""
    context = context or ""
    span = " ".join((text or "")[:_SPAN_LIMIT].split())
    at, width = -1, 0
    for marker in (f"[{span}]", f"[ {span}]", f"[{span} ]", f"[ {span} ]"):
        at = context.find(marker)
        if at >= 0:
            width = len(marker)
            break
    if at < 0:  # not a context_of window: keep all of it
        return " ".join(_TOKEN.findall(_norm(context)))
    left = _TOKEN.findall(_norm(context[:at]))[-NEIGHBOUR_WORDS:]
    right = _TOKEN.findall(_norm(context[at + width:]))[:NEIGHBOUR_WORDS]
    return " ".join(left) + " | " + " ".join(right)


def base_fingerprint(row: Mapping) -> str:
    parts = [str(row.get(k) or "") for k in ("doc", "category", "rule")]
    parts.append(_norm(str(row.get("text") or "")))
    parts.append(neighbourhood(str(row.get("context") or ""), str(row.get("text") or "")))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def fingerprints(rows: Iterable[Mapping]) -> List[str]:
    """Fingerprints of report rows, in their order; a repeat of the same
    fingerprint in one document gets ``#2``, ``#3`` ... in reading order."""
    seen: dict = {}
    out = []
    for row in rows:
        base = base_fingerprint(row)
        n = seen[base] = seen.get(base, 0) + 1
        out.append(base if n == 1 else f"{base}#{n}")
    return out
