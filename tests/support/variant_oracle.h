// The oracle of the VariantMatcher (lib/compile/variant_matcher.h), shared
// by its unit test and its fuzz target: Hyperscan in block mode with
// start-of-match over the expressions the matcher took, and the matcher
// driven whole or as a stream drives it.
#ifndef LEXGATE_TESTS_SUPPORT_VARIANT_ORACLE_H_
#define LEXGATE_TESTS_SUPPORT_VARIANT_ORACLE_H_

#include <hs/hs.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/functional/function_ref.h"
#include "compile/expressions.h"
#include "compile/variant_matcher.h"

namespace lexgate::testing {

using VariantHit = std::tuple<uint32_t, uint64_t, uint64_t>;  // id, from, to

class VariantOracle {
 public:
  VariantOracle(const internal::ExpressionSet& set,
                const internal::VariantMatcher& matcher);
  ~VariantOracle();
  VariantOracle(const VariantOracle&) = delete;
  VariantOracle& operator=(const VariantOracle&) = delete;

  // Empty when the set could not be compiled (`error()` says why).
  const std::string& error() const { return error_; }
  // What Hyperscan reports for the matcher's expressions in `text`, sorted.
  std::vector<VariantHit> Scan(std::string_view text) const;

 private:
  hs_database_t* db_ = nullptr;
  hs_scratch_t* scratch_ = nullptr;
  std::string error_;
};

// The matcher over the whole of `text` at once, sorted.
std::vector<VariantHit> MatchWhole(const internal::VariantMatcher& matcher,
                                   std::string_view text);
// The matcher as a stream drives it: the text known grows by pieces of
// `next_piece()` bytes (at least one), the last call final; sorted.
std::vector<VariantHit> MatchInPieces(const internal::VariantMatcher& matcher,
                                      std::string_view text,
                                      absl::FunctionRef<size_t()> next_piece);

}  // namespace lexgate::testing

#endif  // LEXGATE_TESTS_SUPPORT_VARIANT_ORACLE_H_
