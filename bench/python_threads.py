#!/usr/bin/env python3
"""engine.scan_many() on 1 and 2 threads, as scripts/bench's `threads` part
runs Engine::ScanMany in C++ (bench/scaling.cc threads): the same engine
(the keyword list as mask rules of 500 keywords, plus the packs of
--rules) and the same corpus lines, so that the two speed-ups compare.
Issue 14 asks 2 threads for at least 1.5x one from Python.

Wall time and the process's CPU time of each call (best of --runs,
interleaved); results are built in the call (Python objects, under the
GIL), as a caller gets them. The last line is "BENCH_PY_THREADS {json}".

  PYTHONPATH=build-bench/bindings/python /usr/bin/python3 \\
      bench/python_threads.py --keywords K --corpus C --rules rules/
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any, Dict, List

import lexgate


def build_engine(keywords_path: str, rules_dir: str) -> Any:
    with open(keywords_path, encoding="utf-8") as f:
        keywords = [k for k in (line.rstrip("\r\n") for line in f) if k and k[0] != "#"]
    rule_set = lexgate.RuleSet()
    for n, begin in enumerate(range(0, len(keywords), 500)):
        rule_set.add_keywords(f"bench.kw.{n:04d}", keywords[begin:begin + 500],
                              category="profanity", action="mask", boundary="auto")
    if rules_dir:
        rule_set.load([rules_dir])
    return rule_set.compile(), len(keywords)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keywords", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--rules", default="")
    parser.add_argument("--mb", type=float, default=10.0,
                        help="corpus megabytes to scan (whole lines)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    engine, keyword_count = build_engine(args.keywords, args.rules)
    texts: List[str] = []
    size = 0
    with open(args.corpus, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line:
                continue
            texts.append(line)
            size += len(line.encode("utf-8"))
            if size >= args.mb * 1e6:
                break
    engine.scan_many(texts[:1000], threads=2)  # warm: scratch, pages

    best: Dict[int, Dict[str, float]] = {}
    matches: Dict[int, int] = {}
    for _ in range(args.runs):
        for threads in (1, 2):
            wall0, cpu0 = time.perf_counter(), time.process_time()
            results = engine.scan_many(texts, threads=threads)
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            matches[threads] = sum(len(r) for r in results)
            del results
            if threads not in best or wall < best[threads]["wall"]:
                best[threads] = {"wall": wall, "cpu": cpu}
    rows = []
    for threads in (1, 2):
        r = best[threads]
        rows.append({"threads": threads, "seconds": r["wall"], "cpu_seconds": r["cpu"],
                     "mbps": size / 1e6 / r["wall"],
                     "speedup": best[1]["wall"] / r["wall"],
                     "matches": matches[threads]})
        print(f"  scan_many threads={threads}: {r['wall']:.3f} s wall, "
              f"{r['cpu']:.3f} s CPU, {size / 1e6 / r['wall']:.1f} MB/s, "
              f"speed-up {best[1]['wall'] / r['wall']:.2f}x, {matches[threads]} matches")
    if matches[1] != matches[2]:
        print("match counts differ between 1 and 2 threads", file=sys.stderr)
        return 1
    print("BENCH_PY_THREADS " + json.dumps({
        "keywords": keyword_count, "bytes": size, "texts": len(texts),
        "runs": args.runs, "hardware_threads": os.cpu_count(), "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
