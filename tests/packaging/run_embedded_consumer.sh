#!/usr/bin/env bash
# Builds embedded_consumer/, which brings lexgate in with add_subdirectory()
# or FetchContent (the first argument), and runs it. Checks too that
# lexgate's tests and install rules stay off in a project that embeds it.
set -euo pipefail
how="$1"
source_dir="$2"
project="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$project" -B "$work/build" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=Debug -DLEXGATE_CONSUME="$how" \
  -DLEXGATE_SOURCE_DIR="$source_dir" >"$work/configure.log" 2>&1 || {
  cat "$work/configure.log"; exit 1; }
cache="$work/build/CMakeCache.txt"
for option in LEXGATE_BUILD_TESTS LEXGATE_BUILD_EXAMPLES LEXGATE_INSTALL; do
  if ! grep -q "^$option:BOOL=OFF" "$cache"; then
    echo "$option is not OFF in a project that embeds lexgate"
    exit 1
  fi
done
cmake --build "$work/build" --parallel 2 >"$work/build.log" 2>&1 || {
  tail -50 "$work/build.log"; exit 1; }
got="$("$work/build/embedded_consumer")"
expected="[手机号] ****"
if [[ "$got" != "$expected" ]]; then
  echo "embedded_consumer printed '$got', expected '$expected'" >&2
  exit 1
fi
echo "consumer through $how: OK"
