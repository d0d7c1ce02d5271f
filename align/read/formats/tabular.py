"""Two-column CSV and TSV: source, then target, one unit per row.

The first row is a header when its cells look like column names (``source``,
``target``, ``zh``, ``en-US`` ...), never a sentence; a third column named
``id`` (or ``key``) gives the unit ids, otherwise a unit is named by its line
number in the file, as a spreadsheet shows it. A row with another number of
cells is an error for the whole file: a shifted column would pair every
following source with the wrong target.
"""
from __future__ import annotations

import csv
import io
import re

from .units import Bilingual, join

_NAMES = {"source", "target", "src", "tgt", "trg", "original", "translation", "id",
          "key", "chinese", "english", "source text", "target text", "msgid", "msgstr",
          "source language", "target language"}
_LANG = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$", re.I)
_ID_NAMES = ("id", "key")


def _is_header(cells) -> bool:
    return all(c.strip().lower() in _NAMES or _LANG.match(c.strip()) for c in cells)


def read_tabular(raw: bytes, delimiter: str) -> Bilingual:
    from ...core.errors import InputError
    from ..decode import decode_bytes

    kind = "TSV" if delimiter == "\t" else "CSV"
    text, encoding = decode_bytes(raw)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                               strict=True))
    except csv.Error as e:
        raise InputError("input.malformed", f"not a valid {kind} file: {e}")
    # A row's line number is where it starts: quoted cells may span lines.
    lines, line = [], 1
    for r in rows:
        lines.append(line)
        line += sum(c.count("\n") for c in r) + 1
    body = [(n, r) for n, r in zip(lines, rows) if any(c.strip() for c in r)]
    if not body:
        raise InputError("input.empty", f"the {kind} file holds no rows")
    id_col = None
    if _is_header(body[0][1]):
        names = [c.strip().lower() for c in body[0][1]]
        id_col = next((names.index(k) for k in _ID_NAMES if k in names), None)
        body = body[1:]
    width = 3 if id_col is not None else 2
    triples = []
    for n, r in body:
        if len(r) != width:
            raise InputError("input.malformed",
                             f"line {n} of the {kind} file has {len(r)} cells, expected "
                             f"{width} ({'source, target' + (', id' if width == 3 else '')}); "
                             "quote cells that hold the delimiter")
        if id_col is not None:
            uid = r[id_col]
            src, tgt = [c for i, c in enumerate(r) if i != id_col]
        else:
            uid, (src, tgt) = str(n), r
        triples.append((uid, src, tgt))
    return join(triples, kind.lower(), encoding)
