#!/usr/bin/env python3
"""lexgate-filter as a service: --audit-key-file writes the shared audit
vectors (tests/data/audit/vectors.json) in every mode, and --stream reloads
its rules on SIGHUP without dropping a stream.

Usage: services_test.py LEXGATE_FILTER REPO_ROOT
"""

from __future__ import annotations

import json
import os
import random
import re
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

FILTER = sys.argv[1]
ROOT = Path(sys.argv[2])
AUDIT = ROOT / "tests" / "data" / "audit"
FINGERPRINT = re.compile(r'"fingerprint":"([0-9a-f]{16})"')
# Which text a record belongs to: the CLI's own members, after "type".
WHERE = re.compile(r'^(\{"v":1,"type":"audit",)("file":"[^"]*","line":\d+|"id":\d+),')

failures: List[str] = []


def check(condition: bool, message: str) -> None:
    if not condition:
        failures.append(message)
        print("FAIL:", message, file=sys.stderr)


def audit_lines(stderr: str, where: Optional[List[str]] = None) -> List[str]:
    """The audit records on stderr, with the engine fingerprint replaced by
    ENGINE as in the vectors, and the members naming their text (appended
    to `where`, when given) taken out."""
    lines = [line for line in stderr.splitlines() if line.startswith("{")]
    prints = {m.group(1) for line in lines for m in [FINGERPRINT.search(line)] if m}
    check(len(prints) <= 1, f"one engine, one fingerprint: {prints}")
    out = []
    for line in lines:
        m = WHERE.match(line)
        check(m is not None, f"no file and line, or id, in {line}")
        if m is not None:
            if where is not None:
                where.append(m.group(2))
            line = m.group(1) + line[m.end():]
        out.append(FINGERPRINT.sub('"fingerprint":"ENGINE"', line))
    return out


def run(args: List[str], stdin: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LEXGATE_RULES"}
    return subprocess.run([FILTER, *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120)


def test_audit_vectors() -> None:
    vectors = json.loads((AUDIT / "vectors.json").read_text(encoding="utf-8"))
    cases = [c for c in vectors["records"] if c["policy"] is None]
    check(len(cases) >= 2, "vectors without a policy")
    rules = ["--rules", str(AUDIT / "pack.toml")]
    key = ["--audit-key-file", str(AUDIT / vectors["key_file"])]
    want = [line for case in cases for line in case["lines"]]
    texts = [case["text"] for case in cases]
    # Each record names its text: the line it was read from, or its stream.
    want_lines = [f'"file":"(standard input)","line":{i + 1}'
                  for i, case in enumerate(cases) for _ in case["lines"]]

    # Default mode, --jsonl and --count: one scan per line.
    for mode in ([], ["--jsonl"], ["--count"], ["--count", "--jsonl"]):
        if "--jsonl" in mode:
            stdin = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
        else:
            stdin = "".join(t + "\n" for t in texts)
        result = run([*rules, *key, *mode], stdin)
        check(result.returncode == 0, f"{mode}: exit {result.returncode}: {result.stderr}")
        where: List[str] = []
        check(audit_lines(result.stderr, where) == want,
              f"{mode}: audit records differ from the vectors:\n{result.stderr}")
        check(where == want_lines, f"{mode}: records name other lines: {where}")
        check(not any(t[:6] in result.stderr for t in texts), f"{mode}: text in the audit log")

    # --stream, random splits: the same records when each stream ends, up
    # to the first block (a stream stops there: nothing after it is read).
    def until_block(lines: List[str]) -> List[str]:
        out = []
        for line in lines:
            out.append(line)
            if '"action":"block"' in line:
                break
        return out

    check(any(until_block(c["lines"]) != c["lines"] for c in cases), "a vector with a block")
    want = [line for case in cases for line in until_block(case["lines"])]
    want_ids = [f'"id":{i}' for i, case in enumerate(cases) for _ in until_block(case["lines"])]
    rng = random.Random(16)
    for _ in range(5):
        events = []
        for i, text in enumerate(texts):
            cuts = sorted(rng.sample(range(1, len(text)), 4))
            pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
            events += [{"id": i, "delta": p} for p in pieces] + [{"id": i, "done": True}]
        stdin = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events)
        result = run([*rules, *key, "--stream", "--batch", "0"], stdin)
        check(result.returncode == 0, f"--stream: exit {result.returncode}: {result.stderr}")
        ids: List[str] = []
        check(audit_lines(result.stderr, ids) == want,
              f"--stream: audit records differ from the vectors:\n{result.stderr}")
        check(ids == want_ids, f"--stream: records name other streams: {ids}")

    # No key, no records; a bad key file is a usage error.
    plain = run(rules, texts[0] + "\n")
    check(plain.returncode == 0 and plain.stderr == "", f"no key: {plain.stderr!r}")
    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp) / "short.key"
        bad.write_text("00ff\n")
        refused = run([*rules, "--audit-key-file", str(bad)], texts[0] + "\n")
        check(refused.returncode == 2 and "short.key" in refused.stderr,
              f"short key: exit {refused.returncode}: {refused.stderr!r}")
    missing = run([*rules, "--audit-key-file", "/nonexistent/audit.key"], "x\n")
    check(missing.returncode == 2 and "audit.key" in missing.stderr,
          f"missing key: exit {missing.returncode}: {missing.stderr!r}")
    in_test = run(["test", *rules, *key], "")
    check(in_test.returncode == 2, "test takes no --audit-key-file")


PACK = """[pack]
name = "reload"

[[rule]]
id = "{id}"
category = "profanity"
keywords = ["{word}"]
"""


class Filter:
    """lexgate-filter --stream, talked to line by line."""

    def __init__(self, pack: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "LEXGATE_RULES"}
        self.proc = subprocess.Popen([FILTER, "--stream", "--batch", "0", "--rules", str(pack)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        self.selector = selectors.DefaultSelector()
        assert self.proc.stdout is not None and self.proc.stderr is not None
        os.set_blocking(self.proc.stdout.fileno(), False)
        os.set_blocking(self.proc.stderr.fileno(), False)
        self.selector.register(self.proc.stdout, selectors.EVENT_READ, "out")
        self.selector.register(self.proc.stderr, selectors.EVENT_READ, "err")
        self.buffers: Dict[str, bytes] = {"out": b"", "err": b""}
        self.out: List[Dict[str, Any]] = []
        self.err: List[str] = []

    def send(self, event: Dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(event, ensure_ascii=False) + "\n").encode())
        self.proc.stdin.flush()

    def _pump(self, timeout: float) -> None:
        for key, _ in self.selector.select(timeout):
            chunk = key.fileobj.read()  # type: ignore[union-attr]
            if not chunk:
                self.selector.unregister(key.fileobj)
                continue
            data = self.buffers[key.data] + chunk
            *lines, self.buffers[key.data] = data.split(b"\n")
            for line in lines:
                if key.data == "out":
                    self.out.append(json.loads(line))
                else:
                    self.err.append(line.decode())

    def wait_for(self, what: str, predicate: Any, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None and not self.selector.get_map():
                raise AssertionError(f"timed out waiting for {what}; out={self.out} "
                                     f"err={self.err}")
            self._pump(min(left, 0.5))

    def sync(self, marker: str) -> None:
        """Waits until every event sent so far has been handled: a bad event
        gets its error line only after them."""
        self.send({"id": marker})  # neither delta nor done: an error
        self.wait_for(f"marker {marker}",
                      lambda: any(e.get("id") == marker and "error" in e for e in self.out))

    def close(self) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.wait_for("exit", lambda: self.proc.poll() is not None and not self.selector.get_map())
        return self.proc.returncode

    def final(self, stream_id: Any) -> Optional[Dict[str, Any]]:
        return next((e for e in self.out if e.get("id") == stream_id and e.get("done")), None)

    def emitted(self, stream_id: Any) -> str:
        return "".join(e["emit"] for e in self.out if e.get("id") == stream_id and "emit" in e)


def test_sighup_reload() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "pack.toml"
        pack.write_text(PACK.format(id="old.alpha", word="alpha"))
        f = Filter(pack)
        try:
            f.send({"id": "a", "delta": "one alpha, "})
            f.sync("m1")                                # stream a is open on the old rules

            pack.write_text(PACK.format(id="new.beta", word="beta"))
            f.proc.send_signal(signal.SIGHUP)
            f.wait_for("the reload", lambda: any("rules reloaded" in e for e in f.err))
            f.send({"id": "b", "delta": "one alpha, one beta. "})   # opened on the new rules
            f.send({"id": "a", "delta": "two alpha, one beta. "})   # still the old rules
            f.sync("m2")

            pack.write_text("[pack]\nname = \n")                    # broken: kept
            f.proc.send_signal(signal.SIGHUP)
            f.wait_for("the failed reload", lambda: any("reload failed" in e for e in f.err))
            f.send({"id": "c", "delta": "alpha and beta. "})
            for stream_id in ("a", "b", "c"):
                f.send({"id": stream_id, "done": True})
            status = f.close()
        finally:
            if f.proc.poll() is None:
                f.proc.kill()
                f.proc.wait()
    check(status == 2, f"exit {status} (2: the marker events are errors)")

    def rules_of(stream_id: str) -> List[str]:
        final = f.final(stream_id)
        check(final is not None, f"stream {stream_id} was finished")
        return [m["rule"] for m in (final or {}).get("matches", [])]

    check(rules_of("a") == ["old.alpha", "old.alpha"], f"a: {f.final('a')}")
    check(f.emitted("a") == "one *****, two *****, one beta. ", f"a: {f.emitted('a')!r}")
    check(rules_of("b") == ["new.beta"], f"b: {f.final('b')}")
    check(f.emitted("b") == "one alpha, one ****. ", f"b: {f.emitted('b')!r}")
    check(rules_of("c") == ["new.beta"], f"c (after a failed reload): {f.final('c')}")
    check(sum("rules reloaded" in e for e in f.err) == 1, f"stderr: {f.err}")
    check(any("reload failed, keeping engine" in e and "pack.toml" in e for e in f.err),
          f"stderr: {f.err}")


def test_exit_status_tells_a_failed_last_reload() -> None:
    """A run whose last reload failed ends with exit 2 (it served rules other
    than those on disk); one fixed by a later reload ends with 0."""
    for fix_it in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            pack = Path(tmp) / "pack.toml"
            pack.write_text(PACK.format(id="old.alpha", word="alpha"))
            f = Filter(pack)
            try:
                # The header is written once SIGHUP is handled.
                f.wait_for("the header", lambda: len(f.out) > 0)
                pack.write_text("[pack]\nname = \n")
                f.proc.send_signal(signal.SIGHUP)
                f.wait_for("the failed reload", lambda: any("reload failed" in e for e in f.err))
                if fix_it:
                    pack.write_text(PACK.format(id="new.beta", word="beta"))
                    f.proc.send_signal(signal.SIGHUP)
                    f.wait_for("the reload", lambda: any("rules reloaded" in e for e in f.err))
                f.send({"id": "a", "delta": "alpha beta"})
                f.send({"id": "a", "done": True})
                status = f.close()
            finally:
                if f.proc.poll() is None:
                    f.proc.kill()
                    f.proc.wait()
        final = f.final("a")
        check(final is not None and final["verdict"] == "mask", f"a: {final}")
        if fix_it:
            check(status == 0, f"exit {status} after a fixed reload; stderr: {f.err}")
        else:
            check(status == 2, f"exit {status} after a failed last reload; stderr: {f.err}")
            check(any("the last reload failed" in e for e in f.err), f"stderr: {f.err}")


def test_a_blocked_stream_is_not_forgotten_within_its_ttl() -> None:
    """Text still in flight after a blocked stream's done is dropped, within
    --blocked-id-ttl (default 600 s), however many other streams end
    blocked meanwhile (it once was screened as a new stream, and released,
    once --max-streams others had); past 100 times --max-streams of them
    waiting within that time the run stops, exit 2."""
    header = "-----BEGIN RSA PRIVATE KEY----- "
    tail = "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi the rest of the key"

    def events(others: int) -> str:
        out = [{"id": "A", "delta": header}, {"id": "A", "done": True}]
        for n in range(others):
            out += [{"id": n, "delta": header}, {"id": n, "done": True}]
        out += [{"id": "A", "delta": tail}, {"id": "A", "done": True},
                {"id": "C", "delta": "after"}, {"id": "C", "done": True}]
        return "".join(json.dumps(e) + "\n" for e in out)

    # 99 others: A and every other one are remembered (cap 100).
    result = run(["--stream", "--max-streams", "1"], events(99))
    check("MIIE" not in result.stdout, "the blocked answer's tail was released")
    last_a = [json.loads(line) for line in result.stdout.splitlines()
              if '"id":"A"' in line][-1]
    check(last_a.get("verdict") == "block" and "ended blocked" in last_a.get("error", ""),
          f"A's last done: {last_a}")
    check('{"v":1,"id":"C","emit":"after"}' in result.stdout, "C after them is screened")
    check(result.returncode == 2, f"exit {result.returncode}: the dropped events are errors")
    # 100 others: one more than the cap, the run stops before A's tail.
    result = run(["--stream", "--max-streams", "1"], events(100))
    check("MIIE" not in result.stdout and '"id":"C"' not in result.stdout,
          "nothing after the stop is read")
    check(result.returncode == 2, f"exit {result.returncode} past the cap")
    check("ended blocked" in result.stderr and "input not read to the end" in result.stderr,
          f"stderr: {result.stderr}")


def test_blocked_ids_are_forgotten_after_their_ttl() -> None:
    """A guard that runs for long is not stopped by the blocked answers of
    the past: an id whose stream ended blocked drops its events for
    --blocked-id-ttl seconds after its done, then is forgotten, so that the
    cap (100 x --max-streams ids) counts only the recent ones."""
    header = "-----BEGIN RSA PRIVATE KEY----- "
    env = {k: v for k, v in os.environ.items() if k != "LEXGATE_RULES"}
    proc = subprocess.Popen([FILTER, "--stream", "--max-streams", "1",
                             "--blocked-id-ttl", "2"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdin is not None and proc.stdout is not None
    out: List[str] = []

    def send(*events: Dict[str, Any]) -> None:
        assert proc.stdin is not None
        proc.stdin.write("".join(json.dumps(e) + "\n" for e in events))
        proc.stdin.flush()

    def read_until(needle: str) -> None:
        """Reads the output up to the line with `needle`: the events before
        it were taken (the TTL counts from then)."""
        assert proc.stdout is not None
        for line in proc.stdout:
            out.append(line)
            if needle in line:
                return
        raise AssertionError(f"no {needle!r} in the output")

    def blocked(id_: Any) -> None:
        send({"id": id_, "delta": header}, {"id": id_, "done": True})

    read_until('"type":"header"')  # the rules are compiled: time counts
    blocked("A")
    send({"id": "A", "delta": "MIIEpAIBAAKCAQEA in flight"}, {"id": "A", "done": True})
    # 160 blocked answers in all, 80 per TTL: past the cap of 100 without
    # the TTL, under it with.
    for n in range(80):
        blocked(n)
    read_until('"id":79,"done"')
    time.sleep(2.5)
    for n in range(80, 160):
        blocked(n)
    blocked("B")
    read_until('"id":"B","done"')
    time.sleep(2.5)
    send({"id": "B", "delta": "a new answer"}, {"id": "B", "done": True},
         {"id": "C", "delta": "after"}, {"id": "C", "done": True})
    rest, err = proc.communicate(timeout=60)
    text = "".join(out) + rest
    check("MIIE" not in text, "the in-flight tail of A was released")
    check('{"v":1,"id":"B","emit":"a new answer"}' in text,
          f"B, past its TTL, starts a new stream: {text[-400:]}")
    check('{"v":1,"id":"C","emit":"after"}' in text, "C is screened")
    check("input not read to the end" not in err, f"the run stopped: {err}")
    check(proc.returncode == 2, f"exit {proc.returncode}: A's dropped events are errors")


def test_a_stalled_reader_does_not_age_blocked_ids() -> None:
    """The TTL counts time spent waiting for input, not time blocked on
    output: a caller that stops reading the guard's output for longer than
    the TTL still has a blocked answer's tail queued in the guard's input,
    and that tail is dropped, not released as a new answer."""
    lines = [{"id": "A", "delta": "-----BEGIN RSA PRIVATE KEY----- "},
             {"id": "A", "done": True}]
    clean = "the weather is nice today and the sky is blue. " * 40
    for n in range(400):  # more output than a pipe holds: the guard blocks
        lines += [{"id": f"c{n}", "delta": clean}, {"id": f"c{n}", "done": True}]
    lines += [{"id": "A", "delta": "MIIEpAIBAAKCAQEA in flight"}, {"id": "A", "done": True}]
    data = "".join(json.dumps(line) + "\n" for line in lines).encode()
    env = {k: v for k, v in os.environ.items() if k != "LEXGATE_RULES"}
    proc = subprocess.Popen([FILTER, "--stream", "--blocked-id-ttl", "1"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdin is not None and proc.stdout is not None

    def write() -> None:
        assert proc.stdin is not None
        proc.stdin.write(data)
        proc.stdin.close()

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(3)  # the caller does not read: the guard waits on its output
    out = proc.stdout.read().decode()
    proc.wait(timeout=60)
    writer.join()
    check("MIIE" not in out, "a stalled reader's TTL released A's tail")
    check(proc.returncode == 2, f"exit {proc.returncode}: A's dropped events are errors")


def main() -> int:
    test_audit_vectors()
    test_sighup_reload()
    test_exit_status_tells_a_failed_last_reload()
    test_a_blocked_stream_is_not_forgotten_within_its_ttl()
    test_blocked_ids_are_forgotten_after_their_ttl()
    test_a_stalled_reader_does_not_age_blocked_ids()
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
