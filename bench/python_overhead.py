#!/usr/bin/env python3
"""What the Python binding costs on top of the C++ engine, and how fast
batches go.

1. Per-call overhead: engine.scan(text) from Python against the C++
   Engine::Scan(text) call on the same engine and the same 200-character
   text (timed in a C++ loop by the module's _time_scan helper). Target:
   under 2 µs.
2. Batch throughput over 100,000 chatbot-sized texts (MB/s of UTF-8):
   engine.scan_many() on every core and on one thread, a Python loop of
   engine.scan(), the C++ CLI (`lexgate-filter --count`, one thread, when
   built), and
   pyahocorasick (Debian's python3-ahocorasick) with the same keywords as
   the shipped keyword rules -- exact matching only: no folding, no
   boundaries, no regexes, so it also misses the evasions lexgate catches.

Standalone:  /usr/bin/python3 bench/python_overhead.py [--texts N] [--quick]
lexgate is imported from $LEXGATE_PYTHON_BUILD_DIR, build/bindings/python,
build-py/bindings/python (the first that has a built module) or the
installed package.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

REPO = Path(__file__).resolve().parents[1]


def import_lexgate():
    candidates = []
    if os.environ.get("LEXGATE_PYTHON_BUILD_DIR"):
        candidates.append(Path(os.environ["LEXGATE_PYTHON_BUILD_DIR"]))
    candidates += [REPO / "build" / "bindings" / "python", REPO / "build-py" / "bindings" / "python"]
    for candidate in candidates:
        if list((candidate / "lexgate").glob("_core*.so")):
            sys.path.insert(0, str(candidate))
            break
    import lexgate
    return lexgate


lexgate = import_lexgate()

# 200 characters of an ordinary bilingual chatbot answer: the common case,
# nothing to find.
CLEAN_200 = ("您好！根据您的描述，这款路由器支持双频WiFi，建议把它放在房间中央、远离微波炉。"
             "If the signal is still weak, update the firmware from the settings page and "
             "restart the device. 如果问题仍然存在，请告诉我型号，我再帮您看看。")
CLEAN_200 = (CLEAN_200 * 2)[:200]
# The same length with a phone number and a masked word in it.
HITS_200 = ("您的快递员电话是13812345678，预计下午三点送达。What the fuck is wrong with "
            "this printer? " + CLEAN_200)[:200]


def best_per_call(fn: Callable[[], object], number: int, repeat: int = 7) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def overhead(engine, quick: bool) -> None:
    number = 20_000 if quick else 100_000
    print(f"== per-call overhead, 200-character texts (best of 7 x {number} calls)")
    print(f"{'text':<22}{'C++ Scan':>12}{'engine.scan':>14}{'overhead':>12}"
          f"{'_core.scan':>13}")
    for name, text in [("clean str", CLEAN_200), ("2 matches str", HITS_200),
                       ("clean bytes", CLEAN_200.encode()),
                       ("2 matches bytes", HITS_200.encode())]:
        assert len(text if isinstance(text, str) else text.decode()) == 200
        cpp = min(engine._core._time_scan(text, number) for _ in range(7))
        py = best_per_call(lambda: engine.scan(text), number)
        core = best_per_call(lambda: engine._core.scan(text), number)
        print(f"{name:<22}{cpp * 1e9:>10.0f}ns{py * 1e9:>12.0f}ns"
              f"{(py - cpp) * 1e9:>10.0f}ns{core * 1e9:>11.0f}ns")
    print("(overhead = engine.scan - C++ Scan: argument conversion, GIL release, building\n"
          " the ScanResult; _core.scan is the native method without the Python wrapper)")


# Ordinary answer sentences, to dilute the sample (where most lines have
# something to find) to about one match per answer.
CLEAN_SENTENCES = [
    "当然可以，下面是详细的步骤说明。",
    "首先，打开设置页面，找到“网络与互联网”选项。",
    "如果您还有其他问题，欢迎随时告诉我。",
    "这道菜的关键是火候，大火快炒，保持蔬菜的脆嫩。",
    "根据天气预报，明天有小雨，出门记得带伞。",
    "Here is a short summary of the article you shared.",
    "The function returns a list of tuples, one per matching row.",
    "You can also pass a timeout in seconds as the second argument.",
    "In short: restart the router, then check the cable.",
    "Let me know if you would like a more detailed explanation.",
]


def chatbot_texts(count: int, seed: int = 1) -> List[str]:
    """Answers of 2-8 sentences on one line: lines of the sample (PII,
    profanity, spam, evasions, and clean lines) mixed with ordinary
    sentences, about one match per answer."""
    lines = (REPO / "examples" / "sample" / "sample.txt").read_text(encoding="utf-8").splitlines()
    pool = [line for line in lines if line.strip()] + CLEAN_SENTENCES * 3
    rng = random.Random(seed)
    return [" ".join(rng.choice(pool) for _ in range(rng.randint(2, 8))) for _ in range(count)]


def shipped_keyword_rules() -> List[Dict[str, object]]:
    """The keyword rules of the shipped packs, as plain data."""
    import tomllib

    rules = []
    for pack in sorted(lexgate.default_rules_path().glob("*.toml")):
        data = tomllib.loads(pack.read_text(encoding="utf-8"))
        defaults = data.get("defaults", {})
        for rule in data.get("rule", []):
            words = list(rule.get("keywords", []))
            if "keywords_file" in rule:
                for line in (pack.parent / rule["keywords_file"]).read_text(encoding="utf-8").splitlines():
                    line = line.split("#")[0].strip()
                    if line:
                        words.append(line)
            if words:
                rules.append({
                    "id": rule["id"], "words": words,
                    "category": rule.get("category", defaults.get("category")),
                    "action": rule.get("action", defaults.get("action", "mask")),
                    "boundary": rule.get("boundary", "auto"),
                })
    return rules


def time_best(fn: Callable[[], object], repeat: int) -> Tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def find_cli() -> Optional[str]:
    for candidate in [os.environ.get("LEXGATE_FILTER"),
                      REPO / "build" / "examples" / "lexgate-filter",
                      REPO / "build-cli" / "examples" / "lexgate-filter",
                      shutil.which("lexgate-filter")]:
        if candidate and os.access(str(candidate), os.X_OK):
            return str(candidate)
    return None


def throughput(engine, count: int, repeat: int) -> None:
    texts = chatbot_texts(count)
    total = sum(len(t.encode()) for t in texts)
    mb = total / 1e6
    print(f"\n== batch throughput: {count:,} texts, {mb:.1f} MB UTF-8, "
          f"average {total / count:.0f} bytes; best of {repeat}; "
          f"{os.cpu_count()} hardware threads")
    rows = []

    def row(name: str, seconds: float, matches: int) -> None:
        rows.append((name, seconds, matches))
        print(f"{name:<46}{mb / seconds:>9.1f} MB/s{seconds * 1e3:>9.0f} ms"
              f"{matches:>10,} matches", flush=True)

    def count_matches(results) -> int:
        return sum(len(r) for r in results)

    seconds, results = time_best(lambda: engine.scan_many(texts), repeat)
    row("lexgate scan_many (all cores)", seconds, count_matches(results))
    seconds, results = time_best(lambda: engine.scan_many(texts, threads=1), repeat)
    row("lexgate scan_many (threads=1)", seconds, count_matches(results))
    seconds, results = time_best(lambda: [engine.scan(t) for t in texts], repeat)
    row("lexgate [engine.scan(t) for t in texts]", seconds, count_matches(results))

    keyword_rules = shipped_keyword_rules()
    rule_set = lexgate.RuleSet()
    for r in keyword_rules:
        rule_set.add_keywords(r["id"], r["words"], category=r["category"],
                              action=r["action"], boundary=r["boundary"])
    keywords_only = rule_set.compile()
    seconds, results = time_best(lambda: keywords_only.scan_many(texts), repeat)
    row("lexgate keyword rules only, scan_many", seconds, count_matches(results))
    seconds, results = time_best(lambda: keywords_only.scan_many(texts, threads=1), repeat)
    row("lexgate keyword rules only, threads=1", seconds, count_matches(results))

    cli = find_cli()
    if cli:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "texts.txt"
            corpus.write_text("\n".join(texts) + "\n", encoding="utf-8")
            empty = Path(tmp) / "empty.txt"
            empty.write_text("", encoding="utf-8")
            rules = str(lexgate.default_rules_path())

            def run(path: Path) -> str:
                return subprocess.run([cli, "--rules", rules, "--count", str(path)],
                                      check=True, capture_output=True, text=True).stdout

            startup, _ = time_best(lambda: run(empty), repeat)
            seconds, out = time_best(lambda: run(corpus), repeat)
            found = int(out.split()[0]) if out.split() and out.split()[0].isdigit() else -1
            row("lexgate-filter --count (C++ CLI, minus startup)", seconds - startup, found)
    else:
        print("lexgate-filter not found (build it, or set LEXGATE_FILTER): CLI row skipped")

    try:
        import ahocorasick
    except ImportError:
        print("pyahocorasick not installed (apt-get install python3-ahocorasick): row skipped")
        return
    automaton = ahocorasick.Automaton()
    for r in keyword_rules:
        if r["action"] == "allow":
            continue
        for word in r["words"]:
            automaton.add_word(word, (r["id"], len(word)))
    automaton.make_automaton()

    def aho() -> int:
        n = 0
        for text in texts:
            for _ in automaton.iter(text):
                n += 1
        return n

    seconds, found = time_best(aho, repeat)
    row("pyahocorasick, same keywords (exact, 1 thread)", seconds, found)

    def aho_lower() -> int:
        n = 0
        for text in texts:
            for _ in automaton.iter(text.lower()):
                n += 1
        return n

    seconds, found = time_best(aho_lower, repeat)
    row("pyahocorasick on text.lower() (1 thread)", seconds, found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer calls and texts")
    args = parser.parse_args()
    if args.quick:
        args.texts, args.repeat = min(args.texts, 10_000), 1
    print(f"lexgate {lexgate.__version__} from {Path(lexgate.__file__).parent}; "
          f"Python {platform.python_version()}; {platform.machine()}")
    engine = lexgate.Engine.default()
    load = os.getloadavg()[0]
    overhead(engine, args.quick)
    throughput(engine, args.texts, args.repeat)
    print(f"\nload average before/after: {load:.2f} / {os.getloadavg()[0]:.2f} "
          "(other work on the machine skews every number above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
