"""`align clean PATH... -o OUTDIR`: repaired copies and the plan of each repair."""
from __future__ import annotations

import sys

from . import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, csv_list, inputs

ORDER = 30


def add_parser(sub) -> None:
    cl = sub.add_parser(
        "clean", help="write repaired copies (readings removed, mojibake fixed) and edit plans",
        description="Remove pinyin readings a converter inserted, repair encoding damage whose "
                    "repair is certain and normalize punctuation in English text. Writes "
                    "OUTDIR/NAME (UTF-8 text) and OUTDIR/NAME.plan.json, whose edits replay "
                    "exactly onto the text `align text NAME` prints.")
    cl.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    cl.add_argument("-o", "--output", required=True, metavar="OUTDIR",
                    help="folder for the cleaned copies and plans")
    cl.add_argument("--rules", type=csv_list, metavar="A,B",
                    help="repair only these rules (ids or families, e.g. "
                         "pinyin_annotation.reading,punctuation; see align qa --list-rules)")
    cl.add_argument("--skip-rules", type=csv_list, metavar="A,B",
                    help="do not repair these rules")
    cl.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    cl.set_defaults(func=run)


def output_name(doc: str) -> str:
    """Cleaned copies are text: an HTML page becomes ``page.html.txt``."""
    return doc if doc.lower().endswith((".txt", ".text")) else doc + ".txt"


def run(args) -> int:
    import json
    from pathlib import Path

    from ..clean import clean_checks, clean_document, repair_rules
    from ..core.outfile import OutputError, make_folder, write_text
    from ..core.rules import UnknownRule
    from ..text.document import Document
    from ..read.files import InputError, read_source

    try:
        rules = repair_rules(args.rules, args.skip_rules)
    except UnknownRule as e:
        print(f"align clean: {e}", file=sys.stderr)
        return EXIT_USAGE
    if not rules:
        print("align clean: --skip-rules leaves no rule to repair", file=sys.stderr)
        return EXIT_USAGE
    sources = inputs("clean", args.paths)
    if sources is None:
        return EXIT_USAGE
    out = Path(args.output)
    detectors = clean_checks(rules)
    errors = edits = skipped = 0
    for src in sources:
        if src.skip:  # a PDF in a folder: named, not an error of this run
            skipped += 1
            print(f"align clean: {src.doc}: {src.skip}", file=sys.stderr)
            continue
        target = out / output_name(src.doc)
        if target.resolve() == src.path.resolve():
            print(f"align clean: {src.doc}: would overwrite the input; choose another -o",
                  file=sys.stderr)
            return EXIT_USAGE
        try:
            decoded = read_source(src)
        except InputError as e:
            errors += 1
            print(f"align clean: {src.doc}: {e.message}", file=sys.stderr)
            continue
        doc = Document(src.doc, decoded.text, decoded.encoding, decoded.format)
        cleaned, plan = clean_document(doc, detectors, rules)
        record = plan.to_json()
        record["encoding"] = decoded.encoding
        try:
            make_folder(target.parent)
            write_text(target, cleaned)
            write_text(str(target) + ".plan.json",
                       json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        except OutputError as e:
            print(f"align clean: {e}", file=sys.stderr)
            return EXIT_USAGE
        edits += len(plan.edits)
        if not args.quiet:
            print(f"{src.doc}: {len(plan.edits)} edits, {len(plan.kept)} kept flagged",
                  file=sys.stderr)
    if not args.quiet:
        print(f"cleaned:   {len(sources) - errors - skipped} documents, {edits} edits -> {out}",
              file=sys.stderr)
    return EXIT_FINDINGS if errors else EXIT_OK
