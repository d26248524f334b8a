"""The command line of ``python -m lexgate.report``.

Exit status: 0 when every input was read and screened; 2 when something
failed: a record or file that could not be read or screened (the report is
still written, with the failures counted and listed), or input the report
refuses (nothing is written; the message says why), or a usage error.
"""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional, Sequence

from lexgate.report._errors import ReportError
from lexgate.report._output import report_json, write_text
from lexgate.report._run import DEFAULT_TITLE, describe, make_report

__all__ = ["main"]

PROG = "python -m lexgate.report"

DESCRIPTION = """\
Writes the audit report of a screening as HTML (one self-contained page with
charts) and as JSON: hits per GB/T 45654-2025 Appendix A risk (Chinese and
English names), share of texts hit, per category, top rules, masked sample
contexts, the rule-set fingerprint and the keyword inventory.

Each INPUT is one of:
  a corpus            text, one text per line, blank ones too (gzip'd files
                      directly)
  a chat log          JSONL with --jsonl (or --field): the text is the string
                      at --field, an RFC 6901 JSON pointer (/messages/0/content)
                      or a top-level key (default "text"); blank lines skipped
  a screening summary the JSON written by `python -m lexgate.dask`
                      ("type": "screen"), recognised by its content
Corpora and chat logs are screened in this process (Engine.scan_many), which
suits small and medium inputs; screen big corpora with `python -m lexgate.dask`
(on a cluster if need be) and give the report its summary.

Lines are framed as lexgate-filter frames them, so the numbers equal
`lexgate-filter --stats` on the same files. Malformed JSONL lines are counted
per file, a record without the field is an error of its own, an unreadable
file is reported and counted; the report is written and the exit status is 2.
"""

EPILOG = """\
exit status: 0 done; 2 if any file or record failed (counted and listed in
the report), or on refused input (no report written) or a usage error.
docs/json-schema.md ("Audit report") documents the JSON.
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="corpus, JSONL chat log or screening summary")
    p.add_argument("--html", metavar="OUT.html", help="write the HTML report here")
    p.add_argument("--json", metavar="OUT.json", help="write the JSON report here")
    p.add_argument("--rules", action="append", default=[], metavar="PATH",
                   help="rule pack file or directory (repeatable; default: the shipped packs)")
    p.add_argument("--engine", metavar="FILE",
                   help="a compiled engine (lexgate-filter compile / Engine.to_bytes())")
    p.add_argument("--jsonl", action="store_true", help="text inputs are JSONL chat logs")
    p.add_argument("--field", metavar="PTR",
                   help='with JSONL: JSON pointer or top-level key of the text (default "text")')
    p.add_argument("--inventory", metavar="FILE",
                   help="JSON of `lexgate-filter inventory --format json` (default: computed "
                        "with lexgate.inventory when installed)")
    p.add_argument("--title", default=DEFAULT_TITLE, help="title of the report")
    p.add_argument("--top", type=int, default=20, metavar="N",
                   help="rules listed in the top-rules table (default 20)")
    p.add_argument("--samples", type=int, default=3, metavar="N",
                   help="masked samples kept per rule (default 3)")
    p.add_argument("--no-sample-text", action="store_true",
                   help="keep no sample contexts (where the samples are, not their text)")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="scan threads (default: one per CPU)")
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command; return its exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    problems: List[str] = []
    if not args.inputs:
        problems.append("no INPUT given")
    if not args.html and not args.json:
        problems.append("give --html OUT.html, --json OUT.json or both")
    if args.jobs is not None and args.jobs < 1:
        problems.append("--jobs must be at least 1")
    if problems:
        parser.print_usage(sys.stderr)
        print(f"{PROG}: error: {'; '.join(problems)}", file=sys.stderr)
        return 2
    try:
        run = make_report(args.inputs, rules=args.rules, engine_file=args.engine,
                          field=args.field, jsonl=args.jsonl, inventory=args.inventory,
                          title=args.title, top=args.top, samples=args.samples,
                          sample_text=not args.no_sample_text, threads=args.jobs)
        html = None
        if args.html:
            # Imported here: only the HTML needs matplotlib and the CJK font.
            from lexgate.report._charts import render_charts
            from lexgate.report._html import render_html

            html = render_html(run.report, render_charts(run.report))
        if args.json:
            write_text(args.json, report_json(run.report))
        if args.html and html is not None:
            write_text(args.html, html)
    except ReportError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{PROG}: error: cannot write the report: {error}", file=sys.stderr)
        return 2
    for failure in run.report["failures"][:20]:
        where = failure["path"] + (f":{failure['line']}" if failure.get("line") else "")
        print(f"{PROG}: {where}: {failure['error']}", file=sys.stderr)
    print(f"{PROG}: {describe(run)}", file=sys.stderr)
    return 0 if run.ok else 2
