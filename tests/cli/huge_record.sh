#!/usr/bin/env bash
# lexgate-filter on a record larger than memory allows (a gzip bomb without
# a newline): a clear error and exit status 2, the records before it
# screened and written, never an abort (it was "terminate called after
# throwing std::bad_alloc", exit 134). The address space is capped with
# ulimit -v, so that "larger than memory" is 400 MB here.
#   huge_record.sh LEXGATE_FILTER RULES
set -euo pipefail
filter="$1" rules="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

status=0
(
  ulimit -v 700000
  { printf 'short fuck\n'; head -c 400000000 /dev/zero | tr '\0' 'a'; printf '\nafter\n'; } |
    "$filter" --rules "$rules" >"$tmp/out" 2>"$tmp/err"
) || status=$?
if [[ "$status" != 2 ]]; then
  echo "FAIL: exit status $status, expected 2; stderr:"; cat "$tmp/err"; exit 1
fi
if ! grep -q "does not fit in memory" "$tmp/err"; then
  echo "FAIL: no clear error on stderr:"; cat "$tmp/err"; exit 1
fi
if [[ "$(cat "$tmp/out")" != "short ****" ]]; then
  echo "FAIL: the record before the huge one was not written as screened:"
  head -c 200 "$tmp/out"; exit 1
fi
echo "ok"
