#!/usr/bin/env bash
# -j N writes exactly what one thread writes, in input order, on input large
# enough to take many batches: plain text, --jsonl (parsed on the workers)
# and --matches-only.
#   jobs_order.sh LEXGATE_FILTER RULES
set -euo pipefail
filter="$1" rules="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for i in $(seq 1 6000); do
  case $((i % 4)) in
    0) echo "line $i is clean" ;;
    1) echo "line $i: what the fuck, call 1381234$((1000 + i % 9000))" ;;
    2) echo "line $i 你是傻 逼吗 $(printf 'x%.0s' $(seq 1 $((i % 50))))" ;;
    3) echo "line $i please just kill yourself" ;;
  esac
done >"$tmp/in.txt"
sed 's/.*/{"n":1,"text":"&"}/' "$tmp/in.txt" >"$tmp/in.jsonl"

fail=0
for args in "" "--jsonl" "--matches-only -n" "-c"; do
  input="$tmp/in.txt"
  [[ "$args" == --jsonl ]] && input="$tmp/in.jsonl"
  # shellcheck disable=SC2086
  "$filter" --rules "$rules" $args "$input" >"$tmp/one" || true
  for jobs in 2 3; do
    # shellcheck disable=SC2086
    "$filter" --rules "$rules" $args -j "$jobs" "$input" >"$tmp/many" || true
    if ! cmp -s "$tmp/one" "$tmp/many"; then
      echo "FAIL: '$args -j $jobs' differs from one thread"
      diff "$tmp/one" "$tmp/many" | head -5
      fail=1
    fi
  done
done
if ((fail)); then exit 1; fi
echo "ok [jobs_order]"
