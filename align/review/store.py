"""Review decisions in SQLite, keyed by fingerprint.

Every decision is written at once in its own transaction, so nothing is lost
when the browser or the server goes away. A bulk decision (a group of
repeats, a rule, a filtered selection) is one transaction too, its history
entries sharing a ``batch`` number, so one undo takes the whole of it back. The database runs in WAL mode with
a busy timeout: two tabs (two threads of the server) and an ``align qa
--decisions`` reading at the same time never see half a write. Each change is
also appended to a history table; undo reverts a change only while it is
still the latest one for that finding, so one tab cannot undo over another
tab's newer decision by accident.

A decision is ``accepted`` (the finding is right), ``rejected`` (a false
positive) or ``corrected`` (right, with the reviewer's own suggestion in
``correction``).
"""
from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from typing import Dict, Iterable, List, Mapping, Optional

DECISIONS = ("accepted", "rejected", "corrected")
#: Columns ``align qa --decisions`` adds after the report's own.
REVIEW_COLUMNS = ["review", "correction", "fingerprint"]
_SNAPSHOT = ("doc", "start", "end", "category", "severity", "rule", "text", "suggestion",
             "context")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (
    fingerprint TEXT PRIMARY KEY,
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'corrected')),
    correction TEXT,
    doc TEXT, start INTEGER, "end" INTEGER, category TEXT, severity TEXT, rule TEXT,
    text TEXT, suggestion TEXT, context TEXT,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    fingerprint TEXT NOT NULL,
    old_decision TEXT, old_correction TEXT,
    new_decision TEXT, new_correction TEXT,
    at TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0,
    batch INTEGER
);
CREATE INDEX IF NOT EXISTS history_fp ON history (fingerprint, id);
"""


class StoreError(ValueError):
    """A file that cannot be used as a decisions database; the message says why."""


class StaleUndo(Exception):
    """The change to undo is no longer the latest for its finding."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def default_db(report: str) -> str:
    """``report.csv`` -> ``report.review.sqlite`` beside it."""
    root, _ = os.path.splitext(os.path.abspath(report))
    return root + ".review.sqlite"


class Store:
    """One connection to a decisions database; cheap, open one per request."""

    def __init__(self, path: str, create: bool = True):
        if not create and not os.path.exists(path):
            raise FileNotFoundError(f"no such decisions database: {path}")
        if os.path.isdir(path):
            raise StoreError(f"{path}: a folder, not a decisions database; give the "
                             "database file (REPORT.review.sqlite)")
        # Autocommit mode: every write below opens its own BEGIN IMMEDIATE.
        self.db = sqlite3.connect(path, timeout=10, isolation_level=None,
                                  check_same_thread=False)
        try:
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA busy_timeout = 10000")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.executescript(_SCHEMA)
            cols = {r["name"] for r in self.db.execute("PRAGMA table_info(history)")}
            if "batch" not in cols:  # a database from before bulk decisions
                self.db.execute("ALTER TABLE history ADD COLUMN batch INTEGER")
        except sqlite3.DatabaseError as e:
            self.db.close()
            raise StoreError(f"{path}: not an align review database ({e}); give the "
                             "database align review made, or a new file name") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # -- reading -------------------------------------------------------
    def decisions(self) -> Dict[str, dict]:
        cur = self.db.execute("SELECT fingerprint, decision, correction, updated FROM decisions")
        return {r["fingerprint"]: dict(r) for r in cur}

    def rows(self) -> List[dict]:
        cur = self.db.execute('SELECT * FROM decisions ORDER BY doc, start, "end", fingerprint')
        return [dict(r) for r in cur]

    def get_meta(self, key: str) -> Optional[str]:
        r = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return r["value"] if r else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    # -- writing -------------------------------------------------------
    def decide(self, fingerprint: str, decision: Optional[str], correction: Optional[str] = None,
               row: Optional[Mapping] = None) -> int:
        """Record a decision (``None`` clears it); returns the history id."""
        if decision is not None and decision not in DECISIONS:
            raise ValueError(f"unknown decision {decision!r}")
        if decision != "corrected":
            correction = None
        elif correction is None:
            raise ValueError("a correction needs the corrected suggestion")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            old = self.db.execute("SELECT decision, correction FROM decisions WHERE fingerprint = ?",
                                  (fingerprint,)).fetchone()
            self._set(fingerprint, decision, correction, row)
            cur = self.db.execute(
                "INSERT INTO history (fingerprint, old_decision, old_correction, new_decision, "
                "new_correction, at) VALUES (?, ?, ?, ?, ?, ?)",
                (fingerprint, old["decision"] if old else None, old["correction"] if old else None,
                 decision, correction, _now()))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return cur.lastrowid

    def decide_many(self, rows: Iterable[Mapping], decision: Optional[str]) -> int:
        """Record one decision (``accepted``, ``rejected``, or ``None`` to
        clear) for many findings at once, each ``row`` carrying its
        ``fingerprint``; returns the batch number that ``undo_batch`` takes
        (0 when nothing changed: findings that have that decision already
        are left alone)."""
        if decision is not None and decision not in ("accepted", "rejected"):
            raise ValueError(f"a bulk decision is accepted or rejected, not {decision!r}")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            batch = self.db.execute("SELECT coalesce(max(batch), 0) + 1 AS b FROM history"
                                    ).fetchone()["b"]
            now = _now()
            changed = 0
            for row in rows:
                fp = row["fingerprint"]
                old = self.db.execute("SELECT decision, correction FROM decisions "
                                      "WHERE fingerprint = ?", (fp,)).fetchone()
                if (old["decision"] if old else None) == decision:
                    continue
                self._set(fp, decision, None, row)
                self.db.execute(
                    "INSERT INTO history (fingerprint, old_decision, old_correction, "
                    "new_decision, new_correction, at, batch) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (fp, old["decision"] if old else None, old["correction"] if old else None,
                     decision, None, now, batch))
                changed += 1
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return batch if changed else 0

    def undo_batch(self, batch: int) -> List[dict]:
        """Revert every change of a bulk decision, if each is still the
        latest for its finding (else nothing is reverted: ``StaleUndo``);
        returns the findings' states after the undo."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            hist = self.db.execute("SELECT * FROM history WHERE batch = ? AND undone = 0 "
                                   "ORDER BY id", (batch,)).fetchall()
            if not hist:
                raise StaleUndo("nothing to undo")
            out = []
            for h in hist:
                latest = self.db.execute(
                    "SELECT max(id) AS id FROM history WHERE fingerprint = ? AND undone = 0",
                    (h["fingerprint"],)).fetchone()["id"]
                if latest != h["id"]:
                    raise StaleUndo("a finding of this bulk decision was changed since")
                self._set(h["fingerprint"], h["old_decision"], h["old_correction"], None)
                out.append({"fingerprint": h["fingerprint"], "decision": h["old_decision"],
                            "correction": h["old_correction"]})
            self.db.execute("UPDATE history SET undone = 1 WHERE batch = ?", (batch,))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return out

    def undo(self, history_id: int) -> dict:
        """Revert change ``history_id`` if it is still the latest for its
        finding; returns the finding's state after the undo."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            h = self.db.execute("SELECT * FROM history WHERE id = ?", (history_id,)).fetchone()
            if h is None or h["undone"]:
                raise StaleUndo("nothing to undo")
            latest = self.db.execute(
                "SELECT max(id) AS id FROM history WHERE fingerprint = ? AND undone = 0",
                (h["fingerprint"],)).fetchone()["id"]
            if latest != history_id:
                raise StaleUndo("this finding was changed since (another tab?)")
            self._set(h["fingerprint"], h["old_decision"], h["old_correction"], None)
            self.db.execute("UPDATE history SET undone = 1 WHERE id = ?", (history_id,))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return {"fingerprint": h["fingerprint"], "decision": h["old_decision"],
                "correction": h["old_correction"]}

    def _set(self, fp: str, decision: Optional[str], correction: Optional[str],
             row: Optional[Mapping]) -> None:
        if decision is None:
            self.db.execute("DELETE FROM decisions WHERE fingerprint = ?", (fp,))
            return
        snap = {k: (row or {}).get(k) for k in _SNAPSHOT}
        exists = self.db.execute("SELECT 1 FROM decisions WHERE fingerprint = ?", (fp,)).fetchone()
        if exists and row is None:
            self.db.execute("UPDATE decisions SET decision = ?, correction = ?, updated = ? "
                            "WHERE fingerprint = ?", (decision, correction, _now(), fp))
            return
        if exists:
            self.db.execute("DELETE FROM decisions WHERE fingerprint = ?", (fp,))
        self.db.execute(
            'INSERT INTO decisions (fingerprint, decision, correction, doc, start, "end", category, '
            "severity, rule, text, suggestion, context, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (fp, decision, correction, snap["doc"], snap["start"], snap["end"], snap["category"],
             snap["severity"], snap["rule"], snap["text"], snap["suggestion"], snap["context"],
             _now()))


def annotate_rows(rows: Iterable[Mapping], decisions: Mapping[str, Mapping],
                  hide_rejected: bool = False) -> List[dict]:
    """Rows of one document (in report order) with ``review``, ``correction``
    and ``fingerprint`` filled from earlier decisions; rejected ones dropped
    when ``hide_rejected``."""
    from .fingerprint import fingerprints

    rows = [dict(r) for r in rows]
    out = []
    for row, fp in zip(rows, fingerprints(rows)):
        d = decisions.get(fp)
        row["review"] = d["decision"] if d else ""
        row["correction"] = (d.get("correction") or "") if d else ""
        row["fingerprint"] = fp
        if hide_rejected and row["review"] == "rejected":
            continue
        out.append(row)
    return out
