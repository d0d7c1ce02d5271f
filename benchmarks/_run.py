"""Run a command as a child and measure it: wall time, and that child's own
peak resident memory (from wait4, so earlier children do not count)."""
from __future__ import annotations

import os
import subprocess
import sys
import time


def measure(cmd, env=None):
    """Run ``cmd`` (with ``env`` added to the environment); return
    (seconds, peak RSS in MB). Exits on failure."""
    t = time.perf_counter()
    full = dict(os.environ, **env) if env else None
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=full)
    _, status, usage = os.wait4(proc.pid, 0)
    dt = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    if code not in (0, 1):
        sys.exit(f"failed ({code}): {' '.join(map(str, cmd))}\n{err[-2000:]}")
    return dt, usage.ru_maxrss / 1024
