// Tests for rule errors: the message the internal builder writes
// (rules/rule_error_status.h) and the location GetRuleErrorLocation() reads
// back from it (lexgate/rule_error.h).
#include "lexgate/rule_error.h"

#include <optional>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "lexgate/status.h"
#include "rules/rule_error_status.h"

namespace lexgate {
namespace {

using internal::RuleError;

TEST(RuleErrorTest, MessageFormats) {
  using absl::StatusCode;
  EXPECT_EQ(StatusMessage(RuleError(StatusCode::kInvalidArgument, {"a.toml", 7},
                                    "r1", "bad")),
            "a.toml:7: rule 'r1': bad");
  EXPECT_EQ(StatusMessage(RuleError(StatusCode::kInvalidArgument, {"a.toml", 0},
                                    "", "bad")),
            "a.toml: bad");
  EXPECT_EQ(StatusMessage(
                RuleError(StatusCode::kInvalidArgument, {"", 0}, "r1", "bad")),
            "rule 'r1': bad");
  EXPECT_EQ(StatusMessage(RuleError(StatusCode::kInvalidArgument, {"a.toml", 7},
                                    "", "bad")),
            "a.toml:7: bad");
  EXPECT_EQ(RuleError(StatusCode::kNotFound, {}, "", "x").code(),
            StatusCode::kNotFound);
}

TEST(RuleErrorTest, LocationRoundTrip) {
  absl::Status status = RuleError(absl::StatusCode::kInvalidArgument,
                                  {"dir/pack.toml", 42}, "pii.cn.mobile", "x");
  std::optional<RuleErrorLocation> location = GetRuleErrorLocation(status);
  ASSERT_TRUE(location.has_value());
  EXPECT_EQ(location->path, "dir/pack.toml");
  EXPECT_EQ(location->line, 42);
  EXPECT_EQ(location->rule_id, "pii.cn.mobile");

  // Empty fields survive too.
  location = GetRuleErrorLocation(
      RuleError(absl::StatusCode::kInvalidArgument, {}, "", "x"));
  ASSERT_TRUE(location.has_value());
  EXPECT_EQ(location->path, "");
  EXPECT_EQ(location->line, 0);
  EXPECT_EQ(location->rule_id, "");
}

TEST(RuleErrorTest, NoLocationOnOtherStatuses) {
  EXPECT_EQ(GetRuleErrorLocation(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(GetRuleErrorLocation(absl::InvalidArgumentError("x")),
            std::nullopt);
}

}  // namespace
}  // namespace lexgate
