#!/usr/bin/env python3
"""One record with 200,000 matches (a megabyte of "fuck " on one line),
through `lexgate-filter --json` and `--jsonl`: every match is reported and
masked, and the process's peak memory stays within a bound per match. The
record's result was once built as a JSON document before it was written,
over a kilobyte per match (347 MB for this line); its matches are now
written one at a time.

    json_dense.py LEXGATE_FILTER RULES WORK_DIR json|jsonl [--no-rss]

One mode per process: the peak memory of a child counts the memory of the
process that forked it, and the second run would count the first run's
parsed output.

--no-rss skips the memory check (a sanitizer's allocator keeps freed memory
in quarantine).
"""
import json
import os
import resource
import subprocess
import sys

from dense_result import dense_result_ok

MATCHES = 200_000
# What the scan keeps per match (lexgate::Match, its char span) and the
# output line: about 680 bytes each here. The old record: 1,780.
MAX_PEAK_KB = MATCHES * 1000 // 1024


def run(filter_path: str, rules: str, args: list, check_rss: bool) -> bool:
    proc = subprocess.run([filter_path, "--rules", rules, *args],
                          stdout=subprocess.PIPE, text=True, encoding="utf-8")
    # The one child's peak (and this small process's, which it forked).
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    lines = proc.stdout.splitlines()
    record = json.loads(lines[-1])
    if "m" in record:
        record = record["m"]
    matches = record.get("matches", [])
    print(f"{' '.join(args[:-1])}: {len(matches)} matches; peak RSS {peak} kB"
          f" (bound {MAX_PEAK_KB} kB)")
    return dense_result_ok(proc.returncode, record, record.get("redacted", ""),
                           MATCHES, peak, MAX_PEAK_KB, check_rss)


def main() -> int:
    filter_path, rules, work, mode = sys.argv[1:5]
    check_rss = "--no-rss" not in sys.argv[5:]
    os.makedirs(work, exist_ok=True)
    text = "fuck " * MATCHES
    if mode == "json":
        path = os.path.join(work, "dense.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        args = ["--json", path]
    else:
        path = os.path.join(work, "dense.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": 1, "m": {"content": text}}) + "\n")
        args = ["--jsonl", "--field", "/m/content", "-n", path]
    del text
    return 0 if run(filter_path, rules, args, check_rss) else 1


if __name__ == "__main__":
    sys.exit(main())
