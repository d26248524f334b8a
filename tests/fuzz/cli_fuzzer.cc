// lexgate-filter's input parsing: one --jsonl record line and one --stream
// event line (examples/lexgate-filter/{jsonl,stream_events,json_io}.h).
//
// Input: one line.
// Properties: parsing never crashes, throws or recurses with the input's
// nesting; a line is either accepted or gets an error message; what is
// accepted writes back as valid UTF-8 and reads back to the same text
// (numbers kept as written); an accepted record has a string "text"; an
// accepted event has an id and a delta or done.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "fuzz/fuzz_checks.h"
#include "json_io.h"
#include "jsonl.h"
#include "stream_events.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using lexgate::fuzz::Escaped;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const std::string context = absl::StrCat("line \"", Escaped(line), "\"");
  const bool valid_utf8 = lexgate::fuzz::IsValidUtf8(line);

  auto value = lexgate_filter::ParseJson(line);
  LEXGATE_FUZZ_CHECK(value.ok() || !value.status().message().empty(), context);
  LEXGATE_FUZZ_CHECK(valid_utf8 || !value.ok(), context);
  if (value.ok()) {
    const std::string dumped = lexgate_filter::DumpJson(*value);
    LEXGATE_FUZZ_CHECK(lexgate::fuzz::IsValidUtf8(dumped), context);
    auto again = lexgate_filter::ParseJson(dumped);
    LEXGATE_FUZZ_CHECK(again.ok(), absl::StrCat(context, ", written \"",
                                                Escaped(dumped), "\""));
    LEXGATE_FUZZ_CHECK(
        lexgate_filter::DumpJson(*again) == dumped,
        absl::StrCat(context, ", written \"", Escaped(dumped), "\""));
  }

  const lexgate_filter::JsonlRecord record =
      lexgate_filter::ParseJsonlLine(line);
  if (record.error.empty()) {
    LEXGATE_FUZZ_CHECK(value.ok() && record.object.is_object(), context);
    const auto text = record.object.find("text");
    LEXGATE_FUZZ_CHECK(text != record.object.end() && text->is_string(),
                       context);
  } else {
    LEXGATE_FUZZ_CHECK(record.object.is_object(), context);
  }

  const lexgate_filter::StreamEvent event =
      lexgate_filter::ParseStreamEvent(line);
  if (event.error.empty()) {
    LEXGATE_FUZZ_CHECK(value.ok() && event.id.has_value(), context);
    LEXGATE_FUZZ_CHECK(event.delta.has_value() || event.done, context);
  }
  if (event.id.has_value()) {
    LEXGATE_FUZZ_CHECK(event.key == lexgate_filter::DumpJson(*event.id),
                       context);
  }
  return 0;
}
