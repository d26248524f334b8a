#!/usr/bin/env bash
# What lexgate-filter does when it writes to a terminal (util-linux `script`
# gives it one): --color=auto colours unless NO_COLOR is set, and
# --progress draws on stderr.
#   terminal.sh LEXGATE_FILTER RULES
set -euo pipefail
filter="$1" rules="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0

on_terminal() {  # runs "$@" on a pseudo-terminal, output in $tmp/out
  local command
  printf -v command '%q ' "$@"
  # The exit status is the search's (1: nothing matched); only the output
  # matters here.
  script -qec "$command" /dev/null >"$tmp/out" </dev/null || true
}
esc=$'\x1b['

on_terminal env -u NO_COLOR TERM=xterm "$filter" --rules "$rules" input/mixed.txt
grep -qF "${esc}01;31m" "$tmp/out" || { echo "FAIL: no colour on a terminal"; fail=1; }

on_terminal env NO_COLOR=1 TERM=xterm "$filter" --rules "$rules" input/mixed.txt
if grep -qF "$esc" "$tmp/out"; then echo "FAIL: colour despite NO_COLOR"; fail=1; fi

on_terminal env -u NO_COLOR TERM=dumb "$filter" --rules "$rules" input/mixed.txt
if grep -qF "$esc" "$tmp/out"; then echo "FAIL: colour on TERM=dumb"; fail=1; fi

# --color=never wins on a terminal; --color=always is tested by golden files.
on_terminal env -u NO_COLOR TERM=xterm "$filter" --rules "$rules" --color=never input/mixed.txt
if grep -qF "$esc" "$tmp/out"; then echo "FAIL: colour with --color=never"; fail=1; fi

# --progress on a terminal: a line with bytes and a rate, cleared at the end.
# Progress is drawn after 100 ms at the earliest (no flicker on quick runs),
# so the input must take longer than that: 40 MB of lines with a match each
# (10 MB took under 100 ms once start-up got faster).
yes "an ordinary line of text with a phone 13812345678 and more words" |
  head -c 40000000 >"$tmp/big.txt" || true
on_terminal env NO_COLOR=1 "$filter" --rules "$rules" --progress -c "$tmp/big.txt"
grep -qF "B/s" "$tmp/out" || { echo "FAIL: no progress on a terminal"; fail=1; }

if ((fail)); then exit 1; fi
echo "ok [terminal]"
