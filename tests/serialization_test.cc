#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "compile/databases.h"
#include "compile/fixed_length.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/engine_blob.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using testing::CompileOrDie;
using ::testing::HasSubstr;
using testing::KeywordRule;
using testing::RegexRule;
using testing::StreamedOut;

std::shared_ptr<const Engine> SampleEngine() {
  Rule raw = KeywordRule("raw", {"RAW"});
  raw.normalize = false;
  Rule phone = RegexRule("phone", R"(1[3-9]\d{9})", Boundary::kDigit);
  phone.replacement = "[手机号]";
  EngineOptions options;
  options.normalize.lookalikes = false;
  return CompileOrDie({KeywordRule("k", {"fuck", "习近平"}), phone, raw,
                       KeywordRule("ok", {"地铁口交易"}, Action::kAllow)},
                      options);
}

std::string Describe(const ScanResult& r) {
  std::string out(ActionName(r.verdict));
  for (const Match& m : r.matches) {
    out += " " + m.rule + "@" + std::to_string(m.start) + "-" +
           std::to_string(m.end);
  }
  return out;
}

TEST(SerializationTest, RoundTripScansTheSame) {
  auto engine = SampleEngine();
  const std::string blob = engine->Serialize();
  auto restored = Engine::Deserialize(blob);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ((*restored)->rule_count(), engine->rule_count());
  EXPECT_EQ((*restored)->options().normalize, engine->options().normalize);
  // Boundaries too: a loaded engine derives its literals' word sides
  // again ("fuck" inside "fucking" is no match).
  for (const std::string text :
       {"ＦＵＣＫ 习 近 平 13812345678 RAW raw 地铁口交易 fuсk",
        "fucking motherfucker, fuck! 你fuck吗 RAWS"}) {
    EXPECT_EQ(Describe(testing::Scanned(**restored, text)),
              Describe(testing::Scanned(*engine, text)));
    EXPECT_EQ(testing::Redacted(**restored, text),
              testing::Redacted(*engine, text));
  }
  EXPECT_EQ((*restored)->Serialize(), blob);
}

// Keywords and regexes that give a stream all it can hold: stream and
// window databases, anchors, a co-occurrence window.
std::shared_ptr<const Engine> StreamingEngine() {
  Rule sale;
  sale.id = "sale";
  sale.category = "test";
  sale.all_of = {{{"出售", {}}}, {{"手枪", {}}}};
  sale.within = 12;
  return CompileOrDie({KeywordRule("k", {"fuck", "shit", "习近平"}), sale,
                       RegexRule("mail", R"([a-z0-9.]+@[a-z0-9]+\.[a-z]{2,6})"),
                       RegexRule("phone", R"(1[3-9]\d{9})", Boundary::kDigit),
                       RegexRule("key", R"(sk-[A-Za-z0-9]{20,})")});
}

// A large database is loaded into memory of lexgate's own (huge pages):
// with every database taken for large, a loaded engine scans, streams and
// saves exactly as the compiled one, and frees what it holds (ASan's leak
// check and allocator mismatch check in CI).
TEST(SerializationTest, LargeDatabasesLoadIntoMemoryOfTheirOwn) {
  std::shared_ptr<const Engine> engine = StreamingEngine();
  const std::string blob = engine->Serialize();
  internal::SetLargeDatabaseBytesForTesting(1);
  absl::StatusOr<std::shared_ptr<const Engine>> loaded =
      Engine::Deserialize(blob);
  internal::SetLargeDatabaseBytesForTesting(0);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const std::string text =
      "ＦＵＣＫ 习 近 平，电话 13812345678，邮箱 someone@example.com，"
      "出售手枪 and sh1t, sk-abcdefghijklmnopqrstuvwxyz";
  const std::string scanned = Describe(testing::Scanned(**loaded, text));
  EXPECT_EQ(scanned, Describe(testing::Scanned(*engine, text)));
  for (const char* rule : {"k@", "sale@", "mail@", "phone@", "key@"}) {
    EXPECT_THAT(scanned, HasSubstr(rule));
  }
  EXPECT_EQ(StreamedOut(**loaded, text), StreamedOut(*engine, text));
  EXPECT_EQ((*loaded)->Serialize(), blob);
}

// A loaded engine derives its hold plan at its first OpenStream(), not in
// Deserialize(): a saved hash of another plan (stream database built for
// other anchors) leaves batch scans working, refuses every stream with
// kDataLoss, and is written back as it was read.
TEST(SerializationTest, StreamDatabaseOfAnotherPlanRefuseStreams) {
  std::shared_ptr<const Engine> engine = StreamingEngine();
  const std::string blob = engine->Serialize();
  ASSERT_EQ(StreamedOut(**Engine::Deserialize(blob), "fuck"),
            StreamedOut(*engine, "fuck"));
  std::string payload(*testing::EnginePayload(blob));
  // The anchors hash comes last but for the five databases' checksums.
  payload[payload.size() - 1 - 5 * sizeof(uint64_t)] ^= 0x5A;
  const std::string forged = testing::WithEnginePayload(blob, payload);
  absl::StatusOr<std::shared_ptr<const Engine>> loaded =
      Engine::Deserialize(forged);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(Describe(testing::Scanned(**loaded, "what the fuck")),
            Describe(testing::Scanned(*engine, "what the fuck")));
  for (int attempt = 0; attempt < 2; ++attempt) {  // the refusal is kept
    absl::StatusOr<Stream> stream = (*loaded)->OpenStream();
    ASSERT_FALSE(stream.ok());
    EXPECT_EQ(stream.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_THAT(stream.status().message(), HasSubstr("another stream plan"));
  }
  EXPECT_EQ((*loaded)->Serialize(), forged);
}

// Two engines of the same shape (a database in every slot: folded, raw,
// stream, folded and raw late starts) and different words.
std::shared_ptr<const Engine> ShapedEngine(const std::string& word,
                                           const std::string& raw_word,
                                           const std::string& domain) {
  Rule raw = KeywordRule("raw", {raw_word});
  raw.normalize = false;
  Rule raw_regex = RegexRule("raw_mail", "[A-Z]+@" + domain);
  raw_regex.normalize = false;
  return CompileOrDie({KeywordRule("k", {word}), raw,
                       RegexRule("mail", "[a-z]+@" + domain), raw_regex});
}

// The tables hold a checksum of each database: one taken from another
// engine, intact as far as Hyperscan can tell, is refused (it would match
// that engine's words under this engine's rules).
TEST(SerializationTest, ADatabaseOfAnotherEngineIsRefused) {
  const std::string a = ShapedEngine("fuck", "RAW", "a\\.cn")->Serialize();
  const std::string b = ShapedEngine("damn", "WAR", "b\\.cn")->Serialize();
  const std::vector<std::string_view> a_dbs = testing::EngineDatabases(a);
  const std::vector<std::string_view> b_dbs = testing::EngineDatabases(b);
  ASSERT_EQ(a_dbs.size(), 5u);
  ASSERT_EQ(b_dbs.size(), 5u);
  for (size_t slot = 0; slot < a_dbs.size(); ++slot) {
    ASSERT_FALSE(a_dbs[slot].empty()) << slot;
    ASSERT_NE(a_dbs[slot], b_dbs[slot]) << slot;
    std::vector<std::string_view> mixed = a_dbs;
    mixed[slot] = b_dbs[slot];
    absl::StatusOr<std::shared_ptr<const Engine>> r =
        Engine::Deserialize(testing::WithEngineDatabases(a, mixed));
    ASSERT_FALSE(r.ok()) << slot;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss) << slot;
    EXPECT_THAT(r.status().message(), HasSubstr("not this engine's")) << slot;
  }
  // Unchanged, they load.
  EXPECT_TRUE(Engine::Deserialize(testing::WithEngineDatabases(a, a_dbs)).ok());
}

TEST(SerializationTest, RefusesBadMagic) {
  auto r = Engine::Deserialize("definitely not an engine");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("not a serialized lexgate"));
  EXPECT_FALSE(Engine::Deserialize("").ok());
}

TEST(SerializationTest, RefusesOtherFormatVersion) {
  std::string blob = SampleEngine()->Serialize();
  blob[8] = 99;  // the version field follows the 8-byte magic
  auto r = Engine::Deserialize(blob);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(r.status().message(), HasSubstr("format version 99"));
}

// Format 11 differs only in keeping start-of-match on fixed-length regexes
// (compile/fixed_length.h): such an engine still loads, and scans as one
// compiled now. 10 is refused.
TEST(SerializationTest, ReadsFormat11Engines) {
  absl::StatusOr<RuleSet> rules =
      LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules");
  ASSERT_TRUE(rules.ok()) << rules.status();
  internal::SetFixedLengthsForTesting(false);  // as format 11 compiled them
  absl::StatusOr<std::shared_ptr<const Engine>> old = Engine::Compile(*rules);
  internal::SetFixedLengthsForTesting(true);
  ASSERT_TRUE(old.ok()) << old.status();
  std::string blob = (*old)->Serialize();
  blob[8] = 11;
  absl::StatusOr<std::shared_ptr<const Engine>> loaded =
      Engine::Deserialize(blob);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const std::string text =
      "护照E12345678，SSN 536-22-1234，mail bob@example.com，傻逼";
  EXPECT_EQ(testing::DescribeSpans(testing::Scanned(**loaded, text).matches),
            testing::DescribeSpans(
                testing::Scanned(*testing::ShippedEngine(), text).matches));
  EXPECT_EQ(testing::StreamedOut(**loaded, text),
            testing::StreamedOut(*testing::ShippedEngine(), text));
  blob[8] = 10;
  absl::StatusOr<std::shared_ptr<const Engine>> refused =
      Engine::Deserialize(blob);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(),
              HasSubstr("format version 10; this build reads versions 11 to"));
}

TEST(SerializationTest, RefusesOtherHyperscanVersionAndPlatform) {
  const std::string blob = SampleEngine()->Serialize();
  // The header strings are length-prefixed; rewrite their contents in place.
  for (const char* field : {"5.4", "x86_64"}) {
    std::string changed = blob;
    size_t at = changed.find(field, 12);
    if (at == std::string::npos) continue;  // another platform
    changed[at] = 'Z';
    auto r = Engine::Deserialize(changed);
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  }
}

TEST(SerializationTest, RefusesCorruptedPayload) {
  const std::string reference = SampleEngine()->Serialize();
  const std::string_view payload = *testing::EnginePayload(reference);
  std::string blob = reference;
  blob[payload.data() - reference.data() + payload.size() / 2] ^= 0x5a;
  auto r = Engine::Deserialize(blob);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(r.status().message(), HasSubstr("checksum"));
}

// The checksum covers the tables; the bytecode of each Hyperscan database
// is covered by Hyperscan's CRC32C instead.
TEST(SerializationTest, RefusesCorruptedDatabases) {
  const std::string reference = SampleEngine()->Serialize();
  // Hyperscan's serialized header: magic, version, bytecode length,
  // platform (8 bytes), CRC and two reserved words (which nothing reads);
  // the bytecode follows, then unused padding.
  constexpr size_t kHyperscanHeaderBytes = 4 + 4 + 4 + 8 + 4 + 4 + 4;
  std::mt19937 rng(3);
  int corrupted = 0;
  for (std::string_view db : testing::EngineDatabases(reference)) {
    if (db.size() <= kHyperscanHeaderBytes) continue;
    uint32_t bytecode_size = 0;
    std::memcpy(&bytecode_size, db.data() + 8, sizeof(bytecode_size));
    ASSERT_LE(kHyperscanHeaderBytes + bytecode_size, db.size());
    const size_t bytecode_at =
        db.data() - reference.data() + kHyperscanHeaderBytes;
    for (int i = 0; i < 20; ++i) {
      std::string blob = reference;
      const size_t at = bytecode_at + rng() % bytecode_size;
      blob[at] ^= 1 + rng() % 255;
      auto r = Engine::Deserialize(blob);
      ASSERT_FALSE(r.ok()) << at;
      EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss) << at;
      ++corrupted;
    }
  }
  EXPECT_GE(corrupted, 40) << "the sample engine has a stream database too";
}

TEST(SerializationTest, RefusesEveryTruncation) {
  const std::string blob = SampleEngine()->Serialize();
  for (size_t n = 0; n < blob.size(); n += 1 + n / 16) {
    EXPECT_FALSE(Engine::Deserialize(blob.substr(0, n)).ok()) << n;
  }
}

TEST(SerializationTest, RandomCorruptionNeverCrashes) {
  const std::string blob = SampleEngine()->Serialize();
  std::mt19937 rng(1);
  std::uniform_int_distribution<size_t> pos(0, blob.size() - 1);
  for (int i = 0; i < 500; ++i) {
    std::string bad = blob;
    for (int k = 0; k < 1 + i % 4; ++k) bad[pos(rng)] ^= 1 + (rng() % 255);
    auto r = Engine::Deserialize(bad);
    if (r.ok())
      testing::Scanned(**r, "ＦＵＣＫ 13812345678");  // must not crash either
  }
}

// The same behind the checksum: the payload is corrupted and the checksum
// recomputed (as a forger would), so that every corruption reaches the
// table parser, which must refuse it or load an engine that works.
TEST(SerializationTest, RandomPayloadCorruptionBehindTheChecksum) {
  const std::string blob = SampleEngine()->Serialize();
  const std::optional<std::string_view> payload = testing::EnginePayload(blob);
  ASSERT_TRUE(payload.has_value());
  std::mt19937 rng(2);
  std::uniform_int_distribution<size_t> pos(0, payload->size() - 1);
  int refused = 0;
  for (int i = 0; i < 500; ++i) {
    std::string bad(*payload);
    for (int k = 0; k < 1 + i % 4; ++k) bad[pos(rng)] ^= 1 + (rng() % 255);
    if (i % 5 == 0) bad.resize(pos(rng));  // truncated tables too
    auto r = Engine::Deserialize(testing::WithEnginePayload(blob, bad));
    if (!r.ok()) {
      ++refused;
      continue;
    }
    // Loaded: the corruption hit bytes that change no table's meaning
    // (Hyperscan's bytecode is trusted past hs_deserialize_database).
    testing::Scanned(**r, "ＦＵＣＫ 13812345678");
  }
  EXPECT_GT(refused, 250) << "most corruptions must be caught by the parser";
}

// The table's fixed-length regex and the database's disagree (same pattern
// length, so the table alone is consistent): a match that ends before the
// table's length could have begun is an error, not a span before the text.
TEST(SerializationTest, AFixedLengthLongerThanTheDatabasesMatchIsAnError) {
  auto engine = CompileOrDie({RegexRule("id", R"(x\d{4})")});
  ASSERT_NE(engine, nullptr);
  const std::string blob = engine->Serialize();
  std::string payload(*testing::EnginePayload(blob));
  int replaced = 0;
  for (size_t at = payload.find(R"(x\d{4})"); at != std::string::npos;
       at = payload.find(R"(x\d{4})", at)) {
    payload.replace(at, 6, R"(x\d{7})");  // the pattern and its source
    ++replaced;
  }
  ASSERT_EQ(replaced, 2);
  auto loaded = Engine::Deserialize(testing::WithEnginePayload(blob, payload));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  absl::StatusOr<ScanResult> scanned = (*loaded)->Scan("x1234");
  ASSERT_FALSE(scanned.ok());
  EXPECT_EQ(scanned.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(scanned.status().message(), HasSubstr("shorter than"));
}

// The table's literal and the database's disagree (same length, so the
// table alone is consistent): a hit is an error, not a match reported with
// another keyword's text or a span inside a character.
TEST(SerializationTest, ALiteralTheDatabaseDoesNotHoldIsAnError) {
  auto engine = CompileOrDie({KeywordRule("k", {"fuck", "习近平"})});
  ASSERT_NE(engine, nullptr);
  const std::string blob = engine->Serialize();
  std::string payload(*testing::EnginePayload(blob));
  const size_t at = payload.find("fuck");
  ASSERT_NE(at, std::string::npos);
  payload.replace(at, 4, "fuxk");
  auto loaded = Engine::Deserialize(testing::WithEnginePayload(blob, payload));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  absl::StatusOr<ScanResult> scanned = (*loaded)->Scan("what the fuck");
  ASSERT_FALSE(scanned.ok());
  EXPECT_EQ(scanned.status().code(), absl::StatusCode::kDataLoss);
  absl::StatusOr<Stream> stream = (*loaded)->OpenStream();
  ASSERT_TRUE(stream.ok()) << stream.status();
  const std::string out = stream->Feed("what the fuck");
  EXPECT_EQ(out + stream->Finish(), "") << out;
  EXPECT_TRUE(stream->blocked());
  EXPECT_EQ(stream->status().code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(testing::Scanned(**loaded, "clean text").matches.empty());
}

// The categories the packs declared are kept, so that a service loading
// the engine names them as the packs do; a forged one that gives a code
// two names, or a malformed risk, is refused.
TEST(SerializationTest, DeclaredCategoriesSurviveAndAreChecked) {
  RuleSet rules;
  ASSERT_TRUE(rules
                  .AddCategory({.code = "acme.codename",
                                .zh = "项目代号",
                                .en = "Project codename",
                                .description = "internal names",
                                .risk = "A.4.6"})
                  .ok());
  Rule rule = KeywordRule("codename", {"bluebird"});
  rule.category = "acme.codename";
  ASSERT_TRUE(rules.Add(rule).ok());
  absl::StatusOr<std::shared_ptr<const Engine>> engine = Engine::Compile(rules);
  ASSERT_TRUE(engine.ok()) << engine.status();
  ASSERT_NE((*engine)->declared_categories().Find("acme.codename"), nullptr);
  const std::string blob = (*engine)->Serialize();
  auto loaded = Engine::Deserialize(blob);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const Category* category =
      (*loaded)->declared_categories().Find("acme.codename");
  ASSERT_NE(category, nullptr);
  EXPECT_EQ(category->zh, "项目代号");
  EXPECT_EQ(category->en, "Project codename");
  EXPECT_EQ(category->description, "internal names");
  EXPECT_EQ(category->risk, "A.4.6");
  EXPECT_EQ((*loaded)->declared_categories().size(), 1u);
  EXPECT_EQ((*loaded)->fingerprint(), (*engine)->fingerprint());

  // The same length, so that only the table's checks can refuse them.
  const std::string payload(*testing::EnginePayload(blob));
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{"A.4.6", "A.4x6"},
        {"acme.codename", "acme..odename"}}) {
    std::string bad = payload;
    const size_t at = bad.rfind(from);
    ASSERT_NE(at, std::string::npos) << from;
    bad.replace(at, from.size(), to);
    auto r = Engine::Deserialize(testing::WithEnginePayload(blob, bad));
    ASSERT_FALSE(r.ok()) << to;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss) << to;
  }
}

// A co-occurrence rule's parts and window survive a save and load, and a
// forged part or window is refused, not taken for another rule.
TEST(SerializationTest, CooccurrencePartsAreCheckedOnLoad) {
  Rule rule;
  rule.id = "sale";
  rule.category = "test";
  rule.all_of = {{{"zzqq", {}}}, {{"yyww", {}}}};
  rule.none_of = {{"xxvv", {}}};
  rule.within = 10;
  auto engine = CompileOrDie({rule});
  ASSERT_NE(engine, nullptr);
  const std::string blob = engine->Serialize();
  auto loaded = Engine::Deserialize(blob);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(Describe(testing::Scanned(**loaded, "zzqq yyww")),
            "mask sale@0-4 sale@5-9");
  EXPECT_EQ(Describe(testing::Scanned(**loaded, "zzqq yyww xxvv")), "allow");
  EXPECT_EQ(Describe(testing::Scanned(**loaded, "zzqq")), "allow");

  const std::string payload(*testing::EnginePayload(blob));
  // Each expression: rule (u32), kind (u8), part (u8), flags (u32), then
  // the pattern with its u64 length; a literal of letters is itself.
  auto part_byte = [&](std::string_view literal) {
    const size_t at = payload.find(literal);
    EXPECT_NE(at, std::string::npos) << literal;
    return at - 8 - 4 - 1;
  };
  const size_t first = part_byte("zzqq");
  ASSERT_EQ(payload[first], 1);
  ASSERT_EQ(payload[part_byte("yyww")], 2);
  ASSERT_EQ(static_cast<uint8_t>(payload[part_byte("xxvv")]), 255);
  for (uint8_t forged : {0, 3, 7, 254}) {
    std::string bad = payload;
    bad[first] = static_cast<char>(forged);
    auto r = Engine::Deserialize(testing::WithEnginePayload(blob, bad));
    ASSERT_FALSE(r.ok()) << "part " << int{forged};
    EXPECT_THAT(r.status().message(), HasSubstr("part")) << r.status();
  }
  // The rule's parts (u32) and window (u32) follow its id, category,
  // replacement (flag, bytes), mask character, kept counts, four enums and
  // severity.
  const size_t parts_at =
      payload.find("sale") + 4 + (8 + 4) + 1 + 8 + (8 + 1) + 4 + 4 + 4 + 4;
  ASSERT_EQ(payload[parts_at], 2);
  ASSERT_EQ(payload[parts_at + 4], 10);
  for (const auto& [offset, value] :
       std::vector<std::pair<size_t, uint8_t>>{{0, 1}, {0, 33}, {4, 0xff}}) {
    std::string bad = payload;
    bad[parts_at + offset] = static_cast<char>(value);
    if (offset == 4) bad[parts_at + 5] = 0x13;  // within 5119
    auto r = Engine::Deserialize(testing::WithEnginePayload(blob, bad));
    ASSERT_FALSE(r.ok()) << offset << " " << int{value};
    EXPECT_THAT(r.status().message(), HasSubstr("co-occurrence"));
  }
  // An allow rule with parts, and a window of 0 in a streaming engine (its
  // streams would hold every part to the end), are what Compile() refuses.
  for (const auto& [at, value] : std::vector<std::pair<size_t, uint8_t>>{
           {parts_at - 8, 0}, {parts_at + 4, 0}}) {
    std::string bad = payload;
    bad[at] = static_cast<char>(value);
    auto r = Engine::Deserialize(testing::WithEnginePayload(blob, bad));
    ASSERT_FALSE(r.ok()) << at;
    EXPECT_THAT(r.status().message(), HasSubstr("co-occurrence"));
  }
  // Both parts made one: the second part has no keyword left.
  std::string merged = payload;
  merged[part_byte("yyww")] = 1;
  EXPECT_THAT(Engine::Deserialize(testing::WithEnginePayload(blob, merged))
                  .status()
                  .message(),
              HasSubstr("co-occurrence part without keywords"));
}

}  // namespace
}  // namespace lexgate
