"""The report: rows to CSV, JSON Lines or a pandas DataFrame.

Rows arrive document by document in ``doc`` order and sorted by offset inside
each document, so the writers stream them: memory does not grow with the
corpus. Where the report goes is ``align.core.outfile``'s business: a file is
written under a temporary name and moved into place when complete, so an
interrupted run never leaves half a report behind; a device or pipe is
written through.

A CSV cell that would begin with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return begins with an apostrophe (``core.outfile.escape_cell``): a spreadsheet
would read it as a formula, and page text such as ``=HYPERLINK(...)`` would
run when a reviewer opens the report (OWASP, "CSV Injection"). The value is
the cell without it (``unescape_cell``, which align's own readers apply), so
``text[start:end] == text`` holds for it; JSON Lines, XLSX and the DataFrame
carry every value as it is.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from operator import itemgetter
from typing import Iterable, List, Optional, Sequence

from ..core.findings import COLUMNS, EXTRA_COLUMNS
from ..core.outfile import escape_cell, unescape_cell  # noqa: F401 - the report's readers'

FIELDS = COLUMNS + EXTRA_COLUMNS
FORMATS = ("csv", "jsonl", "xlsx")
# Columns a run adds when its rows carry them (``unit``: bilingual files;
# ``counterpart_*``: the translation of a span, on its page or in the paired
# document named by ``pair``; see ``align.run.pairing``; ``source_*``: the source
# side of a unit's bilingual finding, see ``align.detectors.units``).
OPTIONAL_COLUMNS = ["unit", "source_text", "source_span", "counterpart_start", "counterpart_end",
                    "pair"]


# The first characters of values that may need ``escape_cell``, and the
# same after the NUL that joins a column's values.
_STARTS = frozenset("=+-@\t\r'")
_STARTS_AFTER_NUL = re.compile("\x00[=+\\-@\t\r']")


def _csv_column(col: tuple) -> Sequence[str]:
    """The CSV text of each value of one column (``None`` is empty; text a
    spreadsheet would take for a formula escaped, numbers never)."""
    kinds = set(map(type, col))
    if kinds == {str}:
        joined = "\x00".join(col)
        # One C search of the column; values looked at one by one only in a
        # column where one may start a formula (the apostrophe needs no quotes).
        if col[0][:1] in _STARTS or _STARTS_AFTER_NUL.search(joined):
            col = list(map(escape_cell, col))
    elif kinds <= {int, float}:
        return list(map(str, col))  # digits, signs, dots, nan/inf: never quoted
    else:
        col = ["" if v is None else escape_cell(v) if type(v) is str else str(v) for v in col]
        joined = "\x00".join(col)
    if "," in joined or '"' in joined or "\n" in joined or "\r" in joined:
        return ['"' + v.replace('"', '""') + '"'
                if "," in v or '"' in v or "\n" in v or "\r" in v else v
                for v in col]
    return col


class Encoder:
    """Rows to the report's text (CSV or JSON Lines) for a fixed list of
    columns. Picklable and stateless, so a worker process can render its
    documents' rows and hand the parent one string instead of many dicts: at
    corpus scale, moving and formatting rows costs as much as finding them."""

    def __init__(self, fields: Sequence[str], fmt: str = "csv"):
        if fmt not in ("csv", "jsonl"):
            raise ValueError(f"no text encoder for {fmt!r}")
        self.fields, self.fmt = list(fields), fmt

    def header(self) -> str:
        if self.fmt != "csv":
            return ""
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(self.fields)
        return buf.getvalue()

    def values(self, rows: Sequence[dict]) -> list:
        """Each row's values in column order."""
        try:
            # Every contract column is in every row: one C call per row.
            return list(map(itemgetter(*self.fields), rows))
        except KeyError:
            # Optional columns (unit, counterpart ...) that some rows lack.
            return [[r.get(k, "") for k in self.fields] for r in rows]

    def encode_values(self, values: Iterable[Sequence]) -> str:
        if self.fmt == "jsonl":
            return "".join(json.dumps(dict(zip(self.fields, v)), ensure_ascii=False) + "\n"
                           for v in values)
        values = values if isinstance(values, list) else list(values)
        if not values:
            return ""
        # Column by column: a column is scanned for the characters that need
        # quotes by C string searches, and only the values of a column that
        # has some are looked at one by one. The csv module looks up every
        # character of every field twice, which made it the biggest single
        # cost of a rule-based run (the report is ten times the pages' size).
        # Same text as csv.writer's minimal quoting, except that a field with
        # a carriage return is quoted too, so the report reads back intact.
        cols = [_csv_column(c) for c in zip(*values)]
        return "\n".join(map(",".join, zip(*cols))) + "\n"

    def decode(self, text: str) -> List[list]:
        """The values of encoded rows, as ``encode_values`` takes them: a
        round trip gives the same text (CSV values come back as strings)."""
        if self.fmt == "jsonl":
            # Not splitlines: JSON leaves U+2028 and friends unescaped.
            return [list(json.loads(line).values()) for line in text.split("\n") if line]
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if "'" in text:
            rows = [list(map(unescape_cell, row)) for row in rows]
        return rows

    def __call__(self, rows: Sequence[dict]) -> str:
        return self.encode_values(self.values(rows)) if rows else ""


class ReportWriter:
    """Write rows to ``path`` (``-`` for standard output; a device or pipe
    is written through, a file replaced once complete: ``align.core.outfile``,
    whose ``Output`` ``path`` may also be) as CSV, JSONL or XLSX.
    ``summary`` adds a document to the XLSX summary sheet; a ``signature``
    set before closing goes into a ``PATH.signature.json`` sidecar beside a
    report file (and the XLSX signature sheet), never into the report itself."""

    def __init__(self, path, fmt: str = "csv", extra: Iterable[str] = (),
                 tail: Iterable[str] = (), option: str = "-o"):
        from ..core.outfile import Output

        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        # ``OutputError`` (a folder, a missing folder ...) before any work.
        self._out = path if isinstance(path, Output) else Output(path, option)
        self.path, self.fmt = self._out.path, fmt
        # Columns after the contract's, e.g. the review columns of --decisions.
        self.fields = FIELDS + [c for c in extra if c not in FIELDS]
        # Columns that stay last whatever is added (a review's decisions).
        self._tail = [c for c in tail if c not in self.fields]
        self.fields += self._tail
        self._xlsx = None
        self._started = False
        self._documents: List[dict] = []
        self._spills: dict = {}
        # A range of a spill file not copied yet: (path, offset, length).
        self._pending: Optional[tuple] = None
        self.signature: Optional[dict] = None
        if fmt == "xlsx" and self.path == "-":
            raise ValueError("an XLSX report needs a file name, not standard output")
        #: The report's folder (``None`` for a stream: standard output, a
        #: device, a pipe): where files of the run may go beside it.
        self.folder: Optional[str] = self._out.folder
        # CSV and JSONL are written as UTF-8 bytes: rows rendered by the
        # workers arrive encoded, and the parent only copies them.
        self._fh = self._out.open()
        self._closed = False
        self.rows = 0

    def add_columns(self, columns: Iterable[str]) -> None:
        """Add columns after the others; only before the first row is
        written (the header is written with the first row, or on close)."""
        if self._started:
            raise RuntimeError("columns can only be added before the first row")
        at = len(self.fields) - len(self._tail)
        self.fields[at:at] = [c for c in dict.fromkeys(columns) if c not in self.fields]

    def _start(self) -> None:
        self._started = True
        if self.fmt == "xlsx":
            from .xlsx import XlsxReport

            self._xlsx = XlsxReport(self.fields)
            self._xlsx.documents = self._documents
        else:
            self._encoder = Encoder(self.fields, self.fmt)
            self._fh.write(self._encoder.header().encode("utf-8"))

    def encoder(self) -> Optional[Encoder]:
        """The encoder of this report's rows (``None`` for XLSX). Fixes the
        columns: call it after the last ``add_columns``."""
        if self.fmt == "xlsx":
            return None
        if not self._started:
            self._start()
        return self._encoder

    def write(self, rows: Iterable[dict]) -> None:
        if not self._started:
            self._start()
        self._copy_pending()
        if self._xlsx is not None:
            for row in rows:
                self._xlsx.add(row)
                self.rows += 1
            return
        rows = rows if isinstance(rows, list) else list(rows)
        self._fh.write(self._encoder(rows).encode("utf-8"))
        self.rows += len(rows)

    def write_encoded(self, data: bytes, count: int) -> None:
        """Write ``count`` rows rendered by ``encoder()`` and encoded as UTF-8."""
        if not self._started:
            self._start()
        self._copy_pending()
        self._fh.write(data)
        self.rows += count

    def write_packed(self, packed) -> None:
        """Write a document's rows packed by ``pipeline.Pack``: inline bytes,
        or a range of a worker's spill file, copied file to file by the
        kernel where it can (``os.copy_file_range``). A worker writes the
        documents of a batch one after another, so a range that continues
        the last one joins it: one copy per run of ranges, not per document."""
        if packed.spill is None:
            self.write_encoded(packed.data, packed.count)
            return
        if not self._started:
            self._start()
        path, offset, length = packed.spill
        if path not in self._spills:
            # Open now: the range may be copied after its folder is removed.
            self._spills[path] = open(path, "rb")
        last = self._pending
        if last is not None and last[0] == path and last[1] + last[2] == offset:
            self._pending = (path, last[1], last[2] + length)
        else:
            self._copy_pending()
            self._pending = packed.spill
        self.rows += packed.count

    def _copy_pending(self) -> None:
        if self._pending is None:
            return
        path, offset, length = self._pending
        self._pending = None
        src = self._spills[path]
        self._fh.flush()
        try:
            out = self._fh.fileno()
            while length:
                n = os.copy_file_range(src.fileno(), out, length, offset)
                if n <= 0:
                    break
                offset, length = offset + n, length - n
        except (OSError, AttributeError, io.UnsupportedOperation):
            pass  # a pipe, another file system, an old kernel: copy by hand
        if length:
            data = os.pread(src.fileno(), length, offset)
            if len(data) != length:
                # Never a report with rows silently missing.
                raise RuntimeError(f"internal error: {length - len(data)} bytes of rows are "
                                   f"missing from {path} (written but not flushed?)")
            self._fh.write(data)

    def close(self, ok: bool = True) -> None:
        """Put the report in place (``ok``), or remove what was written."""
        if self._closed:
            return
        self._closed = True
        sidecar = None
        try:
            if ok:
                self._copy_pending()
            for f in self._spills.values():
                f.close()
            self._spills = {}
            if not ok:
                self._out.discard()
                return
            if not self._started:
                self._start()
            if self.fmt == "xlsx":
                self._xlsx.signature = self.signature
                self._xlsx.save(self._fh)
            if self.signature is not None and self._out.replaces:
                # Beside a file only: never /dev/null.signature.json.
                sidecar = _signature_output(self.path, self.signature, self._out.option)
            self._out.commit()
            if sidecar is not None:
                sidecar.commit()
        except BaseException:
            self._out.discard()
            if sidecar is not None:
                sidecar.discard()
            raise

    def summary(self, document: dict) -> None:
        if self.fmt == "xlsx":
            self._documents.append(document)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close(ok=exc_type is None)
        return False


def _signature_output(report: str, signature: dict, option: str = "-o"):
    from ..core.outfile import Output

    out = Output(f"{report}.signature.json", option)
    out.open().write((json.dumps(signature, ensure_ascii=False, indent=1, sort_keys=True)
                      + "\n").encode("utf-8"))
    return out


def write_signature(report: str, signature: dict) -> Optional[str]:
    """Write ``REPORT.signature.json`` next to a report file; return its path
    (``None``, and nothing written, when the report is a stream or device)."""
    from ..core.outfile import Output

    if not Output(report).replaces:
        return None
    out = _signature_output(report, signature)
    out.commit()
    return out.path


def frame(rows: List[dict]):
    """The findings as a DataFrame with the contract's columns in order
    (and ``unit`` when rows from bilingual files carry it)."""
    import pandas as pd

    extra = [c for c in OPTIONAL_COLUMNS if any(c in r for r in rows)]
    df = pd.DataFrame(rows, columns=FIELDS + extra)
    types = {"start": "int64", "end": "int64", "segment": "int64", "confidence": "float64"}
    # Offsets of a counterpart: integers, missing where a row has none.
    types.update({c: "Int64" for c in ("counterpart_start", "counterpart_end") if c in extra})
    return df.astype(types)
