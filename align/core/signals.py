"""SIGINT and SIGTERM: a run that is stopped cleans up what it was writing.

Python turns Ctrl-C (SIGINT) into ``KeyboardInterrupt``, so ``with`` blocks
and ``finally`` clauses remove a half-written report on the way out. SIGTERM
(``kill``, a container or service manager stopping, ``timeout``) would kill
the process where it stands and leave its temporary files behind; the
command line (``cli.main``) turns it into ``Terminated``, a
``KeyboardInterrupt``, so it is cleaned up the same way and the process
exits with 143, as one SIGTERM stopped.

Worker processes keep the default actions instead (``child``): the parent
stops them. Both signals are held back while a worker is forked (``held``),
so that one arriving in between reaches the parent, never a half-started
worker running the parent's handler.
"""
from __future__ import annotations

import contextlib
import signal
from typing import Iterator

#: Signals that stop a run, held back during forks and short clean-ups.
STOPPING = frozenset({signal.SIGINT, signal.SIGTERM})


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the main thread was."""

    status = 128 + signal.SIGTERM
    what = "terminated"


def status_of(exc: BaseException) -> int:
    """The exit status of a run stopped by ``exc``: 130 for Ctrl-C, 143 for SIGTERM."""
    return getattr(exc, "status", 128 + signal.SIGINT)


def said(exc: BaseException) -> str:
    """``interrupted`` or ``terminated``."""
    return getattr(exc, "what", "interrupted")


# Set when SIGTERM arrived. Python runs a handler between two bytecodes of
# the main thread, wherever it is: inside a weakref callback or a __del__
# (the import system's module locks have one) the exception is printed as
# "ignored" and the run goes on. ``check`` raises it again at the next safe
# point, so that a run SIGTERM reached never finishes as if it had not.
# Ctrl-C's KeyboardInterrupt can be lost the same way.
_pending = None


def _raise_terminated(signum, frame) -> None:
    global _pending
    _pending = Terminated
    # Once: a second SIGTERM must not cut short the clean-up of the first.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated()


def _raise_interrupt(signum, frame) -> None:
    global _pending
    _pending = _pending or KeyboardInterrupt
    raise KeyboardInterrupt()


def check() -> None:
    """Raise ``Terminated`` (or ``KeyboardInterrupt``) if SIGTERM (or Ctrl-C)
    arrived and its exception was lost (see ``_pending``). Called between
    documents and before a report is committed; where the first raise got
    through, the run is already unwinding and never comes here."""
    if _pending is not None:
        raise _pending()


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM raises ``Terminated`` in the main thread
    (and both it and Ctrl-C are remembered for ``check``).
    The handler in place before comes back after (the test suite calls the
    command line in its own process). Elsewhere than in the main thread
    (where Python runs signal handlers), or where SIGTERM is ignored,
    nothing changes."""
    if signal.getsignal(signal.SIGTERM) is signal.SIG_IGN:
        yield  # started with SIGTERM ignored: whoever did so meant it
        return
    try:
        old = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread
        yield
        return
    global _pending
    interrupt = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if interrupt:
        signal.signal(signal.SIGINT, _raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old if old is not None else signal.SIG_DFL)
        if interrupt:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        _pending = None


@contextlib.contextmanager
def held() -> Iterator[None]:
    """SIGINT and SIGTERM held back while the block runs (a fork, a rename,
    removing a temporary folder), delivered as soon as it ends: a step that
    must finish once begun is never cut in half."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def child() -> None:
    """A worker process's first step: Ctrl-C reaches the whole process group,
    but the parent alone stops the run (a worker would only print a
    traceback), so it is ignored; SIGTERM gets its default action back (the
    parent stops its workers with it). Then both are unblocked (see ``held``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
