"""``align review export``: the decisions and corrections of a database as
CSV or XLSX, one row per reviewed finding, in report order."""
from __future__ import annotations

import csv
import io
from typing import List

COLUMNS = ["doc", "start", "end", "category", "severity", "rule", "text", "suggestion",
           "decision", "correction", "context", "fingerprint", "updated"]


def decision_rows(db: str) -> List[dict]:
    from .store import Store

    with Store(db, create=False) as st:
        return [{k: ("" if r.get(k) is None else r.get(k)) for k in COLUMNS} for r in st.rows()]


def export(db: str, out: str) -> int:
    """Write ``out`` (``.csv`` or ``.xlsx``, by its name); returns the row
    count. CSV cells are escaped as the report's are (``core.outfile.escape_cell``)."""
    from ..core.outfile import escape_cell, open_output

    rows = decision_rows(db)
    with open_output(out, "-o") as fh:
        if out.lower().endswith(".xlsx"):
            _xlsx(rows, fh)
        else:
            buf = io.StringIO(newline="")
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(COLUMNS)
            w.writerows([escape_cell(v) if isinstance(v, str) else v for v in
                         (r[k] for k in COLUMNS)] for r in rows)
            fh.write(buf.getvalue().encode("utf-8"))
    return len(rows)


def _xlsx(rows: List[dict], path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "decisions"
    ws.append(COLUMNS)
    for c in ws[1]:
        c.font = Font(bold=True)
    for i, r in enumerate(rows, start=2):
        for j, k in enumerate(COLUMNS, start=1):
            v = r[k]
            cell = ws.cell(row=i, column=j)
            if isinstance(v, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", v)
                # Text from documents is data: a leading "=" must never
                # become a spreadsheet formula.
                cell.data_type = "s"
            else:
                cell.value = v
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for col, width in zip("ABCDEFGHIJKLM", (28, 7, 7, 14, 9, 22, 30, 24, 10, 24, 50, 26, 20)):
        ws.column_dimensions[col].width = width
    from ..report.xlsx import save_workbook

    save_workbook(wb, path)
