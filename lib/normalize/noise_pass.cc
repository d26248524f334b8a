#include "normalize/noise_pass.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "normalize/char_class.h"
#include "normalize/offset_map_builder.h"
#include "normalize/utf8.h"

namespace lexgate::internal {
namespace {

// Walks the folded text (valid UTF-8) without materialising per-character
// state: most text has nothing to drop, and the pass must stay cheap.
class NoiseScanner {
 public:
  explicit NoiseScanner(std::string_view s) : s_(s) {}

  // Class and byte length of the character at byte i < size.
  CharClass ClassAt(size_t i, uint32_t* length) const {
    const auto byte = static_cast<unsigned char>(s_[i]);
    if (byte < 0x80) {
      *length = 1;
      return kAsciiClasses[byte];
    }
    Decoded d = DecodeUtf8(s_, i);
    *length = d.length;
    return Classify(d.cp);
  }
  bool WordAt(size_t i) const {
    uint32_t unused;
    return i < s_.size() && ClassAt(i, &unused) == CharClass::kWord;
  }
  bool WordBefore(size_t i) const {
    return i > 0 && Classify(DecodeUtf8Before(s_, i).cp) == CharClass::kWord;
  }
  bool IdeographAt(size_t i) const {
    uint32_t unused;
    return i < s_.size() && ClassAt(i, &unused) == CharClass::kIdeograph;
  }
  static bool IsAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  // A Latin letter with no letter or digit on either side.
  bool SingleLetterAt(size_t i) const {
    return i < s_.size() && IsAsciiLetter(s_[i]) && !WordBefore(i) &&
           !WordAt(i + 1);
  }
  // End of the run of noise starting at byte i, if it is 1..kMaxNoiseRun
  // characters long; i itself otherwise.
  size_t ShortNoiseRunEnd(size_t i) const {
    size_t k = i;
    for (int count = 0; k < s_.size(); ++count) {
      uint32_t length;
      if (ClassAt(k, &length) != CharClass::kNoise) break;
      if (count == kMaxNoiseRun) return i;
      k += length;
    }
    return k;
  }

  // 习 近 平: noise between two ideographs.
  void MarkCjkNoise(std::vector<ByteRange>* dropped) const {
    // Ideographs are encoded from lead byte 0xE3 on: skip text without any.
    if (std::none_of(s_.begin(), s_.end(), [](char c) {
          return static_cast<unsigned char>(c) >= 0xE3;
        })) {
      return;
    }
    for (size_t i = 0; i < s_.size();) {
      uint32_t length;
      if (ClassAt(i, &length) != CharClass::kIdeograph) {
        i += length;
        continue;
      }
      const size_t gap_begin = i + length;
      const size_t gap_end = ShortNoiseRunEnd(gap_begin);
      if (gap_end > gap_begin && IdeographAt(gap_end)) {
        dropped->push_back(
            {static_cast<uint32_t>(gap_begin), static_cast<uint32_t>(gap_end)});
      }
      i = gap_end;
    }
  }

  // f u c k: noise between at least kMinSpacedLetters single letters.
  void MarkSpacedLetters(std::vector<ByteRange>* dropped) const {
    std::vector<ByteRange> gaps;
    for (size_t i = 0; i < s_.size();) {
      const auto byte = static_cast<unsigned char>(s_[i]);
      if (byte >= 0x80) {
        i += DecodeUtf8(s_, i).length;
        continue;
      }
      if (kAsciiClasses[byte] != CharClass::kWord) {
        ++i;
        continue;
      }
      // Skip whole words: only a word of one letter can start a chain.
      size_t end = i + 1;
      uint32_t length;
      while (end < s_.size() && ClassAt(end, &length) == CharClass::kWord) {
        end += length;
      }
      if (end != i + 1 || !SingleLetterAt(i)) {
        i = end;
        continue;
      }
      gaps.clear();
      size_t last = i;
      for (;;) {
        const size_t gap_end = ShortNoiseRunEnd(last + 1);
        if (gap_end == last + 1 || !SingleLetterAt(gap_end)) break;
        gaps.push_back(
            {static_cast<uint32_t>(last + 1), static_cast<uint32_t>(gap_end)});
        last = gap_end;
      }
      if (gaps.size() + 1 >= static_cast<size_t>(kMinSpacedLetters)) {
        dropped->insert(dropped->end(), gaps.begin(), gaps.end());
      }
      i = last + 1;
    }
  }

 private:
  std::string_view s_;
};

}  // namespace

void MarkNoise(const NormalizeOptions& options, std::string_view folded,
               std::vector<ByteRange>* dropped) {
  dropped->clear();
  NoiseScanner scanner(folded);
  if (options.drop_cjk_noise) scanner.MarkCjkNoise(dropped);
  const size_t cjk_end = dropped->size();
  if (options.join_spaced_letters) scanner.MarkSpacedLetters(dropped);
  // Both lists are sorted and never overlap (one lies between ideographs,
  // the other between letters).
  std::inplace_merge(dropped->begin(), dropped->begin() + cjk_end,
                     dropped->end());
}

void DropNoise(const NormalizeOptions& options, std::string* folded,
               OffsetMap* map) {
  thread_local std::vector<ByteRange> dropped;
  MarkNoise(options, *folded, &dropped);
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
