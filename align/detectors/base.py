"""The detector base class and the registry of checks.

A check is a ``Detector`` subclass with a ``name``, a one-line
``description``, the ids of the rules it reports (``rules``) and a
``detect(doc)`` that yields ``Finding`` objects for one ``Document``.
``@register`` adds it to ``REGISTRY``. Detector modules import this module,
not the package, so that the package can import them.
"""
from __future__ import annotations

from typing import ClassVar, Dict, FrozenSet, Iterable, Tuple

from ..core.config import DEFAULT, Config
from ..core.findings import Finding
from ..core.rules import UnknownRule, rule
from ..text.document import Document

REGISTRY: Dict[str, type["Detector"]] = {}


class Detector:
    """One check. The instance holds its settings and what it loads once
    (models, dictionaries), never anything of the document at hand: one
    instance checks every document of a run, in a loop, a process pool or
    a cluster, and ``detect`` keeps the state of a document in locals (or
    an object of its own made per call)."""

    name: ClassVar[str]
    description: ClassVar[str]
    # Whether the check runs unless asked for (slow model checks may not).
    default: ClassVar[bool] = True
    # Whether it runs a statistical model (embeddings, language model): the
    # group ``rules`` leaves these out, for fast corpus filtering.
    uses_model: ClassVar[bool] = False
    #: The ids of the rules this check reports, each in the catalogue
    #: (``align.core.rules``). The pipeline turns a finding of any other
    #: rule into an ``internal.detector_error`` row.
    rules: ClassVar[Tuple[str, ...]] = ()
    #: Rules (of other checks) whose findings this check's findings replace
    #: where one of its findings of the same category overlaps them: the
    #: more specific rule reports the span (``pipeline.drop_superseded``).
    supersedes: ClassVar[Tuple[str, ...]] = ()
    #: How its findings replace those: ``overlap`` (one of the same
    #: category overlaps them: Chinese furniture over a Han run) or ``cover``
    #: (its findings, of any category, cover all their text but whitespace:
    #: mojibake, which the other rule would misread as Chinese left
    #: untranslated, while Chinese around a lost character stays reported).
    supersede_by: ClassVar[str] = "overlap"
    #: The bilingual files it applies to, by language pair: ``zh-en``
    #: (Chinese to English: the checks of Chinese left, calqued or garbled in
    #: English), ``en`` (an English target: house style of numbers,
    #: punctuation, furniture) or ``any`` (placeholders, whitespace,
    #: consistency ...). A file of another pair skips the check and says so
    #: (``scope.language_pair``); pages and files of unknown pair run them all.
    languages: ClassVar[str] = "zh-en"
    #: ``rules`` as a set, for the pipeline's test of every finding.
    declared: ClassVar[FrozenSet[str]] = frozenset()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # An unknown id fails when the check's module is imported.
        for attr in ("rules", "supersedes"):
            ids = cls.__dict__.get(attr, ())
            if isinstance(ids, str):
                raise TypeError(f"{cls.__name__}.{attr} must be a tuple of rule ids, "
                                f"not the string {ids!r}")
            for rule_id in ids:
                try:
                    rule(rule_id)
                except UnknownRule as e:
                    raise UnknownRule(f"{cls.__name__}.{attr}: {e}") from None
        if cls.supersede_by not in ("overlap", "cover"):
            raise ValueError(f"{cls.__name__}.supersede_by must be 'overlap' or 'cover', "
                             f"not {cls.supersede_by!r}")
        cls.declared = frozenset(cls.rules)

    def __init__(self, config: Config = DEFAULT):
        self.config = config

    def detect(self, doc: Document) -> Iterable[Finding]:  # pragma: no cover
        raise NotImplementedError

    def prepare(self) -> None:
        """Load now what ``detect`` would load on first use. The local engine
        calls it in the parent before forking its workers, so they share one
        copy of a model instead of each loading its own (and the parent, which
        pairs documents at the end, has it already). Load only what survives a
        fork: arrays and tables, not thread pools. Work handed to another
        process (``embed.embed_aside``) is finished by ``embed.settle``,
        which the engine calls before it forks."""


def register(cls: type[Detector]) -> type[Detector]:
    if cls.name in REGISTRY and REGISTRY[cls.name] is not cls:
        raise ValueError(f"two detectors named {cls.name!r}")
    REGISTRY[cls.name] = cls
    return cls
