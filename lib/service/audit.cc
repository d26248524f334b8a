#include "lexgate/audit.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/json_string.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/utf8.h"

namespace lexgate {
namespace {

using internal::Absl;
using internal::AppendJsonString;
using internal::ValidUtf8;

void Wipe(std::string& s) {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
  s.clear();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One record, with the span already in code points.
absl::StatusOr<AuditRecord> Record(const AuditKey& key, const Match& m,
                                   Action rule_action, size_t start, size_t end,
                                   std::string_view fingerprint,
                                   const Policy* policy) {
  AuditRecord record;
  record.rule = m.rule;
  record.category = m.category;
  record.action = m.action;
  if (m.action != rule_action) record.rule_action = rule_action;
  record.severity = m.severity;
  record.start = start;
  record.end = end;
  LEXGATE_ASSIGN_OR_RETURN(record.hmac, key.Hmac(m.text));
  record.fingerprint = std::string(fingerprint);
  if (policy != nullptr) record.policy = policy->name();
  return record;
}

}  // namespace

absl::StatusOr<AuditKey> AuditKey::FromBytes(std::string_view key) {
  if (key.size() < kMinBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "an audit key needs at least ", kMinBytes, " bytes, got ", key.size()));
  }
  return AuditKey(std::string(key));
}

absl::StatusOr<AuditKey> AuditKey::FromHex(std::string_view hex) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(Absl(hex));
  if (trimmed.size() % 2 != 0) {
    return absl::InvalidArgumentError(
        "an audit key in hex needs an even number of hex digits");
  }
  std::string key;
  key.reserve(trimmed.size() / 2);
  for (size_t i = 0; i < trimmed.size(); i += 2) {
    const int hi = HexValue(trimmed[i]);
    const int lo = HexValue(trimmed[i + 1]);
    if (hi < 0 || lo < 0) {
      Wipe(key);
      return absl::InvalidArgumentError(
          "an audit key in hex may hold only hex digits (0-9, a-f)");
    }
    key.push_back(static_cast<char>(hi * 16 + lo));
  }
  absl::StatusOr<AuditKey> out = FromBytes(key);
  Wipe(key);
  return out;
}

absl::StatusOr<AuditKey> AuditKey::FromFile(const std::string& path) {
  auto failed = [&path](int error) {
    const std::string what =
        absl::StrCat("audit key file ", path, ": ", std::strerror(error));
    if (error == EACCES) return absl::PermissionDeniedError(what);
    if (error == ENOENT) return absl::NotFoundError(what);
    return absl::InvalidArgumentError(what);
  };
  // Read with stdio, not a stream: libstdc++'s filebuf throws on a
  // directory (EISDIR), and the API is exception-free. A key in hex is
  // short: reading stops past kMaxKeyFileBytes (a key file pointed at
  // /dev/zero must not fill memory).
  constexpr size_t kMaxKeyFileBytes = 4096;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return failed(errno);
  std::string text(kMaxKeyFileBytes + 1, '\0');
  const size_t read = std::fread(text.data(), 1, text.size(), file);
  const int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  text.resize(read);
  if (error != 0) {
    Wipe(text);
    return failed(error);
  }
  if (read > kMaxKeyFileBytes) {
    Wipe(text);
    return absl::InvalidArgumentError(
        absl::StrCat("audit key file ", path, ": larger than ",
                     kMaxKeyFileBytes, " bytes; a key file holds one key"));
  }
  absl::StatusOr<AuditKey> key = FromHex(text);
  Wipe(text);
  if (!key.ok()) {
    return absl::Status(
        key.status().code(),
        absl::StrCat("audit key file ", path, ": ", key.status().message()));
  }
  return key;
}

AuditKey::AuditKey(const AuditKey&) = default;
AuditKey& AuditKey::operator=(const AuditKey& other) {
  if (this != &other) {
    Wipe(key_);
    key_ = other.key_;
  }
  return *this;
}
AuditKey::AuditKey(AuditKey&& other) noexcept : key_(std::move(other.key_)) {
  other.key_.clear();
}
AuditKey& AuditKey::operator=(AuditKey&& other) noexcept {
  if (this != &other) {
    Wipe(key_);
    key_ = std::move(other.key_);
    other.key_.clear();
  }
  return *this;
}
AuditKey::~AuditKey() { Wipe(key_); }

absl::StatusOr<std::string> AuditKey::Hmac(std::string_view data) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  static const unsigned char kEmpty = 0;
  const unsigned char* bytes =
      data.empty() ? &kEmpty
                   : reinterpret_cast<const unsigned char*>(data.data());
  if (HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), bytes,
           data.size(), digest, &length) == nullptr ||
      length != 32) {
    return absl::InternalError("HMAC-SHA256 failed in libcrypto");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(2 * length, '0');
  for (unsigned int i = 0; i < length; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  return hex;
}

absl::StatusOr<std::vector<AuditRecord>> MakeAuditRecords(
    const AuditKey& key, std::string_view text, const ScanResult& result,
    std::string_view fingerprint, const Policy* policy) {
  std::vector<AuditRecord> records;
  records.reserve(result.matches.size());
  // Matches are ordered by start: code points are counted once, forwards
  // (an end may lie beyond the next start, so each span is counted apart).
  size_t byte = 0;
  size_t code_points = 0;
  for (const Match& m : result.matches) {
    if (m.start > m.end || m.end > text.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "match of rule '", Absl(m.rule), "' at [", m.start, ", ", m.end,
          ") lies outside a text of ", text.size(), " bytes"));
    }
    if (m.start < byte) {  // not ordered by start: count from the beginning
      byte = 0;
      code_points = 0;
    }
    code_points += internal::CountCodePoints(text.substr(byte, m.start - byte));
    byte = m.start;
    const size_t start = code_points;
    const size_t end = start + internal::CountCodePoints(
                                   text.substr(m.start, m.end - m.start));
    Match applied = m;
    if (policy != nullptr) {
      std::optional<Action> action =
          policy->ActionFor(m.rule, m.category, m.severity, m.action);
      if (!action.has_value()) continue;
      applied.action = *action;
    }
    LEXGATE_ASSIGN_OR_RETURN(
        AuditRecord record,
        Record(key, applied, m.action, start, end, fingerprint, policy));
    records.push_back(std::move(record));
  }
  return records;
}

absl::StatusOr<std::vector<AuditRecord>> MakeAuditRecords(
    const AuditKey& key, const Stream& stream, std::string_view fingerprint,
    const Policy* policy) {
  const std::vector<Match>& matches = stream.matches();
  const std::vector<CharSpan>& spans = stream.char_spans();
  std::vector<AuditRecord> records;
  records.reserve(matches.size());
  for (size_t i = 0; i < matches.size() && i < spans.size(); ++i) {
    const Match& m = matches[i];
    Match applied = m;
    if (policy != nullptr) {
      std::optional<Action> action =
          policy->ActionFor(m.rule, m.category, m.severity, m.action);
      if (!action.has_value()) continue;
      applied.action = *action;
    }
    LEXGATE_ASSIGN_OR_RETURN(AuditRecord record,
                             Record(key, applied, m.action, spans[i].start,
                                    spans[i].end, fingerprint, policy));
    records.push_back(std::move(record));
  }
  return records;
}

std::string AuditRecordJson(const AuditRecord& record) {
  std::string out = R"({"v":1,"type":"audit","rule":)";
  AppendJsonString(ValidUtf8(record.rule), &out);
  out.append(",\"category\":");
  AppendJsonString(ValidUtf8(record.category), &out);
  out.append(",\"action\":");
  AppendJsonString(ActionName(record.action), &out);
  if (record.rule_action.has_value()) {
    out.append(",\"rule_action\":");
    AppendJsonString(ActionName(*record.rule_action), &out);
  }
  absl::StrAppend(&out, ",\"severity\":", record.severity,
                  ",\"start\":", record.start, ",\"end\":", record.end,
                  ",\"hmac\":");
  AppendJsonString(record.hmac, &out);
  out.append(",\"fingerprint\":");
  AppendJsonString(ValidUtf8(record.fingerprint), &out);
  out.append(",\"policy\":");
  if (record.policy.empty()) {
    out.append("null");
  } else {
    AppendJsonString(ValidUtf8(record.policy), &out);
  }
  out.push_back('}');
  return out;
}

}  // namespace lexgate
