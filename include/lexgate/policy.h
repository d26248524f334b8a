// Per-request policies: one Engine serves every tenant, and a Policy decides
// per call which categories a caller sees and how strongly each is acted
// on. A policy is a documented post-processing of a ScanResult; it never
// changes what the engine finds.
#ifndef LEXGATE_POLICY_H_
#define LEXGATE_POLICY_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "lexgate/match.h"
#include "lexgate/rule.h"

namespace lexgate {

// Selectors name categories: a code selects itself and every code below it
// ("pii" selects "pii", "pii.phone" and "pii.cn.id", not "piiz"); "*"
// selects every category. A selector is "*" or dot-separated parts of
// ASCII letters, digits, '_' and '-'.
//
// Weakening a match means dropping it or lowering its action (block > mask
// > flag). What policies may weaken is the operator's decision, written
// once as PolicyLimits; a tenant's Policy is checked against them.
//
// Thread safety: plain data.
struct PolicyLimits {
  // Categories whose matches a policy may drop or weaken. The default lets
  // a policy weaken every category (up to max_severity); an operator who
  // lets tenants touch only some categories lists them here.
  std::vector<std::string> weakenable = {"*"};
  // Matches of rules with a severity above this are never dropped or
  // weakened, whatever the policy says. 1 .. 5 (5: no protection by
  // severity).
  int max_severity = 4;
};

// What a caller (a request, a tenant) asks for.
//
// Thread safety: plain data.
struct PolicySpec {
  // Reported in audit records ("policy"); not empty.
  std::string name;
  // Matches of these categories are dropped.
  std::vector<std::string> disable;
  // When not empty, only matches of these categories are kept (others are
  // dropped, as by `disable`).
  std::vector<std::string> only;
  // Category selector -> the action its matches get instead of their
  // rule's own. For a category selected by several, the most specific
  // selector (the longest) wins. kAllow is not an action to override to:
  // use `disable`.
  std::vector<std::pair<std::string, Action>> actions;
};

// A checked PolicySpec, applied to scan results.
//
// What Apply() does to each match of a ScanResult, in this order:
//  1. the match is dropped if its category is disabled, or `only` is given
//     and does not select it;
//  2. otherwise its action becomes the override of the most specific
//     selector that selects its category, if any;
//  3. a change that weakens the match (a drop, or a lower action) is undone
//     when the match is protected: its category is not selected by
//     PolicyLimits::weakenable, its severity is above
//     PolicyLimits::max_severity, or it is the stream's own fail-closed
//     match (rule "lexgate.stream_overflow"). Strengthening (flag -> mask,
//     mask -> block) is always applied.
// The verdict is then recomputed from the matches that remain; offsets,
// order and text are unchanged. Engine::Redact(text, applied) masks what
// the applied result masks, so a policy may unmask (mask -> flag) or mask
// more (flag -> mask) a whole text.
//
// A stream (lexgate/stream.h) opened with StreamOptions::policy masks,
// releases, stops and reports by the policy's actions (ActionFor() per
// rule): the matches Apply() gives on the whole text, masked as
// Engine::Redact() masks them.
//
// Thread safety: immutable after Create(); Apply() may be called from many
// threads at once.
class Policy {
 public:
  // Fails with kInvalidArgument on an empty name, a malformed selector or
  // an override to kAllow, and with kPermissionDenied when `disable` or an
  // override to kFlag (which can only weaken) names a category that
  // `limits.weakenable` does not wholly select. Overrides to kMask or
  // kBlock and `only` are accepted: what they would weaken of a protected
  // match is left undone by Apply() (see above).
  static absl::StatusOr<Policy> Create(PolicySpec spec,
                                       PolicyLimits limits = {});

  // The result with this policy applied (see the class comment).
  ScanResult Apply(ScanResult result) const;

  // The action this policy gives a match of a rule with `category`,
  // `severity` and `action` (the rule's id is `rule`); std::nullopt when
  // the match is dropped.
  std::optional<Action> ActionFor(std::string_view rule,
                                  std::string_view category, int severity,
                                  Action action) const;

  const std::string& name() const { return spec_.name; }
  const PolicySpec& spec() const { return spec_; }
  const PolicyLimits& limits() const { return limits_; }

 private:
  Policy(PolicySpec spec, PolicyLimits limits)
      : spec_(std::move(spec)), limits_(std::move(limits)) {}

  PolicySpec spec_;
  PolicyLimits limits_;
};

// True when `selector` selects `category` (see above).
bool SelectorSelects(std::string_view selector, std::string_view category);

}  // namespace lexgate

#endif  // LEXGATE_POLICY_H_
