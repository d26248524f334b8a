// Names of the rule enums as written in rule packs and shown in messages.
#include <optional>
#include <string_view>

#include "lexgate/rule.h"

namespace lexgate {

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kAllow:
      return "allow";
    case Action::kFlag:
      return "flag";
    case Action::kMask:
      return "mask";
    case Action::kBlock:
      return "block";
  }
  // Only reachable through a cast of an out-of-range integer.
  return "unknown";
}

std::string_view BoundaryName(Boundary boundary) {
  switch (boundary) {
    case Boundary::kAuto:
      return "auto";
    case Boundary::kWord:
      return "word";
    case Boundary::kDigit:
      return "digit";
    case Boundary::kNone:
      return "none";
  }
  return "unknown";
}

std::string_view ValidatorName(Validator validator) {
  switch (validator) {
    case Validator::kNone:
      return "none";
    case Validator::kLuhn:
      return "luhn";
    case Validator::kCnResidentId:
      return "cn_resident_id";
    case Validator::kIban:
      return "iban";
    case Validator::kCnCreditCode:
      return "cn_credit_code";
    case Validator::kHkId:
      return "hk_id";
    case Validator::kTwId:
      return "tw_id";
  }
  return "unknown";
}

std::string_view VariantName(Variant variant) {
  switch (variant) {
    case Variant::kNone:
      return "none";
    case Variant::kLookalike:
      return "lookalike";
    case Variant::kLeet:
      return "leet";
    case Variant::kWildcard:
      return "wildcard";
    case Variant::kRepeat:
      return "repeat";
    case Variant::kPinyin:
      return "pinyin";
    case Variant::kInitials:
      return "initials";
    case Variant::kHomophone:
      return "homophone";
  }
  return "unknown";
}

std::string_view PinyinName(Pinyin pinyin) {
  switch (pinyin) {
    case Pinyin::kOff:
      return "off";
    case Pinyin::kFull:
      return "full";
    case Pinyin::kInitials:
      return "initials";
  }
  return "unknown";
}

// The parsers are exact and case-sensitive, like every other TOML key and
// value in a pack: "Mask" is a typo worth reporting, not a synonym.
std::optional<Action> ParseAction(std::string_view name) {
  for (Action action :
       {Action::kBlock, Action::kMask, Action::kFlag, Action::kAllow}) {
    if (name == ActionName(action)) return action;
  }
  return std::nullopt;
}

std::optional<Boundary> ParseBoundary(std::string_view name) {
  for (Boundary boundary :
       {Boundary::kAuto, Boundary::kWord, Boundary::kDigit, Boundary::kNone}) {
    if (name == BoundaryName(boundary)) return boundary;
  }
  return std::nullopt;
}

std::optional<Validator> ParseValidator(std::string_view name) {
  for (Validator validator :
       {Validator::kLuhn, Validator::kCnResidentId, Validator::kIban,
        Validator::kCnCreditCode, Validator::kHkId, Validator::kTwId,
        Validator::kNone}) {
    if (name == ValidatorName(validator)) return validator;
  }
  return std::nullopt;
}

std::optional<Pinyin> ParsePinyin(std::string_view name) {
  for (Pinyin pinyin : {Pinyin::kOff, Pinyin::kFull, Pinyin::kInitials}) {
    if (name == PinyinName(pinyin)) return pinyin;
  }
  return std::nullopt;
}

std::optional<Variant> ParseSpellingVariant(std::string_view name) {
  if (name == "leet") return Variant::kLeet;
  if (name == "wildcards") return Variant::kWildcard;
  if (name == "repeats") return Variant::kRepeat;
  return std::nullopt;
}

}  // namespace lexgate
