// The JSON that lexgate writes, one schema for --jsonl, --json and --stream
// (docs/json-schema.md): every record carries "v": kSchemaVersion, offsets
// are code points, and a run's output starts with one header record that
// names the versions and the engine fingerprint.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_JSON_SCHEMA_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_JSON_SCHEMA_H_

#include <array>
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

// The "matches" array, {"rule","category","action","severity","start",
// "end","text","pattern","variant"} per match, start/end from `spans`
// (code points), written to `out` (as DumpJson() would) one match at a
// time: a long text can have hundreds of thousands of matches, and a JSON
// document of them all costs over a kilobyte per match.
void AppendMatchesJson(const std::vector<lexgate::Match>& matches,
                       const std::vector<lexgate::CharSpan>& spans,
                       std::string* out);

// The fields AddResultFields() adds to a record, in this order.
inline constexpr std::array<std::string_view, 4> kResultFields = {
    "v", "verdict", "redacted", "matches"};

// Adds kResultFields to `object`, replacing fields of those names; "matches"
// is left an empty array for AppendResultJson() to write. Returns the matches'
// code-point spans in `text`. `text` may live inside `object`.
std::vector<lexgate::CharSpan> AddResultFields(
    const lexgate::Engine& engine, std::string_view text,
    const lexgate::ScanResult& result, nlohmann::ordered_json* object);

// Appends `root` as DumpJson() would, with the "matches" of `holder` (the
// object inside `root` that AddResultFields() filled) written by
// AppendMatchesJson(result.matches, spans).
void AppendResultJson(const nlohmann::ordered_json& root,
                      const nlohmann::ordered_json& holder,
                      const lexgate::ScanResult& result,
                      const std::vector<lexgate::CharSpan>& spans,
                      std::string* out);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_JSON_SCHEMA_H_
