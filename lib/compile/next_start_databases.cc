#include "compile/next_start_databases.h"

#include <cstdio>
#include <string>

#include "compile/regex_shape.h"
#include "normalize/char_class.h"

namespace lexgate::internal {
namespace {

// Where text puts the character before a match: ASCII, Latin-1,
// punctuation and symbols, CJK (punctuation, ideographs, kana), Hangul,
// fullwidth forms, emoji. Hyperscan refuses start-of-match after a class
// of all ~740 ranges of non-word characters ("Pattern is too large"); these
// blocks hold ~60 of them.
bool InCommonBlock(char32_t cp) {
  return cp < 0x100 || (cp >= 0x2000 && cp <= 0x2BFF) ||
         (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

// A Hyperscan class (UTF-8 mode) of the code points `after` holds for.
template <typename After>
std::string ClassOf(After after, char32_t last_cp) {
  std::string out = "[";
  auto add = [&out](char32_t first, char32_t last) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "\\x{%x}",
                  static_cast<unsigned>(first));
    out += buffer;
    if (last != first) {
      std::snprintf(buffer, sizeof(buffer), "-\\x{%x}",
                    static_cast<unsigned>(last));
      out += buffer;
    }
  };
  bool open = false;
  char32_t first = 0;
  for (char32_t cp = 0; cp <= last_cp; ++cp) {
    const bool in = after(cp);
    if (in && !open) first = cp;
    if (!in && open) add(first, cp - 1);
    open = in;
  }
  if (open) add(first, last_cp);
  out += "]";
  return out;
}

// Built once per process: classifying the code points takes milliseconds.
const std::string& StartClass(Boundary boundary, bool ascii_only) {
  auto make = [](bool digit, bool ascii) {
    return new std::string(ClassOf(
        [digit, ascii](char32_t cp) {
          return (ascii ? cp < 0x80 : InCommonBlock(cp)) &&
                 (digit ? !IsDigitChar(cp) : !IsWordChar(cp));
        },
        ascii ? 0x7F : 0x1FAFF));
  };
  static const std::string* const kClasses[2][2] = {
      {make(false, false), make(false, true)},
      {make(true, false), make(true, true)}};
  return *kClasses[boundary == Boundary::kDigit][ascii_only];
}

}  // namespace

std::string NextStartPattern(std::string_view regex, Boundary boundary,
                             bool ascii_only) {
  // The regex in a group of its own: its top-level alternation stays
  // behind the character, and its inline flags stay inside.
  std::string pattern = StartClass(boundary, ascii_only);
  pattern += "(?:";
  pattern.append(regex);
  pattern += ")";
  return pattern;
}

absl::StatusOr<const hs_database_t*> NextStartDatabases::Get(
    Space space, const ExpressionSet& set, uint32_t id,
    Boundary boundary) const {
  const std::pair<uint8_t, uint32_t> key{static_cast<uint8_t>(space), id};
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = databases_.find(key); it != databases_.end()) {
      return it->second.get();
    }
  }
  // Compiled outside the lock (up to 100 ms): other threads' searches with
  // databases compiled already do not wait. Two threads may compile the
  // same one; the first to finish is kept.
  if (id >= set.size() || set.info[id].kind != ExprKind::kRegex ||
      boundary == Boundary::kNone) {
    return absl::InternalError(
        "a next-start search for an expression that has none");
  }
  const std::string regex(set.terms[id]);
  // Late-start regexes are compiled without start-of-match; this needs it.
  // (Fixed-length ones never come here: they have one start an end.)
  const unsigned flags =
      (set.flags[id] | HS_FLAG_SOM_LEFTMOST) & ~HS_FLAG_SINGLEMATCH;
  Database database;
  const RegexShape shape = AnalyzeRegex(regex, flags);
  if (shape.understood && !shape.text_anchors) {
    // The smaller class where Hyperscan refuses the larger one.
    for (const bool ascii_only : {false, true}) {
      const std::string pattern = NextStartPattern(regex, boundary, ascii_only);
      hs_database_t* db = nullptr;
      hs_compile_error_t* error = nullptr;
      const hs_error_t rc = hs_compile(pattern.c_str(), flags | HS_FLAG_UTF8,
                                       HS_MODE_BLOCK, nullptr, &db, &error);
      hs_free_compile_error(error);
      if (rc == HS_SUCCESS) {
        database = Database(db);
        break;
      }
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  return databases_.try_emplace(key, std::move(database)).first->second.get();
}

}  // namespace lexgate::internal
