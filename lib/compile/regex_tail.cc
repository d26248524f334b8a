#include "compile/regex_tail.h"

#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"

namespace lexgate::internal {
namespace {

// Whether `regex` holds syntax that moves the brackets the skips below see
// or acts on the whole pattern, anywhere (in classes and groups too):
// quoting (\Q...\E), a control escape (\c[ is a character), an escaped
// non-ASCII character, a verb such as (*UCP), and every group but (?:...)
// that starts with "(?": comments, and options such as (?x), under which
// a # comment may hold brackets.
bool HasSyntaxNotRead(std::string_view regex) {
  for (size_t i = 0; i < regex.size(); ++i) {
    if (regex[i] == '\\') {
      if (i + 1 == regex.size()) return true;
      const char e = regex[i + 1];
      if (e == 'Q' || e == 'E' || e == 'c' ||
          static_cast<unsigned char>(e) >= 0x80) {
        return true;
      }
      ++i;
    } else if (regex.substr(i, 2) == "(*" ||
               (regex.substr(i, 2) == "(?" && regex.substr(i, 3) != "(?:")) {
      return true;
    }
  }
  return false;
}

// Just past the class that starts at regex[at] ('['); nullopt when it is
// not closed.
std::optional<size_t> SkipClass(std::string_view regex, size_t at) {
  size_t i = at + 1;
  if (i < regex.size() && regex[i] == '^') ++i;
  if (i < regex.size() && regex[i] == ']') ++i;  // a literal ] first
  while (i < regex.size() && regex[i] != ']') {
    if (regex[i] == '\\') {
      i += 2;
    } else if (regex[i] == '[' && i + 1 < regex.size() &&
               (regex[i + 1] == ':' || regex[i + 1] == '.' ||
                regex[i + 1] == '=')) {
      // A POSIX class, [:alpha:] or [:^alpha:], only: PCRE reads "[:" as
      // one only when a name and ":]" follow, which is not worth copying.
      size_t j = i + 2;
      if (regex[i + 1] == ':' && j < regex.size() && regex[j] == '^') ++j;
      const size_t name = j;
      while (j < regex.size() &&
             absl::ascii_islower(static_cast<unsigned char>(regex[j]))) {
        ++j;
      }
      if (regex[i + 1] != ':' || j == name || regex.substr(j, 2) != ":]") {
        return std::nullopt;
      }
      i = j + 2;
    } else {
      ++i;
    }
  }
  if (i >= regex.size()) return std::nullopt;
  return i + 1;
}

// Just past the group that starts at regex[at] ('('); nullopt when it is
// not closed.
std::optional<size_t> SkipGroup(std::string_view regex, size_t at) {
  int depth = 0;
  for (size_t i = at; i < regex.size();) {
    switch (regex[i]) {
      case '\\':
        i += 2;
        continue;
      case '[': {
        const std::optional<size_t> end = SkipClass(regex, i);
        if (!end) return std::nullopt;
        i = *end;
        continue;
      }
      case '(':
        ++depth;
        break;
      case ')':
        if (--depth == 0) return i + 1;
        break;
      default:
        break;
    }
    ++i;
  }
  return std::nullopt;
}

// Just past the quantifier at regex[at] and its lazy or possessive mark
// (`at` when there is none); nullopt for a brace that is no quantifier
// (PCRE reads it literally: not worth understanding here).
std::optional<size_t> SkipQuantifier(std::string_view regex, size_t at) {
  size_t i = at;
  if (i < regex.size() &&
      (regex[i] == '*' || regex[i] == '+' || regex[i] == '?')) {
    ++i;
  } else if (i < regex.size() && regex[i] == '{') {
    size_t j = i + 1;
    const size_t digits = j;
    while (j < regex.size() && regex[j] >= '0' && regex[j] <= '9') ++j;
    if (j == digits) return std::nullopt;
    if (j < regex.size() && regex[j] == ',') {
      ++j;
      while (j < regex.size() && regex[j] >= '0' && regex[j] <= '9') ++j;
    }
    if (j >= regex.size() || regex[j] != '}') return std::nullopt;
    i = j + 1;
  } else {
    return at;
  }
  if (i < regex.size() && (regex[i] == '?' || regex[i] == '+')) ++i;
  return i;
}

// Just past the atom at regex[at], and whether it is one literal
// character; nullopt for what is not understood, an alternation or an
// anchor. Called only on regexes HasSyntaxNotRead() let through.
struct Atom {
  size_t end;
  bool literal;
};
std::optional<Atom> SkipAtom(std::string_view regex, size_t at) {
  const char c = regex[at];
  if (c == '(') {
    // A plain group or (?:...): HasSyntaxNotRead() refused the others.
    const std::optional<size_t> end = SkipGroup(regex, at);
    if (!end) return std::nullopt;
    return Atom{*end, false};
  }
  if (c == '[') {
    const std::optional<size_t> end = SkipClass(regex, at);
    if (!end) return std::nullopt;
    return Atom{*end, false};
  }
  if (c == '\\') {
    if (at + 1 >= regex.size()) return std::nullopt;
    const char e = regex[at + 1];
    if (!absl::ascii_isalnum(static_cast<unsigned char>(e)))
      return Atom{at + 2, true};  // \. \- \@
    if (e == 'x' || e == 'p' || e == 'P') {
      // \x{...}, \xH, \xHH (up to two hex digits), \p{...}, \pL: a
      // character or a class, taken as one.
      size_t i = at + 2;
      if (i < regex.size() && regex[i] == '{') {
        const size_t close = regex.find('}', i);
        if (close == std::string_view::npos) return std::nullopt;
        return Atom{close + 1, false};
      }
      if (e != 'x') {
        if (i >= regex.size()) return std::nullopt;
        return Atom{i + 1, false};
      }
      for (int digits = 0;
           digits < 2 && i < regex.size() &&
           absl::ascii_isxdigit(static_cast<unsigned char>(regex[i]));
           ++digits) {
        ++i;
      }
      return Atom{i, false};
    }
    if (std::string_view("dDwWsShHvVbBN").find(e) != std::string_view::npos) {
      return Atom{at + 2, false};
    }
    return std::nullopt;  // \Q, back-references, \c, \o, \k, \g, ...
  }
  if (std::string_view("|)^$*+?{").find(c) != std::string_view::npos) {
    return std::nullopt;
  }
  if (c == '.') return Atom{at + 1, false};
  size_t i = at + 1;  // one character, however many bytes
  while (i < regex.size() &&
         (static_cast<unsigned char>(regex[i]) & 0xC0) == 0x80) {
    ++i;
  }
  return Atom{i, true};
}

}  // namespace

std::optional<std::string> EndFindingTail(std::string_view regex) {
  if (HasSyntaxNotRead(regex)) return std::nullopt;
  // Read to the end: a top-level alternation after the literal would make
  // the regex no concatenation.
  std::optional<size_t> tail;
  for (size_t i = 0; i < regex.size();) {
    const std::optional<Atom> atom = SkipAtom(regex, i);
    if (!atom) return std::nullopt;
    const std::optional<size_t> next = SkipQuantifier(regex, atom->end);
    if (!next) return std::nullopt;
    // A regex that begins with a literal has what a tail would give
    // Hyperscan already, and more selective ("代开", not "开").
    if (i == 0 && atom->literal) return std::nullopt;
    if (!tail && atom->literal && *next == atom->end && i > 0) tail = i;
    i = *next;
  }
  if (!tail) return std::nullopt;
  return std::string(regex.substr(*tail));
}

}  // namespace lexgate::internal
