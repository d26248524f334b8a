#!/usr/bin/env python3
"""Long-running soundness of `lexgate-filter --stream` (issue 11): 100,000
streams, eight interleaved at a time, through one process. Every stream must
end with its done event and the same masked text, and the process's
resident memory after the last stream must be within a few MiB of what it
was after the first 10,000 (per-stream memory is released when it ends).

    stream_soak.py LEXGATE_FILTER RULES [STREAMS [--no-rss]]

--no-rss skips the memory check (a sanitizer's allocator keeps freed memory
in quarantine; LeakSanitizer checks leaks there).
"""
import json
import subprocess
import sys
import threading

from proc_status import status_kb

SLACK_KB = 8 * 1024
WARM_UP = 10_000


def main() -> int:
    filter_path, rules = sys.argv[1], sys.argv[2]
    streams = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    check_rss = "--no-rss" not in sys.argv[4:]
    proc = subprocess.Popen(
        [filter_path, "--rules", rules, "--stream"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        encoding="utf-8", bufsize=1 << 16)
    deltas = ["hello ", "fuck you, call 138", "12345678 now"]

    done = 0
    done_cond = threading.Condition()
    emitted: dict = {}
    texts: dict = {}
    errors: list = []

    def read() -> None:
        nonlocal done
        for line in proc.stdout:
            event = json.loads(line)
            if event.get("type") == "header":  # the run's header record
                continue
            sid = event.get("id")
            if "emit" in event:
                emitted[sid] = emitted.get(sid, "") + event["emit"]
            elif event.get("done"):
                text = emitted.pop(sid, "")
                texts[text] = texts.get(text, 0) + 1
                if event.get("verdict") != "mask" or len(event["matches"]) != 2:
                    errors.append(f"stream {sid}: {line.strip()}")
                with done_cond:
                    done += 1
                    done_cond.notify_all()
            else:
                errors.append(f"unexpected event: {line.strip()}")

    def read_or_fail() -> None:
        nonlocal done
        try:
            read()
        except Exception as e:  # a reader that dies must not hang the test
            errors.append(f"reader: {e!r}")
            with done_cond:
                done = streams + 1  # wake the waits; the count check fails
                done_cond.notify_all()

    reader = threading.Thread(target=read_or_fail)
    reader.start()

    def wait_done(n: int) -> None:
        with done_cond:
            done_cond.wait_for(lambda: done >= n, timeout=120)

    warm_rss = None
    batch = 8
    for first in range(0, streams, batch):
        ids = range(first, min(first + batch, streams))
        lines = []
        for d in deltas:
            lines += [json.dumps({"id": i, "delta": d}) for i in ids]
        lines += [json.dumps({"id": i, "done": True}) for i in ids]
        proc.stdin.write("\n".join(lines) + "\n")
        if first + batch == WARM_UP:
            proc.stdin.flush()
            wait_done(WARM_UP)
            warm_rss = status_kb(proc.pid, "VmRSS")
    proc.stdin.flush()
    wait_done(streams)
    end_rss = status_kb(proc.pid, "VmRSS")
    proc.stdin.close()
    reader.join()
    rc = proc.wait()

    print(f"{streams} streams, {done} done; RSS {warm_rss} kB after "
          f"{WARM_UP}, {end_rss} kB at the end; outputs {texts}")
    ok = True
    if rc != 0:
        print(f"FAIL: exit status {rc}")
        ok = False
    if done != streams or errors:
        print(f"FAIL: {done} of {streams} streams done; errors: {errors[:5]}")
        ok = False
    if len(texts) != 1:
        print(f"FAIL: streams gave different texts: {texts}")
        ok = False
    (text,) = texts or {"": 0}
    if "fuck" in text or "13812345678" in text or not text.startswith("hello"):
        print(f"FAIL: released {text!r}")
        ok = False
    if check_rss and warm_rss is not None and end_rss - warm_rss > SLACK_KB:
        print(f"FAIL: RSS grew by {end_rss - warm_rss} kB over "
              f"{streams - WARM_UP} streams")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
