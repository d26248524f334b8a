// Byte offsets (what the engine reports) to Unicode code-point offsets (what
// JSON consumers such as Python index strings by).
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_UTF8_OFFSETS_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_UTF8_OFFSETS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lexgate_filter {

// Length of the well-formed UTF-8 sequence at the start of `bytes` (1..4),
// or 0 if it does not start with one (stray continuation byte, overlong
// form, surrogate, value above U+10FFFF, truncated sequence).
size_t Utf8SequenceLength(std::string_view bytes);

// Offset of the first byte of `text` that does not start a well-formed
// sequence, or npos when `text` is valid UTF-8.
size_t FindInvalidUtf8(std::string_view text);

// `text` with every byte of ill-formed input replaced by U+FFFD (the same
// count of code points as CodePointOffsets gives it).
std::string ReplaceInvalidUtf8(std::string_view text);

// Converts byte offsets into `text` to code-point offsets, counting each
// well-formed sequence as one code point and each byte of ill-formed input as
// one (as it would be after replacement by U+FFFD per byte). An offset that
// falls inside a sequence is rounded down for a start and up for an end, so
// that the converted span still covers the bytes.
// Thread safety: not thread-safe; one converter per thread.
class CodePointOffsets {
 public:
  // Every offset passed to Start()/End() must first be passed to Add().
  void Reset(std::string_view text);
  void Add(size_t byte_offset);
  // Converts every added offset (one pass over the text).
  void Convert();
  size_t Start(size_t byte_offset) const;
  size_t End(size_t byte_offset) const;

 private:
  struct Entry {
    size_t byte;
    size_t floor;  // code points wholly before `byte`
    size_t ceil;   // code points that begin before `byte`
  };
  const Entry& Find(size_t byte_offset) const;

  std::string_view text_;
  std::vector<Entry> entries_;
};

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_UTF8_OFFSETS_H_
