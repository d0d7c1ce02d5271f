"""Compiled regular expressions kept between runs.

``re`` parses and compiles a pattern in Python, and every character range of
a class costs a step per character: a class of the Han ranges takes it a
millisecond. The checks' large patterns cost every process 30 ms of its
start, which a run with ``--jobs N`` pays before any worker can begin. The
compiled program depends only on the pattern, its flags and the version of
the regular-expression engine, so ``compile`` keeps it in the index cache
(``$ALIGN_CACHE_DIR/index``, see ``detectors._diskcache``) and the next
process hands it straight to the engine.

The program is what ``re`` itself would build (the same parser and code
generator, called the way ``re.compile`` calls them), the file is keyed by
the engine's version, and the engine checks every program it is given; on
any failure ``compile`` is ``re.compile``. Used for the patterns that are
slow to compile, not everywhere: ``re.compile`` stays the rule.
"""
from __future__ import annotations

import os
import re
import sys
from typing import Dict, Optional, Tuple

try:  # Python 3.11 and later
    from re import _compiler as _sre_compile, _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _sre_compile  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]
import _sre

_Key = Tuple[str, int]
_cache: Optional[Dict[_Key, tuple]] = None
_new: Dict[_Key, tuple] = {}
_used: set = set()
_owner: Optional[int] = None


def _name() -> str:
    v = sys.version_info
    return f"regex-{v.major}.{v.minor}-{_sre.MAGIC}-{_sre.CODESIZE}.marshal"


def _load() -> Dict[_Key, tuple]:
    global _owner
    _owner = os.getpid()
    if os.environ.get("ALIGN_NO_INDEX_CACHE"):
        return {}
    import atexit
    import marshal

    from .userdirs import cache_dir, used

    atexit.register(_save)
    path = cache_dir() / "index" / _name()
    try:
        with open(path, "rb") as f:
            got = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(got, dict):
        return {}
    used(path)  # the cache's cap removes the least recently used files
    return got


def _save() -> None:
    """Write the cache if this process compiled patterns it did not have
    (the one that loaded it: forked workers inherit the exit handler). It
    keeps the programs of this run and of earlier ones, unless those are
    mostly of patterns no longer in use (the code changed)."""
    if not _new or os.getpid() != _owner:
        return
    from . import diskcache as _diskcache

    old = _cache or {}
    keep = dict(old) if len(old) <= 2 * len(_used) + 64 else {k: old[k] for k in _used if k in old}
    keep.update(_new)
    _diskcache.put(_name(), keep)


def _program(pattern: str, flags: int) -> tuple:
    # ``re._compiler.compile``, up to the call of the engine.
    p = _sre_parse.parse(pattern, flags)
    code = _sre_compile._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return (int(flags | p.state.flags), [int(c) for c in code], p.state.groups - 1,
            groupindex, tuple(indexgroup))


def compile(pattern: str, flags: int = 0) -> "re.Pattern[str]":  # noqa: A001 - re's name
    """``re.compile(pattern, flags)``, from the cache when it has it."""
    global _cache
    if _cache is None:
        _cache = _load()
    key = (pattern, int(flags))
    _used.add(key)
    prog = _cache.get(key) or _new.get(key)
    try:
        if prog is None:
            prog = _program(pattern, int(flags))
            _new[key] = prog
        return _sre.compile(pattern, *prog)
    except Exception:  # noqa: BLE001 - another Python's internals: re's own way
        _new.pop(key, None)
        _cache.pop(key, None)
        return re.compile(pattern, flags)
