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

from ..config import Config
from ..pipeline import DocumentResult
from ..reader import Source

BATCH = 16


class _CheckBatch:
    """An actor: detectors built once, then one pandas batch of files at a time."""

    def __init__(self, checks, skip, config: Config, post):
        import gc

        from ..detectors import select
        from ..collector import GC_THRESHOLD

        gc.set_threshold(*GC_THRESHOLD)  # as the local engine's workers inherit it
        self.config = config
        self.post = post
        self.detectors = select(checks, skip, config)

    def __call__(self, batch):
        from pathlib import Path

        import pandas as pd

        from ..pipeline import check_source

        out = []
        for doc, path, skip in zip(batch["doc"], batch["path"], batch["skip"]):
            res = check_source(Source(doc, Path(path), skip), self.detectors, self.config)
            if self.post is not None:
                res = self.post(res)
            res.document = None  # the text is not needed back
            out.append(pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
        return pd.DataFrame({"doc": list(batch["doc"]), "result": out})


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

    started = False
    if not ray.is_initialized():
        kwargs = dict(include_dashboard=False, log_to_driver=False, configure_logging=False)
        if address:
            ray.init(address=address, **kwargs)
        else:
            ray.init(num_cpus=max(1, jobs), **kwargs)
        started = True
    try:
        import logging

        for name in ("ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.ERROR)
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        items = [{"doc": s.doc, "path": str(s.path), "skip": s.skip} for s in sources]
        if not items:
            return
        blocks, actors = layout(len(items), jobs)
        ds = ray.data.from_items(items, override_num_blocks=blocks)
        ds = ds.map_batches(_CheckBatch, fn_constructor_args=(checks, skip, config, post),
                            batch_format="pandas", batch_size=BATCH,
                            compute=ray.data.ActorPoolStrategy(size=actors))
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
