#!/usr/bin/env bash
# cmake/FindHyperscan.cmake finds Hyperscan installed in a custom prefix,
# through pkg-config (libhs.pc, whose Cflags name <prefix>/include/hs) and
# through CMAKE_PREFIX_PATH, and the include directory it sets is the one
# that holds hs/hs.h, as lexgate's sources include <hs/hs.h>. The prefix is
# made from the system's Hyperscan (or Vectorscan) files.
set -euo pipefail
module_dir="$1"
project="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

include="$(pkg-config --variable=includedir libhs)"
lib="$(pkg-config --variable=libdir libhs)"
prefix="$work/custom-prefix"
mkdir -p "$prefix/include/hs" "$prefix/lib/pkgconfig"
cp "$include"/hs/*.h "$prefix/include/hs/"
cp -L "$lib/libhs.so" "$prefix/lib/libhs.so"
cat >"$prefix/lib/pkgconfig/libhs.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: libhs
Description: Intel(R) Hyperscan Library
Version: 5.4.0
Libs: -L\${libdir} -lhs
Cflags: -I\${includedir}/hs
PC

check() {
  local how="$1"; shift
  local build="$work/build-$how"
  "$@" cmake -S "$project" -B "$build" -DLEXGATE_MODULE_DIR="$module_dir" \
    -DEXPECTED_PREFIX="$prefix" >"$work/$how.log" 2>&1 || {
    echo "FAIL [$how]: configure failed"; cat "$work/$how.log"; exit 1; }
  cmake --build "$build" >>"$work/$how.log" 2>&1 || {
    echo "FAIL [$how]: build failed"; cat "$work/$how.log"; exit 1; }
  "$build/hs_version_check" >/dev/null
  echo "ok [$how]"
}
# The system's own pkg-config dirs are hidden so that only the custom
# libhs.pc can answer.
check pkg-config env PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig"
check prefix-path env PKG_CONFIG_LIBDIR=/nonexistent \
  CMAKE_PREFIX_PATH="$prefix"
