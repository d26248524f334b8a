#include "normalize/noise_pass.h"

#include <utility>
#include <vector>

#include "normalize/char_class.h"
#include "normalize/offset_map_builder.h"
#include "normalize/utf8.h"

namespace lexgate::internal {
namespace {

struct Unit {
  uint32_t pos;  // byte offset in the folded text
  uint32_t length;
  CharClass cls;
  bool single_letter;  // a Latin letter with no letter or digit beside it
  bool drop;
};

bool IsLatinLetter(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

void Decode(const std::string& folded, std::vector<Unit>* units) {
  units->clear();
  std::vector<char32_t> cps;
  for (size_t i = 0; i < folded.size();) {
    Decoded d = DecodeUtf8(folded, i);
    units->push_back({static_cast<uint32_t>(i), d.length, Classify(d.cp),
                      IsLatinLetter(d.cp), false});
    i += d.length;
  }
  for (size_t i = 0; i < units->size(); ++i) {
    Unit& u = (*units)[i];
    if (!u.single_letter) continue;
    bool word_before = i > 0 && (*units)[i - 1].cls == CharClass::kWord;
    bool word_after =
        i + 1 < units->size() && (*units)[i + 1].cls == CharClass::kWord;
    u.single_letter = !word_before && !word_after;
  }
}

// Length of the noise run starting at units[i], if it is short enough to be
// dropped; 0 otherwise.
size_t ShortNoiseRun(const std::vector<Unit>& units, size_t i) {
  size_t n = 0;
  while (i + n < units.size() && units[i + n].cls == CharClass::kNoise) {
    if (++n > kMaxNoiseRun) return 0;
  }
  return n;
}

void MarkRun(std::vector<Unit>* units, size_t begin, size_t length) {
  for (size_t k = begin; k < begin + length; ++k) (*units)[k].drop = true;
}

void MarkCjkNoise(std::vector<Unit>* units) {
  const size_t n = units->size();
  for (size_t i = 0; i < n; ++i) {
    if ((*units)[i].cls != CharClass::kIdeograph) continue;
    size_t run = ShortNoiseRun(*units, i + 1);
    if (run > 0 && i + 1 + run < n &&
        (*units)[i + 1 + run].cls == CharClass::kIdeograph) {
      MarkRun(units, i + 1, run);
      i += run;  // continue from the next ideograph
    }
  }
}

void MarkSpacedLetters(std::vector<Unit>* units) {
  const size_t n = units->size();
  for (size_t i = 0; i < n; ++i) {
    if (!(*units)[i].single_letter) continue;
    // Follow the chain letter, noise, letter, noise, ...
    std::vector<std::pair<size_t, size_t>> gaps;  // (first unit, length)
    size_t last = i;
    for (;;) {
      size_t run = ShortNoiseRun(*units, last + 1);
      size_t next = last + 1 + run;
      if (run == 0 || next >= n || !(*units)[next].single_letter) break;
      gaps.push_back({last + 1, run});
      last = next;
    }
    if (gaps.size() + 1 >= kMinSpacedLetters) {
      for (const auto& [begin, length] : gaps) MarkRun(units, begin, length);
    }
    i = last;
  }
}

}  // namespace

void DropNoise(const NormalizeOptions& options, std::string* folded,
               OffsetMap* map) {
  thread_local std::vector<Unit> units;
  Decode(*folded, &units);
  if (options.drop_cjk_noise) MarkCjkNoise(&units);
  if (options.join_spaced_letters) MarkSpacedLetters(&units);

  std::vector<std::pair<uint32_t, uint32_t>> dropped;
  for (const Unit& u : units) {
    if (!u.drop) continue;
    if (!dropped.empty() && dropped.back().second == u.pos) {
      dropped.back().second = u.pos + u.length;
    } else {
      dropped.push_back({u.pos, u.pos + u.length});
    }
  }
  if (dropped.empty()) return;

  std::string kept;
  kept.reserve(folded->size());
  uint32_t pos = 0;
  for (const auto& [begin, end] : dropped) {
    kept.append(*folded, pos, begin - pos);
    pos = end;
  }
  kept.append(*folded, pos, std::string::npos);
  *folded = std::move(kept);
  OffsetMapBuilder::Drop(dropped, map);
}

}  // namespace lexgate::internal
