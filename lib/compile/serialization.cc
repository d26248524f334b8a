#include "compile/serialization.h"

#include <hs/hs.h>

#include <array>
#include <cstring>
#include <new>

#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "compile/databases.h"
#include "compile/engine_file.h"
#include "compile/engine_state.h"
#include "compile/fixed_length.h"
#include "compile/variants.h"
#include "normalize/fold_data.h"
#include "normalize/fold_table.h"
#include "normalize/options_bits.h"

namespace lexgate::internal {
namespace {

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

// Serializing a database we compiled cannot fail short of memory, which
// must not yield a blob without the database: Serialize() throws then, as
// any std::string does.
std::string DatabaseBytes(const hs_database_t* db) {
  if (db == nullptr) return "";
  absl::StatusOr<std::string> bytes = SerializeDatabase(db);
  if (!bytes.ok()) throw std::bad_alloc();
  return *std::move(bytes);
}

// The Hyperscan databases follow the tables, each length-prefixed, in the
// order of DatabaseSlot.
enum DatabaseSlot : size_t {
  kFoldedDb,
  kRawDb,
  kStreamDb,
  kFoldedLateDb,
  kRawLateDb,
  kSlots
};

// The databases follow the tables; `database_digests` (PayloadChecksum()
// of each, in DatabaseSlot order) go into the checksummed tables, so that
// a database from another engine, or one rewritten in the file after the
// load, is refused (Hyperscan's own CRC only says a database is intact).
std::string WriteTables(const EngineState& state,
                        const std::vector<uint64_t>& database_digests) {
  Writer w;
  w.U32(OptionBits(state.options.normalize));
  w.U8(state.options.streaming ? 1 : 0);
  w.U32(static_cast<uint32_t>(state.rules.size()));
  for (const RuleInfo& rule : state.rules) {
    w.Bytes(rule.id);
    w.Bytes(rule.category);
    w.U8(rule.replacement.has_value() ? 1 : 0);
    w.Bytes(rule.replacement.value_or(""));
    w.Bytes(rule.mask_char);
    w.U32(rule.mask_keep_first);
    w.U32(rule.mask_keep_last);
    w.U8(static_cast<uint8_t>(rule.action));
    w.U8(static_cast<uint8_t>(rule.boundary));
    w.U8(static_cast<uint8_t>(rule.validator));
    w.U8(rule.normalize ? 1 : 0);
    w.U32(static_cast<uint32_t>(rule.severity));
    w.U32(rule.parts);
    w.U32(rule.within);
  }
  for (size_t s = 0; s < kSpaceCount; ++s) {
    const ExpressionSet& set = state.expressions[s];
    w.U32(static_cast<uint32_t>(set.size()));
    for (size_t i = 0; i < set.size(); ++i) {
      w.U32(set.info[i].rule);
      w.U8(static_cast<uint8_t>(set.info[i].kind));
      w.U8(set.info[i].part);
      w.U32(set.flags[i]);
      w.Bytes(set.Pattern(i));
      w.Bytes(set.sources[i]);
    }
  }
  const std::vector<Category>& categories =
      state.declared_categories.categories();
  w.U32(static_cast<uint32_t>(categories.size()));
  for (const Category& category : categories) {
    w.Bytes(category.code);
    w.Bytes(category.zh);
    w.Bytes(category.en);
    w.Bytes(category.description);
    w.Bytes(category.risk);
  }
  w.U64(state.options.streaming ? StreamAnchorsHash(state) : 0);
  for (const uint64_t digest : database_digests) w.U64(digest);
  return std::move(w.str());
}

const hs_database_t* SlotDatabase(const EngineState& state, size_t slot) {
  switch (slot) {
    case kFoldedDb:
      return state.database(Space::kFolded);
    case kRawDb:
      return state.database(Space::kRaw);
    case kFoldedLateDb:
      return state.late_starts[static_cast<size_t>(Space::kFolded)]
          .database.get();
    case kRawLateDb:
      return state.late_starts[static_cast<size_t>(Space::kRaw)].database.get();
    default:
      return state.stream_database.get();
  }
}

absl::Status Corrupted(std::string_view what) {
  return absl::DataLossError(
      absl::StrFormat("corrupted lexgate engine: %s", what));
}

// The declared categories, checked as a pack's are (Taxonomy::Add()): a
// forged table cannot give a category two names or a malformed code or
// risk.
absl::Status ReadCategories(Reader& r, size_t payload_size,
                            EngineState* state) {
  const uint32_t count = r.U32();
  // Each category takes at least its five length prefixes.
  if (!r.ok() || count > payload_size / (5 * sizeof(uint64_t))) {
    return Corrupted("category count");
  }
  for (uint32_t i = 0; i < count; ++i) {
    Category category;
    category.code = std::string(r.Bytes());
    category.zh = std::string(r.Bytes());
    category.en = std::string(r.Bytes());
    category.description = std::string(r.Bytes());
    category.risk = std::string(r.Bytes());
    if (!r.ok()) return Corrupted("categories");
    if (!state->declared_categories.Add(std::move(category)).ok()) {
      return Corrupted("a declared category");
    }
  }
  return absl::OkStatus();
}

absl::Status ReadRules(Reader& r, size_t payload_size, EngineState* state) {
  const uint32_t rule_count = r.U32();
  if (!r.ok() || rule_count > payload_size) return Corrupted("rule count");
  state->rules.resize(rule_count);
  for (RuleInfo& rule : state->rules) {
    rule.id = r.Bytes();
    rule.category = r.Bytes();
    const uint8_t has_replacement = r.U8();
    std::string replacement(r.Bytes());
    if (has_replacement > 1 || (has_replacement == 0 && !replacement.empty())) {
      return Corrupted("rule replacement");
    }
    if (has_replacement == 1) rule.replacement = replacement;
    rule.mask_char = r.Bytes();
    rule.mask_keep_first = r.U32();
    rule.mask_keep_last = r.U32();
    if (!r.ok()) return Corrupted("truncated rule table");
    if (rule.mask_keep_first > 64 || rule.mask_keep_last > 64) {
      return Corrupted("rule mask_keep");
    }
    if (!ReadEnum(r, Action::kBlock, &rule.action) ||
        !ReadEnum(r, Boundary::kNone, &rule.boundary) ||
        !ReadEnum(r, Validator::kTwId, &rule.validator)) {
      return Corrupted("rule enum out of range");
    }
    const uint8_t normalize = r.U8();
    const uint32_t severity = r.U32();
    rule.parts = r.U32();
    rule.within = r.U32();
    if (!r.ok()) return Corrupted("truncated rule table");
    // RuleSet::Add()'s limits: a forged window must not stretch a
    // stream's hold-back, nor one part stand for a whole rule.
    if (rule.parts == 1 || rule.parts > 32 ||
        rule.within > static_cast<uint32_t>(Rule::kMaxWithin) ||
        (rule.parts == 0 && rule.within != 0)) {
      return Corrupted("rule co-occurrence");
    }
    // What Compile() refuses: an allow rule with parts, and a streaming
    // engine's rule without a window (its stream would hold every part to
    // the end of the text).
    if (rule.parts > 0 && (rule.action == Action::kAllow ||
                           (state->options.streaming && rule.within == 0))) {
      return Corrupted("rule co-occurrence");
    }
    if (normalize > 1) return Corrupted("rule flag out of range");
    if (severity < 1 || severity > 5) return Corrupted("rule severity");
    if (rule.id.empty()) return Corrupted("empty rule id");
    // Matches and redactions carry these strings into valid UTF-8 output.
    for (const std::string* field :
         {&rule.id, &rule.category, &rule.mask_char, &replacement}) {
      if (!IsValidUtf8(*field)) return Corrupted("rule string not UTF-8");
    }
    if (CountCodePoints(rule.mask_char) != 1) {
      return Corrupted("rule mask character");
    }
    rule.normalize = normalize == 1;
    rule.severity = static_cast<int>(severity);
  }
  return absl::OkStatus();
}

// One expression of the table as WriteTables() writes it, not checked yet
// (on a reader that ran out, the fields read as zero and empty).
struct ExpressionRecord {
  uint32_t rule = 0;
  uint8_t kind = 0;
  uint8_t part = 0;
  uint32_t flags = 0;
  std::string_view pattern;
  std::string_view source;
};

ExpressionRecord ReadExpressionRecord(Reader& r) {
  ExpressionRecord e;
  e.rule = r.U32();
  e.kind = r.U8();
  e.part = r.U8();
  e.flags = r.U32();
  e.pattern = r.Bytes();
  e.source = r.Bytes();
  return e;
}

// Reads one space's expressions and checks each against its rule: the rule
// exists and lives in this space, a literal's pattern is an escaped
// non-empty literal (its length is derived from it), a regex has the flags
// its rule implies (without start-of-match for a fixed length or a late
// start). Then loads
// the space's database `db` and late-start database `late_db`.
absl::Status ReadExpressions(Reader& r, size_t payload_size, Space space,
                             std::string_view db, std::string_view late_db,
                             EngineState* state) {
  const uint32_t count = r.U32();
  // Each expression takes at least its fixed fields and two lengths, so a
  // count the payload cannot hold is refused before anything is reserved.
  constexpr size_t kMinExpressionBytes = 4 + 1 + 1 + 4 + 8 + 8;
  if (!r.ok() || count > payload_size / kMinExpressionBytes) {
    return Corrupted("expression count");
  }
  ExpressionSet& set = state->expressions[static_cast<size_t>(space)];
  // Reserved up to a million: a forged count beyond what the tables hold
  // grows them only as they are read.
  const size_t reserve = std::min<size_t>(count, size_t{1} << 20);
  set.flags.reserve(reserve);
  set.info.reserve(reserve);
  // The columns' bytes, from a first pass over the table (a literal's text
  // is never longer than its escaped pattern): grown by doubling, each
  // would touch twice its size in fresh pages.
  size_t term_bytes = 0;
  size_t source_bytes = 0;
  {
    Reader ahead = r;
    for (uint32_t i = 0; i < count && ahead.ok(); ++i) {
      const ExpressionRecord e = ReadExpressionRecord(ahead);
      term_bytes += e.pattern.size();
      source_bytes += e.source.size();
    }
  }
  set.terms.reserve(reserve, term_bytes);
  set.sources.reserve(reserve, source_bytes);
  std::string literal;
  for (uint32_t i = 0; i < count; ++i) {
    const ExpressionRecord e = ReadExpressionRecord(r);
    if (e.kind > static_cast<uint8_t>(kLastExprKind)) {
      return Corrupted("expression kind");
    }
    if (!r.ok()) return Corrupted("truncated expression table");
    ExpressionInfo info{};
    info.rule = e.rule;
    info.kind = static_cast<ExprKind>(e.kind);
    info.part = e.part;
    const uint32_t flags = e.flags;
    const std::string_view pattern = e.pattern;
    const std::string_view source = e.source;
    // Matches carry the source into valid UTF-8 output; a regex reports
    // itself.
    if (source.empty() || !IsValidUtf8(source) ||
        (info.kind == ExprKind::kRegex && source != pattern)) {
      return Corrupted("expression source");
    }
    if (info.rule >= state->rules.size()) {
      return Corrupted("expression of a rule that does not exist");
    }
    const RuleInfo& rule = state->rules[info.rule];
    if (rule.normalize != (space == Space::kFolded)) {
      return Corrupted("expression in the wrong space for its rule");
    }
    // A co-occurrence rule's terms are keywords of its parts or of
    // none_of; any other rule's are its own.
    const bool part_ok =
        rule.parts == 0 ? info.part == kOwnTerms
                        : info.kind != ExprKind::kRegex &&
                              (info.part == kNoneOfPart ||
                               (info.part >= 1 && info.part <= rule.parts));
    if (!part_ok) return Corrupted("expression part");
    std::string_view term = pattern;
    if (info.kind == ExprKind::kLiteral) {
      if (!UnescapeLiteral(pattern, &literal) || literal.empty() ||
          flags != 0) {
        return Corrupted("literal expression");
      }
      term = literal;
      info.word_sides = WordSides(literal);
      info.match_length = static_cast<uint32_t>(literal.size());
    } else if (pattern.empty() ||
               (flags != RegexFlags(rule.normalize) &&
                // A fixed length or a late start (DeriveFixedLengths() and
                // DeriveLateStarts() tell which; the latter refuses others).
                (info.kind != ExprKind::kRegex ||
                 flags != (RegexFlags(rule.normalize) &
                           ~unsigned{HS_FLAG_SOM_LEFTMOST})))) {
      return Corrupted("regex expression");
    }
    set.Add(info, term, flags, source);
  }
  // The folded database leaves out what the VariantMatcher takes (derived
  // here from the expressions, as Compile() derived it): it may hold
  // nothing at all.
  uint32_t compiled = count;
  if (space == Space::kFolded) {
    state->variant_matcher = VariantMatcher::Build(set, state->normalizer);
    for (uint32_t i = 0; i < count; ++i) {
      compiled -= state->variant_matcher.Handles(i) ? 1 : 0;
    }
  }
  if (db.empty() != (compiled == 0)) return Corrupted("database missing");
  if (!db.empty()) {
    LEXGATE_ASSIGN_OR_RETURN(state->databases[static_cast<size_t>(space)],
                             DeserializeDatabase(db, DatabaseMode::kBlock));
  }
  DeriveFixedLengths(&set, LookalikesFolded(space, state->normalizer));
  LateStarts& late = state->late_starts[static_cast<size_t>(space)];
  LEXGATE_ASSIGN_OR_RETURN(late, DeriveLateStarts(set));
  if (late_db.empty() != late.empty()) {
    return Corrupted("late-start database missing");
  }
  if (!late_db.empty()) {
    LEXGATE_ASSIGN_OR_RETURN(
        late.database, DeserializeDatabase(late_db, DatabaseMode::kBlock));
  }
  return absl::OkStatus();
}

// Leaves the stream database `stream_db` (a view into `blob`, the contents
// of `file`) in the file, checked by Hyperscan; its `digest` is checked
// when it is read back (ReadStreamDatabase()).
absl::Status DeferStreamDatabase(std::string_view blob,
                                 std::shared_ptr<const EngineFile> file,
                                 std::string_view stream_db, uint64_t digest,
                                 EngineState* state) {
  EngineState::DeferredDatabases deferred;
  deferred.file = std::move(file);
  deferred.stream_digest = digest;
  if (!stream_db.empty()) {
    LEXGATE_ASSIGN_OR_RETURN(
        deferred.stream_size,
        CheckSerializedDatabase(stream_db, DatabaseMode::kStream));
    deferred.stream_at = stream_db.data() - blob.data();
    deferred.stream_length = stream_db.size();
  }
  state->deferred = std::move(deferred);
  return absl::OkStatus();
}

// `blob` and `file`: as DeserializeEngineState().
absl::StatusOr<std::shared_ptr<EngineState>> ReadPayload(
    std::string_view payload,
    const std::array<std::string_view, kSlots>& databases,
    std::string_view blob, std::shared_ptr<const EngineFile> file) {
  Reader r(payload);
  EngineOptions options;
  const uint32_t bits = r.U32();
  const uint8_t streaming = r.U8();
  if (!r.ok() || bits >= (1u << NormalizeSwitches().size()) || streaming > 1) {
    return Corrupted("options");
  }
  options.normalize = OptionsFromBits(bits);
  options.streaming = streaming == 1;
  auto state = std::make_shared<EngineState>(options);
  LEXGATE_RETURN_IF_ERROR(ReadRules(r, payload.size(), state.get()));
  LEXGATE_RETURN_IF_ERROR(
      ReadExpressions(r, payload.size(), Space::kFolded, databases[kFoldedDb],
                      databases[kFoldedLateDb], state.get()));
  LEXGATE_RETURN_IF_ERROR(ReadExpressions(r, payload.size(), Space::kRaw,
                                          databases[kRawDb],
                                          databases[kRawLateDb], state.get()));
  LEXGATE_RETURN_IF_ERROR(ReadCategories(r, payload.size(), state.get()));
  // Every rule has something to match, as RuleSet::Add() requires.
  // Every part of a co-occurrence rule has a keyword too: a forged blob
  // must not turn a rule into one that can never match.
  std::vector<bool> used(state->rules.size(), false);
  std::vector<uint64_t> parts_used(state->rules.size(), 0);
  for (const ExpressionSet& set : state->expressions) {
    for (const ExpressionInfo& info : set.info) {
      used[info.rule] = true;
      if (info.part != kOwnTerms && info.part != kNoneOfPart) {
        parts_used[info.rule] |= uint64_t{1} << (info.part - 1);
      }
    }
  }
  if (std::find(used.begin(), used.end(), false) != used.end()) {
    return Corrupted("a rule without expressions");
  }
  for (size_t i = 0; i < state->rules.size(); ++i) {
    const uint32_t parts = state->rules[i].parts;
    if (parts > 0 && parts_used[i] != (uint64_t{1} << parts) - 1) {
      return Corrupted("a co-occurrence part without keywords");
    }
  }
  const std::string_view stream_db = databases[kStreamDb];
  const uint64_t anchors_hash = r.U64();
  std::array<uint64_t, kSlots> digests;
  for (uint64_t& digest : digests) digest = r.U64();
  if (!r.ok()) return Corrupted("truncated tables");
  if (!r.at_end()) return Corrupted("trailing bytes");
  // A deferred stream database is checked when it is read back.
  const bool defer = file != nullptr && options.streaming;
  for (size_t slot = 0; slot < kSlots; ++slot) {
    if (slot == kStreamDb && defer) continue;
    if (PayloadChecksum(databases[slot]) != digests[slot]) {
      return Corrupted("a Hyperscan database that is not this engine's");
    }
  }
  if (!options.streaming && !stream_db.empty()) {
    return Corrupted("a stream database in an engine compiled without it");
  }
  if (defer) {
    LEXGATE_RETURN_IF_ERROR(DeferStreamDatabase(
        blob, std::move(file), stream_db, digests[kStreamDb], state.get()));
  } else if (!stream_db.empty()) {
    LEXGATE_ASSIGN_OR_RETURN(
        state->stream_database,
        DeserializeDatabase(stream_db, DatabaseMode::kStream));
  }
  if (options.streaming) state->saved_anchors_hash = anchors_hash;
  LEXGATE_RETURN_IF_ERROR(FinishEngineState(state.get()));
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

// Multiply-xorshift over little-endian 64-bit words (the last one padded
// with zeros), seeded with the length. It catches accidents, not forgers,
// and runs at memory speed: byte-wise FNV-1a took 70 ms of a 52 MB load.
uint64_t PayloadChecksum(std::string_view bytes) {
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

std::string SerializeEngineState(const EngineState& state) {
  // A loaded engine's deferred stream database is read first; should it
  // no longer be readable, the blob goes without it and its streams
  // fail as this engine's do (kDataLoss at OpenStream()).
  (void)state.ReadStreamDatabase();
  std::array<std::string, kSlots> databases;
  std::vector<uint64_t> digests;
  for (size_t slot = 0; slot < kSlots; ++slot) {
    databases[slot] = DatabaseBytes(SlotDatabase(state, slot));
    digests.push_back(PayloadChecksum(databases[slot]));
  }
  const std::string tables = WriteTables(state, digests);
  Writer w;
  w.str().append(kEngineMagic, sizeof(kEngineMagic));
  w.U32(kEngineFormatVersion);
  w.Bytes(hs_version());
  w.Bytes(fold_data::kIcuVersion);
  w.U64(FoldTable::DataDigest());
  w.Bytes(PlatformTag());
  w.U64(PayloadChecksum(tables));
  w.Bytes(tables);
  for (const std::string& database : databases) w.Bytes(database);
  return std::move(w.str());
}

absl::StatusOr<std::shared_ptr<EngineState>> DeserializeEngineState(
    std::string_view blob, std::shared_ptr<const EngineFile> file) {
  if (blob.size() < sizeof(kEngineMagic) ||
      std::memcmp(blob.data(), kEngineMagic, sizeof(kEngineMagic)) != 0) {
    return absl::InvalidArgumentError(
        "not a serialized lexgate engine (bad magic)");
  }
  Reader r(blob.substr(sizeof(kEngineMagic)));
  const uint32_t version = r.U32();
  if (r.ok() && (version < kOldestReadableEngineFormatVersion ||
                 version > kEngineFormatVersion)) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "engine format version %d; this build reads versions %d to %d", version,
        kOldestReadableEngineFormatVersion, kEngineFormatVersion));
  }
  const std::string_view hs = r.Bytes();
  const std::string_view icu = r.Bytes();
  const uint64_t fold_digest = r.U64();
  const std::string_view platform = r.Bytes();
  const uint64_t checksum = r.U64();
  const std::string_view payload = r.Bytes();
  std::array<std::string_view, kSlots> databases;
  for (std::string_view& db : databases) db = r.Bytes();
  if (!r.ok() || !r.at_end()) return Corrupted("truncated or padded");
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
  if (fold_digest != FoldTable::DataDigest()) {
    return absl::FailedPreconditionError(
        "engine folded with other fold data than this build's; recompile it");
  }
  if (platform != PlatformTag()) {
    return absl::FailedPreconditionError(
        absl::StrFormat("engine compiled for platform %s; this is %s", platform,
                        PlatformTag()));
  }
  // The tables' checksum; the tables hold each database's (ReadPayload()),
  // and each Hyperscan database carries its own CRC32C, which
  // hs_deserialize_database_at() checks.
  if (PayloadChecksum(payload) != checksum)
    return Corrupted("checksum mismatch");
  return ReadPayload(payload, databases, blob, std::move(file));
}

}  // namespace lexgate::internal
