#include "lexgate/policy.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "lexgate/stream.h"

namespace lexgate {
namespace {

using internal::Absl;

bool IsSelectorChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '-';
}

absl::Status CheckSelector(std::string_view selector, std::string_view what) {
  if (selector == "*") return absl::OkStatus();
  bool part_empty = true;
  for (char c : selector) {
    if (c == '.') {
      if (part_empty) break;
      part_empty = true;
    } else if (IsSelectorChar(c)) {
      part_empty = false;
    } else {
      part_empty = true;  // reported below
      break;
    }
  }
  if (selector.empty() || part_empty) {
    return absl::InvalidArgumentError(
        absl::StrCat(Absl(what), ": '", Absl(selector),
                     "' is not a category selector (\"*\" or a code such as "
                     "\"pii\" or \"pii.phone\")"));
  }
  return absl::OkStatus();
}

bool AnySelects(const std::vector<std::string>& selectors,
                std::string_view category) {
  return std::any_of(
      selectors.begin(), selectors.end(),
      [&](const std::string& s) { return SelectorSelects(s, category); });
}

// True when every category `selector` selects is also selected by one of
// `weakenable`.
bool Covered(std::string_view selector,
             const std::vector<std::string>& weakenable) {
  if (selector == "*") {
    return std::find(weakenable.begin(), weakenable.end(), "*") !=
           weakenable.end();
  }
  return AnySelects(weakenable, selector);
}

absl::Status NotWeakenable(std::string_view what, std::string_view selector) {
  return absl::PermissionDeniedError(
      absl::StrCat(Absl(what), ": the limits do not let a policy weaken '",
                   Absl(selector), "' (PolicyLimits::weakenable)"));
}

}  // namespace

bool SelectorSelects(std::string_view selector, std::string_view category) {
  if (selector == "*") return true;
  if (category.size() < selector.size()) return false;
  if (category.substr(0, selector.size()) != selector) return false;
  return category.size() == selector.size() || category[selector.size()] == '.';
}

absl::StatusOr<Policy> Policy::Create(PolicySpec spec, PolicyLimits limits) {
  if (spec.name.empty()) {
    return absl::InvalidArgumentError("a policy needs a name");
  }
  if (limits.max_severity < 1 || limits.max_severity > 5) {
    return absl::InvalidArgumentError(
        absl::StrCat("PolicyLimits::max_severity must be 1 .. 5, not ",
                     limits.max_severity));
  }
  for (const std::string& s : limits.weakenable) {
    LEXGATE_RETURN_IF_ERROR(CheckSelector(s, "PolicyLimits::weakenable"));
  }
  const std::string where = absl::StrCat("policy '", Absl(spec.name), "'");
  for (const std::string& s : spec.disable) {
    LEXGATE_RETURN_IF_ERROR(CheckSelector(s, where + ": disable"));
    if (!Covered(s, limits.weakenable)) {
      return NotWeakenable(where + ": disable", s);
    }
  }
  for (const std::string& s : spec.only) {
    LEXGATE_RETURN_IF_ERROR(CheckSelector(s, where + ": only"));
  }
  for (const auto& [s, action] : spec.actions) {
    LEXGATE_RETURN_IF_ERROR(CheckSelector(s, where + ": actions"));
    if (action == Action::kAllow) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": actions: '", Absl(s),
          "' -> allow is not an override (use disable to drop matches)"));
    }
    if (action == Action::kFlag && !Covered(s, limits.weakenable)) {
      return NotWeakenable(absl::StrCat(where, ": actions: '", Absl(s), "' -> ",
                                        Absl(ActionName(action))),
                           s);
    }
  }
  return Policy(std::move(spec), std::move(limits));
}

std::optional<Action> Policy::ActionFor(std::string_view rule,
                                        std::string_view category, int severity,
                                        Action action) const {
  std::optional<Action> wanted = action;
  if (AnySelects(spec_.disable, category) ||
      (!spec_.only.empty() && !AnySelects(spec_.only, category))) {
    wanted = std::nullopt;
  } else {
    size_t best = 0;
    bool found = false;
    for (const auto& [selector, override_action] : spec_.actions) {
      if (!SelectorSelects(selector, category)) continue;
      // "*" (length 1) is less specific than any code.
      const size_t specificity = selector == "*" ? 0 : selector.size() + 1;
      if (!found || specificity > best) {
        best = specificity;
        found = true;
        wanted = override_action;
      }
    }
  }
  const bool weakens = !wanted.has_value() || *wanted < action;
  if (!weakens) return wanted;
  const bool is_protected = severity > limits_.max_severity ||
                            !AnySelects(limits_.weakenable, category) ||
                            rule == kStreamOverflowRule;
  return is_protected ? std::optional<Action>(action) : wanted;
}

ScanResult Policy::Apply(ScanResult result) const {
  ScanResult out;
  out.matches.reserve(result.matches.size());
  for (Match& m : result.matches) {
    std::optional<Action> action =
        ActionFor(m.rule, m.category, m.severity, m.action);
    if (!action.has_value()) continue;
    m.action = *action;
    out.verdict = std::max(out.verdict, m.action);
    out.matches.push_back(std::move(m));
  }
  return out;
}

}  // namespace lexgate
