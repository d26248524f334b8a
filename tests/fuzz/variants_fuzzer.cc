// The VariantMatcher against Hyperscan, with the shipped packs' letter
// variants (rules/), over arbitrary folded text.
//
// Input: a split byte, then the text (folded with the default options, as
// an engine folds it).
// Properties: the matcher over the whole text reports exactly what
// Hyperscan reports for its expressions (block mode, start-of-match), and
// so does the matcher fed the text in pieces of 1 to 8 bytes chosen by the
// split byte, as a stream feeds it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "compile/expressions.h"
#include "compile/variant_matcher.h"
#include "fuzz/fuzz_checks.h"
#include "lexgate/normalize.h"
#include "lexgate/rules.h"
#include "support/variant_oracle.h"

namespace {

struct Fixture {
  lexgate::Normalizer normalizer;
  lexgate::internal::ExpressionSet folded;
  lexgate::internal::VariantMatcher matcher;
  std::unique_ptr<lexgate::testing::VariantOracle> oracle;
};

const Fixture& Shipped() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture;
    absl::StatusOr<lexgate::internal::CompiledRules> compiled =
        lexgate::internal::BuildExpressions(
            lexgate::fuzz::ShippedRulesOrAbort(), f->normalizer);
    if (!compiled.ok()) {
      lexgate::fuzz::Fail("the shipped packs build",
                          compiled.status().ToString());
    }
    f->folded = std::move(
        compiled->sets[static_cast<size_t>(lexgate::internal::Space::kFolded)]);
    f->matcher =
        lexgate::internal::VariantMatcher::Build(f->folded, f->normalizer);
    f->oracle = std::make_unique<lexgate::testing::VariantOracle>(f->folded,
                                                                  f->matcher);
    if (f->matcher.empty() || !f->oracle->error().empty()) {
      lexgate::fuzz::Fail("a matcher and its oracle", f->oracle->error());
    }
    return f;
  }();
  return *fixture;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  Shipped();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Fixture& f = Shipped();
  absl::StatusOr<std::string> text = f.normalizer.Fold(
      std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (!text.ok()) return 0;  // folds to more than the cap: nothing to match
  const auto want = f.oracle->Scan(*text);
  LEXGATE_FUZZ_CHECK(lexgate::testing::MatchWhole(f.matcher, *text) == want,
                     lexgate::fuzz::Escaped(*text));
  uint32_t state = data[0] | 1u;
  const auto pieces =
      lexgate::testing::MatchInPieces(f.matcher, *text, [&state] {
        state = state * 1103515245u + 12345u;
        return 1 + (state >> 16) % 8;
      });
  LEXGATE_FUZZ_CHECK(pieces == want, lexgate::fuzz::Escaped(*text));
  return 0;
}
