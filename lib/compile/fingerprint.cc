#include "compile/fingerprint.h"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <vector>

#include "absl/strings/str_format.h"
#include "compile/engine_state.h"
#include "normalize/fold_table.h"
#include "normalize/options_bits.h"

namespace lexgate::internal {
namespace {

// FNV-1a over fields written in a fixed byte order, each string with its
// length, so that no two canonical forms share bytes.
class Hasher {
 public:
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) Byte(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Str(std::string_view s) {
    U64(s.size());
    for (char c : s) Byte(static_cast<uint8_t>(c));
  }
  uint64_t value() const { return hash_; }

 private:
  void Byte(uint8_t b) {
    hash_ ^= b;
    hash_ *= 0x100000001b3ull;
  }
  uint64_t hash_ = 0xcbf29ce484222325ull;
};

}  // namespace

std::string Fingerprint(const EngineState& state) {
  // Each rule's expressions, sorted, so that keyword order does not count.
  using Expr = std::tuple<uint64_t, uint64_t, std::string_view, uint64_t,
                          std::string_view, uint64_t>;
  std::vector<std::vector<Expr>> per_rule(state.rules.size());
  for (size_t s = 0; s < kSpaceCount; ++s) {
    const ExpressionSet& set = state.expressions[s];
    for (size_t i = 0; i < set.size(); ++i) {
      per_rule[set.info[i].rule].push_back(
          {s, static_cast<uint64_t>(set.info[i].kind), set.patterns[i],
           set.flags[i], set.sources[i], set.info[i].part});
    }
  }
  std::vector<size_t> order(state.rules.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return state.rules[a].id < state.rules[b].id;
  });

  Hasher h;
  // 2: replacement options, and the source each match reports.
  h.Str("lexgate-fingerprint-2");
  h.U64(OptionBits(state.options.normalize));
  h.U64(FoldTable::DataDigest());
  h.U64(order.size());
  for (size_t r : order) {
    const RuleInfo& rule = state.rules[r];
    h.Str(rule.id);
    h.Str(rule.category);
    h.U64(static_cast<uint64_t>(rule.action));
    h.U64(static_cast<uint64_t>(rule.severity));
    h.U64(rule.replacement.has_value() ? 1 : 0);
    h.Str(rule.replacement.value_or(""));
    h.Str(rule.mask_char);
    h.U64(rule.mask_keep_first);
    h.U64(rule.mask_keep_last);
    h.U64(static_cast<uint64_t>(rule.boundary));
    h.U64(static_cast<uint64_t>(rule.validator));
    h.U64(rule.normalize ? 1 : 0);
    // Only co-occurrence rules hash their parts: every other rule keeps the
    // fingerprint it had before they existed.
    const bool cooccurrence = rule.parts > 0;
    if (cooccurrence) {
      h.Str("all_of");
      h.U64(rule.parts);
      h.U64(rule.within);
    }
    std::vector<Expr>& exprs = per_rule[r];
    std::sort(exprs.begin(), exprs.end());
    h.U64(exprs.size());
    for (const auto& [space, kind, pattern, flags, source, part] : exprs) {
      h.U64(space);
      h.U64(kind);
      h.Str(pattern);
      h.U64(flags);
      h.Str(source);
      if (cooccurrence) h.U64(part);
    }
  }
  return absl::StrFormat("%016x", h.value());
}

}  // namespace lexgate::internal
