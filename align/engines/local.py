"""The local engine: one process, or a pool of worker processes."""
from __future__ import annotations

import multiprocessing as mp
import sys
from collections import deque
from itertools import islice
from typing import Callable, Iterator, List, Optional, Sequence

from ..config import Config
from ..detectors import select
from ..pipeline import DocumentResult, check_source, warm_up
from ..reader import Source

# Files per task: enough to amortise the pickling of results, small enough
# that the pool stays busy at the end of a run.
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
    Ctrl-C that came while the worker was being forked is dropped."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


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
    """``ctx.Pool`` with Ctrl-C held back while the workers are forked: one
    that arrived between a fork and the worker's ``ignore_ctrl_c`` would kill
    the worker mid-start, and one that interrupted the parent inside the
    Pool constructor would leave workers that no ``with`` block stops (the
    run then hung at exit). The parent gets it as soon as the pool exists."""
    import signal

    make = _pool_class()
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        return make(processes, initializer=initializer, initargs=initargs, context=ctx)
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return make(processes, initializer=initializer, initargs=initargs, context=ctx)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


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
        for src in sources:
            res = check_source(src, detectors, config)
            yield post(res) if post is not None else res
        return
    # Fork is cheap, and workers forked from a parent that has loaded the
    # models share them (see ``Detector.prepare``); elsewhere spawn.
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    if method == "fork":
        detectors = select(checks, skip, config)
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
            embed = sys.modules.get("align.embed")
            if embed is not None:
                embed.settle()
    ctx = mp.get_context(method)
    batches = _batches(sources, BATCH)
    with pool(ctx, jobs, _init, (checks, skip, config, post)) as workers:
        window = deque(workers.apply_async(_work, (b,)) for b in islice(batches, jobs * WINDOW))
        while window:
            done = window.popleft().get()
            nxt = next(batches, None)
            if nxt is not None:
                window.append(workers.apply_async(_work, (nxt,)))
            yield from done
