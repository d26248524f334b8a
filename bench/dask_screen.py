#!/usr/bin/env python3
"""Corpus screening on Dask (issue 17): lexgate.dask with 1 and 2 worker
processes against lexgate-filter -j 1 and -j 2, on the same file, in the
same run.

For each configuration: wall time, CPU time and throughput. CPU time of a
Dask run is the sum over the worker processes (resource.getrusage in each,
before and after, through client.run) plus this process (client and
scheduler); lexgate-filter's is its own (RUSAGE_CHILDREN). Every run uses
one engine compiled beforehand (lexgate-filter compile --no-streaming): no
run times a compile. The scaling
ratios:

- wall speed-up of 2 workers over 1, and lexgate-filter's -j 2 over -j 1;
- the CPU-time speed-up, 2 x (worker CPU with 1) / (worker CPU with 2): what
  two workers give when each has a core of its own (the scheduler and the
  client share the machine's two cores with them here);
- Dask's wall speed-up as a share of lexgate-filter's.

Targets (issue 17): CPU-time speed-up at least 1.7, or wall speed-up at
least 0.9 of lexgate-filter's. The counts of every run must agree.

Writes a line "BENCH_DASK {json}" for bench/report.py.

Usage: bench/dask_screen.py --corpus FILE --filter BUILD/examples/lexgate-filter
                            [--rules DIR] [--partition-mb MB] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List


def cli_run(binary: str, corpus: str, engine_file: str, jobs: int) -> Dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([binary, "--engine", engine_file, "--count", "--stats=json", "-j",
                             str(jobs), corpus], capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"lexgate-filter failed ({result.returncode}): {result.stderr}")
    stats = json.loads(result.stderr.strip().splitlines()[-1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "texts": stats["texts"], "matches": stats["matches"],
            "texts_hit": stats["texts_hit"]}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def dask_run(corpus: str, engine: Any, workers: int, partition_mb: float) -> Dict[str, Any]:
    import distributed
    import lexgate.dask

    with lexgate.dask.local_cluster(workers) as cluster, distributed.Client(cluster) as client:
        client.wait_for_workers(workers)
        before = client.run(_cpu_seconds)
        self_before = _cpu_seconds()
        start = time.perf_counter()
        summary = lexgate.dask.screen([corpus], engine=engine, client=client, jsonl=False,
                                      partition_bytes=int(partition_mb * 2**20),
                                      progress=False)
        wall = time.perf_counter() - start
        after = client.run(_cpu_seconds)
        own = _cpu_seconds() - self_before
    if summary.exit_status != 0:
        raise SystemExit(f"lexgate.dask failed: {summary.failures[:5]}")
    worker_cpu = sum(after[w] - before[w] for w in after if w in before)
    out = summary.to_dict()
    return {"workers": workers, "wall": wall, "worker_cpu": worker_cpu, "driver_cpu": own,
            "partitions": out["partitions"], "texts": out["texts"],
            "matches": out["matches"], "texts_hit": out["texts_hit"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--filter", required=True, help="the lexgate-filter binary")
    ap.add_argument("--rules", default=str(Path(__file__).resolve().parents[1] / "rules"))
    ap.add_argument("--partition-mb", type=float, default=16.0,
                    help="partition size (default 16 MiB: 30 partitions of 500 MB, even for 2)")
    ap.add_argument("--runs", type=int, default=1, help="best of N (default 1)")
    args = ap.parse_args()

    import lexgate

    corpus = os.path.abspath(args.corpus)
    size = os.path.getsize(corpus)
    # One compiled engine for every run, so that no run times a compile:
    # lexgate-filter loads the file, the Dask runs ship the same engine.
    engine_file = tempfile.NamedTemporaryFile(suffix=".engine", delete=False).name
    subprocess.run([args.filter, "compile", "--no-streaming", "--rules", args.rules,
                    "-o", engine_file], check=True, capture_output=True)
    with open(engine_file, "rb") as f:
        engine = lexgate.Engine.from_bytes(f.read())
    print(f"dask_screen: {corpus} ({size / 1e6:,.0f} MB), {engine.rule_count} rules, "
          f"{os.cpu_count()} CPUs, best of {args.runs}", file=sys.stderr)

    def best(runs: List[Dict[str, Any]]) -> Dict[str, Any]:
        return min(runs, key=lambda r: r["wall"])

    cli: Dict[int, Dict[str, Any]] = {}
    dask: Dict[int, Dict[str, Any]] = {}
    for _ in range(args.runs):  # interleaved, so that a noisy spell hits all alike
        for jobs in (1, 2):
            r = cli_run(args.filter, corpus, engine_file, jobs)
            print(f"  lexgate-filter -j {jobs}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU",
                  file=sys.stderr)
            cli[jobs] = best([r] + ([cli[jobs]] if jobs in cli else []))
        for workers in (1, 2):
            r = dask_run(corpus, engine, workers, args.partition_mb)
            print(f"  lexgate.dask {workers} worker(s): {r['wall']:.2f} s wall, "
                  f"{r['worker_cpu']:.2f} s worker CPU, {r['driver_cpu']:.2f} s driver CPU",
                  file=sys.stderr)
            dask[workers] = best([r] + ([dask[workers]] if workers in dask else []))

    counts = {(r["texts"], r["texts_hit"], r["matches"])
              for r in list(cli.values()) + list(dask.values())}
    rows = []
    for jobs in (1, 2):
        r = cli[jobs]
        rows.append({"what": f"lexgate-filter -j {jobs}", "n": jobs, "wall": r["wall"],
                     "cpu": r["cpu"], "mbps": size / 1e6 / r["wall"]})
    for workers in (1, 2):
        r = dask[workers]
        rows.append({"what": f"lexgate.dask, {workers} worker{'s' if workers > 1 else ''}",
                     "n": workers, "wall": r["wall"], "cpu": r["worker_cpu"],
                     "driver_cpu": r["driver_cpu"], "mbps": size / 1e6 / r["wall"],
                     "partitions": r["partitions"]})
    dask_speedup = dask[1]["wall"] / dask[2]["wall"]
    cli_speedup = cli[1]["wall"] / cli[2]["wall"]
    cpu_speedup = 2 * dask[1]["worker_cpu"] / dask[2]["worker_cpu"]
    result = {
        "bytes": size, "rules": engine.rule_count, "cpus": os.cpu_count(), "runs": args.runs,
        "partition_mb": args.partition_mb, "rows": rows,
        "dask_speedup": dask_speedup, "cli_speedup": cli_speedup,
        "cpu_speedup": cpu_speedup, "share_of_cli": dask_speedup / cli_speedup,
        "counts_agree": len(counts) == 1,
        "texts": dask[1]["texts"], "matches": dask[1]["matches"],
        "load": os.getloadavg()[0],
    }
    print(f"  speed-up with 2 workers: {dask_speedup:.2f}x wall, {cpu_speedup:.2f}x in CPU "
          f"time; lexgate-filter -j 2: {cli_speedup:.2f}x; share {result['share_of_cli']:.2f}; "
          f"counts agree: {result['counts_agree']}", file=sys.stderr)
    os.unlink(engine_file)
    print("BENCH_DASK " + json.dumps(result))
    return 0 if result["counts_agree"] else 1


if __name__ == "__main__":
    sys.exit(main())
