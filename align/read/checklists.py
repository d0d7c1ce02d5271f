"""User checklists: regular expressions over the units of bilingual files.

Xbench calls them checklists: a team's own checks, each a search over the
source and the target of every unit. A checklist here is a CSV file with a
header row and the columns

- ``id``: the entry's name; its findings carry the rule ``checklist.ID``
  (letters, digits, ``_`` and ``-``); ``[severities]`` names them all as
  ``checklist`` (an entry's own severity is in its row);
- ``severity``: ``critical``, ``major``, ``minor`` (the default) or ``info``;
- ``source``: a regular expression the source must match (empty: any unit);
- ``target``: a regular expression over the target. Every match is a
  finding, on its span. Written ``!PATTERN``, the entry fires when the
  source matches and the target does *not* match PATTERN (a term that must
  be rendered: source ``微信``, target ``!WeChat``), over the whole target;
  empty, it fires on every unit whose source matches;
- ``note`` (optional): what the finding says.

Patterns are Python regular expressions (``(?i)`` for case-insensitive).
A malformed file or pattern is a usage error naming the file, the line and
the problem, before any document is read.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Pattern, Tuple

_ID = re.compile(r"[A-Za-z0-9_-]+")
_SEVERITIES = ("critical", "major", "minor", "info")


from ..core.config import ConfigError


class ChecklistError(ConfigError):
    """A checklist file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Entry:
    id: str
    severity: str
    source: Optional[Pattern]
    target: Optional[Pattern]
    negated: bool
    note: str

    @property
    def rule(self) -> str:
        return f"checklist.{self.id}"


@lru_cache(maxsize=8)
def load(paths: Tuple[str, ...]) -> Tuple[Entry, ...]:
    out, seen = [], {}
    for path in paths:
        for e in _load_file(path):
            if e.id in seen:
                raise ChecklistError(f"{path}: entry {e.id!r} is also in {seen[e.id]}")
            seen[e.id] = path
            out.append(e)
    return tuple(out)


def _load_file(path: str) -> list:
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8-sig")
    except OSError as e:
        raise ChecklistError(f"cannot read the checklist {path}: {e.strerror or e}")
    except UnicodeDecodeError:
        raise ChecklistError(f"{path}: a checklist must be UTF-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise ChecklistError(f"{path}: an empty checklist")
    header = [c.strip().lower() for c in rows[0]]
    for need in ("id", "source", "target"):
        if need not in header:
            raise ChecklistError(f"{path}: the header row has no {need!r} column "
                                 "(columns: id, severity, source, target, note)")
    out = []
    for n, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        cell = dict(zip(header, row))
        eid = cell.get("id", "").strip()
        if not _ID.fullmatch(eid):
            raise ChecklistError(f"{path}, line {n}: id {eid!r} must be letters, digits, "
                                 "_ or -")
        severity = cell.get("severity", "").strip().lower() or "minor"
        if severity not in _SEVERITIES:
            raise ChecklistError(f"{path}, line {n}: severity {severity!r} must be one of "
                                 f"{', '.join(_SEVERITIES)}")
        source, target = cell.get("source", ""), cell.get("target", "")
        negated = target.startswith("!")
        if negated:
            target = target[1:]
        if not source and not target:
            raise ChecklistError(f"{path}, line {n}: entry {eid!r} has neither a source "
                                 "nor a target pattern")
        try:
            src = re.compile(source) if source else None
            tgt = re.compile(target) if target else None
        except re.error as e:
            raise ChecklistError(f"{path}, line {n}: entry {eid!r}: not a valid regular "
                                 f"expression: {e}")
        out.append(Entry(eid, severity, src, tgt, negated, cell.get("note", "").strip()))
    return out
