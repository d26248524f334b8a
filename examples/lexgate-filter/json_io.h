// Reading and writing the JSON of one input line, safe for hostile input.
//
// Input lines come from whoever talks to the filter, so the parser bounds
// what a line can cost: nesting is limited (a 100,000-deep array would
// otherwise exhaust the stack when the value is written or destroyed), every
// failure is an error message rather than an exception, and numbers that a
// double cannot hold exactly (integer ids beyond 64 bits, 1.10) are kept as
// their original text and written back unchanged.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_JSON_IO_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_JSON_IO_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace lexgate_filter {

// Deepest nesting of arrays and objects accepted in one line: far beyond the
// few levels of chat records ({"messages":[{"content":[{"text":…}]}]}),
// small enough that writing a value back recurses harmlessly.
inline constexpr int kMaxJsonDepth = 64;

// Parses one JSON text. Fails (kInvalidArgument) with a message for the
// output record: "invalid UTF-8 at byte N", "invalid JSON (parse error at
// byte N)", "invalid JSON (number out of range at byte N)" for a number
// beyond a double's range (1e400), "invalid JSON (nested deeper than 64
// levels)". Numbers with a fraction or an exponent and integers beyond 64
// bits are held as their original text (see DumpJson); other integers are
// ordinary JSON integers. Byte positions count from 1.
absl::StatusOr<nlohmann::ordered_json> ParseJson(std::string_view text);

// The "id" of a line that ParseJson() refuses, so that the error can name
// the record or stream it belongs to: the value of the last "id" key of the
// outermost object, found by a scan that reads past the error (an "id"
// after a bad delta counts too), when that value is a valid string,
// number, boolean or null (invalid UTF-8 replaced by U+FFFD). nullopt
// otherwise.
std::optional<nlohmann::ordered_json> RecoverId(std::string_view text);

// One line of output (without '\n'): compact, UTF-8 kept as is, any invalid
// UTF-8 in strings replaced by U+FFFD, numbers kept by ParseJson written as
// they were read. `value` must come from ParseJson or be built in code with
// no deeper nesting than that (writing recurses once per level).
std::string DumpJson(const nlohmann::ordered_json& value);
// DumpJson(value), appended to `out`.
void AppendJson(const nlohmann::ordered_json& value, std::string* out);

// A value inside the one being written that `write` writes instead (valid
// compact JSON, as DumpJson would write it): for a part too large to hold
// as a document, such as a record's matches.
struct JsonSplice {
  const nlohmann::ordered_json* at;
  absl::FunctionRef<void(std::string*)> write;
};
// AppendJson(value, out), with the value at `splice.at` written by
// `splice.write`.
void AppendJson(const nlohmann::ordered_json& value, const JsonSplice& splice,
                std::string* out);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_JSON_IO_H_
