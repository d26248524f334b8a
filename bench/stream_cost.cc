// What guarding a streamed answer costs (issue 4): chatbot answers of
// --chars characters fed to a lexgate::Stream in deltas of --min-delta to
// --max-delta characters, against one Scan + Redact of the whole answer.
//
//   stream_cost CORPUS [--keywords FILE] [--rules DIR] [--answers N]
//               [--chars N] [--min-delta N] [--max-delta N] [--max-hold N]
//               [--batch N|auto] [--runs N] [--seed N]
//
// The engine is compiled with EngineOptions{.streaming = true} from the packs
// of --rules (default: the shipped rules/) plus, with --keywords, the keyword
// rules of e2e_throughput (500 keywords per mask rule). Streams are opened
// with StreamOptions{.window = --window, .batch = --batch} (the shipped
// e-mail regex has no bounded width; --batch defaults to auto).
//
// Answers are consecutive corpus lines joined by "\n", cut at --chars code
// points, starting at lines spread over the corpus. Each run feeds every
// answer once both ways (interleaved); reported per answer:
//   whole      Scan(answer) + Redact(answer, result)
//   stream     OpenStream + every Feed + Finish, uninstrumented
//   per delta  the latency of one Feed(): what the stream adds to a token
//   held back  held_back() after each Feed, in bytes and characters
// (the last two in a second, instrumented streaming pass)
// and checked: the concatenation of what the stream returned equals
// Redact(answer) for every answer without a block verdict (contract 1).
// The last line is "BENCH_STREAM {json}".

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bench_common.h"
#include "lexgate/lexgate.h"
#include "lexgate/stream.h"

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

}  // namespace

int main(int argc, char** argv) {
  std::string corpus_path, keywords_path;
  std::string rules_dir = LEXGATE_SOURCE_DIR "/rules";
  size_t answers = 200, chars = 2000,
         max_hold = lexgate::StreamOptions::kDefaultMaxHold;
  size_t batch = lexgate::StreamOptions::kAutoBatch;
  int min_delta = 1, max_delta = 4, runs = 3;
  unsigned seed = 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + std::string(arg));
      return argv[++i];
    };
    if (arg == "--keywords") {
      keywords_path = value();
    } else if (arg == "--rules") {
      rules_dir = value();
    } else if (arg == "--answers") {
      answers = std::stoul(value());
    } else if (arg == "--chars") {
      chars = std::stoul(value());
    } else if (arg == "--min-delta") {
      min_delta = std::stoi(value());
    } else if (arg == "--max-delta") {
      max_delta = std::stoi(value());
    } else if (arg == "--max-hold") {
      max_hold = std::stoul(value());
    } else if (arg == "--batch") {
      const std::string v = value();
      batch = v == "auto" ? lexgate::StreamOptions::kAutoBatch : std::stoul(v);
    } else if (arg == "--runs") {
      runs = std::max(1, std::stoi(value()));
    } else if (arg == "--seed") {
      seed = static_cast<unsigned>(std::stoul(value()));
    } else if (!arg.empty() && arg[0] == '-') {
      Die("unknown option " + std::string(arg));
    } else if (corpus_path.empty()) {
      corpus_path = arg;
    } else {
      Die("usage: stream_cost CORPUS [options] (see bench/stream_cost.cc)");
    }
  }
  if (corpus_path.empty() || min_delta < 1 || max_delta < min_delta ||
      answers == 0) {
    Die("usage: stream_cost CORPUS [options] (see bench/stream_cost.cc)");
  }

  std::vector<std::string> keywords;
  if (!keywords_path.empty())
    keywords = lexgate_bench::ReadKeywords(keywords_path);
  const lexgate::RuleSet rules = lexgate_bench::BenchRules(keywords, rules_dir);
  double compile_block_s = 0, compile_stream_s = 0;
  const auto block_engine =
      lexgate_bench::CompileOrDie(rules, {}, &compile_block_s);
  const size_t block_db_bytes = block_engine->database_bytes();
  lexgate::EngineOptions streaming;
  streaming.streaming = true;
  const auto engine =
      lexgate_bench::CompileOrDie(rules, streaming, &compile_stream_s);
  lexgate::StreamOptions stream_options;
  stream_options.max_hold = max_hold;
  stream_options.batch = batch;

  // Answers.
  const std::string corpus = lexgate_bench::ReadFileOrDie(corpus_path);
  const std::vector<std::string_view> lines = lexgate_bench::SplitLines(corpus);
  std::vector<std::string> texts;
  for (const std::string& t :
       lexgate_bench::TextsOfSize(lines, chars * 4 + 4, answers)) {
    texts.emplace_back(CharPrefix(t, chars));
  }
  std::mt19937 rng(seed);
  std::vector<std::vector<std::string_view>> deltas;
  size_t total_bytes = 0, total_deltas = 0;
  for (const std::string& t : texts) {
    deltas.push_back(Deltas(t, min_delta, max_delta, rng));
    total_bytes += t.size();
    total_deltas += deltas.back().size();
  }

  // Expected output and verdicts.
  std::vector<std::string> expected;
  std::vector<bool> blocked;
  size_t matches = 0;
  for (const std::string& t : texts) {
    lexgate::ScanResult r = lexgate_bench::ScanOrDie(*engine, t);
    matches += r.matches.size();
    blocked.push_back(r.verdict == lexgate::Action::kBlock);
    expected.push_back(engine->Redact(t, r));
  }

  std::vector<double> whole_us, stream_us, open_us, delta_us, held_bytes,
      held_chars;
  std::vector<double> best_whole(texts.size(), 1e300),
      best_stream(texts.size(), 1e300);
  size_t mismatches = 0, block_answers = 0, max_held = 0;
  for (int r = 0; r < runs; ++r) {
    for (size_t a = 0; a < texts.size(); ++a) {
      const std::string& text = texts[a];
      // Whole answer.
      auto t0 = Clock::now();
      lexgate::ScanResult result = lexgate_bench::ScanOrDie(*engine, text);
      std::string redacted = engine->Redact(text, result);
      const double whole = SecondsSince(t0) * 1e6;
      whole_us.push_back(whole);
      best_whole[a] = std::min(best_whole[a], whole);

      // Streamed, uninstrumented: the total cost a server pays.
      std::string emitted;
      emitted.reserve(text.size() + 64);
      t0 = Clock::now();
      {
        absl::StatusOr<lexgate::Stream> stream =
            engine->OpenStream(stream_options);
        if (!stream.ok()) Die("OpenStream: " + stream.status().ToString());
        for (std::string_view d : deltas[a]) emitted += stream->Feed(d);
        emitted += stream->Finish();
      }
      const double streamed = SecondsSince(t0) * 1e6;
      stream_us.push_back(streamed);
      best_stream[a] = std::min(best_stream[a], streamed);

      // Streamed again, instrumented: a clock read around every Feed() would
      // add a third to the total above, so the per-delta latency and the
      // hold-back are measured in a pass of their own.
      t0 = Clock::now();
      absl::StatusOr<lexgate::Stream> stream =
          engine->OpenStream(stream_options);
      open_us.push_back(SecondsSince(t0) * 1e6);
      if (!stream.ok()) Die("OpenStream: " + stream.status().ToString());
      std::string emitted_again;
      size_t fed = 0;
      for (std::string_view d : deltas[a]) {
        const auto d0 = Clock::now();
        emitted_again += stream->Feed(d);
        delta_us.push_back(SecondsSince(d0) * 1e6);
        fed += d.size();
        const size_t held = stream->held_back();
        max_held = std::max(max_held, held);
        if (r == 0) {
          held_bytes.push_back(static_cast<double>(held));
          held_chars.push_back(
              static_cast<double>(CodePoints(std::string_view(text).substr(
                  fed - std::min(held, fed), std::min(held, fed)))));
        }
      }
      emitted_again += stream->Finish();
      if (r == 0) {
        if (blocked[a] || stream->verdict() == lexgate::Action::kBlock) {
          ++block_answers;
        } else if (emitted != expected[a] || emitted_again != expected[a] ||
                   redacted != expected[a]) {
          ++mismatches;
        }
      }
    }
  }

  double sum_whole = 0, sum_stream = 0;
  for (size_t a = 0; a < texts.size(); ++a) {
    sum_whole += best_whole[a];
    sum_stream += best_stream[a];
  }
  const Dist whole = Dist::Of(whole_us), stream = Dist::Of(stream_us),
             open = Dist::Of(open_us), delta = Dist::Of(delta_us),
             held_b = Dist::Of(held_bytes), held_c = Dist::Of(held_chars);
  const double avg_bytes = static_cast<double>(total_bytes) / texts.size();
  const double avg_deltas = static_cast<double>(total_deltas) / texts.size();
  const double ratio = sum_stream / sum_whole;
  const std::string max_width_json = "null";

  std::printf(
      "streaming cost: %zu answers of %zu characters (avg %.0f bytes), "
      "deltas of %d-%d characters (avg %.0f per answer)\n",
      texts.size(), chars, avg_bytes, min_delta, max_delta, avg_deltas);
  std::printf(
      "  rules: %zu (%zu keywords + packs from %s); compile %.3f s "
      "block-only, %.3f s with streaming; database %zu -> %zu bytes\n",
      rules.size(), keywords.size(), rules_dir.c_str(), compile_block_s,
      compile_stream_s, block_db_bytes, engine->database_bytes());
  const std::string batch_text = batch == lexgate::StreamOptions::kAutoBatch
                                     ? "auto"
                                     : std::to_string(batch);
  std::printf("  max_hold %zu, batch %s\n", max_hold, batch_text.c_str());
  std::printf("  %-34s %9s %9s %9s %9s\n", "µs per answer", "mean", "p50",
              "p99", "max");
  std::printf("  %-34s %9.1f %9.1f %9.1f %9.1f\n", "whole: Scan + Redact",
              whole.mean, whole.p50, whole.p99, whole.max);
  std::printf("  %-34s %9.1f %9.1f %9.1f %9.1f\n",
              "stream: Open + Feeds + Finish", stream.mean, stream.p50,
              stream.p99, stream.max);
  std::printf("  %-34s %9.2f %9.2f %9.2f %9.1f\n", "  of which OpenStream",
              open.mean, open.p50, open.p99, open.max);
  std::printf("  %-34s %9.2f %9.2f %9.2f %9.1f\n", "per delta: Feed()",
              delta.mean, delta.p50, delta.p99, delta.max);
  std::printf("  %-34s %9.1f %9.1f %9.1f %9.1f\n",
              "held back after Feed, bytes", held_b.mean, held_b.p50,
              held_b.p99, held_b.max);
  std::printf("  %-34s %9.1f %9.1f %9.1f %9.1f\n",
              "held back after Feed, chars", held_c.mean, held_c.p50,
              held_c.p99, held_c.max);
  std::printf(
      "  stream / whole (sum of per-answer best of %d): %.2fx; %zu "
      "matches; %zu block answers; %zu contract mismatches\n",
      runs, ratio, matches, block_answers, mismatches);
  std::printf(
      "BENCH_STREAM {\"answers\":%zu,\"chars\":%zu,\"avg_bytes\":%.1f,"
      "\"min_delta\":%d,\"max_delta\":%d,\"avg_deltas\":%.1f,\"runs\":%d,"
      "\"keywords\":%zu,\"rules\":%zu,\"packs\":%s,\"max_hold\":%zu,"
      "\"batch\":%s,"
      "\"max_match_width\":%s,\"compile_block_s\":%.4f,"
      "\"compile_stream_s\":%.4f,\"db_block_bytes\":%zu,"
      "\"db_stream_bytes\":%zu,\"whole_us\":%s,\"stream_us\":%s,"
      "\"open_us\":%s,\"delta_us\":%s,\"held_bytes\":%s,\"held_chars\":%s,"
      "\"max_held_bytes\":%zu,\"ratio\":%.3f,\"matches\":%zu,"
      "\"block_answers\":%zu,\"mismatches\":%zu}\n",
      texts.size(), chars, avg_bytes, min_delta, max_delta, avg_deltas, runs,
      keywords.size(), rules.size(), JsonString(rules_dir).c_str(), max_hold,
      JsonString(batch_text).c_str(), max_width_json.c_str(), compile_block_s,
      compile_stream_s, block_db_bytes, engine->database_bytes(),
      whole.Json().c_str(), stream.Json().c_str(), open.Json().c_str(),
      delta.Json().c_str(), held_b.Json().c_str(), held_c.Json().c_str(),
      max_held, ratio, matches, block_answers, mismatches);
  if (mismatches > 0) {
    std::fprintf(stderr,
                 "WARNING: %zu answer(s) streamed differently from Redact()\n",
                 mismatches);
  }
  return 0;
}
