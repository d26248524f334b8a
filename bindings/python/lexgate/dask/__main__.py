"""python -m lexgate.dask: screen a corpus on Dask and write the summary.

Exit status: 0 when every file, partition and record was screened; 2 when
any failed (they are counted and listed in the summary), or for a usage or
rule error (nothing screened).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from typing import List, Optional

from lexgate._audit import AuditKey
from lexgate._engine import Engine
from lexgate._errors import Error
from lexgate.dask._inputs import DEFAULT_PARTITION_BYTES, MAX_PARTITION_BYTES
from lexgate.dask._run import screen

DESCRIPTION = """\
Screen text files (one text per line) and JSON Lines files, gzip'd or not,
against lexgate rule packs on a Dask cluster, and write a JSON summary:
matches and texts hit per category, rule and action, per-file counts, the
failures and a sample of hits per rule (docs/json-schema.md, "Corpus
screening"). The counts are those of `lexgate-filter --stats=json` on the
same files. FILES may be files, directories (every file below them, hidden
ones included) and glob patterns (as in the shell, `*` matches no name that
starts with a dot); one that yields no file to screen is a failure.
"""

EPILOG = """\
exit status: 0 done; 2 if any file, partition or record failed (counted and
listed in the summary), or the rules or arguments are bad.

a cluster of machines: start `dask scheduler` on one, `dask worker
tcp://HOST:8786` on each (every one with lexgate installed and the files at
the same paths), then pass --scheduler tcp://HOST:8786.
"""

#: --partition-mb: from about 1 KiB to 1 TiB.
MIN_PARTITION_MB = 0.001
MAX_PARTITION_MB = MAX_PARTITION_BYTES // 2**20


_SURROGATE = re.compile("[\ud800-\udfff]")

def partition_mb(text: str) -> float:
    """--partition-mb: a finite number of MiB within [MIN_PARTITION_MB,
    MAX_PARTITION_MB] (a usage error otherwise, never rounded into range)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and MIN_PARTITION_MB <= value <= MAX_PARTITION_MB):
        raise argparse.ArgumentTypeError(
            f"must be a number of MiB from {MIN_PARTITION_MB:g} to {MAX_PARTITION_MB}"
            f" (1 TiB), not {text!r}")
    return value


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lexgate.dask", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="input files, directories or glob patterns")
    rules = parser.add_mutually_exclusive_group()
    rules.add_argument("--rules", action="append", metavar="PATH",
                       help="rule pack file or directory (repeatable; default: the shipped packs)")
    rules.add_argument("--engine", metavar="FILE",
                       help="an engine written by `lexgate-filter compile`")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--jsonl", dest="jsonl", action="store_true", default=None,
                      help="every file is JSON Lines (default: by name, .jsonl/.ndjson[.gz])")
    kind.add_argument("--text", dest="jsonl", action="store_false",
                      help="every file is one text per line")
    parser.add_argument("--field", metavar="POINTER",
                        help="with JSON Lines: the text, an RFC 6901 pointer (/messages/0/content)"
                             " or a top-level key (default: text); an error when no input is"
                             " JSON Lines")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="worker processes of the local cluster (default: one per CPU)")
    parser.add_argument("--scheduler", metavar="ADDR",
                        help="use the Dask scheduler at ADDR (tcp://host:8786) instead")
    parser.add_argument("--partition-mb", type=partition_mb, metavar="MB",
                        default=DEFAULT_PARTITION_BYTES / 2**20,
                        help="partition size of plain files in MiB, from "
                             f"{MIN_PARTITION_MB:g} to {MAX_PARTITION_MB} (1 TiB)"
                             " (default: %(default)g)")
    parser.add_argument("--samples", type=int, default=5, metavar="N",
                        help="hits sampled per rule (default: 5)")
    parser.add_argument("--no-sample-text", action="store_true",
                        help="samples without their masked context")
    parser.add_argument("--audit-key-file", metavar="FILE",
                        help="add an HMAC-SHA256 of the matched text to every sample")
    parser.add_argument("--write-flagged", metavar="DIR",
                        help="write the texts hit as JSONL shards, one per partition (DIR"
                             " must hold no shards of an earlier run)")
    parser.add_argument("--write-redacted", metavar="DIR",
                        help="write the redacted corpus as JSONL shards, one per partition"
                             " (DIR must hold no shards of an earlier run)")
    parser.add_argument("--json", metavar="OUT", help="write the summary to OUT, not stdout")
    parser.add_argument("--progress", action="store_true", default=None,
                        help="a progress line on stderr (default: when it is a terminal)")
    parser.add_argument("--no-progress", dest="progress", action="store_false")
    args = parser.parse_args(argv)
    if args.workers is not None and args.scheduler is not None:
        parser.error("--workers is for the local cluster: not with --scheduler")
    try:
        engine = None
        if args.engine is not None:
            with open(args.engine, "rb") as f:
                engine = Engine.from_bytes(f.read())
        key = AuditKey.from_file(args.audit_key_file) if args.audit_key_file else None
        summary = screen(
            args.files, engine=engine, rules=args.rules, field=args.field, jsonl=args.jsonl,
            scheduler=args.scheduler, workers=args.workers,
            partition_bytes=int(args.partition_mb * 2**20),
            sample_per_rule=args.samples, sample_text=not args.no_sample_text,
            audit_key=key, write_flagged=args.write_flagged,
            write_redacted=args.write_redacted, progress=args.progress)
    except (OSError, ValueError, Error) as error:
        print(f"python -m lexgate.dask: {error}", file=sys.stderr)
        return 2
    # A file name that is not UTF-8 (a str with surrogate escapes) is shown
    # with U+FFFD, as the report shows it: the summary stays UTF-8.
    text = _SURROGATE.sub("\ufffd", json.dumps(summary.to_dict(), ensure_ascii=False))
    try:
        if args.json is not None:
            with open(args.json, "w", encoding="utf-8") as f:
                f.write(text + "\n")
        else:
            print(text)
            sys.stdout.flush()
    except OSError as error:
        print(f"python -m lexgate.dask: cannot write the summary: {error}", file=sys.stderr)
        return 2
    for failure in summary.failures:
        where = failure["file"] + (f":{failure['line']}" if "line" in failure else "")
        print(f"python -m lexgate.dask: {where}: {failure['message']}", file=sys.stderr)
    if summary.failures_total > len(summary.failures):
        print(f"python -m lexgate.dask: ... {summary.failures_total - len(summary.failures)}"
              " more failures", file=sys.stderr)
    return summary.exit_status


if __name__ == "__main__":
    sys.exit(main())
