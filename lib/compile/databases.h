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

// Compiles `set` for the host platform. A rejected expression is reported
// with its rule's file:line, id, the pattern and Hyperscan's message.
absl::StatusOr<Database> CompileDatabase(const ExpressionSet& set,
                                         const std::vector<RuleInfo>& rules);

absl::StatusOr<std::string> SerializeDatabase(const hs_database_t* db);
// Refuses, with a message saying why, a database from another Hyperscan
// version or platform.
absl::StatusOr<Database> DeserializeDatabase(std::string_view bytes);

size_t DatabaseSize(const hs_database_t* db);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_DATABASES_H_
