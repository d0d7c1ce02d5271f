"""China's administrative divisions to county level: the one reader of the
national table the ``cpca`` package ships (``cpca/resources/adcodes.csv``,
MIT: about 3,500 provinces, prefectures, counties and districts with their
codes, from the National Bureau of Statistics' division codes).

The file is found through the package's import spec, without importing
``cpca`` itself: its ``__init__`` needs ``pkg_resources`` and pandas, and
the table is all a check wants.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Optional, Tuple


def _resource(name: str) -> Optional[Path]:
    import importlib.util

    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        return None
    p = Path(list(spec.submodule_search_locations)[0]) / "resources" / name
    return p if p.is_file() else None


def path() -> Optional[Path]:
    """The division table inside the installed ``cpca``, or None."""
    return _resource("adcodes.csv")


@lru_cache(maxsize=1)
def names() -> Tuple[str, ...]:
    """Every division's name (宽城区, 九龙坡区, 宽城满族自治县), once each, in
    the table's order. Empty when ``cpca`` is not installed (it is a
    dependency; a broken install loses these names, not the run)."""
    p = path()
    if p is None:
        return ()
    seen, out = set(), []
    with open(p, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            n = (row.get("name") or "").strip()
            if n and n not in seen:
                seen.add(n)
                out.append(n)
    return tuple(out)


@lru_cache(maxsize=1)
def peoples() -> Tuple[str, ...]:
    """The names of China's 56 recognised ethnic groups (满族, 蒙古族), from
    the same package: they stand inside autonomous divisions' names
    (宽城满族自治县) between the place and its generic."""
    p = _resource("56_nations.csv")
    if p is None:
        return ()
    out = []
    with open(p, encoding="utf-8") as f:
        for line in f:
            for cell in line.replace("\t", ",").split(","):
                cell = cell.strip()
                if cell.endswith("族") and 2 <= len(cell) <= 5 and cell not in out:
                    out.append(cell)
    return tuple(out)
