"""Engines move documents; the report must not depend on which one ran."""
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corpus import generate  # noqa: E402

from align.cli import main  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    generate(root / "pages", 60, seed=7)
    (root / "pages" / "zz_binary.txt").write_bytes(b"\x00\x01\x02PNG" * 50)
    return root / "pages"


def qa(corpus, out, *extra):
    assert main(["qa", "-q", str(corpus), "-o", str(out), *extra]) == 0
    return out.read_bytes()


# Default checks pair documents (rows held back in the parent); rule checks
# and --no-pairing let the workers render the rows themselves (``pack``).
@pytest.mark.parametrize("jobs,suffix,extra", [
    ("2", "csv", []),
    ("3", "csv", []),
    ("2", "csv", ["--checks", "rules"]),
    ("2", "jsonl", ["--checks", "rules"]),
    ("2", "csv", ["--no-pairing"]),
])
def test_jobs_give_byte_identical_reports(corpus, tmp_path, jobs, suffix, extra):
    one = qa(corpus, tmp_path / f"one.{suffix}", "-j", "1", *extra)
    many = qa(corpus, tmp_path / f"many.{suffix}", "-j", jobs, *extra)
    assert one == many
    assert b"input_error" in one
    assert one.count(b"\n") > 100


@pytest.mark.parametrize("extra", [[], ["--checks", "rules"], ["--no-pairing"]])
def test_one_file_with_jobs_keeps_its_rows(corpus, tmp_path, extra):
    """One file is checked in the parent whatever --jobs says; its rows were
    still packed into a spill file for workers, and left in that file's
    buffer: the report came out as a header alone."""
    page = sorted(corpus.rglob("*.html"))[0]
    one = qa(page, tmp_path / "one.csv", "-j", "1", *extra)
    assert one.count(b"\n") > 10
    assert qa(page, tmp_path / "two.csv", "-j", "2", *extra) == one


def test_packed_results_keep_counts_and_notes():
    from align.run.pipeline import DocumentResult, Pack
    from align.report.writer import FIELDS, Encoder

    rows = [dict.fromkeys(FIELDS, "") | {"category": c, "severity": s, "note": n}
            for c, s, n in [("number", "major", ""), ("number", "major", ""),
                            ("input_error", "minor", "read with replacement characters")]]
    rows.append({"doc": "d", "category": "garbled", "severity": "minor", "unit": "u1"})
    res = DocumentResult("d", [dict(r) for r in rows], {})
    before = (res.tally(), res.notes())
    enc = Encoder(FIELDS + ["unit"])
    Pack(enc)(res)
    assert res.rows == [] and res.packed.count == 4
    assert (res.tally(), res.notes()) == before
    assert before[0][("number", "major")] == 2
    assert before[1] == ["read with replacement characters"]
    assert res.packed.data.count(b"\n") == 4 and res.packed.data.rstrip().endswith(b",u1")


def test_rules_group_excludes_model_checks():
    from align.detectors import available, expand

    reg = available()
    assert all(not reg[n].uses_model for n in expand(["rules"]))
    assert set(expand(["all"])) == set(reg)


def test_ray_engine_gives_exactly_the_local_findings_quietly(corpus, tmp_path):
    pytest.importorskip("ray")
    local = qa(corpus, tmp_path / "local.csv", "-j", "1")
    # A child process, so the local Ray instance (2 CPUs) is torn down with it.
    proc = subprocess.run([sys.executable, "-m", "align", "qa", "-q", str(corpus), "-o",
                           str(tmp_path / "ray.csv"), "--engine", "ray", "-j", "2"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (tmp_path / "ray.csv").read_bytes() == local
    # -q: nothing on stderr but align's errors (the binary file); Ray had
    # none to report, and printed its token notice, Ray Data's plan and
    # timings, and an error-labelled line about actor restarts.
    assert [line for line in proc.stderr.splitlines() if not line.startswith("align qa: ")] == []


def test_workers_rows_reach_standard_output(corpus, tmp_path, capfdbinary):
    """With --jobs the workers' rows are copied from their spill files; to a
    pipe or a terminal that copy goes through the parent instead."""
    one = qa(corpus, tmp_path / "one.csv", "-j", "1", "--checks", "rules")
    assert main(["qa", "-q", str(corpus), "-o", "-", "-j", "2", "--checks", "rules"]) == 0
    assert capfdbinary.readouterr().out == one
    # and no spill folder is left behind
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".align-")]


def test_warm_up_loads_the_lazy_tables_and_never_fails():
    """The parent warms up before forking; a check that breaks on the
    warm-up text costs nothing but the warm-up."""
    from align.detectors import Detector, select
    from align.run.pipeline import warm_up
    from align.text.segment import _punkt
    from align.text.variant import _tables

    class Broken(Detector):
        name = "broken"

        def detect(self, doc):
            raise RuntimeError("boom")

    _punkt.cache_clear()
    _tables.cache_clear()
    warm_up(select(["rules"], None) + [Broken()])
    assert _punkt.cache_info().currsize == 1
    assert _tables.cache_info().currsize == 1


class _Prepared:
    """A post step that notes whether it was prepared before the workers forked."""

    def __init__(self):
        self.ready = False

    def prepare(self):
        self.ready = True

    def __call__(self, res):
        res.summary["prepared"] = self.ready
        return res


@pytest.mark.parametrize("jobs,prepared", [(2, True), (1, False)])
def test_local_engine_prepares_post_steps_before_forking(corpus, jobs, prepared):
    from align.core.config import DEFAULT
    from align.run.local import run
    from align.run.pipeline import Chain
    from align.read.files import collect

    sources = collect([str(corpus)])[0][:6]
    got = [r.summary["prepared"] for r in run(sources, ["rules"], None, DEFAULT, jobs=jobs,
                                                   post=Chain(_Prepared()))]
    assert got == [prepared] * len(sources)


def _pid(exit_first: bool):
    import os

    if exit_first:
        os._exit(0)  # a worker that dies between tasks (not holding the queue's lock)
    return os.getpid()


def test_pool_keeper_waits_on_worker_exits_not_on_results():
    """The pool's worker-keeping thread is not woken by results (it would
    spin until they are read), yet still replaces a worker that dies."""
    import multiprocessing as mp

    from align.run.local import pool

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("fork start method only")
    with pool(mp.get_context("fork"), 1) as workers:
        assert workers._outqueue._reader not in workers._get_sentinels()
        first = workers.apply_async(_pid, (False,)).get(timeout=30)
        workers.apply_async(_pid, (True,))  # its result never comes
        second = workers.apply_async(_pid, (False,)).get(timeout=30)
        assert second != first


class _KillOn:
    """A post step (it runs in the worker) that kills its own process on
    the document ``doc``: every time, or only the first time (``marker``)."""

    def __init__(self, doc, marker=None):
        import os

        self.doc, self.marker, self.parent = doc, marker, os.getpid()

    def __call__(self, res):
        import os
        import signal

        if res.doc == self.doc and os.getpid() != self.parent:
            if self.marker is None or not os.path.exists(self.marker):
                if self.marker is not None:
                    open(self.marker, "w").close()
                os.kill(os.getpid(), signal.SIGKILL)
        return res


def _rows(results):
    return [(r.doc, [(x["rule"], x["start"], x["end"]) for x in r.rows]) for r in results]


@pytest.fixture(scope="module")
def sources(corpus):
    from align.read.files import collect

    return collect([corpus])[0]


def test_a_worker_killed_once_loses_nothing(sources, tmp_path):
    import multiprocessing as mp

    from align.run.local import run

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("fork start method only")
    victim = sources[len(sources) // 2].doc
    alone = list(run(sources, ["rules"], None, DEFAULT_CONFIG(), jobs=1))
    killed = list(run(sources, ["rules"], None, DEFAULT_CONFIG(), jobs=2,
                      post=_KillOn(victim, str(tmp_path / "killed"))))
    assert (tmp_path / "killed").exists()
    assert _rows(killed) == _rows(alone)


def test_a_file_that_kills_every_worker_becomes_an_input_error_row(sources):
    import multiprocessing as mp

    from align.run.local import run

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("fork start method only")
    victim = sources[3].doc
    alone = list(run(sources, ["rules"], None, DEFAULT_CONFIG(), jobs=1))
    got = list(run(sources, ["rules"], None, DEFAULT_CONFIG(), jobs=2, post=_KillOn(victim)))
    assert [r.doc for r in got] == [r.doc for r in alone]
    (crashed,) = [r for r in got if r.doc == victim]
    assert [row["rule"] for row in crashed.rows] == ["internal.crash"]
    assert "SIGKILL" in crashed.rows[0]["note"]
    assert _rows([r for r in got if r.doc != victim]) == _rows([r for r in alone if r.doc != victim])


class _Raise:
    def __call__(self, res):
        raise ValueError("a bug in a post step")


def test_an_error_in_a_worker_is_raised_in_the_parent(sources):
    import multiprocessing as mp

    from align.run.local import run

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("fork start method only")
    with pytest.raises(ValueError, match="a bug in a post step"):
        list(run(sources, ["rules"], None, DEFAULT_CONFIG(), jobs=2, post=_Raise()))


def DEFAULT_CONFIG():
    from align.core.config import DEFAULT

    return DEFAULT


class _Exit:
    """A post step that ends its worker (not the parent) on every document."""

    def __init__(self):
        import os

        self.parent = os.getpid()

    def __call__(self, res):
        import os

        if os.getpid() != self.parent:
            os._exit(3)
        return res


def test_workers_that_always_die_stop_the_run_with_a_message(sources):
    import multiprocessing as mp

    from align.run.local import run

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("fork start method only")
    with pytest.raises(RuntimeError, match="die before checking anything.*status 3"):
        list(run(sources, ["rules"], None, DEFAULT_CONFIG(), jobs=2, post=_Exit()))


def test_a_full_window_of_results_with_every_worker_idle_goes_on(sources):
    # One batch a worker, the window one batch a worker: a dead worker's
    # files, checked again one by one, come back after every later batch is
    # done, and the results that made room in the window left every worker
    # idle. The run waited on no worker forever.
    import multiprocessing as mp
    import signal

    from align.run.local import BATCH, Workers, _batches, run

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("fork start method only")
    victim = sources[3].doc
    alone = list(run(sources, ["rules"], None, DEFAULT_CONFIG(), jobs=1))
    post = _KillOn(victim)
    workers = Workers(mp.get_context("fork"), 2, (["rules"], None, DEFAULT_CONFIG(), post),
                      post, window=1)

    def hung(*_):
        raise TimeoutError("the workers' results stopped coming")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        got = list(workers.map(_batches(sources, BATCH)))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        workers.close()
    assert [r.doc for r in got] == [r.doc for r in alone]
    assert _rows([r for r in got if r.doc != victim]) == _rows([r for r in alone if r.doc != victim])


@pytest.mark.parametrize("files,jobs,workers,sizes", [
    (3, 8, 3, [1, 1, 1]),      # no more workers than files
    (10, 2, 2, [5, 5]),        # both get work, not a batch of 8 and one of 2
    (20, 2, 2, [8, 8, 4]),     # a full batch when there are files enough
    (2, 1, None, None),        # one job: no workers at all
])
def test_workers_and_batches_fit_the_files(sources, monkeypatch, files, jobs, workers, sizes):
    from align.core.config import DEFAULT
    from align.run import local

    seen, batches = [], []
    init, feed = local.Workers.__init__, local.Workers.map

    def counting_init(self, ctx, n, *a, **k):
        seen.append(n)
        init(self, ctx, n, *a, **k)

    def counting_map(self, it):
        def each():
            for b in it:
                batches.append(len(b))
                yield b
        return feed(self, each())

    monkeypatch.setattr(local.Workers, "__init__", counting_init)
    monkeypatch.setattr(local.Workers, "map", counting_map)
    got = list(local.run(sources[:files], ["rules"], None, DEFAULT, jobs=jobs))
    assert [r.doc for r in got] == [s.doc for s in sources[:files]]
    assert seen == ([workers] if workers else [])
    assert batches == (sizes or [])


@pytest.mark.parametrize("files,jobs,blocks,actors", [
    (1, 2, 1, 1),          # one file: one block, one actor (Ray warned of an idle one)
    (2, 2, 2, 2),
    (20, 2, 2, 2),         # fewer than a block per actor by size: one per actor
    (60, 2, 3, 2),         # a block per 16 files
    (60, 8, 8, 8),
    (100_000, 64, 200, 64),
    (0, 4, 1, 1),
])
def test_ray_layout_gives_every_actor_a_block(files, jobs, blocks, actors):
    from align.run.ray import layout

    assert layout(files, jobs) == (blocks, actors)
