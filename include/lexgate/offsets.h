// Byte offsets (what Engine::Scan() reports) to code-point offsets (what
// Python, JSON consumers and most editors index text by).
//
// Code points are counted as lexgate's own decoder counts them: every
// well-formed UTF-8 sequence is one code point, and every byte of ill-formed
// input is one code point on its own (it is scanned as one U+FFFD). So the
// offsets agree with Stream::char_spans() and with the "start"/"end" of
// lexgate's JSON output for any bytes, valid UTF-8 or not.
#ifndef LEXGATE_OFFSETS_H_
#define LEXGATE_OFFSETS_H_

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "lexgate/match.h"
#include "lexgate/stream.h"  // CharSpan

namespace lexgate {

// A span of bytes [start, end) of one text.
struct ByteSpan {
  size_t start = 0;
  size_t end = 0;
};

// The code-point offset of every byte offset into `text`, in one pass over
// the text however many offsets there are (they may come in any order and
// repeat). An offset inside a multi-byte sequence gives the index of the
// code point that contains it; an offset past the end is clamped to the
// end.
std::vector<size_t> ToCodePointOffsets(std::string_view text,
                                       std::span<const size_t> byte_offsets);

// The code-point span of every byte span of `text`, in one pass. A start
// inside a sequence rounds down and an end inside one rounds up, so that the
// converted span still covers every byte of the original.
std::vector<CharSpan> ToCharSpans(std::string_view text,
                                  std::span<const ByteSpan> spans);

// The code-point spans of `matches`, found in `text` by Engine::Scan(), in
// the same order.
std::vector<CharSpan> ToCharSpans(std::string_view text,
                                  const std::vector<Match>& matches);

// The other way: the byte offset at which code point `i` of `text` begins,
// for every i of `code_point_offsets` (text.size() for i equal to the
// number of code points), in one pass, in any order. An offset past the end
// is clamped to the end: callers that must refuse one compare it with
// CodePointCount() first.
std::vector<size_t> ToByteOffsets(std::string_view text,
                                  std::span<const size_t> code_point_offsets);

// The number of code points in `text`.
size_t CodePointCount(std::string_view text);

}  // namespace lexgate

#endif  // LEXGATE_OFFSETS_H_
