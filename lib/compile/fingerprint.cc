#include "compile/fingerprint.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <vector>

#include "absl/strings/str_format.h"
#include "compile/engine_state.h"
#include "compile/fixed_length.h"
#include "normalize/fold_table.h"
#include "normalize/options_bits.h"

namespace lexgate::internal {
namespace {

// A multiply-xorshift hash over fields in a fixed (little-endian) byte
// order, each string with its length so that no two canonical forms share
// bytes. Strings are taken eight bytes at a time: the byte-wise FNV-1a of
// fingerprint 2 was a sixth of a cached load at 100k keywords.
class Hasher {
 public:
  void U64(uint64_t v) {
    hash_ = (hash_ ^ v) * 0xff51afd7ed558ccdull;
    hash_ ^= hash_ >> 32;
  }
  void Str(std::string_view s) {
    U64(s.size());
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) U64(Word(s.data() + i, 8));
    if (i < s.size()) U64(Word(s.data() + i, s.size() - i));
  }
  uint64_t value() const {
    uint64_t h = hash_ ^ (hash_ >> 33);
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
  }

 private:
  // Little-endian on every platform, zero-padded.
  static uint64_t Word(const char* p, size_t n) {
    uint64_t word = 0;
    for (size_t k = 0; k < n; ++k) {
      word |= uint64_t{static_cast<uint8_t>(p[k])} << (8 * k);
    }
    return word;
  }
  uint64_t hash_ = 0x9e3779b97f4a7c15ull;
};

// One expression's canonical fields; `with_part` for co-occurrence rules
// only, so that every other rule keeps the hash it had before they existed.
uint64_t ExpressionHash(const ExpressionSet& set, size_t space, size_t i,
                        bool with_part) {
  Hasher h;
  h.U64(space);
  h.U64(static_cast<uint64_t>(set.info[i].kind));
  h.Str(set.terms[i]);
  h.U64(FlagsBeforeFixedLength(set, i));
  h.Str(set.sources[i]);
  if (with_part) h.U64(set.info[i].part);
  return h.value();
}

}  // namespace

std::string Fingerprint(const EngineState& state) {
  // Each rule's expressions as the sum of their hashes (mod 2^64), so that
  // keyword order does not count: a multiset hash that needs no sort and
  // no memory per expression (a rule holds each expression once).
  const size_t rule_count = state.rules.size();
  std::vector<uint64_t> sums(rule_count, 0);
  std::vector<uint64_t> counts(rule_count, 0);
  for (size_t s = 0; s < kSpaceCount; ++s) {
    const ExpressionSet& set = state.expressions[s];
    for (size_t i = 0; i < set.size(); ++i) {
      const uint32_t rule = set.info[i].rule;
      sums[rule] += ExpressionHash(set, s, i, state.rules[rule].parts > 0);
      ++counts[rule];
    }
  }
  std::vector<size_t> order(rule_count);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return state.rules[a].id < state.rules[b].id;
  });

  Hasher h;
  // 3: word-wise hashing, a rule's expressions as the sum of their hashes.
  h.Str("lexgate-fingerprint-3");
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
    if (rule.parts > 0) {
      h.Str("all_of");
      h.U64(rule.parts);
      h.U64(rule.within);
    }
    h.U64(counts[r]);
    h.U64(sums[r]);
  }
  return absl::StrFormat("%016x", h.value());
}

}  // namespace lexgate::internal
