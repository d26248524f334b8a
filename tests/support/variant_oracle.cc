#include "support/variant_oracle.h"

#include <algorithm>

namespace lexgate::testing {

VariantOracle::VariantOracle(const internal::ExpressionSet& set,
                             const internal::VariantMatcher& matcher) {
  std::vector<std::string> patterns;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < set.size(); ++i) {
    if (!matcher.Handles(static_cast<uint32_t>(i))) continue;
    patterns.push_back(set.Pattern(i));
    flags.push_back(set.flags[i]);
    ids.push_back(static_cast<unsigned>(i));
  }
  if (patterns.empty()) return;
  std::vector<const char*> c_patterns;
  for (const std::string& p : patterns) c_patterns.push_back(p.c_str());
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(c_patterns.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK,
                       nullptr, &db_, &error) != HS_SUCCESS) {
    error_ = error != nullptr ? error->message : "hs_compile_multi failed";
    hs_free_compile_error(error);
    return;
  }
  if (hs_alloc_scratch(db_, &scratch_) != HS_SUCCESS) {
    error_ = "hs_alloc_scratch failed";
  }
}

VariantOracle::~VariantOracle() {
  hs_free_scratch(scratch_);
  hs_free_database(db_);
}

std::vector<VariantHit> VariantOracle::Scan(std::string_view text) const {
  std::vector<VariantHit> hits;
  if (db_ == nullptr || scratch_ == nullptr || text.empty()) return hits;
  hs_scan(
      db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch_,
      [](unsigned id, unsigned long long from, unsigned long long to, unsigned,
         void* ctx) -> int {
        static_cast<std::vector<VariantHit>*>(ctx)->emplace_back(id, from, to);
        return 0;
      },
      &hits);
  std::sort(hits.begin(), hits.end());
  return hits;
}

std::vector<VariantHit> MatchWhole(const internal::VariantMatcher& matcher,
                                   std::string_view text) {
  std::vector<VariantHit> hits;
  internal::VariantMatcher::Cursor cursor;
  matcher.Match(text, 0, /*final=*/true, &cursor,
                [&](uint32_t id, uint64_t from, uint64_t to) {
                  hits.emplace_back(id, from, to);
                });
  std::sort(hits.begin(), hits.end());
  return hits;
}

std::vector<VariantHit> MatchInPieces(const internal::VariantMatcher& matcher,
                                      std::string_view text,
                                      absl::FunctionRef<size_t()> next_piece) {
  std::vector<VariantHit> hits;
  internal::VariantMatcher::Cursor cursor;
  size_t known = 0;
  do {
    known = std::min(text.size(), known + std::max<size_t>(1, next_piece()));
    matcher.Match(text.substr(0, known), 0, known == text.size(), &cursor,
                  [&](uint32_t id, uint64_t from, uint64_t to) {
                    hits.emplace_back(id, from, to);
                  });
  } while (known < text.size());
  std::sort(hits.begin(), hits.end());
  return hits;
}

}  // namespace lexgate::testing
