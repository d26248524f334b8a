// The peer filters' own test cases (tests/data/peers/cases.tsv, see its
// README.md), run against lexgate: pass rates per peer and per feature,
// default behaviour apart from the peers' opt-in options, and rustrict's
// curated corpus apart from the hand-written cases. Printed as tables, and
// bounded below: a feature that breaks drops its rate under its floor.
//
// How a case becomes lexgate rules (the harness's choices, the same for
// every case):
//   - its keywords are one mask rule with the letter variants a profanity
//     pack uses (leet, wildcards, repeats); `allow:` entries one allow rule;
//   - boundary `none` where the peer matches inside words (mint-filter,
//     sensitive-word-tool, rustrict's [in-word] lines), `auto` otherwise;
//   - a case without keywords (URLs, e-mails, numbers) runs the shipped
//     packs (rules/);
//   - a replacement option that names a mask character ('0', '#', '.')
//     becomes mask_char, keep-start/keep-end strategies mask_keep.
// A `found` case passes when lexgate reports what the peer reports (the
// matched texts, or the keywords for peers that report those), a `spans`
// case when the spans (in code points) agree, a `redacted` case when the
// redacted text is equal, a `not_found` case when nothing matches.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/utf8.h"
#include "gtest/gtest.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

struct PeerCase {
  std::string peer;
  std::string test;
  std::string feature;
  std::string option;  // "default" or "optin: ..."
  std::vector<std::string> keywords;
  std::string text;
  std::string kind;
  std::vector<std::string> expect;
  std::string notes;
  int line = 0;

  bool opt_in() const { return option != "default"; }
  bool corpus() const { return test == "censor::tests::curated"; }
};

// The file's escapes: \t \n \r \\ \uXXXX \UXXXXXXXX, and \| inside lists.
std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i]);
      continue;
    }
    const char c = s[++i];
    if (c == 't') {
      out.push_back('\t');
    } else if (c == 'n') {
      out.push_back('\n');
    } else if (c == 'r') {
      out.push_back('\r');
    } else if ((c == 'u' || c == 'U') && i + (c == 'u' ? 4 : 8) < s.size()) {
      const size_t n = c == 'u' ? 4 : 8;
      internal::AppendUtf8(static_cast<char32_t>(std::stoul(
                               std::string(s.substr(i + 1, n)), nullptr, 16)),
                           &out);
      i += n;
    } else {
      out.push_back(c);  // \\ and \|
    }
  }
  return out;
}

// A '|'-separated list, '\|' being a literal bar.
std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::string current;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      current.append(s.substr(i, 2));
      ++i;
    } else if (s[i] == '|') {
      out.push_back(Unescape(current));
      current.clear();
    } else {
      current.push_back(s[i]);
    }
  }
  out.push_back(Unescape(current));
  return out;
}

std::vector<PeerCase> LoadCases() {
  std::vector<PeerCase> cases;
  const std::vector<std::string> lines =
      testing::ReadTestLines("peers/cases.tsv");
  for (size_t n = 1; n < lines.size(); ++n) {
    if (lines[n].empty()) continue;
    std::vector<std::string> cols = absl::StrSplit(lines[n], '\t');
    if (cols.size() != 10) {
      ADD_FAILURE() << "peers/cases.tsv:" << n + 1 << ": malformed";
      continue;
    }
    PeerCase c;
    c.peer = cols[0];
    c.test = cols[2];
    c.feature = cols[3];
    c.option = cols[4];
    c.keywords = SplitList(cols[5]);
    c.text = Unescape(cols[6]);
    c.kind = cols[7];
    c.expect = SplitList(cols[8]);
    c.notes = cols[9];
    c.line = static_cast<int>(n + 1);
    cases.push_back(std::move(c));
  }
  return cases;
}

// A mask character named by an opt-in replacement option: chars('0'),
// replace(text, '0'), with_censor_replacement('#'), '.' per character.
std::string OptionMaskChar(const std::string& option) {
  for (size_t q = option.find('\''); q != std::string::npos;
       q = option.find('\'', q + 1)) {
    if (q + 2 < option.size() && option[q + 2] == '\'') {
      return option.substr(q + 1, 1);
    }
  }
  return "";
}

std::shared_ptr<const Engine> ShippedEngine() {
  static const std::shared_ptr<const Engine> engine = [] {
    absl::StatusOr<RuleSet> rules =
        LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules");
    EXPECT_TRUE(rules.ok()) << rules.status();
    EngineOptions options;
    options.streaming = false;
    auto compiled = Engine::Compile(*rules, options);
    EXPECT_TRUE(compiled.ok()) << compiled.status();
    return compiled.ok() ? *compiled : nullptr;
  }();
  return engine;
}

// The engine a case runs on; null when its rules do not compile (counted
// as a failure). `spellings`: with the letter variants (false: lexgate
// before them, the baseline of the false-positive comparison).
std::shared_ptr<const Engine> CompileCaseEngine(const PeerCase& c,
                                                bool spellings) {
  std::vector<std::string> deny, allow;
  for (const std::string& k : c.keywords) {
    if (k.rfind("allow:", 0) == 0) {
      allow.push_back(k.substr(6));
    } else if (!k.empty()) {
      deny.push_back(k);
    }
  }
  if (deny.empty() && allow.empty()) return ShippedEngine();
  const bool in_word = c.peer == "ZhelinCheng/mint-filter" ||
                       c.peer == "liuxueyong123/sensitive-word-tool" ||
                       c.notes.find("[in-word]") != std::string::npos;
  RuleSet set;
  if (!deny.empty()) {
    Rule rule =
        testing::KeywordRule("deny", deny, Action::kMask,
                             in_word ? Boundary::kNone : Boundary::kAuto);
    if (spellings) {
      rule.variants = {Variant::kLeet, Variant::kWildcard, Variant::kRepeat};
    }
    if (c.feature == "replacement" || c.opt_in()) {
      if (std::string mask = OptionMaskChar(c.option); !mask.empty()) {
        rule.mask_char = mask;
      }
      if (c.option.find("keepStart") != std::string::npos) {
        rule.mask_keep_first = 1;
      }
      if (c.option.find("keepEnd") != std::string::npos) {
        rule.mask_keep_last = 1;
      }
    }
    if (!set.Add(std::move(rule)).ok()) return nullptr;
  }
  if (!allow.empty()) {
    if (!set.Add(testing::KeywordRule("allow", allow, Action::kAllow,
                                      Boundary::kNone))
             .ok()) {
      return nullptr;
    }
  }
  EngineOptions options;
  options.streaming = false;
  auto engine = Engine::Compile(set, options);
  return engine.ok() ? *engine : nullptr;
}

// Cases share engines: compiled once per distinct rule set.
std::shared_ptr<const Engine> CaseEngine(const PeerCase& c, bool spellings) {
  static auto* cache =
      new std::map<std::string, std::shared_ptr<const Engine>>();
  std::string key = absl::StrCat(
      spellings, c.peer, "\x01", c.notes.find("[in-word]") != std::string::npos,
      "\x01", c.feature == "replacement" || c.opt_in() ? c.option : "");
  for (const std::string& k : c.keywords) absl::StrAppend(&key, "\x01", k);
  auto [it, added] = cache->emplace(key, nullptr);
  if (added) it->second = CompileCaseEngine(c, spellings);
  return it->second;
}

bool Lenient(const PeerCase& c) {
  for (const char* tag : {"[first]", "[subset]", "[count-only]"}) {
    if (c.notes.find(tag) != std::string::npos) return true;
  }
  return false;
}

// Whether lexgate does what the peer's case asserts.
bool Passes(const PeerCase& c, bool spellings = true) {
  std::shared_ptr<const Engine> engine = CaseEngine(c, spellings);
  if (engine == nullptr) return false;
  absl::StatusOr<ScanResult> result = engine->Scan(c.text);
  if (!result.ok()) return false;
  const std::vector<Match>& matches = result->matches;
  if (c.kind == "not_found") return matches.empty();
  if (c.kind == "redacted") {
    return engine->Redact(c.text, *result) ==
           (c.expect.empty() ? "" : c.expect[0]);
  }
  if (matches.empty()) return false;
  if (c.kind == "found") {
    if (c.expect.size() == 1 && c.expect[0] == "*") return true;
    // Each expected string is a match's text or keyword, once each.
    std::vector<bool> used(matches.size(), false);
    for (const std::string& want : c.expect) {
      bool found = false;
      for (size_t i = 0; i < matches.size() && !found; ++i) {
        if (used[i]) continue;
        if (matches[i].text == want || matches[i].pattern == want) {
          used[i] = found = true;
        }
      }
      if (!found) return false;
    }
    return Lenient(c) || std::count(used.begin(), used.end(), true) ==
                             static_cast<long>(matches.size());
  }
  if (c.kind == "spans") {
    std::vector<std::string> got;
    for (const Match& m : matches) {
      const std::string_view text(c.text);
      got.push_back(
          absl::StrCat(internal::CountCodePoints(text.substr(0, m.start)), ":",
                       internal::CountCodePoints(text.substr(0, m.end))));
    }
    std::vector<std::string> want = c.expect;
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    if (Lenient(c)) {
      return std::includes(got.begin(), got.end(), want.begin(), want.end());
    }
    return got == want;
  }
  return false;
}

struct Tally {
  int passed = 0;
  int total = 0;
  void Add(bool pass) {
    passed += pass;
    ++total;
  }
  double rate() const { return total == 0 ? 1.0 : double(passed) / total; }
};

std::string ShortPeer(const std::string& peer) {
  return peer.substr(peer.find('/') + 1);
}

TEST(PeersTest, PassRatesPerPeerAndFeature) {
  const std::vector<PeerCase> cases = LoadCases();
  ASSERT_GT(cases.size(), 3700u);
  // group -> tally; groups: "default|optin" x "corpus|hand" x peer/feature.
  std::map<std::string, Tally> by_peer, by_feature, overall;
  std::vector<const PeerCase*> failed_negatives;
  std::vector<const PeerCase*> new_false_positives;
  const bool verbose = std::getenv("LEXGATE_PEERS_VERBOSE") != nullptr;
  for (const PeerCase& c : cases) {
    const bool pass = Passes(c);
    if (verbose && !pass) {
      std::printf("FAIL cases.tsv:%d %s %s %s [%s] '%s'\n", c.line,
                  ShortPeer(c.peer).c_str(), c.feature.c_str(), c.kind.c_str(),
                  absl::StrJoin(c.keywords, "|").c_str(), c.text.c_str());
    }
    const std::string mode = c.opt_in() ? "opt-in" : "default";
    const std::string source = c.corpus() ? "rustrict corpus" : "hand-written";
    by_peer[absl::StrCat(mode, "\t", ShortPeer(c.peer), "\t", source)].Add(
        pass);
    by_feature[absl::StrCat(mode, "\t", c.feature, "\t", source)].Add(pass);
    overall[absl::StrCat(mode, "\t", source)].Add(pass);
    overall[mode].Add(pass);
    if (!c.opt_in() && c.kind == "not_found" && !pass) {
      failed_negatives.push_back(&c);
      // A false positive that lexgate without the letter variants does
      // not have is one they brought.
      if (Passes(c, /*spellings=*/false)) new_false_positives.push_back(&c);
    }
  }
  auto print = [](const char* title, const std::map<std::string, Tally>& m) {
    std::printf("%s\n", title);
    for (const auto& [key, t] : m) {
      std::printf("  %-60s %5d / %5d  %5.1f%%\n", key.c_str(), t.passed,
                  t.total, 100.0 * t.rate());
    }
  };
  print("peer cases by mode, peer and source:", by_peer);
  print("peer cases by mode, feature and source:", by_feature);
  print("peer cases overall:", overall);
  std::printf("default not_found cases failed (false positives): %zu\n",
              failed_negatives.size());
  for (const PeerCase* c : failed_negatives) {
    std::printf("  cases.tsv:%d %s %s: '%s'\n", c->line,
                ShortPeer(c->peer).c_str(), c->feature.c_str(),
                c->text.c_str());
  }
  std::fflush(stdout);
  for (const PeerCase* c : new_false_positives) {
    ADD_FAILURE() << "the letter variants bring a false positive: cases.tsv:"
                  << c->line << " '" << c->text << "'";
  }

  // Floors: the rates measured when the letter variants, look-alikes,
  // contacts and replacement options landed (printed above; 86.6% of the
  // default cases, 3094 / 3572), less a margin of a case or two per
  // group. Raise them as features land; a drop below one means a feature
  // broke. What stays below 100% and why: rustrict's corpus holds
  // spellings past the bounded variants (f-----g, mother******, 5h17) and
  // its own false-positive lists; obscenity's leetspeak cases are
  // one-letter keywords (a for @), which variants leave alone on purpose.
  EXPECT_GE(overall["default"].rate(), 0.85);
  EXPECT_GE(overall["default\thand-written"].rate(), 0.75);
  EXPECT_GE(overall["default\trustrict corpus"].rate(), 0.86);
  const std::map<std::string, double> feature_floors = {
      {"default\tleetspeak\trustrict corpus", 0.60},
      {"default\twildcard\trustrict corpus", 0.38},
      {"default\trepeated\trustrict corpus", 0.62},
      {"default\tlookalike\trustrict corpus", 0.42},
      {"default\tstyled\trustrict corpus", 0.50},
      {"default\texact\trustrict corpus", 0.98},
      {"default\tfalse_positive\trustrict corpus", 0.96},
      {"default\tfalse_positive\thand-written", 0.75},
      {"default\toverlap\thand-written", 0.70},
      {"default\trepeated\thand-written", 1.0},
      {"opt-in\treplacement\thand-written", 0.35},
  };
  // The peers' own negative cases that fail: all are contradictions
  // between peers (tests/data/peers/README.md): case-sensitive obscenity,
  // houbb keeping noise between ideographs, rustrict's lists of exceptions
  // for the very keyword its corpus line holds (tit for tat, sperm whale),
  // a dictionary cleared at run time. None is brought by the variants (see
  // new_false_positives above); this bound keeps it so.
  EXPECT_LE(failed_negatives.size(), 16u);
  for (const auto& [group, floor] : feature_floors) {
    EXPECT_GE(by_feature[group].rate(), floor) << group;
  }
}

}  // namespace
}  // namespace lexgate
