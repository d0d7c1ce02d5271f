"""The report as a spreadsheet, for reviewers who live in Excel or LibreOffice.

Three sheets: ``findings`` (the report's columns, an autofilter on every
column, the header frozen, and the flagged span shown in bold red inside its
context through rich text, so a reviewer sees the problem without counting
offsets), ``documents`` (the per-document summary) and ``signature`` (what
produced the report). openpyxl's write-only mode streams the findings to
disk, so memory stays flat on a large run; the summary rows, one per
document, are kept until the end.

The same report is the same bytes (``save_workbook``): openpyxl would stamp
the workbook and every member of its zip with the time of saving.

Every string is a string cell: openpyxl makes one that starts with ``=`` a
formula (and ``#N/A`` and the like an error value), so page text such as
``=HYPERLINK(...)`` would run in the reviewer's spreadsheet (``_text_cells``).
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from ..core.findings import CONTEXT_CHARS

_SPAN_COLOR = "FFC00000"
_HEADER_FILL = "FFDDEBF7"
# Column widths in characters; others get the default.
_WIDTHS = {"doc": 28, "category": 16, "text": 30, "suggestion": 24, "rule": 24,
           "context": 70, "note": 40, "unit": 14}
# Excel refuses cells over 32,767 characters and all C0 controls but tab/newline.
_MAX_CELL = 32767


def _clean(value):
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:_MAX_CELL]
    return value


def _text_cells(ws, cells: list) -> list:
    """``cells`` (values or cells of the write-only sheet ``ws``) with each
    string openpyxl would take for a formula or an error value as a string
    cell. Others stay as they are, so the sheet's bytes do not change."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES

    for i, v in enumerate(cells):
        if isinstance(v, str):
            if not (v.startswith("=") or v in ERROR_CODES):
                continue
            v = cells[i] = WriteOnlyCell(ws, value=v)
        if getattr(v, "data_type", None) in ("f", "e"):
            v.data_type = "s"
    return cells


def _stamp():
    """The time a saved workbook carries: ``SOURCE_DATE_EPOCH`` (the
    reproducible-builds convention) if set, else the zip format's first
    date, 1980-01-01 00:00 (the earliest a zip member can carry)."""
    import datetime
    import os

    try:
        when = datetime.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]),
                                               datetime.timezone.utc)
    except (KeyError, ValueError, OverflowError, OSError):
        return datetime.datetime(1980, 1, 1)
    return max(when.replace(tzinfo=None), datetime.datetime(1980, 1, 1))


def save_workbook(wb, path) -> None:
    """``wb.save(path)``, the same bytes for the same workbook: its created
    and modified properties and its zip members' times are ``_stamp()``.
    ``path`` may be a binary file open for writing (``align.core.outfile``)."""
    import os
    import shutil
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    stamp = _stamp()
    date_time = stamp.timetuple()[:6]

    class Archive(zipfile.ZipFile):
        # openpyxl adds members by name (stamped now) and streams a
        # write-only sheet from a temporary file (stamped with its mtime).
        def _info(self, name):
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            return info

        def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
            if isinstance(zinfo_or_arcname, str):
                zinfo_or_arcname = self._info(zinfo_or_arcname)
            super().writestr(zinfo_or_arcname, data, *args, **kwargs)

        def write(self, filename, arcname=None, *args, **kwargs):
            info = self._info(arcname or os.path.basename(filename))
            with open(filename, "rb") as src, self.open(info, "w") as dest:
                shutil.copyfileobj(src, dest, 1 << 20)

    if wb.write_only and not wb.worksheets:
        wb.create_sheet()  # as Workbook.save does
    wb.properties.created = wb.properties.modified = stamp
    seekable = getattr(path, "seekable", None)
    if seekable is not None and not seekable():
        # A pipe: zipfile would write another layout (sizes after each
        # member). Built aside and copied, it is the same bytes as a file.
        import tempfile

        with tempfile.TemporaryFile() as aside:
            save_workbook(wb, aside)
            aside.seek(0)
            shutil.copyfileobj(aside, path, 1 << 20)
        return
    archive = Archive(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(wb, archive).save()  # closes the archive
    except BaseException:
        # A full disk, say: the caller removes the file. Neither the archive
        # nor a write-only sheet's streams may try to finish it when they
        # are collected (tracebacks on stderr after the run's message).
        archive.fp = None
        for ws in wb.worksheets:
            for gen in (getattr(ws, "_rows", None),
                        getattr(getattr(ws, "_writer", None), "xf", None)):
                if gen is not None:
                    try:
                        gen.close()
                    except Exception:  # noqa: BLE001 - what it would have printed
                        pass
        raise


def highlighted_context(row: dict):
    """The context cell as rich text with the span in bold red, or plain
    text when the span cannot be found in it (a span longer than the
    context window is cut)."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    context, text = _clean(row.get("context") or ""), _clean(row.get("text") or "")
    flat = " ".join(text[:4 * CONTEXT_CHARS].split())
    # findings.context_of writes "left[span]right" with whitespace squeezed.
    at = context.find(f"[{flat}]")
    if not flat or at < 0:
        return context
    font = InlineFont(b=True, color=_SPAN_COLOR)
    parts = [context[:at + 1], TextBlock(font, flat), context[at + 1 + len(flat):]]
    return CellRichText([p for p in parts if not isinstance(p, str) or p])


class XlsxReport:
    """Collects a report and saves it as an XLSX workbook."""

    def __init__(self, fields: Sequence[str]):
        from openpyxl import Workbook

        self.fields = list(fields)
        self._wb = Workbook(write_only=True)
        self._ws = self._wb.create_sheet("findings")
        self._set_widths(self._ws, self.fields)
        self._ws.freeze_panes = "A2"
        self._ws.append(self._header(self._ws, self.fields))
        self.rows = 0
        self.documents: List[dict] = []
        self.signature: Optional[Dict] = None

    @staticmethod
    def _header(ws, names):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font, PatternFill

        out = []
        for name in names:
            c = WriteOnlyCell(ws, value=name)
            c.font = Font(bold=True)
            c.fill = PatternFill("solid", fgColor=_HEADER_FILL)
            out.append(c)
        return out

    @staticmethod
    def _set_widths(ws, names):
        from openpyxl.utils import get_column_letter

        for i, name in enumerate(names, 1):
            if name in _WIDTHS:
                ws.column_dimensions[get_column_letter(i)].width = _WIDTHS[name]

    def add(self, row: dict) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        cells = []
        for name in self.fields:
            if name == "context":
                cells.append(WriteOnlyCell(self._ws, value=highlighted_context(row)))
            elif name == "text":
                c = WriteOnlyCell(self._ws, value=_clean(row.get("text", "")))
                c.font = Font(bold=True, color=_SPAN_COLOR)
                cells.append(c)
            else:
                cells.append(_clean(row.get(name, "")))
        self._ws.append(_text_cells(self._ws, cells))
        self.rows += 1

    def save(self, path) -> None:
        """Save to ``path``, a file name or a binary file open for writing."""
        from openpyxl.utils import get_column_letter

        last = get_column_letter(len(self.fields))
        self._ws.auto_filter.ref = f"A1:{last}{self.rows + 1}"
        if self.documents:
            ws = self._wb.create_sheet("documents")
            names = list(dict.fromkeys(k for d in self.documents for k in d))
            self._set_widths(ws, names)
            ws.freeze_panes = "A2"
            ws.append(self._header(ws, names))
            for d in self.documents:
                ws.append(_text_cells(ws, [_clean(d.get(k, "")) for k in names]))
            ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{len(self.documents) + 1}"
        if self.signature:
            import json

            ws = self._wb.create_sheet("signature")
            ws.column_dimensions["A"].width = 16
            ws.column_dimensions["B"].width = 100
            for key, value in self.signature.items():
                if not isinstance(value, str):
                    value = json.dumps(value, ensure_ascii=False, sort_keys=True)
                ws.append(_text_cells(ws, [key, _clean(value)]))
        save_workbook(self._wb, path)
