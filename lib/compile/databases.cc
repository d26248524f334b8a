#include "compile/databases.h"

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "absl/strings/str_format.h"
#include "base/crc32c.h"
#include "base/huge_pages.h"
#include "base/invisible.h"
#include "base/utf8.h"
#include "compile/regex_tail.h"
#include "rules/rule_error_status.h"

namespace lexgate::internal {

namespace {

absl::Status ExpressionError(const ExpressionSet& set,
                             const std::vector<RuleInfo>& rules,
                             hs_compile_error_t* error, int expression) {
  std::string message = error != nullptr && error->message != nullptr
                            ? error->message
                            : "unknown error";
  hs_free_compile_error(error);
  // Hyperscan blames the expression it was compiling when memory ran out
  // (its own allocations or ours, caught inside it): not the rule's fault.
  const bool out_of_memory = message.rfind("Unable to allocate memory", 0) == 0;
  if (out_of_memory || expression < 0 ||
      static_cast<size_t>(expression) >= set.info.size()) {
    return absl::ResourceExhaustedError(absl::StrFormat(
        "Hyperscan could not compile the rule set: %s", message));
  }
  const ExpressionInfo& info = set.info[expression];
  std::string what;
  switch (info.kind) {
    case ExprKind::kLiteral: {
      // Named, so that it can be found in a long inline array; a keyword
      // too long for Hyperscan is shown by its start and length.
      const std::string_view keyword = set.sources[expression];
      const size_t shown =
          CharStart(keyword, std::min<size_t>(keyword.size(), 60));
      what = absl::StrFormat(
          "keyword \"%s%s\" (%d bytes) rejected by Hyperscan: %s",
          VisibleText(keyword.substr(0, shown)),
          shown < keyword.size() ? "…" : "", keyword.size(), message);
      break;
    }
    case ExprKind::kRegex:
      what = absl::StrFormat("regex '%s' rejected by Hyperscan: %s",
                             set.terms[expression], message);
      break;
    default:  // a keyword's spellings: name the keyword
      what = absl::StrFormat(
          "the spellings of keyword '%s' (pattern '%s') rejected by "
          "Hyperscan: %s",
          set.sources[expression], set.terms[expression], message);
  }
  const SourceLocation where =
      static_cast<size_t>(expression) < set.locations.size()
          ? set.locations[expression]
          : SourceLocation();
  const std::string_view rule_id =
      info.rule < rules.size() ? std::string_view(rules[info.rule].id) : "";
  return RuleError(absl::StatusCode::kInvalidArgument, where, rule_id, what);
}

// Databases from this size up are placed by DeserializeLarge() (smaller
// ones would waste most of a huge page).
constexpr size_t kLargeDatabaseBytes = size_t{4} << 20;
std::atomic<size_t> large_database_bytes{kLargeDatabaseBytes};

std::atomic<bool> refuse_tails{false};

// A large database deserialized into memory of its own, on huge pages
// (AllocateOnHugePages()). Null for a small database, a header Hyperscan
// refuses or no memory: Hyperscan's own allocator then takes it, and reports
// the error.
Database DeserializeLarge(std::string_view bytes) {
  size_t size = 0;
  if (hs_serialized_database_size(bytes.data(), bytes.size(), &size) !=
          HS_SUCCESS ||
      size < large_database_bytes.load(std::memory_order_relaxed)) {
    return nullptr;
  }
  void* memory = AllocateOnHugePages(size);
  if (memory == nullptr) return nullptr;
  Database db(static_cast<hs_database_t*>(memory), DatabaseDeleter{true});
  if (hs_deserialize_database_at(bytes.data(), bytes.size(), db.get()) !=
      HS_SUCCESS) {
    return nullptr;
  }
  return db;
}

absl::StatusOr<Database> CompilePatterns(const ExpressionSet& set,
                                         const std::vector<RuleInfo>& rules,
                                         DatabaseMode mode,
                                         const ExtraPatterns& extra,
                                         const std::vector<bool>& leave_out,
                                         bool use_tails) {
  // Hyperscan needs NUL-terminated patterns: a literal's escaped form, a
  // regex as written. Ids stay expression indices with some left out.
  std::vector<std::string> owned;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  owned.reserve(set.size() + extra.patterns.size());
  // A late-start regex (a regex without start-of-match) needs only its
  // ends from a block scan (FindLateStarts() finds the matches): its tail
  // finds them faster (EndFindingTail()), as it does an ends-only extra.
  bool tails = false;
  auto add = [&](std::string pattern, bool ends_only, unsigned flag,
                 unsigned id) {
    std::optional<std::string> tail;
    if (use_tails && ends_only) tail = EndFindingTail(pattern);
    if (tail && refuse_tails.load(std::memory_order_relaxed)) {
      tail = "(a)\\1";  // Hyperscan has no backreferences
    }
    tails |= tail.has_value();
    owned.push_back(tail ? *std::move(tail) : std::move(pattern));
    flags.push_back(flag);
    ids.push_back(id);
  };
  for (size_t i = 0; i < set.size(); ++i) {
    if (i < leave_out.size() && leave_out[i]) continue;
    // (A fixed-length regex has no start-of-match either, and needs its
    // exact ends.)
    const bool late_start = mode == DatabaseMode::kBlock &&
                            set.info[i].kind == ExprKind::kRegex &&
                            set.info[i].match_length == 0 &&
                            (set.flags[i] & HS_FLAG_SOM_LEFTMOST) == 0;
    add(set.Pattern(i), late_start, set.flags[i], static_cast<unsigned>(i));
  }
  for (size_t k = 0; k < extra.patterns.size(); ++k) {
    add(extra.patterns[k], k < extra.ends_only.size() && extra.ends_only[k],
        extra.flags[k], static_cast<unsigned>(set.size() + k));
  }
  if (owned.empty()) return Database();
  std::vector<const char*> patterns;
  patterns.reserve(owned.size());
  for (const std::string& pattern : owned) patterns.push_back(pattern.c_str());
  // Stream mode keeps exact start-of-match offsets for regexes however far
  // back they lie.
  const unsigned hs_mode = mode == DatabaseMode::kBlock
                               ? HS_MODE_BLOCK
                               : HS_MODE_STREAM | HS_MODE_SOM_HORIZON_LARGE;
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  // Literals go through hs_compile_multi as escaped patterns: Debian's
  // Hyperscan 5.4 literal API mis-compiles some literal sets.
  hs_error_t rc = hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                                   static_cast<unsigned>(patterns.size()),
                                   hs_mode, nullptr, &db, &error);
  if (rc == HS_SUCCESS) return Database(db);
  if (tails) {
    // The error is reported for the regexes as written.
    hs_free_compile_error(error);
    return CompilePatterns(set, rules, mode, extra, leave_out,
                           /*use_tails=*/false);
  }
  // Hyperscan names the pattern by its place in the arrays.
  const int at = error != nullptr ? error->expression : -1;
  return ExpressionError(set, rules, error,
                         at >= 0 && static_cast<size_t>(at) < ids.size()
                             ? static_cast<int>(ids[at])
                             : -1);
}

}  // namespace

absl::StatusOr<Database> CompileDatabase(const ExpressionSet& set,
                                         const std::vector<RuleInfo>& rules,
                                         DatabaseMode mode,
                                         const ExtraPatterns& extra,
                                         const std::vector<bool>& leave_out) {
  return CompilePatterns(set, rules, mode, extra, leave_out,
                         /*use_tails=*/true);
}

std::optional<uint64_t> MaxMatchBytes(const std::string& pattern,
                                      unsigned flags) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(pattern.c_str(), flags, &info, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return std::nullopt;
  }
  const unsigned max_width = info->max_width;
  std::free(info);
  if (max_width == UINT_MAX) return std::nullopt;
  return max_width;
}

absl::StatusOr<std::string> SerializeDatabase(const hs_database_t* db) {
  char* bytes = nullptr;
  size_t length = 0;
  if (hs_serialize_database(db, &bytes, &length) != HS_SUCCESS) {
    return absl::InternalError("Hyperscan could not serialize a database");
  }
  std::string out(bytes, length);
  std::free(bytes);
  return out;
}

void SetRefuseTailsForTesting(bool refuse) {
  refuse_tails.store(refuse, std::memory_order_relaxed);
}

void SetLargeDatabaseBytesForTesting(size_t bytes) {
  large_database_bytes = bytes == 0 ? kLargeDatabaseBytes : bytes;
}

namespace {

// A Hyperscan error of loading a database, as the engine's status.
absl::Status LoadError(hs_error_t rc) {
  switch (rc) {
    case HS_DB_VERSION_ERROR:
      // The engine's header named this Hyperscan version: the database's
      // own header was damaged.
      return absl::DataLossError(
          "corrupted Hyperscan database: its version is not the engine's");
    case HS_DB_PLATFORM_ERROR:
      return absl::FailedPreconditionError(
          "the engine was compiled for another CPU platform");
    case HS_NOMEM:
      return absl::ResourceExhaustedError(
          "out of memory while loading the engine");
    default:
      return absl::DataLossError(
          absl::StrFormat("corrupted Hyperscan database (error %d)", rc));
  }
}

// A block database where a stream one belongs (or the reverse) would fail
// every scan: refused. `info` is hs_database_info()'s text.
absl::Status CheckMode(const char* info, DatabaseMode mode) {
  const std::string_view text(info);
  const bool stream = text.find("STREAM") != std::string_view::npos;
  const bool block = text.find("BLOCK") != std::string_view::npos;
  if ((mode == DatabaseMode::kStream && !stream) ||
      (mode == DatabaseMode::kBlock && !block)) {
    return absl::DataLossError(
        "corrupted lexgate engine: a Hyperscan database of the wrong mode");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Database> DeserializeDatabase(std::string_view bytes,
                                             DatabaseMode mode) {
  Database owned = DeserializeLarge(bytes);
  if (owned == nullptr) {
    hs_database_t* db = nullptr;
    const hs_error_t rc =
        hs_deserialize_database(bytes.data(), bytes.size(), &db);
    if (rc != HS_SUCCESS) return LoadError(rc);
    owned.reset(db);  // Hyperscan's allocator: the default deleter
  }
  char* info = nullptr;
  if (hs_database_info(owned.get(), &info) != HS_SUCCESS) {
    return absl::DataLossError("corrupted Hyperscan database");
  }
  const absl::Status mode_status = CheckMode(info, mode);
  std::free(info);
  if (!mode_status.ok()) return mode_status;
  return owned;
}

absl::StatusOr<size_t> CheckSerializedDatabase(std::string_view bytes,
                                               DatabaseMode mode) {
  size_t size = 0;
  hs_error_t rc =
      hs_serialized_database_size(bytes.data(), bytes.size(), &size);
  if (rc != HS_SUCCESS) return LoadError(rc);
  // hs_serialize_database()'s layout: magic, version, bytecode length,
  // platform (8 bytes), CRC-32C of the bytecode, two reserved words, then
  // the bytecode (the length check above bounds it).
  constexpr size_t kHeaderBytes = 4 + 4 + 4 + 8 + 4 + 4 + 4;
  uint32_t length = 0;
  uint32_t crc = 0;
  std::memcpy(&length, bytes.data() + 8, sizeof(length));
  std::memcpy(&crc, bytes.data() + 20, sizeof(crc));
  if (kHeaderBytes + length > bytes.size() ||
      Crc32c(bytes.substr(kHeaderBytes, length)) != crc) {
    return LoadError(HS_INVALID);
  }
  char* info = nullptr;
  rc = hs_serialized_database_info(bytes.data(), bytes.size(), &info);
  if (rc != HS_SUCCESS) return LoadError(rc);
  const absl::Status mode_status = CheckMode(info, mode);
  std::free(info);
  if (!mode_status.ok()) return mode_status;
  return size;
}

size_t DatabaseSize(const hs_database_t* db) {
  size_t size = 0;
  if (db != nullptr) hs_database_size(db, &size);
  return size;
}

}  // namespace lexgate::internal
