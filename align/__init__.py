"""align: translation QA for Chinese→English machine translation.

The public API is small::

    import align
    df = align.qa("pages/")            # findings, one row per finding
    df.attrs["documents"]              # per-document summary, with the quality score
    df.attrs["quality"]                # the run's score: penalty points per 1,000 words
    report = align.check("pages/")     # both frames, and report.quality
    align.check_text("会上,Heads of ...")  # findings for one string
    align.read_text("page.html")       # the text that offsets index

Heavy dependencies (pandas, jieba, models) load on first use, not on import.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Optional, Sequence, Union

from .core.version import __version__
__all__ = ["qa", "check", "check_text", "read_text", "Report", "__version__"]

PathLike = Union[str, os.PathLike]


@dataclass
class Report:
    """Findings and the per-document summary of one run, as DataFrames, and
    the run's quality score (``report.score.Quality.run``: penalty points per
    1,000 words and pass/fail; each document's is in ``documents``)."""

    findings: Any
    documents: Any
    quality: Optional[dict] = None

    def to_csv(self, path: str) -> None:
        from .report.writer import ReportWriter

        with ReportWriter(path, "csv") as w:
            w.write(self.findings.to_dict("records"))


def _paths(paths) -> list:
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    return list(paths)


def check(paths: Union[PathLike, Sequence[PathLike]], *, checks: Optional[Sequence[str]] = None,
          skip: Optional[Sequence[str]] = None, config=None, **settings) -> Report:
    """Check files and folders; return findings and document summary.

    ``config`` is an ``align.core.config.Config``; keyword ``settings`` override
    its fields (``min_confidence=0.5``, ``termbases=("mine.csv",)`` ...)."""
    import dataclasses

    import pandas as pd

    from .core.config import DEFAULT
    from .report.score import Quality
    from .run.pipeline import run
    from .report.writer import frame

    config = dataclasses.replace(config or DEFAULT, **settings)
    rows, docs = [], []
    quality = Quality(config, keep=False)
    for res in run(_paths(paths), checks=checks, skip=skip, config=config):
        rows.extend(res.rows)
        quality.add(res.summary, res.tally())
        docs.append(res.summary)
    return Report(frame(rows), pd.DataFrame(docs), quality.run())


def qa(paths: Union[PathLike, Sequence[PathLike]], **kwargs) -> Any:
    """Findings as a DataFrame in the report contract's columns; the
    per-document summary is in ``df.attrs["documents"]``."""
    report = check(paths, **kwargs)
    df = report.findings
    df.attrs["documents"] = report.documents
    df.attrs["quality"] = report.quality
    return df


def check_text(text: str, doc: str = "<text>", *, checks=None, skip=None, config=None,
               **settings) -> Any:
    """Findings for one string, as a DataFrame."""
    import dataclasses

    from .core.config import DEFAULT
    from .detectors import select
    from .text.document import Document
    from .run.pipeline import check_document
    from .report.writer import frame

    from .report.score import Quality

    config = dataclasses.replace(config or DEFAULT, **settings)
    res = check_document(Document(doc, text), select(checks, skip, config), config)
    Quality(config, keep=False).add(res.summary, res.tally())
    df = frame(res.rows)
    df.attrs["documents"] = res.summary
    return df


def read_text(path: PathLike) -> str:
    """The decoded text of a file: what every offset in a report indexes."""
    from .read.files import read_text as _read_text

    return _read_text(path)
