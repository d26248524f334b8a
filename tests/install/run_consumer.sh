#!/usr/bin/env bash
# Installs the build tree into a scratch prefix, then configures, builds and
# runs tests/install/consumer against it with find_package(lexgate): both
# libraries, then the shared one alone where lexgate's private dependencies
# cannot be found; then builds the C API test with pkg-config (lexgate.pc)
# and runs it against the installed shared library and packs.
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
test -f "$work/prefix/include/lexgate/version.h"
test -f "$work/prefix/share/doc/lexgate/LICENSE"

# The shared library needs nothing but abseil from its consumers.
cmake -S "$source_dir/consumer" -B "$work/build-shared" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DSHARED_ONLY=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_Hyperscan=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_ICU=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_tomlplusplus=ON >/dev/null
cmake --build "$work/build-shared" >/dev/null
got="$(LD_LIBRARY_PATH="$work/prefix/lib:$work/prefix/lib/x86_64-linux-gnu" \
      "$work/build-shared/consumer")"
[[ "$got" == "$expected" ]] || { echo "shared-only consumer printed '$got'" >&2; exit 1; }

# pkg-config, from C, through the C API.
pc_dir="$(dirname "$(find "$work/prefix" -name lexgate.pc | head -1)")"
export PKG_CONFIG_PATH="$pc_dir"
# shellcheck disable=SC2046
cc -o "$work/c_api_test" "$source_dir/../packaging/c_api_test.c" \
  $(pkg-config --cflags --libs lexgate)
LD_LIBRARY_PATH="$(pkg-config --variable=libdir lexgate)" \
  "$work/c_api_test" "$source_dir/../cli/rules/basic" >/dev/null
echo "install consumer: shared, static, shared-only and pkg-config builds OK"
