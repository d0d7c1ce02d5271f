"""Fuzz the HTML reader: bytes in an ``.html`` file -> charset -> visible text -> checks.

Half of the inputs are wrapped in a page skeleton so the fuzzer spends its
time inside markup rather than on finding ``<html``.

    .venv/bin/python fuzz/fuzz_html.py -max_total_time=600
"""
import sys

import atheris

with atheris.instrument_imports(include=["align"]):
    import align.read.htmltext  # noqa: F401
    import align.read.files  # noqa: F401
    from _common import check_file, run


def TestOneInput(data: bytes) -> None:
    if data[:1] and data[0] & 1:
        data = b"<html><head><meta charset=gbk></head><body>" + data[1:] + b"</body></html>"
    check_file(data, ".html")


if __name__ == "__main__":
    run(TestOneInput, sys.argv, "html")
