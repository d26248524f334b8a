// Helpers shared by the benchmark programs (e2e_throughput, micro_bench,
// scaling, stream_cost): data files, the benchmark rule set, synthetic
// text, clocks, percentiles and memory figures.
#ifndef LEXGATE_BENCH_BENCH_COMMON_H_
#define LEXGATE_BENCH_BENCH_COMMON_H_

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lexgate/lexgate.h"

namespace lexgate_bench {

using Clock = std::chrono::steady_clock;

inline double SecondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

[[noreturn]] inline void Die(const std::string& message) {
  std::fprintf(stderr, "%s\n", message.c_str());
  std::exit(2);
}

// One read into a buffer of the file's size: a stringstream copy took 0.5 s
// of a 52 MB cached engine's load.
inline std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) Die("cannot read " + path + " (run scripts/bench-data)");
  const std::streamsize size = in.tellg();
  std::string data(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (size < 0 || !in.read(data.data(), size)) Die("cannot read " + path);
  return data;
}

// Non-empty lines of `text`, without their "\n" / "\r\n".
inline std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) lines.push_back(line);
    begin = end + 1;
  }
  return lines;
}

// Keywords of a keyword file: one per line, '#' lines skipped.
inline std::vector<std::string> ReadKeywords(const std::string& path) {
  const std::string text = ReadFileOrDie(path);
  std::vector<std::string> keywords;
  for (std::string_view k : SplitLines(text)) {
    if (k[0] != '#') keywords.emplace_back(k);
  }
  if (keywords.empty()) Die("no keywords in " + path);
  return keywords;
}

// The benchmark rule set: one mask rule (boundary auto) per
// `keywords_per_rule` keywords, as e2e_throughput builds it, plus the packs
// of `rules_dir` (e.g. the shipped rules/) when it is not empty.
inline lexgate::RuleSet BenchRules(const std::vector<std::string>& keywords,
                                   const std::string& rules_dir,
                                   size_t keywords_per_rule = 500) {
  lexgate::RuleSet set;
  size_t rule_no = 0;
  for (size_t begin = 0; begin < keywords.size(); begin += keywords_per_rule) {
    const size_t end = std::min(keywords.size(), begin + keywords_per_rule);
    lexgate::Rule rule;
    char id[32];
    std::snprintf(id, sizeof(id), "bench.kw.%04zu", rule_no++);
    rule.id = id;
    rule.category = "profanity";  // a shipped category (rules/categories.toml)
    rule.action = lexgate::Action::kMask;
    rule.boundary = lexgate::Boundary::kAuto;
    for (size_t i = begin; i < end; ++i) {
      rule.keywords.push_back({keywords[i], {}});
    }
    if (absl::Status s = set.Add(std::move(rule)); !s.ok()) {
      Die(std::string(id) + ": " + s.ToString());
    }
  }
  if (!rules_dir.empty()) {
    absl::StatusOr<lexgate::RuleSet> pack = lexgate::LoadRules(rules_dir);
    if (!pack.ok()) Die(pack.status().ToString());
    if (absl::Status s = set.Merge(*std::move(pack)); !s.ok()) {
      Die(s.ToString());
    }
  }
  return set;
}

inline std::shared_ptr<const lexgate::Engine> CompileOrDie(
    const lexgate::RuleSet& rules, const lexgate::EngineOptions& options = {},
    double* seconds = nullptr) {
  const auto t0 = Clock::now();
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine =
      lexgate::Engine::Compile(rules, options);
  if (seconds != nullptr) *seconds = SecondsSince(t0);
  if (!engine.ok()) Die("Engine::Compile: " + engine.status().ToString());
  return *std::move(engine);
}

// Engine::Scan / Redact that exit on an error status: a benchmark that
// silently timed failed scans would report nonsense.
inline lexgate::ScanResult ScanOrDie(const lexgate::Engine& engine,
                                     std::string_view text) {
  absl::StatusOr<lexgate::ScanResult> result = engine.Scan(text);
  if (!result.ok()) Die("Engine::Scan: " + result.status().ToString());
  return *std::move(result);
}
inline std::string RedactOrDie(const lexgate::Engine& engine,
                               std::string_view text) {
  return engine.Redact(text, ScanOrDie(engine, text));
}

inline rusage Usage() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage;
}

inline double Seconds(const timeval& t) { return t.tv_sec + t.tv_usec * 1e-6; }

// Peak resident set size of this process so far, in kB.
inline long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Current resident set size, in kB.
inline long CurrentRssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

// The p-th percentile (0 <= p <= 100, nearest rank) of `v`; sorts `v`.
inline double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * v.size()));
  rank = std::clamp<size_t>(rank, 1, v.size());
  return v[rank - 1];
}

inline double Mean(const std::vector<double>& v) {
  if (v.empty()) return 0;
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

// The longest prefix of `s` of at most `bytes` bytes that does not end in
// the middle of a UTF-8 sequence.
inline std::string_view Utf8Prefix(std::string_view s, size_t bytes) {
  if (s.size() <= bytes) return s;
  size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

// A chatbot-style answer, mixed scripts, with a few things the shipped packs
// look for (a phone number, an email address, a spaced-out profanity) and
// some evasive spellings for the fold to work on.
inline constexpr std::string_view kMixedParagraph =
    "您好！关于您的问题，我们建议先检查网络配置，再重启服务。"
    "If the problem persists, please contact support at "
    "help.desk@example.com or call 138 1234 5678. "
    "請注意：繁體字與ＦＵＬＬＷＩＤＴＨ letters are folded too; "
    "some users write f.u.c.k or 习 近 平 to dodge filters. "
    "另外，系统日志位于 /var/log/syslog，可以用 journalctl -u nginx 查看。"
    "Thanks for your patience, and have a nice day. ";

// At most `bytes` bytes of repeated kMixedParagraph, never cut in the
// middle of a UTF-8 sequence.
inline std::string MixedText(size_t bytes) {
  std::string s;
  while (s.size() < bytes) s += kMixedParagraph;
  return std::string(Utf8Prefix(s, bytes));
}

// `count` texts of `bytes` bytes (cut at a UTF-8 boundary) made of
// consecutive corpus lines joined by "\n", starting at lines spread evenly
// over the corpus: different texts, each like a chatbot answer.
inline std::vector<std::string> TextsOfSize(
    const std::vector<std::string_view>& lines, size_t bytes, size_t count) {
  std::vector<std::string> texts;
  texts.reserve(count);
  const size_t step = std::max<size_t>(1, lines.size() / count);
  for (size_t t = 0; t < count; ++t) {
    std::string text;
    for (size_t i = (t * step) % lines.size(); text.size() < bytes;
         i = (i + 1) % lines.size()) {
      if (!text.empty()) text += '\n';
      text += lines[i];
    }
    texts.emplace_back(Utf8Prefix(text, bytes));
  }
  return texts;
}

// A JSON string literal (ASCII-safe enough for paths and version strings).
inline std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\u%04x", c);
      out += hex;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace lexgate_bench

#endif  // LEXGATE_BENCH_BENCH_COMMON_H_
