#include "jsonl.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "json_io.h"
#include "json_pointer.h"
#include "lexgate/status.h"
#include "nlohmann/json.hpp"

namespace lexgate_filter {

using nlohmann::ordered_json;

bool IsBlankLine(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

void ParseJsonlLine(std::string_view line, const JsonPointer& field,
                    JsonlRecord* record) {
  record->object = ordered_json::object();
  absl::StatusOr<ordered_json> parsed = ParseJson(line);
  if (!parsed.ok()) {
    record->error = lexgate::StatusMessage(parsed.status());
    // The output keeps the record's id, so that the error can be matched
    // to its input.
    if (std::optional<ordered_json> id = RecoverId(line)) {
      record->object["id"] = *std::move(id);
    }
    return;
  }
  if (!parsed->is_object()) {
    record->error = "not a JSON object";
    return;
  }
  record->object = *std::move(parsed);
  absl::StatusOr<JsonPointer::Target> target = field.Find(record->object);
  if (!target.ok()) {
    record->error = lexgate::StatusMessage(target.status());
    return;
  }
  record->field = *std::move(target);
}

}  // namespace lexgate_filter
