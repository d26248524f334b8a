// Owning wrappers around Hyperscan block-mode databases: compilation with
// errors traced back to the rule, and (de)serialization of one database.
#ifndef LEXGATE_LIB_COMPILE_DATABASES_H_
#define LEXGATE_LIB_COMPILE_DATABASES_H_

#include <hs/hs.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "compile/expressions.h"

namespace lexgate::internal {

struct DatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
// Null when the expression set was empty.
using Database = std::unique_ptr<hs_database_t, DatabaseDeleter>;

enum class DatabaseMode { kBlock, kStream };

// Compiles `set` for the host platform in block or stream mode. A rejected
// expression is reported with its rule's file:line, id, the pattern and
// Hyperscan's message.
absl::StatusOr<Database> CompileDatabase(const ExpressionSet& set,
                                         const std::vector<RuleInfo>& rules,
                                         DatabaseMode mode);

// The longest match of `pattern` in bytes; nullopt when it is unbounded
// (or refused).
std::optional<uint64_t> MaxMatchBytes(const std::string& pattern,
                                      unsigned flags);

absl::StatusOr<std::string> SerializeDatabase(const hs_database_t* db);
// Refuses, with a message saying why, a database from another Hyperscan
// version or platform, or of another mode than `mode`.
absl::StatusOr<Database> DeserializeDatabase(std::string_view bytes,
                                             DatabaseMode mode);

size_t DatabaseSize(const hs_database_t* db);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_DATABASES_H_
