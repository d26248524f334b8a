#!/usr/bin/python3
"""Writes bench/RESULTS.md and the chart bench/results.png from the outputs
that scripts/bench keeps in a results directory:

    /usr/bin/python3 bench/report.py RESULTS_DIR --md bench/RESULTS.md \\
        --png bench/results.png [--title ...]

RESULTS_DIR holds peers.json (bench/peers.py), the stdout of e2e_throughput
(e2e.txt), scaling (keywords-N.txt, load-N.txt, latency.txt, threads.txt),
stream_cost (stream-*.txt), micro_bench's JSON (micro.json), the machine
notes of scripts/bench (env-start.txt, env-end.txt) and, optionally, a perf
profile summary (profile.txt). Missing parts are left out of the report.
The chart is drawn by gnuplot (Debian: gnuplot-nox).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path


def tagged(path: Path, tag: str) -> dict | None:
    if not path.exists():
        return None
    for line in reversed(path.read_text(encoding="utf-8",
                                        errors="replace").splitlines()):
        if line.startswith(tag + " "):
            return json.loads(line[len(tag) + 1:])
    return None


def fmt_int(n) -> str:
    return "–" if n is None else f"{int(n):,}"


def fmt(x, digits=1) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def mb(nbytes) -> str:
    return f"{nbytes / 1e6:,.1f} MB"


# Two threads (lexgate-filter -j 2, Engine::ScanMany) against one: issues
# 14 and 15.
CLI_SCALING_MIN = 1.8
PYTHON_SCALING_MIN = 1.5


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    align = align or "l" + "r" * (len(header) - 1)
    sep = ["---:" if a == "r" else ":---" for a in align]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def machine(results: Path) -> list[str]:
    lines = []
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    env = {}
    for name in ("env-start.txt", "env-end.txt"):
        p = results / name
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                if "=" in line:
                    k, v = line.split("=", 1)
                    env.setdefault(name, {})[k] = v
    start = env.get("env-start.txt", {})
    end = env.get("env-end.txt", {})
    lines.append(f"- Machine: {cpu}, {start.get('nproc', '?')} cores, "
                 f"{start.get('mem', '?')} memory; {start.get('os', '?')}.")
    lines.append(f"- Run: {start.get('date', '?')} → {end.get('date', '?')}, "
                 f"lexgate {start.get('git', '?')}, build "
                 f"`{start.get('build', '?')}` ({start.get('build_type', '?')}); "
                 f"rule packs used with the keywords: `{start.get('packs', '?')}`.")
    reruns = results / "reruns.txt"
    if reruns.exists():
        for line in reruns.read_text(encoding="utf-8").splitlines():
            f = line.split("\t")
            if len(f) in (3, 4):
                at = f", lexgate {f[3]}" if len(f) == 4 else ""
                lines.append(f"- Re-run afterwards with `--only {f[0]}`{at}: "
                             f"{f[1]} → {f[2]} (its rows replace the first "
                             "run's).")
    loads = results / "loads.txt"
    failed = []
    if loads.exists():
        parts = []
        for line in loads.read_text(encoding="utf-8").splitlines():
            f = line.split("\t")
            if len(f) >= 3:
                parts.append(f"{f[0]} {f[1]}→{f[2]}")
            if len(f) >= 4 and f[3] != "0":
                failed.append(f"{f[0]} (exit status {f[3]})")
        if failed:
            lines.append("- **Failed: " + ", ".join(failed) + "**; their rows "
                         "are missing (raw outputs in bench/data/results/).")
        if parts:
            lines.append("- 1-minute load average before→after each part: "
                         + ", ".join(parts) + ".")
    lines.append(f"- Load (`uptime`) at the start: `{start.get('uptime', '?')}`; "
                 f"at the end: `{end.get('uptime', '?')}`. The machine has 2 "
                 "cores and other engineers' builds may run at the same time: "
                 "compare ratios measured in this run, not absolute numbers "
                 "across runs.")
    return lines


# --- chart -------------------------------------------------------------------

def chart(peers: dict, png: Path, title: str) -> str | None:
    gnuplot = shutil.which("gnuplot")
    if gnuplot is None:
        return "gnuplot not found (apt-get install gnuplot-nox): no chart"
    rows = sorted(peers["rows"], key=lambda r: -r["mbps"])
    data = png.with_suffix(".dat.tmp")
    with data.open("w", encoding="utf-8") as f:
        for i, r in enumerate(rows):
            color = {"match": 2, "fold": 3, "variant": 4}.get(r["kind"], 2)
            if r["tool"].startswith("lexgate"):
                color = 1 if r["kind"] != "variant" else 4
            label = r["tool"].replace('"', "'")
            if r.get("slice"):
                label += " (slice)"
            f.write(f'{i} "{label}" {r["mbps"]:.3f} {color}\n')
    script = f'''
set terminal pngcairo size 1400,800 font "DejaVu Sans,11"
set output "{png}"
set title "{title}"
set ylabel "MB/s (log scale), higher is faster"
set logscale y
set yrange [0.05:*]
set grid ytics
set style fill solid 0.85 border -1
set boxwidth 0.7
set xtics rotate by -35 left nomirror font ",10"
set bmargin 13
set rmargin 12
unset key
set linetype 1 lc rgb "#1f5fbf"
set linetype 2 lc rgb "#8c8c8c"
set linetype 3 lc rgb "#e08a1e"
set linetype 4 lc rgb "#7fa6e0"
set label 1 "blue: lexgate (light: count-explaining variants)" at graph 0.55, graph 0.95 font ",10"
set label 2 "grey: matching peers   orange: folding converters (no matching)" at graph 0.55, graph 0.91 font ",10"
plot "{data}" using 1:3:4:xtic(2) with boxes lc variable, \\
     "" using 1:3:(sprintf("%.1f", $3)) with labels offset 0,0.7 font ",9"
'''
    proc = subprocess.run([gnuplot], input=script, text=True,
                          capture_output=True)
    data.unlink(missing_ok=True)
    if proc.returncode != 0:
        return f"gnuplot failed: {proc.stderr.strip()[-500:]}"
    return None


# --- sections ----------------------------------------------------------------

def peers_section(p: dict, png_name: str | None) -> tuple[list[str], dict]:
    rows = {r["tool"]: r for r in p["rows"]}
    lex = rows["lexgate Scan"]
    lex_mbps = lex["mbps"]
    out = []
    out.append("## Peer comparison")
    out.append("")
    out.append(
        f"Same run, same data: the corpus ({mb(p['corpus_bytes'])}, "
        f"{fmt_int(p['lines'])} lines) and the {fmt_int(p['keywords'])}-keyword "
        "list, keywords only (no regexes: the peers have none). Single "
        f"thread. Every tool ran once per round, rounds interleaved, best of "
        f"{p['rounds']} rounds. \"lexgate ÷ tool\" is lexgate Scan's MB/s "
        "divided by the tool's: above 1, lexgate is faster. lexgate Scan is "
        "timed in process over the lines (compile and file reading excluded; "
        f"compile: {fmt(p.get('lexgate_compile_s'), 2)} s); the command-line "
        "tools are timed as whole processes (start-up, reading, compiling "
        "their patterns; the cached-engine row loads a file `lexgate-filter "
        "compile` wrote beforehand); Rust aho-corasick (Debian's crate, DFA, "
        "one search per line), pyahocorasick and Python re are timed around "
        "the matching loop only (automaton/regex build excluded).")
    out.append("")
    header = ["tool", "version", "folds case", "folds width", "folds script",
              "matches", "seconds", "MB/s", "lexgate ÷ tool"]
    body = []
    for r in p["rows"]:
        name = r["tool"]
        if r.get("slice"):
            name += f" ¹ ({mb(r['bytes'])} slice)"
        ratio = lex_mbps / r["mbps"] if r["mbps"] else None
        body.append([name, r["version"], r["folds_case"], r["folds_width"],
                     r["folds_script"],
                     fmt_int(r.get("matches")) if r.get("matches") is not None
                     else "– (converter)",
                     fmt(r["seconds"], 3), fmt(r["mbps"]),
                     fmt(ratio, 2) + "×"])
    out.append(table(header, body, "lllllrrrr"))
    out.append("")
    out.append("¹ Too slow for the whole corpus: run over the first lines of "
               "the corpus, MB/s over that slice.")
    out.append("")
    if png_name:
        out.append(f"![MB/s per tool, log scale]({png_name})")
        out.append("")

    # Count differences, from the numbers of this run.
    def m(name):
        r = rows.get(name)
        return r.get("matches") if r else None

    raw_l = m("raw Hyperscan, one call per line")
    raw_b = m("raw Hyperscan, whole buffer")
    aho = m("pyahocorasick")
    rg = m("ripgrep -F")
    grep = m("GNU grep -F -o")
    exact = m("lexgate Scan, boundary none, folding off")
    nob = m("lexgate Scan, boundary none")
    full = m("lexgate Scan")
    cli = m("lexgate-filter --count (CLI, whole process)")
    out.append("### Why the match counts differ")
    out.append("")
    items = []
    if raw_l is not None:
        same = ("the same number" if aho == raw_l else
                f"{fmt_int(aho)} for pyahocorasick")
        items.append(
            f"**Raw Hyperscan ({fmt_int(raw_l)}) and pyahocorasick** report "
            "every end of every keyword, overlapping ones included: `中国` "
            "and `中国人` at the same place, `able` inside `table`. They "
            f"find {same}"
            + (f"; the whole-buffer scan finds {fmt_int(raw_b)}"
               if raw_b is not None and raw_b != raw_l else "")
            + ".")
    if rg is not None:
        items.append(
            f"**ripgrep -F ({fmt_int(rg)}) and GNU grep -F -o "
            f"({fmt_int(grep)})** report non-overlapping matches, scanning "
            "left to right (at each position ripgrep takes the first "
            "matching keyword, grep the longest): an occurrence inside or "
            "overlapping an earlier one is not counted. Python re "
            "(longest alternative first) does the same on its slice.")
    if exact is not None:
        items.append(
            f"**lexgate with folding off and no boundaries ({fmt_int(exact)})** "
            "resolves hits leftmost-longest per rule (500 keywords per rule), "
            "which is close to what grep and ripgrep count"
            + (f" (ripgrep: {fmt_int(rg)}, {100.0 * (exact - rg) / rg:+.2f}%)"
               if rg else "")
            + "; overlapping matches of two different rules are both kept.")
    if nob is not None and exact is not None:
        items.append(
            f"**Folding adds {fmt_int(nob - exact)} matches** "
            f"({fmt_int(exact)} → {fmt_int(nob)} with boundary none): "
            "traditional characters (the zh-TW manual pages, Debian reference "
            "and Tang poems of the corpus), capitalised and upper-case English, "
            "full-width letters, spaced or dotted spellings. No other tool in "
            "the table finds these; `rg -i` finds only the case variants.")
    if nob is not None and full is not None:
        items.append(
            f"**Word boundaries remove {fmt_int(nob - full)}** "
            f"({fmt_int(nob)} → {fmt_int(full)}, lexgate's default "
            "boundary auto): an English keyword inside a longer word (`able` "
            "in `table`, `cock` in `cockpit`) is not a match. The peers have "
            "no such check (grep -w would drop CJK matches too, as \\b does).")
    if cli is not None and full is not None:
        items.append(
            f"**lexgate-filter --count** reports {fmt_int(cli)}: "
            + ("the same as lexgate Scan (same rules, as a TOML pack)."
               if cli == full else
               f"lexgate Scan finds {fmt_int(full)}; the pack compiles the "
               "same keywords from TOML."))
    out += [f"- {i}" for i in items]
    out.append("")
    return out, rows


def targets_section(peer_rows, e2e, e2e_packs, latency, keywords, loads,
                    fallback_loads) -> list[str]:
    out = ["## Targets (issue 6)", ""]
    body = []
    lex = peer_rows.get("lexgate Scan") if peer_rows else None

    def ratio_row(label, peer, target, fmt_target, ours="lexgate Scan"):
        mine = peer_rows.get(ours) if peer_rows else None
        if mine is None or peer not in peer_rows:
            return
        r = mine["mbps"] / peer_rows[peer]["mbps"]
        body.append([label, fmt_target,
                     f"{fmt(mine['mbps'])} vs {fmt(peer_rows[peer]['mbps'])} "
                     f"MB/s = **{r:.2f}×**", verdict(r >= target)])

    nkw = fmt_int(peer_rows["lexgate Scan"].get("keywords")) if lex else "?"
    ratio_row(f"lexgate ≥ 0.5× raw Hyperscan, one call per line ({nkw} "
              "keywords)",
              "raw Hyperscan, one call per line", 0.5, "≥ 0.5×")
    ratio_row("… and vs raw Hyperscan over the whole buffer",
              "raw Hyperscan, whole buffer", 0.5, "≥ 0.5×")
    if e2e:
        body.append([f"issue 2: {fmt_int(e2e['keywords'])} keywords + "
                     f"{e2e['regexes']} regexes vs raw Hyperscan, "
                     "one call per line", "≥ 0.5×",
                     f"{fmt(e2e['lexgate_mbps'])} vs {fmt(e2e['raw_mbps'])} "
                     f"MB/s = **{e2e['ratio']:.2f}×**",
                     verdict(e2e["ratio"] >= 0.5)])
    if e2e_packs:
        body.append([f"issue 14: shipped packs + "
                     f"{fmt_int(e2e_packs['keywords'])} keywords vs raw "
                     "Hyperscan over the same patterns, one call per line",
                     "≥ 0.7×",
                     f"{fmt(e2e_packs['lexgate_mbps'])} vs "
                     f"{fmt(e2e_packs['raw_mbps'])} MB/s = "
                     f"**{e2e_packs['ratio']:.2f}×**",
                     verdict(e2e_packs["ratio"] >= 0.7)])
    ratio_row("lexgate ≥ 3× ripgrep -F", "ripgrep -F", 3, "≥ 3×")
    ratio_row("issue 14: lexgate-filter with a cached engine ≥ 2× ripgrep -F, "
              "whole process against whole process",
              "ripgrep -F", 2, "≥ 2×",
              ours="lexgate-filter --engine --count (CLI, cached engine)")
    ratio_row("issue 14: lexgate ≥ 1.5× Rust aho-corasick (leftmost-longest)",
              "Rust aho-corasick, leftmost-longest", 1.5, "≥ 1.5×")
    ratio_row("… and vs Rust aho-corasick reporting every occurrence "
              "(overlapping)", "Rust aho-corasick, overlapping", 1.5, "≥ 1.5×")
    ratio_row("lexgate ≥ 30× pyahocorasick", "pyahocorasick", 30, "≥ 30×")
    if latency:
        for r in latency["rows"]:
            if r["name"] in ("Scan", "Scan + Redact") and 2000 <= r["bytes"] <= 2048:
                body.append([f"2 KB corpus texts, {r['name']}, "
                             f"{fmt_int(latency['keywords'])} keywords + shipped "
                             "packs: p99", "< 30 µs",
                             f"**{fmt(r['p99_us'])} µs** (p50 {fmt(r['p50_us'])}, "
                             f"{fmt(r['matches_per_call'])} matches per text)",
                             verdict(r["p99_us"] < 30)])
            if r["name"].startswith("Scan, synthetic"):
                body.append(["2 KB synthetic chatbot answer, Scan: p99",
                             "< 30 µs",
                             f"**{fmt(r['p99_us'])} µs** (p50 {fmt(r['p50_us'])}, "
                             f"{fmt(r['matches_per_call'])} matches)",
                             verdict(r["p99_us"] < 30)])
            if r["name"].startswith("Scan, chat answers"):
                body.append(["issue 14: 2 KB varied chatbot answers "
                             "(bench/chat_answers.h), 10,000 keywords + "
                             "shipped packs, Scan: intrinsic p99 (best of 5 "
                             "runs per text)", "≤ 40 µs (aim 30)",
                             f"**{fmt(r['p99_us'])} µs** (p50 {fmt(r['p50_us'])}, "
                             f"{fmt_int(r['calls'])} texts, "
                             f"{fmt(r['matches_per_call'])} matches per text)",
                             verdict(r["p99_us"] <= 40)])
    for k in keywords:
        if k["keywords"] == 100000:
            body.append(["100k keywords (+ shipped packs) compile", "< 10 s",
                         f"**{fmt(k['compile_s'], 2)} s**",
                         verdict(k["compile_s"] < 10)])
    for n, l in loads:
        if n == 100000:
            cpu = ""
            if "load_first_user_s" in l:
                cpu = (f" (CPU: {fmt(l['load_first_user_s'] * 1e3)} ms user, "
                       f"{fmt(l['load_first_sys_s'] * 1e3)} ms in the kernel's "
                       f"{fmt_int(l['load_first_faults'])} page faults")
                if "load_first_max_s" in l:
                    cpu += f"; slowest {fmt(l['load_first_max_s'] * 1e3)} ms"
                cpu += ")"
            which = ("median of the first loads of "
                     f"{l['runs']} fresh processes"
                     if "load_first_max_s" in l else
                     "first load in a fresh process")
            body.append(["cached load (Engine::Load of the file), 100k "
                         f"keywords + shipped packs, {which}", "< 100 ms",
                         f"**{fmt(l['load_first_s'] * 1e3)} ms**{cpu}",
                         verdict(l["load_first_s"] < 0.1)])
            body.append(["the same, best of "
                         f"{l['runs']} loads in that process", "< 100 ms",
                         f"**{fmt(l['load_best_s'] * 1e3)} ms**",
                         verdict(l["load_best_s"] < 0.1)])
    for n, _, l in fallback_loads:
        if n == 100000:
            body.append(["cached load, 100k keywords **without** the packs "
                         "(the engine with the packs failed to load: see "
                         "Failed at the top)", "< 100 ms",
                         f"**{fmt(l['load_first_s'] * 1e3)} ms**",
                         verdict(l["load_first_s"] < 0.1)])
    out.append(table(["target", "wanted", "measured", ""], body, "llll"))
    out.append("")
    fold = peer_rows.get("lexgate Normalize (fold only)") if peer_rows else None
    raw = peer_rows.get("raw Hyperscan, one call per line") if peer_rows else None
    if lex and fold and raw:
        ceiling = 1 / (1 / fold["mbps"] + 1 / raw["mbps"])
        out.append(
            f"A ceiling for the keyword-only rows: folding alone runs at "
            f"{fmt(fold['mbps'])} MB/s and Hyperscan alone at "
            f"{fmt(raw['mbps'])} MB/s, so fold + scan in sequence cannot "
            f"exceed {fmt(ceiling)} MB/s ({ceiling / raw['mbps']:.2f}× raw "
            "Hyperscan) even with free hit resolution; the targets that "
            "need more than that need a faster fold first (see the profile "
            "below).")
        out.append("")
    return out


def e2e_section(e2e: dict, title: str, rules: str) -> list[str]:
    """The parts of one e2e_throughput run; `rules` says what it compiled
    besides the keywords."""
    out = [title, ""]
    out.append(
        f"`e2e_throughput`: {fmt_int(e2e['keywords'])} keywords in "
        f"{e2e['keyword_rules']} mask rules + {rules}; "
        f"{e2e['rules']} rules in all; {mb(e2e['corpus_bytes'])} in "
        f"{fmt_int(e2e['lines'])} lines, one call per line, best of "
        f"{e2e['runs']} interleaved passes; Hyperscan {e2e['hyperscan']}.")
    out.append("")
    mbytes = e2e["corpus_bytes"] / 1e6
    resolve = e2e["lexgate_s"] - e2e["fold_s"] - e2e["hs_folded_s"]
    rows = [
        ["raw Hyperscan, unfolded lines", fmt(e2e["raw_s"], 3),
         fmt(e2e["raw_mbps"]), fmt_int(e2e["raw_matches"]), "every match end"],
        ["lexgate Scan, end to end", fmt(e2e["lexgate_s"], 3),
         fmt(e2e["lexgate_mbps"]), fmt_int(e2e["lexgate_matches"]),
         f"{fmt_int(e2e['lexgate_lines_hit'])} lines hit"],
        ["… Normalize (fold + offset map)", fmt(e2e["fold_s"], 3),
         fmt(e2e["fold_mbps"]), "",
         f"{100 * e2e['fold_s'] / e2e['lexgate_s']:.0f}% of Scan"],
        ["… hs_scan of the folded lines", fmt(e2e["hs_folded_s"], 3),
         fmt(e2e["hs_folded_mbps"]), fmt_int(e2e["hs_folded_hits"]),
         f"{100 * e2e['hs_folded_s'] / e2e['lexgate_s']:.0f}% of Scan (hits "
         "before checks)" + ("" if e2e["rules"] == e2e["keyword_rules"] else
                             "; an estimate, see below")],
        ["… resolve + results (the rest)", fmt(resolve, 3),
         fmt(mbytes / resolve) if resolve > 0 else "–", "",
         f"{100 * resolve / e2e['lexgate_s']:.0f}% of Scan"],
    ]
    out.append(table(["pass", "seconds", "MB/s", "matches", "note"], rows,
                     "lrrrl"))
    out.append("")
    out.append(
        f"Ratio lexgate / raw: **{e2e['ratio']:.3f}** (target ≥ "
        f"{e2e['target']:.2f}). Compile: lexgate {fmt(e2e['lexgate_compile_s'], 3)} s, "
        f"raw {fmt(e2e['raw_compile_s'], 3)} s; databases "
        f"{fmt_int(e2e['lexgate_db_bytes'])} and {fmt_int(e2e['raw_db_bytes'])} "
        f"bytes. Peak RSS {fmt(e2e['peak_rss_kb'] / 1024)} MB (corpus in memory "
        f"{fmt(e2e['rss_data_kb'] / 1024)} MB; up to the end of lexgate's "
        f"compile {fmt(e2e['peak_rss_after_lexgate_compile_kb'] / 1024)} MB).")
    out.append("")
    if e2e["rules"] != e2e["keyword_rules"]:
        out.append(
            "The hs_scan row is not lexgate's own database: it compiles the "
            "folded keywords and every regex with start-of-match, as raw "
            "Hyperscan does, and leaves out the spellings lexgate adds "
            "(pinyin, homophones). lexgate finds the starts of some regexes "
            "late (lib/compile/late_starts.h) and matches letter variants "
            "without Hyperscan (lib/compile/variant_matcher.h). So the split "
            "between the last two rows is an estimate.")
        out.append("")
    return out


def profile_section(results: Path) -> list[str]:
    p = results / "profile.txt"
    if not p.exists():
        return []
    text = p.read_text(encoding="utf-8", errors="replace").rstrip()
    if not text:
        return []
    return ["### Profile of lexgate Scan", "",
            "`perf record -g` of `e2e_throughput --regexes 0 --only lexgate "
            "--runs 5` (the peer comparison's configuration: 10k keywords, "
            "no regexes; compile included), `perf report --no-children`, "
            "self time by library and by symbol (≥ 1%; libhs has no "
            "symbols in Debian's package):", "", "```", text, "```", ""]


def two_thread_target(rows, what: str, minimum: float) -> list[str]:
    """The line that checks the 2-thread row of `rows` against issue 14."""
    two = [r for r in rows if r["threads"] == 2]
    if not two:
        return []
    speedup = two[0]["speedup"]
    return [f"Issue 14 asks {what} for at least {minimum}× one thread: "
            f"{fmt(speedup, 2)}×, {verdict(speedup >= minimum)}.", ""]


def scaling_section(keywords, loads, latency, threads, fallback_loads=(),
                    part_loads=None) -> list[str]:
    part_loads = part_loads or {}
    out = ["## Scaling", ""]
    if keywords:
        out.append("### Keywords")
        out.append("")
        out.append(
            "N keywords (half Chinese, half English; 500 per mask rule) plus "
            "the shipped packs of `rules/`. Each size in its own process: peak "
            "RSS is the compile's (before the corpus is read). Scan: one call "
            "per line over the first "
            f"{mb(keywords[0]['scan_bytes'])} of the corpus. Cached load: a "
            "fresh process calls `Engine::Load()` on the `Engine::Serialize()` "
            "file, as `lexgate-filter --engine` does (it reads the file): the "
            "median of the first loads of several fresh processes, and in "
            "brackets the best of several loads in one process. A loaded engine reads its "
            "stream databases back from the file and derives its stream plan "
            "at its first `OpenStream()`, which is not part of the load "
            "(timed on its own).")
        out.append("")
        load_of = dict(loads)
        body = []
        for k in keywords:
            l = load_of.get(k["keywords"])
            same = ""
            if l is not None and l.get("check_matches", -1) >= 0:
                same = ("✓" if l["check_matches"] == k["check_matches"]
                        else f"✗ {fmt_int(l['check_matches'])} vs "
                             f"{fmt_int(k['check_matches'])}")
            body.append([
                fmt_int(k["keywords"]), fmt(k["compile_s"], 2),
                mb(k["db_bytes"]), mb(k["blob_bytes"]),
                fmt(k["peak_rss_compile_kb"] / 1024),
                fmt(k["rss_engine_kb"] / 1024) + " / " +
                fmt(k.get("rss_trimmed_kb", 0) / 1024),
                fmt(k["scan_mbps"]),
                (fmt(l["load_first_s"] * 1e3) + f" ({fmt(l['load_best_s'] * 1e3)})")
                if l else "–",
                fmt(l["first_stream_s"] * 1e3)
                if l and "first_stream_s" in l else "–",
                fmt(l["rss_loaded_kb"] / 1024) if l else "–",
                same])
        out.append(table(
            ["keywords", "compile s", "database", "serialized", "peak RSS MB",
             "RSS after compile / after malloc_trim, MB", "scan MB/s",
             "cached load ms", "first OpenStream ms", "RSS after load MB",
             "same matches"],
            body, "rrrrrrrrrrl"))
        out.append("")
        out.append(
            "\"RSS after compile\" is what a process that compiled the rules "
            "keeps; most of it is memory the allocator holds on to after the "
            "compile (malloc_trim returns it). A process that loads the "
            "cached engine instead needs only the \"RSS after load\". "
            "\"first OpenStream\": what the load leaves to the first stream "
            "of the loaded engine (reading its stream databases back from "
            "the file, deriving its hold plan). "
            "\"same matches\": the loaded engine finds the same matches as "
            "the compiled one on the first MB of the corpus.")
        out.append("")
    if fallback_loads:
        out.append(
            "The engines with the packs could not be loaded in this run (see "
            "Failed at the top), so the cached load was measured on engines of the "
            "keywords alone:")
        out.append("")
        body = []
        for n, k, l in fallback_loads:
            same = ("✓" if l.get("check_matches") == k["check_matches"] else
                    f"✗ {fmt_int(l.get('check_matches'))} vs "
                    f"{fmt_int(k['check_matches'])}")
            body.append([fmt_int(n), fmt(k["compile_s"], 2), mb(k["db_bytes"]),
                         mb(l["blob_bytes"]),
                         fmt(l["load_first_s"] * 1e3) +
                         f" ({fmt(l['load_best_s'] * 1e3)})",
                         fmt(l["rss_loaded_kb"] / 1024), same])
        out.append(table(["keywords (no packs)", "compile s", "database",
                          "serialized", "cached load ms", "RSS after load MB",
                          "same matches"], body, "rrrrrrl"))
        out.append("")
    if latency:
        out.append("### Text length (per-call latency)")
        out.append("")
        out.append(
            f"`Engine::Scan` per call, {fmt_int(latency['keywords'])} keywords + "
            f"the shipped packs ({latency['rules']} rules), single thread. "
            "Texts are consecutive corpus lines joined by newlines and cut "
            "to the size, a different text every call (after a warm-up "
            "pass); the synthetic chatbot answer is micro_bench's mixed "
            "paragraph repeated to 2 KB, the same text every call; the chat "
            "answers are varied 2 KB answers of bench/chat_answers.h (half "
            "Chinese, half English), each timed as the best of 5 runs back "
            "to back, so that preemption on the shared host does not count "
            "(the percentiles are over the texts).")
        out.append("")
        body = []
        for r in latency["rows"]:
            size = r["bytes"]
            label = (f"{size / (1 << 20):g} MB" if size >= (1 << 20) else
                     f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B")
            body.append([r["name"], label, fmt_int(r["calls"]),
                         fmt(r["p50_us"]), fmt(r["p90_us"]), fmt(r["p99_us"]),
                         fmt(r["max_us"]), fmt(r["mean_us"]),
                         fmt(size / r["mean_us"]) if r["mean_us"] else "–",
                         fmt(r["matches_per_call"])])
        out.append(table(["call", "text", "calls", "p50 µs", "p90 µs",
                          "p99 µs", "max µs", "mean µs", "MB/s",
                          "matches/call"], body, "llrrrrrrrr"))
        out.append("")
    if threads:
        out.append("### Threads")
        out.append("")
        out.append(
            f"One shared Engine ({fmt_int(threads['keywords'])} keywords + "
            f"shipped packs), the whole corpus ({mb(threads['bytes'])}), one "
            "call per line, lines dealt to the threads in blocks of 64; best "
            f"of {threads['runs']}, interleaved. The machine has "
            f"{threads['hardware_threads']} hardware threads.")
        out.append("")
        body = [[str(r["threads"]), fmt(r["seconds"], 3), fmt(r["mbps"]),
                 fmt(r["speedup"], 2) + "×", fmt_int(r["matches"])]
                for r in threads["rows"]]
        out.append(table(["threads", "seconds", "MB/s", "speed-up", "matches"],
                         body))
        out.append("")
        out += two_thread_target(threads["rows"], "2 threads", CLI_SCALING_MIN)
        py = threads.get("python")
        if py:
            out.append(
                "From Python: `engine.scan_many(lines, threads=N)` with the "
                f"same engine over the first {mb(py['bytes'])} of the corpus "
                f"({fmt_int(py['texts'])} lines), results built in the call; "
                f"best of {py['runs']}, interleaved (bench/python_threads.py).")
            out.append("")
            body = [[str(r["threads"]), fmt(r["seconds"], 3),
                     fmt(r["cpu_seconds"], 3), fmt(r["mbps"]),
                     fmt(r["speedup"], 2) + "×", fmt_int(r["matches"])]
                    for r in py["rows"]]
            out.append(table(["threads", "wall s", "CPU s", "MB/s", "speed-up",
                              "matches"], body))
            out.append("")
            out += two_thread_target(py["rows"], "2 threads from Python",
                                     PYTHON_SCALING_MIN)
        load = part_loads.get("threads")
        slow = any(r["threads"] > 1 and r["speedup"] < 0.75 * r["threads"]
                   for r in threads["rows"])
        if slow and load is not None and max(load) > 1.0:
            out.append(
                f"The 1-minute load average was {load[0]:.2f} → {load[1]:.2f} "
                "around this part (its own threads count too): with another "
                "process on the second core, two threads cannot go faster "
                "than one. Run `scripts/bench --only threads` on a quiet "
                "machine for the speed-up.")
            out.append("")
    return out


def batch_text(stream: dict) -> str:
    """StreamOptions::batch as the run used it."""
    batch = stream.get("batch", "auto")
    return "kAutoBatch" if batch == "auto" else str(batch)


# Issue 10's targets, in characters (cost: stream ÷ whole Scan + Redact).
STREAM_FIRST_TEXT_MAX = {"zh": 64, "en": 96}
STREAM_BLOCK_AFTER_MAX = 32
STREAM_COST_MAX = 2.5


def stream_language(set_name: str) -> str | None:
    for lang in STREAM_FIRST_TEXT_MAX:
        if set_name.endswith(" " + lang):
            return lang
    return None


def stream_section(streams: list[tuple[str, dict]]) -> list[str]:
    if not streams:
        return []
    out = ["## Streaming guard (issue 10)", ""]
    s0 = streams[0][1]
    out.append(
        "Deterministic chatbot answers (bench/chat_answers.h: Markdown "
        "prose with lists, code and contact details, Chinese and English; "
        "`corpus` sets are consecutive corpus lines) fed to a `Stream` in "
        f"deltas of {s0['min_delta']}–{s0['max_delta']} characters, against "
        "one `Scan` + `Redact` of the whole answer. Engines with the shipped "
        "packs and all default options: `StreamOptions{.max_hold = "
        f"{s0['max_hold']}, .batch = {batch_text(s0)}}}`. Best of "
        f"{s0['runs']} interleaved runs per answer for the times, taken "
        "without a clock read per delta; \"first text\" (characters fed "
        "before the first character is released), \"held\" (the largest "
        "`held_back()` of an answer, in characters) and the per-`Feed()` "
        "time come from a second, instrumented pass. All lengths are in "
        "characters.")
    out.append("")
    body = []
    for name, s in streams:
        for st in s["sets"]:
            body.append([
                name, st["name"], str(st["answers"]),
                fmt_int(round(st["avg_chars"])),
                fmt(st["first_text"]["mean"]) + " / "
                + fmt(st["first_text"]["max"], 0),
                fmt(st["max_held"]["mean"]) + " / "
                + fmt(st["max_held"]["max"], 0),
                fmt(st["whole_us"]), fmt(st["stream_us"]),
                fmt(st["ratio"], 2) + "×",
                fmt(st["delta_us"]["p50"], 2) + " / "
                + fmt(st["delta_us"]["p99"], 2),
                f"{st['mismatches']} / {st['blocked']}",
            ])
    out.append(table(
        ["engine", "answers", "count", "chars", "first text (mean / max)",
         "held (mean / max)", "whole µs", "streamed µs", "stream ÷ whole",
         "Feed µs (p50 / p99)", "mismatches / blocked"], body,
        "llrrrrrrrrr"))
    out.append("")
    body = []
    for name, s in streams:
        for b in s.get("blocks", []):
            body.append([name, b["name"],
                         fmt(b["after"]["mean"]) + " / "
                         + fmt(b["after"]["p90"], 0) + " / "
                         + fmt(b["after"]["max"], 0), str(b["missed"])])
    if body:
        out.append(
            "How soon a block is known: characters fed after the end of the "
            "blocking phrase (inserted into the generated answers) until "
            "`blocked()` turns true.")
        out.append("")
        out.append(table(["engine", "blocking phrase",
                          "chars after its end (mean / p90 / max)", "missed"],
                         body, "llrr"))
        out.append("")
    checks = []
    for name, s in streams:
        for st in s["sets"]:
            lang = stream_language(st["name"])
            if lang is None:
                continue
            bound = STREAM_FIRST_TEXT_MAX[lang]
            worst = max(st["first_text"]["max"], st["max_held"]["max"])
            checks.append(
                f"- {name}, {st['name']}: first text and hold-back at most "
                f"{bound} characters: max {fmt(worst, 0)}, "
                f"{'met' if worst <= bound else 'MISSED'}; cost at most "
                f"{STREAM_COST_MAX}×: {fmt(st['ratio'], 2)}×, "
                f"{'met' if st['ratio'] <= STREAM_COST_MAX else 'MISSED'}.")
        for b in s.get("blocks", []):
            worst = b["after"]["max"]
            ok = worst <= STREAM_BLOCK_AFTER_MAX and b["missed"] == 0
            checks.append(
                f"- {name}, {b['name']}: block known within "
                f"{STREAM_BLOCK_AFTER_MAX} characters: max {fmt(worst, 0)}, "
                f"{b['missed']} missed, {'met' if ok else 'MISSED'}.")
    if checks:
        out.append("Against issue 10's targets:")
        out.append("")
        out += checks
        out.append("")
    out.append(
        "\"mismatches\": answers without a block whose streamed output "
        "differs from `Redact(whole answer)` (must be 0). Wall times of "
        "answers this short are noisy on a shared machine: compare the "
        "ratio of one run, or count instructions with "
        "`valgrind --tool=callgrind` on `stream_cost`.")
    out.append("")
    return out


def dask_section(dask: dict | None, part_loads: dict) -> list[str]:
    """Corpus screening on Dask (issue 17): lexgate.dask with 1 and 2
    workers against lexgate-filter -j 1 / -j 2 on the same file."""
    if not dask:
        return []
    out = ["## Corpus screening on Dask", ""]
    out.append(
        f"`python -m lexgate.dask` (bench/dask_screen.py) on {mb(dask['bytes'])} "
        f"(corpus.txt repeated), {fmt_int(dask['rules'])} rules (the shipped packs), "
        f"partitions of {dask['partition_mb']:g} MiB, a LocalCluster of worker "
        "processes with one thread each, against lexgate-filter on the same file "
        f"in the same run (best of {dask['runs']}). The machine has {dask['cpus']} "
        "CPUs, shared by the workers, the scheduler and the client. CPU time of a "
        "Dask run: the workers' processes (the driver's, client and scheduler, in "
        "parentheses).")
    out.append("")
    body = []
    for r in dask["rows"]:
        cpu = fmt(r["cpu"], 2)
        if "driver_cpu" in r:
            cpu += f" (+{fmt(r['driver_cpu'], 2)})"
        body.append([r["what"], fmt(r["wall"], 2), cpu, fmt(r["mbps"]),
                     fmt_int(r.get("partitions"))])
    out.append(table(["run", "wall s", "CPU s", "MB/s", "partitions"], body, "lrrrr"))
    out.append("")
    cpu_ok = dask["cpu_speedup"] >= 1.7
    share_ok = dask["share_of_cli"] >= 0.9
    out.append(table(
        ["scaling with 2", "measured", "target", "met"],
        [["lexgate.dask, wall", f"{fmt(dask['dask_speedup'], 2)}×", "", ""],
         ["lexgate.dask, CPU time (2 × CPU₁ / CPU₂)", f"{fmt(dask['cpu_speedup'], 2)}×",
          "≥ 1.7×", verdict(cpu_ok)],
         ["lexgate-filter -j 2, wall (issue 15)", f"{fmt(dask['cli_speedup'], 2)}×",
          f"≥ {CLI_SCALING_MIN}×", verdict(dask["cli_speedup"] >= CLI_SCALING_MIN)],
         ["lexgate.dask's wall speed-up / lexgate-filter's",
          fmt(dask["share_of_cli"], 2), "≥ 0.9", verdict(share_ok)]], "lrrl"))
    out.append("")
    out.append(f"Issue 17 asks for either target: {verdict(cpu_ok or share_ok)}. "
               f"Counts (texts, texts hit, matches) of all four runs agree: "
               f"{verdict(dask['counts_agree'])}.")
    load = part_loads.get("dask")
    if load:
        out.append(f"Load average around this part: {load[0]:.2f} before, "
                   f"{load[1]:.2f} after.")
    out.append("")
    return out


def micro_section(micro: dict | None) -> list[str]:
    if not micro:
        return []
    out = ["## Micro-benchmarks (Google Benchmark)", ""]
    ctx = micro.get("context", {})
    out.append(f"`micro_bench`, shipped `rules/`; Google Benchmark on "
               f"{ctx.get('num_cpus', '?')} CPUs, load "
               f"{ctx.get('load_avg', '?')} at its start.")
    out.append("")
    body = []
    for b in micro.get("benchmarks", []):
        if b.get("run_type") == "aggregate":
            continue
        unit = b.get("time_unit", "ns")
        extra = []
        if "bytes_per_second" in b:
            extra.append(f"{b['bytes_per_second'] / 1e6:,.1f} MB/s")
        for key in ("matches", "deltas"):
            if key in b:
                extra.append(f"{key} {b[key]:,.0f}")
        if "per_delta" in b:
            extra.append(f"{b['per_delta'] * 1e9:,.0f} ns per delta")
        body.append([b["name"], f"{b['real_time']:,.1f} {unit}",
                     f"{b['cpu_time']:,.1f} {unit}", fmt_int(b["iterations"]),
                     ", ".join(extra)])
    out.append(table(["benchmark", "time", "CPU", "iterations", ""], body,
                     "lrrrl"))
    out.append("")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--md", required=True)
    ap.add_argument("--png", required=True)
    ap.add_argument("--title", default="lexgate vs peers, 10,000 keywords, "
                                        "one thread")
    ap.add_argument("--command", default="scripts/bench")
    args = ap.parse_args()
    results = Path(args.results)
    md = Path(args.md)
    png = Path(args.png)

    peers = None
    if (results / "peers.json").exists():
        peers = json.loads((results / "peers.json").read_text(encoding="utf-8"))
    e2e = tagged(results / "e2e.txt", "BENCH_E2E")
    e2e_packs = tagged(results / "e2e-packs.txt", "BENCH_E2E")
    keywords = []
    loads = []
    fallback_loads = []  # (n, keywords-only compile, its load)
    for p in sorted(results.glob("keywords-[0-9]*.txt"),
                    key=lambda p: int(re.sub(r"\D", "", p.stem) or 0)):
        k = tagged(p, "BENCH_KEYWORDS")
        if k:
            keywords.append(k)
        n = int(re.sub(r"\D", "", p.stem))
        l = tagged(results / f"load-{n}.txt", "BENCH_LOAD")
        if l:
            loads.append((n, l))
        ko = tagged(results / f"keywords-only-{n}.txt", "BENCH_KEYWORDS")
        lo = tagged(results / f"load-only-{n}.txt", "BENCH_LOAD")
        if l is None and ko and lo:
            fallback_loads.append((n, ko, lo))
    latency = tagged(results / "latency.txt", "BENCH_LATENCY")
    threads = tagged(results / "threads.txt", "BENCH_THREADS")
    if threads:
        threads["python"] = tagged(results / "threads-python.txt", "BENCH_PY_THREADS")
    dask = tagged(results / "dask.txt", "BENCH_DASK")
    streams = []
    for name, label in (("stream-shipped.txt", "shipped rules/"),
                        ("stream-keywords.txt", None)):
        s = tagged(results / name, "BENCH_STREAM")
        if s:
            streams.append((label or f"shipped rules/ + "
                            f"{fmt_int(s['keywords'])} keywords", s))
    micro = None
    if (results / "micro.json").exists():
        try:
            micro = json.loads((results / "micro.json").read_text())
        except json.JSONDecodeError:
            micro = None

    out = ["# lexgate benchmark results", ""]
    out.append(f"Written by `{args.command}` (bench/report.py); do not edit by "
               "hand. How to run: [bench/README.md](README.md).")
    out.append("")
    out += machine(results)
    src = results / "SOURCES.txt"
    if src.exists():
        first = src.read_text(encoding="utf-8").splitlines()
        corpus_line = next((l for l in first if l.startswith("corpus:")), "")
        kw_line = next((l for l in first if l.startswith("keywords:")), "")
        out.append(f"- Data (scripts/bench-data): {corpus_line.split('/')[-1] if corpus_line else '?'}; "
                   f"{kw_line.split('/')[-1] if kw_line else '?'}")
    out.append("")

    peer_rows = {}
    png_note = None
    peer_lines = []
    if peers:
        png_note = chart(peers, png, args.title)
        peer_lines, peer_rows = peers_section(
            peers, png.name if png_note is None else None)
    if peers:
        for r in peer_rows.values():
            r.setdefault("keywords", peers.get("keywords"))
    out += targets_section(peer_rows, e2e, e2e_packs, latency, keywords,
                           loads, fallback_loads)
    out += peer_lines
    if png_note:
        out += [f"(No chart: {png_note}.)", ""]
    if e2e:
        out += e2e_section(
            e2e, "## Where lexgate's time goes (issue 2 configuration)",
            f"{e2e['regexes']} PII regexes")
    out += profile_section(results)
    if e2e_packs:
        out += e2e_section(
            e2e_packs, "## Shipped packs + keywords against raw Hyperscan "
            "(issue 14)",
            "the shipped packs (their own keywords and regexes; raw Hyperscan "
            "compiles the same keywords unfolded and the same regexes with "
            "their flags and start of match)")
    part_loads = {}
    if (results / "loads.txt").exists():
        for line in (results / "loads.txt").read_text().splitlines():
            f = line.split("\t")
            if len(f) >= 3:
                try:
                    part_loads[f[0]] = (float(f[1]), float(f[2]))
                except ValueError:
                    pass
    out += scaling_section(keywords, loads, latency, threads, fallback_loads,
                           part_loads)
    out += stream_section(streams)
    out += dask_section(dask, part_loads)
    out += micro_section(micro)
    md.write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")
    print(f"report: wrote {md}" + ("" if png_note else f" and {png}"),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
