"""The local engine: one process, or a pool of worker processes."""
from __future__ import annotations

import multiprocessing as mp
from collections import deque
from itertools import islice
from typing import Iterator, List, Optional, Sequence

from ..config import Config
from ..detectors import select
from ..pipeline import DocumentResult, check_source, pack
from ..reader import Source

# Files per task: enough to amortise the pickling of results, small enough
# that the pool stays busy at the end of a run.
BATCH = 8
# Batches in flight per worker: bounds memory while keeping workers fed.
WINDOW = 4

_detectors = None
_config = None
_encode = None


def _init(checks, skip, config: Config, encode) -> None:
    global _detectors, _config, _encode
    import signal

    # Ctrl-C reaches the whole process group: the parent stops the pool and
    # removes the partial report; a worker would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _config = config
    _encode = encode
    _detectors = select(checks, skip, config)


def _work(batch: List[Source]) -> List[DocumentResult]:
    out = []
    for src in batch:
        res = check_source(src, _detectors, _config)
        res.document = None  # the text is not needed back; don't pickle it
        out.append(pack(res, _encode) if _encode is not None else res)
    return out


def _batches(sources: Sequence[Source], size: int):
    it = iter(sources)
    while True:
        batch = list(islice(it, size))
        if not batch:
            return
        yield batch


def run(sources: Sequence[Source], checks: Optional[Sequence[str]], skip: Optional[Sequence[str]],
        config: Config, jobs: int = 1, encode=None) -> Iterator[DocumentResult]:
    if jobs <= 1 or len(sources) <= 1:
        detectors = select(checks, skip, config)
        for src in sources:
            yield check_source(src, detectors, config)
        return
    # Fork is cheap and the parent has loaded no model; elsewhere spawn.
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    batches = _batches(sources, BATCH)
    with ctx.Pool(jobs, initializer=_init, initargs=(checks, skip, config, encode)) as pool:
        window = deque(pool.apply_async(_work, (b,)) for b in islice(batches, jobs * WINDOW))
        while window:
            done = window.popleft().get()
            nxt = next(batches, None)
            if nxt is not None:
                window.append(pool.apply_async(_work, (nxt,)))
            yield from done
