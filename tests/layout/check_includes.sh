#!/usr/bin/env bash
# Checks the include directions written down in ARCHITECTURE.md: each room
# of lib/ includes only the rooms below it, and the public headers keep
# Hyperscan, ICU and lib/ out. Prints every offending include and fails.
# Usage: check_includes.sh SOURCE_DIR
set -euo pipefail
root="${1:?usage: check_includes.sh SOURCE_DIR}"

# room -> the lib/ rooms it may include (besides itself, lexgate/ and absl/).
declare -A allowed=(
  [base]=""
  [normalize]="base"
  [rules]="base"
  [compile]="base normalize rules"
  [scan]="base normalize compile"
  [stream]="base normalize compile scan"
  [inventory]="base normalize rules compile"
  [service]="base"
  [capi]="base"
)

bad=0
for room in "${!allowed[@]}"; do
  dir="$root/lib/$room"
  [[ -d "$dir" ]] || { echo "missing room lib/$room" >&2; bad=1; continue; }
  while IFS=: read -r file line include; do
    target="${include#*\"}"
    target="${target%%/*}"
    case " $room ${allowed[$room]} lexgate absl " in
      *" $target "*) ;;
      *)
        echo "${file#$root/}:$line: lib/$room may not include \"$target/…\"" \
             "(allowed: ${allowed[$room]:-none}; see ARCHITECTURE.md)" >&2
        bad=1
        ;;
    esac
  done < <(grep -HnoE '^#include "[A-Za-z0-9_]+/' -r "$dir" \
             --include='*.h' --include='*.cc' || true)
done

# Every room of lib/ must be listed above, so that a new one gets a rule.
for dir in "$root"/lib/*/; do
  room="$(basename "$dir")"
  [[ -n "${allowed[$room]+x}" ]] || {
    echo "lib/$room has no include rule in tests/layout/check_includes.sh" >&2
    bad=1
  }
done

# Public headers: only other public headers, abseil and the standard
# library (C's too, for lexgate_c.h); Hyperscan and ICU stay behind the
# library's walls.
while IFS=: read -r file line include; do
  echo "${file#$root/}:$line: public header includes $include" >&2
  bad=1
done < <(grep -HnE '^#include' -r "$root/include/lexgate" --include='*.h' |
           grep -vE '#include (<[a-z_0-9]+(\.h)?>|"lexgate/[a-z_0-9]+\.h"|"absl/)' ||
           true)

if ((bad)); then
  echo "include directions: FAILED" >&2
  exit 1
fi
echo "include directions: ok (lib/: ${!allowed[*]}; include/lexgate/)"
