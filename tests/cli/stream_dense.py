#!/usr/bin/env python3
"""One `lexgate-filter --stream` stream with 200,000 matches (a megabyte of
"fuck "): every one is masked and reported in its done event, and the
process's peak memory stays within a bound per match. The done event once
held every match as a JSON document before writing it, over a kilobyte per
match (338 MB for this stream); it is now written one match at a time.

    stream_dense.py LEXGATE_FILTER RULES [--no-rss]

--no-rss skips the memory check (a sanitizer's allocator keeps freed memory
in quarantine).
"""
import json
import subprocess
import sys
import threading

from dense_result import dense_result_ok
from proc_status import status_kb

MATCHES = 200_000
# What a stream keeps per match (lexgate::Match, its char span) and the
# done event's line: about 950 bytes each here. The old done event: 1,700.
MAX_PEAK_KB = MATCHES * 1280 // 1024


def main() -> int:
    filter_path, rules = sys.argv[1], sys.argv[2]
    check_rss = "--no-rss" not in sys.argv[3:]
    proc = subprocess.Popen(
        [filter_path, "--rules", rules, "--stream"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        encoding="utf-8")
    emitted = []
    final = {}
    got_done = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            event = json.loads(line)
            if "emit" in event:
                emitted.append(event["emit"])
            elif event.get("done"):
                final.update(event)
                got_done.set()
        got_done.set()

    reader = threading.Thread(target=read)
    reader.start()
    chunk = "fuck " * 100
    for _ in range(MATCHES // 100):
        proc.stdin.write(json.dumps({"id": 1, "delta": chunk}) + "\n")
    proc.stdin.write(json.dumps({"id": 1, "done": True}) + "\n")
    proc.stdin.flush()
    got_done.wait(timeout=300)
    peak = status_kb(proc.pid, "VmHWM")
    proc.stdin.close()
    reader.join()
    rc = proc.wait()

    text = "".join(emitted)
    print(f"{len(final.get('matches', []))} matches; peak RSS {peak} kB "
          f"(bound {MAX_PEAK_KB} kB)")
    ok = dense_result_ok(rc, final, text, MATCHES, peak, MAX_PEAK_KB, check_rss)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
