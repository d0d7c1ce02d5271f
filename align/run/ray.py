"""The Ray engine: the same checks on Ray Data, on one machine or a cluster.

Documents are read as a dataset of file references; checks are applied with
``map_batches`` on pandas batches by a pool of actors, so each worker builds
its detectors and loads any model once. An actor also runs the caller's
``post`` step, as the local engine's workers do: the report's rows are
rendered there (``pipeline.Pack``) and the pairing fingerprint taken
(``pairing.Fingerprinter``). The results, a partitioned dataset with one
record per document (its rendered rows, counts and summary), are sorted by
Ray into the report's order and streamed back to the report writer a batch
at a time, so the report is byte-identical to the local engine's and the
driver's memory does not grow with the corpus. Inside a document the rows
are already in the contract's order; a record per document, not per row,
keeps Ray from moving and sorting the ten times larger rows one by one.

Ray is an optional extra: ``pip install 'align[ray]'``.
"""
from __future__ import annotations

import pickle
from typing import Callable, Iterator, Optional, Sequence, Tuple

from ..core.config import Config
from .pipeline import DocumentResult
from ..read.files import Source

BATCH = 16


class _CheckBatch:
    """An actor: detectors built once, then one pandas batch of files at a time."""

    def __init__(self, checks, skip, config: Config, post):
        import gc

        from ..detectors import select
        from ..core.collector import GC_THRESHOLD

        gc.set_threshold(*GC_THRESHOLD)  # as the local engine's workers inherit it
        self.config = config
        self.post = post
        self.detectors = select(checks, skip, config)

    def __call__(self, batch):
        from pathlib import Path

        import pandas as pd

        from .pipeline import check_source

        out = []
        for doc, path, skip in zip(batch["doc"], batch["path"], batch["skip"]):
            res = check_source(Source(doc, Path(path), skip), self.detectors, self.config)
            if self.post is not None:
                res = self.post(res)
            res.document = None  # the text is not needed back
            out.append(pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
        return pd.DataFrame({"doc": list(batch["doc"]), "result": out})


def _quiet_ray_data() -> None:
    """Ray Data's console handler at errors only. Importing ``ray.data``
    configures its logger (its own handlers, not propagating), so a level
    set before is lost; its log files (not stream handlers) keep everything."""
    import logging

    import ray.data  # noqa: F401 - configures the "ray.data" logger

    for handler in logging.getLogger("ray.data").handlers:
        if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
            handler.setLevel(logging.ERROR)


def _no_restarts(map_batches) -> dict:
    """``max_restarts=0`` for ``map_batches``' actors where it takes Ray's
    remote arguments. Ray Data hands an actor its function by reference,
    which a restart cannot get back once evicted (Ray issue 53727), so Ray
    logs an error line on stderr for every actor it may restart (issue
    57733); and an actor that crashed on a page would be restarted without
    end. Ray 2.60 deprecates passing remote arguments this way (and warns,
    on stderr too) but names no other."""
    import inspect

    try:
        params = inspect.signature(map_batches).parameters.values()
    except (TypeError, ValueError):  # pragma: no cover - not introspectable
        return {}
    if not any(p.kind is p.VAR_KEYWORD for p in params):
        return {}
    return {"max_restarts": 0}


def layout(files: int, jobs: int) -> Tuple[int, int]:
    """Blocks of the files' dataset and actors to check them: a block per
    ``BATCH`` files (at most 200), and at least one per actor while there
    are files enough; no more actors than blocks (an actor without a block
    loads the checks for nothing, and Ray warns of it)."""
    blocks = max(1, min(200, max(files // BATCH, min(jobs, files))))
    return blocks, max(1, min(jobs, blocks))


def run(sources: Sequence[Source], checks, skip, config: Config, jobs: int,
        address: Optional[str] = None,
        post: Optional[Callable[[DocumentResult], DocumentResult]] = None
        ) -> Iterator[DocumentResult]:
    try:
        import ray
    except ImportError as e:  # pragma: no cover - depends on the extra
        raise RuntimeError("the ray engine needs Ray: pip install 'align[ray]'") from e

    import logging
    import warnings

    started = False
    if not ray.is_initialized():
        # Ray's notices (the token authentication note, Ray Data's plan and
        # timings) are not align's to print: its errors only. Without
        # configure_logging, Ray removes the "ray" logger's handler and its
        # warnings reach stderr through Python's last-resort handler.
        kwargs = dict(include_dashboard=False, log_to_driver=False,
                      configure_logging=True, logging_level=logging.ERROR)
        if address:
            ray.init(address=address, **kwargs)
        else:
            ray.init(num_cpus=max(1, jobs), **kwargs)
        started = True
    try:
        _quiet_ray_data()
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        items = [{"doc": s.doc, "path": str(s.path), "skip": s.skip} for s in sources]
        if not items:
            return
        blocks, actors = layout(len(items), jobs)
        ds = ray.data.from_items(items, override_num_blocks=blocks)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="`ray_remote_args` is deprecated")
            ds = ds.map_batches(_CheckBatch, fn_constructor_args=(checks, skip, config, post),
                                batch_format="pandas", batch_size=BATCH,
                                compute=ray.data.ActorPoolStrategy(size=actors),
                                **_no_restarts(ds.map_batches))
        # Ray sorts across the cluster (spilling to disk as needed) and hands
        # the documents back in report order, a batch at a time: the driver
        # holds a batch of documents, never the corpus's findings.
        ds = ds.sort("doc")
        for batch in ds.iter_batches(batch_format="pandas", batch_size=64):
            for blob in batch["result"]:
                yield pickle.loads(blob)
    finally:
        if started:
            ray.shutdown()
