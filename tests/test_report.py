"""The report contract: columns, offsets, order, determinism, formats."""
import csv
import json

import pytest

import align
from align.cli import main
from align.core.findings import COLUMNS


def run_qa(args, capsys):
    code = main(["qa", "-q", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_contract_on_the_seeds(seeds, tmp_path, capsys):
    out = tmp_path / "report.csv"
    assert run_qa([seeds, "-o", out], capsys)[0] == 0
    header = out.read_text("utf-8").splitlines()[0].split(",")
    assert header[:len(COLUMNS)] == COLUMNS
    rows = read_csv(out)
    assert rows
    texts = {p.name: p.read_text("utf-8") for p in seeds.iterdir()}
    for r in rows:
        assert texts[r["doc"]][int(r["start"]):int(r["end"])] == r["text"]
        assert 0 <= float(r["confidence"]) <= 1
        assert r["severity"] in {"critical", "major", "minor", "info"}
    keys = [(r["doc"], int(r["start"])) for r in rows]
    assert keys == sorted(keys)
    assert len({(r["doc"], r["start"], r["end"], r["rule"]) for r in rows}) == len(rows)


def test_reruns_are_byte_identical(seeds, tmp_path, capsys):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    run_qa([seeds, "-o", a], capsys)
    run_qa([seeds, "-o", b], capsys)
    assert a.read_bytes() == b.read_bytes()


def test_untranslated_on_the_seeds_matches_the_gold_spans(seeds):
    df = align.qa(seeds)
    un = df[df.category == "untranslated"]
    # the two Chinese pages are one document-level finding each
    docs = un[un.rule == "document_language"].doc.tolist()
    assert docs == ["002_10c8a51d7b4b4378.txt", "004_b50c4a77d53f1938.txt"]
    summary = df.attrs["documents"].set_index("doc")
    assert summary.language.tolist() == ["en", "en", "zh", "en", "zh"]
    assert (summary.untranslated > 0).all()


def test_jsonl_has_the_same_rows(seeds, tmp_path, capsys):
    run_qa([seeds, "-o", tmp_path / "r.csv"], capsys)
    run_qa([seeds, "-o", tmp_path / "r.jsonl"], capsys)
    rows = read_csv(tmp_path / "r.csv")
    lines = [json.loads(l) for l in (tmp_path / "r.jsonl").read_text("utf-8").splitlines()]
    assert len(lines) == len(rows)
    assert list(lines[0])[:len(COLUMNS)] == COLUMNS
    assert [(l["doc"], l["start"], l["text"]) for l in lines] == \
        [(r["doc"], int(r["start"]), r["text"]) for r in rows]


def test_dataframe_api(seeds):
    df = align.qa(seeds / "001_4b1e98a7e9d89e62.txt")
    assert list(df.columns)[:len(COLUMNS)] == COLUMNS
    assert df.start.dtype.kind == "i" and df.confidence.dtype.kind == "f"
    assert df.attrs["documents"].iloc[0]["language"] == "en"


def test_bad_file_costs_only_itself(seeds, tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a_good.txt").write_text("会上,Heads spoke.", "utf-8")
    (folder / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "c_empty.txt").write_bytes(b"")
    (folder / "d_good.html").write_text("<p>第二 page</p>", "utf-8")
    out = tmp_path / "r.csv"
    code, captured = run_qa([folder, "-o", out], capsys)
    assert code == 0
    rows = read_csv(out)
    assert [(r["doc"], r["category"]) for r in rows] == [
        ("a_good.txt", "untranslated"), ("b_binary.txt", "input_error"),
        ("c_empty.txt", "input_error"), ("d_good.html", "untranslated")]
    assert "b_binary.txt" in captured.err and "binary" in captured.err
    assert all(r["note"] for r in rows if r["category"] == "input_error")


def test_empty_folder_gives_header_only(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    out = tmp_path / "r.csv"
    assert run_qa([tmp_path / "in", "-o", out], capsys)[0] == 0
    # Default checks pair documents: the stage's columns are named even with no row.
    assert out.read_text("utf-8").splitlines() == [
        ",".join(COLUMNS + ["note", "counterpart_start", "counterpart_end", "pair"])]
    assert run_qa([tmp_path / "in", "-o", out, "--checks", "rules"], capsys)[0] == 0
    assert out.read_text("utf-8").splitlines() == [",".join(COLUMNS + ["note"])]


TRICKY = ["plain", "with, comma", 'a "quoted" word', "two\nlines", "cr\r\nlf", "sep\u2028line",
          "", "中文，全角", " leading space", "tab\there"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_encoder_round_trip_gives_the_same_text(fmt):
    """The pairing stage decodes rendered rows to merge rows into them: a
    round trip must give back the same bytes."""
    from align.report.writer import FIELDS, Encoder

    enc = Encoder(FIELDS + ["pair"], fmt)
    rows = [dict.fromkeys(FIELDS, "") | {"doc": "d", "start": i, "end": i + 3, "text": t,
                                         "context": f"[{t}]", "confidence": 0.875, "pair": ""}
            for i, t in enumerate(TRICKY)]
    text = enc(rows)
    values = enc.decode(text)
    assert len(values) == len(rows)
    assert enc.encode_values(values) == text
    at = enc.fields.index("text")
    assert [v[at] for v in values] == TRICKY


@pytest.mark.parametrize("row", [
    ["plain", 1, 0.5, None, True],
    ["with, comma", -3, float("nan"), "", "x"],
    ['a "quoted" word', 0, 1e-07, "two\nlines", "中文，全角"],
    [" leading space", 10**20, 2.0, "tab\there", "sep\u2028line"],
    ['"', ",", "\n", "", "\x00"],
])
def test_csv_encoding_quotes_like_the_csv_module(row):
    """The report's CSV is csv.writer's minimal quoting, column by column."""
    import csv
    import io

    from align.report.writer import Encoder

    enc = Encoder(["a", "b", "c", "d", "e"])
    for rows in ([row], [row, row[::-1]], [row[::-1], ["x", 1, 2.5, "", None]]):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        assert enc.encode_values(rows) == buf.getvalue()


@pytest.mark.parametrize("value", ["cr\ronly", "\r", "a,\r", 'q"\r'])
def test_csv_encoding_quotes_carriage_returns(value):
    """A lone carriage return is a line break to CSV readers: the field is
    quoted, so the row reads back whole (csv.writer would leave it bare)."""
    from align.report.writer import Encoder

    enc = Encoder(["a", "b"])
    text = enc.encode_values([[value, "next"]])
    assert text.startswith('"')
    assert enc.decode(text) == [[value, "next"]]


# --- formulas: a CSV cell never starts what a spreadsheet would run ---------

@pytest.mark.parametrize("value,cell", [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("+1", "'+1"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("'=1", "''=1"),      # so that taking one apostrophe off gives the value back
    ("''-x", "'''-x"),
    ("'x", "'x"),         # an apostrophe before anything else is left alone
    ("'", "'"),
    ("a=1", "a=1"),
    (" =1", " =1"),
    ("－1 ＝1", "－1 ＝1"),  # full-width signs are text to a spreadsheet
    ("", ""),
])
def test_csv_cells_that_spreadsheets_would_run_start_with_an_apostrophe(value, cell):
    """OWASP's advice against CSV injection: page text such as
    =HYPERLINK(...) must not open as a live formula. The cell's value is
    the cell without the apostrophe, for align's own readers."""
    import io

    from align.core.outfile import escape_cell, unescape_cell
    from align.report.writer import FIELDS, Encoder

    enc = Encoder(FIELDS)
    row = dict.fromkeys(FIELDS, "") | {"doc": value, "start": 0, "end": -1, "text": value,
                                       "context": value, "confidence": -0.5, "segment": 0}
    text = enc([row, dict(row, doc="d.txt", suggestion=value)])
    got = list(csv.reader(io.StringIO(text, newline="")))
    at = {k: FIELDS.index(k) for k in ("doc", "text", "context", "suggestion", "end",
                                       "confidence")}
    assert [got[0][at[k]] for k in ("doc", "text", "context")] == [cell] * 3
    assert got[1][at["suggestion"]] == cell
    assert (got[0][at["end"]], got[0][at["confidence"]]) == ("-1", "-0.5")  # numbers are numbers
    assert enc.decode(text)[0][at["text"]] == value
    assert escape_cell(value) == cell and unescape_cell(cell) == value


PAGE = ('=HYPERLINK("http://x") 会上，the plan was set.\n'
        "-2+3 people attended 会议。\n@SUM(1+1) and +1 more 计划。\n")


def test_a_hostile_page_gives_a_report_no_spreadsheet_runs(tmp_path, capsys):
    """Formulas in a page's text and in its file name: no cell of the CSV
    report or the document summary starts one; align's reader of the report
    (the review) gets the values back, and the offsets still index them."""
    from align.review.session import read_report

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "=1+1.txt").write_text(PAGE, "utf-8")
    out, docs = tmp_path / "r.csv", tmp_path / "docs.csv"
    assert run_qa([folder, "--checks", "untranslated", "-j", "1", "-o", out,
                   "--documents", docs], capsys)[0] == 0
    for path in (out, docs):
        with open(path, encoding="utf-8", newline="") as f:
            cells = [c for row in csv.reader(f) for c in row]
        assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    rows = read_report(str(out))
    expected = align.qa(folder, checks=["untranslated"])
    assert [(r["doc"], r["start"], r["text"], r["context"]) for r in rows] == \
        list(expected[["doc", "start", "text", "context"]].itertuples(index=False, name=None))
    assert rows[0]["doc"] == "=1+1.txt" and rows[0]["context"].startswith("=HYPERLINK(")
    for r in rows:
        assert PAGE[r["start"]:r["end"]] == r["text"]
