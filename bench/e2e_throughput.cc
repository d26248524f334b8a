// End-to-end throughput: lexgate Scan (fold + Hyperscan + resolve) against a
// raw Hyperscan block-mode scan of the same keywords and regexes, over the
// same corpus, one call per line, in the same run.
//
//   e2e_throughput CORPUS KEYWORDS [--rules PACK_DIR] [--regexes N]
//                  [--keywords-per-rule N] [--runs N] [--target X] [--check]
//                  [--only raw,lexgate,fold,hs-folded]
//                  [--no-fold] [--boundary auto|word|digit|none]
//
// CORPUS holds one text per line, KEYWORDS one keyword per line (both made by
// scripts/bench-data). lexgate gets one mask rule (boundary auto) per
// --keywords-per-rule keywords plus one rule per built-in regex (and the
// rules of PACK_DIR, if given). Raw Hyperscan gets the same keywords unfolded
// as escaped literals (flags 0) and the same regexes with the flags lexgate
// uses, in one hs_compile_multi database; its callback only counts.
// --no-fold turns every NormalizeOptions switch off and --boundary sets the
// keyword rules' boundary (default auto): the peer comparison uses them to
// explain why lexgate's match count differs from the unfolding tools'.
//
// Timings are the best of --runs (default 3) passes over all lines, measured
// with std::chrono::steady_clock:
//   raw       hs_scan per line over the original lines
//   lexgate   Engine::Scan per line (counting matches)
//   fold      Normalizer::Normalize per line: the folding share of lexgate
//   hs-folded hs_scan per line over pre-folded lines with lexgate's
//             expressions (folded keywords): the Hyperscan share of lexgate;
//             lexgate - fold - hs-folded ~ hit resolution and result building
//
// The last line of output is machine-readable: "BENCH_E2E {json}".
// Exit status: 0, or 1 with --check when lexgate/raw is below --target.

#include <hs/hs.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_common.h"
#include "lexgate/lexgate.h"

namespace {

using lexgate_bench::Clock;
using lexgate_bench::CurrentRssKb;
using lexgate_bench::PeakRssKb;
using lexgate_bench::SplitLines;

// --- options -----------------------------------------------------------------

struct Options {
  std::string corpus;
  std::string keywords;
  std::string rules_dir;  // extra packs (e.g. the shipped rules/)
  int regexes = 20;
  int keywords_per_rule = 500;
  int runs = 3;
  double target = 0.5;
  bool check = false;
  std::string only;  // comma-separated passes to run; empty: all
  bool no_fold = false;
  lexgate::Boundary boundary = lexgate::Boundary::kAuto;

  bool Runs(std::string_view pass) const {
    if (only.empty()) return true;
    std::string_view list = only;
    while (!list.empty()) {
      const size_t comma = list.find(',');
      if (list.substr(0, comma) == pass) return true;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
    return false;
  }
};

void Usage(const char* argv0) {
  std::fprintf(
      stderr,
      "usage: %s CORPUS KEYWORDS [--rules PACK_DIR] [--regexes N (0..20, "
      "default 20)]\n"
      "       [--keywords-per-rule N (default 500)] [--runs N (default 3)]\n"
      "       [--target RATIO (default 0.5)] [--check]\n"
      "       [--only raw,lexgate,fold,hs-folded (passes to time; for "
      "profiling)]\n"
      "       [--no-fold] [--boundary auto|word|digit|none (keyword rules)]\n",
      argv0);
}

bool ParseInt(const char* s, int* out) {
  char* end = nullptr;
  long v = std::strtol(s, &end, 10);
  if (end == s || *end != '\0' || v < 0 || v > 100000000) return false;
  *out = static_cast<int>(v);
  return true;
}

bool ParseOptions(int argc, char** argv, Options* o) {
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> const char* {
      return i + 1 < argc ? argv[++i] : nullptr;
    };
    if (arg == "--rules") {
      const char* v = value();
      if (v == nullptr) return false;
      o->rules_dir = v;
    } else if (arg == "--regexes") {
      const char* v = value();
      if (v == nullptr || !ParseInt(v, &o->regexes)) return false;
    } else if (arg == "--keywords-per-rule") {
      const char* v = value();
      if (v == nullptr || !ParseInt(v, &o->keywords_per_rule) ||
          o->keywords_per_rule == 0) {
        return false;
      }
    } else if (arg == "--runs") {
      const char* v = value();
      if (v == nullptr || !ParseInt(v, &o->runs) || o->runs == 0) return false;
    } else if (arg == "--target") {
      const char* v = value();
      if (v == nullptr) return false;
      o->target = std::atof(v);
    } else if (arg == "--only") {
      const char* v = value();
      if (v == nullptr) return false;
      o->only = v;
    } else if (arg == "--check") {
      o->check = true;
    } else if (arg == "--no-fold") {
      o->no_fold = true;
    } else if (arg == "--boundary") {
      const char* v = value();
      if (v == nullptr) return false;
      const std::string_view b = v;
      if (b == "auto") {
        o->boundary = lexgate::Boundary::kAuto;
      } else if (b == "word") {
        o->boundary = lexgate::Boundary::kWord;
      } else if (b == "digit") {
        o->boundary = lexgate::Boundary::kDigit;
      } else if (b == "none") {
        o->boundary = lexgate::Boundary::kNone;
      } else {
        return false;
      }
    } else if (arg == "-h" || arg == "--help") {
      return false;
    } else if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return false;
    } else {
      positional.emplace_back(arg);
    }
  }
  if (positional.size() != 2) return false;
  o->corpus = positional[0];
  o->keywords = positional[1];
  return true;
}

// --- data --------------------------------------------------------------------

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = std::move(ss).str();
  return true;
}

// Realistic PII / contact-detail regexes, written for folded text (lower
// case, ASCII digits and punctuation). lexgate compiles them with
// HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST | HS_FLAG_CASELESS.
struct BenchRegex {
  const char* name;
  const char* regex;
  lexgate::Boundary boundary;
  lexgate::Validator validator;
};

using lexgate::Boundary;
using lexgate::Validator;

const BenchRegex kRegexes[] = {
    {"cn_mobile", R"((?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4})",
     Boundary::kDigit, Validator::kNone},
    {"cn_landline", R"(0\d{2,3}-\d{7,8})", Boundary::kDigit, Validator::kNone},
    {"cn_resident_id",
     R"([1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dx])",
     Boundary::kDigit, Validator::kCnResidentId},
    {"email",
     R"([a-z0-9][a-z0-9._%+-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24})",
     Boundary::kNone, Validator::kNone},
    {"url",
     R"(https?://[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d{1,5})?(?:/[a-z0-9._~%/?#=&+-]*)?)",
     Boundary::kNone, Validator::kNone},
    {"ipv4",
     R"((?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))",
     Boundary::kDigit, Validator::kNone},
    {"ipv6", R"((?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4})", Boundary::kWord,
     Validator::kNone},
    {"payment_card", R"([2-6]\d{3}(?:[ -]?\d{4}){3}(?:\d{3})?)",
     Boundary::kDigit, Validator::kLuhn},
    {"amex", R"(3[47]\d{2}[ -]?\d{6}[ -]?\d{5})", Boundary::kDigit,
     Validator::kLuhn},
    {"unionpay", R"(62\d{14,17})", Boundary::kDigit, Validator::kLuhn},
    {"qq", R"((?:qq|扣扣|企鹅)\s*号?码?\s*[:=]?\s*[1-9]\d{4,10})",
     Boundary::kDigit, Validator::kNone},
    {"wechat",
     R"((?:微信|wechat|weixin|vx|wx)\s*号?\s*[:=]?\s*[a-z][a-z0-9_-]{5,19})",
     Boundary::kAuto, Validator::kNone},
    {"date_iso", R"((?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))",
     Boundary::kDigit, Validator::kNone},
    {"date_cn",
     R"((?:19|20)\d{2}年(?:1[0-2]|0?[1-9])月(?:3[01]|[12]\d|0?[1-9])日)",
     Boundary::kDigit, Validator::kNone},
    {"us_ssn", R"(\d{3}-\d{2}-\d{4})", Boundary::kDigit, Validator::kNone},
    {"us_phone", R"(\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4})", Boundary::kDigit,
     Validator::kNone},
    {"cn_passport", R"([eg]\d{8})", Boundary::kWord, Validator::kNone},
    {"cn_plate",
     R"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][a-z][a-z0-9]{5})",
     Boundary::kAuto, Validator::kNone},
    {"mac_address", R"((?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2})", Boundary::kWord,
     Validator::kNone},
    {"iban", R"([a-z]{2}\d{2}(?: ?[a-z0-9]{4}){3,7})", Boundary::kWord,
     Validator::kNone},
};
constexpr int kMaxRegexes = static_cast<int>(std::size(kRegexes));

lexgate::RuleSet BuildRuleSet(const std::vector<std::string>& keywords,
                              const Options& o, size_t* keyword_rules) {
  lexgate::RuleSet set;
  *keyword_rules = 0;
  for (size_t begin = 0; begin < keywords.size();
       begin += static_cast<size_t>(o.keywords_per_rule)) {
    const size_t end = std::min(
        keywords.size(), begin + static_cast<size_t>(o.keywords_per_rule));
    lexgate::Rule rule;
    char id[32];
    std::snprintf(id, sizeof(id), "bench.kw.%03zu", *keyword_rules);
    rule.id = id;
    rule.category = "profanity";  // a shipped category (rules/categories.toml)
    rule.action = lexgate::Action::kMask;
    rule.boundary = o.boundary;
    for (size_t i = begin; i < end; ++i) {
      rule.keywords.push_back({keywords[i], {}});
    }
    if (absl::Status s = set.Add(std::move(rule)); !s.ok()) {
      std::fprintf(stderr, "rule %s: %s\n", id, s.ToString().c_str());
      std::exit(2);
    }
    ++*keyword_rules;
  }
  for (int i = 0; i < o.regexes; ++i) {
    lexgate::Rule rule;
    rule.id = std::string("bench.re.") + kRegexes[i].name;
    rule.category = "pii";
    rule.action = lexgate::Action::kMask;
    rule.boundary = kRegexes[i].boundary;
    rule.validator = kRegexes[i].validator;
    rule.regexes.push_back(kRegexes[i].regex);
    if (absl::Status s = set.Add(std::move(rule)); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      std::exit(2);
    }
  }
  if (!o.rules_dir.empty()) {
    absl::StatusOr<lexgate::RuleSet> pack = lexgate::LoadRules(o.rules_dir);
    if (!pack.ok()) {
      std::fprintf(stderr, "%s\n", pack.status().ToString().c_str());
      std::exit(2);
    }
    if (absl::Status s = set.Merge(*std::move(pack)); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      std::exit(2);
    }
  }
  return set;
}

// --- raw Hyperscan -----------------------------------------------------------

std::string EscapeLiteral(std::string_view literal) {
  std::string out;
  out.reserve(literal.size() * 4);
  for (char c : literal) {
    const auto b = static_cast<unsigned char>(c);
    if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') ||
        (b >= 'A' && b <= 'Z')) {
      out.push_back(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02x", b);
      out += hex;
    }
  }
  return out;
}

struct HsDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};
using HsDatabase = std::unique_ptr<hs_database_t, HsDeleter>;
using HsScratch = std::unique_ptr<hs_scratch_t, HsDeleter>;

struct Expressions {
  std::vector<std::string> patterns;
  std::vector<unsigned> flags;
};

// Every keyword and regex of `set` as Hyperscan expressions. `fold` null:
// keywords unfolded (the raw baseline). Otherwise keywords folded and
// deduplicated per rule, as lexgate compiles them.
Expressions ToExpressions(const lexgate::RuleSet& set,
                          const lexgate::Normalizer* fold) {
  Expressions e;
  for (const lexgate::Rule& rule : set.rules()) {
    std::set<std::string> seen;  // per-rule dedupe of folded keywords
    for (const lexgate::Keyword& k : rule.keywords) {
      std::string text = fold != nullptr && rule.normalize
                             ? fold->Fold(k.text).value_or("")
                             : k.text;
      if (text.empty()) continue;
      if (fold != nullptr && !seen.insert(text).second) continue;
      e.patterns.push_back(EscapeLiteral(text));
      e.flags.push_back(0);
    }
    const unsigned regex_flags = HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST |
                                 (rule.normalize ? HS_FLAG_CASELESS : 0);
    for (const std::string& r : rule.regexes) {
      e.patterns.push_back(r);
      e.flags.push_back(regex_flags);
    }
  }
  return e;
}

HsDatabase CompileHs(const Expressions& e, double* seconds) {
  std::vector<const char*> patterns;
  std::vector<unsigned> ids;
  for (size_t i = 0; i < e.patterns.size(); ++i) {
    patterns.push_back(e.patterns[i].c_str());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  const auto t0 = Clock::now();
  hs_error_t rc = hs_compile_multi(patterns.data(), e.flags.data(), ids.data(),
                                   static_cast<unsigned>(patterns.size()),
                                   HS_MODE_BLOCK, nullptr, &db, &error);
  *seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (rc != HS_SUCCESS) {
    std::fprintf(stderr, "hs_compile_multi failed: %s (expression %d: %s)\n",
                 error != nullptr ? error->message : "?",
                 error != nullptr ? error->expression : -1,
                 error != nullptr && error->expression >= 0
                     ? e.patterns[error->expression].c_str()
                     : "");
    hs_free_compile_error(error);
    std::exit(1);
  }
  return HsDatabase(db);
}

int CountMatch(unsigned int, unsigned long long, unsigned long long,
               unsigned int, void* context) {
  ++*static_cast<uint64_t*>(context);
  return 0;
}

size_t HsDatabaseBytes(const hs_database_t* db) {
  size_t size = 0;
  hs_database_size(db, &size);
  return size;
}

// A compiled raw Hyperscan database with its scratch and compile figures.
struct HsBench {
  HsDatabase db;
  HsScratch scratch;
  double compile_s = 0;
  size_t bytes = 0;

  HsBench() = default;
  explicit HsBench(const Expressions& e) {
    db = CompileHs(e, &compile_s);
    bytes = HsDatabaseBytes(db.get());
    hs_scratch_t* s = nullptr;
    if (hs_alloc_scratch(db.get(), &s) != HS_SUCCESS) {
      std::fprintf(stderr, "hs_alloc_scratch failed\n");
      std::exit(1);
    }
    scratch.reset(s);
  }
};

// --- measurement -------------------------------------------------------------

struct Timing {
  double best = std::numeric_limits<double>::infinity();
  uint64_t count = 0;  // matches (or folded bytes), the same in every run

  bool ran() const { return best != std::numeric_limits<double>::infinity(); }
  double seconds() const { return ran() ? best : 0; }
  double mbps(double mb) const { return ran() ? mb / best : 0; }

  // Runs `pass` (which returns its count) once and keeps the best time.
  void Run(const std::function<uint64_t()>& pass) {
    const auto t0 = Clock::now();
    count = pass();
    best = std::min(best,
                    std::chrono::duration<double>(Clock::now() - t0).count());
  }
};

double Mb(double bytes) { return bytes / 1e6; }

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseOptions(argc, argv, &o)) {
    Usage(argv[0]);
    return 2;
  }
  if (o.regexes > kMaxRegexes) {
    std::fprintf(stderr, "--regexes: at most %d\n", kMaxRegexes);
    return 2;
  }

  // Data.
  std::string corpus_text;
  std::string keywords_text;
  if (!ReadFile(o.corpus, &corpus_text)) {
    std::fprintf(stderr, "cannot read %s (run scripts/bench-data)\n",
                 o.corpus.c_str());
    return 2;
  }
  if (!ReadFile(o.keywords, &keywords_text)) {
    std::fprintf(stderr, "cannot read %s (run scripts/bench-data)\n",
                 o.keywords.c_str());
    return 2;
  }
  const std::vector<std::string_view> lines = SplitLines(corpus_text);
  size_t corpus_bytes = 0;
  for (std::string_view l : lines) corpus_bytes += l.size();
  std::vector<std::string> keywords;
  for (std::string_view k : SplitLines(keywords_text)) {
    if (k[0] != '#') keywords.emplace_back(k);
  }
  if (lines.empty() || keywords.empty()) {
    std::fprintf(stderr, "empty corpus or keyword list\n");
    return 2;
  }
  const long rss_data_kb = CurrentRssKb();

  size_t keyword_rules = 0;
  const lexgate::RuleSet rules = BuildRuleSet(keywords, o, &keyword_rules);

  // lexgate compile.
  lexgate::EngineOptions engine_options;
  if (o.no_fold) {
    for (const lexgate::NormalizeSwitch& s : lexgate::NormalizeSwitches()) {
      engine_options.normalize.*s.field = false;
    }
  }
  const auto c0 = Clock::now();
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> compiled =
      lexgate::Engine::Compile(rules, engine_options);
  const double lexgate_compile_s =
      std::chrono::duration<double>(Clock::now() - c0).count();
  if (!compiled.ok()) {
    std::fprintf(stderr, "Engine::Compile: %s\n",
                 compiled.status().ToString().c_str());
    return 1;
  }
  const std::shared_ptr<const lexgate::Engine> engine = *std::move(compiled);
  const lexgate::Normalizer& normalizer = engine->normalizer();
  const long peak_after_lexgate_kb = PeakRssKb();

  // Raw Hyperscan over the unfolded keywords.
  const Expressions raw_expr = ToExpressions(rules, nullptr);
  HsBench raw_hs;
  if (o.Runs("raw")) raw_hs = HsBench(raw_expr);

  // Hyperscan over pre-folded lines with lexgate's own expressions: the
  // Hyperscan share of lexgate's time.
  HsBench folded_hs;
  std::string folded_text;
  std::vector<std::pair<size_t, size_t>> folded_lines;  // offset, length
  if (o.Runs("hs-folded")) {
    folded_hs = HsBench(ToExpressions(rules, &normalizer));
    lexgate::NormalizedText n;
    folded_text.reserve(corpus_bytes + corpus_bytes / 8);
    for (std::string_view line : lines) {
      if (!normalizer.Normalize(line, &n).ok()) {
        lexgate_bench::Die("Normalize failed on a corpus line");
      }
      folded_lines.emplace_back(folded_text.size(), n.folded.size());
      folded_text += n.folded;
    }
  }

  std::printf("lexgate end-to-end throughput (one call per line)\n");
  std::printf("  corpus     %s: %zu lines, %.2f MB (avg %.0f bytes/line)\n",
              o.corpus.c_str(), lines.size(), Mb(corpus_bytes),
              double(corpus_bytes) / lines.size());
  static constexpr const char* kBoundaryNames[] = {"auto", "word", "digit",
                                                   "none"};
  const char* boundary_name = "?";
  switch (o.boundary) {
    case lexgate::Boundary::kAuto:
      boundary_name = kBoundaryNames[0];
      break;
    case lexgate::Boundary::kWord:
      boundary_name = kBoundaryNames[1];
      break;
    case lexgate::Boundary::kDigit:
      boundary_name = kBoundaryNames[2];
      break;
    case lexgate::Boundary::kNone:
      boundary_name = kBoundaryNames[3];
      break;
  }
  std::printf("  keywords   %s: %zu in %zu rule(s) (mask, boundary %s)%s\n",
              o.keywords.c_str(), keywords.size(), keyword_rules, boundary_name,
              o.no_fold ? ", folding off" : "");
  std::printf("  regexes    %d built-in%s%s; %zu rules, %zu expressions\n",
              o.regexes, o.rules_dir.empty() ? "" : ", packs from ",
              o.rules_dir.c_str(), rules.size(), raw_expr.patterns.size());
  std::printf("  hyperscan  %s\n\n", hs_version());

  std::printf("%-36s %10s %14s\n", "compile", "seconds", "db bytes");
  std::printf("%-36s %10.3f %14zu\n", "  lexgate Engine::Compile",
              lexgate_compile_s, engine->database_bytes());
  if (raw_hs.db) {
    std::printf("%-36s %10.3f %14zu\n", "  raw hs_compile_multi",
                raw_hs.compile_s, raw_hs.bytes);
  }
  if (folded_hs.db) {
    std::printf("%-36s %10.3f %14zu\n", "  hs_compile_multi, folded keywords",
                folded_hs.compile_s, folded_hs.bytes);
  }
  std::printf("\n");
  std::fflush(stdout);

  // Scans. The passes alternate within each run so that drift (frequency
  // scaling, a noisy neighbour) hits all of them alike.
  Timing raw, lexgate_scan, fold, hs_folded;
  uint64_t lexgate_lines_hit = 0;
  for (int r = 0; r < o.runs; ++r) {
    if (raw_hs.db) {
      raw.Run([&] {
        uint64_t n = 0;
        for (std::string_view line : lines) {
          hs_scan(raw_hs.db.get(), line.data(),
                  static_cast<unsigned>(line.size()), 0, raw_hs.scratch.get(),
                  CountMatch, &n);
        }
        return n;
      });
    }
    if (o.Runs("lexgate")) {
      lexgate_scan.Run([&] {
        uint64_t n = 0;
        lexgate_lines_hit = 0;
        for (std::string_view line : lines) {
          lexgate::ScanResult result = lexgate_bench::ScanOrDie(*engine, line);
          n += result.matches.size();
          lexgate_lines_hit += result.matches.empty() ? 0 : 1;
        }
        return n;
      });
    }
    if (o.Runs("fold")) {
      fold.Run([&] {
        lexgate::NormalizedText n;
        uint64_t bytes = 0;
        for (std::string_view line : lines) {
          if (!normalizer.Normalize(line, &n).ok()) {
            lexgate_bench::Die("Normalize failed on a corpus line");
          }
          bytes += n.folded.size();
        }
        return bytes;
      });
    }
    if (folded_hs.db) {
      hs_folded.Run([&] {
        uint64_t n = 0;
        for (const auto& [offset, length] : folded_lines) {
          hs_scan(folded_hs.db.get(), folded_text.data() + offset,
                  static_cast<unsigned>(length), 0, folded_hs.scratch.get(),
                  CountMatch, &n);
        }
        return n;
      });
    }
  }

  const double mb = Mb(corpus_bytes);
  const double ratio =
      raw.mbps(mb) > 0 ? lexgate_scan.mbps(mb) / raw.mbps(mb) : 0;
  const bool pass = ratio >= o.target;
  auto row = [&](const char* name, const Timing& t, const char* note) {
    if (!t.ran()) return;
    std::printf("%-36s %10.3f %10.1f %14llu  %s\n", name, t.best, t.mbps(mb),
                static_cast<unsigned long long>(t.count), note);
  };
  std::printf("%-36s %10s %10s %14s\n", "scan, best of runs", "seconds", "MB/s",
              "matches");
  row("  raw Hyperscan, unfolded lines", raw, "(every match end)");
  char note[64];
  std::snprintf(note, sizeof(note), "(%llu lines hit)",
                static_cast<unsigned long long>(lexgate_lines_hit));
  row("  lexgate Scan, end to end", lexgate_scan, note);
  row("    of which Normalize", fold, "(= folded bytes)");
  row("    of which hs_scan of folded lines", hs_folded,
      "(hits before checks)");
  if (lexgate_scan.ran() && fold.ran() && hs_folded.ran()) {
    std::printf("%-36s %10.3f %10s %14s  (Scan - Normalize - hs_scan)\n",
                "    of which resolve + results, est.",
                lexgate_scan.best - fold.best - hs_folded.best, "", "");
  }
  std::printf("\n");
  if (raw.ran() && lexgate_scan.ran()) {
    std::printf("ratio lexgate/raw: %.3f  (target >= %.2f: %s)\n", ratio,
                o.target, pass ? "PASS" : "FAIL");
  }
  const long peak_kb = PeakRssKb();
  std::printf(
      "peak RSS: %.1f MB  (corpus in memory: %.1f MB; peak up to the end of "
      "lexgate's compile: %.1f MB)\n",
      peak_kb / 1024.0, rss_data_kb / 1024.0, peak_after_lexgate_kb / 1024.0);

  std::printf(
      "BENCH_E2E {\"corpus_bytes\":%zu,\"lines\":%zu,\"keywords\":%zu,"
      "\"keyword_rules\":%zu,\"regexes\":%d,\"rules\":%zu,\"runs\":%d,"
      "\"hyperscan\":\"%s\","
      "\"lexgate_compile_s\":%.4f,\"lexgate_db_bytes\":%zu,"
      "\"raw_compile_s\":%.4f,\"raw_db_bytes\":%zu,"
      "\"raw_s\":%.4f,\"raw_mbps\":%.2f,\"raw_matches\":%llu,"
      "\"lexgate_s\":%.4f,\"lexgate_mbps\":%.2f,\"lexgate_matches\":%llu,"
      "\"lexgate_lines_hit\":%llu,"
      "\"fold_s\":%.4f,\"fold_mbps\":%.2f,"
      "\"hs_folded_s\":%.4f,\"hs_folded_mbps\":%.2f,\"hs_folded_hits\":%llu,"
      "\"ratio\":%.4f,\"target\":%.2f,\"pass\":%s,"
      "\"rss_data_kb\":%ld,\"peak_rss_after_lexgate_compile_kb\":%ld,"
      "\"peak_rss_kb\":%ld,\"fold\":%s,\"boundary\":\"%s\"}\n",
      corpus_bytes, lines.size(), keywords.size(), keyword_rules, o.regexes,
      rules.size(), o.runs, hs_version(), lexgate_compile_s,
      engine->database_bytes(), raw_hs.compile_s, raw_hs.bytes, raw.seconds(),
      raw.mbps(mb), static_cast<unsigned long long>(raw.count),
      lexgate_scan.seconds(), lexgate_scan.mbps(mb),
      static_cast<unsigned long long>(lexgate_scan.count),
      static_cast<unsigned long long>(lexgate_lines_hit), fold.seconds(),
      fold.mbps(mb), hs_folded.seconds(), hs_folded.mbps(mb),
      static_cast<unsigned long long>(hs_folded.count), ratio, o.target,
      pass ? "true" : "false", rss_data_kb, peak_after_lexgate_kb, peak_kb,
      o.no_fold ? "false" : "true", boundary_name);
  return o.check && !pass ? 1 : 0;
}
