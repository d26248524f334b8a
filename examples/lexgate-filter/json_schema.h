// The JSON that lexgate writes, one schema for --jsonl, --json and --stream
// (docs/json-schema.md): every record carries "v": kSchemaVersion, offsets
// are code points, and a run's output starts with one header record that
// names the versions and the engine fingerprint.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_JSON_SCHEMA_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_JSON_SCHEMA_H_

#include <string_view>
#include <vector>

#include "lexgate/engine.h"
#include "lexgate/match.h"
#include "lexgate/stream.h"
#include "nlohmann/json.hpp"

namespace lexgate_filter {

// Raised on an incompatible change of any record's fields.
inline constexpr int kSchemaVersion = 1;

// {"v":1,"type":"header","lexgate":…,"hyperscan":…,"icu":…,
//  "fingerprint":…}
nlohmann::ordered_json HeaderJson(const lexgate::Engine& engine);

// The "matches" array: {"rule","category","action","severity","start",
// "end","text"} per match, start/end from `spans` (code points).
nlohmann::ordered_json MatchesJson(const std::vector<lexgate::Match>& matches,
                                   const std::vector<lexgate::CharSpan>& spans);
// The same array, written to `out` (as DumpJson() would) one match at a
// time: a long stream can end with hundreds of thousands of matches, and
// a JSON document of them all costs over a kilobyte per match.
void AppendMatchesJson(const std::vector<lexgate::Match>& matches,
                       const std::vector<lexgate::CharSpan>& spans,
                       std::string* out);

// Adds "v", "verdict", "redacted" and "matches" (code-point offsets into
// `text`) to `object`, replacing fields of those names. `text` may live
// inside `object`.
void AddResultFields(const lexgate::Engine& engine, std::string_view text,
                     const lexgate::ScanResult& result,
                     nlohmann::ordered_json* object);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_JSON_SCHEMA_H_
