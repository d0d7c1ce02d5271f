"""The Ray engine: the same checks on Ray Data, on one machine or a cluster.

Documents are read as a dataset of file references; checks are applied with
``map_batches`` on pandas batches by a pool of actors, so each worker builds
its detectors and loads any model once; the findings, a partitioned dataset
of rows, are sorted by Ray into the contract's order (``doc``, then offsets;
each document's summary row first) and streamed back to the report writer a
batch at a time, so the CSV is byte-identical to the local engine's and the
driver's memory does not grow with the corpus.

Ray is an optional extra: ``pip install 'align[ray]'``.
"""
from __future__ import annotations

import json
from typing import Iterator, Optional, Sequence

from ..config import Config
from ..pipeline import DocumentResult
from ..reader import Source
from ..report import FIELDS

BATCH = 16
SORT = ["doc", "start", "end", "category", "rule"]


class _CheckBatch:
    """An actor: detectors built once, then one pandas batch of files at a time."""

    def __init__(self, checks, skip, config: Config):
        from ..detectors import select

        self.config = config
        self.detectors = select(checks, skip, config)

    def __call__(self, batch):
        from pathlib import Path

        import pandas as pd

        from ..pipeline import check_source

        rows = []
        for doc, path in zip(batch["doc"], batch["path"]):
            res = check_source(Source(doc, Path(path)), self.detectors, self.config)
            for r in res.rows:
                # Columns beyond the contract's (counterpart offsets, unit ...)
                # travel as one JSON cell: their names vary by check.
                more = {k: v for k, v in r.items() if k not in FIELDS}
                rows.append({k: r.get(k, "") for k in FIELDS} | {
                    "_summary": "", "_extra": json.dumps(more, ensure_ascii=False) if more else ""})
            # The summary row sorts first among its document's rows.
            rows.append({k: (doc if k == "doc" else None) for k in FIELDS}
                        | {"start": -1, "end": -1, "category": "", "rule": "",
                           "_summary": json.dumps(res.summary, ensure_ascii=False), "_extra": ""})
        df = pd.DataFrame(rows, columns=FIELDS + ["_summary", "_extra"])
        return df.astype({"start": "Int64", "end": "Int64", "segment": "Int64",
                          "confidence": "Float64"})


def run(sources: Sequence[Source], checks, skip, config: Config, jobs: int,
        address: Optional[str] = None) -> Iterator[DocumentResult]:
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
        items = [{"doc": s.doc, "path": str(s.path)} for s in sources]
        if not items:
            return
        ds = ray.data.from_items(items, override_num_blocks=max(1, min(len(items) // BATCH, 200)))
        ds = ds.map_batches(_CheckBatch, fn_constructor_args=(checks, skip, config),
                            batch_format="pandas", batch_size=BATCH,
                            compute=ray.data.ActorPoolStrategy(size=max(1, jobs)))
        # Ray sorts across the cluster (spilling to disk as needed) and hands
        # the rows back in report order, a batch at a time: the driver holds
        # one document's rows, never the corpus's findings.
        ds = ds.sort(SORT)
        doc, rows, summary = None, [], None
        for batch in ds.iter_batches(batch_format="pandas", batch_size=4096):
            for rec in batch.to_dict("records"):
                if rec["_summary"]:
                    if doc is not None:
                        yield _result(doc, rows, summary)
                    doc, rows, summary = rec["doc"], [], json.loads(rec["_summary"])
                    continue
                row = {k: _native(rec[k]) for k in FIELDS}
                if rec.get("_extra"):
                    row.update(json.loads(rec["_extra"]))
                rows.append(row)
        if doc is not None:
            yield _result(doc, rows, summary)
    finally:
        if started:
            ray.shutdown()


def _result(doc: str, rows, summary: dict) -> DocumentResult:
    return DocumentResult(doc, rows, summary, error=summary.get("error") or None)


def _native(v):
    """Parquet round trip gives numpy/pandas scalars; the writers want Python's."""
    if hasattr(v, "item"):
        return v.item()
    return "" if v is None else v
