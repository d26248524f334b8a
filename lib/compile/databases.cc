#include "compile/databases.h"

#include <cstdlib>
#include <vector>

#include "absl/strings/str_format.h"

namespace lexgate::internal {

absl::StatusOr<Database> CompileDatabase(const ExpressionSet& set,
                                         const std::vector<RuleInfo>& rules) {
  if (set.patterns.empty()) return Database();
  std::vector<const char*> patterns;
  std::vector<unsigned> ids;
  patterns.reserve(set.patterns.size());
  for (size_t i = 0; i < set.patterns.size(); ++i) {
    patterns.push_back(set.patterns[i].c_str());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  // Literals go through hs_compile_multi as escaped patterns: Debian's
  // Hyperscan 5.4 literal API mis-compiles some literal sets.
  hs_error_t rc =
      hs_compile_multi(patterns.data(), set.flags.data(), ids.data(),
                       static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK,
                       nullptr, &db, &error);
  if (rc == HS_SUCCESS) return Database(db);

  std::string message = error != nullptr && error->message != nullptr
                            ? error->message
                            : "unknown error";
  const int expression = error != nullptr ? error->expression : -1;
  hs_free_compile_error(error);
  if (expression < 0 ||
      static_cast<size_t>(expression) >= set.patterns.size()) {
    return absl::ResourceExhaustedError(absl::StrFormat(
        "Hyperscan could not compile the rule set: %s", message));
  }
  const ExpressionInfo& info = set.info[expression];
  const std::string what =
      info.kind == ExprKind::kRegex
          ? absl::StrFormat("regex '%s' rejected by Hyperscan: %s",
                            set.patterns[expression], message)
          : absl::StrFormat("keyword rejected by Hyperscan: %s", message);
  return RuleError(absl::StatusCode::kInvalidArgument,
                   set.locations[expression], rules[info.rule].id, what);
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

absl::StatusOr<Database> DeserializeDatabase(std::string_view bytes) {
  hs_database_t* db = nullptr;
  hs_error_t rc = hs_deserialize_database(bytes.data(), bytes.size(), &db);
  switch (rc) {
    case HS_SUCCESS:
      return Database(db);
    case HS_DB_VERSION_ERROR:
      return absl::FailedPreconditionError(
          "the engine was compiled with another Hyperscan version");
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

size_t DatabaseSize(const hs_database_t* db) {
  size_t size = 0;
  if (db != nullptr) hs_database_size(db, &size);
  return size;
}

}  // namespace lexgate::internal
