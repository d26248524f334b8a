// JSON string literals for the JSON the library writes itself (audit
// records, the keyword inventory), without a JSON library.
#ifndef LEXGATE_LIB_BASE_JSON_STRING_H_
#define LEXGATE_LIB_BASE_JSON_STRING_H_

#include <string>
#include <string_view>

namespace lexgate::internal {

// Appends `s` as a JSON string literal: quotes, backslashes and control
// characters escaped, other bytes as they are (pass valid UTF-8).
void AppendJsonString(std::string_view s, std::string* out);

// `s` with every invalid UTF-8 sequence replaced by U+FFFD: text written by
// an operator (ids, categories, keywords) is UTF-8 in practice, and a JSON
// document must be valid UTF-8 whatever it holds.
std::string ValidUtf8(std::string_view s);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_BASE_JSON_STRING_H_
