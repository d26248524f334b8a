#include "utf8_offsets.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace lexgate_filter {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

size_t Utf8SequenceLength(std::string_view bytes) {
  if (bytes.empty()) return 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (bytes.size() < len || p[1] < lo || p[1] > hi) return 0;
  for (size_t i = 2; i < len; ++i) {
    if (!IsContinuation(p[i])) return 0;
  }
  return len;
}

size_t FindInvalidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t len = Utf8SequenceLength(text.substr(pos));
    if (len == 0) return pos;
    pos += len;
  }
  return std::string_view::npos;
}

std::string ReplaceInvalidUtf8(std::string_view text) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t len = Utf8SequenceLength(text.substr(pos));
    if (len == 0) {
      out += kReplacement;
      ++pos;
    } else {
      out += text.substr(pos, len);
      pos += len;
    }
  }
  return out;
}

void CodePointOffsets::Reset(std::string_view text) {
  text_ = text;
  entries_.clear();
}

void CodePointOffsets::Add(size_t byte_offset) {
  entries_.push_back({std::min(byte_offset, text_.size()), 0, 0});
}

void CodePointOffsets::Convert() {
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& a, const Entry& b) { return a.byte < b.byte; });
  entries_.erase(std::unique(entries_.begin(), entries_.end(),
                             [](const Entry& a, const Entry& b) {
                               return a.byte == b.byte;
                             }),
                 entries_.end());
  size_t pos = 0;         // byte offset of the current code point
  size_t code_point = 0;  // its index
  for (Entry& entry : entries_) {
    while (true) {
      size_t len = Utf8SequenceLength(text_.substr(pos));
      if (len == 0) len = 1;
      if (pos + len > entry.byte) break;
      pos += len;
      ++code_point;
    }
    // Now pos <= entry.byte < pos + len, or entry.byte == text size.
    entry.floor = code_point;
    entry.ceil = entry.byte == pos ? code_point : code_point + 1;
  }
}

const CodePointOffsets::Entry& CodePointOffsets::Find(
    size_t byte_offset) const {
  byte_offset = std::min(byte_offset, text_.size());
  auto it = std::lower_bound(
      entries_.begin(), entries_.end(), byte_offset,
      [](const Entry& e, size_t offset) { return e.byte < offset; });
  return *it;  // present: Add() was called for it
}

size_t CodePointOffsets::Start(size_t byte_offset) const {
  return Find(byte_offset).floor;
}

size_t CodePointOffsets::End(size_t byte_offset) const {
  return Find(byte_offset).ceil;
}

}  // namespace lexgate_filter
