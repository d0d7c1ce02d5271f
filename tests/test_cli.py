"""The command line: exit codes, summary, checks, align text."""
import csv
import subprocess
import sys

import pytest

from align.cli import main


@pytest.mark.parametrize("argv,code", [
    (["qa", "{seeds}", "-o", "{out}"], 0),
    (["qa", "{seeds}", "-o", "{out}", "--fail-on", "major"], 1),
    (["qa", "{seeds}", "-o", "{out}", "--fail-on", "critical"], 1),
    (["qa", "{seeds}/001_4b1e98a7e9d89e62.txt", "-o", "{out}", "--fail-on", "critical"], 0),
    (["qa", "{seeds}", "-o", "{out}", "--checks", "no_such_check"], 2),
    (["qa", "{seeds}", "-o", "{out}", "--checks", "untranslated", "--skip", "untranslated",
      "--fail-on", "info"], 0),
    (["qa", "{seeds}/missing", "-o", "{out}"], 2),
    (["qa", "-o", "{out}"], 2),
    (["qa", "--no-such-option"], 2),
    (["qa", "--list-checks"], 0),
    ([], 2),
])
def test_exit_codes(argv, code, seeds, tmp_path, capsys):
    argv = [a.format(seeds=seeds, out=tmp_path / "r.csv") for a in argv]
    try:
        got = main(argv)
    except SystemExit as e:
        got = e.code
    assert got == code


@pytest.mark.parametrize("inputs,output,code,said", [
    ("empty", "r.csv", 0, "no files to check in {tmp}/empty"),
    ("pages", "nofolder/r.csv", 2, "cannot write {tmp}/nofolder/r.csv: no such folder "
                                   "{tmp}/nofolder; create it or choose another -o"),
    ("pages", "a-file/r.csv", 2, "cannot write {tmp}/a-file/r.csv: a part of the path is not "
                                 "a folder; choose another -o"),
])
def test_input_and_output_problems_are_said_plainly(tmp_path, capsys, inputs, output, code, said):
    (tmp_path / "empty").mkdir()
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text("Hello 世界.\n", "utf-8")
    (tmp_path / "a-file").write_text("", "utf-8")
    got = main(["qa", "-q", "--checks", "rules", str(tmp_path / inputs),
                "-o", str(tmp_path / output)])
    err = capsys.readouterr().err
    assert got == code
    assert said.format(tmp=tmp_path) in err
    assert ".part" not in err  # the temporary file is ours, not the user's


def test_a_reader_that_stops_early_stops_the_report_quietly(seeds):
    """``align qa pages/ -o - | head``: no error about the closed pipe, and
    the status of a program SIGPIPE stopped, as the pipeline expects."""
    proc = subprocess.Popen([sys.executable, "-m", "align", "qa", "-q", "-o", "-", str(seeds)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"doc,start,end")
    proc.stdout.close()  # more than a pipe's buffer is still to come
    err = proc.stderr.read()
    assert proc.wait(timeout=300) == 141, err
    assert err == b""


def test_summary_on_stderr(seeds, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert main(["qa", str(seeds), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "documents: 5 (3 en, 2 zh)" in err
    assert "untranslated" in err
    assert f"report:    {out}" in err


def test_list_checks(capsys):
    main(["qa", "--list-checks"])
    assert "untranslated" in capsys.readouterr().out


def test_text_prints_exactly_what_offsets_index(seeds, tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>会上,Heads</p><script>x</script></body></html>", "utf-8")
    for path, expected in [(seeds / "000_79a7f5f1f448991d.txt",
                            (seeds / "000_79a7f5f1f448991d.txt").read_bytes()),
                           (page, "会上,Heads\n".encode())]:
        out = subprocess.run([sys.executable, "-m", "align", "text", str(path)],
                             capture_output=True, check=True).stdout
        assert out == expected


def test_entry_point_writes_report(seeds, tmp_path):
    out = tmp_path / "r.csv"
    proc = subprocess.run([sys.executable, "-m", "align", "qa", str(seeds), "-o", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert out.exists() and "report:" in proc.stderr


# The command exits without the interpreter's teardown (``cli.exit``); what a
# normal exit does still happens: atexit functions run, buffered output
# reaches the pipe, the code is main's; a thread still running is waited for.
_EXIT_SCRIPT = """
import atexit, os, sys, threading, time
from align import cli
out = sys.argv[1]
atexit.register(lambda: open(out + ".atexit", "w").close())
atexit.register(lambda: print("after-the-report"))
if sys.argv[2] == "thread":
    done, main = threading.Event(), cli.main
    def late():  # still running when main returns
        done.wait()
        time.sleep(0.3)
        open(out + ".thread", "w").close()
    def then(*a):
        try:
            return main(*a)
        finally:
            done.set()
    cli.main = then
    threading.Thread(target=late).start()
sys.argv = ["align", "qa", "-q", "-o", "-", "--fail-on", "critical", *sys.argv[3:]]
cli.console()
"""


@pytest.mark.parametrize("thread", ["none", "thread"])
def test_the_command_exits_as_python_would(seeds, tmp_path, thread):
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    mark = str(tmp_path / "mark")
    page = seeds / "001_4b1e98a7e9d89e62.txt"
    proc = subprocess.run([sys.executable, "-c", _EXIT_SCRIPT, mark, thread, str(page)],
                          capture_output=True, text=True, env=env, timeout=300)
    expected = subprocess.run([sys.executable, "-m", "align", "qa", "-q", "-o", "-",
                               str(page)], capture_output=True, text=True).stdout
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == expected + "after-the-report\n"
    assert expected.count("\n") > 5
    assert os.path.exists(mark + ".atexit")
    assert os.path.exists(mark + ".thread") == (thread == "thread")
    # an exit code other than 0 comes through too
    worse = subprocess.run([sys.executable, "-c", _EXIT_SCRIPT, mark, "none",
                            str(seeds)], capture_output=True, text=True, env=env, timeout=300)
    assert worse.returncode == 1, worse.stderr


@pytest.mark.parametrize("caller_freezes", [False, True])
def test_qa_gives_back_the_collector_as_it_found_it(seeds, tmp_path, caller_freezes):
    """``qa`` runs with its own thresholds; afterwards the caller's are back,
    nothing it did not freeze stays frozen, and what it froze stays frozen."""
    import gc

    before = gc.get_threshold()
    mine = [[i] for i in range(10)]
    if caller_freezes:
        gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        page = sorted(seeds.glob("*.txt"))[0]
        assert main(["qa", "-q", str(page), "-o", str(tmp_path / "r.csv"), "-j", "1"]) in (0, 1)
        assert gc.get_threshold() == before
        if caller_freezes:  # its objects may have died meanwhile, none unfrozen
            assert 0 < gc.get_freeze_count() <= frozen
        else:
            assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
    assert mine


# Bad options and inputs: exit 2 and one line on stderr that says what is
# wrong and what to do; never a traceback, never a report. ``{t}`` is a
# folder holding pages/page.txt, zh.txt, en.txt, a GBK report, a spreadsheet
# report, a CSV that is no report and a file that is no database.
BAD_USAGE = [
    (["qa", "{t}/pages", "--min-confidence", "1.5"], "--min-confidence: 1.5 is out of range"),
    (["qa", "{t}/pages", "--min-confidence", "-0.1"], "give a number from 0 to 1"),
    (["qa", "{t}/pages", "--min-confidence", "nan"], "give a number from 0 to 1"),
    (["qa", "{t}/pages", "--min-confidence", "high"], "'high' is not a number"),
    (["qa", "{t}/pages", "-j", "0"], "-j/--jobs: 0 is too small: give 1 or more"),
    (["qa", "{t}/pages", "-j", "-3"], "-j/--jobs: -3 is too small"),
    (["qa", "{t}/pages", "-j", "two"], "'two' is not a whole number"),
    (["qa", "{t}/pages", "--max-bytes", "0"], "--max-bytes: 0 is too small"),
    (["qa", "{t}/pages", "--checks", ""], "--checks: '' names nothing"),
    (["qa", "{t}/pages", "--skip", ","], "--skip: ',' names nothing"),
    (["qa", "{t}/pages", "--termbase", "{t}/none.csv"], "{t}/none.csv: no such termbase file"),
    (["qa", "{t}/pages", "--termbase", "{t}/zh.txt"], "{t}/zh.txt: line 1: the header must"),
    (["qa", "{t}/pages", "--model", "no-such-model"], "model 'no-such-model' is not built in"),
    (["qa", "{t}/pages", "--model", "{t}/pages"], "the folder holds no sentence-transformers"),
    (["qa", "{t}/pages", "--config", "{t}"], "{t}: a folder; give the configuration file"),
    (["qa", "{t}/pages", "--decisions", "{t}/zh.txt"], "not an align review database"),
    (["qa", "{t}/pages/page.txt", "{t}/page.txt"], None),  # two names, both checked
    (["pair", "{t}/zh.txt", "{t}/en.txt", "--model", "no-such-model"], "HF_HUB_OFFLINE is set"),
    (["pair", "{t}/zh.txt", "{t}/en.txt", "--termbase", "{t}/en.txt"], "line 1: the header"),
    (["pair", "{t}/zh.txt", "{t}/none.txt"], "no such file or folder: {t}/none.txt"),
    (["pair", "{t}/zh.txt", "{t}/zh.txt"], "SOURCE and TARGET are the same file"),
    (["pair", "{t}/zh.txt", "{t}/pages"], "{t}/pages a folder"),
    (["text", "{t}/pages"], "{t}/pages is a folder; give one file"),
    (["review", "{t}/report.xlsx"], "reads CSV and JSON Lines reports, not XLSX"),
    (["review", "{t}/gbk.csv"], "not UTF-8 text"),
    (["review", "{t}/en.txt"], "lacks the column(s) doc, start, end"),
    (["review", "{t}/pages"], "{t}/pages is a folder; give the report file"),
    (["review", "{t}/report.csv", "--db", "{t}/zh.txt"], "not an align review database"),
    (["review", "{t}/report.csv", "--port", "70000"], "--port: 70000 is out of range"),
    (["review", "export", "{t}/zh.txt", "-o", "{t}/out.csv"], "not an align review database"),
    (["config", "--config", "{t}"], "{t}: a folder; give the configuration file"),
]


@pytest.fixture
def usage_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # the model hub is never reached
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "page.txt").write_text("The meeting was held in 2022.\n", "utf-8")
    (tmp_path / "page.txt").write_text("Another page, 会上 held.\n", "utf-8")
    (tmp_path / "zh.txt").write_text("会议在二〇二二年举行。\n", "utf-8")
    (tmp_path / "en.txt").write_text("The meeting was held in 2022.\n", "utf-8")
    report = "doc,start,end,category\npage.txt,0,3,untranslated\n"
    (tmp_path / "report.csv").write_text(report, "utf-8")
    (tmp_path / "gbk.csv").write_bytes(report.replace("page", "页面").encode("gbk"))
    (tmp_path / "report.xlsx").write_bytes(b"PK\x03\x04" + bytes(100))
    return tmp_path


@pytest.mark.parametrize("argv,said", BAD_USAGE, ids=[" ".join(a[:3]) for a, _ in BAD_USAGE])
def test_bad_options_are_usage_errors_in_one_line(usage_folder, capsys, monkeypatch, argv, said):
    from align.review import app

    def serve(self):
        raise AssertionError("a usage error must not start the review server")

    monkeypatch.setattr(app.Server, "serve_forever", serve)
    monkeypatch.setattr("webbrowser.open", lambda url: None)
    t = usage_folder.as_posix()
    out = usage_folder / "r.csv"
    argv = [a.format(t=t) for a in argv]
    if argv[0] == "qa":
        argv += ["-q", "-o", str(out)]
    try:
        code = main(argv)
    except SystemExit as e:  # argparse
        code = e.code
    err = capsys.readouterr().err
    if said is None:
        assert code == 0, err
        docs = {line.split(",")[0] for line in out.read_text("utf-8").splitlines()[1:]}
        assert docs == {f"{t}/page.txt"}  # pages/page.txt was checked too: no finding
        return
    assert code == 2
    assert said.format(t=t) in err
    assert len(err.strip().splitlines()) == 1, err
    assert not out.exists()


def test_inputs_of_the_same_name_are_all_reported(tmp_path, capsys, monkeypatch):
    """``align qa a b`` where both hold page.txt: two documents, named apart."""
    for side in "ab":
        (tmp_path / side).mkdir()
        (tmp_path / side / "page.txt").write_text(f"Page {side} said 会上 hello.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    for argv in (["a", "b"], ["a/page.txt", "b/page.txt"]):
        assert main(["qa", *argv, "--checks", "rules", "-o", "r.csv",
                     "--documents", "d.csv"]) == 0
        assert "documents: 2 (2 en)" in capsys.readouterr().err
        rows = (tmp_path / "r.csv").read_text("utf-8").splitlines()[1:]
        assert [r.split(",")[0] for r in rows] == ["a/page.txt", "b/page.txt"]


def test_files_skipped_by_type_get_a_row(tmp_path, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "page.txt").write_text("The meeting was held in 2022.\n", "utf-8")
    (pages / "brief.pdf").write_bytes(b"%PDF-1.4\n")
    (pages / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    out = tmp_path / "r.csv"
    assert main(["qa", str(pages), "--checks", "rules", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "documents: 2 (1 en, 1 skipped by type)" in err
    assert "brief.pdf: not checked: a PDF document" in err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["doc"], r["category"], r["severity"], r["rule"]) for r in rows] == [
        ("brief.pdf", "input_error", "info", "input.skipped")]
    # not checked is not checked: --strict says so
    assert main(["qa", str(pages), "--checks", "rules", "-o", str(out), "--strict", "-q"]) == 1


def test_a_bad_termbase_in_a_config_file_names_both(tmp_path, capsys, monkeypatch):
    (tmp_path / "terms.csv").write_bytes("中文,英文\n创文,civilized city\n".encode("gbk"))
    (tmp_path / "align.toml").write_text('termbases = ["terms.csv"]\n', "utf-8")
    (tmp_path / "p.txt").write_text("The meeting was held.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    for argv in (["qa", "p.txt", "-o", "r.csv"], ["config", "--show"]):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2
        assert (f"{tmp_path / 'terms.csv'}: line 1: the header must name a Chinese column (zh)"
                in err)
        assert f"(a termbase named in {tmp_path / 'align.toml'})" in err
    assert not (tmp_path / "r.csv").exists()
    # with its header fixed the same GBK file is read: a termbase, not an error
    (tmp_path / "terms.csv").write_bytes("zh,en\n创文,civilized city\n".encode("gbk"))
    assert main(["qa", "p.txt", "-o", "r.csv", "-q"]) == 0
    assert "input_error" not in (tmp_path / "r.csv").read_text("utf-8")
