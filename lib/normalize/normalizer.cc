#include <string>

#include "base/utf8.h"
#include "lexgate/normalize.h"
#include "normalize/fold_table.h"
#include "normalize/noise_pass.h"
#include "normalize/offset_map_builder.h"

namespace lexgate {

using internal::Decoded;
using internal::DecodeUtf8;
using internal::OffsetMapBuilder;

uint32_t NormalizeOptions::Bits() const {
  const bool switches[] = {
      nfkc_casefold,    drop_ignorables, traditional_to_simplified, lookalikes,
      strip_diacritics, drop_cjk_noise,  join_spaced_letters};
  uint32_t bits = 0;
  for (size_t i = 0; i < std::size(switches); ++i) {
    if (switches[i]) bits |= 1u << i;
  }
  return bits;
}

NormalizeOptions NormalizeOptions::FromBits(uint32_t bits) {
  NormalizeOptions o;
  bool* switches[] = {
      &o.nfkc_casefold,      &o.drop_ignorables,  &o.traditional_to_simplified,
      &o.lookalikes,         &o.strip_diacritics, &o.drop_cjk_noise,
      &o.join_spaced_letters};
  for (size_t i = 0; i < std::size(switches); ++i) {
    *switches[i] = (bits >> i) & 1;
  }
  return o;
}

Normalizer::Normalizer(const NormalizeOptions& options)
    : options_(options), table_(internal::FoldTable::Get(options)) {}

void Normalizer::Normalize(std::string_view text, NormalizedText* out) const {
  std::string& folded = out->folded;
  folded.clear();
  folded.reserve(text.size() + 16);
  OffsetMapBuilder map(&out->map);
  const internal::FoldTable& table = *table_;
  internal::CjkGapTracker cjk_gaps;

  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const auto folded_pos = static_cast<uint32_t>(folded.size());
    if (byte < 0x80) {
      // ASCII runs fold byte for byte: one linear piece.
      const size_t run_begin = i;
      while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) {
        ++i;
      }
      folded.resize(folded_pos + (i - run_begin));
      char* out = folded.data() + folded_pos;
      for (size_t k = run_begin; k < i; ++k) {
        *out++ = table.FoldAscii(static_cast<unsigned char>(text[k]));
      }
      map.AddLinear(folded_pos, run_begin, i - run_begin);
      cjk_gaps.AsciiRun(std::string_view(folded).substr(folded_pos));
      continue;
    }
    const Decoded d = DecodeUtf8(text, i);
    if (!d.valid) {
      internal::AppendUtf8(internal::kReplacementChar, &folded);
      map.AddAtomic(folded_pos, i, i + 1);
      cjk_gaps.Char(internal::kReplacementChar);
    } else if (table.IsIdentity(d.cp)) {
      folded.append(text.data() + i, d.length);
      map.AddLinear(folded_pos, i, d.length);
      cjk_gaps.Char(d.cp);
    } else if (std::string_view f = table.Folded(d.cp); !f.empty()) {
      folded.append(f);
      cjk_gaps.Folded(f);
      if (f.size() == d.length) {
        map.AddLinear(folded_pos, i, d.length);
      } else {
        map.AddAtomic(folded_pos, i, i + d.length);
      }
    }
    i += d.length;
  }
  map.Finish(static_cast<uint32_t>(folded.size()));
  if (options_.drop_cjk_noise || options_.join_spaced_letters) {
    internal::DropNoise(options_, cjk_gaps.seen(), &folded, &out->map);
  }
}

NormalizedText Normalizer::Normalize(std::string_view text) const {
  NormalizedText out;
  Normalize(text, &out);
  return out;
}

std::string Normalizer::Fold(std::string_view text) const {
  return Normalize(text).folded;
}

}  // namespace lexgate
