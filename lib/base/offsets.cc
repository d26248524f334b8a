#include "lexgate/offsets.h"

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <span>
#include <string_view>
#include <vector>

#include "base/utf8.h"

namespace lexgate {
namespace {

// Where each byte offset lands: `floor` counts the code points that end at
// or before it, `ceil` those that start before it. They differ only for an
// offset inside a sequence.
struct Converted {
  size_t floor = 0;
  size_t ceil = 0;
};

// The indices of `offsets` in ascending order of offset: every conversion
// walks the text once, front to back.
std::vector<size_t> AscendingOrder(std::span<const size_t> offsets) {
  std::vector<size_t> order(offsets.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return offsets[a] < offsets[b]; });
  return order;
}

// The one pass every public function shares: visits the offsets in
// ascending order, decoding the text only up to the largest of them.
std::vector<Converted> Convert(std::string_view text,
                               std::span<const size_t> byte_offsets) {
  const std::vector<size_t> order = AscendingOrder(byte_offsets);
  std::vector<Converted> out(byte_offsets.size());
  size_t pos = 0;         // byte offset of the current code point
  size_t code_point = 0;  // its index
  for (size_t index : order) {
    const size_t target = std::min(byte_offsets[index], text.size());
    size_t length = 0;
    while (pos < text.size()) {
      length = internal::DecodeUtf8(text, pos).length;
      if (pos + length > target) break;
      pos += length;
      ++code_point;
    }
    // Here pos <= target < pos + length, or target == pos == text.size().
    out[index] = {code_point, target == pos ? code_point : code_point + 1};
  }
  return out;
}

}  // namespace

std::vector<size_t> ToCodePointOffsets(std::string_view text,
                                       std::span<const size_t> byte_offsets) {
  std::vector<Converted> converted = Convert(text, byte_offsets);
  std::vector<size_t> out;
  out.reserve(converted.size());
  for (const Converted& c : converted) out.push_back(c.floor);
  return out;
}

std::vector<CharSpan> ToCharSpans(std::string_view text,
                                  std::span<const ByteSpan> spans) {
  std::vector<size_t> offsets;
  offsets.reserve(spans.size() * 2);
  for (const ByteSpan& span : spans) {
    offsets.push_back(span.start);
    offsets.push_back(span.end);
  }
  std::vector<Converted> converted = Convert(text, offsets);
  std::vector<CharSpan> out;
  out.reserve(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    out.push_back({converted[2 * i].floor, converted[2 * i + 1].ceil});
  }
  return out;
}

std::vector<CharSpan> ToCharSpans(std::string_view text,
                                  const std::vector<Match>& matches) {
  std::vector<ByteSpan> spans;
  spans.reserve(matches.size());
  for (const Match& match : matches) spans.push_back({match.start, match.end});
  return ToCharSpans(text, spans);
}

std::vector<size_t> ToByteOffsets(std::string_view text,
                                  std::span<const size_t> code_point_offsets) {
  const std::vector<size_t> order = AscendingOrder(code_point_offsets);
  std::vector<size_t> out(code_point_offsets.size());
  size_t pos = 0;  // byte offset of code point `code_point`
  size_t code_point = 0;
  for (size_t index : order) {
    while (code_point < code_point_offsets[index] && pos < text.size()) {
      pos += internal::DecodeUtf8(text, pos).length;
      ++code_point;
    }
    out[index] = pos;
  }
  return out;
}

size_t CodePointCount(std::string_view text) {
  const size_t end = text.size();
  return Convert(text, std::span<const size_t>(&end, 1))[0].floor;
}

}  // namespace lexgate
