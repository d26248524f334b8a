// JSON Lines mode: one JSON object with a string "text" per line in, the same
// object with the scan result added per line out.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_JSONL_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_JSONL_H_

#include <string>
#include <string_view>
#include <vector>

#include "lexgate/engine.h"
#include "nlohmann/json.hpp"
#include "utf8_offsets.h"

namespace lexgate_filter {

struct JsonlRecord {
  // The input object, keys in input order; when the line is not a JSON
  // object, empty or holding only the id recovered from it (RecoverId).
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  // Why the line cannot be screened; empty when object["text"] is a string.
  std::string error;
};

// True for a line of only spaces and tabs, which JSONL mode skips.
bool IsBlankLine(std::string_view line);

// Parses one input line (with ParseJson's limits, json_io.h). Never throws:
// whatever the line holds, the record has an object or an error.
JsonlRecord ParseJsonlLine(std::string_view line);

// Adds "verdict", "redacted" and "matches" (code-point offsets into `text`)
// to `object`, overwriting fields of those names in place. `text` may refer
// to object["text"]. `offsets` is scratch space reused across lines.
void AddScanResult(const lexgate::Engine& engine, const std::string& text,
                   const lexgate::ScanResult& result,
                   nlohmann::ordered_json* object, CodePointOffsets* offsets);

// The "matches" array: code-point offsets into `text`.
nlohmann::ordered_json MatchesJson(const std::string& text,
                                   const std::vector<lexgate::Match>& matches,
                                   CodePointOffsets* offsets);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_JSONL_H_
