// JSON Lines input: one JSON object per line, the text to screen in one of
// its string fields (--field).
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_JSONL_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_JSONL_H_

#include <string>
#include <string_view>

#include "json_pointer.h"
#include "nlohmann/json.hpp"

namespace lexgate_filter {

struct JsonlRecord {
  // The input object, keys in input order; when the line is not a JSON
  // object, empty or holding only the id recovered from it (RecoverId).
  // Null until ParseJsonlLine(): a record of plain text allocates nothing.
  nlohmann::ordered_json object;
  // Why the line cannot be screened; empty when `field` was found.
  std::string error;
  // The field to screen, inside `object` (valid while `object` is not
  // moved or changed).
  JsonPointer::Target field{};
};

// True for a line of only spaces and tabs, which JSONL mode skips.
bool IsBlankLine(std::string_view line);

// Parses one input line (with ParseJson's limits, json_io.h) into `record`
// and finds `field` in it. Never throws: whatever the line holds, the
// record has a field or an error. `record` must not move afterwards.
void ParseJsonlLine(std::string_view line, const JsonPointer& field,
                    JsonlRecord* record);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_JSONL_H_
