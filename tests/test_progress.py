"""The progress bar: drawn once the run has lasted a moment, whether or not a
document has finished; counting bytes, so that one large page moves it; and
moved from inside a document checked in this process. (The rules for when it
is silent: tests/test_xlsx.py.)"""
import io
import threading
import time

import pytest

from align.run import progress as prog
from align.cli import main


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def _until(cond, seconds=20.0):
    end = time.monotonic() + seconds
    while not cond() and time.monotonic() < end:
        time.sleep(0.01)
    return cond()


def test_bar_drawn_before_the_first_document_finishes(monkeypatch):
    monkeypatch.setattr(prog, "DELAY_SECONDS", 0.05)
    stream = FakeTTY()
    seen = []

    def documents():
        # The first document takes as long as the bar takes to appear (or
        # gives up): the bar must not wait for it.
        seen.append(_until(lambda: "0/2" in stream.getvalue()))
        yield "a"
        yield "b"

    assert list(prog.progress(documents(), 2, stream=stream)) == ["a", "b"]
    assert seen == [True]


def test_bar_keeps_time_while_nothing_finishes(monkeypatch):
    monkeypatch.setattr(prog, "DELAY_SECONDS", 0)
    monkeypatch.setattr(prog, "REFRESH_SECONDS", 0.02)
    stream = FakeTTY()
    with prog.Progress(10, stream=stream):
        assert _until(lambda: stream.getvalue().count("0/10") >= 3)


@pytest.mark.parametrize("weights,steps,shown", [
    # bytes of two files: the first done, then half of the second
    ([3_000_000, 1_000_000], [(0, 1.0), (1, 0.5)], "3.50M/4.00M"),
    # a large file a quarter through, before anything is finished
    ([8_000_000, 10], [(0, 0.25)], "2.00M/8.00M"),
    # documents: only finished ones count
    (None, [(0, 1.0), (1, 0.5)], "1/2"),
])
def test_bar_position(weights, steps, shown, monkeypatch):
    monkeypatch.setattr(prog, "DELAY_SECONDS", 0)
    stream = FakeTTY()
    total = sum(weights) if weights else 2
    with prog.Progress(total, unit="B" if weights else "doc", stream=stream,
                       weights=weights) as bar:
        for i, fraction in steps:
            bar.within(i, fraction)
        bar.bar.refresh()
        assert shown in stream.getvalue().rsplit("\r", 1)[-1]
    assert not bar.on or bar.bar is None


def test_file_sizes(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_bytes(b"x" * 300)
    (tmp_path / "b.txt").write_bytes(b"x" * 5)
    paths = [tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "gone.txt"]
    assert prog.file_sizes(paths) == [300, 5, 0]
    monkeypatch.setattr(prog, "BYTE_FILES", 2)
    assert prog.file_sizes(paths) is None  # too many to measure: count documents


@pytest.mark.parametrize("options", [["-j", "1"], ["-j", "2"], ["-q"]])
def test_qa_counts_bytes_and_moves_within_a_large_page(tmp_path, monkeypatch, options):
    """``align qa`` on a terminal: the bar's total is the files' bytes, and a
    page checked in this process moves it before it is finished; with -q
    there is no bar and nothing is told."""
    pages = tmp_path / "pages"
    pages.mkdir()
    big = "At the meeting, 各部门 heads spoke about the plan.\n" * 400
    (pages / "big.txt").write_text(big, "utf-8")
    made = []

    class Recorded(prog.Progress):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            self.calls = []
            made.append(self)

        def within(self, i, fraction):
            self.calls.append((i, fraction))
            super().within(i, fraction)

    monkeypatch.setattr(prog, "Progress", Recorded)
    monkeypatch.setattr(prog, "wanted", lambda enabled=True, stream=None: enabled)
    monkeypatch.setattr(prog, "DELAY_SECONDS", 60)  # never drawn: stderr is captured
    assert main(["qa", str(pages), *options, "-o", str(tmp_path / "r.csv"),
                 "--checks", "untranslated,punctuation,number"]) == 0
    (bar,) = made
    if "-q" in options:
        assert not bar.on and bar.weights is None and bar.bar is None
        assert bar.calls == []
        return
    assert (bar.total, bar.unit, bar.weights) == (len(big.encode()), "B", [len(big.encode())])
    fractions = [f for i, f in bar.calls]
    assert fractions[-1] == 1.0 and any(0 < f < 1 for f in fractions)
    assert fractions == sorted(fractions)
    assert bar.done == bar.total
