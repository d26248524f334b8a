// Regex hits whose start fails their rule's boundary, searched again for a
// later start: the databases of that search, one per regex, compiled when
// a text first needs it (as long as the regex's own compile with
// start-of-match: 2-100 ms for the shipped regexes, once per engine),
// never at Engine::Compile(), whose time it would add to for every regex.
//
// Hyperscan reports one start per match end: the leftmost. When that start
// fails the rule's boundary (`86 13800138000` inside `5086 13800138000`,
// boundary digit: a digit before it), a later start of the same end may
// pass it (`13800138000`, after the space), and that is the match.
//
// The search pattern is the regex behind one character after which its
// rule's boundary lets a match start: `[<non-word characters>](?:regex)`
// (non-digits for boundary digit). Scanned from the character before a
// position p, with start-of-match, it reports for each end the leftmost
// start at or after p that follows such a character, in one scan. The
// regex's own \b at that start sees its real neighbour, not the start of
// the data.
//
// What is searched for, in Scan() and streams alike, is a subset of the
// starts BoundaryHolds() takes: the class holds the non-word characters
// of the common blocks only (InCommonBlock(): Hyperscan refuses
// start-of-match after a class of all of them), or of ASCII only where it
// refuses even that; a start that passes only because the match begins
// with a non-word character (boundary auto) or beside a separator the fold
// dropped is not searched for. A regex whose search Hyperscan refuses
// with either class keeps its failed hits, as before these searches.
// lib/scan/next_start_scan.h runs them.
#ifndef LEXGATE_LIB_COMPILE_NEXT_START_DATABASES_H_
#define LEXGATE_LIB_COMPILE_NEXT_START_DATABASES_H_

#include <hs/hs.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "compile/databases.h"
#include "compile/expressions.h"
#include "lexgate/rules.h"

namespace lexgate::internal {

// Thread safety: Get() may be called from many threads; each database is
// compiled outside the lock (two threads may both compile one; the first
// kept is the one every caller gets), and lives as long as this object.
class NextStartDatabases {
 public:
  NextStartDatabases() = default;
  NextStartDatabases(const NextStartDatabases&) = delete;
  NextStartDatabases& operator=(const NextStartDatabases&) = delete;

  // The database of regex `id` (ExprKind::kRegex) of `set`, matched in
  // `space`, for its rule's `boundary` (not kNone). Null when the regex's
  // later starts are not searched: it refers to the text's start or end
  // (^, $, \A, \z), which a scan of a piece of the text would see wrongly,
  // or its syntax is not understood, or Hyperscan refuses its search
  // pattern with either class. Fails only when asked for an expression
  // that is not a regex, or for kNone.
  absl::StatusOr<const hs_database_t*> Get(Space space,
                                           const ExpressionSet& set,
                                           uint32_t id,
                                           Boundary boundary) const;

 private:
  mutable std::mutex mu_;
  // By (space, expression id). Entries are never removed, so the databases
  // a Get() returned stay valid.
  mutable absl::flat_hash_map<std::pair<uint8_t, uint32_t>, Database>
      databases_;  // guarded by mu_
};

// The search pattern of `regex` for `boundary` (kWord, kAuto or kDigit),
// after the common blocks' characters or (`ascii_only`) ASCII's.
std::string NextStartPattern(std::string_view regex, Boundary boundary,
                             bool ascii_only);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_NEXT_START_DATABASES_H_
