"""The local engine: one process, or worker processes fed batches of files."""
from __future__ import annotations

import multiprocessing as mp
import sys
from collections import deque
from itertools import islice
from typing import Callable, Iterator, List, Optional, Sequence

from ..core.config import Config
from ..detectors import select
from .pipeline import DocumentResult, check_source, warm_up
from ..read.files import Source

# Files per task: enough to amortise the pickling of results, small enough
# that the workers stay busy at the end of a run.
BATCH = 8
# Batches in flight per worker: bounds memory while keeping workers fed.
WINDOW = 4

_detectors = None
_config = None
_post = None


def ignore_ctrl_c() -> None:
    """A worker's first step: Ctrl-C reaches the whole process group; the
    parent stops the pool and removes the partial report, a worker would only
    print a traceback. Ignored first, then unblocked (see ``pool``), so a
    Ctrl-C that came while the worker was being forked is dropped. SIGTERM
    gets its default action back: the parent's handler (``align.core.signals``)
    is for the parent, which stops its workers with SIGTERM."""
    from ..core.signals import child

    child()


def _pool_class():
    from multiprocessing.pool import Pool

    class QuietPool(Pool):
        """``multiprocessing.pool.Pool`` whose worker-keeping thread does
        not wake for results. CPython (3.8 to 3.13) has that thread wait on
        the result pipe as well as on the workers' exits; the pipe stays
        readable until the result thread reads it, so the keeper spins in
        the meantime: a third of the parent's CPU on a rule-based run,
        taken from the workers on a machine with as many cores as workers.
        It has nothing to do for a result: it starts a new worker when one
        ends (those wake it) and stops when the pool is closed (so does the
        pool's own notifier)."""

        def _get_sentinels(self):
            reader = getattr(getattr(self, "_outqueue", None), "_reader", None)
            return [s for s in super()._get_sentinels() if s is not reader]

    return QuietPool


def pool(ctx, processes: int, initializer: Callable = ignore_ctrl_c, initargs: tuple = ()):
    """``ctx.Pool`` with Ctrl-C (and SIGTERM) held back while the workers are
    forked: one that arrived between a fork and the worker's ``ignore_ctrl_c``
    would kill the worker mid-start, and one that interrupted the parent
    inside the Pool constructor would leave workers that no ``with`` block
    stops (the run then hung at exit). The parent gets it as soon as the
    pool exists."""
    from ..core.signals import held

    make = _pool_class()
    with held():
        return make(processes, initializer=initializer, initargs=initargs, context=ctx)


def _init(checks, skip, config: Config, post) -> None:
    global _detectors, _config, _post

    ignore_ctrl_c()
    _config = config
    _post = post
    _detectors = select(checks, skip, config)


def _work(batch: List[Source]) -> List[DocumentResult]:
    out = []
    for src in batch:
        res = check_source(src, _detectors, _config)
        if _post is not None:
            res = _post(res)
        res.document = None  # the text is not needed back; don't pickle it
        out.append(res)
    if hasattr(_post, "flush"):
        _post.flush()  # what the results point to, on disk before they go
    return out


def _serve(conn, others, checks, skip, config: Config, post) -> None:
    """A worker: batches in, results out, through its own pipe, until the
    parent closes it or dies. An error of a check goes back to be raised
    there. ``others``: the parent's ends of the pipes, which a forked worker
    holds copies of; closed, so that the parent's death ends the pipe."""
    for c in others:
        c.close()
    _init(checks, skip, config, post)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        n, batch = task
        try:
            out = (n, _work(batch), None)
        except Exception as e:  # noqa: BLE001 - raised again in the parent
            out = (n, None, e)
        try:
            conn.send(out)
        except Exception as e:  # noqa: BLE001 - an error that does not pickle
            conn.send((n, None, RuntimeError(f"{type(e).__name__}: {e}")))


def _death(exitcode: Optional[int]) -> str:
    import signal

    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        why = {"SIGKILL": ", perhaps for want of memory",
               "SIGSEGV": ": a crash in a compiled library"}.get(name, "")
        return f"was killed by {name}{why}"
    return f"exited with status {exitcode}"


class Workers:
    """Worker processes, each fed through a pipe of its own by the parent's
    main thread, which reads their results as they come and yields them in
    order. No helper threads, locks or shared queue: with
    ``multiprocessing.Pool`` those threads took the parent a third of its
    CPU, and a worker that died took its batch with it and left the run
    waiting forever.

    A worker that dies (killed for memory, a crash in a compiled library on
    a hostile file) is replaced and the files it held are checked again one
    by one: a file that kills the process checking it on its own becomes an
    ``input_error`` row (``internal.crash``) and the run goes on.

    At most ``jobs * window`` batches are out (sent, or done and waiting
    for an earlier one), so memory does not grow with the corpus; each
    worker holds at most ``DEPTH`` of them, so a slow batch does not keep
    others queued behind it while another worker is free."""

    DEPTH = 2

    def __init__(self, ctx, jobs: int, initargs: tuple,
                 post: Optional[Callable[[DocumentResult], DocumentResult]] = None,
                 window: int = WINDOW):
        self._ctx, self._initargs, self._post = ctx, initargs, post
        self._limit = jobs * window
        self._held: dict = {}    # worker -> deque of the tasks sent to it
        self._retry: deque = deque()   # tasks a dead worker held, first
        self._done: dict = {}    # batch number -> its results, until their turn
        self._parts: dict = {}   # batch number -> results of its files, when split
        self._answered: set = set()   # workers that have answered once
        self._deaths_at_start = 0
        try:
            for _ in range(jobs):
                self._start()
        except BaseException:  # Ctrl-C, SIGTERM: no worker left running
            self.close()
            raise

    def _start(self) -> None:
        from ..core.signals import held

        parent, child = self._ctx.Pipe()
        forked = self._ctx.get_start_method() == "fork"
        others = [parent, *(c for _, c in self._held)] if forked else []
        proc = self._ctx.Process(target=_serve, args=(child, others, *self._initargs),
                                 daemon=True)
        # Ctrl-C and SIGTERM held back while forking, as in ``pool``; the
        # worker is recorded with them, so that ``close`` stops it.
        with held():
            proc.start()
            self._held[(proc, parent)] = deque()
        child.close()

    def map(self, batches: Iterator[List[Source]]) -> Iterator[DocumentResult]:
        """The results of ``batches``' files, in order."""
        from multiprocessing.connection import wait

        numbered = enumerate(batches)
        taken = nxt = 0  # batches taken from ``batches``; the next to yield
        exhausted = False
        while True:
            moved = False  # a task sent or a result yielded in this round
            for w, held in self._held.items():
                while len(held) < self.DEPTH:
                    if self._retry:
                        task = self._retry.popleft()
                    elif not exhausted and taken - nxt < self._limit:
                        task = next(numbered, None)
                        if task is None:
                            exhausted = True
                            break
                        taken += 1
                    else:
                        break
                    held.append(task)
                    w[1].send(task)
                    moved = True
            while nxt in self._done:
                got = self._done.pop(nxt)
                nxt += 1
                moved = True
                yield from got
            if exhausted and nxt == taken:
                return
            busy = [w for w, held in self._held.items() if held]
            if not busy:
                # Every worker is idle: the window was full until the
                # results just yielded made room (one slow batch, a dead
                # worker's files checked again, while the others ran
                # ahead). Send more first: a wait on no worker never returns.
                if moved:
                    continue
                raise RuntimeError(f"internal error: the results of batch {nxt} of "
                                   f"{taken} were lost; no worker holds it")
            ready = set(wait([w[1] for w in busy] + [w[0].sentinel for w in busy]))
            for w in busy:
                if w[1] in ready:
                    try:
                        key, out, err = w[1].recv()
                    except (EOFError, OSError):
                        self._lost(w)  # it died mid-answer
                        continue
                    if err is not None:
                        raise err
                    self._held[w].popleft()
                    if w not in self._answered:
                        self._answered.add(w)
                        self._deaths_at_start = 0
                    self._answer(key, out)
                elif w[0].sentinel in ready:
                    self._lost(w)

    def _answer(self, key, results: list) -> None:
        if not isinstance(key, tuple):
            self._done[key] = results
            return
        n, i = key  # file i of batch n, checked alone
        parts = self._parts[n]
        parts[i] = results
        if all(p is not None for p in parts):
            del self._parts[n]
            self._done[n] = [r for p in parts for r in p]

    def _lost(self, w) -> None:
        """Replace a dead worker and deal again what it held."""
        proc, conn = w
        proc.join()
        conn.close()
        held = self._held.pop(w)
        if w not in self._answered:
            # It died before its first answer: on its own start, perhaps,
            # and then so would every worker started in its place.
            self._deaths_at_start += 1
            if self._deaths_at_start >= 3:
                raise RuntimeError(f"worker processes die before checking anything (the last "
                                   f"{_death(proc.exitcode)}); try --jobs 1 to see why")
        self._start()
        # A worker takes its tasks in order: it died on the first; the
        # others it never began, and go back as they are.
        (key, batch), rest = held[0], list(held)[1:]
        self._retry.extendleft(reversed(rest))
        if isinstance(key, tuple):
            # Alone, this file kills the process that checks it.
            self._answer(key, [self._crashed(batch[0], _death(proc.exitcode))])
        else:
            # One of these did: each again on its own.
            self._parts[key] = [None] * len(batch)
            self._retry.extend(((key, i), [src]) for i, src in enumerate(batch))

    def _crashed(self, src: Source, why: str) -> DocumentResult:
        from .pipeline import error_result
        from ..read.files import InputError

        res = error_result(src, InputError(
            "internal.crash", f"the process checking this file {why}; the other files "
            "were checked. Please report this with the file"))
        if self._post is not None:
            res = self._post(res)
            if hasattr(self._post, "flush"):
                self._post.flush()
        return res

    def close(self) -> None:
        """Stop the workers: asked to when they are idle, else (Ctrl-C, an
        error) killed."""
        for (proc, conn), held in self._held.items():
            if held:
                proc.terminate()
            else:
                try:
                    conn.send(None)
                except OSError:
                    proc.terminate()
        for proc, conn in self._held:
            proc.join(timeout=10)
            if proc.is_alive():  # pragma: no cover - a worker stuck in C
                proc.kill()
                proc.join()
            conn.close()
        self._held = {}


def _batches(sources: Sequence[Source], size: int):
    it = iter(sources)
    while True:
        batch = list(islice(it, size))
        if not batch:
            return
        yield batch


def run(sources: Sequence[Source], checks: Optional[Sequence[str]], skip: Optional[Sequence[str]],
        config: Config, jobs: int = 1,
        post: Optional[Callable[[DocumentResult], DocumentResult]] = None
        ) -> Iterator[DocumentResult]:
    if jobs <= 1 or len(sources) <= 1:
        detectors = select(checks, skip, config)
        flush = getattr(post, "flush", None)
        for src in sources:
            res = check_source(src, detectors, config)
            if post is not None:
                res = post(res)
                if flush is not None:
                    # What the result points to, on disk before it goes (as
                    # a worker does per batch): a caller that asked for
                    # workers packs rows for them even when one file runs here.
                    flush()
            yield res
        return
    # Fork is cheap, and workers forked from a parent that has loaded the
    # models share them (see ``Detector.prepare``); elsewhere spawn.
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    if method == "fork":
        from ..core.collector import loading

        detectors = select(checks, skip, config)
        # What is loaded now lives as long as the run.
        with loading():
            try:
                for det in detectors:
                    det.prepare()
                # The post steps too (a Chain's steps, or one step).
                for step in getattr(post, "steps", [post]):
                    if hasattr(step, "prepare"):
                        step.prepare()
                warm_up(detectors, config)
            finally:
                # Work a preparation started in another process (embed_aside).
                # Only a model check loads embed: a rule-based run never imports
                # it (nor numpy, a tenth of a second before the fork).
                embed = sys.modules.get("align.pair.embed")
                if embed is not None:
                    embed.settle()
    # No more workers than files, and batches small enough to give each one
    # some (ten files and two workers: two batches of five, not 8 and 2).
    jobs = min(jobs, len(sources))
    size = min(BATCH, -(-len(sources) // jobs))
    workers = Workers(mp.get_context(method), jobs, (checks, skip, config, post), post)
    try:
        yield from workers.map(_batches(sources, size))
    finally:
        workers.close()
