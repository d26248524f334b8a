// One engine shared by several threads that scan, redact and stream at the
// same time. Run under ThreadSanitizer in CI (scripts/sanitize thread); in
// ordinary builds it checks that every thread gets the single-threaded
// answers.
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "lexgate/engine.h"
#include "lexgate/stream.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using testing::KeywordRule;
using testing::RegexRule;

constexpr int kThreads = 4;
constexpr int kRounds = 200;

std::shared_ptr<const Engine> SharedEngine() {
  std::vector<Rule> rules = {
      KeywordRule("en", {"fuck", "ass"}),
      KeywordRule("zh", {"习近平", "傻逼"}),
      KeywordRule("block", {"炸弹制作"}, Action::kBlock),
      RegexRule("phone", R"(1[3-9]\d{9})", Boundary::kDigit),
  };
  EngineOptions options;
  options.streaming = true;
  return testing::CompileOrDie(std::move(rules), options);
}

const std::vector<std::string>& Texts() {
  static const std::vector<std::string> texts = {
      "what the f.u.c.k, 你个傻 逼, call 13812345678 now",
      "ＦＵＣＫ 習近平 kiss my ass",
      "harmless text that matches nothing at all",
      "第一步：炸弹制作方法如下",
  };
  return texts;
}

// The stream-specific part: feeds `text` in deltas of `step` bytes.
std::string StreamText(const Engine& engine, const std::string& text,
                       size_t step) {
  absl::StatusOr<Stream> stream = engine.OpenStream();
  EXPECT_TRUE(stream.ok()) << stream.status();
  if (!stream.ok()) return "";
  std::string out;
  for (size_t pos = 0; pos < text.size(); pos += step) {
    out += stream->Feed(text.substr(pos, step));
  }
  out += stream->Finish();
  return stream->verdict() == Action::kBlock ? "<blocked>" : out;
}

TEST(ConcurrencyTest, ThreadsShareOneEngine) {
  std::shared_ptr<const Engine> engine = SharedEngine();
  ASSERT_NE(engine, nullptr);
  // The answers of one thread alone.
  std::vector<std::string> redacted, streamed;
  for (const std::string& text : Texts()) {
    redacted.push_back(testing::Redacted(*engine, text));
    streamed.push_back(StreamText(*engine, text, 3));
  }

  std::vector<std::thread> threads;
  std::vector<int> mismatches(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        for (size_t i = 0; i < Texts().size(); ++i) {
          const std::string& text = Texts()[i];
          absl::StatusOr<std::string> r = engine->Redact(text);
          if (!r.ok() || *r != redacted[i]) ++mismatches[t];
          // Different splits per thread: the streams' states differ.
          if (StreamText(*engine, text, 1 + (t + round) % 5) != streamed[i]) {
            ++mismatches[t];
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(mismatches[t], 0) << "thread " << t;
  }
}

// A loaded engine derives its hold plan at its first OpenStream(): threads
// that open their first streams at once all get the one plan, and the
// answers of the compiled engine.
TEST(ConcurrencyTest, ThreadsOpenTheFirstStreamsOfALoadedEngine) {
  std::shared_ptr<const Engine> compiled = SharedEngine();
  ASSERT_NE(compiled, nullptr);
  std::vector<std::string> streamed;
  for (const std::string& text : Texts()) {
    streamed.push_back(StreamText(*compiled, text, 2));
  }
  for (int load = 0; load < 20; ++load) {
    absl::StatusOr<std::shared_ptr<const Engine>> engine =
        Engine::Deserialize(compiled->Serialize());
    ASSERT_TRUE(engine.ok()) << engine.status();
    std::vector<std::thread> threads;
    std::vector<int> mismatches(kThreads, 0);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (size_t i = 0; i < Texts().size(); ++i) {
          const size_t k = (i + t) % Texts().size();
          if (StreamText(**engine, Texts()[k], 2) != streamed[k]) {
            ++mismatches[t];
          }
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(mismatches[t], 0) << "load " << load << ", thread " << t;
    }
  }
}

// Next-start searches (lib/compile/next_start_databases.h) compile their
// databases when a text first needs them: threads that need them at once
// on a fresh engine all get the answers of one thread alone.
TEST(ConcurrencyTest, ThreadsCompileTheNextStartSearchesOfAFreshEngine) {
  auto rules = [] {
    return std::vector<Rule>{
        RegexRule("phone", R"((?:86 ?)?1[3-9]\d{9})", Boundary::kDigit),
        RegexRule("mail", R"([a-z0-9][a-z0-9.]*@[a-z]+\.com)", Boundary::kWord),
        RegexRule("pass", R"(pass(word)?[:=]\S+)", Boundary::kAuto),
    };
  };
  const std::vector<std::string> texts = {
      "call 5086 13800138000 now", "яfoo.bar@example.com",
      "0password:x_pass=y, ok", "号5086电13800138000"};
  std::shared_ptr<const Engine> alone = testing::CompileOrDie(rules());
  ASSERT_NE(alone, nullptr);
  std::vector<std::string> redacted;
  for (const std::string& text : texts) {
    redacted.push_back(testing::Redacted(*alone, text));
    EXPECT_NE(redacted.back(), text) << "no next start searched";
  }
  for (int fresh = 0; fresh < 5; ++fresh) {
    std::shared_ptr<const Engine> engine = testing::CompileOrDie(rules());
    ASSERT_NE(engine, nullptr);
    std::vector<std::thread> threads;
    std::vector<int> mismatches(kThreads, 0);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (size_t i = 0; i < texts.size(); ++i) {
          const size_t k = (i + t) % texts.size();
          absl::StatusOr<std::string> r = engine->Redact(texts[k]);
          if (!r.ok() || *r != redacted[k]) ++mismatches[t];
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(mismatches[t], 0) << "engine " << fresh << ", thread " << t;
    }
  }
}

}  // namespace
}  // namespace lexgate
