#include "stream_events.h"

#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "json_io.h"
#include "nlohmann/json.hpp"

namespace lexgate_filter {
namespace {

using nlohmann::ordered_json;

// Sets the event's id from `object`; false when it has none.
bool TakeId(ordered_json& object, StreamEvent* event) {
  const auto id = object.find("id");
  if (id == object.end()) return false;
  event->id = std::move(*id);
  event->key = DumpJson(*event->id);
  return true;
}

}  // namespace

StreamEvent ParseStreamEvent(std::string_view line) {
  StreamEvent event;
  absl::StatusOr<ordered_json> parsed = ParseJson(line);
  if (!parsed.ok()) {
    event.error = std::string(parsed.status().message());
    // A delta with a raw byte or a character cut in two loses the whole
    // event: say which stream lost it.
    event.id = RecoverId(line);
    if (event.id) event.key = DumpJson(*event.id);
    return event;
  }
  if (!parsed->is_object() || !TakeId(*parsed, &event)) {
    event.error = "an event needs an \"id\"";
    return event;
  }
  const auto delta = parsed->find("delta");
  const auto done = parsed->find("done");
  if (delta != parsed->end() && !delta->is_string()) {
    event.error = "\"delta\" is not a string";
  } else if (done != parsed->end() && *done != true) {
    event.error = "\"done\" must be true";
  } else if (delta == parsed->end() && done == parsed->end()) {
    event.error = "an event needs \"delta\" or \"done\"";
  } else {
    if (delta != parsed->end()) {
      event.delta = std::move(delta->get_ref<std::string&>());
    }
    event.done = done != parsed->end();
  }
  return event;
}

}  // namespace lexgate_filter
