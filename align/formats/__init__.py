"""Bilingual files in: XLIFF 1.2 and 2.x, TMX, PO and two-column CSV/TSV.

Translators exchange translations as units, each a source and a target with
an id. align checks the targets as one document per file: the targets are
joined in file order, one blank line between units, and the offset of each
unit in that text is kept (``Unit.start``/``Unit.end``). Every finding then
gets the id of the unit it lies in (the report's ``unit`` column) on top of
the usual offsets.

Why one joined document per file rather than one document per unit: the
report contract says ``doc`` is a path and that ``text[start:end]`` holds
against what ``align text FILE`` prints; with a joined text both stay true for
a bilingual file exactly as for a page, and the per-document summary has one
row per file, not one per unit of a 100,000-unit memory. A blank line is a
paragraph break for the segmenter, so no sentence and no merged finding
crosses from one unit into the next. The units keep their source text, so
the bilingual checks can pair each target with its source later.

The XML formats are parsed by translate-toolkit, whose lxml parser resolves
no entities and loads nothing from the network; before that, ``xmlsafe``
refuses any file that declares an entity at all (billion laughs, external
entities), so a hostile file is a clear ``input_error`` row, never expanded.
"""
from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
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


def read_bilingual(raw: bytes, path: Path, target_language: str = "en") -> Bilingual:
    """Parse the bytes of a bilingual file; raise ``reader.InputError`` if
    the file is malformed or unsafe."""
    from ..reader import InputError

    fmt = format_of(path)
    if fmt in ("xliff", "tmx", "po"):
        import importlib.util

        # translate-toolkit is GPL-3.0, so it is an optional extra, not a
        # dependency of this Apache-2.0 package.
        if importlib.util.find_spec("translate") is None:
            raise InputError("input.unsupported",
                             f"reading {fmt.upper()} files needs translate-toolkit: "
                             "pip install 'align[formats]'")
    if fmt == "xliff":
        from .xliff import read_xliff

        bi = read_xliff(raw)
    elif fmt == "tmx":
        from .tmx import read_tmx

        bi = read_tmx(raw, target_language)
    elif fmt == "po":
        from .po import read_po

        bi = read_po(raw)
    elif fmt in ("csv", "tsv"):
        from .tabular import read_tabular

        bi = read_tabular(raw, "\t" if fmt == "tsv" else ",")
    else:
        raise ValueError(f"not a bilingual format: {path.name}")
    if not bi.units:
        raise InputError("input.empty", f"no unit of this {bi.format} file has a target "
                         "to check; remove it from the input")
    return bi


def unit_at(units: Sequence[Unit], offset: int) -> Optional[Unit]:
    """The unit whose target holds ``offset`` (or the one before a gap)."""
    i = bisect_right([u.start for u in units], offset) - 1
    return units[i] if i >= 0 else None


def annotate(rows: List[dict], units: Sequence[Unit]) -> None:
    """Add the ``unit`` column to finding rows: the id of the unit where the
    span starts, ``first..last`` when a span (a whole-document finding)
    covers several units. The context of a span is cut from its unit alone."""
    if not units:
        return
    from ..findings import context_of

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
