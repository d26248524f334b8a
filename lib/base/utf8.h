// Minimal UTF-8 decoding and encoding for the hot paths. Invalid sequences
// decode as U+FFFD consuming one byte, so that every input byte is accounted
// for in the offset map.
#ifndef LEXGATE_LIB_BASE_UTF8_H_
#define LEXGATE_LIB_BASE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace lexgate::internal {

inline constexpr char32_t kReplacementChar = 0xFFFD;

struct Decoded {
  char32_t cp;
  uint32_t length;  // bytes consumed, >= 1
  bool valid;
};

// Decodes the code point at s[i]; i < s.size(). Always inlined: it is the
// inner step of the fold and of every scan over text, and a call per
// character costs more than the decoding.
[[gnu::always_inline]] inline Decoded DecodeUtf8(std::string_view s, size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
  const size_t left = s.size() - i;
  const unsigned b0 = p[0];
  if (b0 < 0x80) return {b0, 1, true};
  // Three-byte sequences first (all of Chinese text), with one test for
  // both continuation bytes: this is most of the decoder's work.
  if (b0 - 0xE0u <= 0x0Fu) {
    if (left >= 3) {
      const unsigned b1 = p[1], b2 = p[2];
      if (((b1 & 0xC0) | ((b2 & 0xC0) << 8)) == 0x8080) {
        const char32_t cp =
            ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
        // Not overlong, not a surrogate.
        if (cp >= 0x800 && cp - 0xD800u >= 0x800u) return {cp, 3, true};
      }
    }
    return {kReplacementChar, 1, false};
  }
  auto cont = [&](size_t k) { return k < left && (p[k] & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) {
    return {static_cast<char32_t>(((b0 & 0x1F) << 6) | (p[1] & 0x3F)), 2, true};
  }
  if (b0 >= 0xF0 && b0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    char32_t cp = ((b0 & 0x07) << 18) | ((p[1] & 0x3F) << 12) |
                  ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    if (cp >= 0x10000 && cp <= 0x10FFFF) return {cp, 4, true};
  }
  return {kReplacementChar, 1, false};
}

// Decodes the code point that ends just before s[end]; 0 < end <= size.
// Any bytes: a sequence that does not end exactly at `end` decodes as
// {U+FFFD, 1, false}.
inline Decoded DecodeUtf8Before(std::string_view s, size_t end) {
  size_t begin = end - 1;
  while (begin > 0 && end - begin < 4 &&
         (static_cast<unsigned char>(s[begin]) & 0xC0) == 0x80) {
    --begin;
  }
  Decoded d = DecodeUtf8(s, begin);
  if (begin + d.length != end) return {kReplacementChar, 1, false};
  return d;
}

// The start of the character that holds byte `i` of `s`, for cutting text
// without cutting a character; `i` itself when it is at or past the end.
inline size_t CharStart(std::string_view s, size_t i) {
  if (i >= s.size()) return i;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

// Length of the sequence a valid lead byte starts (1 for anything else).
inline uint32_t Utf8SequenceLength(unsigned char lead) {
  if (lead < 0xC2) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return lead < 0xF5 ? 4 : 1;
}

inline void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Bytes of s that are not UTF-8 continuation bytes (10xxxxxx): the code
// points of valid UTF-8, counted eight bytes at a time. A stream counts
// every delta with it.
inline size_t CountCharStarts(std::string_view s) {
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  size_t continuations = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    // Bit 7 of a byte set and bit 6 clear: a continuation byte. The flags
    // (one per byte, as bit 0) are summed into the top byte by one multiply:
    // __builtin_popcountll() is a libgcc call without -mpopcnt, which the
    // x86-64 baseline lacks.
    const uint64_t flags = (v & ~(v << 1) & kHigh) >> 7;
    continuations += static_cast<size_t>((flags * 0x0101010101010101ull) >> 56);
  }
  for (; i < s.size(); ++i) {
    continuations += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  }
  return s.size() - continuations;
}

// Number of code points in s (invalid bytes count one each), i.e. the
// index a Python str or a JSON consumer would use.
inline size_t CountCodePoints(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); i += DecodeUtf8(s, i).length) ++count;
  return count;
}

// Whether every byte of s belongs to a valid UTF-8 sequence.
inline bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const Decoded d = DecodeUtf8(s, i);
    if (!d.valid) return false;
    i += d.length;
  }
  return true;
}

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_BASE_UTF8_H_
