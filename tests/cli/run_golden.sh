#!/usr/bin/env bash
# Runs one lexgate-filter golden test.
#
#   run_golden.sh --name NAME [--exit CODE] [--stdin FILE] [--no-golden]
#                 [--golden OTHER] [--stdout-contains TEXT]...
#                 [--stderr-contains TEXT]... [--stderr-lacks TEXT]...
#                 -- COMMAND [ARG...]
#
# Runs COMMAND (stdin from FILE, else /dev/null), then checks that
#   - its exit code is CODE (default 0);
#   - its stdout equals golden/NAME.out (golden/OTHER.out with --golden, for
#     a command that must write what another test writes; unless
#     --no-golden), printing a diff otherwise. The values of the header
#     record's "lexgate", "hyperscan", "icu" and "fingerprint" are replaced
#     by "…" first (in the inventory's records too, and a 16-hex-digit
#     fingerprint after "fingerprint", "old" or "new" in a table): they
#     depend on the machine and the rules' hash, not on lexgate-filter
#     (engine_file.sh checks them);
#   - stdout/stderr contain every given TEXT, and stderr none of the
#     --stderr-lacks TEXTs;
#   - stderr is empty when CODE is 0 and no --stderr-contains is given.
# With LEXGATE_UPDATE_GOLDEN=1 the golden file is rewritten from stdout
# instead of compared: review the diff before committing it.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name="" expect_exit=0 stdin=/dev/null golden=1 golden_name=""
stdout_needles=() stderr_needles=() stderr_absent=()
while (($# > 0)); do
  case "$1" in
    --name) name="$2"; shift 2 ;;
    --exit) expect_exit="$2"; shift 2 ;;
    --stdin) stdin="$2"; shift 2 ;;
    --no-golden) golden=0; shift ;;
    --golden) golden_name="$2"; shift 2 ;;
    --stderr-lacks) stderr_absent+=("$2"); shift 2 ;;
    --stdout-contains) stdout_needles+=("$2"); shift 2 ;;
    --stderr-contains) stderr_needles+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "run_golden.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [[ -z "$name" || $# -eq 0 ]]; then
  echo "run_golden.sh: need --name and a command after --" >&2
  exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$@" <"$stdin" >"$tmp/raw_stdout" 2>"$tmp/stderr"
status=$?
sed -E -e '/"type":"(header|stats|inventory|inventory_diff)"/ s/"(lexgate|hyperscan|icu|fingerprint)":"[^"]*"/"\1":"…"/g' \
  -e 's/(fingerprint|old|new) [0-9a-f]{16}/\1 …/g' \
  "$tmp/raw_stdout" >"$tmp/stdout"

failed=0
fail() {
  echo "FAIL [$name]: $*"
  failed=1
}

if [[ "$status" != "$expect_exit" ]]; then
  fail "exit code $status, expected $expect_exit"
fi

golden_file="$here/golden/${golden_name:-$name}.out"
if ((golden)); then
  if [[ "${LEXGATE_UPDATE_GOLDEN:-}" == 1 && -z "$golden_name" ]]; then
    cp "$tmp/stdout" "$golden_file"
    echo "updated $golden_file"
  elif [[ ! -f "$golden_file" ]]; then
    fail "no golden file $golden_file (run with LEXGATE_UPDATE_GOLDEN=1)"
  elif ! cmp -s "$golden_file" "$tmp/stdout"; then
    fail "stdout differs from $golden_file:"
    diff -u --label "golden/${golden_name:-$name}.out" --label "stdout" \
      "$golden_file" "$tmp/stdout" | head -n 200
  fi
fi

for needle in ${stdout_needles[@]+"${stdout_needles[@]}"}; do
  grep -qF -- "$needle" "$tmp/stdout" || fail "stdout lacks '$needle'"
done
for needle in ${stderr_needles[@]+"${stderr_needles[@]}"}; do
  grep -qF -- "$needle" "$tmp/stderr" || fail "stderr lacks '$needle'"
done
for needle in ${stderr_absent[@]+"${stderr_absent[@]}"}; do
  if grep -qF -- "$needle" "$tmp/stderr"; then fail "stderr has '$needle'"; fi
done
if [[ "$expect_exit" == 0 && ${#stderr_needles[@]} -eq 0 && -s "$tmp/stderr" ]]; then
  fail "unexpected output on stderr"
fi

if ((failed)); then
  echo "--- command: $*"
  echo "--- stderr:"
  head -n 50 "$tmp/stderr"
  exit 1
fi
echo "ok [$name]"
