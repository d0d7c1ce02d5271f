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

from pathlib import Path

from ...core.errors import InputError
from .units import (FOLDER_SUFFIXES, FORMATS, SEPARATOR, Bilingual, Unit, annotate,
                    format_of, join, language_pair)

__all__ = ["FOLDER_SUFFIXES", "FORMATS", "SEPARATOR", "Bilingual", "Unit", "annotate",
           "format_of", "join", "language_pair", "read_bilingual"]


def read_bilingual(raw: bytes, path: Path, target_language: str = "en") -> Bilingual:
    """Parse the bytes of a bilingual file; raise ``reader.InputError`` if
    the file is malformed or unsafe."""
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
