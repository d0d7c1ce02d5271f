"""Translation units and the one document their targets are joined into
(see the package's docstring for why)."""
from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple

#: Suffixes read as bilingual files, by format name.
FORMATS = {
    ".xlf": "xliff", ".xliff": "xliff", ".sdlxliff": "xliff", ".mxliff": "xliff",
    ".tmx": "tmx", ".po": "po", ".pot": "po", ".csv": "csv", ".tsv": "tsv",
}
#: Suffixes taken from folders. CSV/TSV are read only when named on the
#: command line: a folder of pages often holds reports and termbases as CSV.
FOLDER_SUFFIXES = {s for s, f in FORMATS.items() if f not in ("csv", "tsv")}
#: Text put between two units' targets: a paragraph break for the segmenter.
SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Unit:
    """One translation unit: its id, source and target text, and where the
    target lies in the joined document text."""

    id: str
    source: str
    target: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Bilingual:
    """A bilingual file as read: its units (targets joined into ``text``)."""

    text: str
    units: Tuple[Unit, ...]
    format: str
    encoding: str = "utf-8"
    source_language: str = ""
    target_language: str = ""


def format_of(path: "os.PathLike | str") -> Optional[str]:
    # By the name's suffix, without a Path: a run asks it of every file.
    return FORMATS.get(os.path.splitext(os.fspath(path))[1].lower())


def join(units: Iterable[Tuple[str, str, str]], fmt: str, encoding: str = "utf-8",
         source_language: str = "", target_language: str = "") -> Bilingual:
    """Join ``(id, source, target)`` triples into one text. Units whose target
    is empty have nothing to check and take no place in the text."""
    parts: List[str] = []
    out: List[Unit] = []
    pos = 0
    for uid, source, target in units:
        if not target or not target.strip():
            continue
        if parts:
            parts.append(SEPARATOR)
            pos += len(SEPARATOR)
        out.append(Unit(uid, source or "", target, pos, pos + len(target)))
        parts.append(target)
        pos += len(target)
    if parts:
        parts.append("\n")
    return Bilingual("".join(parts), tuple(out), fmt, encoding, source_language, target_language)


def annotate(rows: List[dict], units: Sequence[Unit]) -> None:
    """Add the ``unit`` column to finding rows: the id of the unit where the
    span starts, ``first..last`` when a span (a whole-document finding)
    covers several units. The context of a span is cut from its unit alone."""
    if not units:
        return
    from ...core.findings import context_of

    starts = [u.start for u in units]
    for row in rows:
        a = units[max(0, bisect_right(starts, row["start"]) - 1)]
        last = max(row["start"], row["end"] - 1)
        b = units[max(0, bisect_right(starts, last) - 1)]
        if a is b:
            row["unit"] = a.id
            # The context of a span inside one unit stays inside it: the
            # neighbouring units are other sentences, often other pages.
            if a.start <= row["start"] and row["end"] <= a.end:
                row["context"] = context_of(a.target, row["start"] - a.start,
                                            row["end"] - a.start)
        else:
            row["unit"] = f"{a.id}..{b.id}"
