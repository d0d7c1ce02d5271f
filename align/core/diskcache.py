"""Derived data kept on disk between processes (indexes built from dictionaries).

Some checks derive a large structure from packaged dictionaries and the
termbases (the calque index, the pinyin tables). Building it takes seconds,
and every process pays that: each worker of ``--jobs N``, each CLI run. The
result depends only on its inputs, so it is stored in the user cache
(``$ALIGN_CACHE_DIR``, else ``$XDG_CACHE_HOME/align`` or ``~/.cache/align``)
under a key that hashes all of them: the terms, the versions of the packages
whose data went in, and the source of the code that built it. A change to any
of them is a new key; nothing is ever stale.

Values are builtins only (dicts, tuples, frozensets, strings, numbers) and
written with ``marshal``: no code runs on loading, and it loads several times
faster than pickle. A file is written under a temporary name and renamed, so
concurrent workers never read half a file; a cache that cannot be read or
written is ignored, never an error.

Every change of inputs leaves the old file behind, so writing a new file
removes the files of the same kind that nothing has used for a month
(another installation that still uses one builds it again), and then holds
the whole cache folder to its cap (``userdirs.trim``: least recently used
first; reading a file marks it used).
"""
from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

# Bumped when the file layout changes.
_FORMAT = 1
# Files of a kind older than this are removed when a new one is written.
STALE_SECONDS = 30 * 24 * 3600


def _dir() -> Path:
    from .userdirs import cache_dir

    return cache_dir() / "index"


def key(kind: str, inputs: object, packages: Iterable[str],
        sources: Iterable[str]) -> str:
    """A file name for data of ``kind`` derived from ``inputs`` (whose repr
    must show all of them: terms, options) with the data of ``packages`` by
    the code in the files ``sources``."""
    import sys

    h = hashlib.sha256()
    h.update(f"{_FORMAT}|{sys.version_info[:2]}|".encode())
    h.update(repr(inputs).encode("utf-8"))
    for p in packages:
        h.update(f"|{p}={_version(p)}".encode())
    for src in sources:
        try:
            h.update(Path(src).read_bytes())
        except OSError:
            h.update(b"?")
    return f"{kind}-{h.hexdigest()[:24]}.marshal"


@lru_cache(maxsize=None)
def _version(package: str) -> str:
    """The installed version of ``package``, from the name of its
    ``NAME-VERSION.dist-info`` folder on ``sys.path`` (the first one, as
    imports find it). ``importlib.metadata`` would parse the metadata file of
    every package asked for (0.02 s of every run's start)."""
    import sys

    want = _normal(package)
    for entry in sys.path:
        for name in _dist_infos(entry or "."):
            dist, _, ver = name[:-len(".dist-info")].partition("-")
            if ver and _normal(dist) == want:
                return ver
    # Another layout (an egg, a zip): the slow way.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def _normal(name: str) -> str:
    # PEP 503: runs of "-", "_" and "." are one separator, case is ignored.
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


@lru_cache(maxsize=None)
def _dist_infos(folder: str) -> tuple:
    try:
        with os.scandir(folder) as it:
            return tuple(e.name for e in it if e.name.endswith(".dist-info"))
    except OSError:
        return ()


def get(name: str) -> Optional[object]:
    if os.environ.get("ALIGN_NO_INDEX_CACHE"):
        return None
    path = _dir() / name
    got = load(path)
    if got is not None:
        from .userdirs import used

        used(path)  # the cap's removals go by last use
    return got


def cached(name: str, build, kind: type):
    """The value under ``name`` if it is a ``kind``, else ``build()``, kept
    under ``name`` for the next process."""
    got = get(name)
    if isinstance(got, kind):
        return got
    got = build()
    put(name, got)
    return got


def load(path: os.PathLike | str) -> Optional[object]:
    """The value of a marshal file (this cache's, or another library's
    such as jieba's), or None if it cannot be read or decoded."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    # marshal.load on a file reads it object by object (3x slower than from
    # bytes).
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None


def put(name: str, value: object) -> None:
    if os.environ.get("ALIGN_NO_INDEX_CACHE"):
        return
    d = _dir()
    try:
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".marshal")
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump(value, f)
            os.replace(tmp, d / name)
            _prune(d, name)
            from .userdirs import trim, used

            used(d / name)
            trim()
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except (OSError, ValueError):
        pass


def _prune(d: Path, name: str) -> None:
    import time

    kind = name.rsplit("-", 1)[0]
    cutoff = time.time() - STALE_SECONDS
    for old in d.glob(f"{kind}-*.marshal"):
        try:
            if old.name != name and old.name.rsplit("-", 1)[0] == kind \
                    and old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass
