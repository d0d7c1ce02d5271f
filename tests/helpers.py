"""What the test modules share: the findings of checks on a string, and the
case files of ``tests/cases`` (one per check, read by ``test_cases.py``).

The test folder is on ``sys.path`` (pytest's rootdir insertion), so a test
module imports this as ``from helpers import findings``."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable, List, Union

import align

CASES = Path(__file__).resolve().parent / "cases"


def check(text: str, checks: Union[str, Iterable[str]], **settings):
    """``align.check_text`` with only ``checks`` on (a name or several), and
    every finding's offsets checked against its text."""
    names = [checks] if isinstance(checks, str) else list(checks)
    df = align.check_text(text, checks=names, **settings)
    for row in df.itertuples():
        assert text[row.start:row.end] == row.text, (row.start, row.end, row.text)
    return df


def findings(text: str, checks, columns=("text", "suggestion", "rule"), **settings) -> list:
    """The findings of ``checks`` on ``text``, one tuple of ``columns`` each."""
    df = check(text, checks, **settings)
    return list(zip(*(df[c] for c in columns))) if len(df) else []


@lru_cache(maxsize=None)
def _case_file(name: str) -> dict:
    with open(CASES / f"{name}.json", encoding="utf-8") as f:
        return json.load(f)


def case_files() -> List[str]:
    """The checks that have a case file, in name order."""
    return sorted(p.stem for p in CASES.glob("*.json"))


def cases(name: str) -> List[dict]:
    """The cases of one check's file (see ``test_cases.py`` for the fields)."""
    return _case_file(name)["cases"]


def case_file(name: str) -> dict:
    """One check's case file as read: ``check``, ``about`` and ``cases``."""
    return _case_file(name)


def texts(name: str, expect: str) -> List[str]:
    """The texts of one check's cases with this ``expect`` (``fire``, ``quiet``,
    ``fail``), for tests that build pages out of them."""
    return [c["text"] for c in cases(name) if c["expect"] == expect]
