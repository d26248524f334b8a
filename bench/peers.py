#!/usr/bin/python3
"""The peer comparison of issue 6: lexgate against raw Hyperscan, ripgrep,
GNU grep, Rust aho-corasick, pyahocorasick, Python re, OpenCC and ICU uconv,
on the same corpus
with the same keywords, in one run.

    /usr/bin/python3 bench/peers.py --build-dir build-bench \\
        --corpus bench/data/corpus.txt --keywords bench/data/keywords.txt \\
        --out bench/data/results/peers.json [--rounds 3]

Every tool runs once per round and the rounds are interleaved (round 1 of
every tool, then round 2, ...), so that load on the machine (2 cores, other
builds) hits every tool alike; each row keeps its best round. Matching
tools get the corpus and the keyword file as they are; lexgate folds both.

Rows:
  lexgate Scan          e2e_throughput --regexes 0 --runs 1: Engine::Scan per
                        line, in process (compile and file reading excluded)
  lexgate Normalize     the fold alone (same process), for the converters
  lexgate-filter        the CLI, whole process: load rules, compile, read,
                        scan per line, --count; and the same starting from
                        a cached engine (--engine, compiled beforehand):
                        the row to hold against ripgrep, process for process
  raw Hyperscan         bench/hs_raw (C): whole buffer, and one call per line
  lexgate variants      the same with boundary none, and with folding off
                        too: they explain the count differences
  ripgrep -F            rg -F --count-matches -f KEYWORDS (and -i, which is
                        slow with many patterns: over a slice)
  GNU grep -F           grep -F -o -f KEYWORDS | wc -l (LC_ALL=C)
  Rust aho-corasick     Debian's crate (bench/aho_corasick, built by
                        scripts/bench), DFA, one search per line, automaton
                        build and file reading excluded: leftmost-longest
                        (non-overlapping) and overlapping (every occurrence)
  pyahocorasick         Automaton.iter per line (automaton build excluded)
  Python re             one alternation of the escaped keywords, longest
                        first, finditer over a slice of --re-slice-mb MB
  OpenCC t2s            opencc -c t2s.json over a slice: the traditional ->
                        simplified part of lexgate's fold
  uconv                 ICU transliterators over a slice: Traditional-
                        Simplified; and Any-NFKC; Any-Lower;
                        Traditional-Simplified (closest to lexgate's fold)

Writes a JSON file for bench/report.py.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def log(msg: str) -> None:
    print(f"peers: {msg}", file=sys.stderr, flush=True)


def first_line(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        text = (out.stdout or out.stderr).strip()
        return text.splitlines()[0] if text else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def deb_version(package: str) -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                             capture_output=True, text=True, timeout=30)
        return out.stdout.strip() or "?"
    except OSError:
        return "?"


def lexgate_version() -> str:
    version = "?"
    cmake = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    m = re.search(r"project\(lexgate VERSION ([0-9.]+)", cmake)
    if m:
        version = m.group(1)
    try:
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short",
                              "HEAD"], capture_output=True, text=True,
                             timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status",
                                "--porcelain", "--", "lib", "include"],
                               capture_output=True, text=True,
                               timeout=30).stdout.strip()
        if rev:
            version += f" ({rev}{'+local changes' if dirty else ''})"
    except OSError:
        pass
    return version


def timed(cmd, **kw) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd if isinstance(cmd, str) else ' '.join(cmd)} "
                           f"failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return seconds, proc


def tagged_json(stdout: str, tag: str) -> dict:
    for line in reversed(stdout.splitlines()):
        if line.startswith(tag + " "):
            return json.loads(line[len(tag) + 1:])
    raise RuntimeError(f"no {tag} line in:\n{stdout[-2000:]}")


def slice_file(src: Path, dst: Path, mb: float) -> int:
    """The first whole lines of src up to mb MB; returns the bytes."""
    limit = int(mb * 1e6)
    n = 0
    with src.open("rb") as fin, dst.open("wb") as fout:
        for line in fin:
            if n and n + len(line) > limit:
                break
            fout.write(line)
            n += len(line)
    return n


def write_pack(keywords: Path, pack_dir: Path, per_rule: int = 500) -> None:
    """A rule pack with the keywords as e2e_throughput builds them: one mask
    rule (boundary auto) per 500 keywords, for lexgate-filter --rules."""
    words = [w for w in keywords.read_text(encoding="utf-8").splitlines()
             if w and not w.startswith("#")]
    pack_dir.mkdir(parents=True, exist_ok=True)
    for old in pack_dir.glob("*"):
        old.unlink()
    lines = ['[pack]', 'name = "bench-peers"', '',
             '[defaults]', 'category = "profanity"', 'action = "mask"',
             'severity = 3', '']
    for i in range(0, len(words), per_rule):
        name = f"kw-{i // per_rule:04d}.txt"
        (pack_dir / name).write_text("\n".join(words[i:i + per_rule]) + "\n",
                                     encoding="utf-8")
        lines += ['[[rule]]', f'id = "bench.kw.{i // per_rule:04d}"',
                  'boundary = "auto"', f'keywords_file = "{name}"', '']
    (pack_dir / "bench.toml").write_text("\n".join(lines), encoding="utf-8")


# Python snippets run in their own process (their own memory, no sharing of
# the interpreter with the driver).
AHO = r'''
import ahocorasick, json, sys, time
kw, corpus = sys.argv[1], sys.argv[2]
words = [w for w in open(kw, encoding="utf-8").read().splitlines() if w and not w.startswith("#")]
t0 = time.perf_counter()
A = ahocorasick.Automaton()
for i, w in enumerate(words):
    A.add_word(w, i)
A.make_automaton()
build = time.perf_counter() - t0
raw = open(corpus, "rb").read()
lines = [l for l in raw.decode("utf-8").split("\n") if l]
t0 = time.perf_counter()
n = 0
it = A.iter
for line in lines:
    for _ in it(line):
        n += 1
scan = time.perf_counter() - t0
print("AHO " + json.dumps({"build_s": build, "scan_s": scan, "matches": n,
                           "bytes": len(raw)}))
'''

PYRE = r'''
import json, re, sys, time
kw, corpus = sys.argv[1], sys.argv[2]
words = [w for w in open(kw, encoding="utf-8").read().splitlines() if w and not w.startswith("#")]
words.sort(key=len, reverse=True)
t0 = time.perf_counter()
rx = re.compile("|".join(map(re.escape, words)))
build = time.perf_counter() - t0
raw = open(corpus, "rb").read()
lines = [l for l in raw.decode("utf-8").split("\n") if l]
t0 = time.perf_counter()
n = 0
for line in lines:
    for _ in rx.finditer(line):
        n += 1
scan = time.perf_counter() - t0
print("PYRE " + json.dumps({"build_s": build, "scan_s": scan, "matches": n,
                            "bytes": len(raw)}))
'''


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--build-dir", default=str(ROOT / "build-bench"))
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--keywords", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--re-slice-mb", type=float, default=1.0)
    ap.add_argument("--rg-i-slice-mb", type=float, default=1.0)
    ap.add_argument("--convert-slice-mb", type=float, default=10.0)
    ap.add_argument("--uconv-slice-mb", type=float, default=5.0)
    args = ap.parse_args()

    build = Path(args.build_dir).resolve()
    corpus = Path(args.corpus).resolve()
    keywords = Path(args.keywords).resolve()
    corpus_bytes = corpus.stat().st_size
    work = Path(tempfile.mkdtemp(prefix="lexgate-peers-"))
    env_c = dict(os.environ, LC_ALL="C")

    e2e = build / "bench" / "e2e_throughput"
    hs_raw = build / "bench" / "hs_raw"
    cli = build / "examples" / "lexgate-filter"
    aho_rs = build / "bench" / "aho_corasick" / "release" / "aho_corasick_peer"
    for exe in (e2e, hs_raw):
        if not exe.exists():
            log(f"missing {exe}: build it first (scripts/bench does)")
            return 2

    pack = work / "pack"
    write_pack(keywords, pack)
    re_slice = work / "re-slice.txt"
    re_bytes = slice_file(corpus, re_slice, args.re_slice_mb)
    cv_slice = work / "convert-slice.txt"
    cv_bytes = slice_file(corpus, cv_slice, args.convert_slice_mb)
    rgi_slice = work / "rg-i-slice.txt"
    rgi_bytes = slice_file(corpus, rgi_slice, args.rg_i_slice_mb)
    uc_slice = work / "uconv-slice.txt"
    uc_bytes = slice_file(corpus, uc_slice, args.uconv_slice_mb)

    have = {t: shutil.which(t) is not None for t in ("rg", "opencc", "uconv")}
    try:
        import ahocorasick  # noqa: F401  (Debian python3-ahocorasick)
        have["pyahocorasick"] = True
    except ImportError:
        have["pyahocorasick"] = False
    have["aho_rs"] = aho_rs.exists()
    for tool, ok in have.items():
        if not ok:
            log(f"{tool} not found: its row is skipped")

    # name -> row; `best` is updated every round.
    rows: dict[str, dict] = {}

    def keep(name: str, seconds: float, **fields) -> None:
        row = rows.setdefault(name, {"tool": name, "seconds": float("inf")})
        if seconds < row["seconds"]:
            row.update(fields)
            row["seconds"] = seconds
            row["load1"] = os.getloadavg()[0]

    # The cached engine of the CLI row below: compiled once, outside the
    # timing, as a deployment would.
    engine_file = work / "pack.lgx"
    if cli.exists():
        subprocess.run([str(cli), "compile", "--rules", str(pack),
                        "--no-streaming", "-o", str(engine_file)],
                       check=True, capture_output=True)

    e2e_info = {}
    hs_info = {}
    for rnd in range(args.rounds):
        log(f"round {rnd + 1}/{args.rounds}")
        # lexgate in process (and its fold share), raw Hyperscan per line in
        # C++ as a cross-check of the C harness.
        _, p = timed([str(e2e), str(corpus), str(keywords), "--regexes", "0",
                      "--runs", "1", "--only", "lexgate,fold"])
        j = tagged_json(p.stdout, "BENCH_E2E")
        e2e_info = j
        keep("lexgate Scan", j["lexgate_s"], matches=j["lexgate_matches"],
             bytes=j["corpus_bytes"], lines_hit=j["lexgate_lines_hit"])
        keep("lexgate Normalize (fold only)", j["fold_s"], matches=None,
             bytes=j["corpus_bytes"])
        for extra, name in ((["--boundary", "none"],
                             "lexgate Scan, boundary none"),
                            (["--boundary", "none", "--no-fold"],
                             "lexgate Scan, boundary none, folding off")):
            _, p = timed([str(e2e), str(corpus), str(keywords), "--regexes",
                          "0", "--runs", "1", "--only", "lexgate", *extra])
            j = tagged_json(p.stdout, "BENCH_E2E")
            keep(name, j["lexgate_s"], matches=j["lexgate_matches"],
                 bytes=j["corpus_bytes"], lines_hit=j["lexgate_lines_hit"])

        if cli.exists():
            s, p = timed([str(cli), "--rules", str(pack), "--count",
                          str(corpus)])
            keep("lexgate-filter --count (CLI, whole process)", s,
                 matches=int(p.stdout.split()[-1]), bytes=corpus_bytes)
            s, p = timed([str(cli), "--engine", str(engine_file), "--count",
                          str(corpus)])
            keep("lexgate-filter --engine --count (CLI, cached engine)", s,
                 matches=int(p.stdout.split()[-1]), bytes=corpus_bytes)

        _, p = timed([str(hs_raw), str(keywords), str(corpus), "--runs", "1"])
        j = tagged_json(p.stdout, "HS_RAW")
        hs_info = j
        keep("raw Hyperscan, whole buffer", j["buffer_s"],
             matches=j["buffer_matches"], bytes=j["corpus_bytes"])
        keep("raw Hyperscan, one call per line", j["lines_s"],
             matches=j["line_matches"], bytes=j["line_bytes"])

        if have["rg"]:
            for flags, name, path, size in (
                    (["-F"], "ripgrep -F", corpus, corpus_bytes),
                    (["-F", "-i"], "ripgrep -F -i", rgi_slice, rgi_bytes)):
                s, p = timed(["rg", *flags, "--no-config", "--count-matches",
                              "--no-filename", "-f", str(keywords),
                              str(path)])
                keep(name, s, matches=int(p.stdout.strip() or 0),
                     bytes=size, slice=path != corpus)

        s, p = timed(f"grep -F -o -f '{keywords}' '{corpus}' | wc -l",
                     shell=True, env=env_c)
        keep("GNU grep -F -o", s, matches=int(p.stdout.strip()),
             bytes=corpus_bytes)

        if have["aho_rs"]:
            for mode in ("leftmost-longest", "overlapping"):
                _, p = timed([str(aho_rs), str(keywords), str(corpus), mode])
                j = tagged_json(p.stdout, "AHO_RS")
                keep(f"Rust aho-corasick, {mode}", j["scan_s"],
                     matches=j["matches"], bytes=j["bytes"],
                     build_s=j["build_s"])

        if have["pyahocorasick"]:
            _, p = timed(["/usr/bin/python3", "-c", AHO, str(keywords),
                          str(corpus)])
            j = tagged_json(p.stdout, "AHO")
            keep("pyahocorasick", j["scan_s"], matches=j["matches"],
                 bytes=j["bytes"], build_s=j["build_s"])

        _, p = timed(["/usr/bin/python3", "-c", PYRE, str(keywords),
                      str(re_slice)])
        j = tagged_json(p.stdout, "PYRE")
        keep("Python re alternation", j["scan_s"], matches=j["matches"],
             bytes=j["bytes"], build_s=j["build_s"], slice=True)

        if have["opencc"]:
            s, _ = timed(["opencc", "-c", "t2s.json", "-i", str(cv_slice),
                          "-o", os.devnull])
            keep("OpenCC t2s", s, matches=None, bytes=cv_bytes, slice=True)
        if have["uconv"]:
            for ids, name in (("Traditional-Simplified",
                               "ICU uconv Traditional-Simplified"),
                              ("Any-NFKC; Any-Lower; Traditional-Simplified",
                               "ICU uconv NFKC+Lower+T-S")):
                s, _ = timed(["uconv", "-f", "utf-8", "-t", "utf-8", "-x",
                              ids, "-o", os.devnull, str(uc_slice)])
                keep(name, s, matches=None, bytes=uc_bytes, slice=True)

    # What each row folds, its version and what its count means.
    hs = hs_info.get("hyperscan", "?")
    lexv = lexgate_version()
    rgv = first_line(["rg", "--version"]) if have["rg"] else "-"
    grepv = first_line(["grep", "--version"])
    meta = {
        "lexgate Scan": (lexv, "yes", "yes", "yes", "match"),
        "lexgate Normalize (fold only)": (lexv, "yes", "yes", "yes", "fold"),
        "lexgate Scan, boundary none": (lexv, "yes", "yes", "yes", "variant"),
        "lexgate Scan, boundary none, folding off":
            (lexv, "no", "no", "no", "variant"),
        "lexgate-filter --count (CLI, whole process)":
            (lexv, "yes", "yes", "yes", "match"),
        "raw Hyperscan, whole buffer": (hs, "no", "no", "no", "match"),
        "raw Hyperscan, one call per line": (hs, "no", "no", "no", "match"),
        "ripgrep -F": (rgv, "no", "no", "no", "match"),
        "ripgrep -F -i": (rgv, "yes (simple case folding)", "no", "no",
                          "match"),
        "GNU grep -F -o": (grepv, "no", "no", "no", "match"),
        "lexgate-filter --engine --count (CLI, cached engine)":
            (lexv, "yes", "yes", "yes", "match"),
        "Rust aho-corasick, leftmost-longest":
            (f"aho-corasick {deb_version('librust-aho-corasick-dev')}", "no",
             "no", "no", "match"),
        "Rust aho-corasick, overlapping":
            (f"aho-corasick {deb_version('librust-aho-corasick-dev')}", "no",
             "no", "no", "match"),
        "pyahocorasick": (f"python3-ahocorasick {deb_version('python3-ahocorasick')}",
                          "no", "no", "no", "match"),
        "Python re alternation": (f"Python {sys.version.split()[0]}", "no",
                                  "no", "no", "match"),
        "OpenCC t2s": (f"opencc {deb_version('opencc')}", "no", "no",
                       "traditional -> simplified only", "fold"),
        "ICU uconv Traditional-Simplified":
            (first_line(["uconv", "--version"]) if have["uconv"] else "-",
             "no", "no", "traditional -> simplified only", "fold"),
        "ICU uconv NFKC+Lower+T-S":
            (first_line(["uconv", "--version"]) if have["uconv"] else "-",
             "yes (lower case)", "yes (NFKC)", "traditional -> simplified",
             "fold"),
    }
    out_rows = []
    for name, row in rows.items():
        version, case, width, script, kind = meta[name]
        row.update(version=version, folds_case=case, folds_width=width,
                   folds_script=script, kind=kind,
                   mbps=row["bytes"] / 1e6 / row["seconds"])
        out_rows.append(row)

    result = {
        "corpus": str(corpus),
        "corpus_bytes": corpus_bytes,
        "lines": e2e_info.get("lines"),
        "keywords_file": str(keywords),
        "keywords": e2e_info.get("keywords"),
        "rounds": args.rounds,
        "re_slice_bytes": re_bytes,
        "rg_i_slice_bytes": rgi_bytes,
        "convert_slice_bytes": cv_bytes,
        "uconv_slice_bytes": uc_bytes,
        "lexgate_compile_s": e2e_info.get("lexgate_compile_s"),
        "hs_raw_compile_s": hs_info.get("compile_s"),
        "hs_raw_db_bytes": hs_info.get("db_bytes"),
        "rows": out_rows,
    }
    Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False)
                              + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)

    lex = rows["lexgate Scan"]["bytes"] / 1e6 / rows["lexgate Scan"]["seconds"]
    print(f"{'tool':48} {'matches':>10} {'seconds':>8} {'MB/s':>8} "
          f"{'lexgate/x':>9}")
    for r in out_rows:
        m = "-" if r.get("matches") is None else str(r["matches"])
        print(f"{r['tool']:48} {m:>10} {r['seconds']:8.3f} {r['mbps']:8.1f} "
              f"{lex / r['mbps']:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
