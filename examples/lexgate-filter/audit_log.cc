#include "audit_log.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "options.h"

namespace lexgate_filter {

absl::StatusOr<std::unique_ptr<AuditLog>> AuditLog::Open(
    const std::string& key_file) {
  if (key_file.empty()) return std::unique_ptr<AuditLog>();
  absl::StatusOr<lexgate::AuditKey> key = lexgate::AuditKey::FromFile(key_file);
  if (!key.ok()) return key.status();
  return std::unique_ptr<AuditLog>(new AuditLog(*std::move(key)));
}

absl::StatusOr<std::string> AuditLog::Lines(
    std::string_view text, const lexgate::ScanResult& result,
    std::string_view fingerprint) const {
  return Format(lexgate::MakeAuditRecords(key_, text, result, fingerprint));
}

bool AuditLog::Write(const lexgate::Stream& stream,
                     std::string_view fingerprint) {
  return Emit(Format(lexgate::MakeAuditRecords(key_, stream, fingerprint)));
}

absl::StatusOr<std::string> AuditLog::Format(
    const absl::StatusOr<std::vector<lexgate::AuditRecord>>& records) {
  if (!records.ok()) return records.status();
  std::string lines;
  for (const lexgate::AuditRecord& record : *records) {
    lines += lexgate::AuditRecordJson(record);
    lines += '\n';
  }
  return lines;
}

bool AuditLog::Emit(const absl::StatusOr<std::string>& lines) {
  if (!lines.ok()) {
    std::fprintf(stderr, "%s: audit record failed: %s\n", kProgramName,
                 std::string(lines.status().message()).c_str());
    return false;
  }
  // One write per text, so that records of one text stay together. A record
  // that could not be written (stderr full or closed) is an error of the
  // run: an audit trail with holes must not end in exit status 0.
  if (lines->empty()) return true;
  if (std::fwrite(lines->data(), 1, lines->size(), stderr) != lines->size() ||
      std::ferror(stderr)) {
    std::clearerr(stderr);
    std::fprintf(stderr, "%s: audit record failed: error writing stderr\n",
                 kProgramName);
    return false;
  }
  return true;
}

}  // namespace lexgate_filter
