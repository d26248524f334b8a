// The filing-form shape (关键词 / 一级分类 / 二级分类): rows from an inventory,
// CSV out and in, and rows into a rule pack.
#include "lexgate/filing_form.h"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "lexgate/inventory.h"
#include "lexgate/load_rules.h"
#include "lexgate/taxonomy.h"
#include "rules/rule_error_status.h"

namespace lexgate {
namespace {

using internal::RuleError;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// `s` without ASCII whitespace at either end.
std::string_view Trim(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string GroupOf(std::string_view code) {
  return std::string(code.substr(0, 3));  // "A.1" of "A.1.6"
}

std::string ZhOf(std::string_view code) {
  const Category* category = Taxonomy::Shipped().Find(code);
  return category == nullptr ? std::string(code) : category->zh;
}

// A spreadsheet opening the form would take a cell starting with one of
// these for a formula (CSV injection: "=HYPERLINK(...)" as a keyword). Such
// a keyword is written after an apostrophe, the spreadsheets' mark for
// "text", which ParseFilingCsv() removes again; so is one that starts with
// an apostrophe itself, so that reading back gives every keyword as it was.
constexpr std::string_view kFormulaStarts = "=+-@\t\r'";

std::string KeywordCell(std::string_view keyword) {
  if (!keyword.empty() &&
      kFormulaStarts.find(keyword.front()) != std::string_view::npos) {
    std::string cell = "'";  // (operator+ trips GCC 12's -Wrestrict)
    cell.append(keyword);
    return cell;
  }
  return std::string(keyword);
}

void AppendCsvCell(std::string_view cell, std::string* out) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(cell);
    return;
  }
  out->push_back('"');
  for (char c : cell) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

// The Appendix A code a cell names (see FilingRow), or "" for none.
std::string CodeOfCell(std::string_view cell) {
  const std::string_view trimmed = Trim(cell);
  const Taxonomy& shipped = Taxonomy::Shipped();
  for (const Category& category : shipped.categories()) {
    if (!IsAppendixACode(category.code)) continue;
    if (trimmed == category.code || trimmed == category.zh ||
        trimmed == category.en) {
      return category.code;
    }
  }
  // "A.1.6 宣扬暴力、淫秽色情": the code, a space and a name.
  const size_t space = trimmed.find(' ');
  if (space != std::string_view::npos) {
    const std::string_view code = trimmed.substr(0, space);
    const std::string_view name = Trim(trimmed.substr(space));
    const Category* category = shipped.Find(code);
    if (category != nullptr && IsAppendixACode(code) &&
        (name == category->zh || name == category->en)) {
      return category->code;
    }
  }
  return "";
}

// A TOML basic string.
std::string TomlString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7F) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out.append("\\u00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace

std::vector<FilingRow> FilingRows(const Inventory& inventory) {
  std::vector<FilingRow> rows;
  rows.reserve(inventory.term_list.size());
  for (const InventoryTerm& term : inventory.term_list) {
    FilingRow row;
    row.keyword = term.keyword;
    row.level1 = ZhOf(GroupOf(term.risk));
    if (IsAppendixARisk(term.risk)) row.level2 = ZhOf(term.risk);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string FilingCsv(const std::vector<FilingRow>& rows) {
  std::string out(kBom);
  auto line = [&out](std::string_view a, std::string_view b,
                     std::string_view c) {
    AppendCsvCell(a, &out);
    out.push_back(',');
    AppendCsvCell(b, &out);
    out.push_back(',');
    AppendCsvCell(c, &out);
    out.append("\r\n");
  };
  line(kFilingColumns[0], kFilingColumns[1], kFilingColumns[2]);
  for (const FilingRow& row : rows) {
    line(KeywordCell(row.keyword), row.level1, row.level2);
  }
  return out;
}

absl::StatusOr<std::vector<FilingRow>> ParseFilingCsv(std::string_view text,
                                                      std::string_view path) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  const std::string file(path);
  // Not UTF-8 at all is most likely a GBK export: say so with the line.
  int line = 1;
  for (size_t i = 0; i < text.size();) {
    const internal::Decoded d = internal::DecodeUtf8(text, i);
    if (!d.valid) {
      return RuleError(absl::StatusCode::kInvalidArgument, {file, line}, "",
                       "not UTF-8 (convert a GBK export first: iconv -f GBK "
                       "-t UTF-8)");
    }
    if (text[i] == '\n') ++line;
    i += d.length;
  }

  // RFC 4180 records; each remembers the line it starts on.
  std::vector<std::pair<int, std::vector<std::string>>> records;
  std::vector<std::string> cells(1);
  int record_line = 1;
  line = 1;
  bool quoted = false;
  int quote_line = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cells.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        cells.back().push_back(c);
      }
      continue;
    }
    if (c == '"' && cells.back().empty()) {
      quoted = true;
      quote_line = line;
    } else if (c == ',') {
      cells.emplace_back();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      records.emplace_back(record_line, std::move(cells));
      cells.assign(1, "");
      record_line = ++line;
    } else {
      cells.back().push_back(c);
    }
  }
  if (quoted) {
    return RuleError(absl::StatusCode::kInvalidArgument, {file, quote_line}, "",
                     "a quoted cell is not closed");
  }
  if (cells.size() > 1 || !cells[0].empty()) {
    records.emplace_back(record_line, std::move(cells));
  }

  if (records.empty() || records[0].second.size() != 3 ||
      Trim(records[0].second[0]) != kFilingColumns[0] ||
      Trim(records[0].second[1]) != kFilingColumns[1] ||
      Trim(records[0].second[2]) != kFilingColumns[2]) {
    return RuleError(absl::StatusCode::kInvalidArgument, {file, 1}, "",
                     "not the filing form: the first row must be "
                     "关键词,一级分类,二级分类");
  }
  std::vector<FilingRow> rows;
  for (size_t r = 1; r < records.size(); ++r) {
    auto& [at, record] = records[r];
    bool blank = true;
    for (const std::string& cell : record) {
      if (!Trim(cell).empty()) blank = false;
    }
    if (blank) continue;
    if (record.size() != 3) {
      return RuleError(
          absl::StatusCode::kInvalidArgument, {file, at}, "",
          absl::StrCat("a row has ", record.size(),
                       " cells, not 3 (关键词,一级分类,二级分类)"));
    }
    // FilingCsv()'s apostrophe before a keyword a spreadsheet would take
    // for a formula (or one that starts with an apostrophe).
    std::string keyword = std::move(record[0]);
    if (!keyword.empty() && keyword.front() == '\'') keyword.erase(0, 1);
    rows.push_back({std::move(keyword),
                    std::move(record[1]),
                    std::move(record[2]),
                    {file, at}});
  }
  return rows;
}

absl::StatusOr<std::string> FilingPackToml(const std::vector<FilingRow>& rows,
                                           const FilingPackInfo& info) {
  if (info.name.empty()) {
    return absl::InvalidArgumentError("the imported pack needs a name");
  }
  if (rows.empty()) {
    return absl::InvalidArgumentError(
        "the filing form holds no keyword rows: nothing to import");
  }
  // code -> keywords, in the order of the rows.
  std::map<std::string, std::vector<std::string>> keywords;
  for (const FilingRow& row : rows) {
    const std::string_view keyword = Trim(row.keyword);
    if (keyword.empty()) {
      return RuleError(absl::StatusCode::kInvalidArgument, row.location, "",
                       "row has no keyword (关键词)");
    }
    if (keyword.find_first_of("\r\n") != std::string_view::npos) {
      return RuleError(absl::StatusCode::kInvalidArgument, row.location, "",
                       "keyword holds a line break");
    }
    const bool has1 = !Trim(row.level1).empty();
    const bool has2 = !Trim(row.level2).empty();
    std::string code;
    if (has2) {
      code = CodeOfCell(row.level2);
      if (!IsAppendixARisk(code)) {
        return RuleError(
            absl::StatusCode::kInvalidArgument, row.location, "",
            absl::StrCat("二级分类 '", row.level2,
                         "' names no risk of GB/T 45654 Appendix A (A.x.n: "
                         "its Chinese or English name or its code)"));
      }
    }
    if (has1) {
      const std::string group = CodeOfCell(row.level1);
      if (group.empty() || IsAppendixARisk(group)) {
        return RuleError(
            absl::StatusCode::kInvalidArgument, row.location, "",
            absl::StrCat("一级分类 '", row.level1,
                         "' names no group of GB/T 45654 Appendix A (A.1 .. "
                         "A.5)"));
      }
      if (has2 && GroupOf(code) != group) {
        return RuleError(absl::StatusCode::kInvalidArgument, row.location, "",
                         absl::StrCat("二级分类 '", row.level2, "' (", code,
                                      ") is not in 一级分类 '", row.level1,
                                      "' (", group, ")"));
      }
      if (!has2) code = group;
    }
    if (code.empty()) {
      return RuleError(absl::StatusCode::kInvalidArgument, row.location, "",
                       "row has neither 一级分类 nor 二级分类");
    }
    keywords[code].emplace_back(keyword);
  }

  std::string toml = absl::StrCat(
      "# A keyword pack imported from the filing form (关键词 / 一级分类 / "
      "二级分类)\n# by lexgate: one rule per GB/T 45654 Appendix A risk.\n\n"
      "[pack]\nname = ",
      TomlString(info.name), "\n");
  if (!info.description.empty()) {
    absl::StrAppend(&toml, "description = ", TomlString(info.description),
                    "\n");
  }
  if (!info.version.empty()) {
    absl::StrAppend(&toml, "version = ", TomlString(info.version), "\n");
  }
  if (!info.updated.empty()) {
    absl::StrAppend(&toml, "updated = ", TomlString(info.updated), "\n");
  }
  // In the taxonomy's order (A.1.1 .. A.5.2, groups first), not the map's.
  for (const Category& category : Taxonomy::Shipped().categories()) {
    auto it = keywords.find(category.code);
    if (it == keywords.end()) continue;
    absl::StrAppend(&toml, "\n[[rule]]\nid = ",
                    TomlString(absl::StrCat(info.name, ".", category.code)),
                    "\ncategory = ", TomlString(category.code), "  # ",
                    category.zh, "\nkeywords = [\n");
    for (const std::string& keyword : it->second) {
      absl::StrAppend(&toml, "  ", TomlString(keyword), ",\n");
    }
    toml.append("]\n");
  }
  // Fail closed: what is written must load (a bad date, say).
  LEXGATE_RETURN_IF_ERROR(
      ParseRulePack(toml, absl::StrCat(info.name, ".toml")).status());
  return toml;
}

}  // namespace lexgate
