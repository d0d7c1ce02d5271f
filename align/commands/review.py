"""`align review REPORT.csv` and `align review export DB -o FILE`."""
from __future__ import annotations

import os
import sys

from . import EXIT_OK, EXIT_USAGE, port

ORDER = 40


def add_parser(sub) -> None:
    rv = sub.add_parser(
        "review", help="review findings in the browser; export the decisions",
        description="align review REPORT.csv: serve the findings on 127.0.0.1 and record every "
                    "decision in a SQLite database beside the report. "
                    "align review export DB -o reviewed.csv|.xlsx: write the decisions.")
    rv.add_argument("items", nargs="+", metavar="REPORT.csv | export DB",
                    help="the report to review, or `export` and a decisions database")
    rv.add_argument("--db", metavar="DB",
                    help="decisions database (default: REPORT.review.sqlite beside the report)")
    rv.add_argument("--docs", metavar="DIR",
                    help="folder the report's doc paths are relative to (default: remembered "
                         "in the database, else found near the report or the working directory)")
    rv.add_argument("--port", type=port, default=0, help="port (default: a free one)")
    rv.add_argument("--no-browser", action="store_true", help="do not open a browser")
    rv.add_argument("-o", "--output", metavar="FILE", help="export: reviewed.csv or reviewed.xlsx")
    rv.set_defaults(func=run)


def run(args) -> int:
    if args.items[0] == "export" and not os.path.isfile("export"):
        return _export(args)
    if len(args.items) != 1:
        print("align review: give one report (or: align review export DB -o FILE)", file=sys.stderr)
        return EXIT_USAGE
    return _serve(args, args.items[0])


def _export(args) -> int:
    from ..core.outfile import OutputError
    from ..review.export import export

    if len(args.items) != 2 or not args.output:
        print("align review export: usage: align review export DB -o reviewed.csv|.xlsx",
              file=sys.stderr)
        return EXIT_USAGE
    if not args.output.lower().endswith((".csv", ".xlsx")):
        print("align review export: -o must end in .csv or .xlsx", file=sys.stderr)
        return EXIT_USAGE
    try:
        n = export(args.items[1], args.output)
    except (FileNotFoundError, OutputError, ValueError) as e:  # no database, or not one
        print(f"align review export: {e}", file=sys.stderr)
        return EXIT_USAGE
    print(f"decisions: {n} -> {args.output}", file=sys.stderr)
    return EXIT_OK


def _serve(args, report: str) -> int:
    if os.path.isdir(report):
        print(f"align review: {report} is a folder; give the report file (report.csv)",
              file=sys.stderr)
        return EXIT_USAGE
    if not os.path.isfile(report):
        print(f"align review: no such report: {report}", file=sys.stderr)
        return EXIT_USAGE
    if args.docs and not os.path.isdir(args.docs):
        print(f"align review: no such folder: {args.docs}", file=sys.stderr)
        return EXIT_USAGE
    from ..review.app import Server
    from ..review.session import ReviewSession
    from ..review.store import default_db

    try:
        session = ReviewSession(report, args.db or default_db(report), args.docs)
    except ValueError as e:  # not a report, or not a decisions database
        print(f"align review: {e}", file=sys.stderr)
        return EXIT_USAGE
    try:
        server = Server(session, port=args.port)
    except OSError as e:
        print(f"align review: cannot listen on port {args.port}: {e.strerror or e}", file=sys.stderr)
        return EXIT_USAGE
    err = sys.stderr
    print(f"findings:  {len(session.rows)} in {len(session.doc_names())} documents", file=err)
    print(f"documents: {session.docs_root or 'not found: give --docs DIR'}", file=err)
    print(f"decisions: {session.db}", file=err)
    print(f"review at: {server.url}", file=err)
    print("(Ctrl-C stops the server; every decision is already saved)", file=err)
    if not args.no_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return EXIT_OK
