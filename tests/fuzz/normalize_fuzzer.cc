// The fold over arbitrary bytes (lexgate::Normalizer).
//
// Input: one byte of option switches (XORed with the defaults, so 0 means
// the default options), then the text.
// Properties: the folded text is valid UTF-8 and Fold() of it changes
// nothing (the fold is idempotent); Fold() and Normalize() agree; the
// offset map stays inside the original, is monotone, and for valid input
// maps every folded character to a span on code-point boundaries of the
// original.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "fuzz/fuzz_checks.h"
#include "lexgate/normalize.h"

namespace lexgate::fuzz {
namespace {

constexpr uint32_t kSwitches = 7;  // fields of NormalizeOptions
constexpr uint32_t kAllSwitches = (1u << kSwitches) - 1;

// The options whose switch i is bit i (NormalizeSwitches() order).
NormalizeOptions OptionsOf(uint32_t bits) {
  NormalizeOptions options;
  for (uint32_t i = 0; i < kSwitches; ++i) {
    options.*NormalizeSwitches()[i].field = (bits >> i) & 1;
  }
  return options;
}

const Normalizer& NormalizerFor(uint8_t choice) {
  static std::array<std::unique_ptr<Normalizer>, kAllSwitches + 1> cache;
  // XORed with all switches on (the defaults), so 0 means the defaults.
  const uint32_t bits = (choice ^ kAllSwitches) & kAllSwitches;
  if (cache[bits] == nullptr) {
    cache[bits] = std::make_unique<Normalizer>(OptionsOf(bits));
  }
  return *cache[bits];
}

void CheckOffsetMap(std::string_view text, const NormalizedText& out,
                    uint32_t bits) {
  const bool valid = IsValidUtf8(text);
  auto where = [&](size_t a, size_t b) {
    return absl::StrCat("options ", bits, ", folded [", a, ", ", b, ") of \"",
                        Escaped(out.folded), "\" from \"", Escaped(text), "\"");
  };
  const auto& pieces = out.map.pieces();
  LEXGATE_FUZZ_CHECK(out.map.folded_end() == out.folded.size() &&
                         out.map.orig_end() <= text.size(),
                     where(0, out.folded.size()));
  for (size_t i = 0; i < pieces.size(); ++i) {
    const OffsetMap::Piece& p = pieces[i];
    const uint64_t next =
        i + 1 < pieces.size() ? pieces[i + 1].folded_begin : out.folded.size();
    LEXGATE_FUZZ_CHECK(p.orig_begin <= text.size() && p.folded_unit > 0 &&
                           p.orig_unit > 0 && next > p.folded_begin,
                       where(p.folded_begin, p.folded_begin));
    if (i > 0) {
      const OffsetMap::Piece& q = pieces[i - 1];
      LEXGATE_FUZZ_CHECK(
          q.folded_begin < p.folded_begin && q.orig_begin <= p.orig_begin,
          where(p.folded_begin, p.folded_begin));
    }
  }
  // Every folded character maps into the original, monotonically, and for
  // valid input onto whole characters.
  size_t prev_begin = 0, prev_end = 0;
  for (size_t a = 0; a < out.folded.size();) {
    size_t b = a + 1;
    while (b < out.folded.size() && !IsCodePointBoundary(out.folded, b)) ++b;
    const auto [begin, end] = out.map.ToOriginal(a, b);
    LEXGATE_FUZZ_CHECK(begin <= end && end <= text.size(), where(a, b));
    LEXGATE_FUZZ_CHECK(begin >= prev_begin && end >= prev_end, where(a, b));
    if (valid) {
      LEXGATE_FUZZ_CHECK(
          IsCodePointBoundary(text, begin) && IsCodePointBoundary(text, end),
          where(a, b));
    }
    prev_begin = begin;
    prev_end = end;
    a = b;
  }
  if (!out.folded.empty()) {
    const auto [begin, end] = out.map.ToOriginal(0, out.folded.size());
    LEXGATE_FUZZ_CHECK(begin <= end && end <= text.size(),
                       where(0, out.folded.size()));
  }
}

}  // namespace
}  // namespace lexgate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lexgate::fuzz;  // NOLINT(build/namespaces): one function
  if (size == 0) return 0;
  const lexgate::Normalizer& normalizer = NormalizerFor(data[0]);
  const uint32_t bits = (data[0] ^ kAllSwitches) & kAllSwitches;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1,
                              size - 1);

  // Fuzz inputs are small: the fold's expansion cap cannot refuse them.
  const absl::StatusOr<lexgate::NormalizedText> normalized =
      normalizer.Normalize(text);
  LEXGATE_FUZZ_CHECK(normalized.ok(), normalized.status().ToString());
  const lexgate::NormalizedText& out = *normalized;
  const std::string context =
      absl::StrCat("options ", bits, ", text \"", Escaped(text),
                   "\", folded \"", Escaped(out.folded), "\"");
  LEXGATE_FUZZ_CHECK(IsValidUtf8(out.folded), context);
  LEXGATE_FUZZ_CHECK(normalizer.Fold(text).value_or("") == out.folded,
                     context);
  const std::string twice = normalizer.Fold(out.folded).value_or("");
  LEXGATE_FUZZ_CHECK(
      twice == out.folded,
      absl::StrCat(context, ", folded again \"", Escaped(twice), "\""));
  CheckOffsetMap(text, out, bits);
  return 0;
}
