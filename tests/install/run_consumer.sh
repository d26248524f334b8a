#!/usr/bin/env bash
# Installs the build tree into a scratch prefix, then configures, builds and
# runs tests/install/consumer against it with find_package(lexgate).
set -euo pipefail
build_dir="$1"
source_dir="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir/consumer" -B "$work/build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
expected="**** *****"
for exe in consumer consumer_static; do
  got="$(LD_LIBRARY_PATH="$work/prefix/lib:$work/prefix/lib/x86_64-linux-gnu" \
        "$work/build/$exe")"
  if [[ "$got" != "$expected" ]]; then
    echo "$exe printed '$got', expected '$expected'" >&2
    exit 1
  fi
done
test -f "$work/prefix/share/lexgate/rules/pii-cn.toml"
echo "install consumer: shared and static builds OK"
