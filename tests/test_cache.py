"""The user cache's cap: least recently used entries go, what is in use
stays, a failed model leaves nothing, and `align cache` shows and clears it."""
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from align.core import userdirs
from align.pair import embed
from align.cli import main
from align.core import diskcache as _diskcache

DAY = 86400


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(folder))
    monkeypatch.delenv("ALIGN_CACHE_MAX", raising=False)
    monkeypatch.delenv("ALIGN_NO_INDEX_CACHE", raising=False)
    # This process's own entries (other tests') are not these.
    monkeypatch.setattr(userdirs, "_used", set())
    monkeypatch.setattr(userdirs, "_held", {})
    return folder


def index_file(cache, name, size, age_days):
    """An index file of ``size`` bytes, last used ``age_days`` ago."""
    path = cache / "index" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * size)
    stamp = time.time() - age_days * DAY
    os.utime(path, (stamp, stamp))
    return path


@pytest.mark.parametrize("text,size", [
    ("0", 0), ("4096", 4096), ("512B", 512), ("500M", 500 << 20), ("2G", 2 << 30),
    ("1.5 GB", 3 << 29), ("1GiB", 1 << 30), ("10k", 10 << 10), ("1T", 1 << 40),
])
def test_sizes(text, size):
    assert userdirs.parse_size(text) == size


@pytest.mark.parametrize("text", ["", "big", "-1G", "1X", "G", "1.G"])
def test_not_sizes(text):
    with pytest.raises(ValueError):
        userdirs.parse_size(text)


@pytest.mark.parametrize("env,cap", [
    (None, 1 << 30), ("200M", 200 << 20), ("0", 0),
    ("lots", 1 << 30),  # not a size: the default (`align cache` says so)
])
def test_cap_from_the_environment(monkeypatch, env, cap):
    if env is None:
        monkeypatch.delenv("ALIGN_CACHE_MAX", raising=False)
    else:
        monkeypatch.setenv("ALIGN_CACHE_MAX", env)
    assert userdirs.cache_max() == cap


# (name, size in kB, days since last use); the cap, in kB; the names that stay.
@pytest.mark.parametrize("files,cap,kept", [
    # the least recently used go first, until the rest fits
    ([("a.marshal", 40, 3), ("b.marshal", 40, 2), ("c.marshal", 40, 1)], 100, {"b", "c"}),
    ([("a.marshal", 40, 3), ("b.marshal", 40, 2), ("c.marshal", 40, 1)], 50, {"c"}),
    # under the cap: nothing goes, however old
    ([("a.marshal", 40, 300), ("b.marshal", 40, 2)], 80, {"a", "b"}),
    # an entry larger than the cap by itself goes first, recent or not
    ([("a.marshal", 40, 3), ("big.marshal", 200, 0), ("c.marshal", 40, 1)], 100, {"a", "c"}),
    # a half-written file of a writer at work stays; one left a day ago goes
    ([(".tmp-x.marshal", 40, 0), ("b.marshal", 40, 2)], 50, {".tmp-x"}),
    ([(".tmp-x.marshal", 40, 2), ("b.marshal", 40, 1)], 50, {"b"}),
])
def test_trim_removes_the_least_recently_used(cache, files, cap, kept):
    for name, kb, age in files:
        index_file(cache, name, kb << 10, age)
    foreign = cache / "notes.txt"  # not align's: never counted, never removed
    foreign.write_bytes(b"\0" * (500 << 10))
    userdirs.trim(cap << 10)
    assert {p.stem for p in (cache / "index").iterdir()} == kept
    assert foreign.exists()


def test_what_this_process_used_stays(cache):
    old = index_file(cache, "old.marshal", 40 << 10, 10)
    index_file(cache, "new.marshal", 40 << 10, 1)
    userdirs.used(old)  # read by this run a moment ago, though not since: now the newest
    userdirs.trim(50 << 10)
    assert [p.name for p in (cache / "index").iterdir()] == ["old.marshal"]


def test_a_read_makes_an_index_file_recent(cache):
    """Reading marks the file used (access times may not be kept), so the
    cap removes what no run reads, not what was written long ago."""
    name = _diskcache.key("thing", (), (), ())
    _diskcache.put(name, "value")
    path = cache / "index" / name
    os.utime(path, (time.time() - 5 * DAY,) * 2)
    assert _diskcache.get(name) == "value"
    assert path.stat().st_mtime > time.time() - 60


def test_writing_an_index_holds_the_folder_to_its_cap(cache, monkeypatch):
    stale = index_file(cache, "stale-0123.marshal", 300 << 10, 3)
    recent = index_file(cache, "recent-0123.marshal", 300 << 10, 1)
    monkeypatch.setenv("ALIGN_CACHE_MAX", "700K")
    name = _diskcache.key("thing", (), (), ())
    _diskcache.put(name, b"\1" * (200 << 10))
    assert not stale.exists() and recent.exists()
    assert _diskcache.get(name) == b"\1" * (200 << 10)


HOLD = """
import sys, time
import numpy as np
from align.pair import embed
embed.VectorCache("model").put(["a"], np.ones((1, 4), np.float32))
print("open", flush=True)
sys.stdin.readline()
embed.VectorCache("model").get(["a"])  # still readable
"""


def test_a_database_open_in_another_process_stays(cache):
    env = dict(os.environ, ALIGN_CACHE_DIR=str(cache), ALIGN_CACHE_MAX="1G")
    proc = subprocess.Popen([sys.executable, "-c", HOLD], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout.readline() == "open\n", proc.stderr.read()
        database = next(cache.glob("model-*.sqlite"))
        assert userdirs.trim(0) == []
        assert main(["cache", "--clear"]) == 0
        assert database.exists()
    finally:
        proc.stdin.write("\n")
        proc.stdin.close()
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    # Its process gone, so is its hold on it: (its exit trimmed to 1G) the
    # cap of 0 removes it and every file SQLite kept beside it.
    assert [e.name for e in userdirs.trim(0)] == [database.name]
    assert list(cache.iterdir()) == []


def test_a_remover_and_an_opener_meet_on_the_lock(cache):
    """A process that opens a database while another removes it waits for
    the removal and then holds the new file's lock, not the removed one's."""
    import fcntl
    import threading

    database = cache / "model-0123456789.sqlite"
    cache.mkdir()
    database.write_bytes(b"")
    lock = str(database) + "-lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # the remover's
    opener = threading.Thread(target=userdirs.hold, args=(database,))
    opener.start()
    time.sleep(0.2)
    assert opener.is_alive()  # waits
    os.unlink(lock)
    os.close(fd)
    opener.join(10)
    pid, held = userdirs._held[os.path.abspath(database)]
    assert os.fstat(held).st_ino == os.stat(lock).st_ino
    os.close(held)


READ = """
import sys
from align.core import diskcache as _diskcache
for _ in range(3000):
    got = _diskcache.get(sys.argv[1])
    assert got is None or got == b"x" * 100000, type(got)
print("read", flush=True)
"""


def test_removing_index_files_another_process_reads_costs_it_nothing(cache):
    """A reader meets the file whole, or not at all (then it would build
    it again): never half of one, never an error."""
    name = _diskcache.key("thing", (), (), ())
    _diskcache.put(name, b"x" * 100000)
    env = dict(os.environ, ALIGN_CACHE_DIR=str(cache))
    reader = subprocess.Popen([sys.executable, "-c", READ, name], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    removals = 0
    while reader.poll() is None:
        _diskcache.put(name, b"x" * 100000)
        userdirs._used.clear()
        removals += len(userdirs.trim(0))
    out, err = reader.communicate()
    assert reader.returncode == 0 and out == "read\n", err
    assert removals > 10


class _Broken(embed.Embedder):
    """A model that cannot be loaded, as a mistyped name."""

    name = "st:labse-typo"
    dim = 4

    def _encode(self, texts):
        raise OSError("no such model: labse-typo")


def test_a_model_that_fails_to_load_leaves_no_file(cache):
    emb = _Broken()
    with pytest.raises(OSError):
        emb.encode(["一句话。"])
    assert not cache.exists() or list(cache.rglob("*")) == []


WRITE = """
import os
import numpy as np
from align.pair import embed
cache = embed.VectorCache("model")
if {forked}:  # as qa's workers: they write, then leave with os._exit
    pid = os.fork()
    if pid == 0:
        cache.put([str(i) for i in range(200)], np.ones((200, 64), np.float32))
        os._exit(0)
    os.waitpid(pid, 0)
else:
    cache.put([str(i) for i in range(200)], np.ones((200, 64), np.float32))
"""


@pytest.mark.parametrize("forked", [False, True])
@pytest.mark.parametrize("cap,kept", [
    ("1G", True),
    ("8K", False),  # the database outgrew the cap during the run: at exit it goes
])
def test_a_run_that_wrote_vectors_leaves_the_folder_under_its_cap(tmp_path, cap, kept, forked):
    env = dict(os.environ, ALIGN_CACHE_DIR=str(tmp_path), ALIGN_CACHE_MAX=cap)
    subprocess.run([sys.executable, "-c", WRITE.format(forked=forked)], env=env, check=True,
                   timeout=120)
    assert bool(list(tmp_path.glob("model-*.sqlite"))) is kept
    assert sum(e.size for e in userdirs.entries(tmp_path)) <= userdirs.parse_size(cap)


def test_cache_info(cache, capsys):
    index_file(cache, "calque-0123.marshal", 3 << 20, 1)
    index_file(cache, "cedict-0123.marshal", 9 << 20, 2)
    embed.VectorCache("usem3-pooled").put(["a"], np.ones((1, 4), np.float32))
    (cache / "notes.txt").write_text("mine")
    assert main(["cache"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"folder: {cache}"
    # the open database with its -wal, -shm and -lock files
    assert lines[1].startswith("files:  6 in 3 entries")
    assert lines[2].startswith("size:   12.1M (") and "of a 1.0G cap (default" in lines[2]
    assert "cedict-0123.marshal" in lines[4] and "calque-0123.marshal" in lines[5]
    assert "usem3-pooled-" in lines[6] and "notes.txt" not in out
    main(["cache", "--info"])
    assert capsys.readouterr().out == out


def test_cache_clear_removes_only_aligns_files(cache, capsys):
    index_file(cache, "calque-0123.marshal", 3 << 20, 1)
    env = dict(os.environ, ALIGN_CACHE_DIR=str(cache))
    subprocess.run([sys.executable, "-c", WRITE.format(forked=False)], env=env, check=True,
                   timeout=120)  # a run that wrote vectors, and ended
    (cache / "notes.txt").write_text("mine")
    (cache / "index" / "README").write_text("mine too")
    assert main(["cache", "--clear"]) == 0
    out = capsys.readouterr().out  # the index file, the database and its lock file
    assert out.startswith("removed 3 files (3.1M) from ") and out.endswith(f" {cache}\n")
    assert sorted(p.name for p in cache.rglob("*")) == ["README", "index", "notes.txt"]


def test_cache_with_a_cap_that_is_no_size(cache, monkeypatch, capsys):
    monkeypatch.setenv("ALIGN_CACHE_MAX", "lots")
    assert main(["cache"]) == 2
    err = capsys.readouterr().err
    assert err == ("align cache: ALIGN_CACHE_MAX='lots' is not a size (e.g. 500M, 2G); "
                   "runs use the default cap, 1.0G\n")
