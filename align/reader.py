"""Reading documents: files and folders in, decoded text out.

Every file becomes either a ``Document`` or an ``InputError`` that says what
went wrong and what to do; one bad file never stops a run. The decoded text is
what every offset in a report indexes: the BOM is removed, newlines are left
as they are, and HTML is reduced to its visible text (``align text FILE``
prints exactly this text).
"""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from . import formats as _bilingual

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
# C0/C1 control characters that never occur in text (tab, newlines, form
# feed and escape do); a decoding full of them was binary data.
_CONTROL_RE = re.compile("[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")


def _non_ascii(text: str) -> int:
    """Characters above ASCII, counted in C (runs, not characters, are matched)."""
    return sum(map(len, _NON_ASCII_RUN.findall(text)))


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Chinese pages mislabel GBK as gb2312 all the time; GB18030 is its superset.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs",
          "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "utf-8"}
# The Chinese legacy encodings, tried before any statistical guess.
_CHINESE_LEGACY = ("gb18030", "big5hkscs")


class InputError(Exception):
    """A file that cannot be read as a document. ``rule`` names the kind of
    failure (``input.binary``, ``input.empty`` ...) for the report row, and
    ``severity`` that row's severity: ``major``, but ``info`` for a file
    passed over by its type (``input.skipped``)."""

    def __init__(self, rule: str, message: str, severity: str = "major"):
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.severity = severity


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
        raise InputError("input.skipped", src.skip, severity="info")
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
    return Decoded(bi.text, bi.encoding, bi.format, bi.units)


def _looks_like_html(raw: bytes) -> bool:
    head = raw[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def decode_bytes(raw: bytes, html: bool = False,
                 warnings: List[Tuple[str, str]] | None = None) -> Tuple[str, str]:
    """Decode ``raw`` and return ``(text, encoding)``; the BOM is removed.
    A file decoded only in part (invalid UTF-8 bytes replaced, two encodings
    mixed) appends a ``(rule, message)`` pair to ``warnings``.

    Order of evidence: a byte-order mark; strict UTF-8 (almost never valid by
    accident); for HTML a declared charset that decodes cleanly; then the
    statistical guess of charset-normalizer.
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(enc), enc
            except UnicodeDecodeError:
                raise InputError("input.encoding", f"starts with a {enc} byte-order mark "
                                 "but does not decode as it; re-save the file as UTF-8")
    if not raw:
        return "", "utf-8"
    if b"\x00" in raw:
        return _decode_with_nuls(raw)
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        first_error = e.start
    warnings = [] if warnings is None else warnings
    damaged = _damaged_utf8(raw, first_error)
    if damaged:
        warnings.append(("input.invalid_utf8", f"is UTF-8 with {damaged[1]} invalid byte "
                         "sequence(s), each replaced by U+FFFD (a file cut off mid-character, "
                         "or a stray byte); check the text around them or re-save as UTF-8"))
        return damaged[0], "utf-8"
    mixed = _decode_mixed(raw, html)
    if mixed:
        warnings.append(("input.mixed_encoding", f"mixes two encodings "
                         f"({mixed[1].replace('+', ' and ')}); each line was decoded in the one "
                         "it fits, but check the text and re-save the file as UTF-8"))
        return mixed
    if html:
        m = _META_CHARSET.search(raw[:4096])
        if m:
            declared = m.group(1).decode("ascii", "replace").lower()
            enc = _WIDER.get(declared, declared)
            try:
                return raw.decode(enc), enc
            except (LookupError, UnicodeDecodeError):
                pass
    return _guess(raw)


def _damaged_utf8(raw: bytes, first_error: int) -> Tuple[str, int] | None:
    """UTF-8 with a few bad bytes: cut off inside the last character (a
    crawler's byte limit), or one stray byte among many good characters.
    Decoding it as a legacy encoding would garble the whole text for the sake
    of a byte or two. UTF-8 that encodes UTF-16 surrogates (CESU-8, or
    WTF-8 from a JavaScript string) is read with pairs joined and lone
    surrogates replaced, as a browser shows them."""
    try:
        wide = raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        pass
    else:
        text = wide.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        return text, sum(1 for c in wide if "\ud800" <= c <= "\udfff")
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    if first_error >= len(raw) - 3:
        return text, bad
    good = _non_ascii(text) - bad
    if good >= 20 and bad * 50 <= good:
        return text, bad
    return None


def _decode_mixed(raw: bytes, html: bool) -> Tuple[str, str] | None:
    """A file pasted together from UTF-8 and a legacy encoding (a template in
    one, the article in the other) decodes line by line: lines that are valid
    UTF-8 as UTF-8, the rest in the encoding guessed from them alone. The
    encoding is then named ``utf-8+<legacy>``. Valid UTF-8 with non-ASCII
    characters almost never happens by accident, but a short GBK line can
    pass, so a few non-ASCII UTF-8 characters must be seen before a file
    counts as mixed."""
    lines = raw.splitlines(keepends=True)
    utf8 = set()
    shown = 0
    legacy = []
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            t = line.decode("utf-8")
        except UnicodeDecodeError:
            legacy.append(line)
            continue
        utf8.add(i)
        shown += sum(1 for c in t if ord(c) > 127)
    if shown < 4 or not legacy:
        return None
    try:
        _, enc = decode_bytes(b"".join(legacy), html=html)
    except InputError:
        return None
    if enc in ("utf-8", "ascii") or enc.startswith("utf-16") or enc.startswith("utf-32"):
        return None
    text = "".join(line.decode("utf-8") if i in utf8 else line.decode(enc, "replace")
                   for i, line in enumerate(lines))
    return text, f"utf-8+{enc}"


def _decode_with_nuls(raw: bytes) -> Tuple[str, str]:
    """UTF-16 without a BOM puts a NUL in every other byte of ASCII text, and
    in the low byte of Han characters such as 一 (U+4E00); any other NUL
    byte means a binary file."""
    found = _utf16_without_bom(raw)
    if found:
        return found
    # Other scripts: ASCII's NULs all on one side tell the byte order.
    sample = raw[:65536]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(raw) % 2 == 0 and max(even, odd) > len(sample) // 8 and min(even, odd) == 0:
        enc = "utf-16-le" if odd > even else "utf-16-be"
        try:
            text = raw.decode(enc)
            if "\x00" not in text:
                return text, enc
        except UnicodeDecodeError:
            pass
    raise InputError("input.binary", "holds NUL bytes: a binary file, not text; "
                     "remove it from the input or convert it to UTF-8")


# Characters a text is made of: printable ASCII and line breaks, Latin-1
# letters, general punctuation, CJK symbols and punctuation, full-width
# forms. Han characters count only when common (``charfreq``): read with the
# wrong byte order, ASCII turns into rare Han (U+6100 for "a\0").
_PLAIN_RE = re.compile("[\t\n\r\x20-\x7e\u00a0-\u00ff\u2010-\u206f\u3000-\u303f\uff00-\uffef]+")


def _utf16_without_bom(raw: bytes) -> Tuple[str, str] | None:
    """``raw`` as UTF-16 of either byte order, when that decoding is text:
    nearly every character plain (``_PLAIN_RE``) or a common Han character.
    Chinese in UTF-16 has no run of ASCII to find by its NULs."""
    if len(raw) % 2:
        return None
    from .charfreq import is_common
    from .scripts import HAN_RUN_RE

    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        sample = text[:32768]
        plain = sum(map(len, _PLAIN_RE.findall(sample)))
        han = "".join(HAN_RUN_RE.findall(sample))
        common = sum(map(is_common, han))
        if sample and (plain + common) >= 0.95 * len(sample) and common >= 0.6 * len(han):
            return text, enc
    return None


def _guess(raw: bytes) -> Tuple[str, str]:
    # Chinese legacy encodings first: a decoding into mostly first-level
    # characters is right far more often than a statistical guess on a short
    # text (charset-normalizer takes a short Big5 text for UTF-16 Hangul).
    chinese = _best_chinese(raw, list(_CHINESE_LEGACY))
    if chinese is not None:
        return raw.decode(chinese), chinese
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise InputError("input.binary", "does not decode as text in any known "
                         "encoding (a binary file?); remove it or convert it to UTF-8")
    enc = _WIDER.get(best.encoding, best.encoding)
    # Short Western text fits every 8-bit Latin code page; the pages this
    # tool reads come from Windows-1252 far more often than from the others.
    if enc.startswith(("cp125", "iso8859", "mac_", "latin")) and enc != "cp1252":
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        return str(best), best.encoding


def _best_chinese(raw: bytes, encodings: List[str]) -> str | None:
    from .charfreq import commonness

    from .scripts import CJK_PUNCT_RE, count_script_units

    scored = []
    for enc in encodings:
        try:
            text = raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        han, _ = count_script_units(text)
        # Every non-ASCII byte pair must have become a Han character or CJK
        # punctuation, mostly common ones; otherwise this is not Chinese.
        non_ascii = _non_ascii(text)
        cjk = han + len(CJK_PUNCT_RE.findall(text))
        if han == 0 or cjk < 0.8 * non_ascii:
            continue
        score = commonness(text)
        if score >= 0.6:
            scored.append((score, enc))
    return max(scored)[1] if scored else None

