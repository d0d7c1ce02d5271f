"""Fuzz the bilingual readers (XLIFF, TMX, PO, CSV/TSV): the first byte picks the
format, the rest is the file. A reader may refuse a file only with an
``input_error``; a file it accepts must place every unit's target at its
offsets in the joined text.

    .venv/bin/python fuzz/fuzz_formats.py -max_total_time=600
"""
import sys

import atheris

SUFFIXES = [".xlf", ".tmx", ".po", ".csv", ".tsv"]

with atheris.instrument_imports(include=["align"]):
    import align.read.formats  # noqa: F401
    import align.read.files  # noqa: F401
    from _common import check_file, run


def TestOneInput(data: bytes) -> None:
    if not data:
        return
    check_file(data[1:], SUFFIXES[data[0] % len(SUFFIXES)])


if __name__ == "__main__":
    run(TestOneInput, sys.argv, "formats")
