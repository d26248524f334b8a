#include "normalize/noise_pass.h"

#include <algorithm>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "normalize/char_class.h"

namespace lexgate::internal {
namespace {

// The characters that stand for letters in leetspeak (s h 1 t, a$$), the
// built-in leet table's (lib/compile/variants.cc) digits and symbols less
// ( and <, which spaced text holds too often.
bool IsLeetChar(char c) {
  return (c >= '0' && c <= '9') || c == '@' || c == '$' || c == '!' ||
         c == '|' || c == '+';
}

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
  // The first byte at or after i that is ASCII, eight bytes at a time
  // through CJK text.
  size_t SkipNonAscii(size_t i) const {
    constexpr uint64_t kHighBits = 0x8080808080808080ull;
    while (i + 8 <= s_.size()) {
      uint64_t word;
      std::memcpy(&word, s_.data() + i, 8);
      if ((word & kHighBits) != kHighBits) break;
      i += 8;
    }
    while (i < s_.size() && static_cast<unsigned char>(s_[i]) >= 0x80) ++i;
    return i;
  }
  static bool IsAsciiAlnum(char c) {
    return IsAsciiLetter(c) || (c >= '0' && c <= '9');
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
      if (!IsNoiseClass(ClassAt(k, &length))) break;
      if (count == kMaxNoiseRun) return i;
      k += length;
    }
    return k;
  }

  // 习 近 平: noise between two ideographs.
  void MarkCjkNoise(std::vector<ByteRange>* dropped) const {
    bool after_ideograph = false;
    for (size_t i = 0; i < s_.size();) {
      const auto lead = static_cast<unsigned char>(s_[i]);
      if (!after_ideograph) {
        // Only whether this is an ideograph matters: most characters need
        // no decoding at all.
        if (lead < kFirstIdeographLead) {
          i += Utf8SequenceLength(lead);
          continue;
        }
        const Decoded d = DecodeUtf8(s_, i);
        after_ideograph = IsIdeograph(d.cp);
        i += d.length;
        continue;
      }
      // An ideograph after an ideograph, the common case, needs no
      // decoding either.
      if (IsCommonIdeographUtf8(
              reinterpret_cast<const unsigned char*>(s_.data()) + i)) {
        i += 3;
        continue;
      }
      uint32_t length;
      const CharClass cls = ClassAt(i, &length);
      if (IsNoiseClass(cls)) {
        const size_t gap_end = ShortNoiseRunEnd(i);
        if (gap_end > i && IdeographAt(gap_end)) {
          dropped->push_back({i, gap_end});
        }
        after_ideograph = false;  // the character at gap_end comes next
        i = gap_end > i ? gap_end : i + length;
        continue;
      }
      after_ideograph = cls == CharClass::kIdeograph;
      i += length;
    }
  }

  // A leet character with no letter, digit or other leet character on
  // either side.
  bool SpacedLeetAt(size_t i) const {
    if (i >= s_.size() || !IsLeetChar(s_[i])) return false;
    if (i > 0 && (IsLeetChar(s_[i - 1]) || WordBefore(i))) return false;
    return !(i + 1 < s_.size() && IsLeetChar(s_[i + 1])) && !WordAt(i + 1);
  }
  // A spaced digit (s h 1 t) is a chain link like a letter: joined, it
  // stays inside a word. A spaced symbol (s h ! t, a $ $) is no link and
  // ends a chain. Joined, a symbol would lose its spacing and be read as a
  // separator the next time (m @ m @ s would become m@m@s, that is m, m, s
  // with '@' between), so the fold would not be idempotent: keywords and
  // text are folded alike, and a folded text folded again must stay as it
  // is. A symbol glued to letters (f!u!c!k) is gap material as before.
  bool SingleLeetAt(size_t i) const {
    return i < s_.size() && s_[i] >= '0' && s_[i] <= '9' && SpacedLeetAt(i);
  }
  bool SpacedSymbolAt(size_t i) const {
    return i < s_.size() && !(s_[i] >= '0' && s_[i] <= '9') && SpacedLeetAt(i);
  }
  // End of the gap of 1..kMaxNoiseRun noise characters starting at byte i
  // that the next link of a chain follows; i itself if there is none.
  size_t GapEnd(size_t i) const {
    size_t k = i;
    for (int count = 0; k < s_.size(); ++count) {
      if (SpacedSymbolAt(k)) return i;
      if (count > 0 && SingleLeetAt(k)) break;
      uint32_t length;
      if (!IsNoiseClass(ClassAt(k, &length))) break;
      if (count == kMaxNoiseRun) return i;
      k += length;
    }
    return k;
  }

  // f u c k, s h 1 t: noise between single letters (and spaced digits)
  // that make a chain of at least kMinSpacedLetters links. With digits, a
  // gap is dropped only where it lies inside three
  // consecutive links of which one is a letter, so that spaced digits
  // (1 2 3) stay apart and each decision still depends only on the links
  // next to it (kNoiseContext).
  void MarkSpacedLetters(std::vector<ByteRange>* dropped) const {
    std::vector<ByteRange> gaps;
    std::vector<bool> letters;  // per link: a real letter
    const size_t n = s_.size();
    for (size_t i = 0; i < n;) {
      // A byte-table pre-filter: a single letter is an ASCII letter whose
      // ASCII neighbours are not letters or digits. Non-ASCII bytes never
      // start a chain and are stepped over without decoding.
      const auto byte = static_cast<unsigned char>(s_[i]);
      if (byte >= 0x80) {
        i = SkipNonAscii(i + 1);
        continue;
      }
      const bool leet = SingleLeetAt(i);
      if (!IsAsciiLetter(byte) && !leet) {
        ++i;
        continue;
      }
      if (!leet && i + 1 < n && IsAsciiAlnum(s_[i + 1])) {
        // Inside a word: skip the rest of its ASCII letters and digits.
        i += 2;
        while (i < n && IsAsciiAlnum(s_[i])) ++i;
        continue;
      }
      if (!leet && ((i > 0 && IsAsciiAlnum(s_[i - 1])) || !SingleLetterAt(i))) {
        ++i;
        continue;
      }
      gaps.clear();
      letters.assign(1, !leet);
      size_t last = i;
      for (;;) {
        const size_t gap_end = GapEnd(last + 1);
        if (gap_end == last + 1) break;
        const bool letter = SingleLetterAt(gap_end);
        if (!letter && !SingleLeetAt(gap_end)) break;
        gaps.push_back({last + 1, gap_end});
        letters.push_back(letter);
        last = gap_end;
      }
      // Gap k lies between links k and k + 1.
      for (size_t k = 0; k < gaps.size(); ++k) {
        const bool before =
            k > 0 && (letters[k - 1] || letters[k] || letters[k + 1]);
        const bool after = k + 2 < letters.size() &&
                           (letters[k] || letters[k + 1] || letters[k + 2]);
        if (before || after) dropped->push_back(gaps[k]);
      }
      i = last + 1;
    }
  }

  // fu\x00ck, 傻\x01逼: a run of invisible characters between two letters
  // or digits of a spaced script, or between two ideographs.
  void MarkInvisible(std::vector<ByteRange>* dropped) const {
    CharClass before = CharClass::kOther;
    for (size_t i = 0; i < s_.size();) {
      uint32_t length;
      const CharClass cls = ClassAt(i, &length);
      if (cls != CharClass::kInvisible) {
        before = cls;
        i += length;
        continue;
      }
      size_t end = i;
      int count = 0;
      CharClass after = CharClass::kOther;
      while (end < s_.size()) {
        const CharClass c = ClassAt(end, &length);
        if (c != CharClass::kInvisible) {
          after = c;
          break;
        }
        end += length;
        ++count;
      }
      const bool between =
          end < s_.size() && before == after &&
          (after == CharClass::kWord || after == CharClass::kIdeograph);
      if (between && count <= kMaxInvisibleRun) dropped->push_back({i, end});
      before = CharClass::kInvisible;
      i = end;
    }
  }

  // The start of the character that ends at byte `end` > 0.
  size_t CharStartBefore(size_t end) const {
    size_t begin = end - 1;
    while (begin > 0 && end - begin < 4 &&
           (static_cast<unsigned char>(s_[begin]) & 0xC0) == 0x80) {
      --begin;
    }
    return begin;
  }

 private:
  std::string_view s_;
};

}  // namespace

// The gate looks for chains of three links: the pass decides each gap by
// the three links on either side of it.
static_assert(kMinSpacedLetters == 3);

bool MayJoinSpacedLetters(std::string_view s) {
  // Link candidates: ASCII letters and digits with no ASCII letter or digit
  // on either side (a superset of the pass's links: a non-ASCII neighbour
  // always counts as a non-word, a leet symbol beside a digit is ignored).
  // Sixteen bytes at a time with SSE2, because it runs over all text (the
  // first and the last byte alone); only the candidates, few in prose, are
  // looked at one by one.
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  // The last two candidates (SIZE_MAX: none) and whether they are letters.
  size_t before_last = SIZE_MAX, last = SIZE_MAX;
  bool before_last_letter = false, last_letter = false;
  // Whether candidate `at` ends a chain of three within reach of each other
  // (one of them a letter, or no gap of theirs is ever dropped).
  auto chain_ends_at = [&](size_t at, bool is_letter) {
    const bool chain = last != SIZE_MAX && before_last != SIZE_MAX &&
                       at - last <= kMaxLinkBytes &&
                       last - before_last <= kMaxLinkBytes &&
                       (is_letter || last_letter || before_last_letter);
    before_last = last;
    before_last_letter = last_letter;
    last = at;
    last_letter = is_letter;
    return chain;
  };
  auto scalar = [&](size_t i) {
    const bool before = i > 0 && NoiseScanner::IsAsciiAlnum(s[i - 1]);
    const bool after = i + 1 < n && NoiseScanner::IsAsciiAlnum(s[i + 1]);
    if (!NoiseScanner::IsAsciiAlnum(s[i]) || before || after) return false;
    return chain_ends_at(i, NoiseScanner::IsAsciiLetter(s[i]));
  };
  size_t i = 0;
#if defined(__SSE2__)
  if (n >= 18) {
    const __m128i k20 = _mm_set1_epi8(0x20);
    const __m128i kA = _mm_set1_epi8('a');
    const __m128i k0 = _mm_set1_epi8('0');
    // Unsigned "x < bound" as "max(x, bound - 1) == bound - 1".
    auto below = [](__m128i x, char bound) {
      const __m128i b = _mm_set1_epi8(static_cast<char>(bound - 1));
      return _mm_cmpeq_epi8(_mm_max_epu8(x, b), b);
    };
    auto letters = [&](__m128i v) {
      return below(_mm_sub_epi8(_mm_or_si128(v, k20), kA), 26);
    };
    auto alnums = [&](__m128i v) {
      return _mm_or_si128(letters(v), below(_mm_sub_epi8(v, k0), 10));
    };
    // The candidates among the sixteen bytes at `at` (1 <= at, at + 17 <=
    // n: each has both neighbours), but the first `skip`, in order.
    auto block = [&](size_t at, int skip) {
      const __m128i mid =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
      // Sixteen bytes of non-ASCII characters (CJK text) hold no candidate.
      if (_mm_movemask_epi8(mid) == 0xFFFF) return false;
      const __m128i left =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at - 1));
      const __m128i right =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at + 1));
      const __m128i apart = _mm_andnot_si128(
          _mm_or_si128(alnums(left), alnums(right)), alnums(mid));
      unsigned found =
          static_cast<unsigned>(_mm_movemask_epi8(apart)) & (0xFFFFu << skip);
      if (found == 0) return false;
      const unsigned letters_found = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_and_si128(apart, letters(mid))));
      for (; found != 0; found &= found - 1) {
        const int k = __builtin_ctz(found);
        if (chain_ends_at(at + k, ((letters_found >> k) & 1) != 0)) {
          return true;
        }
      }
      return false;
    };
    // The first byte has no left neighbour, the last none on its right:
    // the scalar check takes them. The bytes the sixteen-byte steps leave
    // before the last go in one more step that overlaps the one before it,
    // its first bytes skipped (a byte at a time, this tail cost a short
    // line's gate as much as the rest of it).
    if (scalar(0)) return true;
    for (i = 1; i + 17 <= n; i += 16) {
      if (block(i, 0)) return true;
    }
    if (i < n - 1) {
      const size_t at = n - 17;
      if (block(at, static_cast<int>(i - at))) return true;
      i = n - 1;
    }
  }
#endif
  for (; i < n; ++i) {
    if (scalar(i)) return true;
  }
  return false;
}

void MarkSpacedLetters(std::string_view folded,
                       std::vector<ByteRange>* dropped) {
  NoiseScanner(folded).MarkSpacedLetters(dropped);
}

void MarkNoise(const NormalizeOptions& options, const NoiseGates& gates,
               std::string_view folded, std::vector<ByteRange>* dropped) {
  dropped->clear();
  NoiseScanner scanner(folded);
  if (options.drop_cjk_noise) {
    if (gates.cjk_gaps != nullptr) {
      dropped->assign(gates.cjk_gaps->begin(), gates.cjk_gaps->end());
    } else {
      scanner.MarkCjkNoise(dropped);
    }
  }
  size_t sorted_end = dropped->size();
  if (options.join_spaced_letters && MayJoinSpacedLetters(folded)) {
    scanner.MarkSpacedLetters(dropped);
    std::inplace_merge(dropped->begin(), dropped->begin() + sorted_end,
                       dropped->end());
    sorted_end = dropped->size();
  }
  if (options.drop_ignorables && gates.invisible) {
    scanner.MarkInvisible(dropped);
    std::inplace_merge(dropped->begin(), dropped->begin() + sorted_end,
                       dropped->end());
  }
  // The passes may mark the same run (invisible characters between
  // ideographs are also a CJK gap): coalesce.
  if (dropped->size() > 1) {
    size_t out = 0;
    for (size_t k = 1; k < dropped->size(); ++k) {
      ByteRange& last = (*dropped)[out];
      const ByteRange& next = (*dropped)[k];
      if (next.first <= last.second) {
        last.second = std::max(last.second, next.second);
      } else {
        (*dropped)[++out] = next;
      }
    }
    dropped->resize(out + 1);
  }
}

size_t FinalPrefixEnd(std::string_view folded, size_t from) {
  NoiseScanner scanner(folded);
  size_t end = folded.size();  // of the character being looked at
  size_t next_end = end;       // of the character after it
  bool next_solid = false;     // whether that one is not noise
  for (int chars = 0; end > from && chars < kNoiseContext; ++chars) {
    const size_t begin = scanner.CharStartBefore(end);
    uint32_t length;
    const bool solid = !IsNoiseClass(scanner.ClassAt(begin, &length));
    if (solid && next_solid) return next_end;
    next_solid = solid;
    next_end = end;
    end = begin;
  }
  return end;
}

}  // namespace lexgate::internal
