#include "scan/boundary.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "base/invisible.h"
#include "base/utf8.h"
#include "compile/variants.h"
#include "normalize/char_class.h"

namespace lexgate::internal {
namespace {

template <typename Pred>
bool Touches(std::string_view text, size_t begin, size_t end, Pred pred,
             bool check_before, bool check_after) {
  if (check_before && begin > 0 && pred(DecodeUtf8Before(text, begin).cp)) {
    return true;
  }
  if (check_after && end < text.size() && pred(DecodeUtf8(text, end).cp)) {
    return true;
  }
  return false;
}

// What a writer puts between spelled-out letters and between words:
// whitespace and punctuation (f.u.c.k, f u c k, f-u-c-k, f·u·c·k). Not the
// invisible characters: a zero-width space inside "cl​ass" separates
// nothing a reader sees.
bool IsVisibleSeparator(char32_t cp) {
  if (cp < 128) {
    return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) ||
           (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7E) ||
           cp == ' ' || cp == '\t';
  }
  const CharClass c = Classify(cp);
  return IsWhiteSpace(cp) || c == CharClass::kSentencePunctuation ||
         (c == CharClass::kNoise && cp != 0xAD &&
          (cp < 0x200B || cp > 0x200F) && (cp < 0x2060 || cp > 0x206F) &&
          cp != 0xFEFF);
}

// Whether `gap` holds a visible separator that `own` does not.
bool HasForeignSeparator(std::string_view gap, std::string_view own) {
  for (size_t i = 0; i < gap.size();) {
    const Decoded d = DecodeUtf8(gap, i);
    if (d.valid && IsVisibleSeparator(d.cp) &&
        own.find(gap.substr(i, d.length)) == std::string_view::npos) {
      return true;
    }
    i += d.length;
  }
  return false;
}

// The original bytes the fold dropped right before folded offset `at`
// (empty if none). A drop always starts a piece of the map: the original
// skips bytes where the folded text goes on.
ByteRange DroppedBefore(const OffsetMap& map, uint64_t at) {
  const std::vector<OffsetMap::Piece>& pieces = map.pieces();
  auto it = std::lower_bound(
      pieces.begin(), pieces.end(), at,
      [](const OffsetMap::Piece& p, uint64_t f) { return p.folded_begin < f; });
  if (it == pieces.end() || it == pieces.begin() || it->folded_begin != at) {
    return {0, 0};
  }
  const OffsetMap::Piece& previous = *(it - 1);
  const uint64_t mapped_to =
      previous.orig_begin +
      (at - previous.folded_begin) / previous.folded_unit * previous.orig_unit;
  if (mapped_to >= it->orig_begin) return {0, 0};
  return {mapped_to, it->orig_begin};
}

// Whether the folded match starting at `begin` follows a one-letter
// English word that the spaced letters after it were joined to: "I f u c
// k you" and "a c u n t" fold to "ifuck you" and "acunt", yet are read "I
// fuck you" and "a cunt" (no word is spelled "ifuck"). The letter (i or
// a, as folded) stands at the start of the text or after a non-word
// character, and `gap`, the original text dropped between it and the
// match, holds whitespace. Spaced letters after any other letter ("c l a
// s s") stay one word.
bool FollowsOneLetterWord(const FoldBuffer& folded, std::string_view gap,
                          uint64_t begin) {
  if (begin <= folded.base) return false;
  const uint64_t letter_at = begin - 1;
  const char letter = folded.text[letter_at - folded.base];
  if (letter != 'i' && letter != 'a') return false;
  if (letter_at > 0) {
    // A stream keeps some folded text before every undecided match
    // (StreamState's kBoundaryContext), so this is the text's own start.
    if (letter_at == folded.base) return false;
    const std::string_view before =
        std::string_view(folded.text).substr(0, letter_at - folded.base);
    if (IsWordChar(DecodeUtf8Before(before, before.size()).cp)) return false;
  }
  for (size_t i = 0; i < gap.size();) {
    const Decoded d = DecodeUtf8(gap, i);
    if (d.valid && IsWhiteSpace(d.cp)) return true;
    i += d.length;
  }
  return false;
}

// BoundaryHolds(), BoundaryHoldsBesideSeparators() and StartSideHolds():
// one check of the sides not in `skipped`, compiled without skipping for
// the first (every hit asks it).
template <bool kMaySkip>
bool Holds(Boundary boundary, std::string_view text, size_t begin, size_t end,
           uint8_t word_sides, uint8_t skipped) {
  if (begin >= end) return true;
  const bool check_before = !kMaySkip || (skipped & kWordAtStart) == 0;
  const bool check_after = !kMaySkip || (skipped & kWordAtEnd) == 0;
  switch (boundary) {
    case Boundary::kNone:
      return true;
    case Boundary::kDigit:
      return !Touches(text, begin, end, IsDigitChar, check_before, check_after);
    case Boundary::kWord:
      return !Touches(text, begin, end, IsWordChar, check_before, check_after);
    case Boundary::kAuto: {
      // Only the sides where the match itself begins or ends with a letter
      // or digit: `sb` in `你是sb吗` matches, `ass` in `class` does not, and a
      // CJK keyword matches inside CJK text. Leet symbols glued to the
      // letters count as letters: `@ss` is not a word in `cl@ss`.
      return !Touches(text, begin, end, IsWordChar,
                      check_before && (word_sides & kWordAtStart) != 0,
                      check_after && (word_sides & kWordAtEnd) != 0);
    }
  }
  return true;
}

}  // namespace

uint8_t DroppedSeparatorSides(const FoldBuffer& folded,
                              std::string_view original, uint64_t original_base,
                              uint64_t begin, uint64_t end) {
  // Most calls (an English keyword inside a longer word) are for texts
  // with no drop at all, and the others mostly find none at either edge:
  // one look at the map each, before anything is decoded.
  if (!folded.noise_dropped || begin >= end || begin < folded.base ||
      end > folded.end()) {
    return 0;
  }
  const ByteRange none{0, 0};
  const ByteRange before =
      begin > folded.base ? DroppedBefore(folded.map, begin) : none;
  const ByteRange after =
      end < folded.end() ? DroppedBefore(folded.map, end) : none;
  if (before.first == before.second && after.first == after.second) return 0;
  const auto [match_begin, match_end] = folded.map.ToOriginal(begin, end);
  const uint64_t original_end = original_base + original.size();
  if (match_begin < original_base || match_end > original_end) return 0;
  const std::string_view own =
      original.substr(match_begin - original_base, match_end - match_begin);
  auto text_of = [&](const ByteRange& gap) -> std::optional<std::string_view> {
    if (gap.first >= gap.second || gap.first < original_base ||
        gap.second > original_end) {
      return std::nullopt;
    }
    return original.substr(gap.first - original_base, gap.second - gap.first);
  };
  const std::optional<std::string_view> gap_before = text_of(before);
  const std::optional<std::string_view> gap_after = text_of(after);
  const bool start_separated =
      gap_before && (HasForeignSeparator(*gap_before, own) ||
                     FollowsOneLetterWord(folded, *gap_before, begin));
  const bool end_separated = gap_after && HasForeignSeparator(*gap_after, own);
  return (start_separated ? kWordAtStart : 0) |
         (end_separated ? kWordAtEnd : 0);
}

bool BoundaryHolds(Boundary boundary, std::string_view text, size_t begin,
                   size_t end) {
  return BoundaryHolds(boundary, text, begin, end,
                       boundary == Boundary::kAuto && begin < end
                           ? WordSides(text.substr(begin, end - begin))
                           : 0);
}

bool BoundaryHolds(Boundary boundary, std::string_view text, size_t begin,
                   size_t end, uint8_t word_sides) {
  return Holds<false>(boundary, text, begin, end, word_sides, 0);
}

bool StartSideHolds(Boundary boundary, std::string_view text, size_t begin,
                    size_t end, uint8_t word_sides) {
  return Holds<true>(boundary, text, begin, end, word_sides, kWordAtEnd);
}

bool EndSideHolds(Boundary boundary, std::string_view text, size_t begin,
                  size_t end, uint8_t word_sides) {
  return Holds<true>(boundary, text, begin, end, word_sides, kWordAtStart);
}

bool BoundaryHoldsBesideSeparators(Boundary boundary, std::string_view text,
                                   size_t begin, size_t end, uint8_t word_sides,
                                   uint8_t separated) {
  // A separator is a word edge, not a digit's.
  if (boundary == Boundary::kDigit) {
    return Holds<false>(boundary, text, begin, end, word_sides, 0);
  }
  return Holds<true>(boundary, text, begin, end, word_sides, separated);
}

}  // namespace lexgate::internal
