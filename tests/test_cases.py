"""Every check's must-fire and must-stay-quiet cases, from ``tests/cases/<check>.json``.

A case file is ``{"check": NAME, "about": ..., "cases": [...]}``; each case
runs through ``align.check_text`` with that check alone. Its fields:

- ``text``: the input.
- ``expect``: ``fire``, ``quiet`` (no finding at all), or ``fail``: a known
  failure, the rest of the case saying what should happen (it should fire if
  it has ``span`` or ``spans``, else stay quiet). A ``fail`` case runs as a
  strict xfail, so the suite fails when the check gets it right: then make it
  ``fire`` or ``quiet``.
- ``span``: the text of one finding that must be there (others may be too);
  ``suggestion``, ``rule``, ``severity``, ``category`` then describe that finding.
- ``spans``: the text of every finding, in report order; ``suggestions`` their
  suggestions; ``suggestion``, ``rule``, ``severity``, ``category`` hold for each.
- ``settings``: ``Config`` fields for this case (``{"number_style": "literary"}``).
- ``why``: what the case is about, or why it fails.
"""
import pytest

from align.detectors import available
from helpers import case_file, case_files, cases, check

FIELDS = {"expect", "text", "settings", "span", "spans", "suggestion", "suggestions", "rule",
          "severity", "category", "why"}
EACH = ("suggestion", "rule", "severity", "category")  # one value, compared per finding
EXPECT = ("fire", "quiet", "fail")


def _params():
    out = []
    for name in case_files():
        for i, case in enumerate(cases(name)):
            marks = ()
            if case.get("expect") == "fail":
                marks = pytest.mark.xfail(strict=True, reason=case.get("why", "known failure"))
            out.append(pytest.param(name, case, id=f"{name}-{i}", marks=marks))
    return out


def _problems(name, case):
    """What is wrong with a case as data (an empty list if nothing)."""
    out = []
    unknown = set(case) - FIELDS
    if unknown:
        out.append(f"unknown fields {sorted(unknown)}")
    if case.get("expect") not in EXPECT:
        out.append(f"expect must be one of {EXPECT}")
    if not isinstance(case.get("text"), str):
        out.append("text must be a string")
    has_span = "span" in case or "spans" in case
    if "span" in case and "spans" in case:
        out.append("span and spans together")
    if case.get("expect") == "fire" and not has_span:
        out.append("a fire case names its span or spans")
    if case.get("expect") == "quiet" and set(case) & ({"span", "spans", "suggestions"} | set(EACH)):
        out.append("a quiet case describes no finding")
    if "suggestions" in case and len(case["suggestions"]) != len(case.get("spans", ())):
        out.append("suggestions without one per span")
    if case.get("expect") == "fail" and not case.get("why"):
        out.append("a known failure says why")
    return out


def test_case_files_are_well_formed():
    names = case_files()
    assert names, "no case files"
    registry = available()
    bad = []
    for name in names:
        data = case_file(name)
        if data.get("check") != name or name not in registry:
            bad.append(f"{name}.json: check {data.get('check')!r} is not the registered check {name!r}")
        seen = set()
        for i, case in enumerate(data["cases"]):
            bad += [f"{name}-{i}: {p}" for p in _problems(name, case)]
            key = (case.get("text"), repr(sorted(case.get("settings", {}).items())))
            if key in seen:
                bad.append(f"{name}-{i}: the same text twice")
            seen.add(key)
        kinds = {c["expect"] for c in data["cases"]}
        if not {"fire", "quiet"} <= kinds:
            bad.append(f"{name}.json: needs cases that fire and cases that stay quiet")
    assert bad == []


@pytest.mark.parametrize("name, case", _params())
def test_case(name, case):
    assert not _problems(name, case)
    df = check(case["text"], name, **case.get("settings", {}))
    got = [dict(zip(("text", "suggestion", "rule", "severity", "category"), row))
           for row in zip(df["text"], df["suggestion"], df["rule"], df["severity"],
                          df["category"])] if len(df) else []
    if "spans" in case:
        assert [g["text"] for g in got] == case["spans"], got
        if "suggestions" in case:
            assert [g["suggestion"] for g in got] == case["suggestions"], got
        for key in EACH:
            if key in case:
                assert {g[key] for g in got} <= {case[key]}, (key, got)
    elif "span" in case:
        hits = [g for g in got if g["text"] == case["span"]]
        assert len(hits) == 1, got
        want = {k: case[k] for k in EACH if k in case}
        assert {k: hits[0][k] for k in want} == want, got
    else:
        assert got == [], got
