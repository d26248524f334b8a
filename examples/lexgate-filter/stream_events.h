// Parsing of --stream input events (see stream_mode.h for the protocol),
// apart from the stream bookkeeping so that it can be tested and fuzzed on
// its own.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_STREAM_EVENTS_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_STREAM_EVENTS_H_

#include <optional>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace lexgate_filter {

struct StreamEvent {
  // The stream's id (any JSON value), when the event names one; also set
  // for most rejected events, so that the error can name the stream.
  std::optional<nlohmann::ordered_json> id;
  // The stream's key: the id written as JSON (json_io.h), so that 1, "1"
  // and 1.0 are different streams and long integers stay distinct.
  std::string key;
  std::optional<std::string> delta;  // more text of the stream
  bool done = false;                 // the stream ends
  // Why the event is rejected; empty for a valid event.
  std::string error;
};

// Parses one non-blank input line (with ParseJson's limits). Never throws.
// A line that is not valid UTF-8 or not valid JSON is rejected; its id is
// still recovered when possible (RecoverId, json_io.h), so that the caller
// learns which stream lost a delta.
StreamEvent ParseStreamEvent(std::string_view line);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_STREAM_EVENTS_H_
