#include "compile/hold_plan.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "base/utf8.h"

namespace lexgate::internal {
namespace {

constexpr uint32_t kNoGroup = UINT32_MAX;

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

struct Anchor {
  std::string pattern;
  unsigned flags;
  uint64_t chars;
};

// What the expressions of one rule add up to.
struct RuleShape {
  bool present = false;  // has expressions in the folded set
  CharSet alphabet;
  uint64_t width = 0;
  bool all_anchorable = true;
  std::vector<Anchor> anchors;
};

// The fixed byte length of `pattern`'s matches, or 0 if it varies (or the
// pattern is refused).
uint32_t FixedBytes(const std::string& pattern, unsigned flags) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(pattern.c_str(), flags, &info, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return 0;
  }
  const uint32_t bytes =
      info->min_width == info->max_width && info->max_width != UINT32_MAX
          ? info->min_width
          : 0;
  std::free(info);
  return bytes;
}

void AddLiteral(std::string_view text, RuleShape* shape) {
  uint64_t chars = 0;
  size_t prefix_end = 0;
  for (size_t i = 0; i < text.size();) {
    const Decoded d = DecodeUtf8(text, i);
    shape->alphabet.Add(d.cp);
    ++chars;
    i += d.length;
    if (chars == kKeywordAnchorChars) prefix_end = i;
  }
  if (prefix_end == 0) prefix_end = text.size();
  shape->width = std::max(shape->width, chars);
  shape->anchors.push_back({EscapeLiteral(text.substr(0, prefix_end)), 0,
                            std::min<uint64_t>(chars, kKeywordAnchorChars)});
}

void AddRegex(const std::string& pattern, unsigned flags, RuleShape* shape) {
  const RegexShape regex = AnalyzeRegex(pattern, flags);
  shape->alphabet.AddAll(regex.alphabet);
  shape->width = std::max(shape->width, regex.max_chars);
  if (regex.prefix.empty()) {
    shape->all_anchorable = false;
  } else {
    shape->anchors.push_back(
        {regex.prefix, flags & ~HS_FLAG_SOM_LEFTMOST, regex.prefix_chars});
  }
}

// The group key of a rule that is not anchored.
using GroupKey = std::tuple<HoldRole, std::vector<CharSet::Range>, uint64_t>;

struct Grouping {
  std::vector<HoldGroup> groups;
  std::vector<std::vector<Anchor>> anchors;  // per group
};

// Merges every group of `role` that is not anchored into one.
void CollapseRole(HoldRole role, bool also_anchored, Grouping* g,
                  std::vector<uint32_t>* rule_group) {
  std::vector<uint32_t> remap(g->groups.size());
  Grouping out;
  uint32_t merged = kNoGroup;
  for (uint32_t i = 0; i < g->groups.size(); ++i) {
    HoldGroup& group = g->groups[i];
    if (group.role != role || (group.anchored && !also_anchored)) {
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
      out.groups.push_back(m);
      out.anchors.emplace_back();
    }
    HoldGroup& m = out.groups[merged];
    m.alphabet.AddAll(group.alphabet);
    m.any_char |= group.any_char;
    m.width = std::max(m.width, group.width);
    remap[i] = merged;
  }
  for (uint32_t& r : *rule_group) {
    if (r != kNoGroup) r = remap[r];
  }
  *g = std::move(out);
}

}  // namespace

GroupMask HoldPlan::GroupsHolding(char32_t cp) const {
  if (cp < 128) return ascii_groups[cp];
  auto it =
      std::upper_bound(intervals.begin(), intervals.end(), cp,
                       [](char32_t c, const std::pair<char32_t, GroupMask>& i) {
                         return c < i.first;
                       });
  return it == intervals.begin() ? 0 : (it - 1)->second;
}

absl::StatusOr<HoldPlan> BuildHoldPlan(const std::vector<RuleInfo>& rules,
                                       const ExpressionSet& folded,
                                       const hs_database_t* block_db) {
  std::vector<RuleShape> shapes(rules.size());
  for (size_t i = 0; i < folded.patterns.size(); ++i) {
    RuleShape& shape = shapes[folded.info[i].rule];
    shape.present = true;
    if (folded.info[i].kind == ExprKind::kLiteral) {
      AddLiteral(folded.texts[i], &shape);
    } else {
      AddRegex(folded.patterns[i], folded.flags[i], &shape);
    }
  }

  HoldPlan plan;
  plan.rule_group.assign(rules.size(), kNoGroup);
  plan.rule_allow_groups.assign(rules.size(), 0);
  Grouping g;
  std::map<GroupKey, uint32_t> shared;
  for (size_t r = 0; r < rules.size(); ++r) {
    RuleShape& shape = shapes[r];
    if (!shape.present) continue;
    const HoldRole role = RoleOf(rules[r].action);
    HoldGroup group;
    group.role = role;
    group.width = shape.width;
    std::vector<Anchor> anchors;
    if (shape.width <= kNarrowWidth) {
      group.any_char = true;
      group.width = kNarrowWidth;
    } else {
      group.alphabet = shape.alphabet;
      group.any_char = shape.alphabet.IsAll();
      if (shape.width > kAnchorMinWidth && shape.all_anchorable) {
        for (Anchor& a : shape.anchors) {
          group.anchor_chars = std::max(group.anchor_chars, a.chars);
        }
        group.anchored = true;
        anchors = std::move(shape.anchors);
      }
    }
    if (!group.anchored) {
      GroupKey key{role,
                   group.any_char ? std::vector<CharSet::Range>{}
                                  : group.alphabet.ranges(),
                   group.width};
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
  // Too many groups for one mask: merge, the plain ones first.
  for (bool also_anchored : {false, true}) {
    for (HoldRole role : {HoldRole::kFlag, HoldRole::kAllow, HoldRole::kDeny}) {
      if (g.groups.size() <= kMaxHoldGroups) break;
      CollapseRole(role, also_anchored, &g, &plan.rule_group);
    }
  }

  // Anchors: patterns of fixed byte length, one Hyperscan id each.
  for (uint32_t k = 0; k < g.groups.size(); ++k) {
    HoldGroup& group = g.groups[k];
    if (!group.anchored) continue;
    absl::flat_hash_set<std::string> seen;
    std::vector<size_t> added;
    bool fixed = true;
    for (const Anchor& a : g.anchors[k]) {
      if (!seen.insert(a.pattern).second) continue;
      const uint32_t bytes = FixedBytes(a.pattern, a.flags);
      if (bytes == 0) {
        fixed = false;
        break;
      }
      added.push_back(plan.anchor_patterns.size());
      plan.anchor_patterns.push_back(a.pattern);
      plan.anchor_flags.push_back(a.flags);
      plan.anchor_group.push_back(k);
      plan.anchor_bytes.push_back(bytes);
    }
    if (!fixed) {  // not anchored after all: take its anchors back
      const size_t keep =
          added.empty() ? plan.anchor_patterns.size() : added.front();
      plan.anchor_patterns.resize(keep);
      plan.anchor_flags.resize(keep);
      plan.anchor_group.resize(keep);
      plan.anchor_bytes.resize(keep);
      group.anchored = false;
      group.anchor_chars = 0;
    }
  }
  plan.groups = std::move(g.groups);

  for (uint32_t k = 0; k < plan.groups.size(); ++k) {
    const GroupMask bit = GroupMask{1} << k;
    const HoldGroup& group = plan.groups[k];
    if (group.role == HoldRole::kDeny) plan.deny_groups |= bit;
    if (!group.any_char) plan.alphabet_groups |= bit;
  }

  // Characters -> groups. ASCII by table; the rest by a sweep over the
  // range boundaries of every alphabet.
  GroupMask any = 0;
  std::vector<std::pair<char32_t, GroupMask>> events;  // toggles
  for (uint32_t k = 0; k < plan.groups.size(); ++k) {
    const GroupMask bit = GroupMask{1} << k;
    const HoldGroup& group = plan.groups[k];
    if (group.any_char) {
      any |= bit;
      continue;
    }
    for (const CharSet::Range& range : group.alphabet.ranges()) {
      for (char32_t c = range.first; c <= range.second && c < 128; ++c) {
        plan.ascii_groups[c] |= bit;
      }
      if (range.second < 128) continue;
      events.push_back({std::max<char32_t>(range.first, 128), bit});
      if (range.second < kMaxCodePoint)
        events.push_back({range.second + 1, bit});
    }
  }
  for (GroupMask& m : plan.ascii_groups) m |= any;
  std::sort(events.begin(), events.end());
  GroupMask mask = 0;
  plan.intervals.push_back({128, any});
  for (size_t i = 0; i < events.size();) {
    const char32_t at = events[i].first;
    for (; i < events.size() && events[i].first == at; ++i) {
      mask ^= events[i].second;
    }
    if (plan.intervals.back().first == at) {
      plan.intervals.back().second = mask | any;
    } else {
      plan.intervals.push_back({at, mask | any});
    }
  }

  // Which allow rules can contain which matches. An allow keyword's match
  // is the keyword's folded text, so what matches inside it is found by
  // scanning the keyword; an allow regex may contain any rule whose
  // alphabet meets its own.
  hs_scratch_t* scratch = nullptr;
  if (block_db != nullptr &&
      hs_alloc_scratch(block_db, &scratch) != HS_SUCCESS) {
    return absl::ResourceExhaustedError(
        "could not allocate Hyperscan scratch space");
  }
  struct Hits {
    std::vector<uint32_t>* rules;
    const ExpressionSet* set;
  };
  std::vector<uint32_t> inside;
  for (size_t i = 0; i < folded.patterns.size(); ++i) {
    const uint32_t a = folded.info[i].rule;
    if (rules[a].action != Action::kAllow) continue;
    const GroupMask bit = GroupMask{1} << plan.rule_group[a];
    if (folded.info[i].kind == ExprKind::kRegex || block_db == nullptr) {
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
    Hits hits{&inside, &folded};
    const std::string& text = folded.texts[i];
    const hs_error_t rc = hs_scan(
        block_db, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
        [](unsigned id, unsigned long long, unsigned long long, unsigned,
           void* ctx) -> int {
          auto* h = static_cast<Hits*>(ctx);
          h->rules->push_back(h->set->info[id].rule);
          return 0;
        },
        &hits);
    if (rc != HS_SUCCESS) {
      hs_free_scratch(scratch);
      return absl::InternalError("Hyperscan failed while planning streams");
    }
    for (uint32_t r : inside) {
      if (r != a) plan.rule_allow_groups[r] |= bit;
    }
  }
  hs_free_scratch(scratch);
  return plan;
}

}  // namespace lexgate::internal
