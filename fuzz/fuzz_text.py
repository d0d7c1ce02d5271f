"""Fuzz the text reader: bytes in a ``.txt`` file -> decode -> segment -> every rule check.

    .venv/bin/python fuzz/fuzz_text.py -max_total_time=600
(any libFuzzer flag works; the seed corpus is ``fuzz/corpus/text``).
"""
import sys

import atheris

with atheris.instrument_imports(include=["align"]):
    import align.read.files  # noqa: F401
    import align.text.segment  # noqa: F401
    from _common import check_file, run


def TestOneInput(data: bytes) -> None:
    check_file(data, ".txt")


if __name__ == "__main__":
    run(TestOneInput, sys.argv, "text")
