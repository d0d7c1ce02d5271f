"""A SIGTERM whose exception Python swallows (it arrived inside a weakref
callback or a ``__del__``, where exceptions are printed as "ignored") still
stops the run at the next safe point."""
import gc
import os
import signal

import pytest

from align.core import signals


class _DiesNoisily:
    def __del__(self):
        # The handler runs here, and Python ignores what it raises.
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1000):
            pass


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_swallowed_sigterm_is_raised_again_by_check():
    with signals.terminate_as_interrupt():
        obj = _DiesNoisily()
        del obj
        gc.collect()
        with pytest.raises(signals.Terminated):
            signals.check()
    # Outside the run nothing is pending any more.
    signals.check()


def test_check_is_quiet_without_a_signal():
    with signals.terminate_as_interrupt():
        signals.check()
