// The streaming guard as a chatbot server sees it: answers fed to a
// lexgate::Stream in deltas of --min-delta to --max-delta characters.
//
//   stream_cost [--corpus FILE] [--keywords FILE] [--rules DIR]
//               [--answers N] [--chars N] [--min-delta N] [--max-delta N]
//               [--max-hold N] [--batch N|auto] [--runs N] [--seed N]
//
// The engine is compiled from the packs of --rules (default: the shipped
// rules/) plus, with --keywords, the keyword rules of e2e_throughput (500
// keywords per mask rule), with all default options. Answers come from the
// deterministic generator of chat_answers.h, in English and in Chinese
// (--answers of each, about --chars characters), and, with --corpus, from
// consecutive corpus lines. Reported per set of answers:
//   first text   characters fed before the stream first returns text
//   held back    the largest held_back() of each answer, in characters
//   cost         Open + every Feed + Finish against one Scan + Redact of the
//                whole answer (each the best of --runs, summed): the ratio
//   per delta    the latency of one Feed()
// and checked: what the stream returns equals Redact(whole answer) for every
// answer without a block (contract 1 of stream.h). Then the block latency:
// characters fed after the end of a blocking phrase until blocked(), for the
// shipped PEM header rule, the shipped co-occurrence block rule and a user
// pack of Chinese and English block phrases, each inserted into generated
// answers.
// The last line is "BENCH_STREAM {json}".

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bench_common.h"
#include "chat_answers.h"
#include "lexgate/lexgate.h"

namespace {

using lexgate_bench::Clock;
using lexgate_bench::Die;
using lexgate_bench::JsonString;
using lexgate_bench::Percentile;
using lexgate_bench::SecondsSince;

bool IsLead(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += IsLead(c) ? 1 : 0;
  return n;
}

// The prefix of `s` with at most `chars` code points.
std::string_view CharPrefix(std::string_view s, size_t chars) {
  size_t seen = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsLead(s[i]) && seen++ == chars) return s.substr(0, i);
  }
  return s;
}

// Splits `s` into pieces of min..max code points.
std::vector<std::string_view> Deltas(std::string_view s, int min, int max,
                                     std::mt19937& rng) {
  std::uniform_int_distribution<int> len(min, max);
  std::vector<std::string_view> out;
  size_t begin = 0;
  while (begin < s.size()) {
    int want = len(rng);
    size_t end = begin;
    while (end < s.size() && want > 0) {
      ++end;
      while (end < s.size() && !IsLead(s[end])) ++end;
      --want;
    }
    out.push_back(s.substr(begin, end - begin));
    begin = end;
  }
  return out;
}

struct Dist {
  double mean = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;
  static Dist Of(std::vector<double> v) {
    Dist d;
    d.mean = lexgate_bench::Mean(v);
    d.p50 = Percentile(v, 50);
    d.p90 = Percentile(v, 90);
    d.p99 = Percentile(v, 99);
    d.max = v.empty() ? 0 : v.back();
    return d;
  }
  std::string Json() const {
    char buf[200];
    std::snprintf(buf, sizeof(buf),
                  "{\"mean\":%.3f,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,"
                  "\"max\":%.3f}",
                  mean, p50, p90, p99, max);
    return buf;
  }
};

struct Options {
  size_t answers = 100, chars = 2000;
  int min_delta = 1, max_delta = 4, runs = 5;
  uint32_t seed = 1;
  lexgate::StreamOptions stream;
};

// One set of answers, streamed and scanned whole.
struct SetResult {
  std::string name;
  size_t answers = 0;
  double avg_chars = 0;
  Dist first_text, max_held, delta_us;
  double whole_us = 0, stream_us = 0;  // sums of per-answer bests
  size_t mismatches = 0, blocked = 0, never_released = 0;

  std::string Json() const {
    char head[512];
    std::snprintf(head, sizeof(head),
                  "{\"name\":%s,\"answers\":%zu,\"avg_chars\":%.1f,"
                  "\"whole_us\":%.3f,\"stream_us\":%.3f,\"ratio\":%.3f,"
                  "\"mismatches\":%zu,\"blocked\":%zu,\"never_released\":%zu,",
                  JsonString(name).c_str(), answers, avg_chars, whole_us,
                  stream_us, stream_us / whole_us, mismatches, blocked,
                  never_released);
    return std::string(head) + "\"first_text\":" + first_text.Json() +
           ",\"max_held\":" + max_held.Json() +
           ",\"delta_us\":" + delta_us.Json() + "}";
  }
};

lexgate::Stream Open(const lexgate::Engine& engine, const Options& o) {
  absl::StatusOr<lexgate::Stream> stream = engine.OpenStream(o.stream);
  if (!stream.ok()) Die("OpenStream: " + stream.status().ToString());
  return *std::move(stream);
}

SetResult RunSet(const std::string& name, const lexgate::Engine& engine,
                 const std::vector<std::string>& texts, const Options& o) {
  std::mt19937 rng(o.seed);
  std::vector<std::vector<std::string_view>> deltas;
  std::vector<std::string> expected;
  std::vector<bool> blocked;
  SetResult r;
  r.name = name;
  r.answers = texts.size();
  for (const std::string& t : texts) {
    deltas.push_back(Deltas(t, o.min_delta, o.max_delta, rng));
    const lexgate::ScanResult scanned = lexgate_bench::ScanOrDie(engine, t);
    blocked.push_back(scanned.verdict == lexgate::Action::kBlock);
    expected.push_back(engine.Redact(t, scanned));
    r.avg_chars += static_cast<double>(CodePoints(t)) / texts.size();
  }
  std::vector<double> best_whole(texts.size(), 1e300),
      best_stream(texts.size(), 1e300), first_text, max_held, delta_us;
  for (int run = 0; run < o.runs; ++run) {
    for (size_t a = 0; a < texts.size(); ++a) {
      const std::string& text = texts[a];
      // Whole answer.
      auto t0 = Clock::now();
      const lexgate::ScanResult result = lexgate_bench::ScanOrDie(engine, text);
      const std::string redacted = engine.Redact(text, result);
      best_whole[a] = std::min(best_whole[a], SecondsSince(t0) * 1e6);

      // Streamed, uninstrumented: the total cost a server pays.
      std::string emitted;
      emitted.reserve(text.size() + 64);
      t0 = Clock::now();
      {
        lexgate::Stream stream = Open(engine, o);
        for (std::string_view d : deltas[a]) emitted += stream.Feed(d);
        emitted += stream.Finish();
      }
      best_stream[a] = std::min(best_stream[a], SecondsSince(t0) * 1e6);
      if (run > 0) continue;

      // Instrumented once: a clock read around every Feed() would add to
      // the total above, so latency and hold-back have a pass of their own.
      lexgate::Stream stream = Open(engine, o);
      size_t fed = 0, first = 0, held = 0;
      std::string again;
      for (std::string_view d : deltas[a]) {
        const auto d0 = Clock::now();
        const std::string out = stream.Feed(d);
        delta_us.push_back(SecondsSince(d0) * 1e6);
        fed += CodePoints(d);
        if (!out.empty() && first == 0) first = fed;
        held = std::max(held, stream.held_back());
        again += out;
      }
      again += stream.Finish();
      if (first == 0) {
        ++r.never_released;
        first = fed;
      }
      first_text.push_back(static_cast<double>(first));
      max_held.push_back(static_cast<double>(held));
      if (blocked[a] || stream.blocked()) {
        ++r.blocked;
      } else if (emitted != expected[a] || again != expected[a] ||
                 redacted != expected[a]) {
        ++r.mismatches;
      }
    }
  }
  for (size_t a = 0; a < texts.size(); ++a) {
    r.whole_us += best_whole[a];
    r.stream_us += best_stream[a];
  }
  r.first_text = Dist::Of(first_text);
  r.max_held = Dist::Of(max_held);
  r.delta_us = Dist::Of(delta_us);
  return r;
}

// Characters fed after the end of `phrase`, inserted into answers, until
// the stream reports the block.
struct BlockResult {
  std::string name;
  Dist after;
  size_t missed = 0;  // never blocked (must be 0)
  std::string Json() const {
    return "{\"name\":" + JsonString(name) + ",\"after\":" + after.Json() +
           ",\"missed\":" + std::to_string(missed) + "}";
  }
};

BlockResult RunBlock(const std::string& name, const lexgate::Engine& engine,
                     const std::vector<std::string>& phrases,
                     const Options& o) {
  BlockResult r;
  r.name = name;
  std::mt19937 rng(o.seed + 7);
  std::vector<double> after;
  for (size_t a = 0; a < o.answers; ++a) {
    const std::string& phrase = phrases[a % phrases.size()];
    const bool zh = static_cast<unsigned char>(phrase[0]) >= 0x80;
    const std::string answer = lexgate_bench::ChatAnswer(
        zh ? lexgate_bench::Lang::kChinese : lexgate_bench::Lang::kEnglish, 600,
        o.seed * 1000 + static_cast<uint32_t>(a));
    // After a character boundary somewhere in the first half.
    std::string_view head = CharPrefix(answer, 50 + rng() % 250);
    const std::string text = std::string(head) + (zh ? "" : " ") + phrase +
                             (zh ? "，" : ", ") + answer.substr(head.size());
    const size_t phrase_end =
        CodePoints(head) + (zh ? 0 : 1) + CodePoints(phrase);
    lexgate::Stream stream = Open(engine, o);
    size_t fed = 0;
    bool seen = false;
    for (std::string_view d : Deltas(text, o.min_delta, o.max_delta, rng)) {
      stream.Feed(d);
      fed += CodePoints(d);
      if (stream.blocked()) {
        seen = true;
        break;
      }
    }
    if (!seen) {
      stream.Finish();
      if (!stream.blocked()) {
        ++r.missed;
        continue;
      }
    }
    after.push_back(
        static_cast<double>(fed > phrase_end ? fed - phrase_end : 0));
  }
  r.after = Dist::Of(after);
  return r;
}

void Print(const SetResult& r) {
  std::printf(
      "  %-22s %4zu answers of %6.0f chars: first text %5.1f / %4.0f, held "
      "%5.1f / %4.0f (mean / max chars); stream %8.1f µs vs whole %8.1f µs "
      "= %.2fx; Feed p50 %.2f p99 %.2f µs; %zu blocked, %zu mismatches\n",
      r.name.c_str(), r.answers, r.avg_chars, r.first_text.mean,
      r.first_text.max, r.max_held.mean, r.max_held.max,
      r.stream_us / r.answers, r.whole_us / r.answers, r.stream_us / r.whole_us,
      r.delta_us.p50, r.delta_us.p99, r.blocked, r.mismatches);
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus_path, keywords_path;
  std::string rules_dir = LEXGATE_SOURCE_DIR "/rules";
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + arg);
      return argv[++i];
    };
    if (arg == "--corpus") {
      corpus_path = value();
    } else if (arg == "--keywords") {
      keywords_path = value();
    } else if (arg == "--rules") {
      rules_dir = value();
    } else if (arg == "--answers") {
      o.answers = std::stoul(value());
    } else if (arg == "--chars") {
      o.chars = std::stoul(value());
    } else if (arg == "--min-delta") {
      o.min_delta = std::stoi(value());
    } else if (arg == "--max-delta") {
      o.max_delta = std::stoi(value());
    } else if (arg == "--max-hold") {
      o.stream.max_hold = std::stoul(value());
    } else if (arg == "--batch") {
      const std::string b = value();
      o.stream.batch =
          b == "auto" ? lexgate::StreamOptions::kAutoBatch : std::stoul(b);
    } else if (arg == "--runs") {
      o.runs = std::stoi(value());
    } else if (arg == "--seed") {
      o.seed = static_cast<uint32_t>(std::stoul(value()));
    } else {
      Die("usage: stream_cost [options] (see bench/stream_cost.cc)");
    }
  }
  if (o.min_delta < 1 || o.max_delta < o.min_delta || o.runs < 1 ||
      o.answers == 0) {
    Die("stream_cost: bad option values");
  }

  std::vector<std::string> keywords;
  if (!keywords_path.empty()) {
    keywords = lexgate_bench::ReadKeywords(keywords_path);
  }
  const lexgate::RuleSet rules = lexgate_bench::BenchRules(keywords, rules_dir);
  double compile_s = 0;
  const auto engine = lexgate_bench::CompileOrDie(rules, {}, &compile_s);

  std::vector<SetResult> sets;
  for (auto [lang, name] : {std::pair{lexgate_bench::Lang::kChinese, "zh"},
                            std::pair{lexgate_bench::Lang::kEnglish, "en"}}) {
    std::vector<std::string> texts;
    for (size_t a = 0; a < o.answers; ++a) {
      texts.push_back(lexgate_bench::ChatAnswer(
          lang, o.chars, o.seed * 100000 + static_cast<uint32_t>(a)));
    }
    sets.push_back(RunSet(std::string("generated ") + name, *engine, texts, o));
  }
  if (!corpus_path.empty()) {
    const std::string corpus = lexgate_bench::ReadFileOrDie(corpus_path);
    const std::vector<std::string_view> lines =
        lexgate_bench::SplitLines(corpus);
    std::vector<std::string> texts;
    for (const std::string& t :
         lexgate_bench::TextsOfSize(lines, o.chars * 4 + 4, o.answers)) {
      texts.emplace_back(CharPrefix(t, o.chars));
    }
    sets.push_back(RunSet("corpus", *engine, texts, o));
  }

  // Block latency: the shipped PEM header rule and co-occurrence block
  // rule, and a user pack of block phrases compiled with the same rules.
  std::vector<BlockResult> blocks;
  blocks.push_back(RunBlock("PEM header (shipped)", *engine,
                            {"-----BEGIN RSA PRIVATE KEY-----",
                             "-----BEGIN OPENSSH PRIVATE KEY-----"},
                            o));
  // The shipped co-occurrence block rule (spam.fraud.illicit_goods): an
  // offer and the goods within 12 characters, decided once no none_of word
  // can follow within the window.
  blocks.push_back(RunBlock("illicit goods (shipped co-occurrence)", *engine,
                            {"出售仿真枪支", "冰毒现货", "低价转让气枪"}, o));
  lexgate::RuleSet with_block = rules;
  lexgate::Rule block;
  block.id = "bench.block";
  block.category = "A.1.1";
  block.action = lexgate::Action::kBlock;
  const std::vector<std::string> phrases = {"制作炸弹的详细步骤",
                                            "如何购买枪支弹药",
                                            "贩卖人口的渠道",
                                            "how to build a pipe bomb",
                                            "where to buy illegal firearms",
                                            "step by step meth synthesis"};
  for (const std::string& p : phrases) block.keywords.push_back({p, {}});
  if (absl::Status s = with_block.Add(block); !s.ok()) Die(s.ToString());
  const auto block_engine = lexgate_bench::CompileOrDie(with_block);
  blocks.push_back(RunBlock("user block pack zh", *block_engine,
                            {phrases[0], phrases[1], phrases[2]}, o));
  blocks.push_back(RunBlock("user block pack en", *block_engine,
                            {phrases[3], phrases[4], phrases[5]}, o));

  const std::string batch_text =
      o.stream.batch == lexgate::StreamOptions::kAutoBatch
          ? "auto"
          : std::to_string(o.stream.batch);
  std::printf(
      "streaming guard: deltas of %d-%d characters, max_hold %zu, batch %s; "
      "%zu rules (%zu keywords + packs from %s), compiled in %.3f s, "
      "%zu bytes of databases\n",
      o.min_delta, o.max_delta, o.stream.max_hold, batch_text.c_str(),
      rules.size(), keywords.size(), rules_dir.c_str(), compile_s,
      engine->database_bytes());
  for (const SetResult& r : sets) Print(r);
  for (const BlockResult& b : blocks) {
    std::printf(
        "  block known %-22s %.1f chars after the phrase on average, max "
        "%.0f; %zu missed\n",
        b.name.c_str(), b.after.mean, b.after.max, b.missed);
  }
  std::string json =
      "BENCH_STREAM {\"min_delta\":" + std::to_string(o.min_delta) +
      ",\"max_delta\":" + std::to_string(o.max_delta) +
      ",\"runs\":" + std::to_string(o.runs) +
      ",\"max_hold\":" + std::to_string(o.stream.max_hold) +
      ",\"batch\":" + JsonString(batch_text) +
      ",\"keywords\":" + std::to_string(keywords.size()) +
      ",\"rules\":" + std::to_string(rules.size()) +
      ",\"compile_s\":" + std::to_string(compile_s) +
      ",\"db_bytes\":" + std::to_string(engine->database_bytes()) +
      ",\"sets\":[";
  for (size_t i = 0; i < sets.size(); ++i) {
    json += (i ? "," : "") + sets[i].Json();
  }
  json += "],\"blocks\":[";
  for (size_t i = 0; i < blocks.size(); ++i) {
    json += (i ? "," : "") + blocks[i].Json();
  }
  json += "]}";
  std::printf("%s\n", json.c_str());
  size_t bad = 0;
  for (const SetResult& r : sets) bad += r.mismatches;
  for (const BlockResult& b : blocks) bad += b.missed;
  if (bad > 0) {
    std::fprintf(stderr,
                 "WARNING: %zu answer(s) streamed differently from Redact() "
                 "or a block was missed\n",
                 bad);
    return 1;
  }
  return 0;
}
