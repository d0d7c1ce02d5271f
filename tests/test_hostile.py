"""Hostile input: a corpus of bad files, written here, run through `align qa` at once.

Every bad file must cost exactly itself: one `input_error` row that says what
happened and what to do (the note has a `;` between the two), its name on
stderr, no traceback, and every good file of the same run reported as usual.
"""
import csv
import io
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from align.cli import main
from align.detectors import Detector

ENGLISH = ("On February 14, the Group held its annual work conference. "
           "Heads of departments summarized the work of 2022.\n")
MIXED = "会上，Heads of departments summarized the work of 2022。\n"
ZH = "会议强调，要加快推进集团高质量发展。全体干部职工参加会议。\n"
ZH_TRAD = "會議強調，要加快推進集團高質量發展。全體幹部職工參加會議。\n"

# name -> bytes. Good files: reported as documents, no input_error row.
GOOD = {
    "good/english.txt": ENGLISH.encode(),
    "good/mixed.txt": MIXED.encode(),
    "good/gbk.txt": (ZH + MIXED).encode("gb18030"),
    "good/big5.txt": ZH_TRAD.encode("big5"),
    "good/utf16.txt": MIXED.encode("utf-16"),
    "good/crlf.txt": ENGLISH.replace("\n", "\r\n").encode(),
    "good/astral.txt": ("The character 𠀀𠀁𪚥 and 😀 emoji, 会议𠮷野家.\n").encode(),
    "good/rtl.txt": ("Arabic مرحبا بالعالم and Hebrew שלום עולם in 2022.\n"
                     "\u202eevil override\u202c text.\n").encode(),
    "good/combining.txt": ("Z̷̢͉a̸̛͚l̶̰͝g̵̱̈́o̴̤͑ text, cafe\u0301, 会\u0301议.\n" * 3).encode(),
    "good/page.html": ("<html><head><title>t</title><script>var a='会议';</script></head>"
                       f"<body><p>{MIXED}</p><p>{ENGLISH}</p></body></html>").encode(),
    "good/unclosed.html": b"<p>unclosed <b>bold <i>italic text of the page",
    "good/deep.html": ("<div>" * 3000 + "deep text 会议 survives" + "</div>" * 3000
                       + "<p>after the deep part</p>").encode(),
    "good/deep-inline.html": ("<html><body>" + "<span>" * 20000 + "inline 会议 text").encode(),
    "good/escape-codes.txt": b"\x1b[31mred\x1b[0m log line with a tab\tand a form feed\f.\n",
    "good/no-newline.txt": b"A page without a final newline",
    "good/bom.txt": b"\xef\xbb\xbf" + ENGLISH.encode(),
    "good/link-to-good.txt": None,  # a symbolic link to english.txt
}

# name -> (bytes or a maker, rule of the one input_error row)
BAD = {
    "bad/empty.txt": (b"", "input.empty"),
    "bad/spaces.txt": (b"  \n\t\r\n   \n", "input.empty"),
    "bad/ideographic-space.txt": ("\u3000\u00a0\n\u2003\n".encode(), "input.empty"),
    "bad/bom-only.txt": (b"\xef\xbb\xbf", "input.empty"),
    "bad/markup-only.html": (b"<html><head><title>x</title></head><body> </body></html>",
                             "input.empty"),
    "bad/script-only.html": (b"<html><body><script>document.write('x')</script></body></html>",
                             "input.empty"),
    "bad/comment-only.html": (b"<html><body><!--" + b"c" * 100000 + b"--></body></html>",
                              "input.empty"),
    "bad/image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "input.binary"),
    "bad/photo.txt": (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)), "input.binary"),
    "bad/archive.txt": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)),
                        "input.binary"),
    "bad/gzip.html": (b"\x1f\x8b\x08\x00" + bytes(range(1, 256)), "input.binary"),
    "bad/program.txt": (b"\x7fELF\x02\x01\x01" + bytes(500), "input.binary"),
    "bad/windows.txt": (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(500), "input.binary"),
    "bad/document.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "input.binary"),
    "bad/database.txt": (b"SQLite format 3\x00" + bytes(300), "input.binary"),
    "bad/nul.txt": (b"text with a NUL\x00 in the middle of it", "input.binary"),
    "bad/random.txt": (random.Random(0).randbytes(20000).replace(b"\x00", b"\x01"),
                       "input.binary"),
    "bad/controls.txt": (b"abc\x01\x02\x03\x04def\x05\x06\x07\x08" * 100, "input.binary"),
    "bad/utf16-odd.txt": (b"\xff\xfe" + "odd".encode("utf-16-le") + b"\x00", "input.encoding"),
    "bad/one-long-line.txt": (None, "input.long_line"),  # 10 MB, no newline
    "bad/too-large.txt": (None, "input.too_large"),  # sparse, over --max-bytes
    "bad/broken-link.txt": (None, "input.unreadable"),
    "bad/loop.txt": (None, "input.unreadable"),
    "bad/fifo.txt": (None, "input.unreadable"),
    "bad/device.txt": (None, "input.unreadable"),  # a link to /dev/zero: never ends
    # Read, but not cleanly: the findings stand, with one row saying why.
    "bad/mixed-encodings.txt": ((ZH + MIXED).encode() + ZH.encode("gb18030")
                                + ENGLISH.encode(), "input.mixed_encoding"),
    "bad/cut-off.txt": ((ENGLISH + ZH).encode()[:-2], "input.invalid_utf8"),
    "bad/stray-byte.txt": ((ZH * 3).encode() + b"\xa0" + ENGLISH.encode(),
                           "input.invalid_utf8"),
    "bad/surrogates.txt": ("Lone \ud800 surrogate, paired \ud83d\ude00 too.\n"
                           .encode("utf-8", "surrogatepass"), "input.invalid_utf8"),
    os.fsdecode(b"bad/name-\xff\xfe-latin1-caf\xe9.txt"): (ENGLISH.encode(), "input.file_name"),
}
MAX_BYTES = 11 * 1024 * 1024


def doc_of(name: str) -> str:
    """The `doc` column for a file name: non-UTF-8 bytes as \\xNN escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def build(root: Path) -> None:
    for name, content in GOOD.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            p.symlink_to("english.txt")
        else:
            p.write_bytes(content)
    for name, (content, _) in BAD.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if content is not None:
            p.write_bytes(content)
    bad = root / "bad"
    with open(bad / "one-long-line.txt", "wb") as fh:
        fh.write(b"word " * (2 * 1024 * 1024))
    with open(bad / "too-large.txt", "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: costs no disk and is never read
    (bad / "broken-link.txt").symlink_to("no-such-target.txt")
    (bad / "loop.txt").symlink_to("loop.txt")
    os.mkfifo(bad / "fifo.txt")
    (bad / "device.txt").symlink_to("/dev/zero")
    # Not files at all: a folder with a text suffix is walked, not read.
    (root / "good" / "folder.txt").mkdir()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    build(root)
    return root


@pytest.fixture(scope="module")
def run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    report, docs = out / "report.csv", out / "docs.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "align", "qa", str(corpus), "-o", str(report),
         "--documents", str(docs), "--max-bytes", str(MAX_BYTES)],
        capture_output=True, timeout=600)
    rows = list(csv.DictReader(io.StringIO(report.read_bytes().decode("utf-8"), newline="")))
    documents = list(csv.DictReader(io.StringIO(docs.read_bytes().decode("utf-8"), newline="")))
    return proc, rows, documents


def test_corpus_is_big_enough():
    assert len(GOOD) + len(BAD) >= 30 and len(BAD) >= 25


def test_no_traceback_and_exit_zero(run):
    proc, _, _ = run
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert proc.returncode == 0, err


@pytest.mark.parametrize("name,rule", [(n, r) for n, (_, r) in BAD.items()])
def test_one_input_error_row_per_bad_file(run, name, rule):
    proc, rows, _ = run
    doc = doc_of(name)
    errors = [r for r in rows if r["doc"] == doc and r["category"] == "input_error"]
    assert [r["rule"] for r in errors] == [rule]
    what, _, todo = errors[0]["note"].partition(";")
    assert what.strip() and todo.strip(), errors[0]["note"]
    assert f"align qa: {doc}: " in proc.stderr.decode("utf-8")


@pytest.mark.parametrize("name", sorted(GOOD))
def test_every_good_file_is_reported(run, name):
    _, rows, documents = run
    summary = [d for d in documents if d["doc"] == name]
    assert len(summary) == 1 and summary[0]["error"] == "" and int(summary[0]["chars"]) > 0
    assert not [r for r in rows if r["doc"] == name and r["category"] == "input_error"]


def test_files_read_with_a_warning_keep_their_findings(run):
    _, rows, _ = run
    cats = {r["category"] for r in rows if r["doc"] == "bad/mixed-encodings.txt"}
    assert "untranslated" in cats


def test_deep_html_keeps_its_text(run):
    _, rows, _ = run
    texts = {r["text"] for r in rows if r["doc"] == "good/deep.html"}
    assert "会议" in texts


def test_every_file_is_in_the_report_once(run, corpus):
    _, _, documents = run
    expected = sorted(GOOD) + sorted(doc_of(n) for n in BAD)
    assert sorted(d["doc"] for d in documents) == sorted(expected)


# --- in-process faults: a file that vanishes mid-run, permission denied, broken checks ---

def _qa(argv, capsys):
    code = main(argv)
    return code, capsys.readouterr().err


def test_vanished_and_unreadable_files(tmp_path, monkeypatch, capsys):
    import align.run.pipeline  # noqa: F401 - imported now, it binds the real collect
    import align.read.files as reader

    for name in ("a.txt", "gone.txt", "locked.txt", "z.txt"):
        (tmp_path / name).write_text(ENGLISH)
    real_collect, real_open = reader.collect, os.open

    def collect_then_delete(paths, *a, **k):
        found = real_collect(paths, *a, **k)
        (tmp_path / "gone.txt").unlink()
        return found

    def deny(path, *a, **k):
        # Root reads any file whatever its mode, so the denial is injected.
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(reader, "collect", collect_then_delete)
    monkeypatch.setattr(reader.os, "open", deny)
    out = tmp_path / "r.csv"
    code, err = _qa(["qa", str(tmp_path), "-o", str(out), "-j", "1"], capsys)
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    errors = {r["doc"]: r["note"] for r in rows if r["category"] == "input_error"}
    assert set(errors) == {"gone.txt", "locked.txt"}
    assert "vanished" in errors["gone.txt"] and "permission denied" in errors["locked.txt"]
    assert "gone.txt" in err and "locked.txt" in err


class _Raises(Detector):
    name = "test_raises"
    description = "raises"
    default = False

    def detect(self, doc):
        yield from ()
        raise RuntimeError("boom")


class _PastTheEnd(_Raises):
    name = "test_past_end"

    def detect(self, doc):
        from align.core.findings import Finding

        yield Finding(0, len(doc.text) + 5, "garbled", "test.past_end")


class _BadFinding(_Raises):
    name = "test_bad_finding"

    def detect(self, doc):
        from align.core.findings import Finding

        yield Finding(0, 1, "no_such_category", "test.bad")


class _Undeclared(_Raises):
    """Reports a rule of the catalogue that it does not declare."""
    name = "test_undeclared"
    rules = ("garbled.echo",)

    def detect(self, doc):
        from align.core.rules import rule

        yield rule("garbled.echo").finding(0, 1)
        yield rule("garbled.pinyin").finding(0, 1)


@pytest.mark.parametrize("cls,message", [
    (_Raises, "RuntimeError: boom"),
    (_PastTheEnd, "past the end"),
    (_BadFinding, "unknown category"),
    (_Undeclared, "rule 'garbled.pinyin', which it does not declare"),
])
def test_a_failing_check_costs_only_itself(tmp_path, monkeypatch, capsys, cls, message):
    from align import detectors

    monkeypatch.setitem(detectors.REGISTRY, cls.name, cls)
    (tmp_path / "a.txt").write_text(MIXED)
    (tmp_path / "b.txt").write_text(ENGLISH)
    out = tmp_path / "r.csv"
    code, err = _qa(["qa", str(tmp_path), "-o", str(out), "-j", "1",
                     "--checks", f"untranslated,{cls.name}"], capsys)
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    errors = [r for r in rows if r["category"] == "input_error"]
    assert [r["doc"] for r in errors] == ["a.txt", "b.txt"]
    assert all(r["rule"] == "internal.detector_error" and message in r["note"]
               and cls.name in r["note"] for r in errors)
    # The other check still ran on the same document.
    assert any(r["category"] == "untranslated" and r["doc"] == "a.txt" for r in rows)
    assert "Traceback" not in err


@pytest.mark.parametrize("extra,code", [([], 0), (["--strict"], 1)])
def test_strict(tmp_path, capsys, extra, code):
    (tmp_path / "good.txt").write_text(ENGLISH)
    (tmp_path / "empty.txt").write_bytes(b"")
    got, err = _qa(["qa", str(tmp_path), "-o", str(tmp_path / "r.csv"), "-j", "1"] + extra,
                   capsys)
    assert got == code and "empty.txt" in err


def test_strict_passes_a_clean_run(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(MIXED)
    got, _ = _qa(["qa", str(tmp_path), "-o", str(tmp_path / "r.csv"), "-j", "1", "--strict"],
                 capsys)
    assert got == 0


# --- Ctrl-C: stop cleanly, leave no half report under the final name ---

@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        from corpus import generate
    finally:
        sys.path.pop(0)
    pages = tmp_path_factory.mktemp("pages")
    generate(pages, 1500, seed=1)
    return pages


@pytest.mark.parametrize("jobs,signame,group", [
    ("1", "SIGINT", True), ("2", "SIGINT", True),
    # SIGTERM (kill, a service manager, timeout): cleaned up as Ctrl-C is,
    # to the process group or to the parent alone (which stops its workers).
    ("1", "SIGTERM", True), ("2", "SIGTERM", True), ("2", "SIGTERM", False),
])
def test_ctrl_c_leaves_no_half_report(tmp_path, pages, jobs, signame, group):
    import signal
    import time

    from align.core.userdirs import cache_dir

    out = tmp_path / "out"
    out.mkdir()
    report = out / "report.csv"
    # No vectors cached: the run embeds every page, so it is still at work
    # when interrupted (a warm cache let it finish first). The index cache
    # stays warm; building it is not the phase this test is about.
    cache = tmp_path / "cache"
    cache.mkdir()
    if (cache_dir() / "index").is_dir():
        (cache / "index").symlink_to(cache_dir() / "index", target_is_directory=True)
    env = dict(os.environ, ALIGN_CACHE_DIR=str(cache))
    # A terminal's Ctrl-C goes to the whole foreground process group, workers included.
    proc = subprocess.Popen([sys.executable, "-m", "align", "qa", str(pages), "-o", str(report),
                             "-j", jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env=env)
    try:
        # Mid-run: the partial report exists (its rows may still be held
        # back for document pairing) and the checks have been at work a while.
        deadline = time.monotonic() + 300
        seen = None
        while time.monotonic() < deadline and proc.poll() is None:
            if seen is None and list(out.glob(".align-*.part")):
                seen = time.monotonic()
            if seen is not None and time.monotonic() - seen > 1.5:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        sig = getattr(signal, signame)
        os.killpg(proc.pid, sig) if group else os.kill(proc.pid, sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    err = err.decode("utf-8", "replace")
    assert proc.returncode == 128 + sig, err[-3000:]
    said = "interrupted" if sig == signal.SIGINT else "terminated"
    assert f"{said}; no report written" in err and "Traceback" not in err, err[-3000:]
    assert not report.exists()
    # No temporary report (.align-*.part), no folder of the workers' rows.
    assert list(out.iterdir()) == []
