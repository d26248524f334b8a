// Typed access to the values of one TOML file (a rule pack or a taxonomy
// file), with the errors a pack author needs: every wrong type, empty value
// or unknown key is a rule error naming the file, the line and the rule.
// Strict on purpose: a typo in a compliance rule pack silently disables a
// rule.
#ifndef LEXGATE_LIB_RULES_TOML_READER_H_
#define LEXGATE_LIB_RULES_TOML_READER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "lexgate/rule.h"
#include "toml++/toml.h"

namespace lexgate::internal {

// The keys a table accepts, in the order its error message lists them.
using Keys = std::span<const char* const>;

// Whether `key` is one of `valid`.
bool IsKnownKey(Keys valid, std::string_view key);

// Parses TOML text. A syntax error is a rule error at `path` and the line
// of the error, with "path:line:column: invalid TOML: ..." as its message.
absl::StatusOr<toml::table> ParseToml(std::string_view toml,
                                      std::string_view path);

// The 1-based line where `region` begins.
inline int LineOf(const toml::source_region& region) {
  return static_cast<int>(region.begin.line);
}

// "a string", "an integer", ...: the type of `node` for a message.
std::string_view TypeName(const toml::node& node);

// Reads the nodes of the file at `path`. `rule_id` (empty outside a
// [[rule]]) and `key` only name the value in errors; every error is a
// kInvalidArgument rule error at `path` and the line of the node.
//
// Thread safety: immutable once constructed; may be shared between threads.
class TomlReader {
 public:
  explicit TomlReader(std::string_view path) : path_(path) {}

  const std::string& path() const { return path_; }

  // "path:line: rule 'rule_id': what".
  absl::Status Error(int line, std::string_view rule_id,
                     std::string_view what) const;
  absl::Status Error(const toml::node& node, std::string_view rule_id,
                     std::string_view what) const {
    return Error(LineOf(node.source()), rule_id, what);
  }
  // "'key' must be <expected>, not <the type of node>".
  absl::Status TypeError(const toml::node& node, std::string_view rule_id,
                         std::string_view key, std::string_view expected) const;
  // Calls `read` with the name and the value of every key of `table`, in
  // order, and stops at its first error. A key that is not in `valid` is an
  // error where it stands among the others: "unknown key 'k' in
  // <table_name>; valid keys: ..." (naming `rule_id`).
  absl::Status ForEachKey(
      const toml::table& table, std::string_view rule_id,
      std::string_view table_name, Keys valid,
      absl::FunctionRef<absl::Status(std::string_view, const toml::node&)> read)
      const;
  // ForEachKey() that reads nothing: every key of `table` is in `valid`.
  absl::Status CheckKeys(const toml::table& table, std::string_view table_name,
                         Keys valid) const;

  // `node` as a table; `key` names it in the error.
  absl::StatusOr<const toml::table*> Table(const toml::node& node,
                                           std::string_view key) const;
  // `node` as an array of tables ([[key]] sections); `key` names it.
  absl::StatusOr<const toml::array*> ArrayOfTables(const toml::node& node,
                                                   std::string_view key) const;

  // Reads a string; an empty one is an error unless `allow_empty`. With
  // `locations`, appends where it was written.
  absl::Status ReadString(
      const toml::node& node, std::string_view rule_id, std::string_view key,
      bool allow_empty, std::string* out,
      std::vector<SourceLocation>* locations = nullptr) const;
  // The elements of an array of strings, each with its own source region.
  absl::StatusOr<std::vector<const toml::value<std::string>*>> StringArray(
      const toml::node& node, std::string_view rule_id,
      std::string_view key) const;
  // Appends the strings of an array of strings to `out`; an empty string is
  // an error unless `allow_empty`. With `locations`, appends where each was
  // written.
  absl::Status ReadStrings(
      const toml::node& node, std::string_view rule_id, std::string_view key,
      bool allow_empty, std::vector<std::string>* out,
      std::vector<SourceLocation>* locations = nullptr) const;
  absl::Status ReadBool(const toml::node& node, std::string_view rule_id,
                        std::string_view key, bool* out) const;
  absl::Status ReadInteger(const toml::node& node, std::string_view rule_id,
                           std::string_view key, int64_t* out) const;
  // Reads a string that `parse` turns into an Enum; `valid` lists the
  // accepted spellings for the error message.
  template <typename Enum>
  absl::Status ReadEnum(const toml::node& node, std::string_view rule_id,
                        std::string_view key,
                        std::optional<Enum> (*parse)(std::string_view),
                        std::string_view valid, Enum* out) const;

 private:
  std::string path_;
};

template <typename Enum>
absl::Status TomlReader::ReadEnum(
    const toml::node& node, std::string_view rule_id, std::string_view key,
    std::optional<Enum> (*parse)(std::string_view), std::string_view valid,
    Enum* out) const {
  const auto* value = node.as_string();
  if (value == nullptr) return TypeError(node, rule_id, key, "a string");
  std::optional<Enum> parsed = parse(value->get());
  if (!parsed.has_value()) {
    return Error(node, rule_id,
                 absl::StrCat("'", Absl(key), "' must be one of ", Absl(valid),
                              ", not '", value->get(), "'"));
  }
  *out = *parsed;
  return absl::OkStatus();
}

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_TOML_READER_H_
