"""Findings written back into a copy of the bilingual file they came from.

Translators fix problems in their CAT tool, not in a CSV report. ``annotate``
takes the bytes of an XLIFF or PO file and the report rows of that file and
returns the same file with each unit that has findings marked the way the
format marks units for review:

- XLIFF 1.2: a ``<note from="align">`` per finding in the ``trans-unit``, the
  ``target``'s ``state`` set to ``needs-review-translation`` and
  ``approved="yes"`` turned to ``no``;
- XLIFF 2.x: a ``<note category="align">`` per finding in the unit's
  ``<notes>``, a ``reviewed`` or ``final`` segment put back to ``translated``
  (2.0 has no "needs review" state);
- PO: a translator comment (``# align: ...``) per finding and the ``fuzzy``
  flag.

Only ``info`` findings add their note without asking for a review.

Only the bytes of the units touched change: the file is never parsed and
written out again (that would reorder attributes, re-wrap PO strings, change
quoting and line ends, and a CAT tool's diff would show every unit). Each
unit is found in the text by a scan of its tags (PO: of its lines) that is
checked against translate-toolkit's reading of the same file, the reading
the report's unit ids come from; where the two disagree the file is refused
(``AnnotateError``) rather than marked in the wrong place. A file without
findings comes back byte for byte.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

#: Formats ``annotate`` can write back into (``units.format_of`` names).
FORMATS = ("xliff", "po")
#: XLIFF 1.2 note priority (1 = highest) by severity.
PRIORITY = {"critical": 1, "major": 2, "minor": 4, "info": 8}
NOTE_FROM = "align"
_NOTE_LIMIT = 400


class AnnotateError(ValueError):
    """A file whose units cannot be located safely; the message says why."""


@dataclass(frozen=True)
class Annotated:
    data: bytes
    #: Units marked, findings written into them, findings left out (spanning
    #: several units or naming none).
    units: int
    findings: int
    unplaced: int


# -- what a finding says --------------------------------------------------------

def note_text(row: dict) -> str:
    """One line saying what the finding is: severity, rule, the span, the
    suggestion and the note."""
    def flat(s) -> str:
        return " ".join(str(s or "").split())

    text = f"{row.get('severity', '')} {row.get('rule', '')}: \u201c{flat(row.get('text'))}\u201d"
    if flat(row.get("suggestion")):
        text += f" \u2192 \u201c{flat(row.get('suggestion'))}\u201d"
    if flat(row.get("note")):
        text += f" ({flat(row.get('note'))})"
    return text if len(text) <= _NOTE_LIMIT else text[:_NOTE_LIMIT - 1] + "\u2026"


def by_unit(rows: Sequence[dict]) -> Tuple[Dict[str, List[dict]], int]:
    """Rows grouped by unit id, and how many rows name no single unit."""
    out: Dict[str, List[dict]] = {}
    unplaced = 0
    for r in rows:
        uid = str(r.get("unit") or "")
        if not uid or ".." in uid or r.get("category") == "input_error":
            unplaced += 1
            continue
        out.setdefault(uid, []).append(r)
    return out, unplaced


def _needs_review(rows: Sequence[dict]) -> bool:
    return any(r.get("severity") != "info" for r in rows)


# -- text in, bytes out ---------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# A note an earlier --annotate wrote (XLIFF: the attribute; PO: the comment).
_STALE = re.compile(r"""(?:from|category)\s*=\s*["']%s["']|^# %s: """ % (NOTE_FROM, NOTE_FROM), re.M)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


def _decode(raw: bytes, declared: Optional[str]) -> Tuple[str, str]:
    """The file's text and the codec that gives its bytes back exactly (a
    BOM stays in the text as U+FEFF, so it is written back as it was)."""
    enc = next((e for bom, e in _BOMS if raw.startswith(bom)), None) or declared or "utf-8"
    try:
        text = raw.decode(enc)
        if text.encode(enc) != raw:
            raise ValueError
    except (LookupError, ValueError):
        raise AnnotateError(f"its bytes do not decode and encode back unchanged as {enc}, "
                            "so it cannot be edited in place; re-save it as UTF-8") from None
    return text, enc


def _apply(text: str, edits: List[Tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, new)`` replaced; edits do not overlap."""
    out, pos = [], 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)


# -- XLIFF ----------------------------------------------------------------------

# Comments, CDATA, processing instructions and declarations hold no tags;
# a tag's attribute values may hold ``>``. Only the tags of the names wanted
# are matched: the others are skipped by the regex engine, not by Python.
# (The "<" in front of all of them lets the engine jump from one to the next.)
_SKIPPED = r"!--.*?-->|!\[CDATA\[.*?\]\]>|\?.*?\?>|!(?:[^>\[]|\[[^\]]*\])*>"


def _token_re(names: Sequence[str]):
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"<(?:%s|(/?)((?:[\w.-]+:)?(%s))(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>)"
                      % (_SKIPPED, alt), re.S)


@dataclass
class _Tag:
    """Where one element lies in the text: its start tag ``[start, open_end)``
    and end tag ``[close_start, end)`` (the same for an empty element)."""

    qname: str
    start: int
    open_end: int
    close_start: int = -1
    end: int = -1
    attrs: str = ""


def _elements(text: str, names: Sequence[str]) -> Dict[str, List[_Tag]]:
    """Every element of the given local names, by name, in document order."""
    found: Dict[str, List[_Tag]] = {n: [] for n in names}
    stacks: Dict[str, List[_Tag]] = {n: [] for n in names}
    for m in _token_re(names).finditer(text):
        local = m.group(3)
        if local is None:  # a comment, CDATA ...
            continue
        if m.group(1):  # end tag
            if stacks[local]:
                t = stacks[local].pop()
                t.close_start, t.end = m.start(), m.end()
            continue
        attrs = m.group(4)
        t = _Tag(m.group(2), m.start(), m.end(), attrs=attrs)
        found[local].append(t)
        if attrs.endswith("/"):  # empty element
            t.close_start = t.end = m.end()
        else:
            stacks[local].append(t)
    return found


def _escape(s: str) -> str:
    # Characters XML 1.0 forbids (a page's control characters) are dropped.
    s = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", s)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _set_attr(text: str, tag: _Tag, name: str, value: str) -> Tuple[int, int, str]:
    """The edit that gives the start tag ``name="value"``."""
    head = text[tag.start:tag.open_end]
    m = re.search(r"(\s%s\s*=\s*)([\"'])(.*?)\2" % re.escape(name), head, re.S)
    if m:
        return (tag.start + m.start(3), tag.start + m.end(3), value)
    at = tag.start + 1 + len(tag.qname)
    return (at, at, f' {name}="{value}"')


def _attr(tag: _Tag, name: str) -> Optional[str]:
    m = re.search(r"\s%s\s*=\s*([\"'])(.*?)\1" % re.escape(name), tag.attrs, re.S)
    return m.group(2) if m else None


def _indent(text: str, parent: _Tag) -> Tuple[str, int]:
    """The whitespace a child of ``parent`` is put after (that of its first
    child), and where a last child goes (before the whitespace that precedes
    the end tag)."""
    inner = text[parent.open_end:parent.close_start]
    first = re.match(r"\s*", inner).group(0)
    last = re.search(r"\s*$", inner).group(0)
    return first, parent.close_start - len(last)


def _step(text: str, parent: _Tag, child_ws: str) -> str:
    """One level of indentation: what a child's indentation adds to its parent's."""
    line_start = text.rfind("\n", 0, parent.start) + 1
    own = text[line_start:parent.start]
    child = child_ws.rsplit("\n", 1)[-1]
    return child[len(own):] if own.strip() == "" and child.startswith(own) and child != own \
        else "  "


def _prefix(qname: str) -> str:
    return qname[:qname.index(":") + 1] if ":" in qname else ""


def _ours(el) -> bool:
    """A note an earlier ``--annotate`` wrote."""
    return el.get("from") == NOTE_FROM or el.get("category") == NOTE_FROM


def _with_space(text: str, tag: _Tag) -> Tuple[int, int, str]:
    """The edit that removes an element and the whitespace before it."""
    start = tag.start
    while start > 0 and text[start - 1] in " \t\r\n":
        start -= 1
    return (start, tag.end, "")


def _annotate_xliff(raw: bytes, rows: Sequence[dict]) -> Annotated:
    from lxml import etree

    from ..read.formats.xliff import _XLIFF2, _id, _unique
    from ..read.formats.xmlsafe import check_xml

    grouped, unplaced = by_unit(rows)
    check_xml(raw, "XLIFF")
    v2 = bool(_XLIFF2.search(raw[:4096]))
    m = _XML_DECL.match(raw)
    text, enc = _decode(raw, m.group(1).decode("ascii").lower() if m else None)
    if not grouped and not _STALE.search(text):
        return Annotated(raw, 0, 0, unplaced)
    # The units as the reader names them (translate-toolkit, its filter and
    # its ids), each with its element.
    if v2:
        from translate.storage.xliff2 import Xliff2File as cls
    else:
        from translate.storage.xliff import xlifffile as cls
    store = cls.parsestring(raw)
    units = [u for u in store.units if not u.isheader() and u.istranslatable()]
    ids = [uid for uid, _, _ in _unique([(_id(u, v2, i), "", "") for i, u in enumerate(units, 1)])]
    unit_name = "unit" if v2 else "trans-unit"
    names = (unit_name, "segment", "notes", "note") if v2 else (unit_name, "target", "note")
    tags = _elements(text, names)
    # Each element's place among the elements of its local name, in
    # document order: the same count in the scan of the text.
    root = store.document.getroot()
    order: Dict[str, Dict[object, int]] = {n: {} for n in names}
    for el in root.iter():
        if isinstance(el.tag, str):
            local = etree.QName(el).localname
            if local in order:
                order[local][el] = len(order[local])
    for n in names:
        if len(order[n]) != len(tags[n]):
            raise AnnotateError(f"its <{n}> elements could not be located in the text "
                                f"({len(order[n])} parsed, {len(tags[n])} found)")
    for el, k in order[unit_name].items():
        if el.get("id") != _attr(tags[unit_name][k], "id"):
            raise AnnotateError(f"its <{unit_name}> elements could not be located in the text")

    def children(el, name):
        return [c for c in el if isinstance(c.tag, str) and etree.QName(c).localname == name]

    edits: List[Tuple[int, int, str]] = []
    # The notes of an earlier --annotate go: this run's replace them (a
    # 2.x <notes> that held only those goes with them).
    gone = set()
    for el in order["note"]:
        if not _ours(el):
            continue
        parent = el.getparent()
        if v2 and all(_ours(c) for c in children(parent, "note")):
            if parent not in gone:
                gone.add(parent)
                edits.append(_with_space(text, tags["notes"][order["notes"][parent]]))
        else:
            edits.append(_with_space(text, tags["note"][order["note"][el]]))
    inserts: Dict[int, List[str]] = {}  # position -> texts, in order
    unit_notes: Dict[object, List[str]] = {}  # 2.x: the notes of each unit, in order
    notes = 0
    for uid, u in zip(ids, units):
        found = grouped.pop(uid, None)
        if not found:
            continue
        el = u.xmlelement
        unit_el = el.getparent() if v2 else el
        unit_tag = tags[unit_name][order[unit_name][unit_el]]
        pre = _prefix(unit_tag.qname)
        review = _needs_review(found)
        notes += len(found)
        if v2:
            seg = tags["segment"][order["segment"][el]]
            if review and _attr(seg, "state") in ("reviewed", "final"):
                edits.append(_set_attr(text, seg, "state", "translated"))
            unit_notes.setdefault(unit_el, []).extend(
                f'<{pre}note category="{NOTE_FROM}" priority="{PRIORITY.get(r.get("severity"), 5)}">'
                f"{_escape(f'{uid}: ' + note_text(r) if '::' in uid else note_text(r))}"
                f"</{pre}note>" for r in found)
            continue
        target = next(iter(children(el, "target")), None)
        if review and target is not None:
            ttag = tags["target"][order["target"][target]]
            edits.append(_set_attr(text, ttag, "state", "needs-review-translation"))
        if review and (_attr(unit_tag, "approved") or "").lower() == "yes":
            edits.append(_set_attr(text, unit_tag, "approved", "no"))
        unit_notes[unit_el] = []
        ws, at = _indent(text, unit_tag)
        inserts.setdefault(at, []).extend(
            f'{ws}<{pre}note from="{NOTE_FROM}" annotates="target" '
            f'priority="{PRIORITY.get(r.get("severity"), 5)}">{_escape(note_text(r))}</{pre}note>'
            for r in found)
    for unit_el, lines in unit_notes.items():
        if not lines:
            continue
        unit_tag = tags[unit_name][order[unit_name][unit_el]]
        pre = _prefix(unit_tag.qname)
        holder = next((h for h in children(unit_el, "notes") if h not in gone), None)
        ntag = tags["notes"][order["notes"][holder]] if holder is not None else None
        if ntag is not None and ntag.close_start > ntag.open_end:
            ws, at = _indent(text, ntag)
            inserts.setdefault(at, []).extend(ws + line for line in lines)
            continue
        if ntag is not None:  # <notes/>: made a whole element
            edits.append(_with_space(text, ntag))
        ws, _ = _indent(text, unit_tag)
        inner = ws + _step(text, unit_tag, ws) if ws else ""
        body = "".join(inner + line for line in lines)
        inserts.setdefault(unit_tag.open_end, []).append(f"{ws}<{pre}notes>{body}{ws}</{pre}notes>")
    unplaced += sum(map(len, grouped.values()))
    edits.extend((at, at, "".join(parts)) for at, parts in inserts.items())
    out = _apply(text, edits)
    data = out.encode(enc, errors="xmlcharrefreplace")
    return Annotated(data if out != text else raw, len(unit_notes), notes, unplaced)


# -- PO -------------------------------------------------------------------------

@dataclass
class _Entry:
    first: int          # line index of the entry's first line
    last: int           # ... and of its last one
    obsolete: bool
    has_context: bool
    msgid: str


_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*(\".*)?$")
_PO_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
               "f": "\f", "v": "\v"}


def _po_unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: _PO_ESCAPES.get(m.group(1), m.group(1)), s)


def _po_entries(lines: List[str]) -> List[_Entry]:
    entries: List[_Entry] = []
    cur: Optional[_Entry] = None
    seen_msgstr = False
    keyword = ""

    def close():
        nonlocal cur
        if cur is not None:
            entries.append(cur)
        cur = None

    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            close()
            continue
        obsolete = s.startswith("#~")
        body = s[2:].lstrip().lstrip("|").lstrip() if obsolete else s
        m = _KEYWORD.match(body)
        is_comment = s.startswith("#") and not (obsolete and (m or body.startswith('"')))
        starts = is_comment or (m and m.group(1) in ("msgctxt", "msgid"))
        if cur is not None and seen_msgstr and starts:
            close()
        if cur is None:
            cur = _Entry(i, i, True, False, "")
            seen_msgstr = False
            keyword = ""
        cur.last = i
        if is_comment:
            continue
        if not obsolete:
            cur.obsolete = False
        if m:
            keyword = m.group(1)
            if keyword.startswith("msgstr"):
                seen_msgstr = True
            if keyword == "msgctxt":
                cur.has_context = True
            rest = m.group(2) or ""
        else:
            rest = body
        if keyword == "msgid" and not obsolete:
            cur.msgid += "".join(_po_unescape(x) for x in _PO_STRING.findall(rest))
    close()
    return entries


_CHARSET = re.compile(rb"charset=([A-Za-z0-9._-]+)")


def _annotate_po(raw: bytes, rows: Sequence[dict]) -> Annotated:
    grouped, unplaced = by_unit(rows)
    from translate.storage.po import pofile

    m = _CHARSET.search(raw[:4096])
    declared = m.group(1).decode("ascii").lower() if m else None
    text, enc = _decode(raw, None if declared in (None, "charset") else declared)
    if not grouped and not _STALE.search(text):
        return Annotated(raw, 0, 0, unplaced)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    entries = [e for e in _po_entries(lines) if not e.obsolete]
    if entries and entries[0].msgid == "" and not entries[0].has_context:
        entries = entries[1:]
    store = pofile.parsestring(raw)
    sources = [str(u.source or "") for u in store.units
               if not u.isheader() and not u.isobsolete()]
    if [e.msgid for e in entries] != sources:
        raise AnnotateError("its entries could not be located in the text "
                            f"({len(sources)} parsed, {len(entries)} found)")
    line_edits: Dict[int, Tuple[List[str], Optional[str]]] = {}
    marked = notes = 0
    for uid, found in grouped.items():
        base = uid.split("[", 1)[0]
        n = int(base) if base.isdigit() else 0
        if not 1 <= n <= len(entries):
            unplaced += len(found)
            continue
        e = entries[n - 1]
        before, _ = line_edits.setdefault(e.first, ([], None))
        before.extend(f"# {NOTE_FROM}: {note_text(r)}{newline}" for r in found)
        notes += len(found)
        marked += 1
        if not _needs_review(found):
            continue
        flags = next((k for k in range(e.first, e.last + 1) if lines[k].startswith("#,")), None)
        if flags is not None:
            names = [f.strip() for f in lines[flags][2:].split(",")]
            if "fuzzy" not in names:
                end = lines[flags][len(lines[flags].rstrip("\r\n")):]
                rest = lines[flags][2:].rstrip("\r\n").strip()
                line_edits[flags] = (line_edits.get(flags, ([], None))[0],
                                     f"#, fuzzy, {rest}{end}")
        else:
            # After the translator, extracted and reference comments, before
            # the previous-msgid ones and the entry itself.
            k = next(k for k in range(e.first, e.last + 1)
                     if not lines[k].startswith(("# ", "#.", "#:")) and lines[k].rstrip() != "#")
            extra, repl = line_edits.setdefault(k, ([], None))
            if k == e.first:
                extra.append(f"#, fuzzy{newline}")
            else:
                line_edits[k] = (extra + [f"#, fuzzy{newline}"], repl)
    out = []
    stale = f"# {NOTE_FROM}: "
    for k, line in enumerate(lines):
        if line.startswith(stale):  # an earlier --annotate's: this run's replace it
            line = ""
        if k in line_edits:
            extra, repl = line_edits[k]
            out.extend(extra)
            out.append(line if repl is None else repl)
        else:
            out.append(line)
    new = "".join(out)
    return Annotated(new.encode(enc, errors="replace") if new != text else raw, marked, notes,
                     unplaced)


def annotate(raw: bytes, fmt: str, rows: Sequence[dict]) -> Annotated:
    """``raw`` (a file of format ``fmt``: ``xliff`` or ``po``) with ``rows``,
    the report rows of that file, written into their units."""
    if fmt == "xliff":
        return _annotate_xliff(raw, rows)
    if fmt == "po":
        return _annotate_po(raw, rows)
    raise AnnotateError(f"align annotates XLIFF and PO files, not {fmt.upper()}")


def _check_folder(folder: str, option: str) -> None:
    """``OutputError`` unless ``folder`` is, or can be made, a writable
    folder: looked at before the run, made only when a copy is written."""
    import os

    from ..core.outfile import OutputError

    path = os.path.abspath(folder)
    if os.path.exists(path) and not os.path.isdir(path):
        raise OutputError(f"cannot write into {folder}: it is a file, not a folder; "
                          f"choose another {option}")
    up = path
    while not os.path.exists(up):
        up = os.path.dirname(up)
    if not os.path.isdir(up) or not os.access(up, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write into {folder}: {up} is not a writable folder; "
                          f"choose another {option}")


class Annotations:
    """What ``align qa --annotate DIR`` does: keeps the rows of the run's
    XLIFF and PO files and, at the end, writes each file's annotated copy to
    ``DIR`` under its report name (``doc``), through ``core.outfile`` like
    every output. A file that cannot be annotated is named on stderr and
    the others are written."""

    def __init__(self, folder: str, sources: Sequence, option: str = "--annotate"):
        import os

        from ..core.outfile import OutputError
        from ..read.formats import format_of

        self.folder, self.option = folder, option
        _check_folder(folder, option)
        self.sources = {s.doc: s for s in sources if format_of(s.doc) in FORMATS}
        for doc, src in self.sources.items():
            out = os.path.join(folder, doc)
            if os.path.exists(out) and os.path.samefile(out, src):
                raise OutputError(f"cannot write {out}: it is the file checked, and "
                                  f"{option} writes copies; choose another {option} folder")
        self.rows: Dict[str, List[dict]] = {}
        self.unread: set = set()
        self.written = self.units = self.findings = 0
        self.problems: List[str] = []

    def add(self, res) -> None:
        """The rows of one ``DocumentResult`` (kept for the files annotated)."""
        if res.doc not in self.sources:
            return
        if res.error:
            self.unread.add(res.doc)
        else:
            self.rows.setdefault(res.doc, []).extend(res.rows)

    def add_rows(self, rows: Sequence[dict]) -> None:
        for r in rows:
            if r.get("doc") in self.rows:
                self.rows[r["doc"]].append(r)

    def finish(self) -> None:
        """Write the copies (``OutputError`` for a copy that cannot be written)."""
        import os

        from ..core.outfile import make_folder, write_bytes
        from ..read.formats import format_of

        for doc, src in self.sources.items():
            if doc in self.unread:
                self.problems.append(f"{doc}: not annotated: it could not be read")
                continue
            if doc not in self.rows:
                continue
            try:
                with open(src, "rb") as fh:
                    raw = fh.read()
                done = annotate(raw, format_of(doc), self.rows[doc])
            except (AnnotateError, OSError) as e:
                self.problems.append(f"{doc}: not annotated: {e}")
                continue
            except Exception as e:  # noqa: BLE001 - translate-toolkit, lxml: this file's
                self.problems.append(f"{doc}: not annotated ({type(e).__name__}: {e})")
                continue
            out = os.path.join(self.folder, doc)
            make_folder(os.path.dirname(out) or ".", self.option)
            write_bytes(out, done.data, self.option)
            self.written += 1
            self.units += done.units
            self.findings += done.findings

    def summary(self) -> str:
        if not self.sources:
            return f"annotated: no XLIFF or PO file in the run, nothing written to {self.folder}"
        return (f"annotated: {self.written} file{'s' * (self.written != 1)} in {self.folder} "
                f"({self.findings} findings in {self.units} units)")
