// Tests for lexgate/rule.h: the names of the rule enums as packs spell them.
#include "lexgate/rule.h"

#include <optional>

#include "gtest/gtest.h"

namespace lexgate {
namespace {

TEST(EnumNamesTest, RoundTrip) {
  for (Action a :
       {Action::kAllow, Action::kFlag, Action::kMask, Action::kBlock}) {
    EXPECT_EQ(ParseAction(ActionName(a)), a);
  }
  for (Boundary b :
       {Boundary::kAuto, Boundary::kWord, Boundary::kDigit, Boundary::kNone}) {
    EXPECT_EQ(ParseBoundary(BoundaryName(b)), b);
  }
  for (Validator v : {Validator::kNone, Validator::kLuhn,
                      Validator::kCnResidentId, Validator::kIban}) {
    EXPECT_EQ(ParseValidator(ValidatorName(v)), v);
  }
}

TEST(EnumNamesTest, Spellings) {
  EXPECT_EQ(ActionName(Action::kBlock), "block");
  EXPECT_EQ(ActionName(Action::kMask), "mask");
  EXPECT_EQ(ActionName(Action::kFlag), "flag");
  EXPECT_EQ(ActionName(Action::kAllow), "allow");
  EXPECT_EQ(BoundaryName(Boundary::kAuto), "auto");
  EXPECT_EQ(BoundaryName(Boundary::kWord), "word");
  EXPECT_EQ(BoundaryName(Boundary::kDigit), "digit");
  EXPECT_EQ(BoundaryName(Boundary::kNone), "none");
  EXPECT_EQ(ValidatorName(Validator::kLuhn), "luhn");
  EXPECT_EQ(ValidatorName(Validator::kCnResidentId), "cn_resident_id");
  EXPECT_EQ(ValidatorName(Validator::kIban), "iban");
  EXPECT_EQ(ValidatorName(Validator::kNone), "none");
}

TEST(EnumNamesTest, RejectsUnknownAndMiscasedNames) {
  EXPECT_EQ(ParseAction("Mask"), std::nullopt);
  EXPECT_EQ(ParseAction(""), std::nullopt);
  EXPECT_EQ(ParseBoundary("line"), std::nullopt);
  EXPECT_EQ(ParseValidator("mod97"), std::nullopt);
  EXPECT_EQ(ParseValidator("IBAN"), std::nullopt);
}

// `variants` takes the plural names a pack writes, not the names of what a
// match used (VariantName()), and only the three it can ask for.
TEST(EnumNamesTest, SpellingVariantsAsPacksWriteThem) {
  EXPECT_EQ(ParseSpellingVariant("leet"), Variant::kLeet);
  EXPECT_EQ(ParseSpellingVariant("wildcards"), Variant::kWildcard);
  EXPECT_EQ(ParseSpellingVariant("repeats"), Variant::kRepeat);
  EXPECT_EQ(ParseSpellingVariant("wildcard"), std::nullopt);
  EXPECT_EQ(ParseSpellingVariant("pinyin"), std::nullopt);
  EXPECT_EQ(ParseSpellingVariant("Leet"), std::nullopt);
}

}  // namespace
}  // namespace lexgate
