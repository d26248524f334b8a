#include "json_io.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "utf8_check.h"

namespace lexgate_filter {
namespace {

using nlohmann::ordered_json;

// A number kept as its original text travels as a binary value with this
// subtype: JSON text cannot express binary values, so nothing read from a
// line can be mistaken for one.
constexpr std::uint8_t kRawNumberSubtype = 'n';

// nlohmann's exception id for a number outside a double's range.
constexpr int kNumberOutOfRange = 406;

// What a parse error of nlohmann says went wrong ("invalid string:
// surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF",
// "unexpected end of input; expected string literal"), without its
// position and without the text it last read: that is the record's own
// text, which an error record must not echo unscreened.
std::string WhatWentWrong(std::string_view what) {
  // "[json.exception.parse_error.101] parse error at line 1, column 29:
  // syntax error while parsing value - <problem>; last read: '<text>'"
  if (const size_t at = what.find(": "); at != std::string_view::npos) {
    what.remove_prefix(at + 2);
  }
  if (const size_t at = what.find(" - "); at != std::string_view::npos) {
    what.remove_prefix(at + 3);
  }
  what = what.substr(0, what.find("; last read"));
  return std::string(what);
}

// Builds the value of one line from nlohmann's SAX events. nlohmann's own
// DOM builder has no depth limit and turns every float and every integer
// beyond 64 bits into a double; this one refuses deep nesting as soon as it
// starts and keeps such numbers as text.
class BoundedBuilder {
 public:
  // `negative_zeros`: the ordinals, in order, of the integers written "-0"
  // (NegativeZeroIntegers()).
  BoundedBuilder(ordered_json* root, std::vector<size_t> negative_zeros)
      : root_(root), negative_zeros_(std::move(negative_zeros)) {}

  bool null() { return Add(nullptr) != nullptr; }
  bool boolean(bool value) { return Add(value) != nullptr; }
  bool number_integer(std::int64_t value) {
    // nlohmann hands "-0" over as the integer 0: kept as its text, so that
    // the record is written back as it was (and the stream ids -0 and 0
    // stay two streams).
    if (value == 0 && next_zero_ < negative_zeros_.size() &&
        negative_zeros_[next_zero_] == integers_) {
      ++next_zero_;
      ++integers_;
      return AddRawNumber("-0");
    }
    ++integers_;
    return Add(value) != nullptr;
  }
  bool number_unsigned(std::uint64_t value) {
    ++integers_;
    return Add(value) != nullptr;
  }
  bool number_float(double /*value*/, const std::string& text) {
    return AddRawNumber(text);
  }
  bool string(std::string& value) { return Add(std::move(value)) != nullptr; }
  bool binary(ordered_json::binary_t& value) {
    return Add(std::move(value)) != nullptr;
  }
  bool start_object(std::size_t /*elements*/) {
    return Open(ordered_json::object());
  }
  bool key(std::string& key) {
    key_ = std::move(key);
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(std::size_t /*elements*/) {
    return Open(ordered_json::array());
  }
  bool end_array() { return Close(); }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const ordered_json::exception& error) {
    error_ = absl::StrCat("invalid JSON at byte ", position, ": ",
                          error.id == kNumberOutOfRange
                              ? "number out of range"
                              : WhatWentWrong(error.what()));
    return false;
  }

  // Why parsing stopped; empty when it did not.
  const std::string& error() const { return error_; }

 private:
  bool AddRawNumber(std::string_view text) {
    return Add(ordered_json::binary(
               std::vector<std::uint8_t>(text.begin(), text.end()),
               kRawNumberSubtype)) != nullptr;
  }

  // Places `value` in the innermost open container (or at the root) and
  // returns where it now lives. Only the innermost container grows while a
  // child is open, so the pointers on `open_` stay valid.
  ordered_json* Add(ordered_json&& value) {
    if (open_.empty()) {
      *root_ = std::move(value);
      return root_;
    }
    ordered_json& parent = *open_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    // A repeated key keeps the last value, as nlohmann's parser does. The
    // keys are looked up in an index of our own: ordered_json's operator[]
    // searches the object's keys one by one, which made a hostile line of
    // many keys quadratic (80,000 keys: 7 s).
    ordered_json::object_t::Container& members =
        parent.get_ref<ordered_json::object_t&>();
    const auto [at, added] = keys_.back().try_emplace(key_, members.size());
    if (added) {
      members.emplace_back(key_, std::move(value));
      return &members.back().second;
    }
    ordered_json& slot = members[at->second].second;
    slot = std::move(value);
    return &slot;
  }

  bool Open(ordered_json&& container) {
    if (open_.size() >= static_cast<std::size_t>(kMaxJsonDepth)) {
      error_ = absl::StrCat("invalid JSON (nested deeper than ", kMaxJsonDepth,
                            " levels)");
      return false;
    }
    open_.push_back(Add(std::move(container)));
    keys_.emplace_back();
    return true;
  }

  bool Close() {
    open_.pop_back();
    keys_.pop_back();
    return true;
  }

  ordered_json* root_;
  std::vector<size_t> negative_zeros_;
  size_t next_zero_ = 0;             // the next of negative_zeros_ to come
  size_t integers_ = 0;              // integers read so far
  std::vector<ordered_json*> open_;  // containers not yet closed
  // Per open container: an object's keys and where each is in it.
  std::vector<absl::flat_hash_map<std::string, size_t>> keys_;
  std::string key_;
  std::string error_;
};

void DumpTo(const ordered_json& value, std::string* out,
            const JsonSplice* splice = nullptr) {
  if (splice != nullptr && &value == splice->at) {
    splice->write(out);
    return;
  }
  // Strings built in code (the redacted text of a line that was never
  // valid UTF-8) get one U+FFFD per ill-formed byte, as the offsets of
  // their matches count them (lexgate/offsets.h); nlohmann's
  // error_handler_t::replace would write one per ill-formed sequence, and
  // the offsets would no longer fall where they point.
  auto dump_leaf = [out](const ordered_json& leaf) {
    if (leaf.is_string()) {
      const std::string& text = leaf.get_ref<const std::string&>();
      if (FindInvalidUtf8(text) != std::string_view::npos) {
        *out += ordered_json(ReplaceInvalidUtf8(text)).dump(-1, ' ', false);
        return;
      }
    }
    *out += leaf.dump(-1, ' ', /*ensure_ascii=*/false,
                      ordered_json::error_handler_t::replace);
  };
  switch (value.type()) {
    case ordered_json::value_t::object: {
      out->push_back('{');
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out->push_back(',');
        first = false;
        dump_leaf(ordered_json(it.key()));
        out->push_back(':');
        DumpTo(it.value(), out, splice);
      }
      out->push_back('}');
      return;
    }
    case ordered_json::value_t::array: {
      out->push_back('[');
      bool first = true;
      for (const ordered_json& element : value) {
        if (!first) out->push_back(',');
        first = false;
        DumpTo(element, out, splice);
      }
      out->push_back(']');
      return;
    }
    case ordered_json::value_t::binary: {
      const ordered_json::binary_t& bytes = value.get_binary();
      if (bytes.has_subtype() && bytes.subtype() == kRawNumberSubtype) {
        out->append(bytes.begin(), bytes.end());
        return;
      }
      break;  // binary data that is not a kept number: nlohmann's form
    }
    default:
      break;
  }
  dump_leaf(value);
}

// The end (one past the closing quote, or the end of `text` when there is
// none) of the string that starts at `text[begin]`, a quote.
size_t StringEnd(std::string_view text, size_t begin) {
  size_t i = begin + 1;
  while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
  return std::min(i + 1, text.size());
}

// The ordinals (0 for the first) of the integers among the numbers of
// `text` that are written "-0", in order. Numbers outside strings are
// found by a scan of their own; the parser reports the same numbers in the
// same order up to the first syntax error, after which nothing is kept.
std::vector<size_t> NegativeZeroIntegers(std::string_view text) {
  std::vector<size_t> found;
  if (text.find("-0") == std::string_view::npos) return found;  // most lines
  size_t integers = 0;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '"') {  // a string or a key: skipped, escapes too
      i = StringEnd(text, i);
      continue;
    }
    if (c != '-' && (c < '0' || c > '9')) {
      ++i;
      continue;
    }
    const size_t start = i;
    bool integer = true;
    for (++i; i < text.size(); ++i) {
      const char d = text[i];
      if (d == '.' || d == 'e' || d == 'E') {
        integer = false;
      } else if (!(d >= '0' && d <= '9') && d != '+' && d != '-') {
        break;
      }
    }
    // The parser reports an integer beyond 64 bits as a float.
    const std::string_view number = text.substr(start, i - start);
    const absl::string_view digits(number.data(), number.size());
    std::int64_t negative;
    std::uint64_t positive;
    if (!integer || !(number[0] == '-' ? absl::SimpleAtoi(digits, &negative)
                                       : absl::SimpleAtoi(digits, &positive))) {
      continue;
    }
    if (number == "-0") found.push_back(integers);
    ++integers;
  }
  return found;
}

// Parses `text` (valid UTF-8) into `value`; on an error, returns its
// message and leaves in `value` what was read before it.
std::string Parse(std::string_view text, ordered_json* value) {
  BoundedBuilder builder(value, NegativeZeroIntegers(text));
  // nlohmann's SAX parser keeps its own nesting on the heap, so deep input
  // cannot overflow the stack before the builder refuses it.
  if (ordered_json::sax_parse(text, &builder)) return "";
  return builder.error().empty() ? "invalid JSON" : builder.error();
}

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Whether `key`, a string token with its quotes, is "id" (escapes too).
bool IsIdKey(std::string_view key) {
  if (key == "\"id\"") return true;
  if (key.size() < 4 || key.find('\\') == std::string_view::npos) return false;
  absl::StatusOr<ordered_json> decoded = ParseJson(key);
  return decoded.ok() && *decoded == "id";
}

}  // namespace

absl::StatusOr<ordered_json> ParseJson(std::string_view text) {
  // Checked before parsing so that the message says what is wrong; nlohmann
  // would only report a parse error.
  const size_t bad = FindInvalidUtf8(text);
  if (bad != std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid UTF-8 at byte ", bad + 1));
  }
  // nlohmann's lexer takes a NUL byte for the end of the input: what
  // follows it would be ignored, not refused. JSON has no raw NUL anywhere.
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid JSON (a NUL byte at byte ", nul + 1, ")"));
  }
  ordered_json value;
  std::string error = Parse(text, &value);
  if (!error.empty()) return absl::InvalidArgumentError(error);
  return value;
}

std::optional<ordered_json> RecoverId(std::string_view text) {
  // Not the parser's partial result: it stops at the error, and an "id"
  // written after a bad delta ({"delta":"\ud83d","id":1}, what
  // JSON.stringify writes for a character cut in two) would be lost with it.
  const std::string line = ReplaceInvalidUtf8(text);
  const std::string_view t = line;
  // Only an object has keys (depth 1 of an array is its elements).
  const size_t first = t.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || t[first] != '{') return std::nullopt;
  std::optional<ordered_json> found;
  size_t depth = 0;
  std::string_view key;  // the last string read at depth 1
  for (size_t i = 0; i < t.size();) {
    const char c = t[i];
    if (c == '"') {
      const size_t end = StringEnd(t, i);
      if (depth == 1) key = t.substr(i, end - i);
      i = end;
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth > 0) --depth;
    } else if (c == ':' && depth == 1 && IsIdKey(key)) {
      // The value: a whole string, or a token up to the next delimiter.
      size_t from = i + 1;
      while (from < t.size() && IsJsonSpace(t[from])) ++from;
      size_t to = from;
      if (to < t.size() && t[to] == '"') {
        to = StringEnd(t, to);
      } else {
        while (to < t.size() && t[to] != ',' && t[to] != '}' && t[to] != ']' &&
               !IsJsonSpace(t[to])) {
          ++to;
        }
      }
      // As ParseJson keeps the last of duplicate keys, so does this.
      absl::StatusOr<ordered_json> id = ParseJson(t.substr(from, to - from));
      found.reset();
      if (id.ok() && !id->is_structured()) found = std::move(*id);
    }
    if (c != ':' && !IsJsonSpace(c)) key = std::string_view();
    ++i;
  }
  return found;
}

std::string DumpJson(const ordered_json& value) {
  std::string out;
  DumpTo(value, &out);
  return out;
}

void AppendJson(const ordered_json& value, std::string* out) {
  DumpTo(value, out);
}

void AppendJson(const ordered_json& value, const JsonSplice& splice,
                std::string* out) {
  DumpTo(value, out, &splice);
}

}  // namespace lexgate_filter
