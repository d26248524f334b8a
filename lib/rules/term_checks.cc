#include "rules/term_checks.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "base/utf8.h"
#include "lexgate/rule.h"
#include "rules/rule_error_status.h"

namespace lexgate::internal {
namespace {

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

// Why a keyword holds control character `c`, as far as one can guess.
std::string_view ControlHint(unsigned char c) {
  switch (c) {
    case '\0':
      return "a UTF-16 file? keyword files must be UTF-8";
    case '\t':
      return "one keyword per line: a file with columns?";
    case '\r':
      return "lines end with \\n or \\r\\n: a file with old Mac line ends?";
    case '\n':
      return "a line break: one keyword per line";
    default:
      return "text is scanned without control characters: it could never "
             "match";
  }
}

absl::Status CheckKeyword(const Rule& rule, const Keyword& keyword) {
  const SourceLocation& where =
      keyword.location.path.empty() ? rule.location : keyword.location;
  auto error = [&](const std::string& message) {
    return RuleError(absl::StatusCode::kInvalidArgument, where, rule.id,
                     message);
  };
  const std::string_view text = keyword.text;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (!IsControl(byte)) continue;
    return error(absl::StrFormat(
        "keyword \"%s\" holds the control character U+%04X (%s)",
        VisibleText(text), byte, ControlHint(byte)));
  }
  if (text.empty()) return absl::OkStatus();  // FoldKeyword() says so
  if (TrimWhiteSpace(text).empty()) {
    return error(absl::StrFormat(
        "keyword \"%s\" is only whitespace: it would match every space",
        VisibleText(text)));
  }
  if (TrimWhiteSpace(text).size() != text.size()) {
    return error(absl::StrFormat(
        "keyword \"%s\" begins or ends with whitespace: it would only match "
        "next to a space; remove it (the rule's boundary decides word edges)",
        VisibleText(text)));
  }
  return absl::OkStatus();
}

}  // namespace

std::string VisibleText(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const Decoded d = DecodeUtf8(text, i);
    const bool invisible = (d.cp < 0x80 && IsControl(d.cp)) ||
                           (d.cp != ' ' && IsWhiteSpace(d.cp)) ||
                           (d.cp >= 0x200B && d.cp <= 0x200F) ||
                           (d.cp >= 0x2060 && d.cp <= 0x2064) ||
                           d.cp == 0xFEFF || !d.valid;
    if (invisible && d.valid) {
      absl::StrAppendFormat(&out, "\\u{%04X}", static_cast<unsigned>(d.cp));
    } else if (invisible) {
      absl::StrAppendFormat(&out, "\\x%02X",
                            static_cast<unsigned char>(text[i]));
    } else {
      out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

bool IsWhiteSpace(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

std::string_view TrimWhiteSpace(std::string_view text) {
  while (!text.empty()) {
    const Decoded d = DecodeUtf8(text, 0);
    if (!d.valid || !IsWhiteSpace(d.cp)) break;
    text.remove_prefix(d.length);
  }
  while (!text.empty()) {
    const Decoded d = DecodeUtf8Before(text, text.size());
    if (!d.valid || !IsWhiteSpace(d.cp)) break;
    text.remove_suffix(d.length);
  }
  return text;
}

absl::Status CheckTerms(const Rule& rule) {
  std::vector<const std::vector<Keyword>*> lists = {&rule.keywords,
                                                    &rule.none_of};
  for (const std::vector<Keyword>& part : rule.all_of) lists.push_back(&part);
  for (const std::vector<Keyword>* list : lists) {
    for (const Keyword& keyword : *list) {
      if (absl::Status s = CheckKeyword(rule, keyword); !s.ok()) return s;
    }
  }
  for (const std::string& regex : rule.regexes) {
    if (regex.find('\0') == std::string::npos) continue;
    return RuleError(absl::StatusCode::kInvalidArgument, rule.location, rule.id,
                     absl::StrFormat("regex \"%s\" holds a NUL byte, where "
                                     "Hyperscan would cut it; write \\x00",
                                     VisibleText(regex)));
  }
  return absl::OkStatus();
}

}  // namespace lexgate::internal
