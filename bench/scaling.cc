// Scaling of lexgate with the number of keywords, the text length and the
// number of threads. One subcommand per table; each prints a human-readable
// summary and, last, one machine-readable line "BENCH_<NAME> {json}".
//
//   scaling keywords KEYWORDS CORPUS [--rules DIR] [--blob PATH]
//                    [--scan-mb N] [--check-mb N]
//       Compile time, database size, serialized size, peak RSS of the
//       compile, scan MB/s (one call per line over the first --scan-mb MB of
//       the corpus, best of 2). Writes the Engine::Serialize() blob to --blob.
//       Run once per keyword count: peak RSS is the process's.
//   scaling load BLOB [--corpus CORPUS --check-mb N] [--runs N]
//       Cached load as `lexgate-filter --engine` does it (ReadEngineFile:
//       Engine::Load() of the file): the first load in a fresh process
//       (--runs forked children; the median, with its CPU time and page
//       faults, and the slowest), and the best of --runs loads in one
//       process; RSS of a process that loads instead of compiling; then the
//       first OpenStream() of the loaded engine (what Load() leaves to it).
//       With --corpus: the number of matches in the first --check-mb MB, to
//       compare with `keywords` (the loaded engine must find the same).
//   scaling latency KEYWORDS CORPUS [--rules DIR] [--sizes B,B,...]
//                   [--calls-scale X]
//       Per-call Engine::Scan latency (p50/p90/p99/max) for texts of each
//       size, made of consecutive corpus lines (different texts every call),
//       plus Scan + Redact of 2 KB, 2 KB with the keywords alone and the
//       packs alone, a synthetic 2 KB chatbot answer, and varied 2 KB
//       chatbot answers (bench/chat_answers.h, Chinese and English), each
//       timed as the best of several runs (its intrinsic cost).
//   scaling threads KEYWORDS CORPUS [--rules DIR] [--threads N,N] [--runs N]
//       Throughput of one shared Engine scanning the corpus (one call per
//       line) on 1 and on 2 threads.
//
// The keyword rules are built as in e2e_throughput (500 keywords per mask
// rule, boundary auto); --rules adds packs (scripts/bench passes the shipped
// rules/).

#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <latch>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "chat_answers.h"
#include "engine_file.h"
#include "lexgate/lexgate.h"

namespace {

using lexgate_bench::Clock;
using lexgate_bench::Die;
using lexgate_bench::JsonString;
using lexgate_bench::SecondsSince;

struct Args {
  std::vector<std::string> positional;
  std::string rules_dir;
  std::string blob;
  std::string corpus;
  std::string sizes = "100,2048,65536,1048576";
  std::string threads = "1,2";
  double scan_mb = 20;
  double check_mb = 1;
  double calls_scale = 1;
  int runs = 3;
};

Args Parse(int argc, char** argv, int first) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + std::string(arg));
      return argv[++i];
    };
    if (arg == "--rules") {
      a.rules_dir = value();
    } else if (arg == "--blob") {
      a.blob = value();
    } else if (arg == "--corpus") {
      a.corpus = value();
    } else if (arg == "--sizes") {
      a.sizes = value();
    } else if (arg == "--threads") {
      a.threads = value();
    } else if (arg == "--scan-mb") {
      a.scan_mb = std::atof(value().c_str());
    } else if (arg == "--check-mb") {
      a.check_mb = std::atof(value().c_str());
    } else if (arg == "--calls-scale") {
      a.calls_scale = std::atof(value().c_str());
    } else if (arg == "--runs") {
      a.runs = std::max(1, std::atoi(value().c_str()));
    } else if (!arg.empty() && arg[0] == '-') {
      Die("unknown option " + std::string(arg));
    } else {
      a.positional.emplace_back(arg);
    }
  }
  return a;
}

std::vector<size_t> ParseList(const std::string& s) {
  std::vector<size_t> out;
  size_t begin = 0;
  while (begin <= s.size()) {
    size_t comma = s.find(',', begin);
    if (comma == std::string::npos) comma = s.size();
    if (comma > begin)
      out.push_back(std::stoull(s.substr(begin, comma - begin)));
    begin = comma + 1;
  }
  return out;
}

// The lines of `lines` whose bytes add up to at most `mb` MB (at least one).
std::vector<std::string_view> Slice(const std::vector<std::string_view>& lines,
                                    double mb, size_t* bytes) {
  std::vector<std::string_view> out;
  *bytes = 0;
  const double limit = mb * 1e6;
  for (std::string_view l : lines) {
    if (!out.empty() && *bytes + l.size() > limit) break;
    out.push_back(l);
    *bytes += l.size();
  }
  return out;
}

uint64_t CountMatches(const lexgate::Engine& engine,
                      const std::vector<std::string_view>& lines) {
  uint64_t n = 0;
  for (std::string_view line : lines)
    n += lexgate_bench::ScanOrDie(engine, line).matches.size();
  return n;
}

// --- keywords
// ------------------------------------------------------------------

int Keywords(const Args& a) {
  if (a.positional.size() != 2)
    Die("usage: scaling keywords KEYWORDS CORPUS ...");
  const long rss_start_kb = lexgate_bench::CurrentRssKb();
  const std::vector<std::string> keywords =
      lexgate_bench::ReadKeywords(a.positional[0]);
  lexgate::RuleSet rules = lexgate_bench::BenchRules(keywords, a.rules_dir);
  const size_t rule_count = rules.size();
  const long rss_rules_kb = lexgate_bench::CurrentRssKb();

  double compile_s = 0;
  std::shared_ptr<const lexgate::Engine> engine =
      lexgate_bench::CompileOrDie(rules, {}, &compile_s);
  rules = lexgate::RuleSet();  // only the engine stays
  const long peak_compile_kb = lexgate_bench::PeakRssKb();
  const long rss_engine_kb = lexgate_bench::CurrentRssKb();
  // What of that the allocator only kept: glibc returns freed memory to the
  // system on malloc_trim(); the rest is the engine's.
  malloc_trim(0);
  const long rss_trimmed_kb = lexgate_bench::CurrentRssKb();

  auto t0 = Clock::now();
  const std::string blob = engine->Serialize();
  const double serialize_s = SecondsSince(t0);
  if (!a.blob.empty()) {
    std::ofstream out(a.blob, std::ios::binary | std::ios::trunc);
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
    if (!out) Die("cannot write " + a.blob);
  }

  // The corpus only now, so that the peak above is the compile's.
  const std::string corpus = lexgate_bench::ReadFileOrDie(a.positional[1]);
  const std::vector<std::string_view> all = lexgate_bench::SplitLines(corpus);
  size_t scan_bytes = 0, check_bytes = 0;
  const std::vector<std::string_view> scan = Slice(all, a.scan_mb, &scan_bytes);
  const std::vector<std::string_view> check =
      Slice(all, a.check_mb, &check_bytes);
  double best = 1e300;
  uint64_t matches = 0;
  for (int r = 0; r < 2; ++r) {
    t0 = Clock::now();
    matches = CountMatches(*engine, scan);
    best = std::min(best, SecondsSince(t0));
  }
  const uint64_t check_matches = CountMatches(*engine, check);
  const double mbps = scan_bytes / 1e6 / best;

  std::printf("keywords %zu (%zu rules%s%s)\n", keywords.size(), rule_count,
              a.rules_dir.empty() ? "" : ", with packs from ",
              a.rules_dir.c_str());
  std::printf(
      "  compile %.3f s, database %zu bytes, serialized %zu bytes "
      "(Serialize %.3f s)\n",
      compile_s, engine->database_bytes(), blob.size(), serialize_s);
  std::printf(
      "  peak RSS of the compile %.1f MB (start %.1f MB, rules %.1f "
      "MB); after it, engine alone %.1f MB, %.1f MB after "
      "malloc_trim\n",
      peak_compile_kb / 1024.0, rss_start_kb / 1024.0, rss_rules_kb / 1024.0,
      rss_engine_kb / 1024.0, rss_trimmed_kb / 1024.0);
  std::printf(
      "  scan %.1f MB/s over %.1f MB, one call per line (%llu "
      "matches)\n",
      mbps, scan_bytes / 1e6, static_cast<unsigned long long>(matches));
  std::printf(
      "BENCH_KEYWORDS {\"keywords\":%zu,\"rules\":%zu,\"packs\":%s,"
      "\"compile_s\":%.4f,\"db_bytes\":%zu,\"blob_bytes\":%zu,"
      "\"serialize_s\":%.4f,\"rss_start_kb\":%ld,\"rss_rules_kb\":%ld,"
      "\"peak_rss_compile_kb\":%ld,\"rss_engine_kb\":%ld,"
      "\"rss_trimmed_kb\":%ld,"
      "\"scan_bytes\":%zu,\"scan_s\":%.4f,\"scan_mbps\":%.2f,"
      "\"scan_matches\":%llu,\"check_bytes\":%zu,\"check_matches\":%llu}\n",
      keywords.size(), rule_count, JsonString(a.rules_dir).c_str(), compile_s,
      engine->database_bytes(), blob.size(), serialize_s, rss_start_kb,
      rss_rules_kb, peak_compile_kb, rss_engine_kb, rss_trimmed_kb, scan_bytes,
      best, mbps, static_cast<unsigned long long>(matches), check_bytes,
      static_cast<unsigned long long>(check_matches));
  return 0;
}

// --- load
// ----------------------------------------------------------------------

// One load in a process of its own: wall time, CPU time user and system
// (the kernel's page faults of first touching the databases) and minor
// page faults.
struct FirstLoad {
  double wall_s = 0, user_s = 0, sys_s = 0;
  long faults = 0;
};

// A first load in a fresh process (a child forked before this process
// loaded anything), reported back through a pipe.
FirstLoad MeasureFirstLoad(const std::string& path) {
  int fds[2];
  if (pipe(fds) != 0) Die("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) Die("fork failed");
  if (pid == 0) {
    close(fds[0]);
    FirstLoad m;
    const rusage before = lexgate_bench::Usage();
    const auto t0 = Clock::now();
    absl::StatusOr<std::shared_ptr<const lexgate::Engine>> loaded =
        lexgate_filter::ReadEngineFile(path);
    m.wall_s = SecondsSince(t0);
    const rusage after = lexgate_bench::Usage();
    m.user_s = lexgate_bench::Seconds(after.ru_utime) -
               lexgate_bench::Seconds(before.ru_utime);
    m.sys_s = lexgate_bench::Seconds(after.ru_stime) -
              lexgate_bench::Seconds(before.ru_stime);
    m.faults = after.ru_minflt - before.ru_minflt;
    const bool ok = loaded.ok() && write(fds[1], &m, sizeof(m)) ==
                                       static_cast<ssize_t>(sizeof(m));
    _exit(ok ? 0 : 1);
  }
  close(fds[1]);
  FirstLoad m;
  const bool got =
      read(fds[0], &m, sizeof(m)) == static_cast<ssize_t>(sizeof(m));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    Die("the first load of " + path +
        " failed (run `scaling load` again "
        "to see why)");
  }
  return m;
}

int Load(const Args& a) {
  if (a.positional.size() != 1) Die("usage: scaling load BLOB ...");
  const long rss_start_kb = lexgate_bench::CurrentRssKb();
  double best_s = 1e300;
  std::error_code error;
  const size_t blob_bytes = std::filesystem::file_size(a.positional[0], error);
  if (error) Die("cannot read " + a.positional[0] + ": " + error.message());
  // First loads, one per fresh process: one sample is at the mercy of the
  // machine (what the kernel must zero or compact for the databases right
  // then), so the median of --runs, with the slowest next to it.
  std::vector<FirstLoad> firsts;
  for (int r = 0; r < a.runs; ++r) {
    firsts.push_back(MeasureFirstLoad(a.positional[0]));
  }
  std::sort(firsts.begin(), firsts.end(),
            [](const FirstLoad& x, const FirstLoad& y) {
              return x.wall_s < y.wall_s;
            });
  const FirstLoad& median = firsts[firsts.size() / 2];
  const double first_s = median.wall_s;
  const double first_user_s = median.user_s, first_sys_s = median.sys_s;
  const long first_faults = median.faults;
  const double first_max_s = firsts.back().wall_s;
  // Then loads again and again in this process.
  long rss_loaded_kb = 0;
  std::shared_ptr<const lexgate::Engine> engine;
  for (int r = 0; r < a.runs; ++r) {
    engine.reset();
    const auto t0 = Clock::now();
    absl::StatusOr<std::shared_ptr<const lexgate::Engine>> loaded =
        lexgate_filter::ReadEngineFile(a.positional[0]);
    const double s = SecondsSince(t0);
    if (!loaded.ok()) Die(loaded.status().ToString());
    engine = *std::move(loaded);
    best_s = std::min(best_s, s);
    if (r == 0) rss_loaded_kb = lexgate_bench::CurrentRssKb();
  }
  // What Load() leaves to the first stream: the stream databases read
  // back from the file and the hold plan derived.
  const auto stream_t0 = Clock::now();
  absl::StatusOr<lexgate::Stream> stream = engine->OpenStream();
  const double first_stream_s = SecondsSince(stream_t0);
  if (!stream.ok()) Die(stream.status().ToString());
  const long peak_kb = lexgate_bench::PeakRssKb();
  long long check_matches = -1;
  size_t check_bytes = 0;
  if (!a.corpus.empty()) {
    const std::string corpus = lexgate_bench::ReadFileOrDie(a.corpus);
    const std::vector<std::string_view> check =
        Slice(lexgate_bench::SplitLines(corpus), a.check_mb, &check_bytes);
    check_matches = static_cast<long long>(CountMatches(*engine, check));
  }
  std::printf(
      "cached load of %s (%zu bytes): first load in a fresh process, median "
      "of %d: %.1f ms (CPU %.1f ms user, %.1f ms system, %ld page faults; "
      "slowest %.1f ms), best of %d in one process %.1f ms; RSS %.1f MB "
      "after a load; first OpenStream %.1f ms\n",
      a.positional[0].c_str(), blob_bytes, a.runs, first_s * 1e3,
      first_user_s * 1e3, first_sys_s * 1e3, first_faults, first_max_s * 1e3,
      a.runs, best_s * 1e3, rss_loaded_kb / 1024.0, first_stream_s * 1e3);
  std::printf(
      "BENCH_LOAD {\"blob_bytes\":%zu,\"load_first_s\":%.5f,"
      "\"load_first_user_s\":%.5f,\"load_first_sys_s\":%.5f,"
      "\"load_first_faults\":%ld,\"load_first_max_s\":%.5f,"
      "\"load_best_s\":%.5f,"
      "\"first_stream_s\":%.5f,\"runs\":%d,"
      "\"rss_start_kb\":%ld,\"rss_loaded_kb\":%ld,\"peak_rss_kb\":%ld,"
      "\"check_bytes\":%zu,\"check_matches\":%lld}\n",
      blob_bytes, first_s, first_user_s, first_sys_s, first_faults, first_max_s,
      best_s, first_stream_s, a.runs, rss_start_kb, rss_loaded_kb, peak_kb,
      check_bytes, check_matches);
  return 0;
}

// --- latency
// -------------------------------------------------------------------

volatile size_t g_sink = 0;

struct LatencyRow {
  std::string name;
  size_t bytes = 0;
  size_t calls = 0;
  double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
  double matches_per_call = 0;
};

// Fills `row`'s distribution from the per-call times `us` (microseconds,
// not empty) and the matches the calls found.
void SetDistribution(std::vector<double> us, uint64_t matches,
                     LatencyRow* row) {
  row->calls = us.size();
  row->mean = lexgate_bench::Mean(us);
  row->p50 = lexgate_bench::Percentile(us, 50);  // sorts `us`
  row->p90 = lexgate_bench::Percentile(us, 90);
  row->p99 = lexgate_bench::Percentile(us, 99);
  row->max = us.back();
  row->matches_per_call = static_cast<double>(matches) / row->calls;
}

// Times `op(text)` once per text (after one untimed warm-up pass over up to
// 1,000 texts) and returns the latency distribution in microseconds.
template <typename Op>
LatencyRow TimeCalls(std::string name, const std::vector<std::string>& texts,
                     size_t repeat, Op op) {
  LatencyRow row;
  row.name = std::move(name);
  row.bytes = texts.empty() ? 0 : texts[0].size();
  for (size_t i = 0; i < std::min<size_t>(texts.size(), 1000); ++i)
    op(texts[i]);
  std::vector<double> us;
  us.reserve(texts.size() * repeat);
  uint64_t matches = 0;
  for (size_t r = 0; r < repeat; ++r) {
    for (const std::string& text : texts) {
      const auto t0 = Clock::now();
      matches += op(text);
      us.push_back(SecondsSince(t0) * 1e6);
    }
  }
  SetDistribution(std::move(us), matches, &row);
  return row;
}

// Times `op(text)` `runs` times back to back per text and keeps the best
// of them: the text's intrinsic cost, which preemption on a shared host
// cannot inflate (only all of its runs being preempted could).
template <typename Op>
LatencyRow TimeBestCalls(std::string name,
                         const std::vector<std::string>& texts, int runs,
                         Op op) {
  LatencyRow row;
  row.name = std::move(name);
  for (const std::string& text : texts) row.bytes += text.size();
  row.bytes = texts.empty() ? 0 : row.bytes / texts.size();
  for (const std::string& text : texts) op(text);  // warm-up
  std::vector<double> us;
  us.reserve(texts.size());
  uint64_t matches = 0;
  for (const std::string& text : texts) {
    double best = 0;
    for (int r = 0; r < runs; ++r) {
      const auto t0 = Clock::now();
      const uint64_t found = op(text);
      const double took = SecondsSince(t0) * 1e6;
      if (r == 0 || took < best) best = took;
      if (r == 0) matches += found;
    }
    us.push_back(best);
  }
  SetDistribution(std::move(us), matches, &row);
  return row;
}

// Varied chatbot answers of 2 KB (cut at a character boundary), half
// Chinese, half English, from the committed generator.
std::vector<std::string> ChatAnswersOf2KB(size_t count) {
  std::vector<std::string> texts;
  for (size_t i = 0; i < count; ++i) {
    const auto lang = i % 2 == 0 ? lexgate_bench::Lang::kChinese
                                 : lexgate_bench::Lang::kEnglish;
    std::string text =
        lexgate_bench::ChatAnswer(lang, 2048, static_cast<uint32_t>(i));
    size_t cut = std::min<size_t>(text.size(), 2048);
    while (cut > 0 && cut < text.size() &&
           (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    text.resize(cut);
    texts.push_back(std::move(text));
  }
  return texts;
}

int Latency(const Args& a) {
  if (a.positional.size() != 2)
    Die("usage: scaling latency KEYWORDS CORPUS ...");
  const std::vector<std::string> keywords =
      lexgate_bench::ReadKeywords(a.positional[0]);
  const lexgate::RuleSet rules =
      lexgate_bench::BenchRules(keywords, a.rules_dir);
  std::shared_ptr<const lexgate::Engine> engine =
      lexgate_bench::CompileOrDie(rules);
  const std::string corpus = lexgate_bench::ReadFileOrDie(a.positional[1]);
  const std::vector<std::string_view> lines = lexgate_bench::SplitLines(corpus);

  auto scan = [&](const std::string& text) -> uint64_t {
    return lexgate_bench::ScanOrDie(*engine, text).matches.size();
  };
  auto scan_redact = [&](const std::string& text) -> uint64_t {
    lexgate::ScanResult result = lexgate_bench::ScanOrDie(*engine, text);
    const std::string redacted = engine->Redact(text, result);
    g_sink = g_sink + redacted.size();  // keeps the Redact call
    return result.matches.size();
  };

  std::vector<LatencyRow> rows;
  for (size_t size : ParseList(a.sizes)) {
    // About 20 MB of text per size, between 30 and 20,000 different texts.
    size_t count = std::clamp<size_t>(20'000'000 / size, 30, 20'000);
    count = std::max<size_t>(10, static_cast<size_t>(count * a.calls_scale));
    const std::vector<std::string> texts =
        lexgate_bench::TextsOfSize(lines, size, count);
    const size_t repeat = size >= (1 << 20) ? 3 : 1;
    rows.push_back(TimeCalls("Scan", texts, repeat, scan));
    if (size == 2048) {
      rows.push_back(TimeCalls("Scan + Redact", texts, repeat, scan_redact));
      if (!a.rules_dir.empty()) {
        // Where the 2 KB time goes: the keywords alone, the packs alone.
        const auto keywords_only = lexgate_bench::CompileOrDie(
            lexgate_bench::BenchRules(keywords, ""));
        const auto packs_only = lexgate_bench::CompileOrDie(
            lexgate_bench::BenchRules({}, a.rules_dir));
        rows.push_back(TimeCalls("Scan, keywords only", texts, repeat,
                                 [&](const std::string& text) -> uint64_t {
                                   return lexgate_bench::ScanOrDie(
                                              *keywords_only, text)
                                       .matches.size();
                                 }));
        rows.push_back(TimeCalls(
            "Scan, packs only", texts, repeat,
            [&](const std::string& text) -> uint64_t {
              return lexgate_bench::ScanOrDie(*packs_only, text).matches.size();
            }));
      }
    }
  }
  // The synthetic answer: the same 2 KB text every call.
  {
    const std::string answer = lexgate_bench::MixedText(2048);
    const size_t calls = std::max<size_t>(100, 10'000 * a.calls_scale);
    const std::vector<std::string> texts(calls, answer);
    rows.push_back(TimeCalls("Scan, synthetic chatbot answer", texts, 1, scan));
    rows.push_back(TimeCalls("Scan + Redact, synthetic chatbot answer", texts,
                             1, scan_redact));
  }
  // Varied answers, each the best of 5 runs (issue 14's latency target).
  {
    const size_t count = std::max<size_t>(100, 2'000 * a.calls_scale);
    const std::vector<std::string> texts = ChatAnswersOf2KB(count);
    rows.push_back(
        TimeBestCalls("Scan, chat answers (best of 5)", texts, 5, scan));
    rows.push_back(TimeBestCalls("Scan + Redact, chat answers (best of 5)",
                                 texts, 5, scan_redact));
  }

  std::printf("per-call latency, %zu keywords%s%s (%zu rules), µs\n",
              keywords.size(), a.rules_dir.empty() ? "" : " + packs from ",
              a.rules_dir.c_str(), rules.size());
  std::printf("%-42s %9s %7s %9s %9s %9s %9s %9s %9s\n", "", "bytes", "calls",
              "p50", "p90", "p99", "max", "mean", "matches");
  std::string json = "[";
  for (const LatencyRow& r : rows) {
    std::printf("%-42s %9zu %7zu %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f\n",
                r.name.c_str(), r.bytes, r.calls, r.p50, r.p90, r.p99, r.max,
                r.mean, r.matches_per_call);
    char buf[512];
    std::snprintf(buf, sizeof(buf),
                  "%s{\"name\":%s,\"bytes\":%zu,\"calls\":%zu,\"p50_us\":%.3f,"
                  "\"p90_us\":%.3f,\"p99_us\":%.3f,\"max_us\":%.3f,"
                  "\"mean_us\":%.3f,\"matches_per_call\":%.2f}",
                  json.size() > 1 ? "," : "", JsonString(r.name).c_str(),
                  r.bytes, r.calls, r.p50, r.p90, r.p99, r.max, r.mean,
                  r.matches_per_call);
    json += buf;
  }
  json += "]";
  std::printf(
      "BENCH_LATENCY {\"keywords\":%zu,\"rules\":%zu,\"packs\":%s,"
      "\"rows\":%s}\n",
      keywords.size(), rules.size(), JsonString(a.rules_dir).c_str(),
      json.c_str());
  return 0;
}

// --- threads
// -------------------------------------------------------------------

int Threads(const Args& a) {
  if (a.positional.size() != 2)
    Die("usage: scaling threads KEYWORDS CORPUS ...");
  const std::vector<std::string> keywords =
      lexgate_bench::ReadKeywords(a.positional[0]);
  const lexgate::RuleSet rules =
      lexgate_bench::BenchRules(keywords, a.rules_dir);
  std::shared_ptr<const lexgate::Engine> engine =
      lexgate_bench::CompileOrDie(rules);
  const std::string corpus = lexgate_bench::ReadFileOrDie(a.positional[1]);
  const std::vector<std::string_view> lines = lexgate_bench::SplitLines(corpus);
  size_t bytes = 0;
  for (std::string_view l : lines) bytes += l.size();
  const std::vector<size_t> counts = ParseList(a.threads);

  struct Row {
    size_t threads;
    double best = 1e300;
    uint64_t matches = 0;
  };
  std::vector<Row> rows;
  for (size_t n : counts) rows.push_back({std::max<size_t>(1, n)});
  // Interleaved runs: load on the machine hits every thread count alike.
  for (int r = 0; r < a.runs; ++r) {
    for (Row& row : rows) {
      std::vector<uint64_t> found(row.threads, 0);
      std::latch ready(static_cast<std::ptrdiff_t>(row.threads) + 1);
      std::vector<std::thread> pool;
      for (size_t t = 0; t < row.threads; ++t) {
        pool.emplace_back([&, t] {
          ready.arrive_and_wait();
          uint64_t n = 0;
          // Blocks of 64 lines, dealt round-robin: every thread gets a
          // similar mix of texts.
          for (size_t b = t * 64; b < lines.size(); b += row.threads * 64) {
            for (size_t i = b; i < std::min(lines.size(), b + 64); ++i) {
              n += lexgate_bench::ScanOrDie(*engine, lines[i]).matches.size();
            }
          }
          found[t] = n;
        });
      }
      const auto t0 = Clock::now();
      ready.arrive_and_wait();
      for (std::thread& th : pool) th.join();
      row.best = std::min(row.best, SecondsSince(t0));
      row.matches = 0;
      for (uint64_t f : found) row.matches += f;
    }
  }
  std::printf(
      "threads sharing one Engine, %zu keywords%s%s, %.1f MB, one call "
      "per line, best of %d (%u hardware threads)\n",
      keywords.size(), a.rules_dir.empty() ? "" : " + packs from ",
      a.rules_dir.c_str(), bytes / 1e6, a.runs,
      std::thread::hardware_concurrency());
  std::string json = "[";
  for (const Row& row : rows) {
    const double mbps = bytes / 1e6 / row.best;
    const double speedup = rows[0].best / row.best;
    std::printf(
        "  %zu thread(s): %.3f s, %.1f MB/s, speed-up %.2fx, %llu "
        "matches\n",
        row.threads, row.best, mbps, speedup,
        static_cast<unsigned long long>(row.matches));
    char buf[256];
    std::snprintf(buf, sizeof(buf),
                  "%s{\"threads\":%zu,\"seconds\":%.4f,\"mbps\":%.2f,"
                  "\"speedup\":%.3f,\"matches\":%llu}",
                  json.size() > 1 ? "," : "", row.threads, row.best, mbps,
                  speedup, static_cast<unsigned long long>(row.matches));
    json += buf;
  }
  json += "]";
  std::printf(
      "BENCH_THREADS {\"keywords\":%zu,\"rules\":%zu,\"bytes\":%zu,"
      "\"runs\":%d,\"hardware_threads\":%u,\"rows\":%s}\n",
      keywords.size(), rules.size(), bytes, a.runs,
      std::thread::hardware_concurrency(), json.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view command = argc > 1 ? argv[1] : "";
  const Args args = Parse(argc, argv, 2);
  if (command == "keywords") return Keywords(args);
  if (command == "load") return Load(args);
  if (command == "latency") return Latency(args);
  if (command == "threads") return Threads(args);
  std::fprintf(stderr,
               "usage: %s keywords|load|latency|threads ... (see the comment "
               "at the top of bench/scaling.cc)\n",
               argv[0]);
  return 2;
}
