// lexgate/audit.h: keyed HMACs and audit records, checked against the test
// vectors that the Python tests share (tests/data/audit/).
#include "lexgate/audit.h"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "nlohmann/json.hpp"
#include "support/test_util.h"

namespace lexgate {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kAuditDir = std::string(LEXGATE_TEST_DATA_DIR) + "/audit/";

nlohmann::json Vectors() {
  std::ifstream in(kAuditDir + "vectors.json");
  EXPECT_TRUE(in.good());
  return nlohmann::json::parse(in);
}

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

AuditKey KeyFromFile() {
  absl::StatusOr<AuditKey> key =
      AuditKey::FromFile(kAuditDir + Vectors()["key_file"].get<std::string>());
  EXPECT_TRUE(key.ok()) << key.status();
  return *std::move(key);
}

TEST(AuditKeyTest, HmacVectors) {
  const nlohmann::json vectors = Vectors();
  ASSERT_EQ(vectors["hmac"].size(), 6u);
  for (const auto& v : vectors["hmac"]) {
    absl::StatusOr<AuditKey> key =
        AuditKey::FromHex(v["key_hex"].get<std::string>());
    ASSERT_TRUE(key.ok()) << key.status();
    absl::StatusOr<std::string> hmac =
        key->Hmac(Unhex(v["data_hex"].get<std::string>()));
    ASSERT_TRUE(hmac.ok()) << hmac.status();
    EXPECT_EQ(*hmac, v["hmac"].get<std::string>()) << v.dump();
  }
}

TEST(AuditKeyTest, BadKeysAreRefused) {
  const nlohmann::json vectors = Vectors();
  ASSERT_FALSE(vectors["bad_keys_hex"].empty());
  for (const auto& bad : vectors["bad_keys_hex"]) {
    EXPECT_FALSE(AuditKey::FromHex(bad.get<std::string>()).ok()) << bad;
  }
  EXPECT_FALSE(AuditKey::FromBytes("short").ok());
  absl::StatusOr<AuditKey> missing = AuditKey::FromFile(kAuditDir + "nope");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("nope"));
}

// A directory, or a file that never ends, is an error, not a crash (the
// stream library throws on a directory) and not a memory sink.
TEST(AuditKeyTest, UnreadableKeyFilesAreErrors) {
  absl::StatusOr<AuditKey> directory = AuditKey::FromFile(kAuditDir);
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(directory.status().message(), HasSubstr("directory"));
  absl::StatusOr<AuditKey> endless = AuditKey::FromFile("/dev/zero");
  ASSERT_FALSE(endless.ok());
  EXPECT_THAT(endless.status().message(), HasSubstr("larger than 4096"));
}

TEST(AuditKeyTest, FileKeyIsTheHexKey) {
  const nlohmann::json vectors = Vectors();
  absl::StatusOr<AuditKey> hex =
      AuditKey::FromHex(vectors["key_hex"].get<std::string>());
  ASSERT_TRUE(hex.ok());
  EXPECT_EQ(*KeyFromFile().Hmac("x"), *hex->Hmac("x"));
  // Copies and moves keep the key.
  AuditKey copy = *hex;
  AuditKey moved = std::move(copy);
  EXPECT_EQ(*moved.Hmac("x"), *hex->Hmac("x"));
}

// The records of every vector, as JSON lines, are the expected ones: the
// same strings the Python tests compare theirs with.
TEST(AuditRecordTest, RecordVectors) {
  const AuditKey key = KeyFromFile();
  size_t checked = 0;
  const nlohmann::json vectors = Vectors();
  for (const auto& v : vectors["records"]) {
    ++checked;
    absl::StatusOr<RuleSet> rules =
        LoadRules(kAuditDir + v["pack"].get<std::string>());
    ASSERT_TRUE(rules.ok()) << rules.status();
    absl::StatusOr<std::shared_ptr<const Engine>> engine =
        Engine::Compile(*rules);
    ASSERT_TRUE(engine.ok()) << engine.status();
    const std::string text = v["text"];
    std::optional<Policy> policy;
    if (!v["policy"].is_null()) {
      PolicySpec spec;
      spec.name = v["policy"]["name"];
      spec.disable = v["policy"].value("disable", std::vector<std::string>());
      const nlohmann::json actions =
          v["policy"].value("actions", nlohmann::json::object());
      for (const auto& [selector, action] : actions.items()) {
        spec.actions.push_back(
            {selector, *ParseAction(action.get<std::string>())});
      }
      absl::StatusOr<Policy> made = Policy::Create(spec);
      ASSERT_TRUE(made.ok()) << made.status();
      policy = *std::move(made);
    }
    const Policy* applied = policy ? &*policy : nullptr;
    absl::StatusOr<std::vector<AuditRecord>> records =
        MakeAuditRecords(key, text, testing::Scanned(**engine, text),
                         (*engine)->fingerprint(), applied);
    ASSERT_TRUE(records.ok()) << records.status();
    std::vector<std::string> lines;
    for (const AuditRecord& r : *records) {
      const std::string line = AuditRecordJson(r);
      EXPECT_THAT(line, Not(HasSubstr("13812345678")));
      lines.push_back(
          absl::StrReplaceAll(line, {{(*engine)->fingerprint(), "ENGINE"}}));
    }
    EXPECT_EQ(lines, v["lines"].get<std::vector<std::string>>()) << text;

    // A stream over the same text gives the same records (up to the block
    // match, after which a stream stops).
    absl::StatusOr<Stream> stream = (*engine)->OpenStream();
    ASSERT_TRUE(stream.ok());
    for (size_t i = 0; i < text.size(); i += 5) {
      stream->Feed(text.substr(i, 5));
    }
    stream->Finish();
    absl::StatusOr<std::vector<AuditRecord>> streamed =
        MakeAuditRecords(key, *stream, (*engine)->fingerprint(), applied);
    ASSERT_TRUE(streamed.ok());
    if (stream->blocked()) {
      ASSERT_LE(streamed->size(), records->size());
      ASSERT_FALSE(streamed->empty());
      EXPECT_EQ(streamed->back().action, Action::kBlock);
    } else {
      ASSERT_EQ(streamed->size(), records->size());
    }
    for (size_t i = 0; i < streamed->size(); ++i) {
      EXPECT_EQ(AuditRecordJson((*streamed)[i]),
                AuditRecordJson((*records)[i]));
    }
  }
  EXPECT_EQ(checked, 4u);
}

TEST(AuditRecordTest, JsonEscapesAndRefusesSpansOutsideTheText) {
  AuditRecord record;
  record.rule = "a\"b\\c\n\x01";
  record.category = "c";
  record.hmac = "00";
  EXPECT_THAT(AuditRecordJson(record),
              HasSubstr(R"("rule":"a\"b\\c\n\u0001")"));
  EXPECT_THAT(AuditRecordJson(record), HasSubstr(R"("policy":null)"));

  ScanResult result;
  result.matches.push_back({.rule = "r", .start = 2, .end = 9, .text = "x"});
  EXPECT_EQ(MakeAuditRecords(KeyFromFile(), "abc", result, "f").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lexgate
