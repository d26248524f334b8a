// Audit records: which rule decided what, where, under which engine and
// policy, for logs that must never hold the matched text. Instead of the
// text a record carries a keyed HMAC-SHA256 of its original bytes, so that
// the same text can be recognised across records (and checked by whoever
// holds the key) without being readable in the log.
//
// The JSON form (schema version 1, offsets in code points):
//   {"v":1,"type":"audit","rule":"pii.cn.mobile","category":"pii.phone",
//    "action":"mask","severity":3,"start":2,"end":13,"hmac":"<64 hex>",
//    "fingerprint":"<16 hex>","policy":"tenant-a"}
// "policy" is null when no policy applied; "rule_action", the rule's own
// action, is present only when a policy changed it.
#ifndef LEXGATE_AUDIT_H_
#define LEXGATE_AUDIT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lexgate/match.h"
#include "lexgate/policy.h"
#include "lexgate/rule.h"
#include "lexgate/stream.h"

namespace lexgate {

// The secret key of audit HMACs. It always comes from the caller: lexgate
// has no default key.
//
// Thread safety: immutable; may be shared by many threads. The key bytes
// are wiped when the last copy is destroyed.
class AuditKey {
 public:
  // The shortest key accepted, in bytes. 32 bytes (the size of a SHA-256
  // digest) are recommended: `openssl rand -hex 32 > audit.key`.
  static constexpr size_t kMinBytes = 16;

  // Fails (kInvalidArgument) on a key shorter than kMinBytes.
  static absl::StatusOr<AuditKey> FromBytes(std::string_view key);
  // The key as hexadecimal digits (either case); whitespace around it is
  // ignored. Fails on anything else or on a key shorter than kMinBytes.
  static absl::StatusOr<AuditKey> FromHex(std::string_view hex);
  // A key file: the key as hexadecimal digits (e.g. `openssl rand -hex 32
  // > audit.key`), whitespace around it ignored. Fails with kNotFound /
  // kPermissionDenied when it cannot be opened, kInvalidArgument when it
  // cannot be read (a directory) or holds more than 4 KiB, else as
  // FromHex(), naming the file.
  static absl::StatusOr<AuditKey> FromFile(const std::string& path);

  AuditKey(const AuditKey&);
  AuditKey& operator=(const AuditKey&);
  AuditKey(AuditKey&&) noexcept;
  AuditKey& operator=(AuditKey&&) noexcept;
  ~AuditKey();

  // HMAC-SHA256 (OpenSSL libcrypto) of `data` under this key, as 64
  // lowercase hex digits. Fails (kInternal) only if libcrypto does.
  absl::StatusOr<std::string> Hmac(std::string_view data) const;

 private:
  explicit AuditKey(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

// One match, as an audit log sees it.
//
// Thread safety: plain data.
struct AuditRecord {
  std::string rule;
  std::string category;
  Action action = Action::kFlag;  // as applied (after a policy)
  // The rule's own action when a policy changed it.
  std::optional<Action> rule_action;
  int severity = 0;
  size_t start = 0;  // code points of the text scanned (invalid bytes: one)
  size_t end = 0;
  std::string hmac;         // AuditKey::Hmac(the match's original bytes)
  std::string fingerprint;  // Engine::fingerprint()
  std::string policy;       // Policy::name(); empty: no policy
};

// One record per match of `result`, the raw result of Engine::Scan(text)
// of the engine whose fingerprint is `fingerprint`. With a `policy`, the
// records are those of policy->Apply(result): dropped matches have none,
// changed actions are recorded with the rule's own in `rule_action`, and
// "policy" names it. The HMAC covers each match's original bytes
// (Match::text); start/end are converted to code points of `text`. Fails
// as AuditKey::Hmac() does, and with kInvalidArgument when a span lies
// outside `text`.
absl::StatusOr<std::vector<AuditRecord>> MakeAuditRecords(
    const AuditKey& key, std::string_view text, const ScanResult& result,
    std::string_view fingerprint, const Policy* policy = nullptr);

// The same for the matches a Stream decided so far, with the stream's
// code-point spans (it keeps no copy of the text).
absl::StatusOr<std::vector<AuditRecord>> MakeAuditRecords(
    const AuditKey& key, const Stream& stream, std::string_view fingerprint,
    const Policy* policy = nullptr);

// The record as one line of JSON (see the top of this file), no newline.
std::string AuditRecordJson(const AuditRecord& record);

}  // namespace lexgate

#endif  // LEXGATE_AUDIT_H_
