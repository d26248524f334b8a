// The work on one input record, done on ScanMany's worker threads: reading
// it (parsing --jsonl), then, with its scan result, writing its output in
// the format of the mode. The main thread only reads, and writes the
// records' outputs in input order.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_RECORD_HANDLER_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_RECORD_HANDLER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "audit_log.h"
#include "decorate.h"
#include "json_pointer.h"
#include "jsonl.h"
#include "lexgate/engine.h"
#include "options.h"

namespace lexgate_filter {

// The error of a record that memory ran out for.
inline constexpr char kRecordOutOfMemory[] =
    "out of memory: the record could not be screened";

// One record on its way through a batch.
struct RecordSlot {
  RecordSlot(std::string_view bytes, uint64_t number)
      : bytes(bytes), number(number) {}

  std::string_view bytes;  // as read, without its delimiter
  uint64_t number;         // line (record) number in its file, from 1
  // A line that ended in "\r\n" (not in `bytes`): the filter writes it
  // back with its '\r', so that Windows text keeps its line ends.
  bool crlf = false;

  bool skip = false;  // a blank --jsonl line: no text, no output
  JsonlRecord jsonl;  // --jsonl: the parsed record
  size_t text_bytes = 0;
  // Why the record could not be read or scanned; empty when it was.
  std::string error;
  // Whether `error` must go to stderr: it is not in the output, or the
  // scan failed (which is always worth a line on stderr).
  bool report_error = false;
  // Memory ran out while the record was handled: an error whatever else
  // the slot says (set first, without allocating; `error` may be empty
  // if even the message could not be stored).
  bool out_of_memory = false;

  std::string out;  // the bytes to write for this record
  size_t matches = 0;
  bool blocked = false;
  std::vector<lexgate::Match> found;  // kept for --stats
  // --audit-key-file: the record's audit lines, or why they could not be
  // made; written to stderr in input order.
  absl::StatusOr<std::string> audit = std::string();
};

// Thread safety: immutable; Prepare() and Finish() run on many threads at
// once, each on its own slot.
class RecordHandler {
 public:
  // `audit` may be null (no --audit-key-file).
  RecordHandler(const lexgate::Engine& engine, const Options& options,
                const JsonPointer& field, Decorator decorator,
                bool keep_matches, const AuditLog* audit);

  // The text to scan for `slot` (empty for a record that has none, which
  // then has `skip` or `error` set). Prepare() and Finish() run on
  // Engine::ScanMany()'s threads and never throw: a record that memory
  // cannot hold becomes an error record (fail closed).
  std::string_view Prepare(RecordSlot* slot) const;

  // What Finish() reads of each match: kBrief (no match text, pattern or
  // variant) unless the output shows them.
  lexgate::MatchDetail detail() const { return detail_; }

  // Writes the output of `slot` from its scan result. `file` is the name
  // shown for the input.
  void Finish(std::string_view file, absl::StatusOr<lexgate::ScanResult> result,
              RecordSlot* slot) const;

 private:
  std::string_view PrepareText(RecordSlot* slot) const;
  // Drops the top-level "error" an earlier run wrote into a --jsonl record
  // whose field is nested (found again afterwards).
  void DropEarlierError(RecordSlot* slot) const;
  void FinishRecord(std::string_view file,
                    absl::StatusOr<lexgate::ScanResult> result,
                    RecordSlot* slot) const;
  // `slot` ran out of memory: an error record, as far as memory allows;
  // never throws.
  void OutOfMemory(std::string_view file, RecordSlot* slot) const;
  void WriteError(std::string_view file, RecordSlot* slot) const;
  void WriteResult(std::string_view file, std::string_view text,
                   const lexgate::ScanResult& result, RecordSlot* slot) const;

  const lexgate::Engine& engine_;
  const Options& options_;
  const JsonPointer& field_;
  const Decorator decorator_;
  const bool keep_matches_;
  const AuditLog* const audit_;
  const lexgate::MatchDetail detail_;
  // Ends a record of text output: '\n', NUL with -z, nothing with
  // --whole-file (the text keeps its own line ends).
  const std::string_view text_end_;
  // Ends a line of --matches-only: NUL with -z, else '\n'.
  const std::string_view line_end_;
};

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_RECORD_HANDLER_H_
