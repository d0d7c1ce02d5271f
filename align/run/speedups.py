"""What the ``align`` command and the engines do to go faster, and a library
must not do to the process that imports it.

Each of these reaches into another package's private parts or changes state
of the whole process, so none runs in a program that merely imports align
(``align.check_text`` in a notebook): ``install`` is called by the command
(``cli.console``) and by Ray's actors, and the collector's policy by the
engines and ``align qa``. Each is kept for a measured gain (docs/scale.md,
"Speed-ups of the command"); each changes no result.

- **Compiled regular expressions kept between runs** (``Programs``). The
  checks' large patterns (``core.recache.compile``) cost ``re`` about 0.1 s
  of CPU in every process: it compiles a character class a step per
  character. Their compiled programs depend only on the pattern, its flags
  and the engine's version, so they are kept in the index cache and handed
  straight to the engine (``_sre.compile``) by the next process.
- **jieba's dictionary read from bytes** (``preload_jieba``): jieba reads
  its cache file with ``marshal.load`` on the file object, object by object
  (0.9 s of CPU against 0.3 s).
- **The collector** (``GC_THRESHOLD``, ``loading``, ``settle_young``): a
  run makes millions of short-lived objects and almost no reference
  cycles, and loads tables of hundreds of thousands of containers that
  live as long as the process; at its defaults the collector walks the
  young objects thousands of times a second and walks every loaded table
  again, generation by generation, to find no garbage.
"""
from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager
from typing import Dict, Iterator, Optional, Tuple


def install() -> None:
    """The speed-ups of a process that runs the ``align`` command (or a Ray
    actor of one): compiled patterns from the index cache, jieba's
    dictionary read fast. Nothing is loaded until a check asks for it."""
    from ..core import recache
    from ..text import zhwords

    if recache.programs is None:
        recache.programs = Programs().get
    zhwords.preload = preload_jieba


# -- compiled regular expressions ---------------------------------------------

_Key = Tuple[str, int]


class Programs:
    """Compiled programs of patterns by ``(pattern, flags)``, read from the
    index cache (``$ALIGN_CACHE_DIR/index``) on first use, written back at
    exit by the process that read them if it compiled new ones.

    A program is what ``re`` itself would build (the same parser and code
    generator, called the way ``re.compile`` calls them), the file is keyed
    by the engine's version, and the engine checks every program it is
    given; on any failure ``get`` answers None and ``re`` compiles."""

    def __init__(self):
        self.cache: Optional[Dict[_Key, tuple]] = None
        self.new: Dict[_Key, tuple] = {}
        self.used: set = set()
        self.owner: Optional[int] = None

    @staticmethod
    def name() -> str:
        import _sre

        v = sys.version_info
        return f"regex-{v.major}.{v.minor}-{_sre.MAGIC}-{_sre.CODESIZE}.marshal"

    def _load(self) -> Dict[_Key, tuple]:
        self.owner = os.getpid()
        if os.environ.get("ALIGN_NO_INDEX_CACHE"):
            return {}
        import atexit

        from ..core import diskcache

        atexit.register(self.save)
        got = diskcache.get(self.name())
        return got if isinstance(got, dict) else {}

    def save(self) -> None:
        """Write the file if this process compiled patterns it did not have
        (the one that read it: forked workers inherit the exit handler). It
        keeps the programs of this run and of earlier ones, unless those are
        mostly of patterns no longer in use (the code changed)."""
        if not self.new or os.getpid() != self.owner:
            return
        from ..core import diskcache

        old = self.cache or {}
        used = self.used
        keep = dict(old) if len(old) <= 2 * len(used) + 64 else {k: old[k] for k in used if k in old}
        keep.update(self.new)
        diskcache.put(self.name(), keep)

    def get(self, pattern: str, flags: int):
        """The compiled pattern, or None (then ``re.compile`` it)."""
        import _sre

        if self.cache is None:
            self.cache = self._load()
        key = (pattern, flags)
        self.used.add(key)
        prog = self.cache.get(key) or self.new.get(key)
        try:
            if prog is None:
                prog = self.new[key] = _program(pattern, flags)
            return _sre.compile(pattern, *prog)
        except Exception:  # noqa: BLE001 - another Python's internals: re's own way
            self.new.pop(key, None)
            self.cache.pop(key, None)
            return None


def _program(pattern: str, flags: int) -> tuple:
    # ``re._compiler.compile``, up to the call of the engine.
    try:  # Python 3.11 and later
        from re import _compiler as sre_compile, _parser as sre_parse
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_compile  # type: ignore[no-redef]
        import sre_parse  # type: ignore[no-redef]

    p = sre_parse.parse(pattern, flags)
    code = sre_compile._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return (int(flags | p.state.flags), [int(c) for c in code], p.state.groups - 1,
            groupindex, tuple(indexgroup))


# -- jieba ----------------------------------------------------------------------


def preload_jieba(jieba) -> None:
    """Read jieba's default dictionary (its prefix table) from jieba's own
    cache file, as ``jieba.initialize`` would, but from bytes:
    ``marshal.load`` on the file object reads it object by object. Anything
    unusual (another dictionary, a cache file of the caller's choosing, no
    or a broken cache) is left to ``initialize``."""
    import tempfile

    from ..core import diskcache

    dt = jieba.dt
    if dt.initialized or dt.dictionary != jieba.DEFAULT_DICT or dt.cache_file:
        return
    got = diskcache.load(os.path.join(dt.tmp_dir or tempfile.gettempdir(), "jieba.cache"))
    if not (isinstance(got, tuple) and len(got) == 2):
        return
    freq, total = got
    with dt.lock:
        if not dt.initialized:
            dt.FREQ, dt.total, dt.initialized = freq, total, True


# -- the collector ----------------------------------------------------------------

#: The thresholds for a corpus run (the local engine's workers inherit them;
#: Ray's actors set them). At the default (700 allocations) the collector
#: would walk the young objects thousands of times a second.
GC_THRESHOLD = (20_000, 20, 20)


def settle_young() -> None:
    """Move every object the collector tracks to its oldest generation,
    without walking them: a table just loaded would otherwise be walked by
    the next collections of each younger generation. Left alone when the
    caller has frozen objects of its own, which unfreezing would release."""
    if not gc.get_freeze_count():
        gc.freeze()
        gc.unfreeze()


@contextmanager
def loading() -> Iterator[None]:
    """No collection while the block loads what the rest of the process
    keeps (models, indexes), then its objects settled as old ones: what the
    gc module's documentation advises for a parent about to fork workers."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        settle_young()
        if collecting:
            gc.enable()
