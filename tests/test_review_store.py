"""Fingerprints, the decisions database, annotation of reruns, export."""
import csv
import sqlite3
import threading

import pytest

from align.core.findings import context_of
from align.review.export import export
from align.review.fingerprint import fingerprints
from align.review.store import StaleUndo, Store, annotate_rows

BASE = ("The meeting was held in Maoming. 会上, Heads of departments spoke at length "
        "about the work of the year and the plans for 2024.")


def row(text, span, doc="a.txt", category="untranslated", rule="untranslated.han_run"):
    start = text.index(span)
    end = start + len(span)
    return {"doc": doc, "start": start, "end": end, "category": category, "rule": rule,
            "severity": "major", "text": span, "suggestion": "", "context": context_of(text, start, end)}


def fp(text, span, **kw):
    return fingerprints([row(text, span, **kw)])[0]


SAME = [
    ("edit far before the span", "Foreword added. " * 5 + BASE),
    ("edit far after the span", BASE + " A new closing paragraph was written later on."),
    ("punctuation next to the span", BASE.replace("Maoming.", "Maoming;")),
    ("spacing next to the span", BASE.replace("会上, Heads", "会上,   Heads")),
    ("edit inside the context window but beyond three words",
     BASE.replace("The meeting was held", "A session was held")),
]
DIFFERENT = [
    ("the span itself", BASE.replace("会上", "会后"), "会后,"),
    ("the word right after the span", BASE.replace("Heads", "Chiefs"), "会上,"),
    ("the word right before the span", BASE.replace("Maoming", "Zhanjiang"), "会上,"),
]


@pytest.mark.parametrize("why,edited", SAME)
def test_fingerprint_survives_unrelated_edits(why, edited):
    assert fp(edited, "会上,") == fp(BASE, "会上,"), why


@pytest.mark.parametrize("why,edited,span", DIFFERENT)
def test_fingerprint_changes_with_the_finding(why, edited, span):
    assert fp(edited, span) != fp(BASE, "会上,"), why


@pytest.mark.parametrize("field,value", [("doc", "b.txt"), ("category", "garbled"),
                                         ("rule", "garbled.calque")])
def test_fingerprint_depends_on_identity_fields(field, value):
    assert fp(BASE, "会上,", **{field: value}) != fp(BASE, "会上,")


def test_repeated_finding_gets_an_ordinal():
    text = "x " * 30 + "。 y " + "x " * 30 + "。 y " + "x " * 30
    first = text.index("。")
    second = text.index("。", first + 1)
    rows = [dict(row(text, "。"), start=s, end=s + 1, context=context_of(text, s, s + 1))
            for s in (first, second)]
    a, b = fingerprints(rows)
    assert b == a + "#2"


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "d.sqlite")


def test_decide_undo_and_history(db):
    r = row(BASE, "会上,")
    with Store(db) as st:
        h1 = st.decide("f1", "accepted", row=r)
        h2 = st.decide("f1", "corrected", "At the meeting,", row=r)
        assert st.decisions()["f1"]["correction"] == "At the meeting,"
        with pytest.raises(StaleUndo):
            st.undo(h1)  # not the latest change any more
        assert st.undo(h2)["decision"] == "accepted"
        assert st.decisions()["f1"]["decision"] == "accepted"
        st.undo(h1)
        assert "f1" not in st.decisions()
        with pytest.raises(StaleUndo):
            st.undo(h1)


@pytest.mark.parametrize("decision,correction", [("maybe", None), ("corrected", None)])
def test_bad_decisions_are_refused(db, decision, correction):
    with Store(db) as st, pytest.raises(ValueError):
        st.decide("f", decision, correction)


def test_wal_and_two_writers(db):
    with Store(db) as st:
        assert st.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    def write(prefix):
        with Store(db) as st:
            for i in range(40):
                st.decide(f"{prefix}{i}", "accepted" if i % 2 else "rejected")

    threads = [threading.Thread(target=write, args=(p,)) for p in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Store(db) as st:
        assert len(st.decisions()) == 80
        assert st.db.execute("SELECT count(*) FROM history").fetchone()[0] == 80


def test_annotate_rows_and_hide_rejected(db):
    rows = [row(BASE, "会上,"), row(BASE, "Maoming", category="garbled", rule="garbled.x")]
    f_acc, f_rej = fingerprints(rows)
    with Store(db) as st:
        st.decide(f_acc, "corrected", "At the meeting,", rows[0])
        st.decide(f_rej, "rejected", row=rows[1])
        dec = st.decisions()
    out = annotate_rows(rows, dec)
    assert [(r["review"], r["correction"]) for r in out] == [("corrected", "At the meeting,"),
                                                            ("rejected", "")]
    assert [r["text"] for r in annotate_rows(rows, dec, hide_rejected=True)] == ["会上,"]


def test_export_csv_and_xlsx(db, tmp_path):
    evil = dict(row(BASE, "会上,"), text="=HYPERLINK(\"http://x\")", suggestion="@SUM(A1)")
    with Store(db) as st:
        st.decide("f1", "corrected", "=1+1", evil)
        st.decide("f2", "rejected", row=row(BASE, "Maoming"))
    out = tmp_path / "reviewed.csv"
    assert export(db, str(out)) == 2
    got = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [g["decision"] for g in got] == ["rejected", "corrected"]  # report order
    # Formulas in CSV cells behind an apostrophe (a spreadsheet shows text),
    # which align's readers take off again.
    from align.core.outfile import unescape_cell

    assert [got[1][k] for k in ("correction", "text", "suggestion")] == [
        "'=1+1", "'=HYPERLINK(\"http://x\")", "'@SUM(A1)"]
    assert unescape_cell(got[1]["correction"]) == "=1+1"
    from openpyxl import load_workbook

    xl = tmp_path / "reviewed.xlsx"
    export(db, str(xl))
    again = tmp_path / "again.xlsx"
    export(db, str(again))
    assert again.read_bytes() == xl.read_bytes()  # no time of saving in it
    ws = load_workbook(xl).active
    header = [c.value for c in ws[1]]
    corrected = {header[i]: c for i, c in enumerate(ws[3])}
    assert corrected["correction"].value == "=1+1"
    assert corrected["correction"].data_type == "s"  # text, never a formula
    assert corrected["text"].data_type == "s"


def test_export_refuses_a_missing_database(tmp_path):
    with pytest.raises(FileNotFoundError):
        export(str(tmp_path / "none.sqlite"), str(tmp_path / "x.csv"))
    assert not (tmp_path / "none.sqlite").exists()


def test_store_is_plain_sqlite(db):
    with Store(db) as st:
        st.decide("f", "accepted")
    con = sqlite3.connect(db)
    assert con.execute("SELECT decision FROM decisions").fetchone() == ("accepted",)
    con.close()


def test_bulk_decision_is_one_batch_undone_as_one(db):
    rows = [dict(row(BASE, "会上,"), fingerprint=f"f{i}") for i in range(5)]
    with Store(db) as st:
        st.decide("f0", "rejected", row=rows[0])
        batch = st.decide_many(rows, "accepted")
        assert {fp: d["decision"] for fp, d in st.decisions().items()} == \
            {f"f{i}": "accepted" for i in range(5)}
        assert st.decide_many(rows, "accepted") == 0       # nothing changes: no batch
        after = st.undo_batch(batch)
        assert {a["fingerprint"]: a["decision"] for a in after} == \
            {"f0": "rejected", "f1": None, "f2": None, "f3": None, "f4": None}
        assert {fp: d["decision"] for fp, d in st.decisions().items()} == {"f0": "rejected"}
        with pytest.raises(StaleUndo):
            st.undo_batch(batch)                           # once only
        batch = st.decide_many(rows, "rejected")
        st.decide("f3", "accepted", row=rows[3])           # changed since
        with pytest.raises(StaleUndo):
            st.undo_batch(batch)
        # refused as a whole: nothing of the batch was undone
        assert sum(d["decision"] == "rejected" for d in st.decisions().values()) == 4
        with pytest.raises(ValueError):
            st.decide_many(rows, "corrected")


def test_a_database_from_before_bulk_decisions_is_upgraded(db):
    import sqlite3

    old = sqlite3.connect(db)
    old.executescript("""
        CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, fingerprint TEXT NOT NULL,
            old_decision TEXT, old_correction TEXT, new_decision TEXT, new_correction TEXT,
            at TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0);
        INSERT INTO history (fingerprint, new_decision, at) VALUES ('f9', 'accepted', 'then');""")
    old.close()
    rows = [dict(row(BASE, "会上,"), fingerprint="f1")]
    with Store(db) as st:
        assert st.undo_batch(st.decide_many(rows, "rejected"))[0]["decision"] is None
