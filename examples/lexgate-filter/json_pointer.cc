#include "json_pointer.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace lexgate_filter {
namespace {

using nlohmann::ordered_json;

// RFC 6901 §4: "~1" is '/', "~0" is '~'; any other '~' is an error.
absl::StatusOr<std::string> Unescape(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '~') {
      out.push_back(token[i]);
    } else if (i + 1 < token.size() &&
               (token[i + 1] == '0' || token[i + 1] == '1')) {
      out.push_back(token[++i] == '0' ? '~' : '/');
    } else {
      return absl::InvalidArgumentError(
          "'~' in a JSON pointer must be followed by 0 or 1");
    }
  }
  return out;
}

// An array index as RFC 6901 allows it: "0", or digits without a leading 0.
bool ArrayIndex(const std::string& token, size_t* index) {
  if (token.empty() || (token.size() > 1 && token[0] == '0')) return false;
  for (char c : token) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(token, index);
}

}  // namespace

absl::StatusOr<JsonPointer> JsonPointer::Parse(std::string_view spec) {
  if (spec.empty()) {
    return absl::InvalidArgumentError(
        "option '--field' needs a key or a JSON pointer");
  }
  JsonPointer pointer;
  pointer.spec_ = std::string(spec);
  if (spec[0] != '/') {
    // A bare name is one top-level key, taken literally.
    pointer.steps_.push_back(std::string(spec));
    return pointer;
  }
  size_t start = 1;
  while (true) {
    size_t slash = spec.find('/', start);
    std::string_view token = spec.substr(
        start, slash == std::string_view::npos ? spec.npos : slash - start);
    absl::StatusOr<std::string> step = Unescape(token);
    if (!step.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("option '--field': ", step.status().message()));
    }
    pointer.steps_.push_back(*std::move(step));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return pointer;
}

ordered_json* JsonPointer::Walk(ordered_json& root, size_t steps,
                                ordered_json** parent) const {
  ordered_json* value = &root;
  for (size_t i = 0; i < steps; ++i) {
    const std::string& step = steps_[i];
    *parent = value;
    if (value->is_object()) {
      auto it = value->find(step);
      if (it == value->end()) return nullptr;
      value = &*it;
    } else if (value->is_array()) {
      size_t index = 0;
      if (!ArrayIndex(step, &index) || index >= value->size()) return nullptr;
      value = &(*value)[index];
    } else {
      return nullptr;
    }
  }
  return value;
}

ordered_json* JsonPointer::Value(ordered_json& root) const {
  ordered_json* parent = nullptr;
  return Walk(root, steps_.size(), &parent);
}

ordered_json* JsonPointer::Holder(ordered_json& root) const {
  ordered_json* parent = nullptr;
  ordered_json* holder = Walk(root, steps_.size() - 1, &parent);
  return holder != nullptr && holder->is_object() ? holder : nullptr;
}

absl::StatusOr<JsonPointer::Target> JsonPointer::Find(
    ordered_json& root) const {
  ordered_json* parent = nullptr;
  ordered_json* value = Walk(root, steps_.size(), &parent);
  if (value == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("missing field \"", spec_, "\""));
  }
  if (!parent->is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("field \"", spec_, "\" is not in an object"));
  }
  if (!value->is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat("field \"", spec_, "\" is not a string"));
  }
  return Target{parent, steps_.back(), &value->get_ref<const std::string&>()};
}

}  // namespace lexgate_filter
