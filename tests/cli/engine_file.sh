#!/usr/bin/env bash
# `compile -o FILE` and `--engine FILE`: a saved engine screens exactly as
# the packs do; one fingerprint everywhere (--version, compile, the JSON
# header, the stats); a foreign or damaged file is a clear error, exit 2.
#   engine_file.sh LEXGATE_FILTER RULES
set -euo pipefail
filter="$1" rules="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check DESCRIPTION COMMAND...: the command must succeed
  local what="$1"; shift
  if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}

compiled="$("$filter" compile --rules "$rules" -o "$tmp/engine.bin")"
check "compile reports its fingerprint" grep -qE '^wrote .*engine.bin: [0-9]+ rules, fingerprint [0-9a-f]{16}$' <<<"$compiled"
fingerprint="$(grep -oE '[0-9a-f]{16}' <<<"$compiled")"
"$filter" compile --rules "$rules" --no-streaming -o "$tmp/batch.bin" >/dev/null
check "--no-streaming makes a smaller engine" test "$(stat -c %s "$tmp/batch.bin")" -lt "$(stat -c %s "$tmp/engine.bin")"

# The same output from the packs and from either saved engine.
"$filter" --rules "$rules" input/mixed.txt >"$tmp/from_rules"
for engine in engine.bin batch.bin; do
  "$filter" --engine "$tmp/$engine" input/mixed.txt >"$tmp/from_engine"
  check "--engine $engine screens as the packs do" cmp -s "$tmp/from_rules" "$tmp/from_engine"
done
"$filter" --engine "$tmp/engine.bin" --stream --max-hold 64 input/stream.jsonl >"$tmp/stream_engine" || true
"$filter" --rules "$rules" --stream --max-hold 64 input/stream.jsonl >"$tmp/stream_rules" || true
check "--engine streams as the packs do" cmp -s "$tmp/stream_rules" "$tmp/stream_engine"

# --stats names the categories the packs declared ("violence") from a saved
# engine as from the packs: the engine keeps them. (Its first line has the
# time taken.)
"$filter" --rules "$rules" --stats -q input/mixed.txt 2>&1 | tail -n +2 >"$tmp/stats_rules" || true
"$filter" --engine "$tmp/engine.bin" --stats -q input/mixed.txt 2>&1 | tail -n +2 >"$tmp/stats_engine" || true
check "--stats names a declared category" grep -qF "violence  暴力 / Violence" "$tmp/stats_rules"
check "--engine --stats names it as the packs do" cmp -s "$tmp/stats_rules" "$tmp/stats_engine"

# One fingerprint: --version (packs and engine), the header, the stats.
check "--version --rules" grep -qF "engine fingerprint $fingerprint" <<<"$("$filter" --version --rules "$rules")"
check "--version --engine" grep -qF "engine fingerprint $fingerprint" <<<"$("$filter" --version --engine "$tmp/batch.bin")"
check "--json header" grep -qF "\"fingerprint\":\"$fingerprint\"" <<<"$("$filter" --engine "$tmp/engine.bin" --json input/mixed.txt | head -1)"
check "--stats=json" grep -qF "\"fingerprint\":\"$fingerprint\"" <<<"$("$filter" --rules "$rules" --stats=json -q input/mixed.txt 2>&1)"

# An engine without streaming cannot --stream: a clear error.
status=0
"$filter" --engine "$tmp/batch.bin" --stream input/stream.jsonl >/dev/null 2>"$tmp/err" || status=$?
check "--stream on a batch engine exits 2" test "$status" = 2
check "--stream on a batch engine says why" grep -q "stream" "$tmp/err"

# Foreign, damaged, truncated and missing files: exit 2 and a message.
printf 'this is not an engine' >"$tmp/foreign.bin"
cp "$tmp/engine.bin" "$tmp/damaged.bin"
size="$(stat -c %s "$tmp/damaged.bin")"
printf '\xff\x00\xff' | dd of="$tmp/damaged.bin" bs=1 seek=$((size / 2)) conv=notrunc status=none
head -c $((size / 3)) "$tmp/engine.bin" >"$tmp/truncated.bin"
for bad in foreign damaged truncated missing; do
  status=0
  "$filter" --engine "$tmp/$bad.bin" input/mixed.txt >"$tmp/out" 2>"$tmp/err" || status=$?
  check "$bad engine exits 2 (got $status)" test "$status" = 2
  check "$bad engine says which file" grep -qF "$tmp/$bad.bin" "$tmp/err"
  check "$bad engine writes nothing" test ! -s "$tmp/out"
done
check "a damaged engine is called unusable" grep -qF "not a usable lexgate engine" <(
  "$filter" --engine "$tmp/damaged.bin" input/mixed.txt 2>&1 || true)
# -o through a symbolic link writes the file it points to (the link stays);
# a path that is no regular file (a FIFO, a device, a directory) is
# refused. Only paths inside $tmp: a build that still replaced them must
# not replace /dev/null.
ln -s batch.bin "$tmp/link.bin"
"$filter" compile --rules "$rules" -o "$tmp/link.bin" >/dev/null
check "-o keeps a symbolic link" test -L "$tmp/link.bin"
check "-o writes through a symbolic link" cmp -s "$tmp/link.bin" "$tmp/engine.bin"
mkfifo "$tmp/fifo"
mkdir "$tmp/dir"
for target in fifo dir; do
  status=0
  "$filter" compile --rules "$rules" -o "$tmp/$target" >/dev/null 2>"$tmp/err" || status=$?
  check "-o $target exits 2 (got $status)" test "$status" = 2
  check "-o $target says why" grep -qF "not a regular file" "$tmp/err"
done
check "the FIFO stays" test -p "$tmp/fifo"

if ((fail)); then exit 1; fi
echo "ok [engine_file]"
