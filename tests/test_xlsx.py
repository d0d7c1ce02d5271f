"""XLSX reports: findings with filters and highlighted spans, the document
summary, the signature; and the progress bar's rules."""
import csv
import io

import pytest
from openpyxl import load_workbook

from align.cli import main
from align.report.xlsx import highlighted_context

PAGES = {
    "a.txt": "At the meeting, 各部门 heads spoke.\nThe plan [draft] is ready, 计划 done.\n",
    "b.txt": "Nothing wrong here at all.\n",
}


@pytest.fixture
def report(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, "utf-8")
    xlsx, csv_out = tmp_path / "r.xlsx", tmp_path / "r.csv"
    for out in (xlsx, csv_out):
        assert main(["qa", "-q", "-j", "1", str(folder), "-o", str(out),
                     "--checks", "untranslated"]) == 0
    with open(csv_out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return load_workbook(xlsx, rich_text=True), rows


@pytest.mark.parametrize("epoch,stamp", [
    (None, (1980, 1, 1, 0, 0, 0)),
    ("1700000000", (2023, 11, 14, 22, 13, 20)),
    ("not a number", (1980, 1, 1, 0, 0, 0)),
])
def test_the_same_report_is_the_same_bytes(tmp_path, monkeypatch, epoch, stamp):
    """openpyxl stamps a workbook and its zip members with the time of
    saving; a report carries SOURCE_DATE_EPOCH or the zip format's first date."""
    import zipfile

    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, "utf-8")
    outs = [tmp_path / "one.xlsx", tmp_path / "two.xlsx"]
    for out in outs:
        assert main(["qa", "-q", "-j", "1", str(folder), "-o", str(out)]) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
    with zipfile.ZipFile(outs[0]) as z:
        assert z.testzip() is None
        assert {i.date_time for i in z.infolist()} == {stamp}
    wb = load_workbook(outs[0])
    assert wb.properties.created.timetuple()[:6] == stamp
    assert wb.properties.modified.timetuple()[:6] == stamp
    assert wb["findings"].max_row > 1


def test_findings_sheet_matches_the_csv(report):
    wb, rows = report
    ws = wb["findings"]
    values = list(ws.iter_rows(values_only=True))
    header = list(values[0])
    assert header == list(rows[0].keys())
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}{len(rows) + 1}"
    for got, want in zip(values[1:], rows):
        got = dict(zip(header, got))
        assert str(got["text"]) == want["text"]
        assert (got["doc"], int(got["start"]), int(got["end"])) == (
            want["doc"], int(want["start"]), int(want["end"]))
        assert str(got["context"]) == want["context"]  # rich text reads as the same string


def test_flagged_span_is_bold_red_in_its_context(report):
    wb, rows = report
    ws = wb["findings"]
    col = [c.value for c in ws[1]].index("context") + 1
    for i, want in enumerate(rows, start=2):
        rich = ws.cell(i, col).value
        blocks = [b for b in rich if not isinstance(b, str)]
        assert [b.text for b in blocks] == [want["text"]]
        assert blocks[0].font.b and blocks[0].font.color.rgb == "FFC00000"


def test_documents_and_signature_sheets(report):
    wb, _ = report
    docs = list(wb["documents"].iter_rows(values_only=True))
    assert docs[0][0] == "doc" and [d[0] for d in docs[1:]] == ["a.txt", "b.txt"]
    sig = dict(wb["signature"].iter_rows(values_only=True))
    assert sig["string"].startswith("align:") and "checks:untranslated" in sig["string"]


@pytest.mark.parametrize("context,text,blocks", [
    ("left [span] right", "span", ["span"]),
    ("[a b] c", "a\n  b", ["a b"]),               # whitespace squeezed as in the context
    ("x [y] z", "", []),                          # empty span: plain text
    ("cut [" + "a" * 160 + "] z", "a" * 300, ["a" * 160]),
    ("no brackets", "span", []),
])
def test_highlighted_context(context, text, blocks):
    rich = highlighted_context({"context": context, "text": text})
    got = [] if isinstance(rich, str) else [b.text for b in rich if not isinstance(b, str)]
    assert got == blocks
    assert str(rich) == context


def test_xlsx_to_stdout_is_a_usage_error(tmp_path, capsys):
    page = tmp_path / "p.txt"
    page.write_text("Hello 世界\n", "utf-8")
    assert main(["qa", str(page), "-o", "-", "--format", "xlsx"]) == 2


class FakeTTY(io.StringIO):
    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


@pytest.mark.parametrize("tty,enabled,drawn", [
    (True, True, True), (False, True, False), (True, False, False)])
def test_progress_only_on_a_terminal_and_not_quiet(tty, enabled, drawn, monkeypatch):
    from align.run import progress as prog

    monkeypatch.setattr(prog, "DELAY_SECONDS", 0)
    stream = FakeTTY(tty)
    assert list(prog.progress(range(3), 3, enabled=enabled, stream=stream)) == [0, 1, 2]
    assert ("/3 [" in stream.getvalue() and "doc/s" in stream.getvalue()) == drawn


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x","y")', "=1+1", "#N/A", "#DIV/0!"])
def test_no_cell_is_a_formula_or_an_error_value(value, tmp_path):
    """openpyxl makes a string that starts with = a formula (and #N/A an
    error value): page text, file names and units are data, in every sheet."""
    from align.report.xlsx import XlsxReport
    from align.report.writer import FIELDS

    rep = XlsxReport(FIELDS + ["unit"])
    rep.documents = [{"doc": value, "chars": 12}]
    rep.signature = {"string": value}
    # A context without the span in brackets stays plain text, not rich text.
    rep.add(dict.fromkeys(FIELDS + ["unit"], value)
            | {"start": 0, "end": 1, "confidence": 0.5, "segment": 0})
    rep.save(str(tmp_path / "r.xlsx"))
    wb = load_workbook(tmp_path / "r.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type in ("f", "e")] == []
    findings = [c.value for c in wb["findings"][2]]
    assert findings.count(value) == len(FIELDS + ["unit"]) - 4
    assert wb["documents"]["A2"].value == value and wb["signature"]["B1"].value == value


def test_a_file_named_like_a_formula_is_text(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "=1+1.txt").write_text("会上, the plan was set.\n", "utf-8")
    assert main(["qa", "-q", "-j", "1", "--checks", "untranslated", str(folder),
                 "-o", str(tmp_path / "r.xlsx")]) == 0
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb["findings"]["A2"].value == "=1+1.txt"
    assert wb["findings"]["A2"].data_type == "s"
    assert wb["documents"]["A2"].data_type == "s"
