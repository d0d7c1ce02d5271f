"""The command line: exit codes, summary, checks, align text."""
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
