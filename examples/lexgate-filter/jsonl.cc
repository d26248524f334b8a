#include "jsonl.h"

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "json_io.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"
#include "nlohmann/json.hpp"
#include "utf8_offsets.h"

namespace lexgate_filter {

using nlohmann::ordered_json;

bool IsBlankLine(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

JsonlRecord ParseJsonlLine(std::string_view line) {
  JsonlRecord record;
  absl::StatusOr<ordered_json> parsed = ParseJson(line);
  if (!parsed.ok()) {
    record.error = std::string(parsed.status().message());
    // The output keeps the record's id, so that the error can be matched
    // to its input.
    if (std::optional<ordered_json> id = RecoverId(line)) {
      record.object["id"] = *std::move(id);
    }
    return record;
  }
  if (!parsed->is_object()) {
    record.error = "not a JSON object";
    return record;
  }
  record.object = *std::move(parsed);
  auto text = record.object.find("text");
  if (text == record.object.end()) {
    record.error = "missing field \"text\"";
  } else if (!text->is_string()) {
    record.error = "field \"text\" is not a string";
  }
  return record;
}

ordered_json MatchesJson(const std::string& text,
                         const std::vector<lexgate::Match>& found,
                         CodePointOffsets* offsets) {
  offsets->Reset(text);
  for (const lexgate::Match& match : found) {
    offsets->Add(match.start);
    offsets->Add(match.end);
  }
  offsets->Convert();

  ordered_json matches = ordered_json::array();
  for (const lexgate::Match& match : found) {
    ordered_json m = ordered_json::object();
    m["rule"] = match.rule;
    m["category"] = match.category;
    m["action"] = std::string(lexgate::ActionName(match.action));
    m["severity"] = match.severity;
    m["start"] = offsets->Start(match.start);
    m["end"] = offsets->End(match.end);
    m["text"] = match.text;
    // Why it matched, to triage a false positive and write the allow rule.
    m["pattern"] = match.pattern;
    m["variant"] = std::string(lexgate::VariantName(match.variant));
    matches.push_back(std::move(m));
  }
  return matches;
}

void AddScanResult(const lexgate::Engine& engine, const std::string& text,
                   const lexgate::ScanResult& result, ordered_json* object,
                   CodePointOffsets* offsets) {
  ordered_json matches = MatchesJson(text, result.matches, offsets);
  std::string redacted = result.empty() ? text : engine.Redact(text, result);
  // `text` may live inside `object`: inserting a key can move it, so it is
  // not used past this point.
  (*object)["verdict"] = std::string(lexgate::ActionName(result.verdict));
  (*object)["redacted"] = std::move(redacted);
  (*object)["matches"] = std::move(matches);
}

}  // namespace lexgate_filter
