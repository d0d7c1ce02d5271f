"""A SIGTERM whose exception Python swallows (it arrived inside a weakref
callback or a ``__del__``, where exceptions are printed as "ignored") still
stops the run at the next safe point."""
import gc
import os
import signal

import pytest

from align.core import signals


class _DiesNoisily:
    def __init__(self, sig):
        self.sig = sig

    def __del__(self):
        # The handler runs here, and Python ignores what it raises.
        os.kill(os.getpid(), self.sig)
        for _ in range(1000):
            pass


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("sig, exc", [(signal.SIGTERM, signals.Terminated),
                                      (signal.SIGINT, KeyboardInterrupt)])
def test_swallowed_stop_is_raised_again_by_check(sig, exc):
    with signals.terminate_as_interrupt():
        obj = _DiesNoisily(sig)
        del obj
        gc.collect()
        with pytest.raises(exc):
            signals.check()
    # Outside the run nothing is pending any more.
    signals.check()


def test_check_is_quiet_without_a_signal():
    with signals.terminate_as_interrupt():
        signals.check()
