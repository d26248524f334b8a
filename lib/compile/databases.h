// Owning wrappers around Hyperscan block-mode databases: compilation with
// errors traced back to the rule, and (de)serialization of one database.
#ifndef LEXGATE_LIB_COMPILE_DATABASES_H_
#define LEXGATE_LIB_COMPILE_DATABASES_H_

#include <hs/hs.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "compile/expressions.h"

namespace lexgate::internal {

// Frees a database from Hyperscan's allocator, or one that
// DeserializeDatabase() placed in memory of its own (a large one).
struct DatabaseDeleter {
  bool own_memory = false;
  void operator()(hs_database_t* db) const {
    if (own_memory) {
      std::free(db);
    } else {
      hs_free_database(db);
    }
  }
};
// Null when the expression set was empty.
using Database = std::unique_ptr<hs_database_t, DatabaseDeleter>;

enum class DatabaseMode { kBlock, kStream };

// Patterns compiled after an expression set's, with ids following its
// (a stream's anchors and end detectors): no rule owns them. A regex that
// `ends_only` marks needs only a superset of its ends, so its tail from a
// literal on (EndFindingTail()) may stand in for it.
struct ExtraPatterns {
  std::vector<std::string> patterns;
  std::vector<unsigned> flags;
  std::vector<bool> ends_only;
};

// Compiles `set` (then `extra`) for the host platform in block or stream
// mode, but for the expressions `leave_out` marks (matched elsewhere: the
// VariantMatcher); Hyperscan ids are expression indices all the same.
// Where only ends are needed, a regex is compiled as its tail where it has
// one: in block mode a late-start regex of `set` (without start-of-match
// and of no fixed length: its starts are found later, FindLateStarts()),
// in either mode an `extra` regex marked ends-only. Should Hyperscan refuse a
// tail, all is compiled as written. A rejected expression is reported with its
// rule's file:line, id, the pattern and Hyperscan's message.
absl::StatusOr<Database> CompileDatabase(
    const ExpressionSet& set, const std::vector<RuleInfo>& rules,
    DatabaseMode mode, const ExtraPatterns& extra = {},
    const std::vector<bool>& leave_out = {});
// Tests only: while true, every tail CompileDatabase() tries is replaced by
// a pattern Hyperscan refuses (a backreference), so that the fallback to
// the regexes as written runs.
void SetRefuseTailsForTesting(bool refuse);

// The longest match of `pattern` in bytes; nullopt when it is unbounded
// (or refused).
std::optional<uint64_t> MaxMatchBytes(const std::string& pattern,
                                      unsigned flags);

absl::StatusOr<std::string> SerializeDatabase(const hs_database_t* db);
// Refuses, with a message saying why, a database from another Hyperscan
// version or platform, or of another mode than `mode`. A large database
// (4 MB and more) goes into memory of lexgate's own, advised to use
// transparent huge pages, not through hs_set_database_allocator()'s: the
// first load of a cached engine of 100k keywords otherwise spends most of
// its time in page faults, one per 4 KB of a 50 MB database.
absl::StatusOr<Database> DeserializeDatabase(std::string_view bytes,
                                             DatabaseMode mode);
// Tests only: databases from `bytes` on (0: the default) are large.
void SetLargeDatabaseBytesForTesting(size_t bytes);

size_t DatabaseSize(const hs_database_t* db);

// Checks serialized database `bytes` as DeserializeDatabase() would (its
// header, Hyperscan version, mode and the CRC of its bytecode) without
// placing it in memory, and returns the size it will have there. For the
// stream database of Engine::Load(), deserialized at the first stream.
absl::StatusOr<size_t> CheckSerializedDatabase(std::string_view bytes,
                                               DatabaseMode mode);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_DATABASES_H_
