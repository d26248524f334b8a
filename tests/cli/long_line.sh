#!/usr/bin/env bash
# lexgate-filter on very long lines: a 4 MiB line with matches at both ends,
# then a 3 MiB last line without '\n', in default and --count mode.
#   long_line.sh LEXGATE_FILTER RULES
set -euo pipefail
filter="$1" rules="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

filler_mib() { head -c $(($1 * 1024 * 1024)) /dev/zero | tr '\0' 'a'; }
{
  printf 'fuck '; filler_mib 4; printf ' 13812345678\n'
  printf 'short fuck\n'
  filler_mib 3; printf ' kiss my ass'
} >"$tmp/in"

"$filter" --rules "$rules" "$tmp/in" >"$tmp/out"
{
  printf '**** '; filler_mib 4; printf ' [手机号]\n'
  printf 'short ****\n'
  filler_mib 3; printf ' kiss my ***\n'
} >"$tmp/want"
if ! cmp -s "$tmp/want" "$tmp/out"; then
  echo "FAIL: redacted long lines differ (sizes: want $(wc -c <"$tmp/want"), got $(wc -c <"$tmp/out"))"
  cmp "$tmp/want" "$tmp/out" || true
  exit 1
fi
count="$("$filter" --rules "$rules" --count <"$tmp/in")"
if [[ "$count" != 4 ]]; then
  echo "FAIL: --count printed '$count', expected 4"
  exit 1
fi
echo "ok [long_line]"
