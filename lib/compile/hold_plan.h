// What a stream must hold back, worked out once at compile time: a match
// of a rule can only contain characters of the rule's alphabet, is at most
// the rule's width long, and (for rules with a fixed-length prefix) starts
// where the prefix was seen. Rules that share these are one group; a stream
// tracks, per group, the earliest start an unfinished match could have.
#ifndef LEXGATE_LIB_COMPILE_HOLD_PLAN_H_
#define LEXGATE_LIB_COMPILE_HOLD_PLAN_H_

#include <hs/hs.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compile/char_masks.h"
#include "compile/char_set.h"
#include "compile/expressions.h"
#include "compile/regex_shape.h"
#include "compile/variant_matcher.h"

namespace lexgate::internal {

// At most this many groups, so that a character's groups fit one mask.
inline constexpr size_t kMaxHoldGroups = 64;
using GroupMask = uint64_t;

// Rules at most this wide hold back little anyway: they hold by width
// alone, in a group per width that matches anything (no per-character
// work; narrower rules, a co-occurrence rule's words among them, are not
// held back as far as wider ones).
inline constexpr uint64_t kNarrowWidth = 8;
// Rules wider than this are anchored on their prefixes where they have
// them: an unfinished match must start at a prefix the stream has seen.
inline constexpr uint64_t kAnchorMinWidth = 12;
// The prefix of a keyword used as its anchor, in code points.
inline constexpr uint64_t kKeywordAnchorChars = 6;

enum class HoldRole : uint8_t {
  kDeny = 0,   // mask or block rules: their matches change what is shown
  kFlag = 1,   // flag rules: reported, never hold text back
  kAllow = 2,  // allow rules: matter only while a deny match is pending
};

struct HoldGroup {
  HoldRole role = HoldRole::kDeny;
  CharSet alphabet;                  // every character its matches may contain
  bool any_char = false;             // alphabet is everything: never broken
  uint64_t width = kUnboundedWidth;  // longest match, in code points
  // Spaces (U+0020) a match may contain, at most: a group of phrases whose
  // alphabet holds the space starts after the last few spaces, not a whole
  // width back in prose. kUnboundedWidth when not bounded.
  uint64_t max_spaces = kUnboundedWidth;
  // Matches start at an anchor hit of the group, or within its last
  // anchor_chars - 1 characters (a prefix not yet complete).
  bool anchored = false;
  uint64_t anchor_chars = 0;
  // An anchored group's window expressions (below): the fewest code points
  // a match of one has. An anchor whose run of the alphabet breaks sooner
  // starts none, and needs no window (a four-digit year is no ID number).
  uint64_t window_min_chars = 0;
};

// Anchors made of character classes ([a-z]{2}\d{2} for an IBAN), matched
// by the stream itself, all at once: one shift-and automaton whose 64-bit
// state holds every anchor, each on its own run of bits.
struct ClassAnchors {
  CharMasks bits;                    // bit b: the character fits position b
  size_t used = 0;                   // bits taken
  uint64_t starts = 0;               // the first bit of every anchor
  uint64_t ends = 0;                 // the last bit of every anchor
  std::array<uint32_t, 64> group{};  // by last bit: the anchor's group
  std::array<uint32_t, 64> chars{};  // by last bit: its length
};

struct HoldPlan {
  std::vector<HoldGroup> groups;
  std::vector<uint32_t> rule_group;  // per rule
  // Per rule: the groups of allow rules whose matches may contain a match
  // of the rule (only those can cancel it).
  std::vector<GroupMask> rule_allow_groups;
  GroupMask deny_groups = 0;
  GroupMask alphabet_groups = 0;  // groups that track alphabet breaks

  // How a stream scans the folded expressions. Literals (and regexes that
  // refer to the text's start or end) go through Hyperscan's stream mode,
  // whose state for literals is small. Other regexes, with start-of-match
  // in stream mode, would make every stream call save and restore large
  // automata: they are scanned in block mode, with start-of-match, over a
  // window that reaches back to where an unfinished match of their group
  // could start, when a match of theirs may have ended (below). The window
  // is scanned
  // with the engine's folded database (which holds every expression as a
  // batch Scan() needs it, these with start-of-match or a fixed length)
  // and only these
  // expressions' hits are taken: the literals cost a scan next to nothing,
  // and a database of their own would compile the regexes a third time.
  // The letter variants of `matcher` are in neither list: a stream feeds
  // its folded text to the VariantMatcher, which needs no window.
  //
  // How a stream learns that a window expression may have ended: in an
  // anchored group, every match starts at an anchor of the group, so a
  // match that ended since the last look starts at an anchor seen at or
  // after where the group's lower bound was then (HoldTracker), and the
  // group's alphabet runs on from it for as many characters as the
  // shortest match has (HoldGroup::window_min_chars): anchors (a "sk-", an
  // "eyj", a "-----begin") are rare, and cost the stream nothing more; a
  // class anchor ("[1-9]\d{3}" of an ID number) meets every year, whose
  // run breaks long before. The others have end detectors in the stream
  // database: the expression once more, without start-of-match, whose ends
  // tell. End detectors cost every stream call (an automaton that stream mode
  // saves and restores each time): one for each of the 68 window
  // expressions of the shipped packs was a fifth of a stream's time; 40 of
  // them are in anchored groups, and without their detectors a stream
  // costs 3% (Chinese) to 6% (English) less.
  std::vector<uint32_t> stream_expressions;  // stream database id -> folded
  std::vector<uint32_t> window_expressions;  // folded ids
  std::vector<uint32_t> end_detectors;       // end detector -> folded
  std::vector<bool> windowed;  // per folded expression: a window expression
  // Groups with window expressions: anchored ones, and the others (which
  // have end detectors).
  GroupMask anchored_window_groups = 0;
  GroupMask detector_groups = 0;

  // Literal anchors (keyword prefixes, literal regex prefixes), compiled
  // into the stream database after the stream expressions (Hyperscan id =
  // stream_expressions.size() + index), before the end detectors (ids
  // after the anchors).
  std::vector<std::string> anchor_patterns;
  std::vector<unsigned> anchor_flags;
  std::vector<uint32_t> anchor_group;
  // Every match of anchor k is anchor_chars[k] code points long (its bytes
  // may vary: a caseless letter has forms of two lengths), so a hit's
  // start is that many characters before its end.
  std::vector<uint32_t> anchor_chars;
  ClassAnchors class_anchors;

  // Which groups' alphabets hold each character.
  CharMasks alphabets;
};

// Plans for the folded expression set `folded` of `rules`. `block_db` is
// its block-mode database and `matcher` what matches the expressions left
// out of it, both used to find which deny rules can match inside which
// allow keywords. `fold_keeps_lookalikes`: FoldKeepsAsciiLookalikes() of
// the engine's normalizer.
absl::StatusOr<HoldPlan> BuildHoldPlan(const std::vector<RuleInfo>& rules,
                                       const ExpressionSet& folded,
                                       const hs_database_t* block_db,
                                       const VariantMatcher& matcher,
                                       bool fold_keeps_lookalikes);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_HOLD_PLAN_H_
