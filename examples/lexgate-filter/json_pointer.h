// --field: which string of a JSON record is the text to screen, as an RFC
// 6901 JSON pointer ("/messages/0/content") or a bare top-level key
// ("content", the same as "/content").
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_JSON_POINTER_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_JSON_POINTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace lexgate_filter {

// Thread safety: immutable after Parse(); Find() may run on many threads.
class JsonPointer {
 public:
  // Fails (kInvalidArgument) on an empty spec (the whole record is not a
  // string) and on a '~' not followed by '0' or '1'. "/" is the key "".
  static absl::StatusOr<JsonPointer> Parse(std::string_view spec);

  // Where the field lives in one record.
  struct Target {
    nlohmann::ordered_json* holder;  // the object holding the field
    std::string key;                 // the field's key in `holder`
    const std::string* text;         // the field's string value
  };

  // Finds the field in `root`. Fails with the message for the record's
  // "error": 'missing field "SPEC"' when a step does not exist (an array
  // index that is not a decimal number without leading zeros, or past the
  // end, included), 'field "SPEC" is not a string', or 'field "SPEC" is not
  // in an object' when its parent is an array (the results could not go
  // beside it).
  absl::StatusOr<Target> Find(nlohmann::ordered_json& root) const;
  // The field's value in `root`, whatever its type (a record in error
  // refuses it); null when a step does not exist.
  nlohmann::ordered_json* Value(nlohmann::ordered_json& root) const;
  // The object in `root` that holds (or would hold) the field, where its
  // results go: null when a step before the last does not exist or that
  // value is not an object.
  nlohmann::ordered_json* Holder(nlohmann::ordered_json& root) const;

  const std::string& spec() const { return spec_; }
  // The field's own key (the last step).
  const std::string& key() const { return steps_.back(); }

 private:
  // The value the first `steps` steps lead to in `root` (null when one does
  // not exist), and in `parent` the value holding it.
  nlohmann::ordered_json* Walk(nlohmann::ordered_json& root, size_t steps,
                               nlohmann::ordered_json** parent) const;

  std::string spec_;                // as given, for messages
  std::vector<std::string> steps_;  // unescaped reference tokens
};

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_JSON_POINTER_H_
