// Checking JSON input for valid UTF-8 before it is parsed, so that an error
// can say where the input goes wrong (code-point offsets of matches come from
// lexgate/offsets.h).
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_UTF8_CHECK_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_UTF8_CHECK_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace lexgate_filter {

// Length of the well-formed UTF-8 sequence at the start of `bytes` (1..4),
// or 0 if it does not start with one (stray continuation byte, overlong
// form, surrogate, value above U+10FFFF, truncated sequence).
size_t Utf8SequenceLength(std::string_view bytes);

// Offset of the first byte of `text` that does not start a well-formed
// sequence, or npos when `text` is valid UTF-8.
size_t FindInvalidUtf8(std::string_view text);

// `text` with every byte of ill-formed input replaced by U+FFFD (the same
// count of code points as lexgate::CodePointCount() gives it).
std::string ReplaceInvalidUtf8(std::string_view text);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_UTF8_CHECK_H_
