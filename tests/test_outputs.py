"""Hostile outputs: what a report is written to is never damaged.

Every writer (qa's report in each format, --html, --documents, pair's beads,
clean's copies, review export) writes a regular file whole and renames it
into place, writes a device or a pipe through, writes a symbolic link's
target, and says in one line why it cannot write (a folder, a read-only file
system, a full disk): exit 2, no traceback, no stray temporary file, the old
file left as it was. Reports get the mode ``>`` would give them.
"""
import errno
import io
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from align.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "seeds" / "001_4b1e98a7e9d89e62.txt"
ZH, EN = ROOT / "data" / "examples" / "pair_zh.txt", ROOT / "data" / "examples" / "pair_en.txt"


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory, monkeypatch):
    # pair's vectors, if any, not in the user's cache (the lexical model has none)
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


_DB: dict = {}


def _decisions(folder: Path) -> str:
    """A review database with one decision (one for the whole session: its
    export carries the time of the decision)."""
    from align.core.findings import context_of
    from align.review.store import Store

    if "db" in _DB:
        return _DB["db"]
    db = _DB["db"] = str(folder / "d.sqlite")
    text = "The meeting was held in Maoming. 会上, Heads of departments spoke."
    start = text.index("会上")
    with Store(db) as st:
        st.decide("f1", "accepted", row={
            "doc": "a.txt", "start": start, "end": start + 3, "category": "untranslated",
            "rule": "untranslated.han_run", "severity": "major", "text": "会上,",
            "suggestion": "", "context": context_of(text, start, start + 3)})
    return db


# name -> (file name of the output, argv writing it to OUT, in folder TMP)
WRITERS = {
    "qa -o csv": ("out.csv", lambda out, tmp: ["qa", str(SEED), "-o", out]),
    "qa -o jsonl": ("out.jsonl", lambda out, tmp: ["qa", str(SEED), "-o", out]),
    "qa -o xlsx": ("out.xlsx", lambda out, tmp: ["qa", str(SEED), "-o", out]),
    "qa --html": ("out.html", lambda out, tmp: ["qa", str(SEED), "-o", str(tmp / "r.csv"),
                                                "--html", out]),
    "qa --documents": ("docs.csv", lambda out, tmp: ["qa", str(SEED), "-o", str(tmp / "r.csv"),
                                                     "--documents", out]),
    "pair -o": ("out.align", lambda out, tmp: ["pair", str(ZH), str(EN), "--model", "lexical",
                                               "-o", out]),
    "clean -o": (SEED.name, lambda out, tmp: ["clean", str(SEED), "-o",
                                              os.path.dirname(out)]),
    "review export -o": ("out.csv", lambda out, tmp: ["review", "export", _decisions(tmp),
                                                      "-o", out]),
}
QUIET = {"qa": ["-q", "--checks", "rules", "-j", "1"], "pair": ["-q"], "clean": ["-q"],
         "review": []}


def _run(name, out: Path, tmp: Path, capsys):
    argv = WRITERS[name][1](str(out), tmp)
    argv[1:1] = QUIET[argv[0]]
    code = main(argv)
    return code, capsys.readouterr().err


def _reference(name, tmp_path, capsys) -> bytes:
    """What the writer writes to a new regular file."""
    ref = tmp_path / "reference"
    ref.mkdir()
    out = ref / WRITERS[name][0]
    code, err = _run(name, out, ref, capsys)
    assert code == 0, err
    return out.read_bytes()


def _parts(folder: Path):
    return sorted(str(p) for p in folder.rglob("*") if p.name.startswith(".align-"))


def _make_device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except (PermissionError, OSError) as e:
        pytest.skip(f"cannot make a device node here: {e}")


class _FifoReader(threading.Thread):
    """Holds the read end of a FIFO open (so its writer never blocks on the
    open) and reads it until the writer is done with it."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self.data = bytearray()
        self.done = threading.Event()

    def run(self):
        import select

        while True:
            select.select([self.fd], [], [], 0.05)
            try:
                chunk = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                continue
            if chunk:
                self.data += chunk
            elif self.done.is_set():  # no writer, and the run is over
                break

    def finish(self) -> bytes:
        self.done.set()
        self.join(timeout=30)
        os.close(self.fd)
        return bytes(self.data)


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_symbolic_link_stays_a_link_and_its_target_gets_the_output(name, tmp_path, capsys):
    expected = _reference(name, tmp_path, capsys)
    work = tmp_path / "work"
    work.mkdir()
    real = tmp_path / "elsewhere" / ("real" + Path(WRITERS[name][0]).suffix)
    real.parent.mkdir()
    real.write_bytes(b"the old contents\n")
    real.chmod(0o604)
    link = work / WRITERS[name][0]
    link.symlink_to(real)
    code, err = _run(name, link, work, capsys)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == expected
    assert stat.S_IMODE(real.stat().st_mode) == 0o604  # the file's own mode kept
    assert _parts(tmp_path) == []


@pytest.mark.parametrize("name", [n for n in WRITERS if n != "clean -o"])
def test_a_device_stays_a_device_with_nothing_beside_it(name, tmp_path, capsys):
    dev = tmp_path / WRITERS[name][0]
    _make_device(dev)
    before = set(os.listdir(tmp_path))
    code, err = _run(name, dev, tmp_path, capsys)
    assert code == 0, err
    assert stat.S_ISCHR(os.lstat(dev).st_mode)
    # No signature, TSV or findings file named after the device, no temporary file.
    made = set(os.listdir(tmp_path)) - before
    assert not [m for m in made if m.startswith(dev.name) or m.startswith(dev.stem + ".")], made
    assert _parts(tmp_path) == []


@pytest.mark.parametrize("name", [n for n in WRITERS if n != "clean -o"])
def test_a_fifo_stays_a_fifo_and_its_reader_gets_the_output(name, tmp_path, capsys):
    expected = _reference(name, tmp_path, capsys)
    work = tmp_path / "work"
    work.mkdir()
    fifo = work / WRITERS[name][0]
    os.mkfifo(fifo)
    reader = _FifoReader(fifo)
    reader.start()
    try:
        code, err = _run(name, fifo, work, capsys)
    finally:
        got = reader.finish()
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got == expected
    assert _parts(tmp_path) == []


def test_standard_output_by_name_is_written_where_it_points(tmp_path):
    """``-o /dev/stdout`` with standard output redirected to a file (``>``):
    the report goes into that file; nothing renames over the name."""
    ref = tmp_path / "ref.csv"
    assert main(["qa", "-q", "--checks", "rules", str(SEED), "-o", str(ref)]) == 0
    out = tmp_path / "out.csv"
    with open(out, "wb") as fh:
        inode = os.fstat(fh.fileno()).st_ino
        proc = subprocess.run([sys.executable, "-m", "align", "qa", "-q", "--checks", "rules",
                               str(SEED), "-o", "/dev/stdout"], stdout=fh,
                              stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_ino == inode
    assert out.read_bytes() == ref.read_bytes()
    assert os.path.islink("/dev/stdout") or stat.S_ISCHR(os.stat("/dev/stdout").st_mode)
    assert not os.path.exists("/dev/stdout.signature.json")


# --- outputs that cannot be written: one line, exit 2, nothing left -------

def _said_plainly(code, err, todo=("choose another", "create it", "give a file name")):
    """Exit 2 and one line that says what to do; the line."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, err
    assert "Traceback" not in err
    assert len(lines) == 1, err
    assert any(t in lines[0] for t in todo), err
    return lines[0]


@pytest.mark.parametrize("name,where,said", [
    ("qa -o csv", "a folder", "it is a folder; give a file name"),
    ("qa --html", "missing", "no such folder"),
    ("qa --documents", "missing", "no such folder"),
    ("qa -o csv", "missing", "no such folder"),
    ("pair -o", "a folder", "it is a folder"),
    ("review export -o", "missing", "no such folder"),
])
def test_a_folder_or_missing_folder_is_said_plainly(name, where, said, tmp_path, capsys):
    out = tmp_path / "nofolder" / WRITERS[name][0]
    if where == "a folder":
        out = tmp_path / WRITERS[name][0]
        out.mkdir()
    code, err = _run(name, out, tmp_path, capsys)
    assert said in _said_plainly(code, err)
    assert _parts(tmp_path) == []


@pytest.mark.parametrize("output,fmt,code", [
    ("r.xls", None, 2), ("r.ods", None, 2), ("report.txt", None, 2),
    ("report.txt", "csv", 0), ("report", None, 0), ("r.JSON", None, 0),
])
def test_a_report_name_whose_suffix_is_no_format_is_a_usage_error(output, fmt, code, tmp_path,
                                                                  capsys):
    argv = ["qa", "-q", "--checks", "rules", str(SEED), "-o", str(tmp_path / output)]
    got = main(argv + (["--format", fmt] if fmt else []))
    err = capsys.readouterr().err
    assert got == code, err
    if code:
        assert "not a report format" in _said_plainly(got, err, todo=("--format",))
        assert not (tmp_path / output).exists()


@pytest.fixture
def mounted(tmp_path):
    """``mount(options)``: a small tmpfs at a folder of tmp_path, unmounted
    after the test; skips where mounting is not allowed."""
    points = []

    def mount(options: str) -> Path:
        point = tmp_path / f"mnt{len(points)}"
        point.mkdir()
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                              capture_output=True)
        if proc.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.decode().strip()}")
        points.append(point)
        return point

    yield mount
    for point in points:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _fill(folder: Path) -> None:
    """Use up every byte of the file system under ``folder``."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as e:
        assert e.errno == errno.ENOSPC
    finally:
        os.close(fd)


WRITE_CASES = ["qa -o csv", "qa -o xlsx", "qa --html", "qa --documents", "pair -o", "clean -o",
               "review export -o"]


@pytest.mark.parametrize("name", WRITE_CASES)
def test_a_read_only_file_system_is_said_plainly(name, tmp_path, capsys, mounted):
    ro = mounted("ro,size=64k")
    code, err = _run(name, ro / WRITERS[name][0], tmp_path, capsys)
    assert "read-only file system" in _said_plainly(code, err)
    assert _parts(tmp_path) == []


@pytest.mark.parametrize("name,jobs", [(n, "1") for n in WRITE_CASES] + [("qa -o csv", "2")])
def test_a_full_disk_is_said_plainly_and_the_old_file_stays(name, jobs, tmp_path, capsys,
                                                            mounted):
    disk = mounted("size=64k")
    out = disk / WRITERS[name][0]
    out.write_bytes(b"the old contents\n")
    _fill(disk)
    argv = WRITERS[name][1](str(out), tmp_path)
    argv[1:1] = [a if a != "1" else jobs for a in QUIET[argv[0]]]
    code = main(argv)
    err = capsys.readouterr().err
    assert "no space left" in _said_plainly(code, err)
    assert out.read_bytes() == b"the old contents\n"
    assert _parts(tmp_path) == []


@pytest.mark.parametrize("name", ["qa -o csv", "qa --html", "review export -o"])
def test_a_full_disk_without_mounting(name, tmp_path, capsys, monkeypatch):
    """The same where no tmpfs can be mounted: every write fails as on a full disk."""
    import align.core.outfile as outfile

    class Full(io.FileIO):
        def write(self, b):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def full_open(fd, mode="rb", buffering=-1, **kw):
        return io.BufferedWriter(Full(fd, "wb"), 1 << 16)

    monkeypatch.setattr(outfile, "open", full_open, raising=False)
    out = tmp_path / WRITERS[name][0]
    out.write_bytes(b"the old contents\n")
    code, err = _run(name, out, tmp_path, capsys)
    assert "no space left" in _said_plainly(code, err)
    assert out.read_bytes() == b"the old contents\n"
    assert _parts(tmp_path) == []


# --- modes -------------------------------------------------------------------

@pytest.mark.parametrize("name", ["qa -o csv", "qa -o xlsx", "qa --html", "qa --documents",
                                  "pair -o", "review export -o"])
@pytest.mark.parametrize("existing", [None, 0o604])
def test_a_new_output_follows_the_umask_and_a_replaced_one_keeps_its_mode(
        name, existing, tmp_path, capsys):
    out = tmp_path / WRITERS[name][0]
    if existing is not None:
        out.write_bytes(b"old")
        out.chmod(existing)
    old = os.umask(0o027)
    try:
        code, err = _run(name, out, tmp_path, capsys)
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == (existing if existing is not None else 0o640)


# --- signals -------------------------------------------------------------------

def test_a_signal_during_the_clean_up_does_not_cut_it_short(tmp_path, capsys, monkeypatch):
    """Ctrl-C while the workers' row files are being removed (a second
    Ctrl-C, say): the removal finishes first, then the run stops."""
    import shutil

    real = shutil.rmtree

    def interrupted_rmtree(path, *args, **kwargs):
        if ".align-rows-" in str(path):
            signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", interrupted_rmtree)
    out = tmp_path / "out"
    out.mkdir()
    code = main(["qa", "-q", "--checks", "rules", "-j", "2", str(SEED.parent),
                 "-o", str(out / "r.csv")])
    err = capsys.readouterr().err
    assert code == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert os.listdir(out) == []
