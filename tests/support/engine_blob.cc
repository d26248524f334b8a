#include "support/engine_blob.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compile/serialization.h"

namespace lexgate::testing {
namespace {

// The envelope: magic (8 bytes), format version (u32), then the
// length-prefixed (u64) Hyperscan and ICU versions, the fold data digest
// (u64), the length-prefixed platform tag, the tables' checksum (u64, lib's
// PayloadChecksum()), the length-prefixed tables (the "payload") and the
// length-prefixed Hyperscan databases. Integers in host byte order.
constexpr size_t kMagicBytes = 8;
constexpr int kDatabases =
    5;  // folded, raw, stream, folded and raw late starts

struct Envelope {
  std::string_view prefix;  // magic up to the platform tag
  std::string_view payload;
  std::string_view databases;  // everything after the payload
};

bool ReadU64(std::string_view blob, size_t* pos, uint64_t* value) {
  if (blob.size() - *pos < sizeof(*value)) return false;
  std::memcpy(value, blob.data() + *pos, sizeof(*value));
  *pos += sizeof(*value);
  return true;
}

bool SkipString(std::string_view blob, size_t* pos) {
  uint64_t length = 0;
  if (!ReadU64(blob, pos, &length) || blob.size() - *pos < length) {
    return false;
  }
  *pos += length;
  return true;
}

std::optional<Envelope> Split(std::string_view blob) {
  size_t pos = kMagicBytes + sizeof(uint32_t);
  uint64_t digest = 0;
  if (blob.size() < pos || !SkipString(blob, &pos) || !SkipString(blob, &pos) ||
      !ReadU64(blob, &pos, &digest) || !SkipString(blob, &pos)) {
    return std::nullopt;
  }
  Envelope envelope;
  envelope.prefix = blob.substr(0, pos);
  uint64_t checksum = 0;
  if (!ReadU64(blob, &pos, &checksum)) return std::nullopt;
  const size_t payload_at = pos;
  if (!SkipString(blob, &pos)) return std::nullopt;
  envelope.payload = blob.substr(payload_at + sizeof(uint64_t),
                                 pos - payload_at - sizeof(uint64_t));
  envelope.databases = blob.substr(pos);
  for (int i = 0; i < kDatabases; ++i) {
    if (!SkipString(blob, &pos)) return std::nullopt;
  }
  if (pos != blob.size()) return std::nullopt;
  return envelope;
}

void AppendU64(uint64_t value, std::string* out) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(value));
}

}  // namespace

std::optional<std::string_view> EnginePayload(std::string_view blob) {
  std::optional<Envelope> envelope = Split(blob);
  if (!envelope) return std::nullopt;
  return envelope->payload;
}

std::vector<std::string_view> EngineDatabases(std::string_view blob) {
  std::optional<Envelope> envelope = Split(blob);
  if (!envelope) return {};
  std::vector<std::string_view> databases;
  size_t pos = envelope->databases.data() - blob.data();
  for (int i = 0; i < kDatabases; ++i) {
    uint64_t length = 0;
    ReadU64(blob, &pos, &length);  // Split() checked every length
    databases.push_back(blob.substr(pos, length));
    pos += length;
  }
  return databases;
}

std::string WithEnginePayload(std::string_view reference,
                              std::string_view payload) {
  std::optional<Envelope> envelope = Split(reference);
  // A reference that is not a blob is a bug in the calling test.
  if (!envelope) std::abort();
  std::string blob(envelope->prefix);
  AppendU64(internal::PayloadChecksum(payload), &blob);
  AppendU64(payload.size(), &blob);
  blob.append(payload);
  blob.append(envelope->databases);
  return blob;
}

std::string WithEngineDatabases(
    std::string_view reference,
    const std::vector<std::string_view>& databases) {
  std::optional<Envelope> envelope = Split(reference);
  if (!envelope || databases.size() != kDatabases) std::abort();
  std::string blob(
      reference.substr(0, envelope->databases.data() - reference.data()));
  for (std::string_view db : databases) {
    AppendU64(db.size(), &blob);
    blob.append(db);
  }
  return blob;
}

}  // namespace lexgate::testing
