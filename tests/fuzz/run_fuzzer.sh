#!/usr/bin/env bash
# Runs one libFuzzer binary deterministically for ctest (tests/fuzz).
#
#   run_fuzzer.sh replay BINARY DIR...
#       every input of the DIRs once (-runs=0); nothing is written
#   run_fuzzer.sh seeded BINARY CORPUS DICT SCRATCH RUNS
#       a fixed-seed search of RUNS executions starting from CORPUS; new
#       inputs go to SCRATCH (emptied first), never into the source tree
#
# Crash artifacts go to the current directory's fuzz-artifacts/.
set -euo pipefail
mode="$1" binary="$2"
shift 2
mkdir -p fuzz-artifacts
common=(-artifact_prefix=fuzz-artifacts/ -print_final_stats=1)
case "$mode" in
  replay)
    exec "$binary" "${common[@]}" -runs=0 "$@" ;;
  seeded)
    corpus="$1" dict="$2" scratch="$3" runs="$4"
    rm -rf "$scratch"
    mkdir -p "$scratch"
    args=("${common[@]}" -seed=1 -runs="$runs" -timeout=30)
    [[ -f "$dict" ]] && args+=(-dict="$dict")
    exec "$binary" "${args[@]}" "$scratch" "$corpus" ;;
  *)
    echo "run_fuzzer.sh: unknown mode '$mode'" >&2
    exit 2 ;;
esac
