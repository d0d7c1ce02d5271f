"""What one review works on: the report's rows, where its documents lie,
and their texts.

A report names documents relative to the folder ``align qa`` was given, and
does not record that folder. ``--docs`` says it; otherwise the folder is
inferred: the one remembered in the decisions database, the report's own
folder, the working directory, and the folders a few levels below either,
are tried in turn, and a folder is taken only when a flagged span read from
its files matches the report's ``text`` exactly, so a wrong guess can never
put highlights in the wrong place.

Bilingual reports are recognised by their columns. ``align pair`` writes
each row's own document in ``doc`` and its counterpart's span in the other
document as ``counterpart`` (``start:end``); the two documents of a pair are
found by name (``pair_documents``) and shown side by side, source left,
with the counterpart span outlined. Any report may instead name the pair
itself: ``source_doc`` and ``target_doc``, ``side`` (``source`` or
``target``: which of the two the offsets index) and ``counterpart_start``,
``counterpart_end``.
"""
from __future__ import annotations

import csv
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from .fingerprint import fingerprints

_SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache",
              ".mypy_cache", ".tox", "site-packages"}
_MAX_DIRS = 3000
_PROBES = 3
_INT_COLUMNS = ("start", "end", "segment", "counterpart_start", "counterpart_end",
                "source_start", "source_end")


class ReportError(ValueError):
    """A file that is not a report ``align review`` can read; the message
    says why and what to give instead."""


#: Columns without which rows cannot be shown in their documents.
_REQUIRED = ("doc", "start", "end")


def read_report(path: str) -> List[dict]:
    """Rows of a CSV or JSON Lines report, offsets as integers (and CSV
    cells as the values they escape: ``core.outfile.unescape_cell``);
    ``ReportError`` for a file that is not one."""
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xls", ".html", ".htm"):
        raise ReportError(f"{path}: align review reads CSV and JSON Lines reports, not "
                          f"{p.suffix.lower()[1:].upper()}; write the report as CSV "
                          "(align qa PAGES -o report.csv) and review that")
    try:
        with p.open(encoding="utf-8-sig", newline="") as fh:
            if p.suffix.lower() in (".jsonl", ".json"):
                rows = []
                for n, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError as e:
                        raise ReportError(f"{path}: line {n}: not JSON ({e.msg}); "
                                          "give a report align qa wrote") from None
                    if not isinstance(row, dict):
                        raise ReportError(f"{path}: line {n}: not a JSON object; "
                                          "give a report align qa wrote")
                    rows.append(row)
                columns = set().union(*rows) if rows else set(_REQUIRED)
            else:
                from ..core.outfile import unescape_cell

                reader = csv.DictReader(fh)
                try:
                    rows = [{k: unescape_cell(v) if type(v) is str else v for k, v in r.items()}
                            for r in reader]
                except csv.Error as e:
                    raise ReportError(f"{path}: line {reader.line_num}: not valid CSV ({e}); "
                                      "give a report align qa wrote") from None
                columns = set(reader.fieldnames or ())
    except UnicodeDecodeError as e:
        raise ReportError(f"{path}: not UTF-8 text (byte 0x{e.object[e.start]:02x}), so not a "
                          "report align wrote; give its CSV or JSON Lines report") from None
    if not columns:
        raise ReportError(f"{path}: empty, so not a report; give a report align qa wrote")
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        raise ReportError(f"{path}: lacks the column(s) {', '.join(missing)}, so not an align "
                          "report; give a report align qa or align pair wrote")
    for r in rows:
        for k in _INT_COLUMNS:
            v = r.get(k)
            if v not in (None, ""):
                try:
                    r[k] = int(float(v))
                except (TypeError, ValueError):
                    r[k] = None
        if r.get("start") is None or r.get("end") is None:
            r["start"] = r["end"] = 0
    return rows


def text_doc(row: dict) -> str:
    """The document a row's offsets index."""
    if row.get("side") == "source" and row.get("source_doc"):
        return str(row["source_doc"])
    if row.get("side") == "target" and row.get("target_doc"):
        return str(row["target_doc"])
    return str(row.get("doc") or "")


def view_of(row: dict) -> List[str]:
    """The documents shown together for a row: a source and target pair side
    by side, or the one document."""
    if row.get("source_doc") and row.get("target_doc"):
        return [str(row["source_doc"]), str(row["target_doc"])]
    return [text_doc(row)]


@lru_cache(maxsize=256)
def _read(path: str) -> str:
    from ..read.files import read_text

    return read_text(path)


def _matches(root: Path, rows: Sequence[dict]) -> bool:
    probes = [r for r in rows if r["end"] > r["start"] and r.get("text")][:_PROBES]
    if not probes:
        probes = rows[:1]
    for r in probes:
        p = root / text_doc(r)
        if not p.is_file():
            return False
        if r["end"] > r["start"]:
            try:
                if _read(str(p))[r["start"]:r["end"]] != r.get("text"):
                    return False
            except Exception:
                return False
    return True


def _below(start: Path, depth: int = 3):
    count = 0
    queue = [(start, 0)]
    while queue and count < _MAX_DIRS:
        d, k = queue.pop(0)
        yield d
        count += 1
        if k >= depth:
            continue
        try:
            subs = sorted(e for e in d.iterdir() if e.is_dir() and not e.is_symlink()
                          and e.name not in _SKIP_DIRS and not e.name.startswith("."))
        except OSError:
            continue
        queue.extend((s, k + 1) for s in subs)


def find_docs_root(report: str, rows: Sequence[dict], hints: Sequence[str] = ()) -> Optional[str]:
    """The folder the report's ``doc`` paths are relative to, or None."""
    if not rows:
        return os.path.dirname(os.path.abspath(report))
    if all(os.path.isabs(text_doc(r)) for r in rows[:_PROBES]):
        return "/"
    here = Path(report).resolve().parent
    first = [Path(h) for h in hints if h] + [here, Path.cwd()]
    tried = set()
    for cand in first + list(_below(here)) + list(_below(Path.cwd())):
        key = str(cand.resolve()) if cand.exists() else str(cand)
        if key in tried:
            continue
        tried.add(key)
        if cand.is_dir() and _matches(cand, rows):
            return str(cand.resolve())
    return None


def _pair_key(doc: str) -> str:
    # `align pair` over two folders names documents zh/001.txt and en/001.txt
    # (each folder's own name first); the two sides share the rest, less the
    # suffix.
    parts = doc.split("/")
    rest = "/".join(parts[1:]) if len(parts) > 1 else ""
    return rest.rsplit(".", 1)[0] if rest else ""


def pair_documents(rows: List[dict], han_share) -> None:
    """Fill ``source_doc``, ``target_doc``, ``side`` and the counterpart's
    offsets into the rows of an ``align pair`` report, which names each row's
    own document and gives its counterpart's span as ``counterpart``
    (``start:end`` in the other document). A report of two documents is one
    pair; otherwise documents pair by their path below the first folder.
    The side with more Chinese is the source."""
    docs = list(dict.fromkeys(str(r.get("doc") or "") for r in rows))
    groups: Dict[str, List[str]] = {}
    if len(docs) == 2:
        groups[""] = docs
    else:
        for d in docs:
            groups.setdefault(_pair_key(d), []).append(d)
    pairs = {}
    for key, members in groups.items():
        if len(members) != 2 or (key == "" and len(docs) != 2):
            continue
        a, b = members
        src, tgt = (a, b) if han_share(a) >= han_share(b) else (b, a)
        pairs[a] = pairs[b] = (src, tgt)
    for r in rows:
        doc = str(r.get("doc") or "")
        if doc in pairs and not r.get("source_doc"):
            r["source_doc"], r["target_doc"] = pairs[doc]
            r["side"] = "source" if doc == pairs[doc][0] else "target"
        cp = str(r.get("counterpart") or "")
        if ":" in cp and r.get("counterpart_start") is None:
            a, _, b = cp.partition(":")
            if a.strip().isdigit() and b.strip().isdigit():
                r["counterpart_start"], r["counterpart_end"] = int(a), int(b)


class ReviewSession:
    """A report, its documents folder and its decisions database."""

    def __init__(self, report: str, db: str, docs: Optional[str] = None):
        from .store import Store

        self.report, self.db = os.path.abspath(report), os.path.abspath(db)
        self.rows = read_report(report)
        with Store(self.db) as st:
            remembered = st.get_meta("docs_root")
            if docs is None:
                docs = find_docs_root(report, self.rows, [remembered] if remembered else [])
            if docs is not None:
                st.set_meta("docs_root", str(Path(docs).resolve()))
        self.docs_root = str(Path(docs).resolve()) if docs else None
        if any(r.get("counterpart") not in (None, "") for r in self.rows):
            pair_documents(self.rows, self._han_share)
        for row, fp in zip(self.rows, fingerprints(self.rows)):
            row["fingerprint"] = fp
        self.by_fp: Dict[str, dict] = {r["fingerprint"]: r for r in self.rows}
        self.bilingual = any(r.get("source_doc") and r.get("target_doc") for r in self.rows)

    def _han_share(self, doc: str) -> float:
        from ..text.scripts import count_script_units

        try:
            han, latin = count_script_units(self.text(doc, check=False))
        except OSError:
            return 0.0
        return han / max(1, han + latin)

    def doc_names(self) -> List[str]:
        names = []
        for r in self.rows:
            for d in view_of(r):
                if d not in names:
                    names.append(d)
        return names

    def text(self, doc: str, check: bool = True) -> str:
        """The decoded text of a document named in the report; raises
        ``KeyError`` for a name the report does not hold (so no other file
        can be read through the app) and ``OSError`` when it cannot be read."""
        if check and doc not in self.doc_names():
            raise KeyError(doc)
        if self.docs_root is None:
            raise OSError("the documents folder is unknown: start align review with --docs DIR")
        path = Path(self.docs_root) / doc
        if not path.is_file():
            raise OSError(f"not found under {self.docs_root}")
        from ..read.files import InputError

        try:
            return _read(str(path))
        except InputError as e:
            raise OSError(e.message)

    def client_rows(self, decisions: Dict[str, dict]) -> List[dict]:
        return client_rows(self.rows, decisions)


def client_rows(rows: Sequence[dict], decisions: Dict[str, dict]) -> List[dict]:
    """Rows as the page needs them, with their current decisions; each row
    must carry its ``fingerprint``."""
    out = []
    for i, r in enumerate(rows):
        d = decisions.get(r["fingerprint"])
        link = None
        cs = r.get("counterpart_start", r.get("source_start"))
        ce = r.get("counterpart_end", r.get("source_end"))
        view = view_of(r)
        if isinstance(cs, int) and isinstance(ce, int) and len(view) == 2:
            other = view[0] if text_doc(r) == view[1] else view[1]
            link = {"doc": other, "start": cs, "end": ce}
        out.append({
            "i": i, "fp": r["fingerprint"], "doc": text_doc(r), "view": view,
            "start": int(r.get("start") or 0), "end": int(r.get("end") or 0),
            "category": str(r.get("category") or ""), "severity": str(r.get("severity") or ""),
            "rule": str(r.get("rule") or ""), "text": str(r.get("text") or ""),
            "suggestion": str(r.get("suggestion") or ""), "note": str(r.get("note") or ""),
            "context": str(r.get("context") or ""), "side": str(r.get("side") or ""),
            "link": link,
            "decision": d["decision"] if d else "", "correction": (d or {}).get("correction") or "",
        })
    return out
