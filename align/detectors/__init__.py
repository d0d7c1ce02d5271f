"""Detectors: small registered units that turn a document into findings.

A detector (``base.Detector``) is a class with a ``name``, a one-line
``description``, the rules it reports and a ``detect(doc)`` method that
yields ``Finding`` objects for one ``Document``. It keeps no state between
documents beyond what it loads once (models, dictionaries), so the same
object runs in a loop, a process pool or a cluster. ``@register`` adds a
class to the registry; the report, the CLI and the engines only ever see
the findings.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Dict, List, Optional, Sequence

from ..core.config import DEFAULT, Config
from .base import REGISTRY, Detector, register  # noqa: F401 (the package's API)

#: Modules of this package that hold no check.
_NOT_CHECKS = frozenset({"base"})


def available() -> Dict[str, type[Detector]]:
    """All registered detectors by name, built-ins loaded.

    Every module of this package is a built-in detector module but
    ``base`` and the helpers, whose names start with ``_``."""
    for mod in pkgutil.iter_modules(__path__):
        if not mod.name.startswith("_") and mod.name not in _NOT_CHECKS:
            importlib.import_module(f"{__name__}.{mod.name}")
    return dict(sorted(REGISTRY.items()))


class UnknownCheck(ValueError):
    pass


GROUPS = {
    "all": lambda c: True,
    "default": lambda c: c.default,
    "rules": lambda c: c.default and not c.uses_model,
    "models": lambda c: c.uses_model,
}


def expand(names: Sequence[str]) -> List[str]:
    """Check names with the groups ``all``, ``default``, ``rules`` and
    ``models`` expanded, in registry order, without repeats."""
    reg = available()
    out: List[str] = []
    for name in names:
        if name in GROUPS:
            out.extend(n for n, c in reg.items() if GROUPS[name](c))
        elif name in reg:
            out.append(name)
        else:
            raise UnknownCheck(f"unknown check {name!r}; known: "
                               f"{', '.join(list(reg) + list(GROUPS))}")
    return list(dict.fromkeys(out))


def select(checks: Optional[Sequence[str]] = None,
           skip: Optional[Sequence[str]] = None,
           config: Config = DEFAULT) -> List[Detector]:
    """Instantiate the detectors named in ``checks`` (default: the default
    ones) minus those in ``skip``; names may be groups (``rules``, ``all``).
    Unknown names raise ``UnknownCheck``."""
    reg = available()
    # Checks switched on or off in a configuration file apply unless the
    # caller names the checks outright.
    switched = {} if checks else config.checks
    names = expand(checks or ["default", *(n for n, on in switched.items() if on)])
    skipped = set(expand([*(skip or []), *(n for n, on in switched.items() if not on)]))
    return [reg[n](config) for n in names if n not in skipped]
