"""What every reader harness checks, shared by the atheris harnesses and the test suite.

A reader may refuse a file only with ``reader.InputError`` (which becomes one
``input_error`` row); any other exception is a crash. A file it accepts must
give text the report can hold (no lone surrogates, no NUL), segments that are
ordered and leave only whitespace between them, and rows from every rule-based
check that index that text exactly, with no check failing on it.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

MAX_LEN = 8192

# reader._read_bilingual does not refuse text with NUL characters (a UTF-16 TSV
# of NULs passes); the plain-text path does (input.binary).
KNOWN_NUL_FORMATS = {"csv", "tsv", "po", "xliff", "tmx"}


@lru_cache(maxsize=1)
def detectors():
    from align.detectors import available

    return [c() for c in available().values() if not getattr(c, "uses_model", False)]


@lru_cache(maxsize=None)
def scratch(suffix: str) -> Path:
    """One scratch file per suffix, rewritten for every input: the harnesses
    go through the real file path, not a shortcut around it."""
    folder = Path(tempfile.mkdtemp(prefix="align-fuzz-"))
    # Every test run and harness start makes one: leave nothing behind.
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder / f"input{suffix}"


def check_file(data: bytes, suffix: str) -> None:
    from align.read.files import InputError, Source, read_source

    path = scratch(suffix)
    path.write_bytes(data)
    try:
        decoded = read_source(Source(path.name, path))
    except InputError as e:
        assert e.rule.startswith("input.") and e.message, (e.rule, e.message)
        return
    text = decoded.text
    text.encode("utf-8")  # raises on a lone surrogate
    if "\x00" in text and decoded.format not in KNOWN_NUL_FORMATS:
        raise AssertionError("NUL character in the decoded text")
    check_text(text, decoded.format)
    for u in getattr(decoded, "units", ()):
        assert text[u.start:u.end] == u.target, u


def check_text(text: str, fmt: str = "text") -> None:
    from align.text.document import Document
    from align.run.pipeline import check_document

    doc = Document("input", text, format=fmt)
    pos = 0
    for s in doc.segments:
        assert pos <= s.start < s.end <= len(text), s
        assert not text[pos:s.start].strip(), (pos, s)
        pos = s.end
    assert not text[pos:].strip()
    rows = check_document(doc, detectors()).rows
    keys = [(r["start"], r["end"], r["category"], r["rule"]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys), keys
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"], r
        assert not r["rule"].startswith("internal."), r["note"]


def run(test_one_input, argv, corpus: str) -> None:
    """Start atheris with the harness's seed corpus unless one is given."""
    import sys

    import atheris

    args = list(argv)
    if not any(not a.startswith("-") for a in args[1:]):
        # libFuzzer adds what it finds to the first folder: keep the seeds clean.
        work = os.path.join(tempfile.gettempdir(), "align-fuzz", corpus)
        os.makedirs(work, exist_ok=True)
        args += [work, os.path.join(os.path.dirname(__file__), "corpus", corpus)]
    if not any(a.startswith("-max_len") for a in args):
        args.append(f"-max_len={MAX_LEN}")
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()
    sys.exit(0)
