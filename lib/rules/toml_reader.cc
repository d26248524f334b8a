#include "rules/toml_reader.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "rules/rule_error_status.h"
#include "toml++/toml.h"

namespace lexgate::internal {
namespace {

absl::Status ParseErrorStatus(const toml::parse_error& error,
                              std::string_view path) {
  const toml::source_position& begin = error.source().begin;
  // RuleError() supplies the payload; the message gains the column, which
  // RuleError's format has no place for.
  absl::Status located =
      RuleError(absl::StatusCode::kInvalidArgument,
                {std::string(path), LineOf(error.source())}, "", "");
  std::string prefix(Absl(path));
  if (begin.line > 0) {
    absl::StrAppend(&prefix, ":", begin.line, ":", begin.column);
  }
  absl::Status status(
      absl::StatusCode::kInvalidArgument,
      absl::StrCat(prefix, ": invalid TOML: ", Absl(error.description())));
  located.ForEachPayload([&](absl::string_view url, const absl::Cord& value) {
    status.SetPayload(url, value);
  });
  return status;
}

}  // namespace

bool IsKnownKey(Keys valid, std::string_view key) {
  return std::find(valid.begin(), valid.end(), key) != valid.end();
}

absl::StatusOr<toml::table> ParseToml(std::string_view toml,
                                      std::string_view path) {
#if TOML_EXCEPTIONS
  try {
    return toml::parse(toml, path);
  } catch (const toml::parse_error& error) {
    return ParseErrorStatus(error, path);
  }
#else
  toml::parse_result result = toml::parse(toml, path);
  if (!result) return ParseErrorStatus(result.error(), path);
  return std::move(result).table();
#endif
}

std::string_view TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

absl::Status TomlReader::Error(int line, std::string_view rule_id,
                               std::string_view what) const {
  return RuleError(absl::StatusCode::kInvalidArgument, {path_, line}, rule_id,
                   what);
}

absl::Status TomlReader::TypeError(const toml::node& node,
                                   std::string_view rule_id,
                                   std::string_view key,
                                   std::string_view expected) const {
  return Error(node, rule_id,
               absl::StrCat("'", Absl(key), "' must be ", Absl(expected),
                            ", not ", Absl(TypeName(node))));
}

absl::Status TomlReader::ForEachKey(
    const toml::table& table, std::string_view rule_id,
    std::string_view table_name, Keys valid,
    absl::FunctionRef<absl::Status(std::string_view, const toml::node&)> read)
    const {
  for (auto&& [key, value] : table) {
    if (!IsKnownKey(valid, key.str())) {
      return Error(LineOf(key.source()), rule_id,
                   absl::StrCat("unknown key '", Absl(key.str()), "' in ",
                                Absl(table_name),
                                "; valid keys: ", absl::StrJoin(valid, ", ")));
    }
    LEXGATE_RETURN_IF_ERROR(read(key.str(), value));
  }
  return absl::OkStatus();
}

absl::Status TomlReader::CheckKeys(const toml::table& table,
                                   std::string_view table_name,
                                   Keys valid) const {
  return ForEachKey(
      table, "", table_name, valid,
      [](std::string_view, const toml::node&) { return absl::OkStatus(); });
}

absl::StatusOr<const toml::table*> TomlReader::Table(
    const toml::node& node, std::string_view key) const {
  const toml::table* table = node.as_table();
  if (table == nullptr) return TypeError(node, "", key, "a table");
  return table;
}

absl::StatusOr<const toml::array*> TomlReader::ArrayOfTables(
    const toml::node& node, std::string_view key) const {
  const toml::array* array = node.as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    return TypeError(
        node, "", key,
        absl::StrCat("an array of tables ([[", Absl(key), "]] sections)"));
  }
  return array;
}

absl::Status TomlReader::ReadString(
    const toml::node& node, std::string_view rule_id, std::string_view key,
    bool allow_empty, std::string* out,
    std::vector<SourceLocation>* locations) const {
  const auto* value = node.as_string();
  if (value == nullptr) return TypeError(node, rule_id, key, "a string");
  if (!allow_empty && value->get().empty()) {
    return Error(node, rule_id,
                 absl::StrCat("'", Absl(key), "' must not be empty"));
  }
  *out = value->get();
  if (locations != nullptr) {
    locations->push_back({path_, LineOf(node.source())});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<const toml::value<std::string>*>>
TomlReader::StringArray(const toml::node& node, std::string_view rule_id,
                        std::string_view key) const {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    return TypeError(node, rule_id, key, "an array of strings");
  }
  std::vector<const toml::value<std::string>*> strings;
  for (const toml::node& element : *array) {
    strings.push_back(element.as_string());
    if (strings.back() == nullptr) {
      return Error(
          element, rule_id,
          absl::StrCat("'", Absl(key),
                       "' must be an array of strings; element ",
                       strings.size(), " is ", Absl(TypeName(element))));
    }
  }
  return strings;
}

absl::Status TomlReader::ReadStrings(
    const toml::node& node, std::string_view rule_id, std::string_view key,
    bool allow_empty, std::vector<std::string>* out,
    std::vector<SourceLocation>* locations) const {
  LEXGATE_ASSIGN_OR_RETURN(
      const std::vector<const toml::value<std::string>*> strings,
      StringArray(node, rule_id, key));
  for (size_t i = 0; i < strings.size(); ++i) {
    const toml::value<std::string>& value = *strings[i];
    if (!allow_empty && value->empty()) {
      return Error(
          value, rule_id,
          absl::StrCat("'", Absl(key), "' holds an empty string (element ",
                       i + 1, ")"));
    }
    out->push_back(*value);
    if (locations != nullptr) {
      locations->push_back({path_, LineOf(value.source())});
    }
  }
  return absl::OkStatus();
}

absl::Status TomlReader::ReadBool(const toml::node& node,
                                  std::string_view rule_id,
                                  std::string_view key, bool* out) const {
  const auto* value = node.as_boolean();
  if (value == nullptr) return TypeError(node, rule_id, key, "a boolean");
  *out = value->get();
  return absl::OkStatus();
}

absl::Status TomlReader::ReadInteger(const toml::node& node,
                                     std::string_view rule_id,
                                     std::string_view key, int64_t* out) const {
  const auto* value = node.as_integer();
  if (value == nullptr) return TypeError(node, rule_id, key, "an integer");
  *out = value->get();
  return absl::OkStatus();
}

}  // namespace lexgate::internal
