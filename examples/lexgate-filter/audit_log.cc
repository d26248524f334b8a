#include "audit_log.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "json_io.h"
#include "options.h"

namespace lexgate_filter {

absl::StatusOr<std::unique_ptr<AuditLog>> AuditLog::Open(
    const std::string& key_file) {
  if (key_file.empty()) return std::unique_ptr<AuditLog>();
  absl::StatusOr<lexgate::AuditKey> key = lexgate::AuditKey::FromFile(key_file);
  if (!key.ok()) return key.status();
  return std::unique_ptr<AuditLog>(new AuditLog(*std::move(key)));
}

absl::StatusOr<std::string> AuditLog::Lines(std::string_view text,
                                            const lexgate::ScanResult& result,
                                            std::string_view fingerprint,
                                            std::string_view file,
                                            uint64_t line) const {
  if (result.matches.empty()) return std::string();
  std::string where = "\"file\":";
  AppendJson(nlohmann::ordered_json(std::string(file)), &where);
  absl::StrAppend(&where, ",\"line\":", line);
  return Format(lexgate::MakeAuditRecords(key_, text, result, fingerprint),
                where);
}

bool AuditLog::Write(const lexgate::Stream& stream,
                     std::string_view fingerprint,
                     const nlohmann::ordered_json& id) {
  std::string where = "\"id\":";
  AppendJson(id, &where);
  return Emit(
      Format(lexgate::MakeAuditRecords(key_, stream, fingerprint), where));
}

absl::StatusOr<std::string> AuditLog::Format(
    const absl::StatusOr<std::vector<lexgate::AuditRecord>>& records,
    std::string_view where) {
  if (!records.ok()) return records.status();
  // Every record begins so (lexgate/audit.h); `where` follows.
  constexpr std::string_view kHead = "{\"v\":1,\"type\":\"audit\"";
  std::string lines;
  for (const lexgate::AuditRecord& record : *records) {
    const std::string json = lexgate::AuditRecordJson(record);
    if (json.compare(0, kHead.size(), kHead) != 0) {
      return absl::InternalError("an audit record of an unknown form");
    }
    lines.append(kHead);
    lines += ',';
    lines.append(where);
    lines.append(std::string_view(json).substr(kHead.size()));
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
