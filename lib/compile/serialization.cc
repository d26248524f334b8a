#include "compile/serialization.h"

#include <hs/hs.h>

#include <cstring>

#include "absl/strings/str_format.h"
#include "compile/databases.h"
#include "normalize/fold_data.h"
#include "scan/engine_state.h"

namespace lexgate::internal {
namespace {

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) { Raw(&v, sizeof(v)); }
  void U64(uint64_t v) { Raw(&v, sizeof(v)); }
  void Bytes(std::string_view s) {
    U64(s.size());
    out_.append(s);
  }
  std::string& str() { return out_; }

 private:
  // Host byte order: the platform tag refuses blobs of the other order.
  void Raw(const void* p, size_t n) {
    out_.append(static_cast<const char*>(p), n);
  }
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint8_t U8() {
    uint8_t v = 0;
    Raw(&v, 1);
    return v;
  }
  uint32_t U32() {
    uint32_t v = 0;
    Raw(&v, sizeof(v));
    return v;
  }
  uint64_t U64() {
    uint64_t v = 0;
    Raw(&v, sizeof(v));
    return v;
  }
  std::string_view Bytes() {
    uint64_t n = U64();
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  std::string_view rest() const { return in_.substr(pos_); }
  void Fail() { ok_ = false; }

 private:
  void Raw(void* p, size_t n) {
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return;
    }
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

template <typename Enum>
bool ReadEnum(Reader& r, Enum max, Enum* out) {
  uint8_t v = r.U8();
  if (v > static_cast<uint8_t>(max)) return false;
  *out = static_cast<Enum>(v);
  return true;
}

// Serializing a database we compiled cannot fail short of memory.
std::string DatabaseBytes(const hs_database_t* db) {
  return db == nullptr ? "" : SerializeDatabase(db).value_or("");
}

std::string WritePayload(const EngineState& state) {
  Writer w;
  w.U32(state.options.normalize.Bits());
  w.U8(state.options.streaming ? 1 : 0);
  w.U32(static_cast<uint32_t>(state.rules.size()));
  for (const RuleInfo& rule : state.rules) {
    w.Bytes(rule.id);
    w.Bytes(rule.category);
    w.Bytes(rule.replacement);
    w.U8(static_cast<uint8_t>(rule.action));
    w.U8(static_cast<uint8_t>(rule.boundary));
    w.U8(static_cast<uint8_t>(rule.validator));
    w.U8(rule.normalize ? 1 : 0);
    w.U32(static_cast<uint32_t>(rule.severity));
  }
  for (size_t s = 0; s < kSpaceCount; ++s) {
    const auto& expressions = state.expressions[s];
    w.U32(static_cast<uint32_t>(expressions.size()));
    for (const ExpressionInfo& e : expressions) {
      w.U32(e.rule);
      w.U8(static_cast<uint8_t>(e.kind));
      w.U32(e.literal_length);
    }
    w.Bytes(DatabaseBytes(state.databases[s].get()));
  }
  w.Bytes(DatabaseBytes(state.stream_database.get()));
  w.U64(state.max_match_width);
  w.Bytes(state.unbounded_rule);
  return std::move(w.str());
}

absl::Status Corrupted(std::string_view what) {
  return absl::DataLossError(
      absl::StrFormat("corrupted lexgate engine: %s", what));
}

absl::StatusOr<std::unique_ptr<EngineState>> ReadPayload(
    std::string_view payload) {
  Reader r(payload);
  EngineOptions options;
  options.normalize = NormalizeOptions::FromBits(r.U32());
  options.streaming = r.U8() != 0;
  auto state = std::make_unique<EngineState>(options);
  const uint32_t rule_count = r.U32();
  if (!r.ok() || rule_count > payload.size()) return Corrupted("rule count");
  state->rules.resize(rule_count);
  for (RuleInfo& rule : state->rules) {
    rule.id = r.Bytes();
    rule.category = r.Bytes();
    rule.replacement = r.Bytes();
    if (!ReadEnum(r, Action::kBlock, &rule.action) ||
        !ReadEnum(r, Boundary::kNone, &rule.boundary) ||
        !ReadEnum(r, Validator::kIban, &rule.validator)) {
      return Corrupted("rule enum out of range");
    }
    rule.normalize = r.U8() != 0;
    rule.severity = static_cast<int>(r.U32());
    if (!r.ok()) return Corrupted("truncated rule table");
  }
  for (size_t s = 0; s < kSpaceCount; ++s) {
    const uint32_t count = r.U32();
    if (!r.ok() || count > payload.size()) return Corrupted("expression count");
    auto& expressions = state->expressions[s];
    expressions.resize(count);
    for (ExpressionInfo& e : expressions) {
      e.rule = r.U32();
      if (!ReadEnum(r, ExprKind::kRegex, &e.kind) || e.rule >= rule_count) {
        return Corrupted("expression table");
      }
      e.literal_length = r.U32();
    }
    std::string_view db = r.Bytes();
    if (!r.ok()) return Corrupted("truncated database");
    if (db.empty() != expressions.empty()) return Corrupted("database missing");
    if (!db.empty()) {
      absl::StatusOr<Database> loaded = DeserializeDatabase(db);
      if (!loaded.ok()) return loaded.status();
      state->databases[s] = *std::move(loaded);
    }
  }
  std::string_view stream_db = r.Bytes();
  state->max_match_width = r.U64();
  state->unbounded_rule = r.Bytes();
  if (!r.ok()) return Corrupted("truncated stream database");
  const bool has_stream_db =
      options.streaming &&
      !state->expressions[static_cast<size_t>(Space::kFolded)].empty();
  if (stream_db.empty() == has_stream_db) {
    return Corrupted("stream database missing or unexpected");
  }
  if (!stream_db.empty()) {
    absl::StatusOr<Database> loaded = DeserializeDatabase(stream_db);
    if (!loaded.ok()) return loaded.status();
    state->stream_database = *std::move(loaded);
  }
  if (!r.at_end()) return Corrupted("trailing bytes");
  return state;
}

}  // namespace

std::string PlatformTag() {
  const uint16_t probe = 1;
  const bool little = *reinterpret_cast<const uint8_t*>(&probe) == 1;
#if defined(__x86_64__)
  const char* arch = "x86_64";
#elif defined(__aarch64__)
  const char* arch = "aarch64";
#else
  const char* arch = "other";
#endif
  return absl::StrFormat("%s-%d%s", arch, static_cast<int>(sizeof(void*) * 8),
                         little ? "le" : "be");
}

std::string SerializeEngineState(const EngineState& state) {
  const std::string payload = WritePayload(state);
  Writer w;
  w.str().append(kEngineMagic, sizeof(kEngineMagic));
  w.U32(kEngineFormatVersion);
  w.Bytes(hs_version());
  w.Bytes(fold_data::kIcuVersion);
  w.Bytes(PlatformTag());
  w.U64(Fnv1a64(payload));
  w.Bytes(payload);
  return std::move(w.str());
}

absl::StatusOr<std::unique_ptr<EngineState>> DeserializeEngineState(
    std::string_view blob) {
  if (blob.size() < sizeof(kEngineMagic) ||
      std::memcmp(blob.data(), kEngineMagic, sizeof(kEngineMagic)) != 0) {
    return absl::InvalidArgumentError(
        "not a serialized lexgate engine (bad magic)");
  }
  Reader r(blob.substr(sizeof(kEngineMagic)));
  const uint32_t version = r.U32();
  if (r.ok() && version != kEngineFormatVersion) {
    return absl::FailedPreconditionError(
        absl::StrFormat("engine format version %d; this build reads version %d",
                        version, kEngineFormatVersion));
  }
  const std::string_view hs = r.Bytes();
  const std::string_view icu = r.Bytes();
  const std::string_view platform = r.Bytes();
  const uint64_t checksum = r.U64();
  const std::string_view payload = r.Bytes();
  if (!r.ok() || !r.at_end()) return Corrupted("truncated or padded header");
  if (hs != hs_version()) {
    return absl::FailedPreconditionError(
        absl::StrFormat("engine compiled with Hyperscan %s; this build uses %s",
                        hs, hs_version()));
  }
  if (icu != fold_data::kIcuVersion) {
    return absl::FailedPreconditionError(
        absl::StrFormat("engine folded with ICU %s data; this build uses %s",
                        icu, fold_data::kIcuVersion));
  }
  if (platform != PlatformTag()) {
    return absl::FailedPreconditionError(
        absl::StrFormat("engine compiled for platform %s; this is %s", platform,
                        PlatformTag()));
  }
  if (Fnv1a64(payload) != checksum) return Corrupted("checksum mismatch");
  return ReadPayload(payload);
}

}  // namespace lexgate::internal
