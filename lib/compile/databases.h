// Owning wrappers around Hyperscan block-mode databases: compilation with
// errors traced back to the rule, and (de)serialization of one database.
#ifndef LEXGATE_LIB_COMPILE_DATABASES_H_
#define LEXGATE_LIB_COMPILE_DATABASES_H_

#include <hs/hs.h>

#include <memory>
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

// Compiles `set` for the host platform in block or stream mode. A rejected
// expression is reported with its rule's file:line, id, the pattern and
// Hyperscan's message.
enum class DatabaseMode { kBlock, kStream };
absl::StatusOr<Database> CompileDatabase(const ExpressionSet& set,
                                         const std::vector<RuleInfo>& rules,
                                         DatabaseMode mode);

// The longest match of any expression in `set`, in bytes; UINT64_MAX when
// one is unbounded, and then `*unbounded` is that expression's index.
absl::StatusOr<uint64_t> MaxMatchWidth(const ExpressionSet& set,
                                       const std::vector<RuleInfo>& rules,
                                       size_t* unbounded);

absl::StatusOr<std::string> SerializeDatabase(const hs_database_t* db);
// Refuses, with a message saying why, a database from another Hyperscan
// version or platform.
absl::StatusOr<Database> DeserializeDatabase(std::string_view bytes);

size_t DatabaseSize(const hs_database_t* db);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_DATABASES_H_
