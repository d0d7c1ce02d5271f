"""The Ray engine: the same checks on Ray Data, on one machine or a cluster.

Documents are read as a dataset of file references; checks are applied with
``map_batches`` on pandas batches by a pool of actors, so each worker builds
its detectors and loads any model once; findings are written as a partitioned
Parquet report, then merged in the contract's sort order (``doc``, then
offsets), so the CSV is byte-identical to the local engine's. Only the
merge holds findings in memory, never the documents.

Ray is an optional extra: ``pip install 'align[ray]'``.
"""
from __future__ import annotations

import json
import tempfile
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
            rows.append({k: (doc if k == "doc" else None) for k in FIELDS}
                        | {"_summary": json.dumps(res.summary, ensure_ascii=False), "_extra": ""})
        df = pd.DataFrame(rows, columns=FIELDS + ["_summary", "_extra"])
        return df.astype({"start": "Int64", "end": "Int64", "segment": "Int64",
                          "confidence": "Float64"})


def run(sources: Sequence[Source], checks, skip, config: Config, jobs: int,
        address: Optional[str] = None) -> Iterator[DocumentResult]:
    try:
        import ray
    except ImportError as e:  # pragma: no cover - depends on the extra
        raise RuntimeError("the ray engine needs Ray: pip install 'align[ray]'") from e
    import pyarrow.parquet as pq

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
        with tempfile.TemporaryDirectory(prefix="align-ray-") as tmp:
            ds.write_parquet(tmp)
            table = pq.read_table(tmp)
        df = table.to_pandas()
        summaries = {}
        for doc, s in zip(df["doc"], df["_summary"]):
            if s:
                summaries[doc] = json.loads(s)
        findings = df[df["_summary"] == ""].drop(columns="_summary")
        findings = findings.sort_values(SORT, kind="stable")
        by_doc = {}
        for rec in findings.to_dict("records"):
            row = {k: _native(rec[k]) for k in FIELDS}
            if rec.get("_extra"):
                row.update(json.loads(rec["_extra"]))
            by_doc.setdefault(row["doc"], []).append(row)
        for src in sources:
            summary = summaries[src.doc]
            yield DocumentResult(src.doc, by_doc.get(src.doc, []), summary,
                                 error=summary.get("error") or None)
    finally:
        if started:
            ray.shutdown()


def _native(v):
    """Parquet round trip gives numpy/pandas scalars; the writers want Python's."""
    if hasattr(v, "item"):
        return v.item()
    return "" if v is None else v
