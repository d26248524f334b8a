#include "inventory.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "errors.h"
#include "lexgate/filing_form.h"
#include "lexgate/inventory.h"
#include "os_strings.h"
#include "rule_set.h"

namespace lexgate_python {
namespace {

namespace py = pybind11;

using Row = std::tuple<std::string, std::string, std::string, std::string,
                       int>;  // keyword, level1, level2, path, line

lexgate::Inventory Take(const PyRuleSet& rules, size_t total, size_t a1,
                        size_t a2) {
  lexgate::InventoryOptions options;
  options.thresholds = {total, a1, a2};
  absl::StatusOr<lexgate::Inventory> inventory;
  {
    py::gil_scoped_release release;
    inventory = lexgate::TakeInventory(rules.rules(), options);
  }
  if (!inventory.ok()) RaiseRuleError(inventory.status());
  return *std::move(inventory);
}

}  // namespace

void RegisterInventory(py::module_& m) {
  const lexgate::InventoryThresholds defaults;
  m.attr("INVENTORY_MIN_TOTAL") = defaults.total;
  m.attr("INVENTORY_MIN_A1") = defaults.a1;
  m.attr("INVENTORY_MIN_A2") = defaults.a2;
  m.def(
      "inventory_json",
      [](const PyRuleSet& rules, size_t total, size_t a1, size_t a2) {
        return lexgate::InventoryJson(Take(rules, total, a1, a2));
      },
      py::arg("rules"), py::arg("total"), py::arg("a1"), py::arg("a2"),
      "The inventory of `rules` as JSON (lexgate::InventoryJson); RuleError "
      "when the rules do not compile or a category rolls up to no risk.");
  m.def(
      "inventory_diff_json",
      [](const PyRuleSet& before, const PyRuleSet& after) {
        const lexgate::InventoryThresholds t;
        return lexgate::InventoryDiffJson(
            lexgate::DiffInventories(Take(before, t.total, t.a1, t.a2),
                                     Take(after, t.total, t.a1, t.a2)));
      },
      py::arg("before"), py::arg("after"),
      "Keywords added and removed per risk, as JSON.");
  m.def(
      "filing_rows",
      [](const PyRuleSet& rules) {
        const lexgate::InventoryThresholds t;
        std::vector<std::tuple<std::string, std::string, std::string>> out;
        for (lexgate::FilingRow& row :
             lexgate::FilingRows(Take(rules, t.total, t.a1, t.a2))) {
          out.emplace_back(std::move(row.keyword), std::move(row.level1),
                           std::move(row.level2));
        }
        return out;
      },
      py::arg("rules"),
      "The filing-form rows of the inventory: [(关键词, 一级分类, 二级分类)].");
  m.def(
      "filing_csv",
      [](const PyRuleSet& rules) {
        const lexgate::InventoryThresholds t;
        const std::string csv = lexgate::FilingCsv(
            lexgate::FilingRows(Take(rules, t.total, t.a1, t.a2)));
        return py::bytes(csv);
      },
      py::arg("rules"), "The filing form as CSV bytes (UTF-8 with a BOM).");
  m.def(
      "parse_filing_csv",
      [](const std::string& text, const std::string& path) {
        absl::StatusOr<std::vector<lexgate::FilingRow>> rows =
            lexgate::ParseFilingCsv(text, path);
        if (!rows.ok()) RaiseRuleError(rows.status());
        std::vector<Row> out;
        for (lexgate::FilingRow& row : *rows) {
          out.emplace_back(std::move(row.keyword), std::move(row.level1),
                           std::move(row.level2), std::move(row.location.path),
                           row.location.line);
        }
        return out;
      },
      py::arg("data"), py::arg("path"),
      "Rows of a filing-form CSV (bytes): [(keyword, level1, level2, path, "
      "line)]; RuleError with the line on a malformed file.");
  m.def(
      "filing_pack_toml",
      [](const std::vector<Row>& rows, const std::string& name,
         const std::string& version, const std::string& updated,
         const std::string& description) {
        std::vector<lexgate::FilingRow> in;
        in.reserve(rows.size());
        for (const auto& [keyword, level1, level2, path, line] : rows) {
          in.push_back({keyword, level1, level2, {path, line}});
        }
        absl::StatusOr<std::string> toml =
            lexgate::FilingPackToml(in, {name, version, updated, description});
        if (!toml.ok()) RaiseRuleError(toml.status());
        return *toml;
      },
      py::arg("rows"), py::arg("name"), py::arg("version"), py::arg("updated"),
      py::arg("description"),
      "A rule pack (TOML) from filing-form rows; RuleError naming the row.");
  m.def(
      "packs",
      [](const PyRuleSet& rules) {
        std::vector<std::tuple<std::string, std::string, std::string,
                               std::string, py::str>>
            out;
        for (const lexgate::PackInfo& pack : rules.rules().packs()) {
          out.emplace_back(pack.name, pack.description, pack.version,
                           pack.updated, PathToPython(pack.location.path));
        }
        return out;
      },
      py::arg("rules"),
      "[(name, description, version, updated, path)] of the loaded packs.");
  m.def(
      "risk_of",
      [](const PyRuleSet& rules, const std::string& code) {
        return rules.rules().RiskOf(code);
      },
      py::arg("rules"), py::arg("code"),
      "The Appendix A code `code` rolls up to in `rules`; '' for none.");
}

}  // namespace lexgate_python
