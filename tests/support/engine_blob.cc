#include "support/engine_blob.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace lexgate::testing {
namespace {

// The envelope, format version 2: magic (8 bytes), format version (u32),
// then the length-prefixed (u64) Hyperscan and ICU versions, the fold data
// digest (u64), the length-prefixed platform tag, the FNV-1a 64 checksum of
// the payload (u64) and the length-prefixed payload. Integers in host byte
// order.
constexpr size_t kMagicBytes = 8;

struct Envelope {
  std::string_view prefix;  // magic up to the platform tag
  std::string_view payload;
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
  uint64_t checksum = 0, length = 0;
  if (!ReadU64(blob, &pos, &checksum) || !ReadU64(blob, &pos, &length) ||
      blob.size() - pos != length) {
    return std::nullopt;
  }
  envelope.payload = blob.substr(pos);
  return envelope;
}

// The format's checksum. Written again here on purpose: lib/'s copy is
// internal to the serializer, and a forger (which this helper plays) has
// only the format, not the library's code.
// Multiply-xorshift over little-endian 64-bit words (the last one padded
// with zeros), seeded with the length. It catches accidents, not forgers,
uint64_t WordChecksum(std::string_view bytes) {
  uint64_t hash = 0x9e3779b97f4a7c15ull ^ bytes.size();
  auto mix = [&hash](uint64_t word) {
    hash = (hash ^ word) * 0xff51afd7ed558ccdull;
    hash ^= hash >> 32;
  };
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    mix(word);
  }
  if (i < bytes.size()) {
    uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, bytes.size() - i);
    mix(word);
  }
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53ull;
  return hash ^ (hash >> 33);
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

std::string WithEnginePayload(std::string_view reference,
                              std::string_view payload) {
  std::optional<Envelope> envelope = Split(reference);
  // A reference that is not a blob is a bug in the calling test.
  if (!envelope) std::abort();
  std::string blob(envelope->prefix);
  AppendU64(WordChecksum(payload), &blob);
  AppendU64(payload.size(), &blob);
  blob.append(payload);
  return blob;
}

}  // namespace lexgate::testing
