#!/usr/bin/env bash
# The shared library exports the public API and the C API, and nothing of
# lexgate::internal or of the header-only libraries compiled into it.
set -euo pipefail
lib="$1"
symbols="$(nm -D --defined-only -C "$lib")"
fail=0
# A symbol of one of these namespaces (functions, objects, and their
# typeinfo and vtables); a public member whose parameters name an internal
# type is fine.
for leaked in 'lexgate::internal::' 'toml::' 'nlohmann::'; do
  pattern="^[0-9a-f]+ [A-Za-z] ([a-z ]+ for )?${leaked}"
  count="$(grep -cE -- "$pattern" <<<"$symbols" || true)"
  if [[ "$count" != 0 ]]; then
    echo "exported but internal: $count symbols in '$leaked', e.g.:"
    grep -E -- "$pattern" <<<"$symbols" | head -5
    fail=1
  fi
done
for wanted in 'lexgate::Engine::Scan(' 'lexgate::Engine::ScanMany(' \
              'lexgate::LoadRules(' 'lexgate::DefaultRulesPath' \
              'lexgate::ToCharSpans(' 'lexgate::Stream::Feed' \
              'lexgate_scan' 'lexgate_stream_feed' 'lexgate_engine_compile'; do
  if ! grep -qF -- "$wanted" <<<"$symbols"; then
    echo "not exported: $wanted"
    fail=1
  fi
done
if ((fail)); then exit 1; fi
echo "exports OK: $(wc -l <<<"$symbols") symbols, none internal"
