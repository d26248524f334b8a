#include "compile/hold_plan.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "base/utf8.h"

namespace lexgate::internal {
namespace {

constexpr uint32_t kNoGroup = UINT32_MAX;
// A literal prefix this long anchors well on its own.
constexpr size_t kMinLiteralAnchorChars = 3;
// Class anchors share 64 bits: no more positions than this each.
constexpr size_t kMaxClassAnchorChars = 4;

HoldRole RoleOf(Action action) {
  switch (action) {
    case Action::kAllow:
      return HoldRole::kAllow;
    case Action::kFlag:
      return HoldRole::kFlag;
    default:
      return HoldRole::kDeny;
  }
}

// A prefix every match of an expression starts with: a literal (a
// keyword's first characters, or a regex prefix of single characters) for
// the stream database, or character classes for the stream's own matcher.
struct Anchor {
  std::string literal;           // folded text, when a literal
  unsigned flags = 0;            // for the literal
  std::vector<CharSet> classes;  // otherwise
  uint64_t chars = 0;
};

// What the expressions of one rule add up to.
struct RuleShape {
  bool present = false;  // has expressions in the folded set
  CharSet alphabet;
  uint64_t width = 0;
  uint64_t max_spaces = 0;
  bool all_anchorable = true;
  std::vector<Anchor> anchors;
};

uint64_t CountChars(const CharSet& set) {
  uint64_t n = 0;
  for (const CharSet::Range& r : set.ranges()) n += r.second - r.first + 1;
  return n;
}

void AddLiteral(std::string_view text, RuleShape* shape) {
  uint64_t chars = 0;
  uint64_t spaces = 0;
  size_t prefix_end = 0;
  for (size_t i = 0; i < text.size();) {
    const Decoded d = DecodeUtf8(text, i);
    shape->alphabet.Add(d.cp);
    ++chars;
    spaces += d.cp == ' ';
    i += d.length;
    if (chars == kKeywordAnchorChars) prefix_end = i;
  }
  if (prefix_end == 0) prefix_end = text.size();
  shape->width = std::max(shape->width, chars);
  shape->max_spaces = std::max(shape->max_spaces, spaces);
  Anchor anchor;
  anchor.literal = std::string(text.substr(0, prefix_end));
  anchor.chars = std::min<uint64_t>(chars, kKeywordAnchorChars);
  shape->anchors.push_back(std::move(anchor));
}

// The character a class stands for when it holds one letter in its cases
// only ({k, K, U+212A}), or nullopt. With `lookalikes` (the fold keeps
// U+212A and U+017F, FoldKeepsAsciiLookalikes()), not for an ASCII letter
// with a non-ASCII case: a literal anchor, matched byte-wise, would miss
// what the regex, caseless in UTF-8, matches.
std::optional<char32_t> SingleFoldedChar(const CharSet& set, bool lookalikes) {
  std::optional<char32_t> folded;
  for (const CharSet::Range& r : set.ranges()) {
    if (r.second - r.first > 4) return std::nullopt;
    for (char32_t c = r.first; c <= r.second; ++c) {
      const auto f = static_cast<char32_t>(
          u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
      if (folded && *folded != f) return std::nullopt;
      if (lookalikes && c >= 0x80 && f < 0x80) return std::nullopt;
      folded = f;
    }
  }
  return folded;
}

// Returns whether the regex can be scanned over a window of the text.
bool AddRegex(const std::string& pattern, unsigned flags, bool lookalikes,
              RuleShape* shape, uint64_t* min_chars) {
  const RegexShape regex = AnalyzeRegex(pattern, flags);
  *min_chars = regex.min_chars;
  shape->alphabet.AddAll(regex.alphabet);
  shape->width = std::max(shape->width, regex.max_chars);
  shape->max_spaces = std::max(shape->max_spaces, regex.max_spaces);
  // A one-character prefix anchors only if that character is rare (a
  // '+'): a common one ([a-z0-9]) would be an anchor everywhere.
  const bool useful =
      !regex.prefix.empty() &&
      (regex.prefix.size() >= 2 || CountChars(regex.prefix[0]) <= 2);
  if (!useful) {
    shape->all_anchorable = false;
  } else {
    // A literal where the prefix starts with one (cut to it: a prefix of
    // the prefix is one too), for the stream database; classes otherwise,
    // for the stream's own matcher, whose 64 bits are shared by all.
    Anchor anchor;
    std::string literal;
    size_t literal_chars = 0;
    for (const CharSet& position : regex.prefix) {
      const std::optional<char32_t> c = SingleFoldedChar(position, lookalikes);
      if (!c) break;
      AppendUtf8(*c, &literal);
      ++literal_chars;
    }
    if (literal_chars == regex.prefix.size() ||
        literal_chars >= kMinLiteralAnchorChars) {
      anchor.literal = std::move(literal);
      anchor.chars = literal_chars;
      // Byte mode: the folded text holds the folded character; a caseless
      // ASCII letter also meets the upper case, as the regex would.
      anchor.flags = flags & HS_FLAG_CASELESS;
    } else {
      const size_t n = std::min(regex.prefix.size(), kMaxClassAnchorChars);
      anchor.classes.assign(regex.prefix.begin(), regex.prefix.begin() + n);
      anchor.chars = n;
    }
    shape->anchors.push_back(std::move(anchor));
  }
  return regex.understood && !regex.text_anchors;
}

// The most anchors pooled into one group by anchored rules that share an
// alphabet (BuildHoldPlan()).
constexpr size_t kMaxPooledAnchors = 64;

// The group key of a rule that is not anchored: role, alphabet, width and
// spaces.
using GroupKey =
    std::tuple<HoldRole, std::vector<CharSet::Range>, uint64_t, uint64_t>;

struct Grouping {
  std::vector<HoldGroup> groups;
  std::vector<std::vector<Anchor>> anchors;  // per group
};

// Whether a group holds narrow rules only (by width alone, any character).
bool IsNarrow(const HoldGroup& group) {
  return group.any_char && group.width <= kNarrowWidth;
}

// Merges every group of `role` that is not anchored into one (with
// `narrow_only`, only those of narrow rules).
void CollapseRole(HoldRole role, bool also_anchored, bool narrow_only,
                  Grouping* g, std::vector<uint32_t>* rule_group) {
  std::vector<uint32_t> remap(g->groups.size());
  Grouping out;
  uint32_t merged = kNoGroup;
  for (uint32_t i = 0; i < g->groups.size(); ++i) {
    HoldGroup& group = g->groups[i];
    if (group.role != role || (group.anchored && !also_anchored) ||
        (narrow_only && !IsNarrow(group))) {
      remap[i] = static_cast<uint32_t>(out.groups.size());
      out.groups.push_back(std::move(group));
      out.anchors.push_back(std::move(g->anchors[i]));
      continue;
    }
    if (merged == kNoGroup) {
      merged = static_cast<uint32_t>(out.groups.size());
      HoldGroup m;
      m.role = role;
      m.width = 0;
      m.max_spaces = 0;
      out.groups.push_back(m);
      out.anchors.emplace_back();
    }
    HoldGroup& m = out.groups[merged];
    m.alphabet.AddAll(group.alphabet);
    m.any_char |= group.any_char;
    m.width = std::max(m.width, group.width);
    m.max_spaces = std::max(m.max_spaces, group.max_spaces);
    remap[i] = merged;
  }
  for (uint32_t& r : *rule_group) {
    if (r != kNoGroup) r = remap[r];
  }
  *g = std::move(out);
}

}  // namespace

absl::StatusOr<HoldPlan> BuildHoldPlan(const std::vector<RuleInfo>& rules,
                                       const ExpressionSet& folded,
                                       const hs_database_t* block_db,
                                       const VariantMatcher& matcher,
                                       bool fold_keeps_lookalikes) {
  HoldPlan plan;
  plan.windowed.assign(folded.size(), false);
  std::vector<RuleShape> shapes(rules.size());
  std::vector<uint64_t> min_chars(folded.size(), 0);  // of the regexes
  for (size_t i = 0; i < folded.size(); ++i) {
    RuleShape& shape = shapes[folded.info[i].rule];
    shape.present = true;
    const auto id = static_cast<uint32_t>(i);
    if (folded.info[i].kind == ExprKind::kLiteral) {
      AddLiteral(folded.terms[i], &shape);
      plan.stream_expressions.push_back(id);
      continue;
    }
    // The rule's shape takes every regex, wherever it is scanned.
    const bool windowable =
        AddRegex(std::string(folded.terms[i]), folded.flags[i],
                 fold_keeps_lookalikes, &shape, &min_chars[i]);
    if (matcher.Handles(id)) {
      // Matched by the stream's VariantMatcher. Its rule holds by alphabet
      // and width, never by anchors: a variant's prefix is a letter or a
      // class of letters (caseless), which meets most English words, and
      // tracking those anchors cost an English stream a tenth of its time
      // for no less hold-back (bench/stream_cost).
      shape.all_anchorable = false;
      continue;
    }
    if (windowable) {
      plan.window_expressions.push_back(id);
      plan.windowed[i] = true;
    } else {
      plan.stream_expressions.push_back(id);
    }
  }

  plan.rule_group.assign(rules.size(), kNoGroup);
  plan.rule_allow_groups.assign(rules.size(), 0);
  Grouping g;
  std::map<GroupKey, uint32_t> shared;
  // Anchored rules of one role and one alphabet share a group, their
  // anchors pooled (the token formats of the secrets pack: ghp_, xoxb-,
  // sk-, ...). The pooled group's open start is never later than any of
  // its rules' own would be (the widest width, the longest anchor, every
  // anchor), so it holds back at least what each rule needs; and a stream
  // visits its groups at every batch (fewer groups: 3% less of a stream's
  // instructions with the shipped packs). Class anchors stay one group
  // per rule: pooled they could outgrow the automaton, and then their
  // group is not anchored. Only a few anchors are pooled: keyword lists
  // (an anchor per keyword) of one alphabet pooled into one anchored group
  // of 50,000 anchors made 100,000 keywords compile 10% slower and their
  // engine 3% larger; past the cap they keep the groups of their own that
  // the merge below folds together.
  std::map<std::pair<HoldRole, std::vector<CharSet::Range>>, uint32_t>
      shared_anchored;
  for (size_t r = 0; r < rules.size(); ++r) {
    RuleShape& shape = shapes[r];
    if (!shape.present) continue;
    const HoldRole role = RoleOf(rules[r].action);
    HoldGroup group;
    group.role = role;
    group.width = shape.width;
    group.max_spaces = shape.max_spaces;
    std::vector<Anchor> anchors;
    if (shape.width <= kNarrowWidth) {
      group.any_char = true;
      group.max_spaces = kUnboundedWidth;
    } else {
      group.alphabet = shape.alphabet;
      group.any_char = shape.alphabet.IsAll();
      if (shape.width > kAnchorMinWidth && shape.all_anchorable) {
        for (Anchor& a : shape.anchors) {
          group.anchor_chars = std::max(group.anchor_chars, a.chars);
        }
        group.anchored = true;
        anchors = shape.anchors;
      }
    }
    const bool literal_anchors =
        std::all_of(anchors.begin(), anchors.end(),
                    [](const Anchor& a) { return a.classes.empty(); });
    if (group.anchored && !group.any_char && literal_anchors) {
      auto [it, added] =
          shared_anchored.emplace(std::make_pair(role, group.alphabet.ranges()),
                                  static_cast<uint32_t>(g.groups.size()));
      if (!added &&
          g.anchors[it->second].size() + anchors.size() <= kMaxPooledAnchors) {
        HoldGroup& into = g.groups[it->second];
        into.width = std::max(into.width, group.width);
        into.max_spaces = std::max(into.max_spaces, group.max_spaces);
        into.anchor_chars = std::max(into.anchor_chars, group.anchor_chars);
        std::vector<Anchor>& pooled = g.anchors[it->second];
        pooled.insert(pooled.end(), std::make_move_iterator(anchors.begin()),
                      std::make_move_iterator(anchors.end()));
        plan.rule_group[r] = it->second;
        continue;
      }
    }
    if (!group.anchored) {
      GroupKey key{role,
                   group.any_char ? std::vector<CharSet::Range>{}
                                  : group.alphabet.ranges(),
                   group.width, group.max_spaces};
      auto [it, added] =
          shared.emplace(key, static_cast<uint32_t>(g.groups.size()));
      if (!added) {
        plan.rule_group[r] = it->second;
        continue;
      }
    }
    plan.rule_group[r] = static_cast<uint32_t>(g.groups.size());
    g.groups.push_back(std::move(group));
    g.anchors.push_back(std::move(anchors));
  }
  // Too many groups for one mask: merge, first the narrow ones of each
  // role back into one (as wide as the widest), then the plain ones.
  for (HoldRole role : {HoldRole::kFlag, HoldRole::kAllow, HoldRole::kDeny}) {
    if (g.groups.size() <= kMaxHoldGroups) break;
    CollapseRole(role, /*also_anchored=*/false, /*narrow_only=*/true, &g,
                 &plan.rule_group);
  }
  for (bool also_anchored : {false, true}) {
    for (HoldRole role : {HoldRole::kFlag, HoldRole::kAllow, HoldRole::kDeny}) {
      if (g.groups.size() <= kMaxHoldGroups) break;
      CollapseRole(role, also_anchored, /*narrow_only=*/false, &g,
                   &plan.rule_group);
    }
  }

  // Anchors: class anchors first (they may not fit the automaton, and
  // then their group is not anchored at all), then literals, one
  // Hyperscan id each.
  ClassAnchors& classes = plan.class_anchors;
  for (uint32_t k = 0; k < g.groups.size(); ++k) {
    if (!g.groups[k].anchored) continue;
    size_t bits = 0;
    for (const Anchor& a : g.anchors[k]) bits += a.classes.size();
    if (classes.used + bits > 64) {
      g.groups[k].anchored = false;
      continue;
    }
    for (const Anchor& a : g.anchors[k]) {
      if (a.classes.empty()) continue;
      const size_t first = classes.used;
      for (const CharSet& position : a.classes) {
        classes.bits.Add(position, uint64_t{1} << classes.used++);
      }
      const size_t last = classes.used - 1;
      classes.starts |= uint64_t{1} << first;
      classes.ends |= uint64_t{1} << last;
      classes.group[last] = k;
      classes.chars[last] = static_cast<uint32_t>(a.classes.size());
    }
  }
  for (uint32_t k = 0; k < g.groups.size(); ++k) {
    if (!g.groups[k].anchored) continue;
    absl::flat_hash_set<std::string> seen;
    for (const Anchor& a : g.anchors[k]) {
      if (a.literal.empty() || !seen.insert(a.literal).second) continue;
      plan.anchor_patterns.push_back(EscapeLiteral(a.literal));
      plan.anchor_flags.push_back(a.flags);
      plan.anchor_group.push_back(k);
      plan.anchor_chars.push_back(static_cast<uint32_t>(a.chars));
    }
  }
  classes.bits.Build();
  plan.groups = std::move(g.groups);

  for (uint32_t k = 0; k < plan.groups.size(); ++k) {
    const GroupMask bit = GroupMask{1} << k;
    const HoldGroup& group = plan.groups[k];
    if (group.role == HoldRole::kDeny) plan.deny_groups |= bit;
    if (!group.any_char) plan.alphabet_groups |= bit;
  }
  // Anchored groups (those whose class anchors fit) need no end detectors.
  for (uint32_t e : plan.window_expressions) {
    const uint32_t g = plan.rule_group[folded.info[e].rule];
    if (plan.groups[g].anchored) {
      HoldGroup& group = plan.groups[g];
      const GroupMask bit = GroupMask{1} << g;
      group.window_min_chars =
          (plan.anchored_window_groups & bit) == 0
              ? min_chars[e]
              : std::min(group.window_min_chars, min_chars[e]);
      plan.anchored_window_groups |= bit;
    } else {
      plan.end_detectors.push_back(e);
      plan.detector_groups |= GroupMask{1} << g;
    }
  }

  // Characters -> groups whose alphabets hold them.
  for (uint32_t k = 0; k < plan.groups.size(); ++k) {
    const GroupMask bit = GroupMask{1} << k;
    if (plan.groups[k].any_char) {
      plan.alphabets.AddEverywhere(bit);
    } else {
      plan.alphabets.Add(plan.groups[k].alphabet, bit);
    }
  }
  plan.alphabets.Build();

  // Which allow rules can contain which matches. An allow keyword's match
  // is the keyword's folded text, so what matches inside it is found by
  // scanning the keyword; an allow regex may contain any rule whose
  // alphabet meets its own.
  hs_scratch_t* raw_scratch = nullptr;
  if (block_db != nullptr &&
      hs_alloc_scratch(block_db, &raw_scratch) != HS_SUCCESS) {
    return absl::ResourceExhaustedError(
        "could not allocate Hyperscan scratch space");
  }
  // Freed on every way out, a bad_alloc of the matcher's included.
  const std::unique_ptr<hs_scratch_t, decltype(&hs_free_scratch)> scratch(
      raw_scratch, &hs_free_scratch);
  struct Hits {
    std::vector<uint32_t>* rules;
    const ExpressionSet* set;
    bool out_of_memory = false;
  };
  std::vector<uint32_t> inside;
  for (size_t i = 0; i < folded.size(); ++i) {
    const uint32_t a = folded.info[i].rule;
    if (rules[a].action != Action::kAllow) continue;
    const GroupMask bit = GroupMask{1} << plan.rule_group[a];
    if (folded.info[i].kind != ExprKind::kLiteral ||
        (block_db == nullptr && matcher.empty())) {
      for (size_t r = 0; r < rules.size(); ++r) {
        if (plan.rule_group[r] == kNoGroup || r == a) continue;
        if (shapes[r].alphabet.Intersects(shapes[a].alphabet) ||
            plan.groups[plan.rule_group[r]].any_char) {
          plan.rule_allow_groups[r] |= bit;
        }
      }
      continue;
    }
    inside.clear();
    const std::string_view text = folded.terms[i];
    VariantMatcher::Cursor cursor;
    matcher.Match(text, 0, /*final=*/true, &cursor,
                  [&](uint32_t id, uint64_t, uint64_t) {
                    inside.push_back(folded.info[id].rule);
                  });
    if (block_db != nullptr) {
      Hits hits{&inside, &folded, false};
      const hs_error_t rc = hs_scan(
          block_db, text.data(), static_cast<unsigned>(text.size()), 0,
          scratch.get(),
          [](unsigned id, unsigned long long, unsigned long long, unsigned,
             void* ctx) -> int {
            auto* h = static_cast<Hits*>(ctx);
            try {  // no exception may unwind through Hyperscan
              h->rules->push_back(h->set->info[id].rule);
            } catch (const std::bad_alloc&) {
              h->out_of_memory = true;
              return 1;
            }
            return 0;
          },
          &hits);
      if (hits.out_of_memory) {
        return absl::ResourceExhaustedError(
            "out of memory while planning streams");
      }
      if (rc != HS_SUCCESS) {
        return absl::InternalError("Hyperscan failed while planning streams");
      }
    }
    for (uint32_t r : inside) {
      if (r != a) plan.rule_allow_groups[r] |= bit;
    }
  }
  // Merged now: every stream of the engine reads them, from any thread.
  for (const HoldGroup& group : plan.groups) group.alphabet.ranges();
  return plan;
}

}  // namespace lexgate::internal
