"""Where align writes: a file replaced whole, or a stream written through.

Every file align writes for the user (reports, ``--html``, ``--documents``,
signatures, ``pair``'s beads, ``clean``'s copies, review exports) goes
through ``Output``, which looks at what the name is before writing:

- ``-``, ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``: the process's own
  descriptor, written as it is, so a shell's redirection keeps working.
- a character device (``/dev/null``, a terminal) or a FIFO: opened and
  written in place. There is nothing to replace, and nothing is made beside
  it (no temporary file, no signature).
- a regular file, or a name not taken yet, or a symbolic link to either:
  written under a temporary name (``.align-*.part``) in the folder of the
  file itself (a link's target: the link stays a link) and renamed over it
  once complete, so a half-written file never carries the name and a run
  that fails or is stopped leaves the old file as it was. A new file gets
  the mode ``open`` would give it (0666 less the umask); a file replaced
  keeps its mode (and its owner where the process may set it).
- anything else (a folder, a block device, a socket, a folder that does not
  exist, a read-only file system, a read-only file): ``OutputError``, whose
  text is one line saying what could not be written, why, and what to do.

Errors while writing (a full disk) become ``OutputError`` too, and the
temporary file goes. So do the temporary files of a run stopped by Ctrl-C or
SIGTERM (see ``align.core.signals``); any still there at exit are removed then.

What goes into a CSV or TSV cell is untrusted page text, and a spreadsheet
runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (OWASP, "CSV Injection"): ``escape_cell`` puts an
apostrophe before such a value, ``unescape_cell`` takes it off again.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from typing import Iterator, Optional

from .signals import check as check_stopped
from .signals import held

# What a spreadsheet takes for the start of a formula, after the apostrophes
# that ``escape_cell`` adds (so that a value beginning "'=" survives too).
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def escape_cell(value: str) -> str:
    """A CSV cell's text for ``value``: an apostrophe before a value a
    spreadsheet would take for a formula (and before one that begins with
    apostrophes and then such a character, so that ``unescape_cell`` is its
    exact inverse)."""
    return "'" + value if _FORMULA.match(value) else value


def unescape_cell(value: str) -> str:
    """The value of a CSV cell written by ``escape_cell``."""
    return value[1:] if value[:1] == "'" and _FORMULA.match(value, 1) else value

#: Descriptors named by path: written as they are, never replaced.
_STD_NAMES = {"-": 1, "/dev/stdout": 1, "/dev/stderr": 2}
_FD_NAME = re.compile(r"/(?:dev|proc/self)/fd/(\d+)")
_BUFFER = 1 << 20

# Why, in words, and what to do ("{option}": the option that named the file).
_CHOOSE = "choose another {option}"
_REASONS = {
    errno.ENOSPC: ("no space left on the device", "free some space or " + _CHOOSE),
    errno.EDQUOT: ("disk quota exceeded", "free some space or " + _CHOOSE),
    errno.EFBIG: ("the file is too large for its file system", _CHOOSE),
    errno.EROFS: ("read-only file system", _CHOOSE),
    errno.EACCES: ("permission denied", _CHOOSE),
    errno.EPERM: ("operation not permitted", _CHOOSE),
    errno.ELOOP: ("symbolic link loop", "fix the link or " + _CHOOSE),
    errno.ENAMETOOLONG: ("name too long", _CHOOSE),
    errno.EIO: ("input/output error", _CHOOSE),
}


class OutputError(OSError):
    """A file that cannot be written; ``str()`` is the one line to show."""

    def __init__(self, message: str, code: Optional[int] = None):
        super().__init__(code, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _umask() -> int:
    """The process's umask, read without changing it where Linux tells it
    (changing it, even back, races with other threads creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Temporary files and folders of this process, removed at exit if a path
# out of the normal clean-up missed them (a second signal during clean-up).
_LEFTOVERS: dict = {}


def _track(path: str) -> None:
    if not _LEFTOVERS:
        import atexit

        atexit.register(_remove_leftovers)
    _LEFTOVERS[path] = os.getpid()


def _untrack(path: str) -> None:
    _LEFTOVERS.pop(path, None)


def _remove_leftovers() -> None:
    import shutil

    for path, pid in list(_LEFTOVERS.items()):
        if pid != os.getpid():  # a forked worker's copy of the parent's list
            continue
        with held():
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            _untrack(path)


class _Guarded:
    """A binary file whose write errors are ``OutputError``s naming the
    output; everything else is the file's own."""

    __slots__ = ("_fh", "_out")

    def __init__(self, fh, out: "Output"):
        self._fh, self._out = fh, out

    def write(self, data) -> int:
        try:
            return self._fh.write(data)
        except OutputError:
            raise
        except OSError as e:
            raise self._out.error(e) from None

    def flush(self) -> None:
        try:
            self._fh.flush()
        except OSError as e:
            raise self._out.error(e) from None

    def __getattr__(self, name):
        return getattr(self._fh, name)


class Output:
    """One file to write (see the module's notes). Construction only looks
    (``OutputError`` if it cannot be written), so a run can check every
    output before it starts; ``open`` gives the binary file, ``commit``
    puts it in place, ``discard`` removes what was written. As a context
    manager: open, then commit, or discard on an exception."""

    def __init__(self, path, option: str = "-o"):
        self.path = os.fspath(path)
        self.option = option
        #: A descriptor of this process written as it is (stdout: 1).
        self.fd: Optional[int] = None
        #: A character device or FIFO, opened and written in place.
        self.device: Optional[str] = None
        #: The regular file replaced or created (symbolic links resolved).
        self.target: Optional[str] = None
        self._mode: Optional[int] = None
        self._owner: Optional[tuple] = None
        self._tmp: Optional[str] = None
        self._raw = None
        self.file = None
        self._look()

    # -- what the name is -------------------------------------------------

    def _look(self) -> None:
        p = self.path
        if p in _STD_NAMES:
            self.fd = _STD_NAMES[p]
            return
        m = _FD_NAME.fullmatch(p)
        if m:
            self.fd = int(m.group(1))
            return
        if not p:
            raise self._fail("no file name given", "give one with " + self.option)
        try:
            st = os.stat(p)
        except FileNotFoundError:
            st = None
        except OSError as e:
            raise self.error(e) from None
        if st is None or stat.S_ISREG(st.st_mode):
            # A name not taken yet, a regular file, or a link to either.
            target = os.path.realpath(p)
            self._check_folder(os.path.dirname(target))
            if st is not None:
                if not os.access(target, os.W_OK):
                    # What ``>`` would refuse: a read-only file is left alone.
                    raise self._fail("the file is read-only", _CHOOSE)
                self._mode = stat.S_IMODE(st.st_mode)
                self._owner = (st.st_uid, st.st_gid)
            self.target = target
        elif stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            self.device = p
        elif stat.S_ISDIR(st.st_mode):
            raise self._fail("it is a folder", "give a file name")
        else:
            kind = "a block device" if stat.S_ISBLK(st.st_mode) else \
                "a socket" if stat.S_ISSOCK(st.st_mode) else "not a file"
            raise self._fail(f"it is {kind}; align writes files, character devices "
                             "(/dev/null) and pipes", _CHOOSE)

    def _check_folder(self, folder: str) -> None:
        try:
            st = os.stat(folder)
        except FileNotFoundError:
            raise self._fail(f"no such folder {folder}", "create it or " + _CHOOSE,
                             errno.ENOENT) from None
        except OSError as e:
            raise self.error(e, folder) from None
        if not stat.S_ISDIR(st.st_mode):
            raise self._fail(f"{folder} is not a folder", _CHOOSE, errno.ENOTDIR)
        try:
            read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
        except (OSError, AttributeError):  # pragma: no cover - no statvfs
            read_only = False
        if read_only:
            raise self._fail(f"the folder {folder} is on a read-only file system", _CHOOSE,
                             errno.EROFS)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise self._fail(f"the folder {folder} is not writable", _CHOOSE, errno.EACCES)

    @property
    def replaces(self) -> bool:
        """Whether this is a file written whole and renamed into place (not
        a stream): only such an output may have files beside it."""
        return self.target is not None

    @property
    def folder(self) -> Optional[str]:
        """The folder of the file written (``None`` for a stream)."""
        return os.path.dirname(self.target) if self.target else None

    # -- errors -------------------------------------------------------------

    def _fail(self, reason: str, todo: str, code: Optional[int] = None) -> OutputError:
        return OutputError(f"cannot write {self.path}: {reason}; "
                           f"{todo.format(option=self.option)}", code)

    def error(self, exc: OSError, where: Optional[str] = None) -> OutputError:
        """``exc``, raised writing this output, as one line with what to do."""
        if isinstance(exc, OutputError):
            return exc
        code = exc.errno
        reason, todo = _REASONS.get(code, (exc.strerror or str(exc), _CHOOSE))
        if code in (errno.ENOENT, errno.ENOTDIR):
            reason = (f"no such folder {where or os.path.dirname(os.path.abspath(self.path))}"
                      if code == errno.ENOENT else "a part of the path is not a folder")
            todo = "create it or " + _CHOOSE if code == errno.ENOENT else _CHOOSE
        elif code == errno.EPIPE:
            reason, todo = "the reader of the pipe has gone", "keep the reader open or " + _CHOOSE
        if where and code != errno.ENOENT:
            reason += f" (folder {where})"
        return self._fail(reason, todo, code)

    # -- writing ------------------------------------------------------------

    def open(self):
        """The binary file to write to."""
        if self.file is not None:
            return self.file
        if self.fd is not None:
            std = {1: sys.stdout, 2: sys.stderr}.get(self.fd)
            if std is not None and hasattr(std, "buffer"):
                std.flush()  # what Python printed comes first
                self._raw = std.buffer
            else:
                try:
                    self._raw = open(os.dup(self.fd), "wb", buffering=_BUFFER)
                except OSError as e:
                    raise self.error(e) from None
        elif self.device is not None:
            try:
                # No O_CREAT, no O_TRUNC: a device or pipe is written, never made.
                fd = os.open(self.device, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
            except OSError as e:
                raise self.error(e) from None
            st = os.fstat(fd)
            if not (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
                os.close(fd)  # replaced by something else since we looked
                raise self._fail("it changed while being opened", "try again")
            self._raw = open(fd, "wb", buffering=_BUFFER)
        else:
            import tempfile

            folder = os.path.dirname(self.target)
            try:
                with held():  # made and recorded together
                    fd, self._tmp = tempfile.mkstemp(prefix=".align-", suffix=".part",
                                                     dir=folder)
                    _track(self._tmp)
            except OSError as e:
                # Name the folder, not a temporary file the user never asked for.
                raise self.error(e, folder) from None
            try:
                # mkstemp's 0600 would make a report only its writer can read.
                os.fchmod(fd, self._mode if self._mode is not None else 0o666 & ~_umask())
                if self._owner is not None and self._owner != (os.geteuid(), os.getegid()):
                    with contextlib.suppress(OSError):
                        os.fchown(fd, *self._owner)
            except OSError:
                pass
            self._raw = open(fd, "wb", buffering=_BUFFER)
        self.file = _Guarded(self._raw, self)
        return self.file

    def commit(self) -> None:
        """Finish: rename the file into place, or flush the stream."""
        if self.file is None:
            self.open()
        try:
            check_stopped()  # a run SIGTERM reached commits nothing
            self.file.flush()
            if self._tmp is not None:
                self._raw.close()
                with held():
                    os.replace(self._tmp, self.target)
                    _untrack(self._tmp)
                self._tmp = None
            elif self._owns_raw():
                self._raw.close()
        except BaseException as e:
            self.discard()
            if isinstance(e, OSError):
                raise self.error(e) from None
            raise
        self.file = None

    def discard(self) -> None:
        """Drop what was written: the temporary file goes. (What went to a
        stream cannot be taken back.)"""
        raw, self.file = self._raw, None
        if raw is not None and self._owns_raw():
            with contextlib.suppress(OSError, ValueError):
                raw.close()
        if self._tmp is not None:
            with held():
                with contextlib.suppress(OSError):
                    os.unlink(self._tmp)
                _untrack(self._tmp)
            self._tmp = None

    def _owns_raw(self) -> bool:
        return self._raw is not None and self._raw not in (
            getattr(sys.stdout, "buffer", None), getattr(sys.stderr, "buffer", None))

    def __enter__(self):
        return self.open()

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commit()
        else:
            self.discard()
        return False


@contextlib.contextmanager
def open_output(path, option: str = "-o") -> Iterator:
    """``with open_output(path) as f: f.write(data)``: ``Output`` as a binary file."""
    out = Output(path, option)
    with out as f:
        yield f


def write_bytes(path, data: bytes, option: str = "-o") -> None:
    with open_output(path, option) as f:
        f.write(data)


def write_text(path, text: str, option: str = "-o") -> None:
    """UTF-8, newlines as they are."""
    write_bytes(path, text.encode("utf-8"), option)


def make_folder(path, option: str = "-o") -> None:
    """``mkdir -p path``, or ``OutputError`` saying why not."""
    try:
        os.makedirs(path, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"cannot write into {path}: it is a file, not a folder; "
                          f"choose another {option}", errno.ENOTDIR) from None
    except OSError as e:
        reason = _REASONS.get(e.errno, (e.strerror or str(e), ""))[0]
        raise OutputError(f"cannot make the folder {path}: {reason}; choose another {option}",
                          e.errno) from None


@contextlib.contextmanager
def scratch_folder(near: Optional[str], prefix: str = ".align-") -> Iterator[str]:
    """A temporary folder in ``near`` (the system's if ``None``), removed
    with what it holds when the block ends, however it ends."""
    import shutil
    import tempfile

    with held():
        path = tempfile.mkdtemp(prefix=prefix, dir=near)
        _track(path)
    try:
        yield path
    finally:
        with held():  # never half removed: an empty folder left behind
            shutil.rmtree(path, ignore_errors=True)
            _untrack(path)
