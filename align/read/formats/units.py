"""Translation units and the one document their targets are joined into
(see the package's docstring for why)."""
from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple, Union

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
    #: What the file says of the unit's progress, normalized: ``""`` (none or
    #: plain translated), ``fuzzy`` (PO), ``needs-review`` (XLIFF states asking
    #: for review or translation), ``final`` (approved, signed off, locked).
    state: str = ""
    #: PO flags (``c-format``, ``python-format`` ...).
    flags: Tuple[str, ...] = ()
    #: What makes two units with one source the same message: PO ``msgctxt``
    #: and plural form; a unit with another context may be translated otherwise.
    context: str = ""
    #: The longest target the file allows, in ``limit_unit`` (XLIFF
    #: ``maxwidth`` with ``size-unit`` ``char`` or ``byte``); 0: none.
    limit: int = 0
    limit_unit: str = "char"
    #: XLIFF inline codes of source and target (``ph#1``, ``bpt#2``, ``x#3``),
    #: which the text alone no longer shows.
    source_codes: Tuple[str, ...] = ()
    target_codes: Tuple[str, ...] = ()
    #: The text those codes hold (a ``<ph>``'s ``%s``, a ``<bpt>``'s ``<b>``),
    #: which the unit's texts show as text: compared as codes, not twice.
    code_text: Tuple[str, ...] = ()


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


def join(units: Iterable[Union[Tuple[str, str, str], Tuple[str, str, str, dict]]], fmt: str,
         encoding: str = "utf-8", source_language: str = "",
         target_language: str = "") -> Bilingual:
    """Join ``(id, source, target)`` triples (or with a fourth item, a dict of
    the other ``Unit`` fields) into one text. A unit whose target is empty
    (untranslated, a finding of the ``units`` check) takes no text, but its
    separator all the same: it gets a zero-width place of its own, where no
    other unit starts, so a finding there names it. A file without any
    target (a template) has ``text`` empty: the reader refuses it."""
    parts: List[str] = []
    out: List[Unit] = []
    pos = 0
    any_target = False
    for item in units:
        uid, source, target = item[:3]
        more = item[3] if len(item) > 3 else {}
        if not target or not target.strip():
            target = ""
        else:
            any_target = True
        if out:
            parts.append(SEPARATOR)
            pos += len(SEPARATOR)
        out.append(Unit(uid, source or "", target, pos, pos + len(target), **more))
        parts.append(target)
        pos += len(target)
    if not any_target:
        return Bilingual("", (), fmt, encoding, source_language, target_language)
    if parts:
        parts.append("\n")
    return Bilingual("".join(parts), tuple(out), fmt, encoding, source_language, target_language)


def _primary(lang: str) -> str:
    """The primary subtag (``zh`` of ``zh-Hans-CN``, ``zh_CN``); ``""`` for
    what is no language tag (TMX's ``*all*``, ``x-default``)."""
    tag = (lang or "").replace("_", "-").split("-")[0].strip().lower()
    return tag if 2 <= len(tag) <= 3 and tag.isalpha() and tag.isascii() else ""


def language_pair(bi: Bilingual) -> Tuple[str, str]:
    """The file's ``(source, target)`` languages as primary subtags (``zh``,
    ``en``): as the file declares them (XLIFF ``source-language``/
    ``target-language``, TMX ``srclang`` and ``xml:lang``, PO ``Language``
    and ``X-Source-Language``); a side it does not declare is guessed from
    its text: ``zh`` when Han characters outnumber the other letters'
    words, ``en`` when Latin words are and most of them are English words
    (wordfreq), else ``und`` (some other language); ``""`` for a side
    without letters. A TMX holding several target languages keeps the first."""
    src, tgt = _primary(bi.source_language), _primary(bi.target_language.split(",")[0])
    if not src:
        src = _guess(u.source for u in bi.units)
    if not tgt:
        tgt = _guess(u.target for u in bi.units)
        if tgt == src == "zh":
            # Targets mostly Chinese under Chinese sources: a file left largely
            # untranslated, whose Chinese the checks must see, not a zh→zh file
            # (one says so in its header).
            tgt = ""
    return src, tgt


def _guess(texts: Iterable[str]) -> str:
    import re

    from ...text.scripts import count_script_units, han_chars

    text = "\n".join(texts)
    han, latin = count_script_units(text, han_chars(text))
    # Words of other scripts (Khmer, Cyrillic, Arabic ...): letters runs
    # that are neither Han nor Latin.
    other = len(re.findall(r"(?:(?![A-Za-z\u00c0-\u024f\u3400-\u9fff])[^\W\d_])+", text))
    if not (han or latin or other):
        return ""
    if han >= max(latin, other):
        return "zh"
    if other > latin:
        return "und"
    from ...resources.wordfreqs import zipf

    words = [w.lower() for w in re.findall(r"[A-Za-z\u00c0-\u024f]+", text)[:2000]]
    english = sum(zipf(w) >= 3.0 for w in words)
    return "en" if english >= 0.6 * len(words) else "und"


def annotate(rows: List[dict], units: Sequence[Unit]) -> None:
    """Add the ``unit`` column to finding rows: the id of the unit where the
    span starts, ``first..last`` when a span (a whole-document finding)
    covers several units. The context of a span is cut from its unit alone.
    A finding in a unit the file marks final (approved, signed off, locked)
    becomes ``info``, its note saying so."""
    if not units:
        return
    from ...core.findings import context_of

    starts = [u.start for u in units]
    for row in rows:
        if "unit" in row:
            continue  # a finding of the whole file (scope.language_pair)
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
            if a.state == "final" and row["severity"] != "info":
                # Approved, signed off or locked: not the translator's to
                # change now; reported for the record, as info.
                row["note"] = f"approved unit ({row['severity']} otherwise): {row['note']}"
                row["severity"] = "info"
        else:
            row["unit"] = f"{a.id}..{b.id}"
