// Engine::fingerprint() (DESIGN §10): a stable hash of the compiled rules,
// the same whatever the order of the keywords and rules, different when
// what is matched or done differs, and the same after a save and a load.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using testing::CompileOrDie;
using testing::KeywordRule;
using testing::RegexRule;

std::string FingerprintOf(std::vector<Rule> rules) {
  return CompileOrDie(std::move(rules))->fingerprint();
}

TEST(FingerprintTest, OrderOfKeywordsAndRulesDoesNotCount) {
  const std::string reference =
      FingerprintOf({KeywordRule("k", {"fuck", "shit", "习近平"}),
                     RegexRule("phone", R"(1[3-9]\d{9})")});
  EXPECT_EQ(reference,
            FingerprintOf({RegexRule("phone", R"(1[3-9]\d{9})"),
                           KeywordRule("k", {"习近平", "shit", "fuck"})}));
  EXPECT_EQ(reference.size(), 16u);
}

TEST(FingerprintTest, WhatIsMatchedOrDoneCounts) {
  const std::string reference =
      FingerprintOf({KeywordRule("k", {"fuck", "shit"})});
  EXPECT_NE(reference, FingerprintOf({KeywordRule("k", {"fuck", "shot"})}));
  EXPECT_NE(reference, FingerprintOf({KeywordRule("k", {"fuck"})}));
  EXPECT_NE(reference, FingerprintOf({KeywordRule("k2", {"fuck", "shit"})}));
  // The same keywords split over two rules, or moved between them.
  EXPECT_NE(reference, FingerprintOf({KeywordRule("k", {"fuck"}),
                                      KeywordRule("l", {"shit"})}));
  EXPECT_NE(
      FingerprintOf({KeywordRule("k", {"fuck"}), KeywordRule("l", {"shit"})}),
      FingerprintOf({KeywordRule("k", {"shit"}), KeywordRule("l", {"fuck"})}));
  Rule blocking = KeywordRule("k", {"fuck", "shit"});
  blocking.action = Action::kBlock;
  EXPECT_NE(reference, FingerprintOf({blocking}));
}

TEST(FingerprintTest, TheSameAfterSaveAndLoad) {
  std::shared_ptr<const Engine> engine =
      CompileOrDie({KeywordRule("k", {"fuck", "习近平"}),
                    RegexRule("phone", R"(1[3-9]\d{9})")});
  absl::StatusOr<std::shared_ptr<const Engine>> loaded =
      Engine::Deserialize(engine->Serialize());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->fingerprint(), engine->fingerprint());
}

}  // namespace
}  // namespace lexgate
