#include "record_handler.h"

#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "decorate.h"
#include "json_io.h"
#include "json_schema.h"
#include "jsonl.h"
#include "lexgate/engine.h"
#include "lexgate/offsets.h"
#include "lexgate/status.h"
#include "nlohmann/json.hpp"
#include "options.h"

namespace lexgate_filter {
namespace {

using nlohmann::ordered_json;

// Marks `slot` as failed for memory: the flag first (it allocates
// nothing and decides), then the message if memory allows.
void MarkOutOfMemory(RecordSlot* slot) {
  slot->out_of_memory = true;
  slot->report_error = true;
  try {
    slot->error = kRecordOutOfMemory;
  } catch (const std::bad_alloc&) {
    // the flag alone marks it (Collect() then says kRecordOutOfMemory)
  }
}

std::string_view TextEnd(Framing framing) {
  switch (framing) {
    case Framing::kNul:
      return std::string_view("\0", 1);
    case Framing::kWholeFile:
      return "";
    case Framing::kLines:
      break;
  }
  return "\n";
}

// Only --matches-only, the JSON outputs and the audit log show a match's
// text, pattern or variant; redacting reads the spans' bytes from the text.
lexgate::MatchDetail DetailFor(const Options& options, const AuditLog* audit) {
  const bool shown = audit != nullptr || options.mode == Mode::kMatchesOnly ||
                     options.mode == Mode::kJson ||
                     (options.mode == Mode::kFilter && options.jsonl);
  return shown ? lexgate::MatchDetail::kFull : lexgate::MatchDetail::kBrief;
}

// Drops the Result fields that tell a verdict ("verdict", "redacted",
// "matches") from `object`, when it is an object.
void EraseVerdictFields(ordered_json* object) {
  if (!object->is_object()) return;
  for (const char* name : {"verdict", "redacted", "matches"}) {
    object->erase(name);
  }
}

// Whether `record` is the header a lexgate writer put first
// (docs/json-schema.md): its "type", its schema version, its versions and
// fingerprint.
bool IsLexgateHeader(const ordered_json& record) {
  if (!record.is_object()) return false;
  const auto type = record.find("type");
  const auto v = record.find("v");
  return type != record.end() && *type == "header" && v != record.end() &&
         *v == kSchemaVersion && record.contains("lexgate") &&
         record.contains("fingerprint");
}

// The start of a --json record: where the text came from.
ordered_json JsonRecord(std::string_view file, uint64_t line,
                        std::string_view text) {
  ordered_json record = ordered_json::object();
  record["v"] = kSchemaVersion;
  record["type"] = "record";
  record["file"] = file;
  record["line"] = line;
  record["text"] = text;
  return record;
}

}  // namespace

RecordHandler::RecordHandler(const lexgate::Engine& engine,
                             const Options& options, const JsonPointer& field,
                             Decorator decorator, bool keep_matches,
                             const AuditLog* audit)
    : engine_(engine),
      options_(options),
      field_(field),
      decorator_(decorator),
      keep_matches_(keep_matches),
      audit_(audit),
      detail_(DetailFor(options, audit)),
      text_end_(TextEnd(options.framing)),
      line_end_(options.framing == Framing::kNul ? std::string_view("\0", 1)
                                                 : "\n") {}

std::string_view RecordHandler::Prepare(RecordSlot* slot) const {
  try {
    return PrepareText(slot);
  } catch (const std::bad_alloc&) {
    MarkOutOfMemory(slot);
    return "";
  }
}

void RecordHandler::Finish(std::string_view file,
                           absl::StatusOr<lexgate::ScanResult> result,
                           RecordSlot* slot) const {
  try {
    FinishRecord(file, std::move(result), slot);
  } catch (const std::bad_alloc&) {
    OutOfMemory(file, slot);
  }
}

void RecordHandler::OutOfMemory(std::string_view file, RecordSlot* slot) const {
  MarkOutOfMemory(slot);
  // Whatever was written for the record goes: a half-written result must
  // not pass for the record's output. (Swapping with empty containers
  // allocates nothing.)
  std::string().swap(slot->out);
  std::vector<lexgate::Match>().swap(slot->found);
  try {
    WriteError(file, slot);
  } catch (const std::bad_alloc&) {
    std::string().swap(slot->out);  // the error on stderr only
  }
}

std::string_view RecordHandler::PrepareText(RecordSlot* slot) const {
  if (!slot->error.empty()) return "";  // not read (an oversized record)
  if (!options_.jsonl) {
    slot->text_bytes = slot->bytes.size();
    return slot->bytes;
  }
  if (IsBlankLine(slot->bytes)) {
    slot->skip = true;
    return "";
  }
  ParseJsonlLine(slot->bytes, field_, &slot->jsonl);
  if (!slot->jsonl.error.empty()) {
    if (IsLexgateHeader(slot->jsonl.object) &&
        field_.Value(slot->jsonl.object) == nullptr) {
      // The header of output screened again: this run writes its own, and
      // a second one would give readers (who tell it by its "type") the
      // old rules' fingerprint. It holds no text to screen.
      slot->skip = true;
      return "";
    }
    slot->error = slot->jsonl.error;
    return "";
  }
  DropEarlierError(slot);
  if (!slot->error.empty()) return "";
  slot->text_bytes = slot->jsonl.field.text->size();
  return *slot->jsonl.field.text;
}

void RecordHandler::DropEarlierError(RecordSlot* slot) const {
  // A record screened again that was in error then has an "error" at the
  // top level, where WriteError() puts it (beside the field, WriteResult()
  // drops it): not this run's. A record in error now gets a new one.
  ordered_json& record = slot->jsonl.object;
  const auto error = record.find("error");
  if (slot->jsonl.field.holder == &record || error == record.end() ||
      !error->is_string()) {
    return;  // none, or beside the field, or not an error (it holds data)
  }
  record.erase(error);
  // Erasing moved the record's other keys, the field's holder among them.
  absl::StatusOr<JsonPointer::Target> field = field_.Find(record);
  if (field.ok()) {
    slot->jsonl.field = *std::move(field);
  } else {  // cannot be: the field was found, and "error" held a string
    slot->error = std::string(field.status().message());
  }
}

void RecordHandler::FinishRecord(std::string_view file,
                                 absl::StatusOr<lexgate::ScanResult> result,
                                 RecordSlot* slot) const {
  if (slot->skip) return;
  if (slot->error.empty() && !result.ok()) {
    // Fail closed: the record is an error, and never clean output.
    slot->error =
        absl::StrCat("scan failed: ", lexgate::StatusMessage(result.status()));
    slot->report_error = true;
  }
  if (!slot->error.empty() || slot->out_of_memory) {
    WriteError(file, slot);
    return;
  }
  const std::string_view text =
      options_.jsonl ? std::string_view(*slot->jsonl.field.text) : slot->bytes;
  slot->matches = result->matches.size();
  slot->blocked = result->verdict == lexgate::Action::kBlock;
  // Before WriteResult: adding keys to a --jsonl record may move `text`.
  if (audit_ != nullptr) {
    slot->audit =
        audit_->Lines(text, *result, engine_.fingerprint(), file, slot->number);
  }
  WriteResult(file, text, *result, slot);
  if (keep_matches_) slot->found = std::move(result->matches);
}

void RecordHandler::WriteError(std::string_view file, RecordSlot* slot) const {
  std::string& out = slot->out;
  if (options_.mode == Mode::kFilter && options_.jsonl) {
    // An error record is a record of the schema too (docs/json-schema.md).
    // Fail closed: the field it was asked to screen is refused, as a plain
    // text in error is, never written back unscreened (a scan that failed,
    // a field that is an array of strings).
    if (slot->jsonl.object.is_object()) {
      if (ordered_json* value = field_.Value(slot->jsonl.object)) {
        *value = options_.refusal;
      }
      // Nor does a result of an earlier screening survive beside the error
      // (output of lexgate-filter screened again): its "allow" or unmasked
      // "redacted" would read as this run's. Results only ever go into the
      // object that holds the field; no other key is touched.
      if (ordered_json* holder = field_.Holder(slot->jsonl.object)) {
        EraseVerdictFields(holder);
      }
    }
    slot->jsonl.object["v"] = kSchemaVersion;
    slot->jsonl.object["error"] = slot->error;
    out = DumpJson(slot->jsonl.object);
    out.push_back('\n');
  } else if (options_.mode == Mode::kFilter) {
    // Fail closed: a text that could not be scanned is refused.
    decorator_.AppendPrefix(file, slot->number, &out);
    decorator_.AppendColored(options_.refusal, lexgate::Action::kBlock, &out);
    if (slot->crlf) out.push_back('\r');
    out.append(text_end_);
    slot->report_error = true;
  } else if (options_.mode == Mode::kJson) {
    ordered_json record = JsonRecord(file, slot->number, slot->bytes);
    record["error"] = slot->error;
    out = DumpJson(record);
    out.push_back('\n');
  } else {
    slot->report_error = true;  // no room for it in the output
  }
}

void RecordHandler::WriteResult(std::string_view file, std::string_view text,
                                const lexgate::ScanResult& result,
                                RecordSlot* slot) const {
  std::string& out = slot->out;
  switch (options_.mode) {
    case Mode::kFilter:
      if (options_.jsonl) {
        ordered_json& holder = *slot->jsonl.field.holder;
        const std::vector<lexgate::CharSpan> spans =
            AddResultFields(engine_, text, result, &holder);
        // An "error" of an earlier screening beside the field is not this
        // result's (one at the top level: DropEarlierError()).
        holder.erase("error");
        // After the results: adding keys may move the text they read.
        if (decorator_.with_filename()) holder["file"] = file;
        if (decorator_.line_numbers()) holder["line"] = slot->number;
        out.clear();
        AppendResultJson(slot->jsonl.object, holder, result, spans, &out);
        out.push_back('\n');
        return;
      }
      decorator_.AppendPrefix(file, slot->number, &out);
      if (slot->blocked) {
        decorator_.AppendColored(options_.refusal, lexgate::Action::kBlock,
                                 &out);
      } else if (result.empty()) {
        out.append(text);
      } else {
        decorator_.AppendRedacted(engine_, text, result, &out);
      }
      if (slot->crlf) out.push_back('\r');
      out.append(text_end_);
      return;
    case Mode::kMatchesOnly:
      for (const lexgate::Match& match : result.matches) {
        decorator_.AppendPrefix(file, slot->number, &out);
        absl::StrAppend(&out, match.rule, "\t");
        decorator_.AppendColored(match.text, match.action, &out);
        out.append(line_end_);
      }
      return;
    case Mode::kJson: {
      if (result.empty()) return;
      ordered_json record = JsonRecord(file, slot->number, text);
      const std::vector<lexgate::CharSpan> spans =
          AddResultFields(engine_, text, result, &record);
      out.clear();
      AppendResultJson(record, record, result, spans, &out);
      out.push_back('\n');
      return;
    }
    case Mode::kTotal:
    case Mode::kQuiet:
    case Mode::kCountLines:
    case Mode::kFiles:
      return;  // counted by the main thread
  }
}

}  // namespace lexgate_filter
