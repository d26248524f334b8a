#include "inventory_cli.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "lexgate/filing_form.h"
#include "lexgate/inventory.h"
#include "lexgate/load_rules.h"
#include "lexgate/status.h"
#include "options.h"
#include "rule_paths.h"

namespace lexgate_filter {
namespace {

enum class Format { kTable, kJson, kCsv };

struct InventoryArgs {
  bool help = false;
  std::vector<std::string> rule_paths;
  Format format = Format::kTable;
  lexgate::InventoryThresholds thresholds;
  // --diff OLD NEW
  std::string diff_old;
  std::string diff_new;
  // --import FORM.csv --name NAME [--version V] [--updated D] [-o FILE]
  std::string import_path;
  lexgate::FilingPackInfo pack;
  std::string output_path;
};

absl::StatusOr<InventoryArgs> Parse(int argc, const char* const* argv) {
  InventoryArgs args;
  bool saw_format = false;
  bool saw_threshold = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string_view flag) -> absl::StatusOr<std::string> {
      if (i + 1 >= argc) {
        return absl::InvalidArgumentError(
            absl::StrCat("inventory: ", std::string(flag), " needs a value"));
      }
      return std::string(argv[++i]);
    };
    auto count = [&](std::string_view flag, size_t* out) -> absl::Status {
      absl::StatusOr<std::string> text = value(flag);
      if (!text.ok()) return text.status();
      uint64_t n = 0;
      if (!absl::SimpleAtoi(*text, &n)) {
        return absl::InvalidArgumentError(
            absl::StrCat("inventory: ", std::string(flag),
                         " needs a count, not '", *text, "'"));
      }
      *out = static_cast<size_t>(n);
      saw_threshold = true;
      return absl::OkStatus();
    };
    absl::Status status;
    if (arg == "-h" || arg == "--help") {
      args.help = true;
    } else if (arg == "--rules") {
      absl::StatusOr<std::string> path = value(arg);
      if (!path.ok()) return path.status();
      args.rule_paths.push_back(*path);
    } else if (arg.substr(0, 8) == "--rules=") {
      args.rule_paths.emplace_back(arg.substr(8));
    } else if (arg == "--format") {
      absl::StatusOr<std::string> name = value(arg);
      if (!name.ok()) return name.status();
      saw_format = true;
      if (*name == "table") {
        args.format = Format::kTable;
      } else if (*name == "json") {
        args.format = Format::kJson;
      } else if (*name == "csv") {
        args.format = Format::kCsv;
      } else {
        return absl::InvalidArgumentError(absl::StrCat(
            "inventory: --format is table, json or csv, not '", *name, "'"));
      }
    } else if (arg == "--min-total") {
      status = count(arg, &args.thresholds.total);
    } else if (arg == "--min-a1") {
      status = count(arg, &args.thresholds.a1);
    } else if (arg == "--min-a2") {
      status = count(arg, &args.thresholds.a2);
    } else if (arg == "--diff") {
      if (i + 2 >= argc) {
        return absl::InvalidArgumentError(
            "inventory: --diff needs two rule paths, OLD and NEW");
      }
      args.diff_old = argv[++i];
      args.diff_new = argv[++i];
    } else if (arg == "--import") {
      absl::StatusOr<std::string> path = value(arg);
      if (!path.ok()) return path.status();
      args.import_path = *path;
    } else if (arg == "--name" || arg == "--version" || arg == "--updated" ||
               arg == "-o") {
      absl::StatusOr<std::string> text = value(arg);
      if (!text.ok()) return text.status();
      (arg == "--name"      ? args.pack.name
       : arg == "--version" ? args.pack.version
       : arg == "--updated" ? args.pack.updated
                            : args.output_path) = *text;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("inventory: unknown argument '", std::string(arg), "'"));
    }
    if (!status.ok()) return status;
  }
  const bool diff = !args.diff_old.empty();
  const bool import = !args.import_path.empty();
  if (diff && import) {
    return absl::InvalidArgumentError(
        "inventory: --diff and --import do not go together");
  }
  if ((diff || import) && !args.rule_paths.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("inventory: ", diff ? "--diff" : "--import",
                     " does not take --rules (--diff names both rule paths)"));
  }
  if ((diff || import) && saw_threshold) {
    return absl::InvalidArgumentError(
        "inventory: thresholds go with an inventory, not --diff or --import");
  }
  if (diff && args.format == Format::kCsv) {
    return absl::InvalidArgumentError(
        "inventory: --diff writes a table or json, not csv");
  }
  if (import && saw_format) {
    return absl::InvalidArgumentError(
        "inventory: --import writes a pack (TOML), it takes no --format");
  }
  if (import && args.pack.name.empty()) {
    return absl::InvalidArgumentError(
        "inventory: --import needs --name, the name of the new pack");
  }
  if (!import && (!args.pack.name.empty() || !args.pack.version.empty() ||
                  !args.pack.updated.empty() || !args.output_path.empty())) {
    return absl::InvalidArgumentError(
        "inventory: --name, --version, --updated and -o go with --import");
  }
  return args;
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "%s: %s\n", kProgramName,
               lexgate::StatusMessage(status).c_str());
  return 2;
}

absl::StatusOr<lexgate::Inventory> Take(std::vector<std::string> paths,
                                        const InventoryArgs& args) {
  absl::StatusOr<lexgate::RuleSet> rules = LoadRuleSet(std::move(paths));
  if (!rules.ok()) return rules.status();
  lexgate::InventoryOptions options;
  options.thresholds = args.thresholds;
  return lexgate::TakeInventory(*rules, options);
}

std::string Dash(const std::string& s) { return s.empty() ? "-" : s; }

void PrintTable(const lexgate::Inventory& inv) {
  std::printf(
      "keyword inventory (GB/T 45654-2025 Appendix A), fingerprint %s\n",
      inv.fingerprint.c_str());
  std::printf(
      "\npack                     version   updated     terms  regexes  "
      "path\n");
  for (const lexgate::InventoryPack& pack : inv.packs) {
    std::printf("%-24s %-9s %-10s %6zu %8zu  %s\n", pack.name.c_str(),
                Dash(pack.version).c_str(), Dash(pack.updated).c_str(),
                pack.terms, pack.regexes, pack.path.c_str());
  }
  std::printf("\nrisk    terms  regexes  threshold  status   name\n");
  for (const lexgate::InventoryRisk& risk : inv.risks) {
    const std::string threshold =
        risk.threshold ? absl::StrCat(*risk.threshold) : "-";
    const char* status = !risk.meets ? "-" : *risk.meets ? "ok" : "MISSED";
    std::printf("%-7s %6zu %8zu %10s  %-7s  %s / %s\n", risk.code.c_str(),
                risk.terms, risk.regexes, threshold.c_str(), status,
                risk.zh.c_str(), risk.en.c_str());
  }
  std::printf("\ncategory                 risk     terms  regexes  name\n");
  for (const lexgate::InventoryCategory& category : inv.categories) {
    std::printf("%-24s %-7s %6zu %8zu  %s / %s\n", category.category.c_str(),
                category.risk.c_str(), category.terms, category.regexes,
                category.zh.c_str(), category.en.c_str());
  }
  std::printf("\ntotal: %zu terms (threshold %zu: %s), %zu regexes\n",
              inv.terms, inv.thresholds.total,
              inv.terms >= inv.thresholds.total ? "ok" : "MISSED", inv.regexes);
  std::printf("uncovered (no keyword, no regex): %s\n",
              inv.uncovered.empty()
                  ? "none"
                  : absl::StrJoin(inv.uncovered, " ").c_str());
  std::vector<std::string> missed;
  if (inv.terms < inv.thresholds.total) missed.push_back("total");
  for (const lexgate::InventoryRisk& risk : inv.risks) {
    if (risk.meets.has_value() && !*risk.meets) missed.push_back(risk.code);
  }
  if (inv.meets) {
    std::printf("result: every threshold met\n");
  } else {
    std::printf("result: thresholds missed: %s\n",
                absl::StrJoin(missed, " ").c_str());
  }
}

void PrintDiff(const lexgate::InventoryDiff& diff) {
  std::printf(
      "keyword inventory diff: old %s (%zu terms), new %s (%zu terms)\n",
      diff.old_fingerprint.c_str(), diff.old_terms,
      diff.new_fingerprint.c_str(), diff.new_terms);
  for (const lexgate::InventoryRiskDiff& risk : diff.risks) {
    std::printf("\n%s %s / %s: +%zu -%zu\n", risk.code.c_str(), risk.zh.c_str(),
                risk.en.c_str(), risk.added.size(), risk.removed.size());
    for (const std::string& keyword : risk.added) {
      std::printf("  + %s\n", keyword.c_str());
    }
    for (const std::string& keyword : risk.removed) {
      std::printf("  - %s\n", keyword.c_str());
    }
  }
  std::printf("\n%zu added, %zu removed\n", diff.added, diff.removed);
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat(path, ": read error"));
  }
  return text.str();
}

int RunImport(const InventoryArgs& args) {
  absl::StatusOr<std::string> text = ReadWholeFile(args.import_path);
  if (!text.ok()) return Fail(text.status());
  absl::StatusOr<std::vector<lexgate::FilingRow>> rows =
      lexgate::ParseFilingCsv(*text, args.import_path);
  if (!rows.ok()) return Fail(rows.status());
  absl::StatusOr<std::string> toml = lexgate::FilingPackToml(*rows, args.pack);
  if (!toml.ok()) return Fail(toml.status());
  if (args.output_path.empty() || args.output_path == "-") {
    std::fwrite(toml->data(), 1, toml->size(), stdout);
    return 0;
  }
  std::ofstream out(args.output_path, std::ios::binary | std::ios::trunc);
  out << *toml;
  out.close();
  if (!out) {
    return Fail(absl::UnavailableError(
        absl::StrCat(args.output_path, ": cannot write")));
  }
  std::fprintf(stderr, "%s: wrote %s: %zu keyword rows\n", kProgramName,
               args.output_path.c_str(), rows->size());
  return 0;
}

}  // namespace

std::string InventoryUsage() {
  return absl::StrFormat(
      R"(Usage: %1$s inventory [--rules PATH]... [--format table|json|csv]
                 [--min-total N] [--min-a1 N] [--min-a2 N]
       %1$s inventory --diff OLD_PATH NEW_PATH [--format table|json]
       %1$s inventory --import FORM.csv --name NAME [--version V]
                 [--updated YYYY-MM-DD] [-o PACK.toml]

The keyword inventory of rule packs (the shipped ones without --rules):
keywords and regexes per risk of GB/T 45654-2025 Appendix A and per
category, counted after folding and de-duplication (spellings the engine
generates, such as leet or pinyin, are not keywords; allow rules are not
counted), checked against the thresholds of the test requirements published
with GB/T 45654-2025 (TC260-003, keyword library): at least 10,000 keywords
in all, 200 for each of the 8 risks of A.1 and 100 for each of the 9 risks
of A.2.

  --format table   the counts, the uncovered risks and the result (default)
  --format json    one JSON object ("type":"inventory", docs/json-schema.md)
  --format csv     the keywords in the filing form: 关键词,一级分类,二级分类
                   (UTF-8 with a byte order mark, for Excel)
  --min-total N, --min-a1 N, --min-a2 N   other thresholds
  --diff OLD NEW   keywords added and removed per risk between two rule
                   paths (files or directories)
  --import FORM    a filing-form CSV into a pack (stdout, or -o FILE): one
                   rule per risk; Python's lexgate.inventory reads XLSX too

Exit status: 0 every threshold met (--diff: no change; --format csv,
--import: done), 1 a threshold missed (--diff: keywords added or removed),
2 an error.
)",
      kProgramName);
}

int RunInventory(int argc, const char* const* argv) {
  absl::StatusOr<InventoryArgs> args = Parse(argc, argv);
  if (!args.ok()) {
    Fail(args.status());
    std::fprintf(stderr, "Try '%s inventory --help'.\n", kProgramName);
    return 2;
  }
  if (args->help) {
    std::fputs(InventoryUsage().c_str(), stdout);
    return 0;
  }
  if (!args->import_path.empty()) return RunImport(*args);
  if (!args->diff_old.empty()) {
    absl::StatusOr<lexgate::Inventory> before = Take({args->diff_old}, *args);
    if (!before.ok()) return Fail(before.status());
    absl::StatusOr<lexgate::Inventory> after = Take({args->diff_new}, *args);
    if (!after.ok()) return Fail(after.status());
    const lexgate::InventoryDiff diff =
        lexgate::DiffInventories(*before, *after);
    if (args->format == Format::kJson) {
      std::printf("%s\n", lexgate::InventoryDiffJson(diff).c_str());
    } else {
      PrintDiff(diff);
    }
    return diff.added + diff.removed == 0 ? 0 : 1;
  }
  absl::StatusOr<lexgate::Inventory> inventory = Take(args->rule_paths, *args);
  if (!inventory.ok()) return Fail(inventory.status());
  switch (args->format) {
    case Format::kCsv: {
      const std::string csv =
          lexgate::FilingCsv(lexgate::FilingRows(*inventory));
      std::fwrite(csv.data(), 1, csv.size(), stdout);
      return 0;
    }
    case Format::kJson:
      std::printf("%s\n", lexgate::InventoryJson(*inventory).c_str());
      break;
    case Format::kTable:
      PrintTable(*inventory);
      break;
  }
  return inventory->meets ? 0 : 1;
}

}  // namespace lexgate_filter
