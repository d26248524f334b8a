// --audit-key-file: one audit record (lexgate/audit.h) per match, as a line
// of JSON on standard error, with a keyed HMAC-SHA256 instead of the text.
// Each record also says which text it belongs to: "file" and "line" (the
// record's number in its file, from 1) in the filter and search modes,
// the stream's "id" in --stream, right after "type".
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_AUDIT_LOG_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_AUDIT_LOG_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "lexgate/audit.h"
#include "lexgate/match.h"
#include "lexgate/stream.h"
#include "nlohmann/json.hpp"

namespace lexgate_filter {

// Thread safety: not thread-safe (one per run).
class AuditLog {
 public:
  // Reads the key file (hex digits, see lexgate::AuditKey::FromFile); null
  // when `key_file` is empty (no auditing).
  static absl::StatusOr<std::unique_ptr<AuditLog>> Open(
      const std::string& key_file);

  // The records of `result`, the result of scanning `text` (record `line`
  // of `file`) with the engine whose fingerprint is `fingerprint`, as JSON
  // lines, for the caller to write (Lines() runs on the threads that scan;
  // the run writes in input order). An error when they could not be made.
  absl::StatusOr<std::string> Lines(std::string_view text,
                                    const lexgate::ScanResult& result,
                                    std::string_view fingerprint,
                                    std::string_view file, uint64_t line) const;
  // Writes the lines (or the error) to stderr; false on an error.
  static bool Emit(const absl::StatusOr<std::string>& lines);
  // Writes the records of what `stream` (the stream `id` of --stream)
  // decided; false (the error on stderr) when they could not be made.
  bool Write(const lexgate::Stream& stream, std::string_view fingerprint,
             const nlohmann::ordered_json& id);

 private:
  explicit AuditLog(lexgate::AuditKey key) : key_(std::move(key)) {}
  // The records as JSON lines, `where` (members such as "line":3, with no
  // comma around them) added to each after "type".
  static absl::StatusOr<std::string> Format(
      const absl::StatusOr<std::vector<lexgate::AuditRecord>>& records,
      std::string_view where);

  lexgate::AuditKey key_;
};

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_AUDIT_LOG_H_
