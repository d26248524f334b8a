// EndFindingTail() (lib/compile/regex_tail.h) against Hyperscan, for
// fuzzer-written regexes.
//
// Input: a regex (up to the first newline, at most 64 bytes), then the
// text (at most 1024 bytes). Both valid UTF-8: compiled caseless in UTF-8
// mode, as packs are; otherwise caseless over bytes.
// Properties: a tail is a suffix of the regex, and wherever Hyperscan
// reports the end of a match of a regex it compiles, it reports the end of
// a match of the regex's tail too (a tail Hyperscan refuses is allowed:
// its users fall back to the whole regex).
#include <hs/hs.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "compile/regex_tail.h"
#include "fuzz/fuzz_checks.h"

namespace {

struct DatabaseFree {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
using Database = std::unique_ptr<hs_database_t, DatabaseFree>;

Database Compile(const std::string& pattern, unsigned flags) {
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile(pattern.c_str(), flags, HS_MODE_BLOCK, nullptr, &db, &error) !=
      HS_SUCCESS) {
    hs_free_compile_error(error);
    return nullptr;
  }
  return Database(db);
}

// Every offset at which a match of `db` ends in `text`.
std::set<unsigned long long> Ends(const hs_database_t* db,
                                  std::string_view text,
                                  const std::string& context) {
  hs_scratch_t* scratch = nullptr;
  LEXGATE_FUZZ_CHECK(hs_alloc_scratch(db, &scratch) == HS_SUCCESS, context);
  std::set<unsigned long long> ends;
  const hs_error_t rc = hs_scan(
      db, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
      [](unsigned, unsigned long long, unsigned long long to, unsigned,
         void* out) -> int {
        static_cast<std::set<unsigned long long>*>(out)->insert(to);
        return 0;
      },
      &ends);
  hs_free_scratch(scratch);
  LEXGATE_FUZZ_CHECK(rc == HS_SUCCESS, context);
  return ends;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using lexgate::fuzz::Escaped;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  if (newline == std::string_view::npos || newline > 64) return 0;
  const std::string regex(input.substr(0, newline));
  const std::string_view text = input.substr(newline + 1).substr(0, 1024);
  const std::optional<std::string> tail =
      lexgate::internal::EndFindingTail(regex);
  if (!tail) return 0;
  const std::string context =
      absl::StrCat("regex \"", Escaped(regex), "\", tail \"", Escaped(*tail),
                   "\", text \"", Escaped(text), "\"");
  LEXGATE_FUZZ_CHECK(
      !tail->empty() && tail->size() < regex.size() &&
          std::string_view(regex).substr(regex.size() - tail->size()) == *tail,
      context);
  const bool utf8 =
      lexgate::fuzz::IsValidUtf8(regex) && lexgate::fuzz::IsValidUtf8(text);
  const unsigned flags = HS_FLAG_CASELESS | (utf8 ? HS_FLAG_UTF8 : 0u);
  const Database whole = Compile(regex, flags);
  if (whole == nullptr) return 0;
  const Database cut = Compile(*tail, flags);
  if (cut == nullptr) return 0;
  const std::set<unsigned long long> tail_ends = Ends(cut.get(), text, context);
  for (unsigned long long end : Ends(whole.get(), text, context)) {
    LEXGATE_FUZZ_CHECK(tail_ends.count(end) == 1,
                       absl::StrCat(context, ": no tail match ends at ", end));
  }
  return 0;
}
