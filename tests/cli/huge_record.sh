#!/usr/bin/env bash
# lexgate-filter on a record larger than memory allows (a gzip bomb without
# a newline): the record is read past and refused as an error record (exit
# status 2, one line on stderr), the records before and after it are
# screened, and nothing aborts (it was "terminate called after throwing
# std::bad_alloc", exit 134). The address space is capped with ulimit -v,
# so that "larger than memory" is 400 MB here.
#   huge_record.sh LEXGATE_FILTER RULES
set -euo pipefail
filter="$1" rules="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

run() {  # run NAME ARGS...: the filter over the input, capped
  local name="$1" status=0
  shift
  (
    ulimit -v 700000
    { printf 'short fuck\n'; head -c 400000000 /dev/zero | tr '\0' 'a'
      printf '\nafter fuck\n'; } |
      "$filter" --rules "$rules" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  ) || status=$?
  if [[ "$status" != 2 ]]; then
    echo "FAIL ($name): exit status $status, expected 2; stderr:"
    cat "$tmp/$name.err"
    exit 1
  fi
  if ! grep -q "line 2: out of memory: a record of 400000000 bytes does not fit in memory" \
      "$tmp/$name.err"; then
    echo "FAIL ($name): no clear error on stderr:"; cat "$tmp/$name.err"; exit 1
  fi
}

run filter
want=$'short ****\n[refused: this text violates the content policy]\nafter ****'
if [[ "$(cat "$tmp/filter.out")" != "$want" ]]; then
  echo "FAIL (filter): the records around the huge one were not screened:"
  head -c 300 "$tmp/filter.out"; exit 1
fi

run jobs -j 2
if ! cmp -s "$tmp/filter.out" "$tmp/jobs.out"; then
  echo "FAIL (-j 2): output differs from -j 1"; head -c 300 "$tmp/jobs.out"; exit 1
fi

run count --count
if [[ "$(cat "$tmp/count.out")" != 2 ]]; then
  echo "FAIL (--count): printed '$(cat "$tmp/count.out")', expected 2"; exit 1
fi
# --stream: an event line that cannot be read ends the input (what follows
# would be taken without it); the open stream ends blocked, its held-back
# text never released.
status=0
(
  ulimit -v 700000
  { printf '{"id":1,"delta":"hello fuck "}\n'; head -c 400000000 /dev/zero | tr '\0' 'a'
    printf '\n{"id":1,"done":true}\n'; } |
    "$filter" --rules "$rules" --stream --batch 0 >"$tmp/stream.out" 2>"$tmp/stream.err"
) || status=$?
if [[ "$status" != 2 ]] || ! grep -q "a line of 400000000 bytes does not fit in memory" \
    "$tmp/stream.err"; then
  echo "FAIL (--stream): exit status $status; stderr:"; cat "$tmp/stream.err"; exit 1
fi
if grep -q fuck "$tmp/stream.out" || ! grep -q '"id":1,"done":true,"verdict":"block"' \
    "$tmp/stream.out"; then
  echo "FAIL (--stream): the stream was not blocked, or released its held text:"
  cat "$tmp/stream.out"; exit 1
fi
echo "ok"
