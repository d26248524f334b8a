// Engine::Load(): a saved engine loaded from its file scans, streams and
// saves as the compiled one; its stream database stays in the file until
// the first OpenStream(), checked at load; a file that is missing, damaged
// at load or damaged behind the engine's back is an error, never a crash
// or clean text.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

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

std::shared_ptr<const Engine> StreamingEngine() {
  return CompileOrDie({KeywordRule("k", {"fuck", "shit", "习近平"}),
                       RegexRule("mail", R"([a-z0-9.]+@[a-z0-9]+\.[a-z]{2,6})"),
                       RegexRule("phone", R"(1[3-9]\d{9})", Boundary::kDigit),
                       RegexRule("key", R"(sk-[A-Za-z0-9]{20,})")});
}

constexpr char kText[] =
    "ＦＵＣＫ 习 近 平，电话 13812345678，邮箱 someone@example.com，"
    "sh1t, sk-abcdefghijklmnopqrstuvwxyz";

std::string Describe(const Engine& engine, std::string_view text) {
  return testing::DescribeSpans(testing::Scanned(engine, text).matches);
}

class EngineLoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/lexgate_load_XXXXXX";
    const int fd = mkstemp(name);
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = name;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  void Write(std::string_view bytes) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::string path_;
};

TEST_F(EngineLoadTest, LoadsAsTheCompiledEngineAndStreamsOnDemand) {
  std::shared_ptr<const Engine> engine = StreamingEngine();
  const std::string blob = engine->Serialize();
  Write(blob);
  absl::StatusOr<std::shared_ptr<const Engine>> loaded = Engine::Load(path_);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->fingerprint(), engine->fingerprint());
  EXPECT_EQ((*loaded)->database_bytes(), engine->database_bytes());
  EXPECT_EQ(Describe(**loaded, kText), Describe(*engine, kText));
  EXPECT_THAT(Describe(**loaded, kText), HasSubstr("key@"));
  // Saved before any stream: the stream database is read back for it.
  EXPECT_EQ((*loaded)->Serialize(), blob);
  EXPECT_EQ(StreamedOut(**loaded, kText), StreamedOut(*engine, kText));
  EXPECT_EQ(StreamedOut(**loaded, kText), StreamedOut(*engine, kText));
  EXPECT_EQ((*loaded)->database_bytes(), engine->database_bytes());
  EXPECT_EQ((*loaded)->Serialize(), blob);
}

TEST_F(EngineLoadTest, AnEngineWithoutStreamingLoadsWhole) {
  EngineOptions options;
  options.streaming = false;
  std::shared_ptr<const Engine> engine =
      CompileOrDie({KeywordRule("k", {"fuck"})}, options);
  Write(engine->Serialize());
  absl::StatusOr<std::shared_ptr<const Engine>> loaded = Engine::Load(path_);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(Describe(**loaded, "fuck"), Describe(*engine, "fuck"));
  EXPECT_EQ((*loaded)->OpenStream().status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(EngineLoadTest, AMissingFileIsNotFoundAndNamed) {
  std::remove(path_.c_str());
  absl::StatusOr<std::shared_ptr<const Engine>> loaded = Engine::Load(path_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(loaded.status().message(), HasSubstr(path_));
}

TEST_F(EngineLoadTest, AnEmptyFileIsRefused) {
  Write("");
  absl::StatusOr<std::shared_ptr<const Engine>> loaded = Engine::Load(path_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
}

// The stream database is not deserialized at load, but its CRC is
// checked: damage anywhere in its bytecode refuses the file at once.
TEST_F(EngineLoadTest, DamagedStreamDatabaseIsRefusedAtLoad) {
  const std::string blob = StreamingEngine()->Serialize();
  const std::vector<std::string_view> databases =
      testing::EngineDatabases(blob);
  // folded, raw, stream, folded and raw late starts
  ASSERT_EQ(databases.size(), 5u);
  const std::string_view db = databases[2];
  ASSERT_GT(db.size(), 200u);
  int damaged = 0;
  for (size_t at :
       {size_t{40}, db.size() / 4, db.size() / 2, db.size() - 120}) {
    std::string bad = blob;
    bad[db.data() - blob.data() + at] ^= 0x10;
    Write(bad);
    absl::StatusOr<std::shared_ptr<const Engine>> loaded = Engine::Load(path_);
    ASSERT_FALSE(loaded.ok()) << at;
    EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
    ++damaged;
  }
  EXPECT_EQ(damaged, 4);
}

// The file shortened or rewritten after the load: the first stream reads
// what is there, and fails closed (kDataLoss, for every later stream too),
// while scans go on with what was loaded.
TEST_F(EngineLoadTest, AFileChangedBehindTheEngineFailsItsStreams) {
  const std::string blob = StreamingEngine()->Serialize();
  const std::string_view stream_db = testing::EngineDatabases(blob)[2];
  for (int how = 0; how < 2; ++how) {
    Write(blob);
    absl::StatusOr<std::shared_ptr<const Engine>> loaded = Engine::Load(path_);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    if (how == 0) {
      ASSERT_EQ(truncate(path_.c_str(), stream_db.data() - blob.data() + 100),
                0);
    } else {
      std::string changed = blob;
      changed[stream_db.data() - blob.data() + stream_db.size() / 2] ^= 1;
      std::fstream out(path_, std::ios::binary | std::ios::in | std::ios::out);
      out.write(changed.data(), static_cast<std::streamsize>(changed.size()));
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
      absl::StatusOr<Stream> stream = (*loaded)->OpenStream();
      ASSERT_FALSE(stream.ok()) << how;
      EXPECT_EQ(stream.status().code(), absl::StatusCode::kDataLoss) << how;
    }
    EXPECT_THAT(Describe(**loaded, "fuck"), HasSubstr("k@0-4"));
    // Saved, it goes without the stream database it could not read: its
    // streams fail again wherever it is loaded.
    absl::StatusOr<std::shared_ptr<const Engine>> again =
        Engine::Deserialize((*loaded)->Serialize());
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ((*again)->OpenStream().status().code(),
              absl::StatusCode::kDataLoss);
  }
}

// An engine file of another engine copied over the loaded one (cp, not a
// rename): its stream database sits where the loaded one's did, intact
// for Hyperscan, and is refused for not being this engine's.
TEST_F(EngineLoadTest, AnotherEngineCopiedOverTheFileFailsItsStreams) {
  const std::string a =
      CompileOrDie({KeywordRule("k", {"fuck", "shit"})})->Serialize();
  const std::string b =
      CompileOrDie({KeywordRule("k", {"damn", "piss"})})->Serialize();
  const std::string_view a_stream = testing::EngineDatabases(a)[2];
  const std::string_view b_stream = testing::EngineDatabases(b)[2];
  // Where the test means it: same place, same length, other bytes.
  ASSERT_EQ(a_stream.data() - a.data(), b_stream.data() - b.data());
  ASSERT_EQ(a_stream.size(), b_stream.size());
  ASSERT_NE(a_stream, b_stream);
  Write(a);
  absl::StatusOr<std::shared_ptr<const Engine>> loaded = Engine::Load(path_);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  Write(b);
  absl::StatusOr<Stream> stream = (*loaded)->OpenStream();
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(stream.status().message(), HasSubstr("not this engine's"));
  EXPECT_THAT(Describe(**loaded, "fuck"), HasSubstr("k@0-4"));
}

// Loads while another thread rewrites the file in place, again and again,
// with one engine or another: each load is one of the two engines whole,
// or an error; never a crash (a mapped file would raise SIGBUS when it
// shrinks under the reader) nor a mix.
TEST_F(EngineLoadTest, LoadingAFileBeingRewrittenIsOneEngineOrAnError) {
  const std::shared_ptr<const Engine> engines[] = {
      CompileOrDie({KeywordRule("k", {"fuck", "shit"})}),
      CompileOrDie({KeywordRule("k", {"damn", "piss", "crap"})})};
  const std::string blobs[] = {engines[0]->Serialize(),
                               engines[1]->Serialize()};
  Write(blobs[0]);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      const std::string& blob = blobs[i % 2];
      std::ofstream out(path_, std::ios::binary | std::ios::trunc);
      // In pieces, so that a load sees every length of the file.
      for (size_t at = 0; at < blob.size(); at += 4096) {
        out.write(blob.data() + at,
                  static_cast<std::streamsize>(
                      std::min<size_t>(4096, blob.size() - at)));
        out.flush();
      }
    }
  });
  int loaded_whole = 0;
  for (int i = 0; i < 300; ++i) {
    absl::StatusOr<std::shared_ptr<const Engine>> loaded = Engine::Load(path_);
    if (!loaded.ok()) continue;
    const int which =
        (*loaded)->fingerprint() == engines[0]->fingerprint() ? 0 : 1;
    ASSERT_EQ((*loaded)->fingerprint(), engines[which]->fingerprint());
    for (const char* text : {"fuck", "damn crap"}) {
      EXPECT_EQ(Describe(**loaded, text), Describe(*engines[which], text));
    }
    ++loaded_whole;
  }
  stop = true;
  writer.join();
  // Not asserted above zero: on a slow machine every load may meet a
  // partial file.
  std::printf("loaded whole: %d of 300\n", loaded_whole);
}

// Threads opening the first streams of a loaded engine at once read the
// stream database once and stream alike (TSan runs this in CI).
TEST_F(EngineLoadTest, ThreadsOpenTheFirstStreamsTogether) {
  std::shared_ptr<const Engine> engine = StreamingEngine();
  Write(engine->Serialize());
  const std::string expected = StreamedOut(*engine, kText);
  for (int round = 0; round < 5; ++round) {
    absl::StatusOr<std::shared_ptr<const Engine>> loaded = Engine::Load(path_);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    std::vector<std::string> outs(4);
    std::vector<size_t> sizes(4);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        outs[t] = StreamedOut(**loaded, kText);
        sizes[t] = (*loaded)->database_bytes();
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (int t = 0; t < 4; ++t) {
      EXPECT_EQ(outs[t], expected);
      EXPECT_EQ(sizes[t], engine->database_bytes());
    }
  }
}

}  // namespace
}  // namespace lexgate
