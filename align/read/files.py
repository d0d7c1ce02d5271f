"""Reading documents: files and folders in, decoded text out.

Every file becomes either a ``Document`` or an ``InputError`` that says what
went wrong and what to do; one bad file never stops a run. The decoded text is
what every offset in a report indexes: the BOM is removed, newlines are left
as they are, and HTML is reduced to its visible text (``align text FILE``
prints exactly this text).
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from ..core.errors import InputError
from . import formats as _bilingual
from .decode import _CONTROL_RE, _looks_like_html, decode_bytes

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# Bilingual files (XLIFF, TMX, PO; CSV/TSV only when named): align/formats.
BILINGUAL_SUFFIXES = _bilingual.FOLDER_SUFFIXES
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | BILINGUAL_SUFFIXES
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A line longer than this is a data blob (minified script, base64, a dump),
# not prose: no page paragraph comes near it, and sentence splitting of one
# such line costs seconds per megabyte.
MAX_LINE_CHARS = 1_000_000
# Leading bytes of the binary formats a crawl most often mislabels as text.
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a DOCX/XLSX/EPUB)"), (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an ELF executable"), (b"MZ", "a Windows executable"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O binary"), (b"\xcf\xfa\xed\xfe", "a Mach-O binary"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"\x00asm", "a WebAssembly module"),
    (b"OggS", "an Ogg media file"), (b"ID3", "an MP3 file"), (b"fLaC", "a FLAC file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"), (b"wOFF", "a web font"),
    (b"wOF2", "a web font"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
]
class Source:
    """A file to check: ``doc`` is its name in the report (POSIX, relative to
    the folder given), ``path`` where it lies. ``skip``, when not empty, says
    why the file is not read (a PDF found in a folder): reading it raises
    ``InputError("input.skipped", skip)``, so it is named in the report.

    A run lists every file before it starts (the report is in ``doc``
    order), so a source is kept small: strings in slots, the ``Path``
    made when asked for. A ``Path`` object and a dataclass took 450 bytes a
    file, 450 MB for a crawl of a million pages."""

    __slots__ = ("doc", "_path", "skip")

    def __init__(self, doc: str, path: os.PathLike | str, skip: str = ""):
        self.doc = doc
        self._path = os.fspath(path)
        self.skip = skip

    @property
    def path(self) -> Path:
        return Path(self._path)

    def __fspath__(self) -> str:
        # The path as a string: a Path interns every part of every name it
        # parses, for the life of the process (a crawl's file names).
        return self._path

    def __eq__(self, other) -> bool:
        if not isinstance(other, Source):
            return NotImplemented
        return (self.doc, self._path, self.skip) == (other.doc, other._path, other.skip)

    def __hash__(self) -> int:
        return hash((self.doc, self._path))

    def __repr__(self) -> str:
        skip = f", skip={self.skip!r}" if self.skip else ""
        return f"Source(doc={self.doc!r}, path={self._path!r}{skip})"

    def __reduce__(self):
        return Source, (self.doc, self._path, self.skip)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    format: str  # "text" or "html", or a bilingual format ("xliff", "po" ...)
    #: For a bilingual file, its units (``formats.Unit``) and where each
    #: target lies in ``text``; empty otherwise.
    units: tuple = ()
    #: ``(rule, message)`` pairs for a file that was read but not cleanly
    #: (mixed encodings); each becomes an ``input_error`` row next to the findings.
    warnings: Tuple[Tuple[str, str], ...] = ()
    #: For a bilingual file, its language pair (``formats.language_pair``:
    #: primary subtags, from the file or guessed from the scripts).
    languages: Tuple[str, str] = ("", "")


# Files inside a folder are read by their suffix (SUFFIXES). Of the others,
# these are documents a user may well expect checked: each gets an
# ``input.skipped`` row (severity info) that names it and says why and what
# to do, as an explicitly named file that cannot be read gets a row. Other
# files (web assets, data, the report and its sidecars: .csv, .json, .xlsx,
# .sqlite) and anything hidden (a name starting with a dot, or inside such a
# folder: .git, .DS_Store, .align-rows-*) are passed over silently, so a
# report written into the folder it checks never changes the next report.
_CONVERT = "convert it to text or HTML (pdftotext, or Save As) to check it"
_NAME_IT = "name it on the command line, or rename it to {0}, to check it"
SKIPPED_TYPES = {
    **dict.fromkeys([".pdf"], ("a PDF document", _CONVERT)),
    **dict.fromkeys([".doc", ".docx", ".odt", ".rtf", ".wps", ".pages"],
                    ("a word-processor document", _CONVERT)),
    **dict.fromkeys([".ppt", ".pptx", ".odp", ".dps"], ("a presentation", _CONVERT)),
    **dict.fromkeys([".epub", ".mobi", ".azw3"], ("an e-book", _CONVERT)),
    # Not .xlsx: align writes its own reports as .xlsx.
    **dict.fromkeys([".xls", ".ods", ".et"], (
        "a spreadsheet", "save its source and translation columns as a two-column CSV and "
        "name that on the command line to check it")),
    **dict.fromkeys([".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"],
                    ("an archive", "unpack it to check the pages in it")),
    **dict.fromkeys([".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"], (
        "an image", "text in an image cannot be checked; run OCR to a text file to check it")),
    **dict.fromkeys([".shtml", ".shtm", ".php", ".asp", ".aspx", ".jsp"], (
        "a web page saved under its server's suffix", _NAME_IT.format(".html"))),
    **dict.fromkeys([".mht", ".mhtml"], ("a web archive (MHTML)", "save the page as HTML "
                                         "to check it")),
    **dict.fromkeys([".md", ".markdown", ".rst"], ("a markup text file",
                                                   _NAME_IT.format(".txt"))),
}


class InputConflict(ValueError):
    """Inputs that cannot all be named apart in a report (a usage error)."""


def collect(paths: Sequence[os.PathLike | str], suffixes=SUFFIXES) -> Tuple[List[Source], List[str]]:
    """Expand files and folders (recursively) into sources sorted by ``doc``.

    A file named directly is read whatever its suffix; inside folders the
    known suffixes are read, and the document types of ``SKIPPED_TYPES``
    become sources that are not read (``Source.skip`` says why). Returns the
    sources and the paths that do not exist, so the caller can report a
    usage error.

    A file is named by its name, a folder's files by their path below it.
    When two inputs would give different files the same name (``a/page.txt``
    and ``b/page.txt``, or folders ``a`` and ``b`` that both hold
    ``page.txt``), the names of every file of those inputs keep the input as
    given in front (``a/page.txt``, ``b/page.txt``), so no file hides
    another; a file reached through two inputs (a folder and a file in it) is
    checked once. Names that still clash raise ``InputConflict``.
    """
    inputs: List[Tuple[str, bool, List[Source]]] = []
    missing: List[str] = []
    for given in paths:
        root = Path(given)
        # The input as ``_walk`` joins names onto it (a Path drops "./" and a
        # final slash), and as a prefix names its files.
        if root.is_dir():
            inputs.append((os.fspath(root), True, _walk(root, suffixes)))
        elif root.exists() or root.is_symlink():
            inputs.append((os.fspath(root), False, [Source(doc_name(root.name), root)]))
        else:
            missing.append(str(given))
    if len(inputs) == 1:
        sources = inputs[0][2]
    else:
        sources = _named_apart(inputs)
    sources.sort(key=_DOC)
    docs = [s.doc for s in sources]
    if len(set(docs)) != len(docs):  # a name escaped like another (doc_name), or worse
        for a, b in zip(sources, sources[1:]):
            if a.doc == b.doc:
                raise InputConflict(f"{os.fspath(a)!r} and {os.fspath(b)!r} would both be "
                                    f"named {a.doc!r} in the report; rename one of them")
    return sources, missing


_DOC = attrgetter("doc")


def _walk(root: Path, suffixes) -> List["Source"]:
    """The sources of one folder, named by their path below it."""
    found: List[Source] = []

    # A folder that cannot be listed becomes a source of its own, so
    # reading it reports why its files are missing from the report.
    def unlisted(err: OSError) -> None:
        p = Path(err.filename)
        found.append(Source(doc_name(p.relative_to(root).as_posix()), p))

    # Strings, not Paths: a crawl lists millions of files before the
    # first is checked, with every worker waiting (8 µs a file).
    top = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(top, onerror=unlisted, followlinks=False):
        dirnames.sort()
        rel = os.path.relpath(dirpath, top)
        prefix = "" if rel == os.curdir else rel.replace(os.sep, "/") + "/"
        hidden = any(part.startswith(".") for part in prefix.split("/")[:-1])
        for name in filenames:
            ext = os.path.splitext(name)[1].lower()
            if ext in suffixes:
                found.append(Source(doc_name(prefix + name), os.path.join(dirpath, name)))
            elif ext in SKIPPED_TYPES and not hidden and not name.startswith("."):
                what, todo = SKIPPED_TYPES[ext]
                found.append(Source(doc_name(prefix + name), os.path.join(dirpath, name),
                                    skip=f"not checked: {what} ({ext}), which align does not "
                                         f"read inside a folder; {todo}"))
    return found


def _named_apart(inputs: List[Tuple[str, bool, List["Source"]]]) -> List["Source"]:
    """The sources of several inputs, each file once, with the names of the
    inputs whose names clash prefixed by the input as given (see ``collect``).
    A folder's file lies at its path below the folder as given: ``os.walk``
    joins every name onto it."""
    seen: set = set()
    kept: List[List[Source]] = []
    for given, is_dir, sources in inputs:
        # Where each file lies, by its folder's real path and its path below
        # it: one realpath per input, not one per file.
        base = os.path.join(os.path.realpath(
            given if is_dir else os.path.dirname(given) or os.curdir), "")
        cut = len(os.path.join(given, ""))
        mine = []
        for src in sources:
            where = base + (src._path[cut:] if is_dir else os.path.basename(given))
            if where not in seen:
                seen.add(where)
                mine.append(src)
        kept.append(mine)
    prefixed = [False] * len(inputs)
    while True:
        owners: Dict[str, set] = {}
        for i, sources in enumerate(kept):
            for src in sources:
                owners.setdefault(src.doc, set()).add(i)
        clash = {i for who in owners.values() if len(who) > 1 for i in who if not prefixed[i]}
        if not clash:
            return [src for sources in kept for src in sources]
        for i in clash:
            given, is_dir, _ = inputs[i]
            label = os.path.normpath(given).replace(os.sep, "/")
            cut = len(os.path.join(given, ""))
            out = []
            for src in kept[i]:
                if is_dir:
                    rel = src._path[cut:].replace(os.sep, "/")
                    name = rel if label == "." else f"{label.rstrip('/')}/{rel}"
                else:
                    name = label
                out.append(Source(doc_name(name), os.fspath(src), src.skip))
            kept[i] = out
            prefixed[i] = True


def doc_name(name: str) -> str:
    """``name`` as valid text for the report. A file name that is not valid
    UTF-8 reaches Python with its bad bytes as lone surrogates, which no
    UTF-8 report can hold; they are written as ``\\xNN`` escapes instead."""
    if not bad_name(name):
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def bad_name(name: str) -> bool:
    """Whether ``name`` came from bytes that are not valid UTF-8."""
    try:
        name.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def read_source(src: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Read and decode one file, or raise ``InputError``."""
    if getattr(src, "skip", ""):
        raise InputError("input.skipped", src.skip)
    path = os.fspath(src)
    raw = _read_bytes(path, max_bytes)
    kind = _magic(raw)
    if kind:
        raise InputError("input.binary", f"looks like {kind}, not text; "
                         "remove it from the input")
    if _bilingual.format_of(path):
        return _read_bilingual(raw, Path(path))
    is_html = os.path.splitext(path)[1].lower() in HTML_SUFFIXES or _looks_like_html(raw)
    warnings: List[Tuple[str, str]] = []
    text, encoding = decode_bytes(raw, html=is_html, warnings=warnings)
    if "\x00" in text:
        raise InputError("input.binary", f"decodes (as {encoding}) into text with NUL "
                         "characters: a binary or damaged file; remove it or re-save it as UTF-8")
    controls = len(_CONTROL_RE.findall(text, 0, 65536))
    if controls > 8 and controls > min(len(text), 65536) // 50:
        raise InputError("input.binary", f"decodes (as {encoding}) into {controls} control "
                         "characters in its first 64K characters: a binary file, not text; "
                         "remove it from the input")
    if is_html:
        from .htmltext import html_to_text

        text = html_to_text(text)
    if not text.strip():
        raise InputError("input.empty", "the file is empty or holds only whitespace"
                         + (" and markup" if is_html else "") + "; remove it from the input")
    longest = _longest_line(text)
    if longest > MAX_LINE_CHARS:
        raise InputError("input.long_line", f"holds a single line of {longest} characters "
                         f"(the limit is {MAX_LINE_CHARS}): data, not a page of text; "
                         "remove it, or break the text into lines if it is prose")
    return Decoded(text, encoding, "html" if is_html else "text", warnings=tuple(warnings))


def _read_bytes(path: str, max_bytes: int) -> bytes:
    """The file's bytes, or an ``InputError`` that says why not and what to do.

    Only regular files are read: opening a FIFO or a device named ``*.txt``
    would block or never end. The open is non-blocking and the type is checked
    on the open descriptor, so a file swapped for a pipe after listing cannot
    hang the run, and the size limit holds even for a file still growing."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError("input.unreadable", f"a broken symbolic link (to {os.readlink(path)!r}, "
                             "which does not exist); fix or remove the link")
        raise InputError("input.unreadable", "vanished before it could be read (moved or "
                         "deleted during the run); run again, or leave it out")
    except PermissionError:
        raise InputError("input.unreadable", "permission denied; make the file readable "
                         "(chmod a+r) or run as a user who may read it")
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise InputError("input.unreadable", "a symbolic link loop (the link points back "
                             "to itself); fix or remove the link")
        if e.errno in (errno.EISDIR, errno.EACCES):
            return _not_a_file(path, os.stat(path))
        raise InputError("input.unreadable", f"cannot be opened: {e.strerror or e}; "
                         "check that the file is intact and readable")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            _not_a_file(path, st)
        if st.st_size > max_bytes:
            raise InputError("input.too_large", f"{st.st_size} bytes is over the limit of "
                             f"{max_bytes}; split the file or raise --max-bytes")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            # Ask for the size the file has (and a byte to see it grew): a
            # read of max_bytes allocates and frees that much for every file.
            want = st.st_size + 1
            raw = fh.read(want)
            if len(raw) == want:
                raw += fh.read(max_bytes + 1 - len(raw))
        if len(raw) > max_bytes:
            raise InputError("input.too_large", f"grew past the limit of {max_bytes} bytes "
                             "while being read; split the file or raise --max-bytes")
        return raw
    except OSError as e:
        raise InputError("input.unreadable", f"cannot be read: {e.strerror or e}; "
                         "check that the file and its disk are intact")
    finally:
        os.close(fd)


def _not_a_file(path: str, st: os.stat_result):
    if stat.S_ISDIR(st.st_mode):
        try:
            os.listdir(path)
        except OSError as e:
            raise InputError("input.unreadable", f"a folder that cannot be listed "
                             f"({e.strerror or e}): its files were not checked; "
                             "make it readable and run again")
        raise InputError("input.unreadable", "is a folder, not a file; give the folder "
                         "itself to read the files in it")
    raise InputError("input.unreadable", "not a regular file (a pipe, socket or device), "
                     "which could block or never end; give regular files only")


def _magic(raw: bytes) -> str:
    """The name of a binary format ``raw`` starts with, or ``""``. Short
    ASCII signatures (``MZ``, ``ID3``) count only with NUL bytes behind them,
    since a text may begin with those letters."""
    for sig, name in _MAGIC:
        if raw.startswith(sig):
            if len(sig) >= 4 or not sig.isascii() or b"\x00" in raw[:4096]:
                return name
    return ""


def _longest_line(text: str) -> int:
    longest, pos = 0, 0
    while True:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        longest = max(longest, end - pos)
        if nl < 0:
            return longest
        pos = nl + 1


def _read_bilingual(raw: bytes, path: Path) -> Decoded:
    bi = _bilingual.read_bilingual(raw, path)
    if not bi.units:
        raise InputError("input.empty", f"no unit of this {bi.format} file has a target "
                         "to check")
    return Decoded(bi.text, bi.encoding, bi.format, bi.units,
                   languages=_bilingual.language_pair(bi))


def read_text(path: "os.PathLike | str") -> str:
    """The decoded text of a file: what every offset in a report indexes."""
    p = Path(path)
    return read_source(Source(p.name, p)).text
