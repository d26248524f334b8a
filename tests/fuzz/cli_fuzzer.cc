// lexgate-filter's input parsing: one --jsonl record line, one --stream
// event line, and one --field JSON pointer
// (examples/lexgate-filter/{jsonl,stream_events,json_io,json_pointer}.h).
//
// Input: one line.
// Properties: parsing never crashes, throws or recurses with the input's
// nesting; a line is either accepted or gets an error message; what is
// accepted writes back as valid UTF-8 and reads back to the same text
// (numbers kept as written); an accepted record's field is a string inside
// an object; an accepted event has an id and a delta or done; a pointer
// that parses finds a string or says why not, whatever the record.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "fuzz/fuzz_checks.h"
#include "json_io.h"
#include "json_pointer.h"
#include "jsonl.h"
#include "nlohmann/json.hpp"
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

  static const lexgate_filter::JsonPointer kFields[] = {
      *lexgate_filter::JsonPointer::Parse("text"),
      *lexgate_filter::JsonPointer::Parse("/messages/0/content")};
  for (const lexgate_filter::JsonPointer& field : kFields) {
    lexgate_filter::JsonlRecord record;
    lexgate_filter::ParseJsonlLine(line, field, &record);
    LEXGATE_FUZZ_CHECK(record.object.is_object(), context);
    if (record.error.empty()) {
      LEXGATE_FUZZ_CHECK(value.ok(), context);
      LEXGATE_FUZZ_CHECK(record.field.holder != nullptr &&
                             record.field.holder->is_object() &&
                             record.field.text != nullptr,
                         context);
      const auto text = record.field.holder->find(record.field.key);
      LEXGATE_FUZZ_CHECK(
          text != record.field.holder->end() &&
              &text->get_ref<const std::string&>() == record.field.text,
          context);
    }
  }

  // The line as a --field spec, looked up in a record that has a little of
  // everything.
  auto pointer = lexgate_filter::JsonPointer::Parse(line);
  LEXGATE_FUZZ_CHECK(pointer.ok() || !pointer.status().message().empty(),
                     context);
  if (pointer.ok()) {
    static const nlohmann::ordered_json kRecord = nlohmann::ordered_json::parse(
        R"({"text":"t","a/b":{"~c":"x","":["y",{"z":"w"}]},"n":1})");
    nlohmann::ordered_json record = kRecord;
    auto target = pointer->Find(record);
    if (target.ok()) {
      LEXGATE_FUZZ_CHECK(
          target->holder->is_object() && target->holder->contains(target->key),
          context);
    } else {
      LEXGATE_FUZZ_CHECK(!target.status().message().empty(), context);
    }
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
  // The id a bad line is blamed on is read by a scan of its own: on a line
  // the parser takes, that scan must find the id the parser found.
  if (value.ok() && value->is_object()) {
    const auto id = value->find("id");
    const std::optional<nlohmann::ordered_json> recovered =
        lexgate_filter::RecoverId(line);
    if (id != value->end() && !id->is_structured()) {
      LEXGATE_FUZZ_CHECK(
          recovered.has_value() && lexgate_filter::DumpJson(*recovered) ==
                                       lexgate_filter::DumpJson(*id),
          context);
    } else {
      LEXGATE_FUZZ_CHECK(!recovered.has_value(), context);
    }
  }
  return 0;
}
